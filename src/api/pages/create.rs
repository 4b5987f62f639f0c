//! `POST /api/v1/pages`: a new empty page at the end of the app.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use super::PageView;
use crate::api::applications::pages_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::application::{Application, slugify};
use crate::domain::page::{Page, empty_dsl};
use crate::domain::{ApplicationId, PageId, Repo, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatePageBody {
    pub application_id: String,
    pub name: String,
}

/// Add a page.
#[utoipa::path(operation_id = "pagesCreate", post, path = "/api/v1/pages", tag = "pages", request_body = CreatePageBody,
    responses((status = 201, description = "Created", body = PageView), (status = 400, description = "Name taken")))]
#[post("/pages")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<CreatePageBody>,
) -> Result<HttpResponse, ApiError> {
    let app_id = ApplicationId::parse(&body.application_id)?;
    let (app, _) =
        require_on::<Application>(&state, &user, app_id.as_str(), Permission::Develop).await?;
    let name = parse_name(&body.name, "name")?;
    let pages = pages_of(&state, app_id.as_str()).await?;
    if pages.iter().any(|p| p.value.name == name) {
        return Err(ApiError::invalid_at(
            "DUPLICATE_NAME",
            "name",
            format!("The app already has a page called {name}."),
        ));
    }
    let page = Page {
        application_id: app_id.to_string(),
        workspace_id: app.value.workspace_id.clone(),
        slug: slugify(&name),
        order: pages.last().map_or(0, |p| p.value.order + 1),
        is_default: pages.is_empty(),
        is_hidden: false,
        dsl: empty_dsl(),
        name,
    };
    let id = PageId::new();
    let stored = Repo::<Page>::new(state.store.as_ref())
        .insert(id.as_str(), &page)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.create",
        "page",
        id.as_str(),
        Some(&page.workspace_id),
        json!({"name": page.name, "applicationId": app_id}),
    )
    .await;
    Ok(envelope::created(PageView::new(&stored)))
}
