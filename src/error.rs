//! The one API error type. Each variant has a stable code (clients and tests match on
//! it), an HTTP status, and a sentence for people; the log gets the underlying cause.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Input that fails validation; `path` names the offending field when known.
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: String,
        path: Option<String>,
    },
    #[error("You need to log in to do this.")]
    Unauthorized,
    #[error("{0}")]
    InvalidCredentials(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("The request body is larger than the limit of {limit_mb} MB.")]
    PayloadTooLarge { limit_mb: usize },
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    /// Anything unexpected: the cause is logged, the user sees a generic sentence.
    #[error("Something went wrong on the server. The error was logged; try again.")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
            path: None,
        }
    }

    pub fn invalid_at(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
            path: Some(path.into()),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } => code,
            ApiError::Unauthorized => "UNAUTHORIZED",
            ApiError::InvalidCredentials(_) => "INVALID_CREDENTIALS",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            ApiError::TooManyRequests { .. } => "TOO_MANY_REQUESTS",
            ApiError::Unavailable(_) => "SERVICE_UNAVAILABLE",
            ApiError::Internal(_) => "INTERNAL_ERROR",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict { .. } => ApiError::Conflict(
                "Someone else changed this since you loaded it. Reload to see their version."
                    .into(),
            ),
            StoreError::NotFound { collection, id } => {
                ApiError::NotFound(format!("No {collection} with id {id} exists."))
            }
            StoreError::Duplicate { field, .. } => ApiError::BadRequest {
                code: "DUPLICATE",
                message: format!("That {field} is already taken."),
                path: Some(field),
            },
            StoreError::Unavailable(reason) => {
                ApiError::Unavailable(format!("The metadata store is not reachable: {reason}"))
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized | ApiError::InvalidCredentials(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let mut error = json!({ "code": self.code(), "message": self.to_string() });
        if let ApiError::BadRequest {
            path: Some(path), ..
        } = self
        {
            error["path"] = json!(path);
        }
        let mut response = HttpResponse::build(status);
        if let ApiError::TooManyRequests { retry_after_secs } = self {
            response.insert_header(("Retry-After", retry_after_secs.to_string()));
        }
        response.json(json!({
            "responseMeta": { "status": status.as_u16(), "success": false, "error": error },
            "data": null,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body_of(err: &ApiError) -> serde_json::Value {
        let bytes = err
            .error_response()
            .into_body()
            .try_into_bytes()
            .expect("in-memory body");
        serde_json::from_slice(&bytes).expect("json body")
    }

    #[test]
    fn error_json_is_pinned() {
        assert_eq!(
            body_of(&ApiError::NotFound("No page with id p1 exists.".into())),
            json!({
                "responseMeta": {
                    "status": 404,
                    "success": false,
                    "error": { "code": "NOT_FOUND", "message": "No page with id p1 exists." }
                },
                "data": null
            })
        );
        assert_eq!(
            body_of(&ApiError::invalid_at(
                "INVALID_DSL",
                "children[0].widgetName",
                "Duplicate name"
            )),
            json!({
                "responseMeta": {
                    "status": 400,
                    "success": false,
                    "error": { "code": "INVALID_DSL", "message": "Duplicate name", "path": "children[0].widgetName" }
                },
                "data": null
            })
        );
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let body = body_of(&ApiError::Internal(anyhow::anyhow!(
            "disk on fire at /secret/path"
        )));
        let text = body.to_string();
        assert!(!text.contains("/secret/path"), "{text}");
        assert_eq!(body["responseMeta"]["error"]["code"], "INTERNAL_ERROR");
    }
}
