//! `POST /api/v1/applications/import/{workspaceId}`: creates an app from Tessera's own
//! export or from Appsmith's, sent as a JSON body or as a multipart file. The answer is a
//! report of what was carried over, changed, or left out.

use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::TryStreamExt;
use serde_json::{Value, json};

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::WorkspaceId;
use crate::domain::bundle::{self, Bundle, FORMAT};
use crate::domain::bundle_write::{ImportReport, create_app};
use crate::error::ApiError;
use crate::startup::AppState;

/// Reads the file out of a multipart body (the first part), or the body itself.
async fn file_bytes(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let is_multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut bytes = Vec::new();
    if is_multipart {
        let mut form = actix_multipart::Multipart::new(req.headers(), payload);
        if let Some(mut field) = form.try_next().await.map_err(|e| {
            ApiError::bad_request(
                "INVALID_BODY",
                format!("The upload could not be read: {e}."),
            )
        })? {
            while let Some(chunk) = field.try_next().await.map_err(|e| {
                ApiError::bad_request(
                    "INVALID_BODY",
                    format!("The upload could not be read: {e}."),
                )
            })? {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > limit {
                    return Err(ApiError::PayloadTooLarge {
                        limit_mb: limit / (1024 * 1024),
                    });
                }
            }
        }
    } else {
        let mut payload = payload;
        while let Some(chunk) = payload.try_next().await.map_err(|e| {
            ApiError::bad_request("INVALID_BODY", format!("The body could not be read: {e}."))
        })? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > limit {
                return Err(ApiError::PayloadTooLarge {
                    limit_mb: limit / (1024 * 1024),
                });
            }
        }
    }
    Ok(bytes)
}

/// Import an application (Tessera or Appsmith export).
#[utoipa::path(operation_id = "applicationsImport", post, path = "/api/v1/applications/import/{workspaceId}", tag = "applications",
    params(("workspaceId" = String, Path, description = "The workspace to import into")),
    request_body(content = Object, description = "The export file as JSON, or multipart with the file"),
    responses((status = 201, description = "Imported; the report lists what was changed or left out", body = ImportReport),
              (status = 400, description = "Not an export file")))]
#[post("/applications/import/{workspaceId}")]
pub async fn import(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let workspace = WorkspaceId::parse(&path.into_inner())?;
    require(&state, &user, workspace.as_str(), Permission::Develop).await?;
    let bytes = file_bytes(&req, payload, state.config.max_body_bytes).await?;
    let value: Value = crate::api::body::parse_json(&bytes)?;
    let mut report = ImportReport::default();
    let bundle: Bundle = if bundle::is_appsmith(&value) {
        bundle::from_appsmith(&value, &mut report.skipped)
    } else if value.get("format").and_then(Value::as_str) == Some(FORMAT) {
        crate::api::body::from_value(value)?
    } else {
        return Err(ApiError::bad_request(
            "UNKNOWN_IMPORT_FORMAT",
            "This file is neither a Tessera nor an Appsmith application export.",
        ));
    };
    let name = if bundle.application.name.trim().is_empty() {
        "Imported app".to_owned()
    } else {
        bundle.application.name.clone()
    };
    let report = create_app(&state, workspace.as_str(), &bundle, &name, report).await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "application.import",
        "application",
        &report.application_id,
        Some(workspace.as_str()),
        json!({"name": name, "pages": report.pages, "skipped": report.skipped.len()}),
    )
    .await;
    Ok(envelope::created(report))
}
