//! Log-in sessions: Redis when `TESSERA_REDIS_URL` is set, otherwise the metadata store,
//! so that a restart logs nobody out. The id handed to this module should already be
//! a hash of the cookie token, so a leaked store holds no usable tokens.

mod redis_backed;
mod store_backed;

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use redis_backed::RedisSessions;
pub use store_backed::StoreSessions;

use crate::config::SecretUrl;
use crate::store::{DynStore, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    /// Free-form values the auth layer keeps with the session (e.g. the OIDC state).
    #[serde(default)]
    pub data: Value,
    pub created_at: i64,
    /// Milliseconds since the epoch; an expired session is never returned.
    pub expires_at: i64,
}

impl Session {
    pub fn is_expired(&self, now_millis: i64) -> bool {
        self.expires_at <= now_millis
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the session store is not reachable: {0}")]
    Unavailable(String),
    #[error("session store error: {0}")]
    Backend(String),
}

impl From<StoreError> for SessionError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(reason) => SessionError::Unavailable(reason),
            other => SessionError::Backend(other.to_string()),
        }
    }
}

#[async_trait]
pub trait SessionStore: Send + Sync + std::fmt::Debug {
    /// `redis` or the metadata store's kind.
    fn kind(&self) -> &'static str;
    async fn ping(&self) -> Result<(), SessionError>;
    /// Creates or replaces the session with this id.
    async fn save(&self, session: &Session) -> Result<(), SessionError>;
    /// The session, unless it is missing or expired.
    async fn load(&self, id: &str) -> Result<Option<Session>, SessionError>;
    async fn remove(&self, id: &str) -> Result<(), SessionError>;
    /// Ends every session of a user (after a password change, say); returns how many.
    async fn remove_user(&self, user_id: &str) -> Result<u64, SessionError>;
}

pub type DynSessions = Arc<dyn SessionStore>;

/// Chooses the backend once, from the configuration.
pub async fn open(
    redis_url: Option<&SecretUrl>,
    store: DynStore,
) -> Result<DynSessions, SessionError> {
    Ok(match redis_url {
        Some(url) => Arc::new(RedisSessions::connect(url).await?),
        None => Arc::new(StoreSessions::new(store)),
    })
}

pub(crate) fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
