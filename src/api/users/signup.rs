//! `POST /api/v1/users`: create an account and log in. The first account, and anyone in
//! `TESSERA_ADMIN_EMAILS`, is an instance administrator. With sign-up disabled only
//! invited people may create accounts.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::JsonOrForm;
use crate::api::envelope;
use crate::auth::{password, session_cookie};
use crate::domain::membership::Invitation;
use crate::domain::user::{User, UserView};
use crate::domain::{Email, Repo, UserId, parse_name};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignupBody {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// Create an account and start a session.
#[utoipa::path(operation_id = "usersSignup", post, path = "/api/v1/users", tag = "users", request_body = SignupBody,
    responses((status = 201, description = "Account created and logged in", body = UserView),
              (status = 400, description = "Invalid e-mail, weak password or e-mail taken"),
              (status = 403, description = "Sign-up is limited to invited people")))]
#[post("/users")]
pub async fn signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonOrForm<SignupBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let email = Email::parse(&body.email)?;
    password::check_policy(&body.password, "password")?;
    let name = match body.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) => parse_name(name, "name")?,
        None => email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned(),
    };
    let users = Repo::<User>::new(state.store.as_ref());
    let first_user = users.count(&Query::all()).await? == 0;
    let live = state.live.get();
    if live.signup_disabled && !first_user {
        let invited = Repo::<Invitation>::new(state.store.as_ref())
            .count(&Query::all().eq("email", email.as_str()))
            .await?;
        if invited == 0 {
            return Err(ApiError::Forbidden(
                "Sign-up is limited to invited people. Ask a workspace administrator for an invitation.".into(),
            ));
        }
    }
    if users
        .find_one(&Query::all().eq("email", email.as_str()))
        .await?
        .is_some()
    {
        return Err(ApiError::invalid_at(
            "EMAIL_TAKEN",
            "email",
            "An account with this e-mail already exists. Log in instead.",
        ));
    }
    let user = User {
        is_instance_admin: first_user || live.is_admin_email(email.as_str()),
        email,
        name,
        password_hash: password::hash(&body.password).await?,
        password_reset: None,
    };
    let id = UserId::new();
    let stored = users.insert(id.as_str(), &user).await?;
    super::invitations::accept_all(&state, user.email.as_str(), id.as_str()).await?;
    let cookie = session_cookie::start(&state, &req, id.as_str()).await?;
    let view = UserView {
        id: stored.id.clone(),
        email: user.email.as_str().to_owned(),
        name: user.name.clone(),
        is_instance_admin: user.is_instance_admin,
    };
    crate::audit::record(
        &state,
        &req,
        None,
        "user.signup",
        "user",
        &stored.id,
        None,
        json!({"email": view.email}),
    )
    .await;
    let mut response = envelope::created(&view);
    response
        .add_cookie(&cookie)
        .map_err(|err| ApiError::Internal(err.into()))?;
    Ok(response)
}
