//! `GET /api/v1/applications?workspaceId=`: the apps of a workspace.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;

use super::{ApplicationView, pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::application::Application;
use crate::domain::{Repo, WorkspaceId};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    pub workspace_id: String,
}

/// List a workspace's applications (every member; App Viewers see only published ones).
#[utoipa::path(operation_id = "applicationsList", get, path = "/api/v1/applications", tag = "applications", params(ListParams),
    responses((status = 200, description = "Applications", body = [ApplicationView]), (status = 403, description = "Not a member")))]
#[get("/applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let workspace = WorkspaceId::parse(&params.workspace_id)?;
    let (_, role) = require(&state, &user, workspace.as_str(), Permission::ViewPublished).await?;
    let apps = Repo::<Application>::new(state.store.as_ref())
        .find(&Query::all().eq("workspaceId", workspace.as_str()))
        .await?;
    let mut views = Vec::new();
    for app in apps {
        if !role.allows(Permission::Develop) && app.value.published_snapshot_id.is_none() {
            continue;
        }
        let pages = pages_of(&state, &app.id).await?;
        views.push(ApplicationView::new(&app, summaries(&pages)));
    }
    Ok(envelope::ok(views))
}
