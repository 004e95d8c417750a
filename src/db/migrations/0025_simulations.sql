-- Synthetic data runs (`passnum simulate`): one per scale, so a run is never doubled.
CREATE TABLE simulations (
  scale text PRIMARY KEY,
  seed bigint NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
