//! `PUT /api/v1/applications/{id}`: rename, icon, colour, public or private.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::json;

use super::{ApplicationView, pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::application::{Application, slugify};
use crate::domain::{ApplicationId, Repo, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateApplicationBody {
    pub name: Option<String>,
    pub is_public: Option<bool>,
    pub icon: Option<String>,
    pub color: Option<String>,
    /// The version the change was based on; a newer stored version gives 409.
    pub version: Option<i64>,
}

/// Change an application's settings.
#[utoipa::path(operation_id = "applicationsUpdate", put, path = "/api/v1/applications/{applicationId}", tag = "applications", request_body = UpdateApplicationBody,
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "Changed", body = ApplicationView), (status = 409, description = "Changed meanwhile")))]
#[put("/applications/{applicationId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<UpdateApplicationBody>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (mut app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    if let Some(name) = &body.name {
        app.value.name = parse_name(name, "name")?;
        app.value.slug = slugify(&app.value.name);
    }
    if let Some(is_public) = body.is_public {
        app.value.is_public = is_public;
    }
    if body.icon.is_some() {
        app.value.icon = body.icon.clone();
    }
    if body.color.is_some() {
        app.value.color = body.color.clone();
    }
    let saved = Repo::<Application>::new(state.store.as_ref())
        .update(id.as_str(), body.version.unwrap_or(app.version), &app.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.update",
        "application",
        id.as_str(),
        Some(&app.value.workspace_id),
        json!({"name": saved.value.name, "isPublic": saved.value.is_public}),
    )
    .await;
    let pages = pages_of(&state, id.as_str()).await?;
    Ok(envelope::ok(ApplicationView::new(
        &saved,
        summaries(&pages),
    )))
}
