//! The API leg of the execution benchmark: a real server on loopback, a user, a
//! workspace, a PostgreSQL datasource and a query, then `POST /api/v1/actions/execute`
//! from as many concurrent callers as the other legs.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};
use tessera::config::Config;
use tessera::startup::Application;

use super::{Run, measure};

struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("X-Requested-By", "tessera")
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON answer");
        assert!(status.is_success(), "{path} failed: {body}");
        body["data"].clone()
    }
}

/// The query through the API, and an authenticated request that runs no query
/// (`GET /api/v1/users/me`) to show what the API path costs by itself.
pub async fn run(
    database: &str,
    query: &str,
    requests: usize,
    concurrency: usize,
) -> Option<(Run, Run)> {
    let stacks = tempfile::tempdir().expect("a temporary stacks folder");
    let env: BTreeMap<String, String> = [
        ("TESSERA_STACKS_DIR", stacks.path().display().to_string()),
        ("TESSERA_PORT", "0".to_owned()),
        ("TESSERA_EXEC_POOL_SIZE", concurrency.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_map(&env).expect("bench configuration");
    let app = Application::build(config).await.expect("the server starts");
    let base = format!("http://{}", app.address());
    let engine = app.state().engine.clone();
    tokio::spawn(app.run_until_stopped());

    let api = Api {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client"),
        base,
    };
    api.post(
        "/api/v1/users",
        json!({"email": "bench@example.com", "password": "correct horse battery", "name": "Bench"}),
    )
    .await;
    let workspace = api
        .post("/api/v1/workspaces", json!({"name": "Bench"}))
        .await;
    let workspace = workspace["id"].as_str().expect("workspace id").to_owned();
    let application = api
        .post(
            "/api/v1/applications",
            json!({"workspaceId": workspace, "name": "Bench"}),
        )
        .await;
    let page = application["pages"][0]["id"]
        .as_str()
        .expect("page id")
        .to_owned();
    let datasource = api
        .post(
            "/api/v1/datasources",
            json!({
                "name": "Bench DB", "pluginId": "postgres-plugin", "workspaceId": workspace,
                "datasourceConfiguration": {
                    "endpoints": [{"host": "127.0.0.1", "port": 5432}],
                    "authentication": {"username": "postgres", "databaseName": database},
                    // Same transport as the direct leg, which connects without TLS.
                    "connection": {"ssl": {"authType": "DISABLE"}},
                },
            }),
        )
        .await;
    let datasource = datasource["id"].as_str().expect("datasource id").to_owned();
    let action = api
        .post(
            "/api/v1/actions",
            json!({
                "name": "getItem", "pageId": page, "pluginId": "postgres-plugin",
                "datasource": {"id": datasource}, "actionConfiguration": {"body": query},
            }),
        )
        .await;
    let action = action["id"].as_str().expect("action id").to_owned();
    let before = engine.metrics();
    let api = Arc::new(api);
    let me = {
        let api = api.clone();
        measure(requests, concurrency, move |_| {
            let api = api.clone();
            async move {
                let response = api
                    .client
                    .get(format!("{}/api/v1/users/me", api.base))
                    .send()
                    .await
                    .expect("the server answers");
                assert!(response.status().is_success());
                let _ = response.bytes().await;
            }
        })
        .await
    };
    let run = measure(requests, concurrency, move |i| {
        let (api, action) = (api.clone(), action.clone());
        async move {
            let result = api
                .post(
                    "/api/v1/actions/execute",
                    json!({"actionId": action, "viewMode": false, "params": {"Input1.value": i % 1000 + 1}}),
                )
                .await;
            assert_eq!(result["isExecutionSuccess"], true, "{result}");
        }
    })
    .await;
    let after = engine.metrics();
    let executions = after.executions - before.executions;
    println!(
        "server engine counters during the API leg: {executions} executions, {} failures, mean {:.3} ms inside the engine",
        after.failures - before.failures,
        (after.total_micros - before.total_micros) as f64 / executions.max(1) as f64 / 1000.0
    );
    Some((run, me))
}
