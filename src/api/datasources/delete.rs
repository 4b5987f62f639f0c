//! `DELETE /api/v1/datasources/{id}`: refused while queries use it.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use serde_json::json;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::action::Action;
use crate::domain::datasource::Datasource;
use crate::domain::{DatasourceId, Repo};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Delete a datasource no query uses.
#[utoipa::path(operation_id = "datasourcesDelete", delete, path = "/api/v1/datasources/{datasourceId}", tag = "datasources",
    params(("datasourceId" = String, Path, description = "The datasource")),
    responses((status = 200, description = "Deleted"), (status = 409, description = "Queries still use it")))]
#[delete("/datasources/{datasourceId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = DatasourceId::parse(&path.into_inner())?;
    let (stored, _) =
        require_on::<Datasource>(&state, &user, id.as_str(), Permission::Develop).await?;
    let users: Vec<String> = Repo::<Action>::new(state.store.as_ref())
        .find(&Query::all().eq("datasource.id", id.as_str()))
        .await?
        .into_iter()
        .map(|a| a.value.name)
        .collect();
    if !users.is_empty() {
        return Err(ApiError::Conflict(format!(
            "Queries still use this datasource: {}. Delete them or pick another datasource first.",
            users.join(", ")
        )));
    }
    Repo::<Datasource>::new(state.store.as_ref())
        .delete(id.as_str())
        .await?;
    // Close its connection pool now rather than when the process ends.
    state.engine.forget(id.as_str());
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "datasource.delete",
        "datasource",
        id.as_str(),
        Some(&stored.value.workspace_id),
        json!({"name": stored.value.name}),
    )
    .await;
    Ok(envelope::ok(true))
}
