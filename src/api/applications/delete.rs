//! `DELETE /api/v1/applications/{id}`: the app with its pages, queries, JS objects and
//! published copies.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use serde_json::json;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::ApplicationId;
use crate::domain::application::Application;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Delete an application.
#[utoipa::path(operation_id = "applicationsDelete", delete, path = "/api/v1/applications/{applicationId}", tag = "applications",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "Deleted"), (status = 403, description = "Not allowed")))]
#[delete("/applications/{applicationId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    // The application goes first, so a failure half-way leaves only unreachable parts.
    state.store.delete("applications", id.as_str()).await?;
    let parts = Query::all().eq("applicationId", id.as_str());
    for collection in ["pages", "actions", "action_collections", "publications"] {
        state.store.delete_where(collection, &parts).await?;
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.delete",
        "application",
        id.as_str(),
        Some(&app.value.workspace_id),
        json!({"name": app.value.name}),
    )
    .await;
    Ok(envelope::ok(true))
}
