//! `POST /api/v1/applications/publish/{id}`: copies the edited app into a new published
//! snapshot, then points the app at it in one versioned update.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde_json::json;

use super::pages_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::action::{Action, ActionCollection};
use crate::domain::application::Application;
use crate::domain::publication::{Publication, Published, PublishedPage};
use crate::domain::{ApplicationId, Repo, new_id};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Publish (deploy) an application.
#[utoipa::path(operation_id = "applicationsPublish", post, path = "/api/v1/applications/publish/{applicationId}", tag = "applications",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "Published"), (status = 409, description = "Another publish happened meanwhile")))]
#[post("/applications/publish/{applicationId}")]
pub async fn publish(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (mut app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    let of_app = Query::all().eq("applicationId", id.as_str());
    let pages = pages_of(&state, id.as_str()).await?;
    let actions = Repo::<Action>::new(state.store.as_ref())
        .find(&of_app)
        .await?;
    let collections = Repo::<ActionCollection>::new(state.store.as_ref())
        .find(&of_app)
        .await?;
    let now = chrono::Utc::now().timestamp_millis();
    let publication = Publication {
        application_id: id.to_string(),
        name: app.value.name.clone(),
        published_at: now,
        pages: pages
            .iter()
            .map(|page| PublishedPage {
                id: page.id.clone(),
                name: page.value.name.clone(),
                slug: page.value.slug.clone(),
                order: page.value.order,
                is_default: page.value.is_default,
                is_hidden: page.value.is_hidden,
                dsl: page.value.dsl.clone(),
            })
            .collect(),
        actions: actions.iter().map(Published::of).collect(),
        action_collections: collections.iter().map(Published::of).collect(),
    };
    let snapshot_id = new_id();
    let publications = Repo::<Publication>::new(state.store.as_ref());
    publications.insert(&snapshot_id, &publication).await?;
    let previous = app.value.published_snapshot_id.replace(snapshot_id.clone());
    app.value.last_deployed_at = Some(now);
    if let Err(err) = Repo::<Application>::new(state.store.as_ref())
        .update(id.as_str(), app.version, &app.value)
        .await
    {
        publications.delete(&snapshot_id).await?;
        return Err(err);
    }
    if let Some(previous) = previous {
        publications.delete(&previous).await?;
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.publish",
        "application",
        id.as_str(),
        Some(&app.value.workspace_id),
        json!({"pages": publication.pages.len(), "actions": publication.actions.len()}),
    )
    .await;
    Ok(envelope::ok(
        json!({"id": id, "publishedAt": now, "pages": publication.pages.len()}),
    ))
}
