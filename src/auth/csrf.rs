//! CSRF defence: a state-changing API request must carry `X-Requested-By: tessera`.
//! Browsers cannot add custom headers to cross-site form posts, so a forged request
//! fails here. Sign-up, log-in and password reset act on no existing session and may be
//! plain form posts, so they are exempt.

use actix_web::dev::ServiceRequest;
use actix_web::http::Method;

use crate::error::ApiError;

pub const HEADER: &str = "x-requested-by";
pub const VALUE: &str = "tessera";

const EXEMPT: &[&str] = &[
    "/api/v1/login",
    "/api/v1/users",
    "/api/v1/users/forgotPassword",
    "/api/v1/users/resetPassword",
];

pub fn check(req: &ServiceRequest) -> Result<(), ApiError> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = req.path();
    if safe || !path.starts_with("/api/") || EXEMPT.contains(&path.trim_end_matches('/')) {
        return Ok(());
    }
    let present = req
        .headers()
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case(VALUE));
    if present {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "This request must carry the header `X-Requested-By: {VALUE}`."
        )))
    }
}
