-- Account balances kept as the journal is written, so that reading a balance no longer sums the
-- whole journal. Each statement that writes entries appends one delta row per account it
-- touched (no row is updated, so concurrent redemptions never queue on a balance row); a
-- compaction folds the deltas into `ledger_balances` now and then. A reader sums both in one
-- statement: its snapshot sees a compaction wholly or not at all, so the figure is always exact.
CREATE TABLE ledger_balances (
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  account text NOT NULL,
  credit_cents bigint NOT NULL DEFAULT 0,
  debit_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (programme_id, account)
);

CREATE TABLE ledger_balance_deltas (
  programme_id uuid NOT NULL,
  account text NOT NULL,
  credit_cents bigint NOT NULL,
  debit_cents bigint NOT NULL
);
CREATE INDEX ledger_balance_deltas_programme_idx ON ledger_balance_deltas (programme_id);

CREATE FUNCTION ledger_entries_to_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_balance_deltas (programme_id, account, credit_cents, debit_cents)
  SELECT programme_id, account, sum(credit), sum(debit) FROM (
      SELECT programme_id, to_account AS account, amount_cents AS credit, 0::bigint AS debit FROM added
      UNION ALL
      SELECT programme_id, from_account, 0::bigint, amount_cents FROM added) moves
   GROUP BY programme_id, account;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_deltas AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_to_deltas();

-- The journal is append-only: nothing may change or remove an entry behind the balances' back.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'le journal comptable ne se modifie pas : passez une écriture inverse';
END $$;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();

-- The journal written so far, folded in once.
INSERT INTO ledger_balances (programme_id, account, credit_cents, debit_cents)
SELECT programme_id, account, sum(credit), sum(debit) FROM (
    SELECT programme_id, to_account AS account, amount_cents AS credit, 0::bigint AS debit FROM ledger_entries
    UNION ALL
    SELECT programme_id, from_account, 0::bigint, amount_cents FROM ledger_entries) moves
 GROUP BY programme_id, account;
