//! `POST /api/v1/applications/clone/{id}`: a copy in the same workspace, sharing its
//! datasources.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde_json::json;

use super::export::bundle_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::ApplicationId;
use crate::domain::application::Application;
use crate::domain::bundle_write::{ImportReport, create_app};
use crate::error::ApiError;
use crate::startup::AppState;

/// Clone an application.
#[utoipa::path(operation_id = "applicationsClone", post, path = "/api/v1/applications/clone/{applicationId}", tag = "applications",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 201, description = "The copy", body = ImportReport), (status = 403, description = "Not allowed")))]
#[post("/applications/clone/{applicationId}")]
pub async fn clone(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    let bundle = bundle_of(&state, &app).await?;
    let name = format!("{} (copy)", app.value.name);
    let report = create_app(
        &state,
        &app.value.workspace_id,
        &bundle,
        &name,
        ImportReport::default(),
    )
    .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.clone",
        "application",
        &report.application_id,
        Some(&app.value.workspace_id),
        json!({"from": id}),
    )
    .await;
    Ok(envelope::created(report))
}
