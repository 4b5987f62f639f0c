//! `DELETE /api/v1/workspaces/{id}`: only when it holds no apps, so nothing is lost by
//! accident. Administrators only.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use serde_json::json;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::WorkspaceId;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Delete an empty workspace.
#[utoipa::path(operation_id = "workspacesDelete", delete, path = "/api/v1/workspaces/{workspaceId}", tag = "workspaces",
    params(("workspaceId" = String, Path, description = "The workspace")),
    responses((status = 200, description = "Deleted"), (status = 403, description = "Not an administrator"), (status = 409, description = "It still has apps")))]
#[delete("/workspaces/{workspaceId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WorkspaceId::parse(&path.into_inner())?;
    require(&state, &user, id.as_str(), Permission::Manage).await?;
    let of_workspace = Query::all().eq("workspaceId", id.as_str());
    if state.store.count("applications", &of_workspace).await? > 0 {
        return Err(ApiError::Conflict(
            "This workspace still has apps. Delete or move them first.".into(),
        ));
    }
    for collection in ["datasources", "invitations", "memberships"] {
        state.store.delete_where(collection, &of_workspace).await?;
    }
    state.store.delete("workspaces", id.as_str()).await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.delete",
        "workspace",
        id.as_str(),
        Some(id.as_str()),
        json!({}),
    )
    .await;
    Ok(envelope::ok(true))
}
