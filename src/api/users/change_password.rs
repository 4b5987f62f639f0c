//! `PUT /api/v1/users/me/password`: change one's own password. Every other session of
//! the user ends; this browser gets a fresh one.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::envelope;
use crate::auth::{CurrentUser, password, session_cookie};
use crate::domain::Repo;
use crate::domain::user::User;
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordBody {
    pub current_password: String,
    pub new_password: String,
}

/// Change the current user's password.
#[utoipa::path(operation_id = "usersChangePasswordChangePassword", put, path = "/api/v1/users/me/password", tag = "users", request_body = ChangePasswordBody,
    responses((status = 200, description = "Changed; other sessions ended"),
              (status = 400, description = "Wrong current password or weak new one")))]
#[put("/users/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<ChangePasswordBody>,
) -> Result<HttpResponse, ApiError> {
    password::check_policy(&body.new_password, "newPassword")?;
    let users = Repo::<User>::new(state.store.as_ref());
    let mut stored = users.get(user.id.as_str()).await?;
    if !password::verify(&body.current_password, &stored.value.password_hash).await {
        return Err(ApiError::invalid_at(
            "WRONG_PASSWORD",
            "currentPassword",
            "The current password is wrong.",
        ));
    }
    stored.value.password_hash = password::hash(&body.new_password).await?;
    stored.value.password_reset = None;
    users
        .update(&stored.id, stored.version, &stored.value)
        .await?;
    end_all_sessions(&state, user.id.as_str()).await?;
    let cookie = session_cookie::start(&state, &req, user.id.as_str()).await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "user.password_change",
        "user",
        user.id.as_str(),
        None,
        json!({}),
    )
    .await;
    let mut response = envelope::ok(true);
    response
        .add_cookie(&cookie)
        .map_err(|err| ApiError::Internal(err.into()))?;
    Ok(response)
}

pub async fn end_all_sessions(state: &AppState, user_id: &str) -> Result<(), ApiError> {
    state
        .sessions
        .remove_user(user_id)
        .await
        .map_err(|err| ApiError::Unavailable(err.to_string()))?;
    Ok(())
}
