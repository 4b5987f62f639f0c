//! The MySQL plugin against the machine's real MariaDB, each test in a fresh
//! database: bindings are `?` parameters, types and text survive, a timeout kills
//! the query at the server, and failures carry the server's own message.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tessera::exec::{ActionConfig, Datasource, Engine};

use crate::exec_support::{
    assert_failed, engine, mysql, params, peak_rss_growth, query, run, run_ok,
};

const DIGITS: &str = "(SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 \
     UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";

const HOSTILE: &str = "'; DROP TABLE users; --";

/// A database of its own for one test; dropped at the end through the engine itself.
struct MyDatabase {
    engine: Engine,
    server: Datasource,
    name: String,
}

impl MyDatabase {
    async fn create() -> Self {
        let engine = engine();
        let server = mysql(None, None);
        let name = format!("tessera_t_{}", uuid::Uuid::new_v4().simple());
        let create: ActionConfig = serde_json::from_value(json!({
            "body": format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"),
            "pluginSpecifiedTemplates": [{"value": false}],
        }))
        .expect("action");
        let result = run(&engine, &server, &create, &params(&[])).await;
        assert!(
            result.is_execution_success,
            "MariaDB answers on 127.0.0.1:3306: {result:#?}"
        );
        MyDatabase {
            engine,
            server,
            name,
        }
    }

    fn datasource(&self) -> Datasource {
        mysql(Some(&self.name), None)
    }

    async fn drop(self) {
        let drop: ActionConfig = serde_json::from_value(json!({
            "body": format!("DROP DATABASE IF EXISTS {}", self.name),
            "pluginSpecifiedTemplates": [{"value": false}],
        }))
        .expect("action");
        run(&self.engine, &self.server, &drop, &params(&[])).await;
    }
}

#[tokio::test]
async fn bound_values_are_stored_verbatim_and_keep_their_types() {
    let db = MyDatabase::create().await;
    let engine = engine();
    let ds = db.datasource();
    run_ok(
        &engine,
        &ds,
        "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT, age INT, score DOUBLE, \
         active TINYINT(1), note TEXT NULL, price DECIMAL(10,2)) CHARACTER SET utf8mb4",
        &params(&[]),
    )
    .await;
    let unicode = "Zoë → 日本語 🎉";
    let values = params(&[
        ("Input1.text", json!(HOSTILE)),
        ("age", json!(42)),
        ("score", json!(2.5)),
        ("active", json!(true)),
        ("note", Value::Null),
        ("price", json!(19.99)),
        ("unicode", json!(unicode)),
    ]);
    let inserted = run_ok(
        &engine,
        &ds,
        "INSERT INTO users (name, age, score, active, note, price) VALUES ('{{Input1.text}}', {{age}}, {{score}}, {{active}}, {{note}}, {{price}}), ({{unicode}}, 0, 0, false, 'x', 0)",
        &values,
    )
    .await;
    assert_eq!(inserted[0]["affectedRows"], json!(2));
    let rows = run_ok(
        &engine,
        &ds,
        "SELECT name, age, score, active, note, price FROM users ORDER BY id",
        &params(&[]),
    )
    .await;
    assert_eq!(
        rows,
        json!([
            { "name": HOSTILE, "age": 42, "score": 2.5, "active": true, "note": null, "price": 19.99 },
            { "name": unicode, "age": 0, "score": 0.0, "active": false, "note": "x", "price": 0.0 }
        ])
    );
    let found = run_ok(
        &engine,
        &ds,
        "SELECT COUNT(*) AS n FROM users WHERE name = {{Input1.text}}",
        &values,
    )
    .await;
    assert_eq!(found, json!([{ "n": 1 }]));
    let json_value = run_ok(
        &engine,
        &ds,
        "SELECT JSON_EXTRACT({{doc}}, '$.list[1]') AS second",
        &params(&[("doc", json!({"list": [1, "two"]}))]),
    )
    .await;
    assert_eq!(json_value, json!([{ "second": "\"two\"" }]));
    db.drop().await;
}

#[tokio::test]
async fn a_query_past_its_timeout_is_killed_at_the_server() {
    let db = MyDatabase::create().await;
    let engine = engine();
    let ds = db.datasource();
    let marker = format!("timeout_marker_{}", uuid::Uuid::new_v4().simple());
    let action: ActionConfig = serde_json::from_value(json!({
        "body": format!("SELECT SLEEP(30) AS {marker}"),
        "timeoutInMillisecond": 1000,
    }))
    .expect("action");
    let started = Instant::now();
    let result = run(&engine, &ds, &action, &params(&[])).await;
    let took = started.elapsed();
    assert_failed(&result, "TIMEOUT");
    assert!(took < Duration::from_millis(2000), "took {took:?}");
    eprintln!("mysql timeout answered after {took:?}");
    let running = run_ok(
        &engine,
        &ds,
        "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE {{pattern}} AND id <> CONNECTION_ID()",
        &params(&[("pattern", json!(format!("%{marker}%")))]),
    )
    .await;
    assert_eq!(
        running,
        json!([{ "n": 0 }]),
        "the sleeping query still runs"
    );
    db.drop().await;
}

#[tokio::test]
async fn failures_carry_the_server_message_and_a_fixed_datasource_works() {
    let db = MyDatabase::create().await;
    let engine = engine();
    let good = db.datasource();

    let syntax = run(&engine, &good, &query("SELEC 1"), &params(&[])).await;
    assert_failed(&syntax, "QUERY_FAILED");
    let error = syntax.error.expect("error");
    assert_eq!(error.downstream_code.as_deref(), Some("1064"));
    assert!(
        error
            .downstream_message
            .unwrap_or_default()
            .contains("SQL syntax"),
        "MariaDB's own message is passed on"
    );

    let mut wrong = mysql(Some(&db.name), Some("not-the-password"));
    let denied = run(&engine, &wrong, &query("SELECT 1"), &params(&[])).await;
    assert_failed(&denied, "AUTHENTICATION_FAILED");
    assert!(
        denied
            .error
            .expect("error")
            .downstream_message
            .unwrap_or_default()
            .contains("Access denied"),
        "MariaDB's own message is passed on"
    );

    let mut unreachable = mysql(Some(&db.name), None);
    unreachable.datasource_configuration.endpoints[0].port = Some(1);
    let refused = run(&engine, &unreachable, &query("SELECT 1"), &params(&[])).await;
    assert_failed(&refused, "CONNECTION_FAILED");
    let message = refused.error.expect("error").message;
    assert!(message.contains("127.0.0.1:1"), "names the host: {message}");

    wrong.datasource_configuration = good.datasource_configuration.clone();
    assert_eq!(
        run_ok(&engine, &wrong, "SELECT 1 AS one", &params(&[])).await,
        json!([{ "one": 1 }])
    );
    db.drop().await;
}

#[tokio::test]
async fn a_result_over_the_cap_is_refused_and_structure_is_listed() {
    let db = MyDatabase::create().await;
    let engine = engine();
    let ds = db.datasource();
    let (result, growth) = peak_rss_growth(run(
        &engine,
        &ds,
        // 100 000 rows (ten digits crossed five times) of 1 000 bytes: 100 MB.
        &query(&format!(
            "SELECT REPEAT('x', 1000) AS filler FROM {DIGITS} a, {DIGITS} b, {DIGITS} c, {DIGITS} d, {DIGITS} e"
        )),
        &params(&[]),
    ))
    .await;
    assert_failed(&result, "RESPONSE_TOO_LARGE");
    eprintln!(
        "mysql 100 MB result: peak RSS growth {} MB",
        growth / (1024 * 1024)
    );
    assert!(
        growth < 60 * 1024 * 1024,
        "memory grew by {} MB",
        growth / (1024 * 1024)
    );

    run_ok(
        &engine,
        &ds,
        "CREATE TABLE orders (id INT, total DECIMAL(8,2))",
        &params(&[]),
    )
    .await;
    let structure = engine.structure(&ds).await.expect("structure");
    let orders = structure
        .tables
        .iter()
        .find(|t| t.name == "orders")
        .expect("orders listed");
    let columns: Vec<&str> = orders.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, vec!["id", "total"]);
    assert!(engine.test(&ds).await.success);
    db.drop().await;
}
