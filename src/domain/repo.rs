//! Typed access to one collection: documents (de)serialised to domain structs.

use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::store::{Query, Record, Store};

/// A domain type stored in one collection.
pub trait Entity: Serialize + DeserializeOwned + Send + Sync {
    const COLLECTION: &'static str;
    /// Said in messages: "No page with id … exists."
    const NAME: &'static str;
}

/// A value with its store metadata; `version` must come back with an update.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub id: String,
    pub version: i64,
    pub value: T,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct Repo<'a, T> {
    store: &'a dyn Store,
    _type: PhantomData<T>,
}

fn decode<T: Entity>(record: Record) -> Result<Stored<T>, ApiError> {
    let value = serde_json::from_value(record.data).map_err(|err| {
        ApiError::Internal(anyhow::anyhow!(
            "stored {} {} is unreadable: {err}",
            T::NAME,
            record.id
        ))
    })?;
    Ok(Stored {
        id: record.id,
        version: record.version,
        value,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

fn encode<T: Entity>(value: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|err| ApiError::Internal(err.into()))
}

impl<'a, T: Entity> Repo<'a, T> {
    pub fn new(store: &'a dyn Store) -> Self {
        Self {
            store,
            _type: PhantomData,
        }
    }

    pub async fn insert(&self, id: &str, value: &T) -> Result<Stored<T>, ApiError> {
        decode(
            self.store
                .insert(T::COLLECTION, id, &encode(value)?)
                .await?,
        )
    }

    pub async fn find_by_id(&self, id: &str) -> Result<Option<Stored<T>>, ApiError> {
        self.store
            .get(T::COLLECTION, id)
            .await?
            .map(decode)
            .transpose()
    }

    /// The record, or a 404 naming what was looked for.
    pub async fn get(&self, id: &str) -> Result<Stored<T>, ApiError> {
        self.find_by_id(id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("No {} with id {id} exists.", T::NAME)))
    }

    /// Saves `value` if the record is still at `version`; otherwise 409 and nothing changes.
    pub async fn update(&self, id: &str, version: i64, value: &T) -> Result<Stored<T>, ApiError> {
        decode(
            self.store
                .update(T::COLLECTION, id, version, &encode(value)?)
                .await?,
        )
    }

    pub async fn delete(&self, id: &str) -> Result<bool, ApiError> {
        Ok(self.store.delete(T::COLLECTION, id).await?)
    }

    pub async fn find(&self, query: &Query) -> Result<Vec<Stored<T>>, ApiError> {
        self.store
            .find(T::COLLECTION, query)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    pub async fn find_one(&self, query: &Query) -> Result<Option<Stored<T>>, ApiError> {
        Ok(self.find(&query.clone().limit(1)).await?.into_iter().next())
    }

    pub async fn count(&self, query: &Query) -> Result<u64, ApiError> {
        Ok(self.store.count(T::COLLECTION, query).await?)
    }

    pub async fn delete_where(&self, query: &Query) -> Result<u64, ApiError> {
        Ok(self.store.delete_where(T::COLLECTION, query).await?)
    }
}
