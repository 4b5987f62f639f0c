//! The permission rules, in one place. Handlers ask `require(…)` for what they are about
//! to do; nothing else in the code decides who may do what.

use serde::{Deserialize, Serialize};

use super::CurrentUser;
use crate::domain::membership::Membership;
use crate::domain::workspace::Workspace;
use crate::domain::{Repo, Stored};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// A member's role in a workspace, from least to most powerful.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub enum Role {
    #[serde(rename = "App Viewer", alias = "APP_VIEWER", alias = "Viewer")]
    AppViewer,
    #[serde(rename = "Developer", alias = "DEVELOPER")]
    Developer,
    #[serde(rename = "Administrator", alias = "ADMINISTRATOR")]
    Administrator,
}

/// What a request is about to do inside a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the workspace, its published apps, and run published queries.
    ViewPublished,
    /// Read and change apps, pages, queries, JS objects and datasources; publish.
    Develop,
    /// Rename or delete the workspace, manage members and invitations.
    Manage,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        let needed = match permission {
            Permission::ViewPublished => Role::AppViewer,
            Permission::Develop => Role::Developer,
            Permission::Manage => Role::Administrator,
        };
        self >= needed
    }

    /// Only administrators may hand out roles, and nobody can hand out more than they have.
    pub fn can_grant(self, role: Role) -> bool {
        self == Role::Administrator || (self == Role::Developer && role <= Role::Developer)
    }
}

/// The caller's role in the workspace, if any.
pub async fn role_in(
    state: &AppState,
    user: &CurrentUser,
    workspace_id: &str,
) -> Result<Option<Role>, ApiError> {
    let membership = Repo::<Membership>::new(state.store.as_ref())
        .find_one(&Query::all().eq("key", format!("{workspace_id}:{}", user.id)))
        .await?;
    Ok(membership.map(|m| m.value.role))
}

/// Loads the workspace and checks that the caller may do `permission` in it.
/// Non-members get 403, whether or not the workspace exists, so ids cannot be probed.
pub async fn require(
    state: &AppState,
    user: &CurrentUser,
    workspace_id: &str,
    permission: Permission,
) -> Result<(Stored<Workspace>, Role), ApiError> {
    let role = role_in(state, user, workspace_id).await?;
    let Some(role) = role else {
        return Err(ApiError::Forbidden(
            "You are not a member of this workspace.".into(),
        ));
    };
    if !role.allows(permission) {
        return Err(ApiError::Forbidden(format!(
            "Your role in this workspace ({}) does not allow this.",
            role.label()
        )));
    }
    let workspace = Repo::<Workspace>::new(state.store.as_ref())
        .get(workspace_id)
        .await?;
    Ok((workspace, role))
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::AppViewer => "App Viewer",
            Role::Developer => "Developer",
            Role::Administrator => "Administrator",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_their_level_needs() {
        use Permission::*;
        assert!(Role::AppViewer.allows(ViewPublished));
        assert!(!Role::AppViewer.allows(Develop));
        assert!(Role::Developer.allows(Develop));
        assert!(!Role::Developer.allows(Manage));
        assert!(Role::Administrator.allows(Manage));
        assert!(!Role::Developer.can_grant(Role::Administrator));
        assert!(!Role::AppViewer.can_grant(Role::AppViewer));
    }

    #[test]
    fn roles_use_appsmith_names() {
        assert_eq!(
            serde_json::to_string(&Role::AppViewer).expect("json"),
            "\"App Viewer\""
        );
        let parsed: Role = serde_json::from_str("\"Developer\"").expect("json");
        assert_eq!(parsed, Role::Developer);
    }
}

/// Things that live in a workspace, so their permission is the workspace's.
pub trait InWorkspace: crate::domain::Entity + Clone {
    fn workspace_id(&self) -> &str;
}

macro_rules! in_workspace {
    ($($type:ty),*) => {
        $(impl InWorkspace for $type {
            fn workspace_id(&self) -> &str {
                &self.workspace_id
            }
        })*
    };
}

in_workspace!(
    crate::domain::application::Application,
    crate::domain::page::Page,
    crate::domain::action::Action,
    crate::domain::action::ActionCollection,
    crate::domain::datasource::Datasource
);

/// Loads a record and checks the caller's permission in its workspace. Callers who are
/// not members get 403 whether or not the record exists.
pub async fn require_on<T: InWorkspace>(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    permission: Permission,
) -> Result<(Stored<T>, Role), ApiError> {
    let not_found = || ApiError::NotFound(format!("No {} with id {id} exists.", T::NAME));
    let stored = Repo::<T>::new(state.store.as_ref()).find_by_id(id).await?;
    let Some(stored) = stored else {
        return Err(not_found());
    };
    let (_, role) = require(state, user, stored.value.workspace_id(), permission).await?;
    Ok((stored, role))
}

/// Whether the caller may see an application's published copy: anyone when it is
/// public, otherwise App Viewers or better.
pub async fn require_view(
    state: &AppState,
    user: Option<&CurrentUser>,
    app: &crate::domain::application::Application,
) -> Result<(), ApiError> {
    if app.is_public {
        return Ok(());
    }
    let user = user.ok_or(ApiError::Unauthorized)?;
    require(state, user, &app.workspace_id, Permission::ViewPublished)
        .await
        .map(|_| ())
}
