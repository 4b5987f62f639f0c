//! Who belongs to which workspace, with which role; and invitations for people who
//! have no account yet.

use serde::{Deserialize, Serialize};

use super::Entity;
use crate::auth::permissions::Role;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub workspace_id: String,
    pub user_id: String,
    pub role: Role,
    /// `workspace_id:user_id`, unique, so that one person has one role per workspace.
    pub key: String,
}

impl Membership {
    pub fn new(workspace_id: &str, user_id: &str, role: Role) -> Self {
        Self {
            workspace_id: workspace_id.to_owned(),
            user_id: user_id.to_owned(),
            role,
            key: format!("{workspace_id}:{user_id}"),
        }
    }
}

impl Entity for Membership {
    const COLLECTION: &'static str = "memberships";
    const NAME: &'static str = "membership";
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub workspace_id: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    /// `workspace_id:email`, unique.
    pub key: String,
}

impl Entity for Invitation {
    const COLLECTION: &'static str = "invitations";
    const NAME: &'static str = "invitation";
}
