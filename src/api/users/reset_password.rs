//! Password reset. Without mail configured, an instance administrator creates a one-time
//! link (valid 24 hours) and hands it over; the link's token is `<userId>.<secret>` and
//! only the secret's SHA-256 is stored.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::JsonOrForm;
use crate::api::envelope;
use crate::auth::session_cookie::{new_token, session_id};
use crate::auth::{InstanceAdmin, password};
use crate::domain::user::{PasswordReset, User};
use crate::domain::{Repo, UserId};
use crate::error::ApiError;
use crate::session::now_millis;
use crate::startup::AppState;

const LINK_LIFETIME_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ForgotPasswordBody {
    pub email: String,
}

/// Ask for a reset. The answer is the same whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/users/forgotPassword", tag = "users", request_body = ForgotPasswordBody,
    responses((status = 200, description = "Instructions, without saying whether the account exists")))]
#[post("/users/forgotPassword")]
pub async fn forgot_password(
    body: JsonOrForm<ForgotPasswordBody>,
) -> Result<HttpResponse, ApiError> {
    let _ = body.0.email;
    Ok(envelope::ok(json!({
        "message": "Mail is not configured on this instance. Ask an instance administrator for a password reset link."
    })))
}

/// Create a one-time reset link for a user (instance administrators).
#[utoipa::path(post, path = "/api/v1/admin/users/{userId}/password-reset", tag = "admin",
    params(("userId" = String, Path, description = "The user")),
    responses((status = 200, description = "The link path with its token"), (status = 403, description = "Not an instance administrator")))]
#[post("/admin/users/{user_id}/password-reset")]
pub async fn create_reset_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: InstanceAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user_id = UserId::parse(&path.into_inner())?;
    let users = Repo::<User>::new(state.store.as_ref());
    let mut stored = users.get(user_id.as_str()).await?;
    let secret = new_token();
    stored.value.password_reset = Some(PasswordReset {
        secret_hash: session_id(&secret),
        expires_at: now_millis() + LINK_LIFETIME_MS,
    });
    users
        .update(&stored.id, stored.version, &stored.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&admin.0),
        "user.password_reset_link",
        "user",
        user_id.as_str(),
        None,
        json!({}),
    )
    .await;
    let token = format!("{user_id}.{secret}");
    Ok(envelope::ok(json!({
        "token": token,
        "path": format!("/user/resetPassword?token={token}"),
        "expiresAt": now_millis() + LINK_LIFETIME_MS,
    })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetPasswordBody {
    pub token: String,
    pub password: String,
}

/// Set a new password with a reset link's token; ends every session of the user.
#[utoipa::path(post, path = "/api/v1/users/resetPassword", tag = "users", request_body = ResetPasswordBody,
    responses((status = 200, description = "Password changed"), (status = 400, description = "Invalid or expired link, or weak password")))]
#[post("/users/resetPassword")]
pub async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonOrForm<ResetPasswordBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let invalid = || {
        ApiError::invalid_at(
            "INVALID_RESET_LINK",
            "token",
            "This reset link is invalid or has expired. Ask for a new one.",
        )
    };
    password::check_policy(&body.password, "password")?;
    let (user_id, secret) = body.token.split_once('.').ok_or_else(invalid)?;
    let user_id = UserId::parse(user_id).map_err(|_| invalid())?;
    let users = Repo::<User>::new(state.store.as_ref());
    let mut stored = users
        .find_by_id(user_id.as_str())
        .await?
        .ok_or_else(invalid)?;
    let valid = stored.value.password_reset.as_ref().is_some_and(|reset| {
        reset.secret_hash == session_id(secret) && reset.expires_at > now_millis()
    });
    if !valid {
        return Err(invalid());
    }
    stored.value.password_hash = password::hash(&body.password).await?;
    stored.value.password_reset = None;
    users
        .update(&stored.id, stored.version, &stored.value)
        .await?;
    super::change_password::end_all_sessions(&state, user_id.as_str()).await?;
    crate::audit::record(
        &state,
        &req,
        None,
        "user.password_reset",
        "user",
        user_id.as_str(),
        None,
        json!({}),
    )
    .await;
    Ok(envelope::ok(true))
}
