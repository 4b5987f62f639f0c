//! MongoDB backend (the container's default), on the official driver. A record is
//! `{_id, version, data, created_at, updated_at}`; indexes stand in for migrations and
//! are created at start-up, named like the SQL ones so errors read the same.

use std::time::Duration;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use mongodb::bson::{self, Bson, Document, doc};
use mongodb::options::{ClientOptions, IndexOptions, ReturnDocument};
use mongodb::{Client, Collection, Database, IndexModel};
use serde_json::Value;

use super::{
    COLLECTIONS, Cond, Query, Record, Scalar, Store, StoreError, check_collection,
    field_of_unique_index, millis_to_time, missed_update,
};
use crate::config::SecretUrl;

/// Indexes by collection: (name, field inside `data`, unique).
const INDEXES: &[(&str, &str, &str, bool)] = &[
    ("users", "ux_users__email", "email", true),
    ("sessions", "ix_sessions__user_id", "user_id", false),
    ("sessions", "ix_sessions__expires_at", "expires_at", false),
    ("memberships", "ux_memberships__key", "key", true),
    ("memberships", "ix_memberships__userId", "userId", false),
    (
        "memberships",
        "ix_memberships__workspaceId",
        "workspaceId",
        false,
    ),
    ("invitations", "ux_invitations__key", "key", true),
    ("invitations", "ix_invitations__email", "email", false),
    (
        "applications",
        "ix_applications__workspaceId",
        "workspaceId",
        false,
    ),
    ("pages", "ix_pages__applicationId", "applicationId", false),
    (
        "actions",
        "ix_actions__applicationId",
        "applicationId",
        false,
    ),
    ("actions", "ix_actions__pageId", "pageId", false),
    (
        "action_collections",
        "ix_action_collections__pageId",
        "pageId",
        false,
    ),
    (
        "action_collections",
        "ix_action_collections__applicationId",
        "applicationId",
        false,
    ),
    (
        "datasources",
        "ix_datasources__workspaceId",
        "workspaceId",
        false,
    ),
    ("audit_logs", "ix_audit_logs__action", "action", false),
    (
        "publications",
        "ix_publications__applicationId",
        "applicationId",
        false,
    ),
];

#[derive(Debug, Clone)]
pub struct MongoStore {
    db: Database,
}

impl MongoStore {
    /// Connects (database from the URL's path, `tessera` when absent) and makes sure
    /// the indexes exist.
    pub async fn open(url: &SecretUrl) -> Result<Self, StoreError> {
        let unavailable = |err: mongodb::error::Error| {
            StoreError::Unavailable(format!("cannot connect to {url}: {err}"))
        };
        let mut options = ClientOptions::parse(url.expose())
            .await
            .map_err(unavailable)?;
        options.server_selection_timeout = Some(Duration::from_secs(5));
        options.connect_timeout = Some(Duration::from_secs(5));
        options.app_name = Some("tessera".into());
        let client = Client::with_options(options).map_err(unavailable)?;
        let db = client
            .default_database()
            .unwrap_or_else(|| client.database("tessera"));
        db.run_command(doc! { "ping": 1 })
            .await
            .map_err(unavailable)?;
        let store = Self { db };
        store.ensure_indexes().await?;
        Ok(store)
    }

    async fn ensure_indexes(&self) -> Result<(), StoreError> {
        for name in COLLECTIONS {
            let created = IndexModel::builder()
                .keys(doc! { "created_at": 1, "_id": 1 })
                .options(
                    IndexOptions::builder()
                        .name(format!("ix_{name}__created"))
                        .build(),
                )
                .build();
            self.coll(name)
                .create_index(created)
                .await
                .map_err(migration)?;
        }
        for (collection, name, field, unique) in INDEXES {
            let model = IndexModel::builder()
                .keys(doc! { format!("data.{field}"): 1 })
                .options(
                    IndexOptions::builder()
                        .name((*name).to_owned())
                        .unique(*unique)
                        .build(),
                )
                .build();
            self.coll(collection)
                .create_index(model)
                .await
                .map_err(migration)?;
        }
        Ok(())
    }

    fn coll(&self, name: &str) -> Collection<Document> {
        self.db.collection(name)
    }
}

fn migration(err: mongodb::error::Error) -> StoreError {
    StoreError::Migration(err.to_string())
}

fn backend(err: mongodb::error::Error) -> StoreError {
    use mongodb::error::ErrorKind;
    match *err.kind {
        ErrorKind::ServerSelection { .. }
        | ErrorKind::Io(_)
        | ErrorKind::ConnectionPoolCleared { .. } => StoreError::Unavailable(err.to_string()),
        _ => StoreError::Backend(err.to_string()),
    }
}

fn write_error(collection: &str, err: mongodb::error::Error) -> StoreError {
    let message = err.to_string();
    if message.contains("E11000") {
        return StoreError::Duplicate {
            collection: collection.to_owned(),
            field: field_of_unique_index(collection, &message),
        };
    }
    backend(err)
}

fn to_bson(value: &Value) -> Result<Bson, StoreError> {
    bson::to_bson(value).map_err(|err| StoreError::Backend(err.to_string()))
}

fn to_record(document: Document) -> Result<Record, StoreError> {
    let field = |name: &str| StoreError::Backend(format!("stored document lacks `{name}`"));
    let data = document
        .get("data")
        .cloned()
        .ok_or_else(|| field("data"))?
        .into_relaxed_extjson();
    let number = |name: &str| match document.get(name) {
        Some(Bson::Int64(n)) => Ok(*n),
        Some(Bson::Int32(n)) => Ok(i64::from(*n)),
        _ => Err(field(name)),
    };
    Ok(Record {
        id: document
            .get_str("_id")
            .map_err(|_| field("_id"))?
            .to_owned(),
        version: number("version")?,
        data,
        created_at: millis_to_time(number("created_at")?),
        updated_at: millis_to_time(number("updated_at")?),
    })
}

fn filter(query: &Query) -> Result<Document, StoreError> {
    query.check()?;
    let mut filter = Document::new();
    for cond in &query.conds {
        let key = format!("data.{}", cond.field());
        let value = match cond {
            Cond::Eq(_, Scalar::Null) => Bson::Null,
            Cond::Eq(_, value) => to_bson(&value.to_json())?,
            Cond::Lt(_, value) => Bson::Document(doc! { "$lt": *value }),
            Cond::Gt(_, value) => Bson::Document(doc! { "$gt": *value }),
        };
        match (filter.get_mut(&key), value) {
            // Two range conditions on one field merge into one operator document.
            (Some(Bson::Document(existing)), Bson::Document(more)) => existing.extend(more),
            (_, value) => {
                filter.insert(key, value);
            }
        }
    }
    Ok(filter)
}

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[async_trait]
impl Store for MongoStore {
    fn kind(&self) -> &'static str {
        "mongodb"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.db
            .run_command(doc! { "ping": 1 })
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn insert(&self, collection: &str, id: &str, data: &Value) -> Result<Record, StoreError> {
        let name = check_collection(collection)?;
        let now = now_millis();
        let document = doc! {
            "_id": id, "version": 1_i64, "data": to_bson(data)?, "created_at": now, "updated_at": now,
        };
        self.coll(name)
            .insert_one(document.clone())
            .await
            .map_err(|err| write_error(name, err))?;
        to_record(document)
    }

    async fn get(&self, collection: &str, id: &str) -> Result<Option<Record>, StoreError> {
        let name = check_collection(collection)?;
        let found = self
            .coll(name)
            .find_one(doc! { "_id": id })
            .await
            .map_err(backend)?;
        found.map(to_record).transpose()
    }

    async fn update(
        &self,
        collection: &str,
        id: &str,
        expected_version: i64,
        data: &Value,
    ) -> Result<Record, StoreError> {
        let name = check_collection(collection)?;
        let updated = self
            .coll(name)
            .find_one_and_update(
                doc! { "_id": id, "version": expected_version },
                doc! {
                    "$set": { "data": to_bson(data)?, "updated_at": now_millis() },
                    "$inc": { "version": 1_i64 },
                },
            )
            .return_document(ReturnDocument::After)
            .await
            .map_err(|err| write_error(name, err))?;
        match updated {
            Some(document) => to_record(document),
            None => Err(missed_update(self, name, id, expected_version).await),
        }
    }

    async fn delete(&self, collection: &str, id: &str) -> Result<bool, StoreError> {
        let name = check_collection(collection)?;
        let done = self
            .coll(name)
            .delete_one(doc! { "_id": id })
            .await
            .map_err(backend)?;
        Ok(done.deleted_count > 0)
    }

    async fn find(&self, collection: &str, query: &Query) -> Result<Vec<Record>, StoreError> {
        let name = check_collection(collection)?;
        let order = if query.newest_first { -1 } else { 1 };
        let coll = self.coll(name);
        let mut find = coll
            .find(filter(query)?)
            .sort(doc! { "created_at": order, "_id": order })
            .skip(query.offset);
        if let Some(limit) = query.limit {
            find = find.limit(i64::try_from(limit).unwrap_or(i64::MAX));
        }
        let documents: Vec<Document> = find
            .await
            .map_err(backend)?
            .try_collect()
            .await
            .map_err(backend)?;
        documents.into_iter().map(to_record).collect()
    }

    async fn count(&self, collection: &str, query: &Query) -> Result<u64, StoreError> {
        let name = check_collection(collection)?;
        self.coll(name)
            .count_documents(filter(query)?)
            .await
            .map_err(backend)
    }

    async fn delete_where(&self, collection: &str, query: &Query) -> Result<u64, StoreError> {
        let name = check_collection(collection)?;
        let done = self
            .coll(name)
            .delete_many(filter(query)?)
            .await
            .map_err(backend)?;
        Ok(done.deleted_count)
    }

    async fn insert_record(&self, collection: &str, record: &Record) -> Result<(), StoreError> {
        let name = check_collection(collection)?;
        let document = doc! {
            "_id": &record.id,
            "version": record.version,
            "data": to_bson(&record.data)?,
            "created_at": record.created_at.timestamp_millis(),
            "updated_at": record.updated_at.timestamp_millis(),
        };
        self.coll(name)
            .insert_one(document)
            .await
            .map_err(|err| write_error(name, err))?;
        Ok(())
    }
}
