//! `POST /api/v1/actions/execute`, `POST /api/v1/datasources/test` and
//! `GET /api/v1/datasources/{id}/structure` through the real server: bindings as
//! parameters, failures with the database's message, fixing a datasource without a
//! restart, who may run what (edit vs published), multipart file values, the size cap
//! with memory measured, timeouts cancelled at PostgreSQL, and the address deny list.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::exec_http_server;
use crate::exec_support::peak_rss_growth;
use crate::helpers::{PgDatabase, TestApp, TestUser, spawn_app, spawn_app_with};

const PASSWORD: &str = "correct horse battery";
const HOSTILE: &str = "'; DROP TABLE users; --";

/// A workspace with an app, a page, and a PostgreSQL datasource on a fresh database
/// holding a `users` table.
struct Desk {
    app: TestApp,
    admin: TestUser,
    workspace: String,
    application: String,
    page: String,
    datasource: String,
    db: PgDatabase,
}

async fn desk(app: TestApp) -> Desk {
    let db = PgDatabase::create().await;
    let admin = app.signup("admin@example.com", PASSWORD).await;
    let workspace = admin.create_workspace("Acme").await;
    let (application, page) = admin.create_application(&workspace, "Desk").await;
    let (status, created) = admin
        .post(
            "/api/v1/datasources",
            json!({
                "name": "Users DB", "pluginId": "postgres-plugin", "workspaceId": workspace,
                "datasourceConfiguration": postgres_config(&db.name, "postgres"),
            }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let datasource = created["data"]["id"].as_str().expect("ds id").to_owned();
    let desk = Desk {
        app,
        admin,
        workspace,
        application,
        page,
        datasource,
        db,
    };
    let create = desk
        .query(
            "createUsers",
            "CREATE TABLE users (id serial, name text, age int, active bool, meta jsonb)",
        )
        .await;
    let result = desk.execute(&desk.admin, &create, false, json!({})).await;
    assert_eq!(result["isExecutionSuccess"], true, "{result}");
    desk
}

fn postgres_config(database: &str, user: &str) -> Value {
    json!({
        "endpoints": [{"host": "127.0.0.1", "port": 5432}],
        "authentication": {"username": user, "password": "unused-by-trust-auth", "databaseName": database}
    })
}

impl Desk {
    async fn query(&self, name: &str, body: &str) -> String {
        self.query_with(
            name,
            &self.datasource,
            "postgres-plugin",
            json!({ "body": body }),
        )
        .await
    }

    async fn query_with(
        &self,
        name: &str,
        datasource: &str,
        plugin: &str,
        config: Value,
    ) -> String {
        let (status, created) = self
            .admin
            .post(
                "/api/v1/actions",
                json!({
                    "name": name, "pageId": self.page, "pluginId": plugin,
                    "datasource": {"id": datasource}, "actionConfiguration": config,
                }),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        created["data"]["id"]
            .as_str()
            .expect("action id")
            .to_owned()
    }

    /// Runs a query and returns the result (the envelope's `data`), asserting HTTP 200.
    async fn execute(
        &self,
        user: &TestUser,
        action: &str,
        view_mode: bool,
        params: Value,
    ) -> Value {
        let (status, body) = self.execute_status(user, action, view_mode, params).await;
        assert_eq!(status, 200, "{body}");
        body["data"].clone()
    }

    async fn execute_status(
        &self,
        user: &TestUser,
        action: &str,
        view_mode: bool,
        params: Value,
    ) -> (u16, Value) {
        user.post(
            "/api/v1/actions/execute",
            json!({"actionId": action, "viewMode": view_mode, "params": params}),
        )
        .await
    }

    async fn member(&self, email: &str, role: &str) -> TestUser {
        let (status, body) = self
            .admin
            .post(
                &format!("/api/v1/workspaces/{}/invite", self.workspace),
                json!({"emails": [email], "role": role}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        self.app.signup(email, PASSWORD).await
    }

    async fn set_datasource(&self, config: Value) {
        let (_, current) = self
            .admin
            .get(&format!("/api/v1/datasources/{}", self.datasource))
            .await;
        let version = current["data"]["version"].as_i64().expect("version");
        let (status, body) = self
            .admin
            .put(
                &format!("/api/v1/datasources/{}", self.datasource),
                json!({"datasourceConfiguration": config, "version": version}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn bound_values_run_as_parameters_and_failures_carry_the_database_message() {
    let desk = desk(spawn_app().await).await;
    let insert = desk
        .query("insertUser", "INSERT INTO users (name, age, active, meta) VALUES ({{nameInput.text}}, {{ageInput.value}}, {{flag}}, {{meta}}) RETURNING name, age, active, meta")
        .await;
    let values = json!({"nameInput.text": HOSTILE, "ageInput.value": 42, "flag": true, "meta": {"tags": ["a", 1, null]}});
    let result = desk.execute(&desk.admin, &insert, false, values).await;
    assert_eq!(result["isExecutionSuccess"], true, "{result}");
    assert_eq!(
        result["body"],
        json!([{"name": HOSTILE, "age": 42, "active": true, "meta": {"tags": ["a", 1, null]}}])
    );
    assert!(
        result["executionTime"]
            .as_str()
            .is_some_and(|t| t.parse::<u64>().is_ok()),
        "{result}"
    );
    let request = &result["request"];
    assert!(
        request["query"].as_str().unwrap_or_default().contains("$1"),
        "edit mode shows the prepared query: {result}"
    );
    assert!(
        !request.to_string().contains("unused-by-trust-auth"),
        "no secrets in the request echo"
    );

    let count = desk
        .query("countUsers", "SELECT count(*)::int AS n FROM users")
        .await;
    let result = desk.execute(&desk.admin, &count, false, json!({})).await;
    assert_eq!(
        result["body"],
        json!([{"n": 1}]),
        "the table survived: {result}"
    );

    let broken = desk.query("broken", "SELEC name FROM users").await;
    let result = desk.execute(&desk.admin, &broken, false, json!({})).await;
    assert_eq!(result["isExecutionSuccess"], false);
    assert_eq!(result["error"]["code"], "QUERY_FAILED");
    assert_eq!(result["error"]["downstreamCode"], "42601");
    assert!(
        result["error"]["downstreamMessage"]
            .as_str()
            .unwrap_or_default()
            .contains("syntax error"),
        "{result}"
    );

    // Wrong credentials, then an unreachable host, then fixed: no restart needed.
    desk.set_datasource(postgres_config(&desk.db.name, "no_such_role"))
        .await;
    let result = desk.execute(&desk.admin, &count, false, json!({})).await;
    assert_eq!(result["isExecutionSuccess"], false);
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("no_such_role"),
        "{result}"
    );
    let mut unreachable = postgres_config(&desk.db.name, "postgres");
    unreachable["endpoints"][0]["port"] = json!(1);
    desk.set_datasource(unreachable).await;
    let result = desk.execute(&desk.admin, &count, false, json!({})).await;
    assert_eq!(result["error"]["code"], "CONNECTION_FAILED", "{result}");
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("127.0.0.1:1"),
        "{result}"
    );
    desk.set_datasource(postgres_config(&desk.db.name, "postgres"))
        .await;
    let result = desk.execute(&desk.admin, &count, false, json!({})).await;
    assert_eq!(
        result["body"],
        json!([{"n": 1}]),
        "fixed without a restart: {result}"
    );
}

#[tokio::test]
async fn viewers_run_only_published_queries() {
    let desk = desk(spawn_app().await).await;
    let count = desk
        .query("countUsers", "SELECT count(*)::int AS n FROM users")
        .await;
    let viewer = desk.member("viewer@example.com", "App Viewer").await;
    let developer = desk.member("dev@example.com", "Developer").await;
    let outsider = desk.app.signup("outsider@example.com", PASSWORD).await;

    assert_eq!(
        desk.execute_status(&viewer, &count, false, json!({}))
            .await
            .0,
        403,
        "viewers cannot run the editable copy"
    );
    assert_eq!(
        desk.execute(&developer, &count, false, json!({})).await["isExecutionSuccess"],
        true
    );
    assert_eq!(
        desk.execute_status(&viewer, &count, true, json!({}))
            .await
            .0,
        404,
        "nothing published yet"
    );

    let (status, body) = desk
        .admin
        .post(
            &format!("/api/v1/applications/publish/{}", desk.application),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let result = desk.execute(&viewer, &count, true, json!({})).await;
    assert_eq!(result["body"], json!([{"n": 0}]), "{result}");
    assert!(
        result.get("request").is_none(),
        "view mode hides the request: {result}"
    );

    // A query added after publishing is not runnable in view mode.
    let later = desk.query("later", "SELECT 1 AS one").await;
    assert_eq!(
        desk.execute_status(&viewer, &later, true, json!({}))
            .await
            .0,
        404
    );
    assert_eq!(
        desk.execute_status(&outsider, &count, true, json!({}))
            .await
            .0,
        403
    );
    let anonymous = desk.app.new_client();
    let response = anonymous
        .post(desk.app.url("/api/v1/actions/execute"))
        .header("X-Requested-By", "tessera")
        .json(&json!({"actionId": count, "viewMode": true, "params": {}}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 401);
}

#[tokio::test]
async fn datasources_are_tested_and_their_structure_listed() {
    let desk = desk(spawn_app().await).await;
    let viewer = desk.member("viewer@example.com", "App Viewer").await;
    let (status, body) = desk
        .admin
        .post(
            "/api/v1/datasources/test",
            json!({
                "workspaceId": desk.workspace, "pluginId": "postgres-plugin",
                "datasourceConfiguration": postgres_config(&desk.db.name, "postgres"),
            }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["success"], true, "{body}");
    let mut bad = postgres_config(&desk.db.name, "postgres");
    bad["endpoints"][0]["port"] = json!(1);
    let (_, body) = desk
        .admin
        .post("/api/v1/datasources/test", json!({"workspaceId": desk.workspace, "pluginId": "postgres-plugin", "datasourceConfiguration": bad}))
        .await;
    assert_eq!(body["data"]["success"], false, "{body}");
    assert!(
        body["data"]["messages"][0]
            .as_str()
            .unwrap_or_default()
            .contains("127.0.0.1:1"),
        "{body}"
    );
    // The editor sends the stored datasource back with its password masked.
    let (_, stored) = desk
        .admin
        .get(&format!("/api/v1/datasources/{}", desk.datasource))
        .await;
    let (_, body) = desk
        .admin
        .post(
            "/api/v1/datasources/test",
            json!({
                "id": desk.datasource, "workspaceId": desk.workspace, "pluginId": "postgres-plugin",
                "datasourceConfiguration": stored["data"]["datasourceConfiguration"],
            }),
        )
        .await;
    assert_eq!(body["data"]["success"], true, "{body}");
    let (status, _) = viewer
        .post("/api/v1/datasources/test", json!({"workspaceId": desk.workspace, "pluginId": "postgres-plugin", "datasourceConfiguration": {}}))
        .await;
    assert_eq!(status, 403);

    let (status, body) = desk
        .admin
        .get(&format!(
            "/api/v1/datasources/{}/structure",
            desk.datasource
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    let users = body["data"]["tables"]
        .as_array()
        .and_then(|tables| tables.iter().find(|t| t["name"] == "users"))
        .cloned()
        .expect("users table listed");
    let columns: Vec<&str> = users["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(columns, vec!["id", "name", "age", "active", "meta"]);
    let (status, _) = viewer
        .get(&format!(
            "/api/v1/datasources/{}/structure",
            desk.datasource
        ))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_slow_query_times_out_and_is_cancelled_at_postgres() {
    let desk = desk(spawn_app().await).await;
    let marker = format!("api_timeout_{}", uuid::Uuid::new_v4().simple());
    let slow = desk
        .query_with("slow", &desk.datasource, "postgres-plugin", json!({"body": format!("SELECT pg_sleep(30) AS {marker}"), "timeoutInMillisecond": 1000}))
        .await;
    let started = Instant::now();
    let result = desk.execute(&desk.admin, &slow, false, json!({})).await;
    let took = started.elapsed();
    eprintln!("API timeout answered after {took:?}");
    assert_eq!(result["error"]["code"], "TIMEOUT", "{result}");
    assert!(
        took < Duration::from_secs(2),
        "expected an answer within timeout + 1 s, took {took:?}"
    );
    let check = desk
        .query("activity", "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE {{pattern}} AND pid <> pg_backend_pid()")
        .await;
    let result = desk
        .execute(
            &desk.admin,
            &check,
            false,
            json!({"pattern": format!("%{marker}%")}),
        )
        .await;
    assert_eq!(
        result["body"],
        json!([{"n": 0}]),
        "the statement was cancelled: {result}"
    );
}

#[tokio::test]
async fn a_100_mb_result_is_refused_and_memory_stays_bounded() {
    let desk = desk(spawn_app().await).await;
    let big = desk
        .query(
            "big",
            "SELECT repeat('x', 1000) AS filler FROM generate_series(1, 100000)",
        )
        .await;
    let (result, growth) = peak_rss_growth(desk.execute(&desk.admin, &big, false, json!({}))).await;
    eprintln!(
        "API 100 MB result: peak RSS growth {} MB",
        growth / (1024 * 1024)
    );
    assert_eq!(
        result["error"]["code"], "RESPONSE_TOO_LARGE",
        "{}",
        result["error"]
    );
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("limit"),
        "{}",
        result["error"]
    );
    assert!(
        growth < 60 * 1024 * 1024,
        "the server grew by {} MB",
        growth / (1024 * 1024)
    );
}

#[tokio::test]
async fn denied_addresses_are_refused_and_files_arrive_through_multipart() {
    let denied = exec_http_server::start("127.0.0.3").await;
    let open = exec_http_server::start("127.0.0.1").await;
    let desk = desk(spawn_app_with(&[("TESSERA_EXEC_DENIED_ADDRESSES", "127.0.0.3")]).await).await;
    let rest_datasource = |url: String| {
        json!({
            "name": format!("API {url}"), "pluginId": "restapi-plugin", "workspaceId": desk.workspace,
            "datasourceConfiguration": {"url": url},
        })
    };
    let (_, created) = desk
        .admin
        .post("/api/v1/datasources", rest_datasource(denied.url()))
        .await;
    let denied_ds = created["data"]["id"].as_str().expect("id").to_owned();
    let call = desk
        .query_with(
            "callDenied",
            &denied_ds,
            "restapi-plugin",
            json!({"path": "/echo/x", "httpMethod": "GET"}),
        )
        .await;
    let result = desk.execute(&desk.admin, &call, false, json!({})).await;
    assert_eq!(result["error"]["code"], "ADDRESS_REFUSED", "{result}");
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("127.0.0.3"),
        "{result}"
    );

    let (_, created) = desk
        .admin
        .post("/api/v1/datasources", rest_datasource(open.url()))
        .await;
    let open_ds = created["data"]["id"].as_str().expect("id").to_owned();
    let upload = desk
        .query_with("upload", &open_ds, "restapi-plugin", json!({
            "path": "/echo/upload", "httpMethod": "POST",
            "headers": [{"key": "Content-Type", "value": "multipart/form-data"}],
            "bodyFormData": [{"key": "file", "value": "{{FilePicker1.files[0]}}"}, {"key": "who", "value": "{{nameInput.text}}"}],
        }))
        .await;
    let form = reqwest::multipart::Form::new()
        .text("executeActionDTO", json!({"actionId": upload, "viewMode": false, "paramProperties": {"k1": {"datatype": "string"}}}).to_string())
        .text("parameterMap", json!({"FilePicker1.files[0]": "k0", "nameInput.text": "k1"}).to_string())
        .part("k0", reqwest::multipart::Part::bytes(b"file body \xF0\x9F\x8E\x89".to_vec()).file_name("notes.txt").mime_str("text/plain").expect("mime"))
        .text("k1", "Zoë");
    let response = desk
        .admin
        .client
        .post(desk.app.url("/api/v1/actions/execute"))
        .header("X-Requested-By", "tessera")
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("json");
    let echoed = body["data"]["body"]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        echoed.contains("filename=\"notes.txt\"") && echoed.contains("file body 🎉"),
        "{body}"
    );
    assert!(echoed.contains("Zoë"), "{echoed}");
}
