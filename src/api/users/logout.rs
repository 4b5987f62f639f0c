//! `POST /api/v1/logout`: ends this browser's session.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::api::envelope;
use crate::auth::{CurrentUser, session_cookie};
use crate::error::ApiError;
use crate::startup::AppState;

/// End the current session.
#[utoipa::path(operation_id = "usersLogout", post, path = "/api/v1/logout", tag = "users",
    responses((status = 200, description = "Logged out"), (status = 401, description = "Not logged in")))]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
) -> Result<HttpResponse, ApiError> {
    state
        .sessions
        .remove(&user.session_id)
        .await
        .map_err(|err| ApiError::Unavailable(err.to_string()))?;
    let mut response = envelope::ok(true);
    response
        .add_cookie(&session_cookie::removal(&req))
        .map_err(|err| ApiError::Internal(err.into()))?;
    Ok(response)
}
