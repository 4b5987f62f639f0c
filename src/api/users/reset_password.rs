//! Password reset. With mail configured, `forgotPassword` mails a one-time link; without
//! it, an instance administrator creates the link and hands it over. A link is valid for
//! 24 hours; its token is `<userId>.<secret>` and only the secret's SHA-256 is stored.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::JsonOrForm;
use crate::api::envelope;
use crate::auth::session_cookie::{new_token, session_id};
use crate::auth::{InstanceAdmin, password};
use crate::domain::user::{PasswordReset, User};
use crate::domain::{Email, Repo, UserId};
use crate::error::ApiError;
use crate::session::now_millis;
use crate::startup::AppState;
use crate::store::Query;

const LINK_LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// Stores a fresh reset secret for the user and returns the link's token.
async fn issue_token(state: &AppState, user_id: &str) -> Result<String, ApiError> {
    let users = Repo::<User>::new(state.store.as_ref());
    let mut stored = users.get(user_id).await?;
    let secret = new_token();
    stored.value.password_reset = Some(PasswordReset {
        secret_hash: session_id(&secret),
        expires_at: now_millis() + LINK_LIFETIME_MS,
    });
    users
        .update(&stored.id, stored.version, &stored.value)
        .await?;
    Ok(format!("{user_id}.{secret}"))
}

fn link_path(token: &str) -> String {
    format!("/user/resetPassword?token={token}")
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ForgotPasswordBody {
    pub email: String,
}

/// Ask for a reset link by mail. The answer is the same whether or not the account exists.
#[utoipa::path(operation_id = "usersResetPasswordForgotPassword", post, path = "/api/v1/users/forgotPassword", tag = "users", request_body = ForgotPasswordBody,
    responses((status = 200, description = "Instructions, without saying whether the account exists")))]
#[post("/users/forgotPassword")]
pub async fn forgot_password(
    state: web::Data<AppState>,
    body: JsonOrForm<ForgotPasswordBody>,
) -> Result<HttpResponse, ApiError> {
    let Some(mailer) = state.mailer.clone() else {
        return Ok(envelope::ok(json!({
            "mailSent": false,
            "message": "Mail is not configured on this instance. Ask an instance administrator for a password reset link."
        })));
    };
    let email = Email::parse(&body.0.email)?;
    let user = Repo::<User>::new(state.store.as_ref())
        .find_one(&Query::all().eq("email", email.as_str()))
        .await?;
    if let Some(user) = user {
        let token = issue_token(&state, &user.id).await?;
        // Sent in the background so that the answer takes as long for unknown accounts.
        tokio::spawn(async move {
            let link = format!("{}{}", mailer.base_url, link_path(&token));
            let body = format!(
                "Someone asked to reset the password of your Tessera account.\n\nTo choose a new password, open this link within 24 hours:\n\n{link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n"
            );
            if let Err(err) = mailer
                .send(email.as_str(), "Reset your Tessera password", body)
                .await
            {
                tracing::warn!(error = %err, "password reset mail failed");
            }
        });
    }
    Ok(envelope::ok(json!({
        "mailSent": true,
        "message": "If an account exists for this e-mail, a reset link is on its way."
    })))
}

/// Create a one-time reset link for a user (instance administrators).
#[utoipa::path(operation_id = "usersResetPasswordCreateResetLink", post, path = "/api/v1/admin/users/{userId}/password-reset", tag = "admin",
    params(("userId" = String, Path, description = "The user")),
    responses((status = 200, description = "The link path with its token"), (status = 403, description = "Not an instance administrator")))]
#[post("/admin/users/{userId}/password-reset")]
pub async fn create_reset_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: InstanceAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user_id = UserId::parse(&path.into_inner())?;
    let token = issue_token(&state, user_id.as_str()).await?;
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
    Ok(envelope::ok(json!({
        "token": token,
        "path": link_path(&token),
        "expiresAt": now_millis() + LINK_LIFETIME_MS,
    })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetPasswordBody {
    pub token: String,
    pub password: String,
}

/// Set a new password with a reset link's token; ends every session of the user.
#[utoipa::path(operation_id = "usersResetPasswordResetPassword", post, path = "/api/v1/users/resetPassword", tag = "users", request_body = ResetPasswordBody,
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
