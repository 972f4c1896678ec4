-- Web console accounts (ASP.NET Core Identity over this table): one role each, scoped to one workspace.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  email TEXT NOT NULL,
  normalized_email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  security_stamp TEXT NOT NULL,
  failed_count INTEGER NOT NULL DEFAULT 0,
  lockout_end BIGINT NULL,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT NULL
);
CREATE INDEX ix_users_workspace ON users (workspace_id, id);
