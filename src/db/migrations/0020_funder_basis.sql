-- What a funder's share applies to: every pass committed ('issued', the usual collectivité), or
-- only the passes actually used ('used': the State has paid only for used passes since 2020).
ALTER TABLE programme_funders ADD COLUMN basis text NOT NULL DEFAULT 'issued' CHECK (basis IN ('issued', 'used'));
