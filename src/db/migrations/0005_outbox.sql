-- E-mails waiting to be sent by the job queue. A dematerialised carnet's e-mail holds no code:
-- the sender decrypts them at sending time, then the address is erased.
CREATE TABLE outbox_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  kind text NOT NULL,
  to_address text,
  carnet_id uuid REFERENCES carnets(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  error text
);
