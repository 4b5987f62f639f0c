//! Spawns the real application on a free port with a fresh store, and gives tests
//! request methods that read like the API.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use serde_json::Value;
use tessera::config::Config;
use tessera::startup::Application;

pub const POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
pub const REDIS_URL: &str = "redis://127.0.0.1:6379";

pub struct TestApp {
    pub address: SocketAddr,
    /// The same store the server uses, to check what was really written.
    pub store: tessera::store::DynStore,
    pub client: reqwest::Client,
    _stacks: tempfile::TempDir,
    _database: Option<PgDatabase>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request reaches the server")
    }

    /// A browser of its own (separate cookie jar) for another person.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("http client")
    }

    /// Signs a new person up in a browser of their own.
    pub async fn signup(&self, email: &str, password: &str) -> TestUser {
        let user = TestUser {
            client: self.new_client(),
            base: self.url(""),
            id: String::new(),
        };
        let (status, body) = user
            .send(
                reqwest::Method::POST,
                "/api/v1/users",
                Some(serde_json::json!({"email": email, "password": password, "name": email})),
            )
            .await;
        assert_eq!(status, 201, "sign-up of {email} must succeed: {body}");
        TestUser {
            id: body["data"]["id"].as_str().expect("user id").to_owned(),
            ..user
        }
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }
}

/// A logged-in person with their own cookie jar.
#[derive(Clone)]
pub struct TestUser {
    pub client: reqwest::Client,
    pub base: String,
    pub id: String,
}

impl TestUser {
    /// Sends a request the way the front end does (with the CSRF header) and returns the
    /// status and the JSON body (`null` when the body is not JSON).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("X-Requested-By", "tessera");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    /// Creates an application and returns its id and the id of its first page.
    pub async fn create_application(&self, workspace: &str, name: &str) -> (String, String) {
        let (status, created) = self
            .post(
                "/api/v1/applications",
                serde_json::json!({"workspaceId": workspace, "name": name}),
            )
            .await;
        assert_eq!(status, 201, "application {name} must be created: {created}");
        let id = created["data"]["id"]
            .as_str()
            .expect("application id")
            .to_owned();
        let page = created["data"]["pages"][0]["id"]
            .as_str()
            .expect("first page")
            .to_owned();
        (id, page)
    }

    /// Creates a workspace and returns its id.
    pub async fn create_workspace(&self, name: &str) -> String {
        let (status, body) = self
            .post("/api/v1/workspaces", serde_json::json!({"name": name}))
            .await;
        assert_eq!(status, 201, "workspace {name} must be created: {body}");
        body["data"]["id"]
            .as_str()
            .expect("workspace id")
            .to_owned()
    }
}

/// Builds a config the way the binary does, from an environment map.
pub fn config_with(stacks: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("TESSERA_STACKS_DIR".into(), stacks.display().to_string());
    env.insert("TESSERA_PORT".into(), "0".into());
    for (key, value) in extra {
        env.insert((*key).to_owned(), (*value).to_owned());
    }
    Config::from_map(&env).expect("test configuration is valid")
}

/// The app on embedded defaults (SQLite under a temporary stacks folder).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let stacks = tempfile::tempdir().expect("temp dir");
    let app = Application::build(config_with(stacks.path(), extra))
        .await
        .expect("application starts");
    start(app, stacks, None)
}

/// The app on a fresh PostgreSQL database of its own.
pub async fn spawn_app_on_postgres() -> TestApp {
    let database = PgDatabase::create().await;
    let stacks = tempfile::tempdir().expect("temp dir");
    let config = config_with(stacks.path(), &[("TESSERA_DB_URL", &database.url)]);
    let app = Application::build(config)
        .await
        .expect("application starts");
    start(app, stacks, Some(database))
}

fn start(app: Application, stacks: tempfile::TempDir, database: Option<PgDatabase>) -> TestApp {
    let address = app.address();
    let store = app.state().store.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        store,
        client: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("http client"),
        _stacks: stacks,
        _database: database,
    }
}

/// A PostgreSQL database created for one test and dropped after it.
pub struct PgDatabase {
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    pub async fn create() -> Self {
        let name = format!("tessera_t_{}", uuid::Uuid::new_v4().simple());
        run_admin_sql(format!("CREATE DATABASE {name}")).await;
        let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
        Self { name, url }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs outside any async context we may block, so use a thread of its own.
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(run_admin_sql(sql));
            }
        })
        .join();
    }
}

async fn run_admin_sql(sql: String) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(POSTGRES_ADMIN_URL)
        .await
        .expect("the machine's PostgreSQL answers on 127.0.0.1:5432");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("admin SQL runs");
}

/// The MongoDB URL for tests, or `None` after saying plainly that they are skipped.
pub fn mongodb_url(test: &str) -> Option<String> {
    match std::env::var("TESSERA_TEST_MONGODB_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("SKIPPED (MongoDB): {test}: TESSERA_TEST_MONGODB_URL is not set");
            None
        }
    }
}
