//! Extractors for the logged-in user. A handler that takes `CurrentUser` answers 401 to
//! anonymous callers; `InstanceAdmin` also answers 403 to everyone but instance admins.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};

use super::session_cookie::{COOKIE, session_id};
use crate::domain::user::{User, UserView};
use crate::domain::{Repo, UserId};
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_instance_admin: bool,
    /// The hashed session id, so log-out can end exactly this session.
    pub session_id: String,
}

impl CurrentUser {
    pub fn view(&self) -> UserView {
        UserView {
            id: self.id.to_string(),
            email: self.email.clone(),
            name: self.name.clone(),
            is_instance_admin: self.is_instance_admin,
        }
    }
}

/// The user behind the request's session cookie, if any.
pub async fn resolve(req: &HttpRequest) -> Result<Option<CurrentUser>, ApiError> {
    if let Some(user) = req.extensions().get::<CurrentUser>() {
        return Ok(Some(user.clone()));
    }
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "application state missing"
        )));
    };
    let Some(cookie) = req.cookie(COOKIE) else {
        return Ok(None);
    };
    let sid = session_id(cookie.value());
    let session = state
        .sessions
        .load(&sid)
        .await
        .map_err(|err| ApiError::Unavailable(err.to_string()))?;
    let Some(session) = session else {
        return Ok(None);
    };
    let Some(user) = Repo::<User>::new(state.store.as_ref())
        .find_by_id(&session.user_id)
        .await?
    else {
        return Ok(None);
    };
    let email = user.value.email.as_str().to_owned();
    let current = CurrentUser {
        id: UserId::parse(&user.id)?,
        is_instance_admin: user.value.is_instance_admin || state.live.get().is_admin_email(&email),
        email,
        name: user.value.name,
        session_id: sid,
    };
    req.extensions_mut().insert(current.clone());
    Ok(Some(current))
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { resolve(&req).await?.ok_or(ApiError::Unauthorized) })
    }
}

/// Anonymous callers are allowed; the handler decides (e.g. public apps).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeUser(resolve(&req).await?)) })
    }
}

#[derive(Debug, Clone)]
pub struct InstanceAdmin(pub CurrentUser);

impl FromRequest for InstanceAdmin {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = resolve(&req).await?.ok_or(ApiError::Unauthorized)?;
            if user.is_instance_admin {
                Ok(InstanceAdmin(user))
            } else {
                Err(ApiError::Forbidden(
                    "Only instance administrators can do this.".into(),
                ))
            }
        })
    }
}
