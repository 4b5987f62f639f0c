//! `POST /api/v1/applications`: a new app with its first, empty page.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use super::{ApplicationView, pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::application::{Application, slugify};
use crate::domain::page::{Page, empty_dsl};
use crate::domain::{ApplicationId, PageId, Repo, WorkspaceId, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateApplicationBody {
    pub workspace_id: String,
    pub name: String,
    #[serde(default)]
    pub is_public: bool,
    pub icon: Option<String>,
    pub color: Option<String>,
}

/// Create an application (Developers and Administrators).
#[utoipa::path(operation_id = "applicationsCreate", post, path = "/api/v1/applications", tag = "applications", request_body = CreateApplicationBody,
    responses((status = 201, description = "Created with its first page", body = ApplicationView), (status = 403, description = "Not allowed")))]
#[post("/applications")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<CreateApplicationBody>,
) -> Result<HttpResponse, ApiError> {
    let workspace = WorkspaceId::parse(&body.workspace_id)?;
    require(&state, &user, workspace.as_str(), Permission::Develop).await?;
    let name = parse_name(&body.name, "name")?;
    let app = Application {
        workspace_id: workspace.to_string(),
        slug: slugify(&name),
        name,
        is_public: body.is_public,
        icon: body.icon.clone(),
        color: body.color.clone(),
        published_snapshot_id: None,
        last_deployed_at: None,
    };
    let id = ApplicationId::new();
    let stored = Repo::<Application>::new(state.store.as_ref())
        .insert(id.as_str(), &app)
        .await?;
    let page = Page {
        application_id: id.to_string(),
        workspace_id: workspace.to_string(),
        name: "Page1".into(),
        slug: "page1".into(),
        order: 0,
        is_default: true,
        is_hidden: false,
        dsl: empty_dsl(),
    };
    Repo::<Page>::new(state.store.as_ref())
        .insert(PageId::new().as_str(), &page)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.create",
        "application",
        id.as_str(),
        Some(workspace.as_str()),
        json!({"name": app.name}),
    )
    .await;
    let pages = pages_of(&state, id.as_str()).await?;
    Ok(envelope::created(ApplicationView::new(
        &stored,
        summaries(&pages),
    )))
}
