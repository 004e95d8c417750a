-- Who created an organisation: an operator sees and equips the partners it registers itself,
-- before any of their people holds a role in its programmes.
ALTER TABLE organisations ADD COLUMN created_by_organisation_id uuid REFERENCES organisations(id);
ALTER TABLE organisations ADD COLUMN updated_at timestamptz;

-- An invitation belongs to no programme: the organisation that sent it sees it on its
-- "Courriels" page, so a pilot without SMTP can pass the link on.
ALTER TABLE outbox_emails ADD COLUMN sender_organisation_id uuid REFERENCES organisations(id);
