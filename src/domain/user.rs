//! People who log in.

use serde::{Deserialize, Serialize};

use super::{Email, Entity};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub email: Email,
    pub name: String,
    /// An argon2id PHC string; never leaves the server.
    pub password_hash: String,
    #[serde(default)]
    pub is_instance_admin: bool,
    /// A pending one-time reset link: the SHA-256 of its secret and when it expires.
    #[serde(default)]
    pub password_reset: Option<PasswordReset>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordReset {
    pub secret_hash: String,
    pub expires_at: i64,
}

impl Entity for User {
    const COLLECTION: &'static str = "users";
    const NAME: &'static str = "user";
}

/// What the API shows of a user.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub is_instance_admin: bool,
}
