-- Broadcasts (issue 4): one campaign to many recipients, expanded into the queue in checkpointed batches.
CREATE TABLE broadcasts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  paused_by TEXT NULL,
  state_reason TEXT NULL,
  channel TEXT NOT NULL,
  purpose TEXT NOT NULL,
  sender_ids TEXT NOT NULL,
  content TEXT NOT NULL,
  audience TEXT NULL,
  quiet_hours TEXT NULL,
  max_rate REAL NULL,
  validity_ms INTEGER NULL,
  error_threshold REAL NOT NULL,
  send_at INTEGER NULL,
  next_due INTEGER NULL,
  baseline_done INTEGER NOT NULL DEFAULT 0,
  baseline_failed INTEGER NOT NULL DEFAULT 0,
  wait_until INTEGER NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER NULL,
  completed_at INTEGER NULL
);
CREATE INDEX ix_broadcasts_workspace ON broadcasts (workspace_id, id);
CREATE INDEX ix_broadcasts_state ON broadcasts (state);

-- The per-recipient ledger: one row per audience row (CSV row or matched contact), in audience order.
-- state: pending (not yet expanded), queued (has message_id), invalid, duplicate, skipped (refused by the rules), cancelled.
CREATE TABLE broadcast_recipients (
  broadcast_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  raw_phone TEXT NOT NULL,
  phone TEXT NULL,
  state TEXT NOT NULL,
  variables TEXT NULL,
  time_zone TEXT NULL,
  sender_id TEXT NULL,
  message_id TEXT NULL,
  error_class TEXT NULL,
  error_code TEXT NULL,
  error_message TEXT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (broadcast_id, seq)
);
CREATE INDEX ix_broadcast_recipients_state ON broadcast_recipients (broadcast_id, state, seq);

ALTER TABLE messages ADD COLUMN broadcast_id TEXT NULL;
CREATE INDEX ix_messages_broadcast ON messages (broadcast_id, status) WHERE broadcast_id IS NOT NULL;

-- held: a paused broadcast's queue entries stay in the queue but are not claimed.
ALTER TABLE outbox ADD COLUMN broadcast_id TEXT NULL;
ALTER TABLE outbox ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
-- started: the worker holding the lease has begun handing it to the provider; only such a message is in doubt after a crash.
ALTER TABLE outbox ADD COLUMN started INTEGER NOT NULL DEFAULT 0;
DROP INDEX ix_outbox_due;
CREATE INDEX ix_outbox_due ON outbox (lane, due_at) WHERE held = 0;
CREATE INDEX ix_outbox_broadcast ON outbox (broadcast_id, due_at) WHERE broadcast_id IS NOT NULL;

-- WhatsApp messaging limit: unique users a sender reached with business-initiated messages, by last time.
CREATE TABLE messaging_reach (
  sender_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (sender_id, phone)
);
CREATE INDEX ix_messaging_reach_at ON messaging_reach (sender_id, at);
