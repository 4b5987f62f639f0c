//! MySQL and MariaDB: bindings become `?` parameters of a server-side prepared
//! statement, rows stream in under the size cap, and a timeout sends `KILL QUERY`
//! for the running statement from a second connection.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mysql_async::consts::ColumnType;
use mysql_async::prelude::{Protocol, Queryable};
use mysql_async::{
    Column as MyColumn, Conn, Opts, OptsBuilder, Pool, PoolConstraints, PoolOpts, QueryResult,
    SslOpts,
};
use serde_json::{Map, Value, json};
use tokio::time::{Instant, timeout_at};

use super::bindings::{self, SqlWithParams};
use super::pools::Pools;
use super::postgres::{DYNAMIC_SQL_NOTE, sql_body};
use super::postgres_types::{decimal, float};
use super::{
    ActionConfig, Column, Context, Datasource, DatasourceConfig, Downstream, ExecError, Output,
    ParamMap, Plugin, Structure, Table, json_size,
};

#[derive(Default)]
pub struct MysqlPlugin {
    pools: Pools<MyPool>,
}

struct MyPool {
    pool: Pool,
    opts: Opts,
    target: String,
}

impl Drop for MyPool {
    fn drop(&mut self) {
        // Closing waits for idle connections to say goodbye; do it in the background.
        let pool = self.pool.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let _ = pool.disconnect().await;
            });
        }
    }
}

fn opts(config: &DatasourceConfig, pool_size: usize) -> Result<(Opts, String), ExecError> {
    let (host, port) = config.endpoint(3306)?;
    let ssl = match config.ssl_mode().as_str() {
        "DEFAULT" | "DISABLE" | "DISABLED" | "PREFERRED" | "NO_SSL" => None,
        // MySQL's REQUIRED means encrypted without checking the certificate.
        "REQUIRE" | "REQUIRED" => Some(SslOpts::default().with_danger_accept_invalid_certs(true)),
        "VERIFY_CA" => Some(SslOpts::default().with_danger_skip_domain_validation(true)),
        "VERIFY_IDENTITY" => Some(SslOpts::default()),
        other => {
            return Err(ExecError::InvalidConfig(format!(
                "SSL mode {other} is unknown; use DEFAULT, DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY."
            )));
        }
    };
    let constraints = PoolConstraints::new(0, pool_size.max(1))
        .ok_or_else(|| ExecError::Internal("invalid pool size".into()))?;
    let builder = OptsBuilder::default()
        .ip_or_hostname(host.clone())
        .tcp_port(port)
        .user(Some(config.username().unwrap_or("root")))
        .pass(config.password())
        .db_name(config.database())
        .ssl_opts(ssl)
        .pool_opts(
            PoolOpts::default()
                .with_constraints(constraints)
                // Resetting on every return costs a round trip and drops cached statements.
                .with_reset_connection(false),
        );
    Ok((Opts::from(builder), format!("{host}:{port}")))
}

fn my_error(target: &str, err: mysql_async::Error) -> ExecError {
    match err {
        mysql_async::Error::Server(server) => {
            let downstream = Downstream {
                code: Some(server.code.to_string()),
                message: Some(server.message.clone()),
            };
            // 1044/1045: access denied; 1049: unknown database.
            if matches!(server.code, 1044 | 1045 | 1698) {
                ExecError::Authentication {
                    message: format!("{target} refused the credentials: {}", server.message),
                    downstream,
                }
            } else {
                ExecError::Query {
                    message: format!("The database refused the query: {}", server.message),
                    downstream,
                }
            }
        }
        mysql_async::Error::Io(io) => ExecError::connection(target, io),
        other => ExecError::connection(target, other),
    }
}

impl MysqlPlugin {
    async fn pool(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
    ) -> Result<Arc<MyPool>, ExecError> {
        self.pools
            .get(datasource, || async {
                let (opts, target) =
                    opts(&datasource.datasource_configuration, ctx.settings.pool_size)?;
                Ok(MyPool {
                    pool: Pool::new(opts.clone()),
                    opts,
                    target,
                })
            })
            .await
    }
}

#[async_trait]
impl Plugin for MysqlPlugin {
    fn id(&self) -> &'static str {
        "mysql-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        let mut problems = super::postgres::sql_validate(config, "MySQL");
        if let Err(err) = opts(config, 1) {
            problems.push(err.to_string());
        }
        problems
    }

    async fn test(&self, ctx: Context<'_>, datasource: &Datasource) -> Result<(), ExecError> {
        let pool = self.pool(ctx, datasource).await?;
        let mut conn = pool
            .pool
            .get_conn()
            .await
            .map_err(|e| my_error(&pool.target, e))?;
        conn.ping().await.map_err(|e| my_error(&pool.target, e))
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let body = sql_body(action)?;
        let prepared = action.prepared_statements();
        let mut messages = Vec::new();
        let query = if prepared {
            bindings::to_placeholders(&body, params, |_| "?".into())?
        } else {
            messages.push(DYNAMIC_SQL_NOTE.to_owned());
            SqlWithParams {
                sql: bindings::splice_text(&body, params)?,
                values: Vec::new(),
            }
        };
        let timed_out = || ExecError::Timeout {
            millis: u64::try_from(ctx.limits.timeout.as_millis()).unwrap_or(u64::MAX),
        };
        let deadline = Instant::now() + ctx.limits.timeout;
        let pool = self.pool(ctx, datasource).await?;
        let mut conn = timeout_at(deadline, pool.pool.get_conn())
            .await
            .map_err(|_| timed_out())?
            .map_err(|e| my_error(&pool.target, e))?;
        let connection_id = conn.id();
        let limit = ctx.limits.max_response_bytes;
        let outcome = timeout_at(deadline, async {
            if prepared {
                let values: Vec<mysql_async::Value> = query.values.iter().map(to_mysql).collect();
                let result = conn
                    .exec_iter(query.sql.as_str(), mysql_async::Params::Positional(values))
                    .await
                    .map_err(|e| my_error(&pool.target, e))?;
                read(result, limit, &pool.target).await
            } else {
                let result = conn
                    .query_iter(query.sql.as_str())
                    .await
                    .map_err(|e| my_error(&pool.target, e))?;
                read(result, limit, &pool.target).await
            }
        })
        .await;
        let result = outcome.unwrap_or_else(|_| Err(timed_out()));
        if matches!(
            result,
            Err(ExecError::Timeout { .. } | ExecError::TooLarge { .. })
        ) {
            kill_query(&pool.opts, connection_id).await;
            // The connection's state is unknown now; closing it beats reusing it.
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(5), conn.disconnect()).await;
            });
        }
        let body = result?;
        Ok(Output {
            request: json!({ "query": query.sql, "preparedStatement": prepared, "params": query.values }),
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
        let mut conn = pool
            .pool
            .get_conn()
            .await
            .map_err(|e| my_error(&pool.target, e))?;
        let rows: Vec<(String, String, String, String)> = conn
            .query(
                "SELECT CAST(c.table_name AS CHAR), CAST(c.column_name AS CHAR), CAST(c.column_type AS CHAR), CAST(t.table_type AS CHAR) \
                 FROM information_schema.columns c JOIN information_schema.tables t \
                 ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = DATABASE() ORDER BY c.table_name, c.ordinal_position",
            )
            .await
            .map_err(|e| my_error(&pool.target, e))?;
        let mut tables: Vec<Table> = Vec::new();
        for (table, column, kind, table_type) in rows {
            let column = Column { name: column, kind };
            match tables.last_mut() {
                Some(t) if t.name == table => t.columns.push(column),
                _ => tables.push(Table {
                    kind: if table_type == "VIEW" {
                        "VIEW".into()
                    } else {
                        "TABLE".into()
                    },
                    schema: None,
                    name: table,
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

/// Stops the statement running on `id` at the server; best effort, bounded in time.
async fn kill_query(opts: &Opts, id: u32) {
    let kill = async {
        let mut conn = Conn::new(opts.clone()).await?;
        conn.query_drop(format!("KILL QUERY {id}")).await?;
        conn.disconnect().await
    };
    match tokio::time::timeout(Duration::from_secs(1), kill).await {
        Ok(Ok(())) => {}
        Ok(Err(err)) => tracing::warn!(error = %err, "KILL QUERY failed"),
        Err(_) => tracing::warn!("KILL QUERY did not finish in time"),
    }
}

async fn read<P: Protocol>(
    mut result: QueryResult<'_, 'static, P>,
    limit: usize,
    target: &str,
) -> Result<Value, ExecError> {
    let columns: Arc<[MyColumn]> = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
    if columns.is_empty() {
        let affected = result.affected_rows();
        let insert_id = result.last_insert_id();
        result
            .drop_result()
            .await
            .map_err(|e| my_error(target, e))?;
        return Ok(json!([{ "affectedRows": affected, "insertId": insert_id }]));
    }
    let mut rows = Vec::new();
    let mut size = 0usize;
    while let Some(row) = result.next().await.map_err(|e| my_error(target, e))? {
        let mut object = Map::with_capacity(columns.len());
        for (column, value) in columns.iter().zip(row.unwrap()) {
            let value = cell(value, column);
            size += column.name_str().len() + json_size(&value);
            object.insert(column.name_str().into_owned(), value);
        }
        if size > limit {
            return Err(ExecError::TooLarge { limit_bytes: limit });
        }
        rows.push(Value::Object(object));
    }
    Ok(Value::Array(rows))
}

fn to_mysql(value: &Value) -> mysql_async::Value {
    use mysql_async::Value as M;
    match value {
        Value::Null => M::NULL,
        Value::Bool(b) => M::Int(i64::from(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => M::Int(i),
            (None, Some(u), _) => M::UInt(u),
            (_, _, Some(f)) => M::Double(f),
            _ => M::Bytes(n.to_string().into_bytes()),
        },
        Value::String(s) => M::Bytes(s.clone().into_bytes()),
        other => M::Bytes(other.to_string().into_bytes()),
    }
}

/// MySQL has no boolean type: `TINYINT(1)` is how booleans are stored, so it reads back as one.
fn is_boolean(column: &MyColumn) -> bool {
    column.column_type() == ColumnType::MYSQL_TYPE_TINY && column.column_length() == 1
}

fn cell(value: mysql_async::Value, column: &MyColumn) -> Value {
    use mysql_async::Value as M;
    let ty = column.column_type();
    match value {
        M::NULL => Value::Null,
        M::Int(i) if is_boolean(column) => Value::Bool(i != 0),
        M::Int(i) => Value::from(i),
        M::UInt(u) => Value::from(u),
        M::Float(f) => float(f64::from(f)),
        M::Double(d) => float(d),
        M::Date(y, mo, d, h, mi, s, us) => Value::String(if ty == ColumnType::MYSQL_TYPE_DATE {
            format!("{y:04}-{mo:02}-{d:02}")
        } else if us > 0 {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}")
        } else {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
        }),
        M::Time(negative, days, h, mi, s, _) => Value::String(format!(
            "{}{:02}:{mi:02}:{s:02}",
            if negative { "-" } else { "" },
            u64::from(days) * 24 + u64::from(h)
        )),
        M::Bytes(bytes) => bytes_cell(bytes, column),
    }
}

fn bytes_cell(bytes: Vec<u8>, column: &MyColumn) -> Value {
    use ColumnType::*;
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    match column.column_type() {
        MYSQL_TYPE_JSON => serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(text())),
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => decimal(&text()),
        // The text protocol (prepared statements off) sends numbers as text.
        MYSQL_TYPE_TINY if is_boolean(column) => Value::Bool(text() != "0"),
        MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_INT24 | MYSQL_TYPE_LONG
        | MYSQL_TYPE_LONGLONG | MYSQL_TYPE_YEAR => text()
            .parse::<i64>()
            .map_or_else(|_| Value::String(text()), Value::from),
        MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => text()
            .parse::<f64>()
            .map_or_else(|_| Value::String(text()), float),
        _ => match String::from_utf8(bytes) {
            Ok(s) => Value::String(s),
            Err(err) => Value::String(format!("0x{}", hex::encode(err.into_bytes()))),
        },
    }
}
