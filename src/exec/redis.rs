//! Redis: the query is one command; a `{{ }}` value is always exactly one argument
//! (spaces and quotes in it cannot add arguments). Connections are multiplexed
//! per datasource and reconnect by themselves.

use async_trait::async_trait;
use redis::aio::ConnectionManager;
use serde_json::{Value, json};

use super::bindings::{Segment, as_text, lookup, segments};
use super::pools::Pools;
use super::{
    ActionConfig, Context, Datasource, DatasourceConfig, Downstream, ExecError, Output, ParamMap,
    Plugin, json_size,
};

#[derive(Default)]
pub struct RedisPlugin {
    pools: Pools<RedisConn>,
}

struct RedisConn {
    manager: ConnectionManager,
    target: String,
}

fn client(config: &DatasourceConfig) -> Result<(redis::Client, String), ExecError> {
    let (host, port) = config.endpoint(6379)?;
    let mut url =
        url::Url::parse("redis://localhost").map_err(|err| ExecError::Internal(err.to_string()))?;
    let bad_host = |_| ExecError::InvalidConfig(format!("`{host}` is not a valid host name."));
    url.set_host(Some(&host)).map_err(bad_host)?;
    let _ = url.set_port(Some(port));
    if let Some(password) = config.password() {
        let _ = url.set_username(config.username().unwrap_or("default"));
        let _ = url.set_password(Some(password));
    }
    if let Some(db) = config.database() {
        let db: u32 = db.trim().parse().map_err(|_| {
            ExecError::InvalidConfig(format!("The Redis database must be a number, not `{db}`."))
        })?;
        url.set_path(&db.to_string());
    }
    let target = format!("{host}:{port}");
    let client = redis::Client::open(url.as_str())
        .map_err(|err| ExecError::InvalidConfig(format!("The Redis address is invalid: {err}")))?;
    Ok((client, target))
}

fn redis_error(target: &str, err: redis::RedisError) -> ExecError {
    let downstream = Downstream {
        code: err.code().map(str::to_owned),
        message: Some(err.to_string()),
    };
    if err.is_io_error() || err.is_connection_refusal() || err.is_timeout() {
        ExecError::Connection {
            message: format!("Could not reach Redis at {target}: {err}"),
            downstream,
        }
    } else if matches!(err.code(), Some("NOAUTH" | "WRONGPASS")) {
        ExecError::Authentication {
            message: format!("{target} refused the credentials: {err}"),
            downstream,
        }
    } else {
        ExecError::Query {
            message: format!("Redis refused the command: {err}"),
            downstream,
        }
    }
}

impl RedisPlugin {
    async fn conn(&self, datasource: &Datasource) -> Result<std::sync::Arc<RedisConn>, ExecError> {
        self.pools
            .get(datasource, || async {
                let (client, target) = client(&datasource.datasource_configuration)?;
                let manager = ConnectionManager::new(client)
                    .await
                    .map_err(|err| redis_error(&target, err))?;
                Ok(RedisConn { manager, target })
            })
            .await
    }
}

#[async_trait]
impl Plugin for RedisPlugin {
    fn id(&self) -> &'static str {
        "redis-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        client(config)
            .err()
            .map(|e| e.to_string())
            .into_iter()
            .collect()
    }

    async fn test(&self, _ctx: Context<'_>, datasource: &Datasource) -> Result<(), ExecError> {
        let conn = self.conn(datasource).await?;
        let mut manager = conn.manager.clone();
        redis::cmd("PING")
            .query_async::<redis::Value>(&mut manager)
            .await
            .map(|_| ())
            .map_err(|err| redis_error(&conn.target, err))
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let body = super::postgres::sql_body(action)?;
        let args = arguments(&body, params)?;
        let Some((name, rest)) = args.split_first() else {
            return Err(ExecError::InvalidConfig(
                "The Redis command is empty.".into(),
            ));
        };
        let conn = tokio::time::timeout(ctx.limits.timeout, self.conn(datasource))
            .await
            .map_err(|_| timeout(ctx))??;
        let mut command = redis::cmd(&String::from_utf8_lossy(name));
        for arg in rest {
            command.arg(arg.as_slice());
        }
        let mut manager = conn.manager.clone();
        // Redis has no per-command cancel; the reply is dropped when it comes late.
        let reply = tokio::time::timeout(
            ctx.limits.timeout,
            command.query_async::<redis::Value>(&mut manager),
        )
        .await
        .map_err(|_| timeout(ctx))?
        .map_err(|err| redis_error(&conn.target, err))?;
        let result = to_json(reply);
        if json_size(&result) > ctx.limits.max_response_bytes {
            return Err(ExecError::TooLarge {
                limit_bytes: ctx.limits.max_response_bytes,
            });
        }
        Ok(Output {
            request: json!({ "query": body }),
            ..Output::ok(json!([{ "result": result }]))
        })
    }

    fn forget(&self, datasource_id: &str) {
        self.pools.remove(datasource_id);
    }
}

fn timeout(ctx: Context<'_>) -> ExecError {
    ExecError::Timeout {
        millis: u64::try_from(ctx.limits.timeout.as_millis()).unwrap_or(u64::MAX),
    }
}

/// Splits a command line into arguments: whitespace separates, quotes group, and
/// each binding's value is inserted into its argument as a whole.
pub fn arguments(body: &str, params: &ParamMap) -> Result<Vec<Vec<u8>>, ExecError> {
    let mut args = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for part in segments(body) {
        match part {
            Segment::Binding(expr) => current
                .get_or_insert_with(Vec::new)
                .extend_from_slice(as_text(lookup(params, expr)?).as_bytes()),
            Segment::Text(text) => {
                for c in text.chars() {
                    let mut buf = [0u8; 4];
                    match quote {
                        Some(_) if escaped => {
                            escaped = false;
                            let c = match c {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                other => other,
                            };
                            push(&mut current, c.encode_utf8(&mut buf));
                        }
                        Some('"') if c == '\\' => escaped = true,
                        Some(q) if c == q => quote = None,
                        Some(_) => push(&mut current, c.encode_utf8(&mut buf)),
                        None if c.is_whitespace() => {
                            if let Some(arg) = current.take() {
                                args.push(arg);
                            }
                        }
                        None if c == '"' || c == '\'' => {
                            quote = Some(c);
                            current.get_or_insert_with(Vec::new);
                        }
                        None => push(&mut current, c.encode_utf8(&mut buf)),
                    }
                }
            }
        }
    }
    if quote.is_some() {
        return Err(ExecError::InvalidConfig(
            "The Redis command has an unclosed quote.".into(),
        ));
    }
    args.extend(current);
    Ok(args)
}

fn push(current: &mut Option<Vec<u8>>, s: &str) {
    current
        .get_or_insert_with(Vec::new)
        .extend_from_slice(s.as_bytes());
}

fn to_json(value: redis::Value) -> Value {
    use redis::Value as R;
    match value {
        R::Nil => Value::Null,
        R::Int(i) => Value::from(i),
        R::BulkString(bytes) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        R::SimpleString(s) => Value::String(s),
        R::Okay => Value::String("OK".into()),
        R::Array(items) | R::Set(items) => Value::Array(items.into_iter().map(to_json).collect()),
        R::Map(pairs) => Value::Array(
            pairs
                .into_iter()
                .map(|(k, v)| json!([to_json(k), to_json(v)]))
                .collect(),
        ),
        R::Double(d) => super::postgres_types::float(d),
        R::Boolean(b) => Value::Bool(b),
        R::VerbatimString { text, .. } => Value::String(text),
        other => Value::String(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binding_is_exactly_one_argument() {
        let params: ParamMap = [("v".to_owned(), json!("a b \" c"))].into_iter().collect();
        let args = arguments(r#"SET "my key" {{v}}"#, &params).expect("parses");
        assert_eq!(
            args,
            vec![b"SET".to_vec(), b"my key".to_vec(), b"a b \" c".to_vec()]
        );
    }
}
