//! SQLite backend: the embedded default. One file under the stacks folder, WAL mode so
//! readers never wait for the writer; JSON queried with `json_extract`.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, SqlitePool};

use super::{
    Cond, Query, Record, Scalar, Store, StoreError, audited, check_collection,
    field_of_unique_index, millis_to_time, missed_update,
};

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and runs pending migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| {
                StoreError::Unavailable(format!("cannot create {}: {err}", dir.display()))
            })?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(|err| StoreError::Unavailable(err.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(|err| {
                StoreError::Unavailable(format!("cannot open {}: {err}", path.display()))
            })?;
        sqlx::migrate!("src/store/migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|err| StoreError::Migration(err.to_string()))?;
        Ok(Self { pool })
    }
}

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn json_path(field: &str) -> String {
    // Field names were checked by `Query::check`, so quoting here is safe.
    format!("json_extract(data, '$.{field}')")
}

/// Builds `WHERE …` with `?` placeholders and the values to bind, in order.
fn where_clause(query: &Query) -> Result<(String, Vec<Scalar>), StoreError> {
    query.check()?;
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    for cond in &query.conds {
        match cond {
            Cond::Eq(field, Scalar::Null) => parts.push(format!("{} IS NULL", json_path(field))),
            Cond::Eq(field, value) => {
                parts.push(format!("{} = ?", json_path(field)));
                binds.push(value.clone());
            }
            Cond::Lt(field, value) => {
                parts.push(format!("{} < ?", json_path(field)));
                binds.push(Scalar::Int(*value));
            }
            Cond::Gt(field, value) => {
                parts.push(format!("{} > ?", json_path(field)));
                binds.push(Scalar::Int(*value));
            }
        }
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    };
    Ok((clause, binds))
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

fn bind_all(mut statement: SqliteQuery<'_>, binds: Vec<Scalar>) -> SqliteQuery<'_> {
    for value in binds {
        statement = match value {
            Scalar::Str(s) => statement.bind(s),
            Scalar::Int(i) => statement.bind(i),
            // json_extract gives 1 or 0 for JSON booleans.
            Scalar::Bool(b) => statement.bind(i64::from(b)),
            Scalar::Null => statement.bind(None::<String>),
        };
    }
    statement
}

fn to_record(row: &SqliteRow) -> Result<Record, StoreError> {
    let data: String = row.try_get("data").map_err(backend)?;
    Ok(Record {
        id: row.try_get("id").map_err(backend)?,
        version: row.try_get("version").map_err(backend)?,
        data: serde_json::from_str(&data).map_err(|err| StoreError::Backend(err.to_string()))?,
        created_at: millis_to_time(row.try_get("created_at").map_err(backend)?),
        updated_at: millis_to_time(row.try_get("updated_at").map_err(backend)?),
    })
}

fn backend(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            StoreError::Unavailable(err.to_string())
        }
        other => StoreError::Backend(other.to_string()),
    }
}

fn write_error(collection: &str, err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        return StoreError::Duplicate {
            collection: collection.to_owned(),
            field: field_of_unique_index(collection, db.message()),
        };
    }
    backend(err)
}

#[async_trait]
impl Store for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn insert(&self, collection: &str, id: &str, data: &Value) -> Result<Record, StoreError> {
        let table = check_collection(collection)?;
        let now = now_millis();
        let sql = format!(
            "INSERT INTO {table} (id, version, data, created_at, updated_at) VALUES (?, 1, ?, ?, ?) \
             RETURNING id, version, data, created_at, updated_at"
        );
        let row = sqlx::query(audited(sql))
            .bind(id)
            .bind(data.to_string())
            .bind(now)
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(|err| write_error(table, err))?;
        to_record(&row)
    }

    async fn get(&self, collection: &str, id: &str) -> Result<Option<Record>, StoreError> {
        let table = check_collection(collection)?;
        let sql =
            format!("SELECT id, version, data, created_at, updated_at FROM {table} WHERE id = ?");
        let row = sqlx::query(audited(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(to_record).transpose()
    }

    async fn update(
        &self,
        collection: &str,
        id: &str,
        expected_version: i64,
        data: &Value,
    ) -> Result<Record, StoreError> {
        let table = check_collection(collection)?;
        let sql = format!(
            "UPDATE {table} SET data = ?, version = version + 1, updated_at = ? \
             WHERE id = ? AND version = ? RETURNING id, version, data, created_at, updated_at"
        );
        let row = sqlx::query(audited(sql))
            .bind(data.to_string())
            .bind(now_millis())
            .bind(id)
            .bind(expected_version)
            .fetch_optional(&self.pool)
            .await
            .map_err(|err| write_error(table, err))?;
        match row {
            Some(row) => to_record(&row),
            None => Err(missed_update(self, table, id, expected_version).await),
        }
    }

    async fn delete(&self, collection: &str, id: &str) -> Result<bool, StoreError> {
        let table = check_collection(collection)?;
        let done = sqlx::query(audited(format!("DELETE FROM {table} WHERE id = ?")))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    async fn find(&self, collection: &str, query: &Query) -> Result<Vec<Record>, StoreError> {
        let table = check_collection(collection)?;
        let (clause, binds) = where_clause(query)?;
        let order = if query.newest_first { "DESC" } else { "ASC" };
        let limit = query
            .limit
            .map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let sql = format!(
            "SELECT id, version, data, created_at, updated_at FROM {table}{clause} \
             ORDER BY created_at {order}, id {order} LIMIT {limit} OFFSET {}",
            query.offset
        );
        let rows = bind_all(sqlx::query(audited(sql)), binds)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(to_record).collect()
    }

    async fn count(&self, collection: &str, query: &Query) -> Result<u64, StoreError> {
        let table = check_collection(collection)?;
        let (clause, binds) = where_clause(query)?;
        let sql = format!("SELECT COUNT(*) AS n FROM {table}{clause}");
        let row = bind_all(sqlx::query(audited(sql)), binds)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let count: i64 = row.try_get("n").map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn delete_where(&self, collection: &str, query: &Query) -> Result<u64, StoreError> {
        let table = check_collection(collection)?;
        let (clause, binds) = where_clause(query)?;
        let done = bind_all(
            sqlx::query(audited(format!("DELETE FROM {table}{clause}"))),
            binds,
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected())
    }

    async fn insert_record(&self, collection: &str, record: &Record) -> Result<(), StoreError> {
        let table = check_collection(collection)?;
        let sql = format!(
            "INSERT INTO {table} (id, version, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
        );
        sqlx::query(audited(sql))
            .bind(&record.id)
            .bind(record.version)
            .bind(record.data.to_string())
            .bind(record.created_at.timestamp_millis())
            .bind(record.updated_at.timestamp_millis())
            .execute(&self.pool)
            .await
            .map_err(|err| write_error(table, err))?;
        Ok(())
    }
}
