//! The metadata store: one interface for the domain code, three backends chosen once at
//! start-up from the scheme of `TESSERA_DB_URL`. Records are JSON documents in named
//! collections, each carrying a version that guards updates against lost writes.

mod error;
pub mod mongo;
pub mod postgres;
mod query;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::config::DbUrl;
pub use error::StoreError;
pub use query::{Cond, Query, Scalar};

/// The collections Tessera keeps. Backends create one table or collection for each,
/// so a name outside this list is refused rather than interpolated anywhere.
pub const COLLECTIONS: &[&str] = &[
    "users",
    "workspaces",
    "applications",
    "pages",
    "actions",
    "action_collections",
    "datasources",
    "invitations",
    "memberships",
    "publications",
    "sessions",
    "audit_logs",
    "settings",
];

/// One stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    /// Starts at 1 and grows by one with every update.
    pub version: i64,
    pub data: Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What every metadata store backend provides. Domain code holds an `Arc<dyn Store>`.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// `sqlite`, `postgres` or `mongodb`.
    fn kind(&self) -> &'static str;

    /// Cheap round trip used by the health check.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Adds a record with version 1. A taken unique field gives `Duplicate`.
    async fn insert(&self, collection: &str, id: &str, data: &Value) -> Result<Record, StoreError>;

    async fn get(&self, collection: &str, id: &str) -> Result<Option<Record>, StoreError>;

    /// Replaces the data if the stored version is still `expected_version`; otherwise
    /// changes nothing and gives `Conflict` (or `NotFound` when the record is gone).
    async fn update(
        &self,
        collection: &str,
        id: &str,
        expected_version: i64,
        data: &Value,
    ) -> Result<Record, StoreError>;

    /// Removes a record; `false` when there was none.
    async fn delete(&self, collection: &str, id: &str) -> Result<bool, StoreError>;

    /// Records matching every condition, oldest first unless the query says otherwise.
    async fn find(&self, collection: &str, query: &Query) -> Result<Vec<Record>, StoreError>;

    async fn count(&self, collection: &str, query: &Query) -> Result<u64, StoreError>;

    /// Removes every record matching the query (its paging is ignored); returns how many.
    async fn delete_where(&self, collection: &str, query: &Query) -> Result<u64, StoreError>;

    /// Adds a record exactly as given, version and times included. Only restore uses it:
    /// a restored store must look the same to editors holding a version number.
    async fn insert_record(&self, collection: &str, record: &Record) -> Result<(), StoreError>;
}

pub type DynStore = Arc<dyn Store>;

/// Connects to the configured store and brings its schema up to date.
pub async fn open(url: &DbUrl) -> Result<DynStore, StoreError> {
    let store: DynStore = match url {
        DbUrl::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(path).await?),
        DbUrl::Postgres(url) => Arc::new(postgres::PostgresStore::open(url).await?),
        DbUrl::MongoDb(url) => Arc::new(mongo::MongoStore::open(url).await?),
    };
    Ok(store)
}

pub(crate) fn check_collection(collection: &str) -> Result<&'static str, StoreError> {
    COLLECTIONS
        .iter()
        .find(|known| **known == collection)
        .copied()
        .ok_or_else(|| StoreError::InvalidQuery(format!("unknown collection `{collection}`")))
}

pub(crate) fn millis_to_time(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// Pulls the field name out of a unique index named `ux_<collection>__<field>`.
pub(crate) fn field_of_unique_index(collection: &str, message: &str) -> String {
    let marker = format!("ux_{collection}__");
    message
        .find(&marker)
        .map(|start| {
            message[start + marker.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .unwrap_or_else(|| "value".to_owned())
}

/// Tells a stale version from a missing record after an update matched nothing.
pub(crate) async fn missed_update(
    store: &dyn Store,
    collection: &str,
    id: &str,
    expected: i64,
) -> StoreError {
    match store.get(collection, id).await {
        Ok(Some(_)) => StoreError::Conflict {
            collection: collection.to_owned(),
            id: id.to_owned(),
            expected,
        },
        Ok(None) => StoreError::NotFound {
            collection: collection.to_owned(),
            id: id.to_owned(),
        },
        Err(err) => err,
    }
}

/// Marks SQL built by the SQL backends as reviewed: table names come only from
/// [`COLLECTIONS`], field names pass [`Query::check`], and every value is bound.
pub(crate) fn audited(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}
