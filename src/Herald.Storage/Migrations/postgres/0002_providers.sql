-- Real providers (issue 3): sender credentials and limits, raw provider events, provider template ids.
ALTER TABLE senders ADD COLUMN credentials TEXT NULL;
ALTER TABLE senders ADD COLUMN messaging_tier TEXT NULL;
ALTER TABLE senders ADD COLUMN pair_rate_seconds DOUBLE PRECISION NULL;
ALTER TABLE senders ADD COLUMN updated_at BIGINT NULL;

ALTER TABLE template_statuses ADD COLUMN provider_template_id TEXT NULL;

-- Every event a provider webhook carried, kept once: dedupe_key is provider + provider id + what happened.
CREATE TABLE provider_events (
  id BIGSERIAL PRIMARY KEY,
  sender_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  provider_message_id TEXT NULL,
  message_id TEXT NULL,
  received_at BIGINT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX ix_provider_events_sender ON provider_events (sender_id, id);
CREATE INDEX ix_provider_events_message ON provider_events (message_id) WHERE message_id IS NOT NULL;
