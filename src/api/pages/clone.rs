//! `POST /api/v1/pages/clone/{id}`: a copy of a page with its queries and JS objects,
//! renamed so that names stay unique on the new page.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde_json::json;

use super::PageView;
use crate::api::applications::pages_of;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::action::{Action, ActionCollection};
use crate::domain::application::slugify;
use crate::domain::page::Page;
use crate::domain::{PageId, Repo, new_id};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Clone a page.
#[utoipa::path(operation_id = "pagesClone", post, path = "/api/v1/pages/clone/{pageId}", tag = "pages",
    params(("pageId" = String, Path, description = "The page")),
    responses((status = 201, description = "The copy", body = PageView)))]
#[post("/pages/clone/{pageId}")]
pub async fn clone(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let (page, _) = require_on::<Page>(&state, &user, id.as_str(), Permission::Develop).await?;
    let siblings = pages_of(&state, &page.value.application_id).await?;
    let name = (1..)
        .map(|n| {
            if n == 1 {
                format!("{} Copy", page.value.name)
            } else {
                format!("{} Copy {n}", page.value.name)
            }
        })
        .find(|candidate| !siblings.iter().any(|p| &p.value.name == candidate))
        .unwrap_or_default();
    let copy = Page {
        slug: slugify(&name),
        name,
        order: siblings.last().map_or(0, |p| p.value.order + 1),
        is_default: false,
        ..page.value.clone()
    };
    let new_id_page = PageId::new();
    let stored = Repo::<Page>::new(state.store.as_ref())
        .insert(new_id_page.as_str(), &copy)
        .await?;
    // Names are per page, so the copies keep theirs.
    let of_page = Query::all().eq("pageId", id.as_str());
    let actions = Repo::<Action>::new(state.store.as_ref());
    for action in actions.find(&of_page).await? {
        actions
            .insert(
                &new_id(),
                &Action {
                    page_id: new_id_page.to_string(),
                    ..action.value
                },
            )
            .await?;
    }
    let collections = Repo::<ActionCollection>::new(state.store.as_ref());
    for collection in collections.find(&of_page).await? {
        collections
            .insert(
                &new_id(),
                &ActionCollection {
                    page_id: new_id_page.to_string(),
                    ..collection.value
                },
            )
            .await?;
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "page.clone",
        "page",
        new_id_page.as_str(),
        Some(&copy.workspace_id),
        json!({"from": id}),
    )
    .await;
    Ok(envelope::created(PageView::new(&stored)))
}
