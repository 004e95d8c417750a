-- Who created an organisation: an operator sees and equips the partners it registers itself,
-- before any of their people holds a role in its programmes.
ALTER TABLE organisations ADD COLUMN created_by_organisation_id uuid REFERENCES organisations(id);
ALTER TABLE organisations ADD COLUMN updated_at timestamptz;
