//! `POST /api/v1/login`: check the password and start a fresh session. Failed attempts
//! are counted per account and per address; past the limit, 429 with `Retry-After`.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::JsonOrForm;
use crate::api::envelope;
use crate::audit::client_ip;
use crate::auth::{password, session_cookie};
use crate::domain::user::{User, UserView};
use crate::domain::{Email, Repo};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// Verifying against this hash when the account does not exist takes as long as a real
/// check, so response times do not reveal which e-mails have accounts.
static DECOY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    /// Appsmith's log-in form calls the e-mail `username`.
    #[serde(alias = "username")]
    pub email: String,
    pub password: String,
}

/// Log in with e-mail and password (JSON or form-encoded).
#[utoipa::path(operation_id = "usersLogin", post, path = "/api/v1/login", tag = "users", request_body = LoginBody,
    responses((status = 200, description = "Logged in; session cookie set", body = UserView),
              (status = 401, description = "Wrong e-mail or password"),
              (status = 429, description = "Too many failed attempts; see Retry-After")))]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonOrForm<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let email = Email::parse(&body.email).map_err(|_| wrong_credentials())?;
    let account_key = format!("account:{}", email.as_str());
    let keys = vec![
        account_key.clone(),
        format!("ip:{}", client_ip(&req).unwrap_or_default()),
    ];
    if let Some(retry_after_secs) = state.login_throttle.retry_after(&keys) {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let user = Repo::<User>::new(state.store.as_ref())
        .find_one(&Query::all().eq("email", email.as_str()))
        .await?;
    let decoy = DECOY_HASH
        .get_or_try_init(|| password::hash("decoy password for unknown accounts"))
        .await?;
    let hash = user
        .as_ref()
        .map_or(decoy.as_str(), |u| u.value.password_hash.as_str());
    let valid = password::verify(&body.password, hash).await && user.is_some();
    let Some(user) = user.filter(|_| valid) else {
        let failures = state.login_throttle.record_failure(&keys);
        if failures >= 3 {
            // Slow repeated guessing before the hard limit refuses it.
            let delay = 250 * u64::try_from(failures - 2).unwrap_or(1);
            tokio::time::sleep(Duration::from_millis(delay.min(2_000))).await;
        }
        crate::audit::record(
            &state,
            &req,
            None,
            "user.login_failed",
            "user",
            email.as_str(),
            None,
            json!({}),
        )
        .await;
        return Err(wrong_credentials());
    };
    state.login_throttle.clear(&account_key);
    super::invitations::accept_all(&state, email.as_str(), &user.id).await?;
    let cookie = session_cookie::start(&state, &req, &user.id).await?;
    let view = UserView {
        id: user.id.clone(),
        email: email.as_str().to_owned(),
        name: user.value.name.clone(),
        is_instance_admin: user.value.is_instance_admin
            || state.live.get().is_admin_email(email.as_str()),
    };
    crate::audit::record(
        &state,
        &req,
        None,
        "user.login",
        "user",
        &user.id,
        None,
        json!({}),
    )
    .await;
    let mut response = envelope::ok(&view);
    response
        .add_cookie(&cookie)
        .map_err(|err| ApiError::Internal(err.into()))?;
    Ok(response)
}

fn wrong_credentials() -> ApiError {
    ApiError::InvalidCredentials("The e-mail or password is wrong.".into())
}
