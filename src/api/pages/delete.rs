//! `DELETE /api/v1/pages/{id}`: with its queries and JS objects. The last page cannot go,
//! and when the default page goes the first remaining page becomes the default.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use serde_json::json;

use crate::api::applications::pages_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::page::Page;
use crate::domain::{PageId, Repo};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Delete a page.
#[utoipa::path(operation_id = "pagesDelete", delete, path = "/api/v1/pages/{pageId}", tag = "pages",
    params(("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "Deleted"), (status = 409, description = "The last page cannot be deleted")))]
#[delete("/pages/{pageId}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let (page, _) = require_on::<Page>(&state, &user, id.as_str(), Permission::Develop).await?;
    let pages = pages_of(&state, &page.value.application_id).await?;
    if pages.len() <= 1 {
        return Err(ApiError::Conflict("An app needs at least one page.".into()));
    }
    state.store.delete("pages", id.as_str()).await?;
    let of_page = Query::all().eq("pageId", id.as_str());
    state.store.delete_where("actions", &of_page).await?;
    state
        .store
        .delete_where("action_collections", &of_page)
        .await?;
    if page.value.is_default
        && let Some(next) = pages.iter().find(|p| p.id != page.id)
    {
        let mut next = next.clone();
        next.value.is_default = true;
        Repo::<Page>::new(state.store.as_ref())
            .update(&next.id, next.version, &next.value)
            .await?;
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.delete",
        "page",
        id.as_str(),
        Some(&page.value.workspace_id),
        json!({"name": page.value.name}),
    )
    .await;
    Ok(envelope::ok(true))
}
