//! `POST /api/v1/workspaces`: the creator becomes its Administrator.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use super::WorkspaceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::Role;
use crate::domain::membership::Membership;
use crate::domain::workspace::Workspace;
use crate::domain::{Repo, WorkspaceId, new_id, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateWorkspaceBody {
    pub name: String,
}

/// Create a workspace.
#[utoipa::path(operation_id = "workspacesCreate", post, path = "/api/v1/workspaces", tag = "workspaces", request_body = CreateWorkspaceBody,
    responses((status = 201, description = "Created", body = WorkspaceView), (status = 401, description = "Not logged in")))]
#[post("/workspaces")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<CreateWorkspaceBody>,
) -> Result<HttpResponse, ApiError> {
    let workspace = Workspace {
        name: parse_name(&body.name, "name")?,
        created_by: user.id.to_string(),
    };
    let id = WorkspaceId::new();
    let stored = Repo::<Workspace>::new(state.store.as_ref())
        .insert(id.as_str(), &workspace)
        .await?;
    Repo::<Membership>::new(state.store.as_ref())
        .insert(
            &new_id(),
            &Membership::new(id.as_str(), user.id.as_str(), Role::Administrator),
        )
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.create",
        "workspace",
        id.as_str(),
        Some(id.as_str()),
        json!({"name": workspace.name}),
    )
    .await;
    Ok(envelope::created(WorkspaceView::new(
        &stored,
        Role::Administrator,
    )))
}
