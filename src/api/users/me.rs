//! `GET /api/v1/users/me`: who is logged in.

use actix_web::{HttpResponse, get};

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::domain::user::UserView;
use crate::error::ApiError;

/// The logged-in user.
#[utoipa::path(operation_id = "usersMe", get, path = "/api/v1/users/me", tag = "users",
    responses((status = 200, description = "The current user", body = UserView), (status = 401, description = "Not logged in")))]
#[get("/users/me")]
pub async fn me(user: CurrentUser) -> Result<HttpResponse, ApiError> {
    Ok(envelope::ok(user.view()))
}
