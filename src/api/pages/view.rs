//! `GET /api/v1/pages/{id}/view`: a published page with its layout.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::applications::view::published;
use crate::api::envelope;
use crate::auth::MaybeUser;
use crate::domain::page::Page;
use crate::domain::{ApplicationId, PageId, Repo};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct PageViewParams {
    /// Needed only for a page deleted in the editor since the last publish.
    pub application_id: Option<String>,
}

/// Read a published page.
#[utoipa::path(operation_id = "pagesView", get, path = "/api/v1/pages/{pageId}/view", tag = "view", params(PageViewParams,
    ("pageId" = String, Path, description = "The page")),
    responses((status = 200, description = "The published page and its layout"), (status = 404, description = "Not published")))]
#[get("/pages/{pageId}/view")]
pub async fn view(
    state: web::Data<AppState>,
    user: MaybeUser,
    path: web::Path<String>,
    params: web::Query<PageViewParams>,
) -> Result<HttpResponse, ApiError> {
    let id = PageId::parse(&path.into_inner())?;
    let app_id = match &params.application_id {
        Some(app) => ApplicationId::parse(app)?.to_string(),
        None => {
            Repo::<Page>::new(state.store.as_ref())
                .get(id.as_str())
                .await?
                .value
                .application_id
        }
    };
    let (_, publication) = published(&state, &user, &app_id).await?;
    let page = publication
        .page(id.as_str())
        .ok_or_else(|| ApiError::NotFound("This page is not part of the published app.".into()))?;
    Ok(envelope::ok(json!({
        "id": page.id,
        "applicationId": app_id,
        "name": page.name,
        "slug": page.slug,
        "isDefault": page.is_default,
        "isHidden": page.is_hidden,
        "layouts": [{ "id": page.id, "dsl": page.dsl }],
    })))
}
