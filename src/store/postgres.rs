//! PostgreSQL backend: documents in JSONB columns, typed comparisons through `->`,
//! and updates guarded by the version column in a single statement.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::types::Json;
use sqlx::{PgPool, Row};

use super::{
    Cond, Query, Record, Scalar, Store, StoreError, audited, check_collection,
    field_of_unique_index, millis_to_time, missed_update,
};
use crate::config::SecretUrl;

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects and runs pending migrations. An unreachable server fails here, at start.
    pub async fn open(url: &SecretUrl) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url.expose())
            .map_err(|err| StoreError::Unavailable(format!("invalid URL {url}: {err}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(options)
            .await
            .map_err(|err| StoreError::Unavailable(format!("cannot connect to {url}: {err}")))?;
        sqlx::migrate!("src/store/migrations/postgres")
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
    let mut path = String::from("data");
    for part in field.split('.') {
        path.push_str(&format!(" -> '{part}'"));
    }
    format!("({path})")
}

/// Builds `WHERE …` with `$n` placeholders; every bound value is JSON so that
/// comparisons keep their types (`1` never equals `"1"`).
fn where_clause(query: &Query) -> Result<(String, Vec<Value>), StoreError> {
    query.check()?;
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    for cond in &query.conds {
        let (op, value) = match cond {
            Cond::Eq(field, Scalar::Null) => {
                parts.push(format!(
                    "({} IS NULL OR {} = 'null'::jsonb)",
                    json_path(field),
                    json_path(field)
                ));
                continue;
            }
            Cond::Eq(_, value) => ("=", value.to_json()),
            Cond::Lt(_, value) => ("<", Value::from(*value)),
            Cond::Gt(_, value) => (">", Value::from(*value)),
        };
        binds.push(value);
        parts.push(format!(
            "{} {op} ${}::jsonb",
            json_path(cond.field()),
            binds.len()
        ));
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    };
    Ok((clause, binds))
}

type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

fn bind_all(mut statement: PgQuery<'_>, binds: Vec<Value>) -> PgQuery<'_> {
    for value in binds {
        statement = statement.bind(Json(value));
    }
    statement
}

fn to_record(row: &PgRow) -> Result<Record, StoreError> {
    let Json(data): Json<Value> = row.try_get("data").map_err(backend)?;
    Ok(Record {
        id: row.try_get("id").map_err(backend)?,
        version: row.try_get("version").map_err(backend)?,
        data,
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
        let named = db.constraint().unwrap_or_else(|| db.message());
        return StoreError::Duplicate {
            collection: collection.to_owned(),
            field: field_of_unique_index(collection, named),
        };
    }
    backend(err)
}

#[async_trait]
impl Store for PostgresStore {
    fn kind(&self) -> &'static str {
        "postgres"
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
            "INSERT INTO {table} (id, version, data, created_at, updated_at) VALUES ($1, 1, $2, $3, $3) \
             RETURNING id, version, data, created_at, updated_at"
        );
        let row = sqlx::query(audited(sql))
            .bind(id)
            .bind(Json(data))
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(|err| write_error(table, err))?;
        to_record(&row)
    }

    async fn get(&self, collection: &str, id: &str) -> Result<Option<Record>, StoreError> {
        let table = check_collection(collection)?;
        let sql =
            format!("SELECT id, version, data, created_at, updated_at FROM {table} WHERE id = $1");
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
            "UPDATE {table} SET data = $1, version = version + 1, updated_at = $2 \
             WHERE id = $3 AND version = $4 RETURNING id, version, data, created_at, updated_at"
        );
        let row = sqlx::query(audited(sql))
            .bind(Json(data))
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
        let done = sqlx::query(audited(format!("DELETE FROM {table} WHERE id = $1")))
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
            .map_or_else(|| "ALL".to_owned(), |limit| limit.to_string());
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
            "INSERT INTO {table} (id, version, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)"
        );
        sqlx::query(audited(sql))
            .bind(&record.id)
            .bind(record.version)
            .bind(Json(&record.data))
            .bind(record.created_at.timestamp_millis())
            .bind(record.updated_at.timestamp_millis())
            .execute(&self.pool)
            .await
            .map_err(|err| write_error(table, err))?;
        Ok(())
    }
}
