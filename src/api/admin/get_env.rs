//! `GET /api/v1/admin/env`: every setting with its value (secrets masked), where it comes
//! from, and whether the process environment fixes it.

use actix_web::{HttpResponse, get, web};
use serde_json::json;

use crate::admin::restart::Mode;
use crate::admin::settings::{self, SettingView};
use crate::api::envelope;
use crate::auth::InstanceAdmin;
use crate::error::ApiError;
use crate::startup::AppState;

/// Read the instance settings.
#[utoipa::path(operation_id = "adminGetEnvGetEnv", get, path = "/api/v1/admin/env", tag = "admin",
    responses((status = 200, description = "Settings, secrets masked", body = [SettingView]),
              (status = 403, description = "Not an instance administrator")))]
#[get("/admin/env")]
pub async fn get_env(
    state: web::Data<AppState>,
    _admin: InstanceAdmin,
) -> Result<HttpResponse, ApiError> {
    let running = &state.config.layers;
    let current = settings::current_layers(running)?;
    Ok(envelope::ok(json!({
        "settings": settings::view(&current, running),
        "envFile": running.env_file.as_ref().map(|path| path.display().to_string()),
        "restartMode": Mode::current().name(),
    })))
}
