//! The HTTP API. `routes` below is the whole route tree: read it to see every endpoint.

pub mod envelope;
pub mod health;
pub mod limits;
pub mod openapi;
pub mod static_files;

use actix_web::{HttpResponse, ResponseError, web};

use crate::error::ApiError;

/// Every `/api` route. Handlers live one per file, grouped by resource.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .service(
                web::scope("/v1")
                    .service(health::health)
                    .service(openapi::openapi_json)
                    // Nested scopes would otherwise fall through to the app's static fallback.
                    .default_service(web::to(unknown_route)),
            )
            .default_service(web::to(unknown_route)),
    );
}

async fn unknown_route(req: actix_web::HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!(
        "There is no API endpoint {} {}.",
        req.method(),
        req.path()
    ))
    .error_response()
}
