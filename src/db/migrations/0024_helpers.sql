-- The people who help (aidants, conseillers numériques, médiateurs) in the actors' directory:
-- each person writes and corrects their own entry; it is shown only to signed-in actors of the
-- territory, never on a public page or export.
CREATE TABLE helper_profiles (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('aidant', 'conseiller_numerique', 'mediateur')),
  activities text[] NOT NULL DEFAULT '{}',
  publics text[] NOT NULL DEFAULT '{}',
  communes text[] NOT NULL DEFAULT '{}',
  phone text CHECK (phone ~ '^\+?[0-9 .]{6,20}$'),
  -- Listed in the directory (the person may keep an entry without appearing).
  listed boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
