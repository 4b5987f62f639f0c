//! Workspaces and their members.

pub mod create;
pub mod delete;
pub mod get;
pub mod invite;
pub mod list;
pub mod members;
pub mod update;

use serde::Serialize;

use crate::auth::permissions::Role;
use crate::domain::Stored;
use crate::domain::workspace::Workspace;

/// What the API shows of a workspace, with the caller's role in it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    pub version: i64,
    pub user_role: Role,
    pub created_at: i64,
}

impl WorkspaceView {
    pub fn new(stored: &Stored<Workspace>, role: Role) -> Self {
        Self {
            id: stored.id.clone(),
            name: stored.value.name.clone(),
            version: stored.version,
            user_role: role,
            created_at: stored.created_at.timestamp_millis(),
        }
    }
}
