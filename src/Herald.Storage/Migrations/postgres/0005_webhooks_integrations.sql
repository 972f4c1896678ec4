-- Customer webhooks, channel keys and CRM integrations (issue 6).

-- Which integration asked for a message (JSON: kind, integration id and what it needs to report back), else NULL.
ALTER TABLE messages ADD COLUMN origin TEXT NULL;

-- A channel key may send only from this sender (Octopods' channel API keys); NULL for a workspace key.
ALTER TABLE api_keys ADD COLUMN sender_id TEXT NULL;

-- Intercom inbox apps and HubSpot apps connected to a workspace; the client secret signs their requests.
CREATE TABLE integrations (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  access_token TEXT NULL,
  settings TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_integrations_workspace ON integrations (workspace_id, kind);

-- Customer webhook endpoints (Standard Webhooks). The previous secret keeps signing until it expires (rotation overlap).
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  url TEXT NOT NULL,
  description TEXT NULL,
  event_types TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT NULL,
  previous_secret_expires_at BIGINT NULL,
  disabled_at BIGINT NULL,
  disabled_reason TEXT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_webhook_endpoints_workspace ON webhook_endpoints (workspace_id, id);

-- What happened and is still to be fanned out to endpoints and integrations. Triggers write it in the transaction
-- that made the change, so an event is never lost and nothing is written while nobody listens.
CREATE TABLE event_outbox (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT NULL,
  at BIGINT NOT NULL
);

-- One event for one endpoint (or integration); its id is the Standard Webhooks webhook-id, the same on every retry.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  target TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  next_attempt_at BIGINT NULL,
  lease_until BIGINT NULL,
  last_status_code BIGINT NULL,
  last_error TEXT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_webhook_deliveries_target ON webhook_deliveries (target, id);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt BIGINT NOT NULL,
  at BIGINT NOT NULL,
  status_code BIGINT NULL,
  error TEXT NULL,
  duration_ms BIGINT NOT NULL,
  response TEXT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- PostgreSQL trigger conditions cannot hold subqueries, so the cheap type test is the WHEN and the rest is in the function.
CREATE FUNCTION herald_capture_message_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.type <> 'accepted' AND (EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL) OR EXISTS (SELECT 1 FROM integrations)))
     OR (NEW.type = 'accepted' AND EXISTS (SELECT 1 FROM integrations)
         AND EXISTS (SELECT 1 FROM messages WHERE id = NEW.message_id AND origin IS NOT NULL)) THEN
    INSERT INTO event_outbox (kind, ref_id, type, detail, at) VALUES ('message', NEW.id::text, NEW.type, NULL, NEW.at);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_message_events_capture AFTER INSERT ON message_events FOR EACH ROW
WHEN (NEW.type IN ('accepted', 'scheduled', 'deferred', 'sent', 'delivered', 'read', 'failed', 'failed_after_delivery', 'expired', 'cancelled', 'received'))
EXECUTE FUNCTION herald_capture_message_event();

CREATE FUNCTION herald_capture_template_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL) THEN
    INSERT INTO event_outbox (kind, ref_id, type, detail, at)
    VALUES ('template', NEW.template_id || ' ' || NEW.sender_id, 'template.status_changed', NEW.status, NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_template_status_insert AFTER INSERT ON template_statuses FOR EACH ROW
EXECUTE FUNCTION herald_capture_template_status();

CREATE TRIGGER tr_template_status_update AFTER UPDATE OF status ON template_statuses FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION herald_capture_template_status();

CREATE FUNCTION herald_capture_broadcast_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL) THEN
    INSERT INTO event_outbox (kind, ref_id, type, detail, at) VALUES ('broadcast', NEW.id, 'broadcast.completed', NEW.state, NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_broadcast_finished AFTER UPDATE OF state ON broadcasts FOR EACH ROW
WHEN (NEW.state IN ('completed', 'cancelled', 'failed') AND OLD.state IS DISTINCT FROM NEW.state)
EXECUTE FUNCTION herald_capture_broadcast_finished();
