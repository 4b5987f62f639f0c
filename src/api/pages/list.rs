//! `GET /api/v1/pages?applicationId=`: the app's pages in order, as edited.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;

use crate::api::applications::{pages_of, summaries};
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::ApplicationId;
use crate::domain::application::Application;
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ListPagesParams {
    pub application_id: String,
}

/// List pages.
#[utoipa::path(operation_id = "pagesList", get, path = "/api/v1/pages", tag = "pages", params(ListPagesParams),
    responses((status = 200, description = "Pages in order", body = [crate::api::applications::PageSummary])))]
#[get("/pages")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ListPagesParams>,
) -> Result<HttpResponse, ApiError> {
    let app_id = ApplicationId::parse(&params.application_id)?;
    require_on::<Application>(&state, &user, app_id.as_str(), Permission::Develop).await?;
    Ok(envelope::ok(summaries(
        &pages_of(&state, app_id.as_str()).await?,
    )))
}
