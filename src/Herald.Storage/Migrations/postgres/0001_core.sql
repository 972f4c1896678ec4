-- Herald core schema (PostgreSQL). Times are Unix milliseconds (UTC) in INTEGER columns on both engines.
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  display_prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NULL,
  revoked_at BIGINT NULL
);
CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id, id);

CREATE TABLE senders (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  provider TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  is_default BIGINT NOT NULL,
  rate_per_second DOUBLE PRECISION NOT NULL,
  per_segment BIGINT NOT NULL,
  config TEXT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_senders_workspace ON senders (workspace_id, channel);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  name TEXT NULL,
  attributes TEXT NOT NULL,
  time_zone TEXT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (workspace_id, phone)
);
CREATE INDEX ix_contacts_workspace ON contacts (workspace_id, id);

CREATE TABLE consents (
  workspace_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  channel TEXT NOT NULL,
  opted_out BIGINT NOT NULL,
  changed_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (workspace_id, phone, channel)
);

CREATE TABLE conversations (
  sender_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  last_inbound_at BIGINT NULL,
  since_inbound BIGINT NOT NULL,
  in_a_row BIGINT NOT NULL,
  PRIMARY KEY (sender_id, phone)
);

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  category TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (workspace_id, name, language)
);

CREATE TABLE template_statuses (
  template_id TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  status TEXT NOT NULL,
  quality TEXT NOT NULL,
  reason TEXT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (template_id, sender_id)
);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  channel TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  purpose TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NULL,
  template_id TEXT NULL,
  template_name TEXT NULL,
  template_language TEXT NULL,
  parameters TEXT NULL,
  status TEXT NOT NULL,
  error_class TEXT NULL,
  error_code TEXT NULL,
  error_message TEXT NULL,
  in_doubt BIGINT NOT NULL,
  late_failure BIGINT NOT NULL,
  encoding TEXT NULL,
  segments BIGINT NULL,
  send_at BIGINT NULL,
  expires_at BIGINT NULL,
  attempts BIGINT NOT NULL,
  provider_message_id TEXT NULL,
  metadata TEXT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_messages_workspace ON messages (workspace_id, id);
CREATE INDEX ix_messages_workspace_status ON messages (workspace_id, status, id);
CREATE INDEX ix_messages_workspace_phone ON messages (workspace_id, phone, id);
CREATE UNIQUE INDEX ix_messages_provider_id ON messages (sender_id, provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE TABLE message_events (
  id BIGSERIAL PRIMARY KEY,
  message_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  detail TEXT NULL
);
CREATE INDEX ix_message_events_message ON message_events (message_id, id);

CREATE TABLE outbox (
  message_id TEXT PRIMARY KEY,
  sender_id TEXT NOT NULL,
  lane BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  lease_owner TEXT NULL,
  lease_until BIGINT NULL,
  attempts BIGINT NOT NULL
);
CREATE INDEX ix_outbox_due ON outbox (lane, due_at);

CREATE TABLE idempotency_keys (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  status_code BIGINT NULL,
  response_body TEXT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, key)
);
CREATE INDEX ix_idempotency_expires ON idempotency_keys (expires_at);

CREATE TABLE sandbox_deliveries (
  message_id TEXT PRIMARY KEY,
  sender_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  behaviour TEXT NOT NULL,
  stage BIGINT NOT NULL,
  next_at BIGINT NULL,
  accepted_at BIGINT NOT NULL,
  send_attempts BIGINT NOT NULL
);
CREATE INDEX ix_sandbox_deliveries_next ON sandbox_deliveries (next_at) WHERE next_at IS NOT NULL;
