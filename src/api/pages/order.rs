//! Page order and the default page.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::applications::{pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::page::Page;
use crate::domain::{ApplicationId, PageId, Repo};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ReorderParams {
    /// The new 0-based position.
    pub order: usize,
}

async fn page_of_app(
    state: &AppState,
    user: &CurrentUser,
    app: &str,
    page: &str,
) -> Result<(ApplicationId, PageId), ApiError> {
    let (app, page) = (ApplicationId::parse(app)?, PageId::parse(page)?);
    let (stored, _) = require_on::<Page>(state, user, page.as_str(), Permission::Develop).await?;
    if stored.value.application_id != app.as_str() {
        return Err(ApiError::NotFound(
            "That page is not part of this app.".into(),
        ));
    }
    Ok((app, page))
}

/// Move a page to a new position.
#[utoipa::path(operation_id = "pagesOrderReorder", put, path = "/api/v1/applications/{applicationId}/pages/{pageId}/reorder", tag = "pages", params(ReorderParams,
    ("applicationId" = String, Path, description = "The application"), ("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "The pages in their new order")))]
#[put("/applications/{applicationId}/pages/{pageId}/reorder")]
pub async fn reorder(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    params: web::Query<ReorderParams>,
) -> Result<HttpResponse, ApiError> {
    let (app, page) = path.into_inner();
    let (app, page) = page_of_app(&state, &user, &app, &page).await?;
    let mut pages = pages_of(&state, app.as_str()).await?;
    let Some(from) = pages.iter().position(|p| p.id == page.as_str()) else {
        return Err(ApiError::NotFound(
            "That page is not part of this app.".into(),
        ));
    };
    let moved = pages.remove(from);
    pages.insert(params.order.min(pages.len()), moved);
    let repo = Repo::<Page>::new(state.store.as_ref());
    for (index, stored) in pages.iter_mut().enumerate() {
        let order = i64::try_from(index).unwrap_or(i64::MAX);
        if stored.value.order != order {
            stored.value.order = order;
            *stored = repo
                .update(&stored.id.clone(), stored.version, &stored.value)
                .await?;
        }
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.reorder",
        "page",
        page.as_str(),
        None,
        json!({"order": params.order}),
    )
    .await;
    Ok(envelope::ok(summaries(&pages)))
}

/// Make a page the one the app opens on.
#[utoipa::path(operation_id = "pagesOrderMakeDefault", put, path = "/api/v1/applications/{applicationId}/pages/{pageId}/makeDefault", tag = "pages",
    params(("applicationId" = String, Path, description = "The application"), ("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "The pages with the new default")))]
#[put("/applications/{applicationId}/pages/{pageId}/makeDefault")]
pub async fn make_default(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (app, page) = path.into_inner();
    let (app, page) = page_of_app(&state, &user, &app, &page).await?;
    let mut pages = pages_of(&state, app.as_str()).await?;
    let repo = Repo::<Page>::new(state.store.as_ref());
    for stored in pages.iter_mut() {
        let default = stored.id == page.as_str();
        if stored.value.is_default != default {
            stored.value.is_default = default;
            *stored = repo
                .update(&stored.id.clone(), stored.version, &stored.value)
                .await?;
        }
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.make_default",
        "page",
        page.as_str(),
        None,
        json!({}),
    )
    .await;
    Ok(envelope::ok(summaries(&pages)))
}
