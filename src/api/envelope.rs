//! The success half of the response envelope shared by every endpoint.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;
use serde_json::json;

/// `{"responseMeta": {"status", "success": true}, "data": …}` with the given status.
pub fn respond<T: Serialize>(status: StatusCode, data: T) -> HttpResponse {
    HttpResponse::build(status).json(json!({
        "responseMeta": { "status": status.as_u16(), "success": true },
        "data": data,
    }))
}

pub fn ok<T: Serialize>(data: T) -> HttpResponse {
    respond(StatusCode::OK, data)
}

pub fn created<T: Serialize>(data: T) -> HttpResponse {
    respond(StatusCode::CREATED, data)
}
