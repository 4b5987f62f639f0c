//! `PUT /api/v1/datasources/{id}`: masked secrets sent back are kept as stored.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{DatasourceView, check_configuration};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::datasource::{Datasource, seal};
use crate::domain::{DatasourceId, Repo, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDatasourceBody {
    pub name: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub datasource_configuration: Option<Value>,
    pub version: Option<i64>,
}

/// Change a datasource.
#[utoipa::path(operation_id = "datasourcesUpdate", put, path = "/api/v1/datasources/{datasourceId}", tag = "datasources", request_body = UpdateDatasourceBody,
    params(("datasourceId" = String, Path, description = "The datasource")),
    responses((status = 200, description = "Changed; secrets masked", body = DatasourceView), (status = 409, description = "Changed meanwhile")))]
#[put("/datasources/{datasourceId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<UpdateDatasourceBody>,
) -> Result<HttpResponse, ApiError> {
    let id = DatasourceId::parse(&path.into_inner())?;
    let (mut stored, _) =
        require_on::<Datasource>(&state, &user, id.as_str(), Permission::Develop).await?;
    let repo = Repo::<Datasource>::new(state.store.as_ref());
    if let Some(name) = &body.name {
        let name = parse_name(name, "name")?;
        let clash = repo
            .find_one(
                &Query::all()
                    .eq("workspaceId", stored.value.workspace_id.as_str())
                    .eq("name", name.as_str()),
            )
            .await?;
        if clash.is_some_and(|other| other.id != stored.id) {
            return Err(ApiError::invalid_at(
                "DUPLICATE_NAME",
                "name",
                format!("The workspace already has a datasource called {name}."),
            ));
        }
        stored.value.name = name;
    }
    if let Some(config) = &body.datasource_configuration {
        check_configuration(config)?;
        stored.value.datasource_configuration = seal(
            config,
            Some(&stored.value.datasource_configuration),
            &state.cipher,
        )
        .map_err(|e| ApiError::Internal(e.into()))?;
        stored.value.is_configured = true;
    }
    let saved = repo
        .update(
            id.as_str(),
            body.version.unwrap_or(stored.version),
            &stored.value,
        )
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "datasource.update",
        "datasource",
        id.as_str(),
        Some(&stored.value.workspace_id),
        json!({"name": saved.value.name}),
    )
    .await;
    Ok(envelope::ok(DatasourceView::new(&saved)))
}
