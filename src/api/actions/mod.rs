//! Queries ("actions"): thin handlers over `page_entities`, the view-mode list, and running them.

pub mod execute;
pub mod execute_body;
pub mod view;

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use serde::Deserialize;
use serde_json::Value;

use crate::api::page_entities as entities;
use crate::auth::CurrentUser;
use crate::domain::ActionId;
use crate::domain::action::Action;
use crate::error::ApiError;
use crate::startup::AppState;

/// Create a query on a page: `{name, pageId, pluginId, datasource: {id}, actionConfiguration, executeOnLoad, …}`.
#[utoipa::path(operation_id = "actionsCreate", post, path = "/api/v1/actions", tag = "actions", request_body = Action,
    responses((status = 201, description = "Created"), (status = 400, description = "Invalid or name taken")))]
#[post("/actions")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    entities::create::<Action>(&state, &req, &user, body.into_inner()).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    pub application_id: Option<String>,
    pub page_id: Option<String>,
}

/// List queries of an application or a page (edit mode).
#[utoipa::path(operation_id = "actionsList", get, path = "/api/v1/actions", tag = "actions", params(ListParams), responses((status = 200, description = "Queries")))]
#[get("/actions")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    entities::list::<Action>(
        &state,
        &user,
        params.application_id.as_deref(),
        params.page_id.as_deref(),
    )
    .await
}

/// Read a query.
#[utoipa::path(operation_id = "actionsGet", get, path = "/api/v1/actions/{actionId}", tag = "actions",
    params(("actionId" = String, Path, description = "The query")), responses((status = 200, description = "The query")))]
#[get("/actions/{actionId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entities::get::<Action>(&state, &user, ActionId::parse(&path.into_inner())?.as_str()).await
}

/// Change or rename a query (fields given replace the stored ones).
#[utoipa::path(operation_id = "actionsUpdate", put, path = "/api/v1/actions/{actionId}", tag = "actions", request_body = Action,
    params(("actionId" = String, Path, description = "The query")),
    responses((status = 200, description = "Changed"), (status = 409, description = "Changed meanwhile")))]
#[put("/actions/{actionId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    entities::update::<Action>(
        &state,
        &req,
        &user,
        ActionId::parse(&path.into_inner())?.as_str(),
        body.into_inner(),
    )
    .await
}

/// Delete a query.
#[utoipa::path(operation_id = "actionsDelete", delete, path = "/api/v1/actions/{actionId}", tag = "actions",
    params(("actionId" = String, Path, description = "The query")), responses((status = 200, description = "Deleted")))]
#[delete("/actions/{actionId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entities::delete::<Action>(
        &state,
        &req,
        &user,
        ActionId::parse(&path.into_inner())?.as_str(),
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MoveBody {
    pub id: String,
    pub destination_page_id: String,
}

/// Move a query to another page of the app.
#[utoipa::path(operation_id = "actionsMoveToPage", put, path = "/api/v1/actions/move", tag = "actions", request_body = MoveBody,
    responses((status = 200, description = "Moved"), (status = 400, description = "Name taken on that page")))]
#[put("/actions/move")]
pub async fn move_to_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<MoveBody>,
) -> Result<HttpResponse, ApiError> {
    entities::move_to::<Action>(
        &state,
        &req,
        &user,
        ActionId::parse(&body.id)?.as_str(),
        &body.destination_page_id,
    )
    .await
}
