-- Octopods' numeric ids: its clients read template_id and message_id as integers, so each Herald template and each
-- message sent through the Octopods-compatible API gets one. key_id: the key that sent a message (its list is per key).
CREATE TABLE octopods_ids (
  number BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  herald_id TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  key_id TEXT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_octopods_ids_key ON octopods_ids (key_id, kind, number);
