//! `PUT /api/v1/workspaces/{id}`: rename. Administrators only.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::json;

use super::WorkspaceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::workspace::Workspace;
use crate::domain::{Repo, WorkspaceId, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct UpdateWorkspaceBody {
    pub name: String,
    /// The version the change was based on; a newer stored version gives 409.
    pub version: Option<i64>,
}

/// Rename a workspace.
#[utoipa::path(operation_id = "workspacesUpdate", put, path = "/api/v1/workspaces/{workspaceId}", tag = "workspaces", request_body = UpdateWorkspaceBody,
    params(("workspaceId" = String, Path, description = "The workspace")),
    responses((status = 200, description = "Renamed", body = WorkspaceView), (status = 403, description = "Not an administrator"), (status = 409, description = "Changed meanwhile")))]
#[put("/workspaces/{workspaceId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<UpdateWorkspaceBody>,
) -> Result<HttpResponse, ApiError> {
    let id = WorkspaceId::parse(&path.into_inner())?;
    let (mut workspace, role) = require(&state, &user, id.as_str(), Permission::Manage).await?;
    workspace.value.name = parse_name(&body.name, "name")?;
    let version = body.version.unwrap_or(workspace.version);
    let saved = Repo::<Workspace>::new(state.store.as_ref())
        .update(id.as_str(), version, &workspace.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.rename",
        "workspace",
        id.as_str(),
        Some(id.as_str()),
        json!({"name": saved.value.name}),
    )
    .await;
    Ok(envelope::ok(WorkspaceView::new(&saved, role)))
}
