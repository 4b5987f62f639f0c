//! `GET /api/v1/datasources?workspaceId=`.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;

use super::DatasourceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::datasource::Datasource;
use crate::domain::{Repo, WorkspaceId};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ListDatasourcesParams {
    pub workspace_id: String,
}

/// List a workspace's datasources (secrets masked).
#[utoipa::path(operation_id = "datasourcesList", get, path = "/api/v1/datasources", tag = "datasources", params(ListDatasourcesParams),
    responses((status = 200, description = "Datasources", body = [DatasourceView])))]
#[get("/datasources")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListDatasourcesParams>,
) -> Result<HttpResponse, ApiError> {
    let workspace = WorkspaceId::parse(&params.workspace_id)?;
    require(&state, &user, workspace.as_str(), Permission::Develop).await?;
    let all = Repo::<Datasource>::new(state.store.as_ref())
        .find(&Query::all().eq("workspaceId", workspace.as_str()))
        .await?;
    Ok(envelope::ok(
        all.iter().map(DatasourceView::new).collect::<Vec<_>>(),
    ))
}
