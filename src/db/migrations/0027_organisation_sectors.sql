-- What an organisation is, for the actors' directory (a network, a social service…), apart from
-- the roles it plays in programmes.
ALTER TABLE organisations ADD COLUMN sectors text[] NOT NULL DEFAULT '{}'
  CHECK (sectors <@ ARRAY['collectivite', 'etat', 'association', 'reseau', 'service_social', 'emploi', 'education', 'entreprise']::text[]);
