//! The audit log: who changed what, when, and from where. Entries never hold secrets:
//! callers pass names and ids, not configurations.

use actix_web::HttpRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::CurrentUser;
use crate::domain::{Entity, Repo, new_id};
use crate::startup::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// `resource.verb`, e.g. `workspace.create`.
    pub action: String,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    pub resource_type: String,
    pub resource_id: String,
    pub workspace_id: Option<String>,
    pub ip: Option<String>,
    /// Milliseconds since the epoch.
    pub at: i64,
    #[serde(default)]
    pub details: Value,
}

impl Entity for AuditEntry {
    const COLLECTION: &'static str = "audit_logs";
    const NAME: &'static str = "audit log entry";
}

pub fn client_ip(req: &HttpRequest) -> Option<String> {
    req.connection_info()
        .realip_remote_addr()
        .map(str::to_owned)
}

/// Records one change. A failure to record is logged, never shown to the user: the
/// change itself has already happened.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    state: &AppState,
    req: &HttpRequest,
    actor: Option<&CurrentUser>,
    action: &str,
    resource_type: &str,
    resource_id: &str,
    workspace_id: Option<&str>,
    details: Value,
) {
    let entry = AuditEntry {
        action: action.to_owned(),
        user_id: actor.map(|user| user.id.to_string()),
        user_email: actor.map(|user| user.email.clone()),
        resource_type: resource_type.to_owned(),
        resource_id: resource_id.to_owned(),
        workspace_id: workspace_id.map(str::to_owned),
        ip: client_ip(req),
        at: chrono::Utc::now().timestamp_millis(),
        details,
    };
    if let Err(err) = Repo::<AuditEntry>::new(state.store.as_ref())
        .insert(&new_id(), &entry)
        .await
    {
        tracing::error!(action, error = %err, "could not write the audit log");
    }
}
