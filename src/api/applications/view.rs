//! View mode: the published copy only, for App Viewers or better, or anyone when the app
//! is public.

use actix_web::{HttpResponse, get, web};
use serde_json::json;

use crate::api::envelope;
use crate::auth::MaybeUser;
use crate::auth::permissions::require_view;
use crate::domain::application::Application;
use crate::domain::publication::Publication;
use crate::domain::{ApplicationId, Repo, Stored};
use crate::error::ApiError;
use crate::startup::AppState;

/// The application and its current published snapshot, after the view check.
pub async fn published(
    state: &AppState,
    user: &MaybeUser,
    application_id: &str,
) -> Result<(Stored<Application>, Publication), ApiError> {
    let app = Repo::<Application>::new(state.store.as_ref())
        .get(application_id)
        .await?;
    require_view(state, user.0.as_ref(), &app.value).await?;
    let not_published = || ApiError::NotFound("This app has not been published yet.".into());
    let snapshot_id = app
        .value
        .published_snapshot_id
        .clone()
        .ok_or_else(not_published)?;
    let publication = Repo::<Publication>::new(state.store.as_ref())
        .find_by_id(&snapshot_id)
        .await?
        .ok_or_else(not_published)?;
    Ok((app, publication.value))
}

/// The published application with its pages.
#[utoipa::path(operation_id = "applicationsView", get, path = "/api/v1/applications/view/{applicationId}", tag = "view",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "The published application"), (status = 401, description = "Log in to see this private app"),
              (status = 403, description = "No access"), (status = 404, description = "Not found or not published")))]
#[get("/applications/view/{applicationId}")]
pub async fn view(
    state: web::Data<AppState>,
    user: MaybeUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (app, publication) = published(&state, &user, id.as_str()).await?;
    let pages: Vec<_> = publication
        .pages
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name, "slug": p.slug, "order": p.order, "isDefault": p.is_default, "isHidden": p.is_hidden}))
        .collect();
    Ok(envelope::ok(json!({
        "id": app.id,
        "workspaceId": app.value.workspace_id,
        "name": publication.name,
        "slug": app.value.slug,
        "isPublic": app.value.is_public,
        "publishedAt": publication.published_at,
        "pages": pages,
    })))
}
