//! Request bounds: bodies over `MAX_BODY_MB` are refused with 413 in the envelope, and
//! malformed JSON with 400, before any handler sees them.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::JsonPayloadError;
use actix_web::{Error, HttpRequest, ResponseError, http::header, web};

use crate::error::ApiError;

/// Refuses a declared body larger than the limit without reading it.
pub fn check_declared_length(req: &ServiceRequest, limit: usize) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    match declared {
        Some(length) if length > limit => Err(too_large(limit)),
        _ => Ok(()),
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge {
        limit_mb: limit / (1024 * 1024),
    }
}

/// JSON extractor settings: the same limit for streamed bodies, and errors in the envelope.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |err, _req: &HttpRequest| {
            let api = match &err {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => too_large(limit),
                JsonPayloadError::ContentType => ApiError::bad_request(
                    "UNSUPPORTED_CONTENT_TYPE",
                    "Send the body as JSON with Content-Type: application/json.",
                ),
                JsonPayloadError::Deserialize(inner) => ApiError::bad_request(
                    "INVALID_JSON",
                    format!("The request body is not valid: {inner}."),
                ),
                other => ApiError::bad_request(
                    "INVALID_BODY",
                    format!("The request body could not be read: {other}."),
                ),
            };
            actix_web::error::InternalError::from_response(err, api.error_response()).into()
        })
}

/// Raw body settings, for handlers that read bytes or forms.
pub fn payload_config(limit: usize) -> web::PayloadConfig {
    web::PayloadConfig::new(limit)
}

/// Turns the early refusal into a response.
pub fn refuse(req: ServiceRequest, err: &ApiError) -> Result<ServiceResponse, Error> {
    let (req, _) = req.into_parts();
    Ok(ServiceResponse::new(req, err.error_response()))
}
