//! `GET /api/v1/workspaces/{id}`.

use actix_web::{HttpResponse, get, web};

use super::WorkspaceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::WorkspaceId;
use crate::error::ApiError;
use crate::startup::AppState;

/// One workspace.
#[utoipa::path(operation_id = "workspacesGet", get, path = "/api/v1/workspaces/{workspaceId}", tag = "workspaces",
    params(("workspaceId" = String, Path, description = "The workspace")),
    responses((status = 200, description = "The workspace", body = WorkspaceView), (status = 403, description = "Not a member")))]
#[get("/workspaces/{workspaceId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WorkspaceId::parse(&path.into_inner())?;
    let (workspace, role) = require(&state, &user, id.as_str(), Permission::ViewPublished).await?;
    Ok(envelope::ok(WorkspaceView::new(&workspace, role)))
}
