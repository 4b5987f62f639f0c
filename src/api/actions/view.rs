//! `GET /api/v1/actions/view?applicationId=`: what the viewer needs of the published
//! queries — never their text or settings, only names, triggers and the binding
//! expressions whose values a run sends.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::applications::view::published;
use crate::api::envelope;
use crate::auth::MaybeUser;
use crate::domain::ApplicationId;
use crate::domain::bindings::expressions_in;
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ViewParams {
    pub application_id: String,
}

/// Published queries of an application.
#[utoipa::path(operation_id = "actionsView", get, path = "/api/v1/actions/view", tag = "view", params(ViewParams),
    responses((status = 200, description = "Published queries"), (status = 403, description = "No access")))]
#[get("/actions/view")]
pub async fn view(
    state: web::Data<AppState>,
    user: MaybeUser,
    params: web::Query<ViewParams>,
) -> Result<HttpResponse, ApiError> {
    let app = ApplicationId::parse(&params.application_id)?;
    let (_, publication) = published(&state, &user, app.as_str()).await?;
    let actions: Vec<_> = publication
        .actions
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "name": a.value.name,
                "pageId": a.value.page_id,
                "pluginId": a.value.plugin_id,
                "executeOnLoad": a.value.execute_on_load,
                "confirmBeforeExecute": a.value.confirm_before_execute,
                "jsonPathKeys": expressions_in(&a.value.action_configuration),
                "timeoutInMillisecond": a.value.action_configuration.get("timeoutInMillisecond"),
            })
        })
        .collect();
    Ok(envelope::ok(actions))
}
