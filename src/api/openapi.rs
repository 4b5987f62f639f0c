//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tessera API", description = "Build internal tools: workspaces, apps, pages, queries."),
    paths(super::health::health, openapi_json),
    tags((name = "health", description = "Liveness of the backend and its stores"),
         (name = "meta", description = "This document"))
)]
pub struct ApiDoc;

/// The document itself.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

/// The document as pretty JSON, for `tessera openapi`.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}
