//! Workspaces group apps and datasources, and carry the members' roles.

use serde::{Deserialize, Serialize};

use super::Entity;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub name: String,
    pub created_by: String,
}

impl Entity for Workspace {
    const COLLECTION: &'static str = "workspaces";
    const NAME: &'static str = "workspace";
}
