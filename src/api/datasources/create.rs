//! `POST /api/v1/datasources`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{DatasourceView, check_configuration, check_plugin};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::datasource::{Datasource, seal};
use crate::domain::{DatasourceId, Repo, WorkspaceId, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateDatasourceBody {
    pub name: String,
    pub plugin_id: String,
    pub workspace_id: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub datasource_configuration: Value,
}

/// Create a datasource (Developers and Administrators).
#[utoipa::path(operation_id = "datasourcesCreate", post, path = "/api/v1/datasources", tag = "datasources", request_body = CreateDatasourceBody,
    responses((status = 201, description = "Created; secrets masked", body = DatasourceView), (status = 400, description = "Invalid")))]
#[post("/datasources")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<CreateDatasourceBody>,
) -> Result<HttpResponse, ApiError> {
    let workspace = WorkspaceId::parse(&body.workspace_id)?;
    require(&state, &user, workspace.as_str(), Permission::Develop).await?;
    let name = parse_name(&body.name, "name")?;
    check_plugin(&body.plugin_id)?;
    check_configuration(&body.datasource_configuration)?;
    let repo = Repo::<Datasource>::new(state.store.as_ref());
    let clash = repo
        .find_one(
            &Query::all()
                .eq("workspaceId", workspace.as_str())
                .eq("name", name.as_str()),
        )
        .await?;
    if clash.is_some() {
        return Err(ApiError::invalid_at(
            "DUPLICATE_NAME",
            "name",
            format!("The workspace already has a datasource called {name}."),
        ));
    }
    let config = seal(&body.datasource_configuration, None, &state.cipher)
        .map_err(|e| ApiError::Internal(e.into()))?;
    let datasource = Datasource {
        workspace_id: workspace.to_string(),
        name,
        plugin_id: body.plugin_id.clone(),
        datasource_configuration: config,
        is_configured: true,
    };
    let id = DatasourceId::new();
    let stored = repo.insert(id.as_str(), &datasource).await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "datasource.create",
        "datasource",
        id.as_str(),
        Some(workspace.as_str()),
        json!({"name": datasource.name, "pluginId": datasource.plugin_id}),
    )
    .await;
    Ok(envelope::created(DatasourceView::new(&stored)))
}
