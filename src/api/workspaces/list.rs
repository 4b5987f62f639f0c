//! `GET /api/v1/workspaces`: the workspaces the caller belongs to, with their role.

use actix_web::{HttpResponse, get, web};

use super::WorkspaceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::domain::Repo;
use crate::domain::membership::Membership;
use crate::domain::workspace::Workspace;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// List my workspaces.
#[utoipa::path(operation_id = "workspacesList", get, path = "/api/v1/workspaces", tag = "workspaces",
    responses((status = 200, description = "Workspaces with the caller's role", body = [WorkspaceView])))]
#[get("/workspaces")]
pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    let memberships = Repo::<Membership>::new(state.store.as_ref())
        .find(&Query::all().eq("userId", user.id.as_str()))
        .await?;
    let workspaces = Repo::<Workspace>::new(state.store.as_ref());
    let mut views = Vec::with_capacity(memberships.len());
    for membership in memberships {
        if let Some(workspace) = workspaces
            .find_by_id(&membership.value.workspace_id)
            .await?
        {
            views.push(WorkspaceView::new(&workspace, membership.value.role));
        }
    }
    Ok(envelope::ok(views))
}
