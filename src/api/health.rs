//! `GET /api/v1/health`: whether the metadata store and the session store answer.

use std::future::Future;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use serde_json::{Value, json};

use crate::startup::AppState;

const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

async fn probe<E: std::fmt::Display>(
    kind: &str,
    check: impl Future<Output = Result<(), E>>,
) -> Value {
    match tokio::time::timeout(PROBE_TIMEOUT, check).await {
        Ok(Ok(())) => json!({ "kind": kind, "ok": true }),
        Ok(Err(err)) => json!({ "kind": kind, "ok": false, "error": err.to_string() }),
        Err(_) => json!({ "kind": kind, "ok": false, "error": "no answer within 2 seconds" }),
    }
}

/// Reports each part; 503 names the first part that does not answer.
#[utoipa::path(operation_id = "health", 
    get,
    path = "/api/v1/health",
    tag = "health",
    responses(
        (status = 200, description = "The metadata store and the session store answer"),
        (status = 503, description = "A part is unreachable; the error names it"),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let (store, sessions) = tokio::join!(
        probe(state.store.kind(), state.store.ping()),
        probe(state.sessions.kind(), state.sessions.ping()),
    );
    let failing = [
        ("store", "metadata store", &store),
        ("sessions", "session store", &sessions),
    ]
    .into_iter()
    .find(|(_, _, part)| part["ok"] != json!(true));
    let data = json!({ "store": store, "sessions": sessions });
    let Some((part, label, detail)) = failing else {
        return crate::api::envelope::ok(data);
    };
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let code = if part == "store" {
        "STORE_UNAVAILABLE"
    } else {
        "SESSIONS_UNAVAILABLE"
    };
    let message = format!(
        "The {label} ({}) is not reachable: {}",
        detail["kind"].as_str().unwrap_or_default(),
        detail["error"].as_str().unwrap_or_default()
    );
    HttpResponse::build(status).json(json!({
        "responseMeta": {
            "status": status.as_u16(),
            "success": false,
            "error": { "code": code, "message": message },
        },
        "data": data,
    }))
}
