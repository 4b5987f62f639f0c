//! `GET /api/v1/audit-logs`: the audit log, newest first, for instance administrators.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::envelope;
use crate::audit::AuditEntry;
use crate::auth::InstanceAdmin;
use crate::domain::Repo;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    /// e.g. `workspace.create`
    pub action: Option<String>,
    pub user_id: Option<String>,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub workspace_id: Option<String>,
    /// 1-based page number.
    pub page: Option<u64>,
    /// Entries per page, at most 200.
    pub size: Option<u64>,
}

/// Read the audit log.
#[utoipa::path(operation_id = "auditLogsList", get, path = "/api/v1/audit-logs", tag = "admin", params(AuditFilter),
    responses((status = 200, description = "Entries, newest first", body = [AuditEntry]), (status = 403, description = "Not an instance administrator")))]
#[get("/audit-logs")]
pub async fn list(
    state: web::Data<AppState>,
    _admin: InstanceAdmin,
    filter: web::Query<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    let size = filter.size.unwrap_or(50).clamp(1, 200);
    let page = filter.page.unwrap_or(1).max(1);
    let mut query = Query::all()
        .newest_first()
        .limit(size)
        .offset((page - 1) * size);
    for (field, value) in [
        ("action", &filter.action),
        ("userId", &filter.user_id),
        ("resourceType", &filter.resource_type),
        ("resourceId", &filter.resource_id),
        ("workspaceId", &filter.workspace_id),
    ] {
        if let Some(value) = value {
            query = query.eq(field, value.as_str());
        }
    }
    let repo = Repo::<AuditEntry>::new(state.store.as_ref());
    let total = repo
        .count(&Query {
            limit: None,
            offset: 0,
            ..query.clone()
        })
        .await?;
    let entries: Vec<_> = repo
        .find(&query)
        .await?
        .into_iter()
        .map(|e| json!({"id": e.id, "entry": e.value}))
        .collect();
    let entries: Vec<_> = entries
        .into_iter()
        .map(|mut e| {
            let id = e["id"].take();
            let mut entry = e["entry"].take();
            entry["id"] = id;
            entry
        })
        .collect();
    Ok(envelope::ok(
        json!({ "entries": entries, "total": total, "page": page, "size": size }),
    ))
}
