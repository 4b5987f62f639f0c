//! `PUT /api/v1/admin/env`: change settings. Known keys only; the change is checked by
//! building the configuration it would give, then the env file is rewritten atomically.
//! Settings that can apply live do so at once; the others wait for a restart.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde_json::json;

use crate::admin::live::Live;
use crate::admin::settings;
use crate::api::envelope;
use crate::auth::InstanceAdmin;
use crate::config::env_file;
use crate::error::ApiError;
use crate::startup::AppState;

/// Change settings: `{"TESSERA_KEY": "value", "TESSERA_OTHER": null}` (null removes the key).
#[utoipa::path(operation_id = "adminPutEnvPutEnv", put, path = "/api/v1/admin/env", tag = "admin",
    request_body(content = BTreeMap<String, Option<String>>, description = "Keys to change; null restores the default"),
    responses((status = 200, description = "Saved; says whether a restart is needed"),
              (status = 400, description = "Unknown key, invalid value, or a key fixed by the environment"),
              (status = 403, description = "Not an instance administrator"),
              (status = 409, description = "The server was started without an env file")))]
#[put("/admin/env")]
pub async fn put_env(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: InstanceAdmin,
    body: web::Json<BTreeMap<String, Option<String>>>,
) -> Result<HttpResponse, ApiError> {
    let running = &state.config.layers;
    let Some(path) = running.env_file.clone() else {
        return Err(ApiError::Conflict(
            "This server was started without an env file, so settings cannot be saved. \
             Start it with TESSERA_ENV_FILE pointing at one."
                .into(),
        ));
    };
    let current = settings::current_layers(running)?;
    let plan = settings::plan(&current, &body)?;
    let writes = plan.writes.clone();
    tokio::task::spawn_blocking(move || env_file::rewrite(&path, &writes))
        .await
        .map_err(|err| ApiError::Internal(err.into()))?
        .map_err(|err| ApiError::Internal(err.into()))?;
    state.live.replace(Live::from_config(&plan.config));
    let keys: Vec<&str> = plan.writes.iter().map(|(key, _)| key.as_str()).collect();
    // Only the names: values may be secrets.
    tracing::info!(keys = ?keys, "settings saved");
    crate::audit::record(
        &state,
        &req,
        Some(&admin.0),
        "settings.update",
        "settings",
        "env",
        None,
        json!({ "keys": keys }),
    )
    .await;
    let saved = settings::current_layers(running)?;
    Ok(envelope::ok(json!({
        "settings": settings::view(&saved, running),
        "restartRequired": plan.needs_restart,
    })))
}
