//! `PUT /api/v1/pages/{id}/layout`: save the widget tree. The body carries the version the
//! editor read; a stale save gets 409 and changes nothing. The tree is validated first,
//! and widget names must not clash with the page's queries and JS objects.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{PageView, entity_names};
use crate::api::body::parse_json;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::page::Page;
use crate::domain::{PageId, Repo, dsl};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SaveLayoutBody {
    #[schema(value_type = Object)]
    pub dsl: Value,
    /// The page version the editor loaded.
    pub version: i64,
}

/// Save a page's layout.
#[utoipa::path(operation_id = "pagesLayoutSave", put, path = "/api/v1/pages/{pageId}/layout", tag = "pages", request_body = SaveLayoutBody,
    params(("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "Saved; the new version is returned", body = PageView),
              (status = 400, description = "Invalid layout; the error names the widget and path"),
              (status = 409, description = "Someone saved since this version was read")))]
#[put("/pages/{pageId}/layout")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let (mut page, _) = require_on::<Page>(&state, &user, id.as_str(), Permission::Develop).await?;
    let body: SaveLayoutBody = parse_json(&body)?;
    let widget_names = dsl::validate(&body.dsl)?;
    let taken = entity_names(&state, id.as_str(), None).await?;
    if let Some(clash) = widget_names.iter().find(|name| taken.contains(*name)) {
        return Err(ApiError::invalid_at(
            "DUPLICATE_NAME",
            "dsl",
            format!(
                "The widget name `{clash}` is already used by a query or JS object on this page."
            ),
        ));
    }
    page.value.dsl = body.dsl;
    let saved = Repo::<Page>::new(state.store.as_ref())
        .update(id.as_str(), body.version, &page.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.layout_save",
        "page",
        id.as_str(),
        Some(&page.value.workspace_id),
        json!({"version": saved.version, "widgets": widget_names.len()}),
    )
    .await;
    Ok(envelope::ok(PageView::new(&saved)))
}
