//! `POST /api/v1/admin/restart`: restart the backend (and the rts) so saved settings
//! apply. Answers 202 first; the client then polls `/api/v1/health` until it is back.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde_json::json;

use crate::admin::restart::Mode;
use crate::api::envelope;
use crate::auth::InstanceAdmin;
use crate::error::ApiError;
use crate::startup::AppState;

/// Restart the server.
#[utoipa::path(operation_id = "adminRestart", post, path = "/api/v1/admin/restart", tag = "admin",
    responses((status = 202, description = "Restart scheduled; poll /api/v1/health"),
              (status = 403, description = "Not an instance administrator")))]
#[post("/admin/restart")]
pub async fn restart(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: InstanceAdmin,
) -> Result<HttpResponse, ApiError> {
    let mode = Mode::current();
    crate::audit::record(
        &state,
        &req,
        Some(&admin.0),
        "server.restart",
        "server",
        "backend",
        None,
        json!({ "mode": mode.name() }),
    )
    .await;
    tracing::info!(mode = mode.name(), "restart requested by an administrator");
    state.restarter.request(mode.clone());
    Ok(envelope::respond(
        StatusCode::ACCEPTED,
        json!({ "mode": mode.name() }),
    ))
}
