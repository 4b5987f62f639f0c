-- Memberships, published app snapshots, and lookup indexes for the app model.
CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_memberships__created ON memberships (created_at, id);
CREATE UNIQUE INDEX ux_memberships__key ON memberships (json_extract(data, '$.key'));
CREATE INDEX ix_memberships__userId ON memberships (json_extract(data, '$.userId'));
CREATE INDEX ix_memberships__workspaceId ON memberships (json_extract(data, '$.workspaceId'));
CREATE UNIQUE INDEX ux_invitations__key ON invitations (json_extract(data, '$.key'));
CREATE INDEX ix_invitations__email ON invitations (json_extract(data, '$.email'));
CREATE INDEX ix_applications__workspaceId ON applications (json_extract(data, '$.workspaceId'));
CREATE INDEX ix_pages__applicationId ON pages (json_extract(data, '$.applicationId'));
CREATE INDEX ix_actions__applicationId ON actions (json_extract(data, '$.applicationId'));
CREATE INDEX ix_actions__pageId ON actions (json_extract(data, '$.pageId'));
CREATE INDEX ix_action_collections__pageId ON action_collections (json_extract(data, '$.pageId'));
CREATE INDEX ix_action_collections__applicationId ON action_collections (json_extract(data, '$.applicationId'));
CREATE INDEX ix_datasources__workspaceId ON datasources (json_extract(data, '$.workspaceId'));
CREATE INDEX ix_audit_logs__action ON audit_logs (json_extract(data, '$.action'));
CREATE TABLE publications (
    id TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_publications__created ON publications (created_at, id);
CREATE INDEX ix_publications__applicationId ON publications (json_extract(data, '$.applicationId'));
