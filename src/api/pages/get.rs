//! `GET /api/v1/pages/{id}`: a page with its layout, in edit mode.

use actix_web::{HttpResponse, get, web};

use super::PageView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::PageId;
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::startup::AppState;

/// Read a page in edit mode.
#[utoipa::path(operation_id = "pagesGet", get, path = "/api/v1/pages/{pageId}", tag = "pages",
    params(("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "The page with its layout", body = PageView), (status = 403, description = "Not allowed")))]
#[get("/pages/{pageId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let (page, _) = require_on::<Page>(&state, &user, id.as_str(), Permission::Develop).await?;
    Ok(envelope::ok(PageView::new(&page)))
}
