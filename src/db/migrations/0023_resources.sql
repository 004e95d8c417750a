-- Documents and tools shared between the actors of the platform, with tags and a full-text
-- search in French (PostgreSQL's `french` configuration, present on PGlite too).
-- array_to_string is only "stable" (it could depend on settings for some element types); for
-- text it cannot, so this wrapper may be declared immutable and used in a generated column.
CREATE FUNCTION tags_as_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string(tags, ' ') $$;

CREATE TABLE resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  created_by uuid REFERENCES users(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  url text CHECK (url ~ '^https?://'),
  file_name text,
  file_type text,
  file_content bytea CHECK (octet_length(file_content) <= 5242880),
  tags text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Title first, then description and tags: a word of the title ranks higher.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french', title), 'A')
    || setweight(to_tsvector('french', description), 'B')
    || setweight(to_tsvector('french', tags_as_text(tags)), 'A')
  ) STORED,
  CHECK (url IS NOT NULL OR file_content IS NOT NULL)
);
CREATE INDEX resources_search_idx ON resources USING gin (search);
CREATE INDEX resources_tags_idx ON resources USING gin (tags);
