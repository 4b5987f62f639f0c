//! MongoDB: the query is a database command in extended JSON (find, insert, update,
//! delete, aggregate, count, distinct, …) with `{{ }}` values substituted as typed
//! JSON. Cursor commands stream their documents under the size cap.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document};
use mongodb::options::ClientOptions;
use serde_json::{Value, json};

use super::pools::Pools;
use super::{
    ActionConfig, Column, Context, Datasource, DatasourceConfig, Downstream, ExecError, Output,
    ParamMap, Plugin, Structure, Table, json_size, json_subst,
};

/// Commands whose answer is a cursor to read through.
const CURSOR_COMMANDS: &[&str] = &["find", "aggregate", "listCollections", "listIndexes"];

#[derive(Default)]
pub struct MongoPlugin {
    clients: Pools<MongoClient>,
}

struct MongoClient {
    client: mongodb::Client,
    database: String,
    target: String,
}

fn uri(config: &DatasourceConfig) -> Result<(String, String), ExecError> {
    if let Some(url) = config
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        let shown = url::Url::parse(url)
            .map(|u| u.host_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|_| "the MongoDB server".into());
        return Ok((url.to_owned(), shown));
    }
    let (host, port) = config.endpoint(27017)?;
    let mut url = url::Url::parse("mongodb://localhost")
        .map_err(|err| ExecError::Internal(err.to_string()))?;
    url.set_host(Some(&host))
        .map_err(|_| ExecError::InvalidConfig(format!("`{host}` is not a valid host name.")))?;
    let _ = url.set_port(Some(port));
    if let Some(user) = config.username() {
        let _ = url.set_username(user);
        let _ = url.set_password(config.password());
    }
    url.set_path("/");
    Ok((url.to_string(), format!("{host}:{port}")))
}

fn mongo_error(target: &str, err: &mongodb::error::Error) -> ExecError {
    use mongodb::error::ErrorKind;
    match err.kind.as_ref() {
        ErrorKind::Command(command) => ExecError::Query {
            message: format!("MongoDB refused the command: {}", command.message),
            downstream: Downstream {
                code: Some(command.code.to_string()),
                message: Some(command.message.clone()),
            },
        },
        ErrorKind::Authentication { message, .. } => ExecError::Authentication {
            message: format!("{target} refused the credentials: {message}"),
            downstream: Downstream {
                code: None,
                message: Some(message.clone()),
            },
        },
        _ => ExecError::connection(target, err),
    }
}

impl MongoPlugin {
    async fn client(
        &self,
        datasource: &Datasource,
        pool_size: usize,
    ) -> Result<Arc<MongoClient>, ExecError> {
        self.clients
            .get(datasource, || async {
                let config = &datasource.datasource_configuration;
                let (uri, target) = uri(config)?;
                let mut options = ClientOptions::parse(&uri).await.map_err(|err| {
                    ExecError::InvalidConfig(format!("The MongoDB address is invalid: {err}"))
                })?;
                options.max_pool_size = Some(u32::try_from(pool_size).unwrap_or(5));
                options.server_selection_timeout = Some(Duration::from_secs(10));
                options.connect_timeout = Some(Duration::from_secs(10));
                options.app_name = Some("tessera".into());
                let database = config
                    .database()
                    .map(str::to_owned)
                    .or_else(|| options.default_database.clone())
                    .ok_or_else(|| {
                        ExecError::InvalidConfig("Name the MongoDB database to use.".into())
                    })?;
                let client = mongodb::Client::with_options(options)
                    .map_err(|err| mongo_error(&target, &err))?;
                Ok(MongoClient {
                    client,
                    database,
                    target,
                })
            })
            .await
    }
}

/// Parses the command after typed substitution; extended JSON (`$oid`, `$date`) is honoured.
pub fn command(body: &str, params: &ParamMap) -> Result<Document, ExecError> {
    let value = json_subst::substitute_json(body, params)?;
    match Bson::try_from(value) {
        Ok(Bson::Document(doc)) if !doc.is_empty() => Ok(doc),
        Ok(_) => Err(ExecError::InvalidConfig(
            "A MongoDB command is a JSON object such as {\"find\": \"users\", \"filter\": {}}."
                .into(),
        )),
        Err(err) => Err(ExecError::InvalidConfig(format!(
            "The command is not valid extended JSON: {err}"
        ))),
    }
}

#[async_trait]
impl Plugin for MongoPlugin {
    fn id(&self) -> &'static str {
        "mongo-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        uri(config)
            .err()
            .map(|e| e.to_string())
            .into_iter()
            .collect()
    }

    async fn test(&self, ctx: Context<'_>, datasource: &Datasource) -> Result<(), ExecError> {
        let mongo = self.client(datasource, ctx.settings.pool_size).await?;
        mongo
            .client
            .database(&mongo.database)
            .run_command(mongodb::bson::doc! { "ping": 1 })
            .await
            .map(|_| ())
            .map_err(|err| mongo_error(&mongo.target, &err))
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let body = super::postgres::sql_body(action)?;
        let doc = command(&body, params)?;
        let name = doc.keys().next().cloned().unwrap_or_default();
        let mongo = self.client(datasource, ctx.settings.pool_size).await?;
        let db = mongo.client.database(&mongo.database);
        let limit = ctx.limits.max_response_bytes;
        let millis = u64::try_from(ctx.limits.timeout.as_millis()).unwrap_or(u64::MAX);
        let request = json!({ "command": Bson::Document(doc.clone()).into_relaxed_extjson() });
        let run = async {
            if CURSOR_COMMANDS.contains(&name.as_str()) {
                let mut cursor = db
                    .run_cursor_command(doc)
                    .await
                    .map_err(|err| mongo_error(&mongo.target, &err))?;
                let mut docs = Vec::new();
                let mut size = 0;
                while let Some(found) = cursor
                    .try_next()
                    .await
                    .map_err(|err| mongo_error(&mongo.target, &err))?
                {
                    let value = Bson::Document(found).into_relaxed_extjson();
                    size += json_size(&value);
                    if size > limit {
                        return Err(ExecError::TooLarge { limit_bytes: limit });
                    }
                    docs.push(value);
                }
                Ok(Value::Array(docs))
            } else {
                let answer = db
                    .run_command(doc)
                    .await
                    .map_err(|err| mongo_error(&mongo.target, &err))?;
                let value = Bson::Document(answer).into_relaxed_extjson();
                if json_size(&value) > limit {
                    return Err(ExecError::TooLarge { limit_bytes: limit });
                }
                Ok(value)
            }
        };
        let body = tokio::time::timeout(ctx.limits.timeout, run)
            .await
            .map_err(|_| ExecError::Timeout { millis })??;
        Ok(Output {
            request,
            ..Output::ok(body)
        })
    }

    async fn structure(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
    ) -> Result<Structure, ExecError> {
        let mongo = self.client(datasource, ctx.settings.pool_size).await?;
        let db = mongo.client.database(&mongo.database);
        let mut names = db
            .list_collection_names()
            .await
            .map_err(|err| mongo_error(&mongo.target, &err))?;
        names.sort();
        let mut tables = Vec::new();
        // Sampling every collection of a large database would be slow; the first 100 do.
        for name in names.into_iter().take(100) {
            let sample = db
                .collection::<Document>(&name)
                .find_one(Document::new())
                .await
                .map_err(|err| mongo_error(&mongo.target, &err))?;
            let columns = sample
                .map(|doc| {
                    doc.iter()
                        .map(|(field, value)| Column {
                            name: field.clone(),
                            kind: format!("{:?}", value.element_type()),
                        })
                        .collect()
                })
                .unwrap_or_default();
            tables.push(Table {
                kind: "COLLECTION".into(),
                schema: None,
                name,
                columns,
            });
        }
        Ok(Structure { tables })
    }

    fn forget(&self, datasource_id: &str) {
        self.clients.remove(datasource_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_take_typed_values_and_extended_json() {
        let params: ParamMap = [
            ("id".to_owned(), json!("5f1d7f9b8e4b2a0017a1b2c3")),
            ("age".to_owned(), json!(30)),
            ("name".to_owned(), json!("O'Brien\"; db.dropDatabase()")),
            ("tags".to_owned(), json!(["a", 1, true, null])),
        ]
        .into_iter()
        .collect();
        let doc = command(
            r#"{"find": "users", "filter": {"_id": {"$oid": "{{id}}"}, "age": {"$gte": {{age}}}, "name": "{{name}}", "tags": {"$in": {{tags}}}}}"#,
            &params,
        )
        .expect("valid command");
        let filter = doc.get_document("filter").expect("filter");
        assert!(
            matches!(filter.get("_id"), Some(Bson::ObjectId(_))),
            "{filter:?}"
        );
        assert_eq!(
            filter.get_document("age").expect("age").get("$gte"),
            Some(&Bson::Int32(30))
        );
        assert_eq!(
            filter.get_str("name").expect("name"),
            "O'Brien\"; db.dropDatabase()"
        );
        let tags = filter
            .get_document("tags")
            .expect("tags")
            .get_array("$in")
            .expect("array");
        assert_eq!(tags.len(), 4);
        assert_eq!(tags[2], Bson::Boolean(true));
        assert_eq!(tags[3], Bson::Null);
    }

    #[test]
    fn a_command_must_be_an_object() {
        let err = command("[1, 2]", &ParamMap::new()).expect_err("not an object");
        assert_eq!(err.code(), "DATASOURCE_INVALID");
    }
}
