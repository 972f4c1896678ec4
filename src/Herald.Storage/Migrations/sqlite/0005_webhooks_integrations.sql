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
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
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
  previous_secret_expires_at INTEGER NULL,
  disabled_at INTEGER NULL,
  disabled_reason TEXT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ix_webhook_endpoints_workspace ON webhook_endpoints (workspace_id, id);

-- What happened and is still to be fanned out to endpoints and integrations. Triggers write it in the transaction
-- that made the change, so an event is never lost and nothing is written while nobody listens.
CREATE TABLE event_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT NULL,
  at INTEGER NOT NULL
);

-- One event for one endpoint (or integration); its id is the Standard Webhooks webhook-id, the same on every retry.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  target TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NULL,
  lease_until INTEGER NULL,
  last_status_code INTEGER NULL,
  last_error TEXT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ix_webhook_deliveries_target ON webhook_deliveries (target, id);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER NULL,
  error TEXT NULL,
  duration_ms INTEGER NOT NULL,
  response TEXT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

CREATE TRIGGER tr_message_events_capture AFTER INSERT ON message_events
WHEN (NEW.type IN ('scheduled', 'deferred', 'sent', 'delivered', 'read', 'failed', 'failed_after_delivery', 'expired', 'cancelled', 'received')
       AND (EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL) OR EXISTS (SELECT 1 FROM integrations)))
  OR (NEW.type = 'accepted' AND EXISTS (SELECT 1 FROM integrations)
       AND EXISTS (SELECT 1 FROM messages WHERE id = NEW.message_id AND origin IS NOT NULL))
BEGIN
  INSERT INTO event_outbox (kind, ref_id, type, detail, at) VALUES ('message', CAST(NEW.id AS TEXT), NEW.type, NULL, NEW.at);
END;

CREATE TRIGGER tr_template_status_insert AFTER INSERT ON template_statuses
WHEN EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL)
BEGIN
  INSERT INTO event_outbox (kind, ref_id, type, detail, at)
  VALUES ('template', NEW.template_id || ' ' || NEW.sender_id, 'template.status_changed', NEW.status, NEW.updated_at);
END;

CREATE TRIGGER tr_template_status_update AFTER UPDATE OF status ON template_statuses
WHEN OLD.status <> NEW.status AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL)
BEGIN
  INSERT INTO event_outbox (kind, ref_id, type, detail, at)
  VALUES ('template', NEW.template_id || ' ' || NEW.sender_id, 'template.status_changed', NEW.status, NEW.updated_at);
END;

CREATE TRIGGER tr_broadcast_finished AFTER UPDATE OF state ON broadcasts
WHEN NEW.state IN ('completed', 'cancelled', 'failed') AND OLD.state <> NEW.state
  AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL)
BEGIN
  INSERT INTO event_outbox (kind, ref_id, type, detail, at) VALUES ('broadcast', NEW.id, 'broadcast.completed', NEW.state, NEW.updated_at);
END;
