//! JS objects ("action collections"): thin handlers over `page_entities`, plus view mode.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use serde_json::Value;

use crate::api::actions::{ListParams, MoveBody, view::ViewParams};
use crate::api::applications::view::published;
use crate::api::envelope;
use crate::api::page_entities as entities;
use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::action::ActionCollection;
use crate::domain::{ActionCollectionId, ApplicationId};
use crate::error::ApiError;
use crate::startup::AppState;

/// Create a JS object on a page: `{name, pageId, body: "export default { … }"}`.
#[utoipa::path(operation_id = "collectionsCreate", post, path = "/api/v1/collections/actions", tag = "js-objects", request_body = ActionCollection,
    responses((status = 201, description = "Created"), (status = 400, description = "Invalid or name taken")))]
#[post("/collections/actions")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    entities::create::<ActionCollection>(&state, &req, &user, body.into_inner()).await
}

/// List JS objects of an application or a page (edit mode).
#[utoipa::path(operation_id = "collectionsList", get, path = "/api/v1/collections/actions", tag = "js-objects", params(ListParams), responses((status = 200, description = "JS objects")))]
#[get("/collections/actions")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    entities::list::<ActionCollection>(
        &state,
        &user,
        params.application_id.as_deref(),
        params.page_id.as_deref(),
    )
    .await
}

/// Published JS objects of an application.
#[utoipa::path(operation_id = "collectionsView", get, path = "/api/v1/collections/actions/view", tag = "view", params(ViewParams),
    responses((status = 200, description = "Published JS objects"), (status = 403, description = "No access")))]
#[get("/collections/actions/view")]
pub async fn view(
    state: web::Data<AppState>,
    user: MaybeUser,
    params: web::Query<ViewParams>,
) -> Result<HttpResponse, ApiError> {
    let app = ApplicationId::parse(&params.application_id)?;
    let (_, publication) = published(&state, &user, app.as_str()).await?;
    let collections: Vec<_> = publication
        .action_collections
        .iter()
        .map(|c| serde_json::json!({"id": c.id, "name": c.value.name, "pageId": c.value.page_id, "body": c.value.body, "variables": c.value.variables}))
        .collect();
    Ok(envelope::ok(collections))
}

/// Read a JS object.
#[utoipa::path(operation_id = "collectionsGet", get, path = "/api/v1/collections/actions/{collectionId}", tag = "js-objects",
    params(("collectionId" = String, Path, description = "The JS object")), responses((status = 200, description = "The JS object")))]
#[get("/collections/actions/{collectionId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entities::get::<ActionCollection>(
        &state,
        &user,
        ActionCollectionId::parse(&path.into_inner())?.as_str(),
    )
    .await
}

/// Change or rename a JS object.
#[utoipa::path(operation_id = "collectionsUpdate", put, path = "/api/v1/collections/actions/{collectionId}", tag = "js-objects", request_body = ActionCollection,
    params(("collectionId" = String, Path, description = "The JS object")),
    responses((status = 200, description = "Changed"), (status = 409, description = "Changed meanwhile")))]
#[put("/collections/actions/{collectionId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    entities::update::<ActionCollection>(
        &state,
        &req,
        &user,
        ActionCollectionId::parse(&path.into_inner())?.as_str(),
        body.into_inner(),
    )
    .await
}

/// Delete a JS object.
#[utoipa::path(operation_id = "collectionsDelete", delete, path = "/api/v1/collections/actions/{collectionId}", tag = "js-objects",
    params(("collectionId" = String, Path, description = "The JS object")), responses((status = 200, description = "Deleted")))]
#[delete("/collections/actions/{collectionId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entities::delete::<ActionCollection>(
        &state,
        &req,
        &user,
        ActionCollectionId::parse(&path.into_inner())?.as_str(),
    )
    .await
}

/// Move a JS object to another page of the app.
#[utoipa::path(operation_id = "collectionsMoveToPage", put, path = "/api/v1/collections/actions/move", tag = "js-objects", request_body = MoveBody,
    responses((status = 200, description = "Moved")))]
#[put("/collections/actions/move")]
pub async fn move_to_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<MoveBody>,
) -> Result<HttpResponse, ApiError> {
    entities::move_to::<ActionCollection>(
        &state,
        &req,
        &user,
        ActionCollectionId::parse(&body.id)?.as_str(),
        &body.destination_page_id,
    )
    .await
}
