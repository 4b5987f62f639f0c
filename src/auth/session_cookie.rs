//! The session cookie: a random token the browser holds. The store keeps only its
//! SHA-256, so a leaked session store holds no usable tokens.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::session::{Session, now_millis};
use crate::startup::AppState;

pub const COOKIE: &str = "SESSION";
pub const LIFETIME_DAYS: i64 = 30;

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn session_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// True when the browser reached us over https (directly or through the proxy).
fn is_https(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

pub fn cookie(req: &HttpRequest, token: &str) -> Cookie<'static> {
    Cookie::build(COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(is_https(req))
        .max_age(CookieDuration::days(LIFETIME_DAYS))
        .finish()
}

pub fn removal(req: &HttpRequest) -> Cookie<'static> {
    let mut cookie = cookie(req, "");
    cookie.make_removal();
    cookie
}

/// Starts a fresh session for the user, ending the one this browser had (rotation at
/// log-in defeats session fixation). Returns the cookie to set.
pub async fn start(
    state: &AppState,
    req: &HttpRequest,
    user_id: &str,
) -> Result<Cookie<'static>, crate::error::ApiError> {
    if let Some(old) = req.cookie(COOKIE) {
        state
            .sessions
            .remove(&session_id(old.value()))
            .await
            .map_err(|err| crate::error::ApiError::Unavailable(err.to_string()))?;
    }
    let token = new_token();
    let now = now_millis();
    let session = Session {
        id: session_id(&token),
        user_id: user_id.to_owned(),
        data: serde_json::Value::Null,
        created_at: now,
        expires_at: now + LIFETIME_DAYS * 24 * 3600 * 1000,
    };
    state
        .sessions
        .save(&session)
        .await
        .map_err(|err| crate::error::ApiError::Unavailable(err.to_string()))?;
    Ok(cookie(req, &token))
}
