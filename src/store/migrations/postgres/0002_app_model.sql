-- Memberships, published app snapshots, and lookup indexes for the app model.
CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    data JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ix_memberships__created ON memberships (created_at, id);
CREATE UNIQUE INDEX ux_memberships__key ON memberships ((data -> 'key'));
CREATE INDEX ix_memberships__userId ON memberships ((data -> 'userId'));
CREATE INDEX ix_memberships__workspaceId ON memberships ((data -> 'workspaceId'));
CREATE UNIQUE INDEX ux_invitations__key ON invitations ((data -> 'key'));
CREATE INDEX ix_invitations__email ON invitations ((data -> 'email'));
CREATE INDEX ix_applications__workspaceId ON applications ((data -> 'workspaceId'));
CREATE INDEX ix_pages__applicationId ON pages ((data -> 'applicationId'));
CREATE INDEX ix_actions__applicationId ON actions ((data -> 'applicationId'));
CREATE INDEX ix_actions__pageId ON actions ((data -> 'pageId'));
CREATE INDEX ix_action_collections__pageId ON action_collections ((data -> 'pageId'));
CREATE INDEX ix_action_collections__applicationId ON action_collections ((data -> 'applicationId'));
CREATE INDEX ix_datasources__workspaceId ON datasources ((data -> 'workspaceId'));
CREATE INDEX ix_audit_logs__action ON audit_logs ((data -> 'action'));
CREATE TABLE publications (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    data JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ix_publications__created ON publications (created_at, id);
CREATE INDEX ix_publications__applicationId ON publications ((data -> 'applicationId'));
