//! Sessions kept in the metadata store's `sessions` collection.

use async_trait::async_trait;

use super::{Session, SessionError, SessionStore, now_millis};
use crate::store::{DynStore, Query, StoreError};

const COLLECTION: &str = "sessions";

#[derive(Debug, Clone)]
pub struct StoreSessions {
    store: DynStore,
}

impl StoreSessions {
    pub fn new(store: DynStore) -> Self {
        Self { store }
    }

    fn encode(session: &Session) -> Result<serde_json::Value, SessionError> {
        serde_json::to_value(session).map_err(|err| SessionError::Backend(err.to_string()))
    }
}

#[async_trait]
impl SessionStore for StoreSessions {
    fn kind(&self) -> &'static str {
        self.store.kind()
    }

    async fn ping(&self) -> Result<(), SessionError> {
        Ok(self.store.ping().await?)
    }

    async fn save(&self, session: &Session) -> Result<(), SessionError> {
        let data = Self::encode(session)?;
        // A concurrent save of the same session is a benign race: retry against the new version.
        for _ in 0..3 {
            let result = match self.store.get(COLLECTION, &session.id).await? {
                Some(existing) => self
                    .store
                    .update(COLLECTION, &session.id, existing.version, &data)
                    .await
                    .map(|_| ()),
                None => self
                    .store
                    .insert(COLLECTION, &session.id, &data)
                    .await
                    .map(|_| ()),
            };
            match result {
                Ok(()) => {
                    // Sweeping on write keeps the collection small without a timer.
                    let expired = Query::all().lt("expires_at", now_millis());
                    self.store.delete_where(COLLECTION, &expired).await?;
                    return Ok(());
                }
                Err(StoreError::Conflict { .. } | StoreError::Duplicate { .. }) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(SessionError::Backend(
            "the session kept changing while saving".into(),
        ))
    }

    async fn load(&self, id: &str) -> Result<Option<Session>, SessionError> {
        let Some(record) = self.store.get(COLLECTION, id).await? else {
            return Ok(None);
        };
        let session: Session = serde_json::from_value(record.data)
            .map_err(|err| SessionError::Backend(err.to_string()))?;
        if session.is_expired(now_millis()) {
            self.store.delete(COLLECTION, id).await?;
            return Ok(None);
        }
        Ok(Some(session))
    }

    async fn remove(&self, id: &str) -> Result<(), SessionError> {
        self.store.delete(COLLECTION, id).await?;
        Ok(())
    }

    async fn remove_user(&self, user_id: &str) -> Result<u64, SessionError> {
        Ok(self
            .store
            .delete_where(COLLECTION, &Query::all().eq("user_id", user_id))
            .await?)
    }
}
