//! PostgreSQL: every `{{ }}` becomes a `$n` parameter of a prepared statement, rows
//! stream in and are counted against the size cap as they arrive, and a timeout
//! cancels the statement at the server (PostgreSQL's cancel request).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{StreamExt, pin_mut};
use serde_json::{Map, Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::{Instant, timeout_at};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, NoTls, Statement};

use super::bindings::{self, SqlWithParams};
use super::pools::Pools;
use super::postgres_tls::{self, RustlsConnect};
use super::postgres_types::{JsonCell, PgParam, encodable, hint, unspecified};
use super::{
    ActionConfig, Column, Context, Datasource, DatasourceConfig, ExecError, Output, ParamMap,
    Plugin, Structure, Table, json_size,
};

const STATEMENT_CACHE: usize = 256;

#[derive(Default)]
pub struct PostgresPlugin {
    pools: Pools<PgPool>,
}

/// A bounded pool of connections to one datasource.
struct PgPool {
    config: tokio_postgres::Config,
    tls: Option<RustlsConnect>,
    target: String,
    idle: Mutex<Vec<PgConn>>,
    permits: Semaphore,
}

struct PgConn {
    client: Client,
    statements: HashMap<(String, Vec<u32>), Statement>,
}

/// A connection on loan; it goes back to the pool when dropped unless discarded.
struct Lease<'a> {
    pool: &'a PgPool,
    conn: Option<PgConn>,
    _permit: SemaphorePermit<'a>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !conn.client.is_closed()
        {
            self.pool.lock_idle().push(conn);
        }
    }
}

impl PgPool {
    fn new(config: &DatasourceConfig, size: usize) -> Result<Self, ExecError> {
        let (host, port) = config.endpoint(5432)?;
        let mut pg = tokio_postgres::Config::new();
        pg.host(&host)
            .port(port)
            .user(config.username().unwrap_or("postgres"))
            .application_name("tessera")
            .connect_timeout(Duration::from_secs(10));
        if let Some(password) = config.password() {
            pg.password(password);
        }
        if let Some(db) = config.database() {
            pg.dbname(db);
        }
        let (ssl_mode, tls) = postgres_tls::for_mode(&config.ssl_mode())?;
        pg.ssl_mode(ssl_mode);
        Ok(PgPool {
            config: pg,
            tls,
            target: format!("{host}:{port}"),
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size),
        })
    }

    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Vec<PgConn>> {
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn lease(&self) -> Result<Lease<'_>, ExecError> {
        let permit =
            self.permits.acquire().await.map_err(|_| {
                ExecError::Internal(format!("the pool of {} was closed", self.target))
            })?;
        let idle = self.lock_idle().pop();
        let conn = match idle {
            Some(conn) if !conn.client.is_closed() => conn,
            _ => self.connect().await?,
        };
        Ok(Lease {
            pool: self,
            conn: Some(conn),
            _permit: permit,
        })
    }

    async fn connect(&self) -> Result<PgConn, ExecError> {
        let fail = |err: tokio_postgres::Error| connect_error(&self.target, &err);
        // The connection object does the socket I/O; it ends when the client is dropped.
        let client = match &self.tls {
            Some(tls) => {
                let (client, connection) = self.config.connect(tls.clone()).await.map_err(fail)?;
                tokio::spawn(drive(connection));
                client
            }
            None => {
                let (client, connection) = self.config.connect(NoTls).await.map_err(fail)?;
                tokio::spawn(drive(connection));
                client
            }
        };
        Ok(PgConn {
            client,
            statements: HashMap::new(),
        })
    }
}

async fn drive<F: std::future::Future<Output = Result<(), tokio_postgres::Error>>>(connection: F) {
    if let Err(err) = connection.await {
        tracing::debug!(error = %err, "postgres connection closed");
    }
}

/// Asks the server to stop the statement running on the connection of `token`.
async fn cancel(token: tokio_postgres::CancelToken, tls: Option<RustlsConnect>) {
    let sent = async {
        match tls {
            Some(tls) => token.cancel_query(tls).await,
            None => token.cancel_query(NoTls).await,
        }
    };
    match tokio::time::timeout(Duration::from_secs(1), sent).await {
        Ok(Ok(())) => {}
        Ok(Err(err)) => tracing::warn!(error = %err, "postgres cancel request failed"),
        Err(_) => tracing::warn!("postgres cancel request did not finish in time"),
    }
}

fn connect_error(target: &str, err: &tokio_postgres::Error) -> ExecError {
    match err.as_db_error() {
        Some(db) if db.code().code().starts_with("28") => ExecError::Authentication {
            message: format!("{target} refused the credentials: {}", db.message()),
            downstream: super::Downstream {
                code: Some(db.code().code().to_owned()),
                message: Some(db.message().to_owned()),
            },
        },
        Some(db) => ExecError::Connection {
            message: format!("Could not connect to {target}: {}", db.message()),
            downstream: super::Downstream {
                code: Some(db.code().code().to_owned()),
                message: Some(db.message().to_owned()),
            },
        },
        None => ExecError::connection(target, error_chain(err)),
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn query_error(err: &tokio_postgres::Error) -> ExecError {
    match err.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_owned();
            if let Some(detail) = db.detail() {
                message.push_str(&format!(" ({detail})"));
            }
            ExecError::query(
                format!("PostgreSQL refused the query: {message}"),
                Some(db.code().code().to_owned()),
                db.message().to_owned(),
            )
        }
        None => ExecError::query(
            format!("The query failed: {}", error_chain(err)),
            None,
            error_chain(err),
        ),
    }
}

impl PostgresPlugin {
    async fn pool(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
    ) -> Result<std::sync::Arc<PgPool>, ExecError> {
        self.pools
            .get(datasource, || async {
                PgPool::new(&datasource.datasource_configuration, ctx.settings.pool_size)
            })
            .await
    }
}

#[async_trait]
impl Plugin for PostgresPlugin {
    fn id(&self) -> &'static str {
        "postgres-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        let mut problems = sql_validate(config, "PostgreSQL");
        if let Err(err) = postgres_tls::for_mode(&config.ssl_mode()) {
            problems.push(err.to_string());
        }
        problems
    }

    async fn test(&self, ctx: Context<'_>, datasource: &Datasource) -> Result<(), ExecError> {
        let pool = self.pool(ctx, datasource).await?;
        let lease = pool.lease().await?;
        let conn = lease.conn.as_ref().ok_or_else(lost)?;
        conn.client
            .simple_query("SELECT 1")
            .await
            .map(|_| ())
            .map_err(|err| query_error(&err))
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let body = sql_body(action)?;
        let mut messages = Vec::new();
        let prepared = action.prepared_statements();
        let query = if prepared {
            bindings::to_placeholders(&body, params, |n| format!("${n}"))?
        } else {
            messages.push(DYNAMIC_SQL_NOTE.to_owned());
            SqlWithParams {
                sql: bindings::splice_text(&body, params)?,
                values: Vec::new(),
            }
        };
        let deadline = Instant::now() + ctx.limits.timeout;
        let timed_out = || ExecError::Timeout {
            millis: u64::try_from(ctx.limits.timeout.as_millis()).unwrap_or(u64::MAX),
        };
        let pool = self.pool(ctx, datasource).await?;
        let mut lease = timeout_at(deadline, pool.lease())
            .await
            .map_err(|_| timed_out())??;
        let conn = lease.conn.as_mut().ok_or_else(lost)?;
        let token = conn.client.cancel_token();
        let outcome = timeout_at(
            deadline,
            run(
                conn,
                &body,
                params,
                prepared,
                &query,
                ctx.limits.max_response_bytes,
            ),
        )
        .await;
        let result = match outcome {
            Ok(result) => result,
            Err(_) => Err(timed_out()),
        };
        if let Err(err) = &result
            && matches!(err, ExecError::Timeout { .. } | ExecError::TooLarge { .. })
        {
            // The server may still be working or sending rows: stop it there, and do
            // not reuse a connection whose protocol state is unknown.
            lease.conn = None;
            cancel(token, pool.tls.clone()).await;
        }
        let (body, statement) = result?;
        Ok(Output {
            request: json!({
                "query": statement,
                "preparedStatement": prepared,
                "params": query.values.iter().enumerate().map(|(i, v)| json!({"key": format!("${}", i + 1), "value": v})).collect::<Vec<_>>(),
            }),
            messages,
            ..Output::ok(body)
        })
    }

    async fn structure(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
    ) -> Result<Structure, ExecError> {
        let pool = self.pool(ctx, datasource).await?;
        let lease = pool.lease().await?;
        let conn = lease.conn.as_ref().ok_or_else(lost)?;
        let rows = conn
            .client
            .query(
                "SELECT c.table_schema::text, c.table_name::text, c.column_name::text, c.data_type::text, t.table_type::text \
                 FROM information_schema.columns c \
                 JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') \
                 ORDER BY c.table_schema, c.table_name, c.ordinal_position",
                &[],
            )
            .await
            .map_err(|err| query_error(&err))?;
        let mut tables: Vec<Table> = Vec::new();
        for row in rows {
            let (schema, name): (String, String) = (row.get(0), row.get(1));
            let column = Column {
                name: row.get(2),
                kind: row.get(3),
            };
            match tables.last_mut() {
                Some(t) if t.name == name && t.schema.as_deref() == Some(schema.as_str()) => {
                    t.columns.push(column)
                }
                _ => tables.push(Table {
                    kind: if row.get::<_, String>(4) == "VIEW" {
                        "VIEW".into()
                    } else {
                        "TABLE".into()
                    },
                    schema: Some(schema),
                    name,
                    columns: vec![column],
                }),
            }
        }
        Ok(Structure { tables })
    }

    fn forget(&self, datasource_id: &str) {
        self.pools.remove(datasource_id);
    }
}

pub(crate) const DYNAMIC_SQL_NOTE: &str = "Prepared statements are off for this query: values are spliced into the SQL text as they are, which allows SQL injection. Turn them back on unless the query builds SQL on purpose.";

pub(crate) fn sql_body(action: &ActionConfig) -> Result<String, ExecError> {
    action
        .body
        .clone()
        .or_else(|| action.form_text("body"))
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| ExecError::InvalidConfig("The query is empty.".into()))
}

pub(crate) fn sql_validate(config: &DatasourceConfig, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if config
        .endpoints
        .first()
        .is_none_or(|e| e.host.trim().is_empty())
    {
        problems.push(format!("Add the host of the {name} server."));
    }
    problems
}

fn lost() -> ExecError {
    ExecError::Internal("the pooled connection went missing".into())
}

/// Prepares (cached per connection), binds and streams the rows.
async fn run(
    conn: &mut PgConn,
    body: &str,
    params: &ParamMap,
    prepared: bool,
    query: &SqlWithParams,
    limit: usize,
) -> Result<(Value, String), ExecError> {
    let mut sql = query.sql.clone();
    let mut hints: Vec<Type> = query.values.iter().map(hint).collect();
    let mut statement = prepare(conn, &sql, &hints).await;
    if let Err(err) = &statement
        && hints.iter().any(|h| h.oid() != 0)
        && err
            .as_db_error()
            .is_some_and(|db| matches!(db.code().code(), "42883" | "42804" | "42725"))
    {
        // The value's own type did not fit the query (`text_col = 5`): let the
        // server infer every parameter instead.
        hints = query.values.iter().map(|_| unspecified()).collect();
        statement = prepare(conn, &sql, &hints).await;
    }
    let mut statement = statement.map_err(|err| query_error(&err))?;
    let fallback: Vec<(usize, Type)> = statement
        .params()
        .iter()
        .enumerate()
        .filter(|(_, ty)| !encodable(ty))
        .map(|(i, ty)| (i + 1, ty.clone()))
        .collect();
    if prepared && !fallback.is_empty() {
        // Types without a binary encoder here (numeric, inet, interval, …) are sent
        // as text and converted by the server, still as parameters.
        let rebuilt = bindings::to_placeholders(body, params, |n| {
            match fallback.iter().find(|(i, _)| *i == n) {
                Some((_, ty)) => format!("CAST(${n}::text AS {})", qualified(ty)),
                None => format!("${n}"),
            }
        })?;
        sql = rebuilt.sql;
        for (i, _) in &fallback {
            hints[i - 1] = Type::TEXT;
        }
        statement = prepare(conn, &sql, &hints)
            .await
            .map_err(|err| query_error(&err))?;
    }
    let bound: Vec<PgParam<'_>> = query.values.iter().map(PgParam).collect();
    let stream = conn
        .client
        .query_raw(&statement, bound.iter().map(|p| p as &(dyn ToSql + Sync)))
        .await
        .map_err(|err| query_error(&err))?;
    let columns: Vec<String> = statement
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    pin_mut!(stream);
    let mut rows = Vec::new();
    let mut size = 0usize;
    while let Some(row) = stream.next().await {
        let row = row.map_err(|err| query_error(&err))?;
        let mut object = Map::with_capacity(columns.len());
        for (i, name) in columns.iter().enumerate() {
            let cell: Option<JsonCell> = row.try_get(i).map_err(|err| query_error(&err))?;
            let value = cell.map_or(Value::Null, |c| c.0);
            size += name.len() + json_size(&value);
            object.insert(name.clone(), value);
        }
        if size > limit {
            return Err(ExecError::TooLarge { limit_bytes: limit });
        }
        rows.push(Value::Object(object));
    }
    if columns.is_empty() {
        let affected = stream.rows_affected().unwrap_or(0);
        return Ok((json!([{ "affectedRows": affected }]), sql));
    }
    Ok((Value::Array(rows), sql))
}

async fn prepare(
    conn: &mut PgConn,
    sql: &str,
    hints: &[Type],
) -> Result<Statement, tokio_postgres::Error> {
    let key = (
        sql.to_owned(),
        hints.iter().map(Type::oid).collect::<Vec<_>>(),
    );
    if let Some(statement) = conn.statements.get(&key) {
        return Ok(statement.clone());
    }
    let statement = conn.client.prepare_typed(sql, hints).await?;
    if conn.statements.len() >= STATEMENT_CACHE {
        conn.statements.clear();
    }
    conn.statements.insert(key, statement.clone());
    Ok(statement)
}

fn qualified(ty: &Type) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!("{}.{}", quote(ty.schema()), quote(ty.name()))
}
