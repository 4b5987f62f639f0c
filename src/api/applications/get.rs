//! `GET /api/v1/applications/{id}`: the app as edited.

use actix_web::{HttpResponse, get, web};

use super::{ApplicationView, pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::ApplicationId;
use crate::domain::application::Application;
use crate::error::ApiError;
use crate::startup::AppState;

/// Read an application in edit mode (Developers and Administrators).
#[utoipa::path(operation_id = "applicationsGet", get, path = "/api/v1/applications/{applicationId}", tag = "applications",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "The application", body = ApplicationView), (status = 403, description = "Not allowed")))]
#[get("/applications/{applicationId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    let pages = pages_of(&state, id.as_str()).await?;
    Ok(envelope::ok(ApplicationView::new(&app, summaries(&pages))))
}
