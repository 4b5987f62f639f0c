//! Builders for the execution engine tests: datasources pointing at the machine's
//! real servers, queries with bindings, and a loopback HTTP server for REST/GraphQL.

use std::time::Duration;

use serde_json::{Value, json};
use tessera::exec::{
    ActionConfig, Datasource, Engine, ExecSettings, Execution, ExecutionResult, ParamMap,
};

pub fn engine() -> Engine {
    Engine::new(ExecSettings::default())
}

pub fn datasource(plugin: &str, config: Value) -> Datasource {
    serde_json::from_value(json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "pluginId": plugin,
        "datasourceConfiguration": config,
    }))
    .expect("datasource JSON is valid")
}

pub fn postgres(database: &str, user: &str) -> Datasource {
    datasource(
        "postgres-plugin",
        json!({
            "endpoints": [{"host": "127.0.0.1", "port": 5432}],
            "authentication": {"username": user, "databaseName": database},
        }),
    )
}

pub fn mysql(database: Option<&str>, password: Option<&str>) -> Datasource {
    datasource(
        "mysql-plugin",
        json!({
            "endpoints": [{"host": "127.0.0.1", "port": 3306}],
            "authentication": {"username": "root", "password": password, "databaseName": database},
        }),
    )
}

pub fn params(pairs: &[(&str, Value)]) -> ParamMap {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

pub fn query(body: &str) -> ActionConfig {
    serde_json::from_value(json!({ "body": body })).expect("action JSON is valid")
}

pub async fn run(
    engine: &Engine,
    datasource: &Datasource,
    action: &ActionConfig,
    params: &ParamMap,
) -> ExecutionResult {
    engine
        .execute(Execution {
            action_id: "test-action",
            datasource,
            action,
            params,
            view_mode: false,
        })
        .await
}

/// Runs a query that must succeed and returns its body.
pub async fn run_ok(
    engine: &Engine,
    datasource: &Datasource,
    body: &str,
    params: &ParamMap,
) -> Value {
    let result = run(engine, datasource, &query(body), params).await;
    assert!(
        result.is_execution_success,
        "expected `{body}` to succeed, got {result:#?}"
    );
    result.body
}

/// The process's resident memory in bytes (the engine runs in this process).
pub fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// Memory measurements take turns, so one test's allocations do not count in another's.
static MEASURING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `work` while sampling RSS; returns its output and the peak growth in bytes.
pub async fn peak_rss_growth<F: std::future::Future>(work: F) -> (F::Output, u64) {
    let _turn = MEASURING.lock().await;
    let before = rss_bytes();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_bytes());
                std::thread::sleep(Duration::from_millis(5));
            }
            peak.max(rss_bytes())
        })
    };
    let output = work.await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.join().unwrap_or(before);
    (output, peak.saturating_sub(before))
}

/// Asserts a failure with the given code and returns the result for more checks.
pub fn assert_failed(result: &ExecutionResult, code: &str) {
    let mut shown = result.body.to_string();
    shown.truncate(300);
    assert!(
        !result.is_execution_success,
        "expected a failure with {code}, got success with body {shown}…"
    );
    let error = result
        .error
        .as_ref()
        .expect("a failed result carries an error");
    assert_eq!(error.code, code, "unexpected error: {error:#?}");
}
