//! Sessions in Redis: one key per session with a TTL, and a set per user so that all of
//! a user's sessions can be ended at once.

use std::time::Duration;

use async_trait::async_trait;
use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Session, SessionError, SessionStore, now_millis};
use crate::config::SecretUrl;

const PREFIX: &str = "tessera:session:";
const USER_PREFIX: &str = "tessera:user-sessions:";

#[derive(Clone)]
pub struct RedisSessions {
    conn: ConnectionManager,
    prefix: String,
}

impl std::fmt::Debug for RedisSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSessions")
            .field("prefix", &self.prefix)
            .finish()
    }
}

fn unavailable(err: redis::RedisError) -> SessionError {
    if err.is_io_error()
        || err.is_timeout()
        || err.is_connection_dropped()
        || err.is_connection_refusal()
    {
        SessionError::Unavailable(err.to_string())
    } else {
        SessionError::Backend(err.to_string())
    }
}

impl RedisSessions {
    pub async fn connect(url: &SecretUrl) -> Result<Self, SessionError> {
        Self::connect_with_prefix(url, "").await
    }

    /// A key prefix keeps tests (or several instances sharing one Redis) apart.
    pub async fn connect_with_prefix(url: &SecretUrl, prefix: &str) -> Result<Self, SessionError> {
        let client = redis::Client::open(url.expose())
            .map_err(|err| SessionError::Unavailable(format!("invalid Redis URL {url}: {err}")))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(3)))
            .set_response_timeout(Some(Duration::from_secs(3)))
            .set_number_of_retries(1);
        let conn = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|err| SessionError::Unavailable(format!("cannot connect to {url}: {err}")))?;
        Ok(Self {
            conn,
            prefix: prefix.to_owned(),
        })
    }

    fn key(&self, id: &str) -> String {
        format!("{}{PREFIX}{id}", self.prefix)
    }

    fn user_key(&self, user_id: &str) -> String {
        format!("{}{USER_PREFIX}{user_id}", self.prefix)
    }
}

#[async_trait]
impl SessionStore for RedisSessions {
    fn kind(&self) -> &'static str {
        "redis"
    }

    async fn ping(&self) -> Result<(), SessionError> {
        let mut conn = self.conn.clone();
        let _: String = redis::cmd("PING")
            .query_async(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn save(&self, session: &Session) -> Result<(), SessionError> {
        let ttl_ms = session.expires_at - now_millis();
        if ttl_ms <= 0 {
            return self.remove(&session.id).await;
        }
        let body =
            serde_json::to_string(session).map_err(|err| SessionError::Backend(err.to_string()))?;
        let mut conn = self.conn.clone();
        let user_key = self.user_key(&session.user_id);
        redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(self.key(&session.id))
            .arg(body)
            .arg("PX")
            .arg(ttl_ms)
            .ignore()
            .sadd(&user_key, &session.id)
            .ignore()
            // The per-user set lives as long as its longest session: NX sets a first expiry,
            // GT only ever extends it, so a short session never cuts a longer one loose.
            .cmd("PEXPIRE")
            .arg(&user_key)
            .arg(ttl_ms)
            .arg("NX")
            .ignore()
            .cmd("PEXPIRE")
            .arg(&user_key)
            .arg(ttl_ms)
            .arg("GT")
            .ignore()
            .query_async::<()>(&mut conn)
            .await
            .map_err(unavailable)
    }

    async fn load(&self, id: &str) -> Result<Option<Session>, SessionError> {
        let mut conn = self.conn.clone();
        let body: Option<String> = conn.get(self.key(id)).await.map_err(unavailable)?;
        let Some(body) = body else { return Ok(None) };
        let session: Session =
            serde_json::from_str(&body).map_err(|err| SessionError::Backend(err.to_string()))?;
        Ok((!session.is_expired(now_millis())).then_some(session))
    }

    async fn remove(&self, id: &str) -> Result<(), SessionError> {
        let mut conn = self.conn.clone();
        let _: () = conn.del(self.key(id)).await.map_err(unavailable)?;
        Ok(())
    }

    async fn remove_user(&self, user_id: &str) -> Result<u64, SessionError> {
        let mut conn = self.conn.clone();
        let user_key = self.user_key(user_id);
        let ids: Vec<String> = conn.smembers(&user_key).await.map_err(unavailable)?;
        let mut removed = 0;
        for id in &ids {
            let gone: u64 = conn.del(self.key(id)).await.map_err(unavailable)?;
            removed += gone;
        }
        let _: () = conn.del(&user_key).await.map_err(unavailable)?;
        Ok(removed)
    }
}
