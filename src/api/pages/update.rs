//! `PUT /api/v1/pages/{id}`: rename or hide a page.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::json;

use super::PageView;
use crate::api::applications::pages_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::application::slugify;
use crate::domain::page::Page;
use crate::domain::{PageId, Repo, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePageBody {
    pub name: Option<String>,
    pub is_hidden: Option<bool>,
}

/// Rename or hide a page.
#[utoipa::path(operation_id = "pagesUpdate", put, path = "/api/v1/pages/{pageId}", tag = "pages", request_body = UpdatePageBody,
    params(("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "Changed", body = PageView), (status = 400, description = "Name taken")))]
#[put("/pages/{pageId}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<UpdatePageBody>,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let (mut page, _) = require_on::<Page>(&state, &user, id.as_str(), Permission::Develop).await?;
    if let Some(name) = &body.name {
        let name = parse_name(name, "name")?;
        let siblings = pages_of(&state, &page.value.application_id).await?;
        if siblings
            .iter()
            .any(|p| p.id != page.id && p.value.name == name)
        {
            return Err(ApiError::invalid_at(
                "DUPLICATE_NAME",
                "name",
                format!("The app already has a page called {name}."),
            ));
        }
        page.value.slug = slugify(&name);
        page.value.name = name;
    }
    if let Some(hidden) = body.is_hidden {
        page.value.is_hidden = hidden;
    }
    let saved = Repo::<Page>::new(state.store.as_ref())
        .update(id.as_str(), page.version, &page.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.update",
        "page",
        id.as_str(),
        Some(&page.value.workspace_id),
        json!({"name": saved.value.name}),
    )
    .await;
    Ok(envelope::ok(PageView::new(&saved)))
}
