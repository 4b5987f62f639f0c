//! The PostgreSQL plugin against the machine's real server, each test in a fresh
//! database: bindings are parameters, types and text survive, timeouts cancel at the
//! server, failures carry PostgreSQL's own message, and the size cap holds memory down.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tessera::exec::ActionConfig;

use crate::exec_support::{
    assert_failed, engine, params, peak_rss_growth, postgres, query, run, run_ok,
};
use crate::helpers::PgDatabase;

const HOSTILE: &str = "'; DROP TABLE users; --";

#[tokio::test]
async fn bound_values_are_stored_verbatim_and_keep_their_types() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    run_ok(
        &engine,
        &ds,
        "CREATE TABLE users (id serial PRIMARY KEY, name text, age int, score float8, \
         active bool, note text, tags text[], meta jsonb, price numeric(10,2))",
        &params(&[]),
    )
    .await;
    let values = params(&[
        ("Input1.text", json!(HOSTILE)),
        ("age", json!(42)),
        ("score", json!(2.5)),
        ("active", json!(true)),
        ("note", Value::Null),
        ("tags", json!(["a", "b"])),
        ("meta", json!({"k": [1, "x"], "nested": {"ok": true}})),
        ("price", json!("19.99")),
    ]);
    let inserted = run_ok(
        &engine,
        &ds,
        "INSERT INTO users (name, age, score, active, note, tags, meta, price) \
         VALUES ({{Input1.text}}, {{age}}, {{score}}, {{active}}, {{note}}, {{tags}}, {{meta}}, {{price}}) \
         RETURNING name, age, score, active, note, tags, meta, price",
        &values,
    )
    .await;
    let expected = json!([{
        "name": HOSTILE, "age": 42, "score": 2.5, "active": true, "note": null,
        "tags": ["a", "b"], "meta": {"k": [1, "x"], "nested": {"ok": true}}, "price": 19.99
    }]);
    assert_eq!(inserted, expected);
    // The table survived the hostile value, which is found by equality.
    let found = run_ok(
        &engine,
        &ds,
        "SELECT name FROM users WHERE name = '{{Input1.text}}'",
        &values,
    )
    .await;
    assert_eq!(found, json!([{ "name": HOSTILE }]));
    // A string bound where a number is expected is converted by the server.
    let by_age = run_ok(
        &engine,
        &ds,
        "SELECT count(*)::int AS n FROM users WHERE age = {{age}}",
        &params(&[("age", json!("42"))]),
    )
    .await;
    assert_eq!(by_age, json!([{ "n": 1 }]));
}

#[tokio::test]
async fn direct_selects_of_values_keep_types_and_unicode() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    let unicode = "Zoë → 日本語 🎉 \u{0}".replace('\u{0}', "");
    let body = run_ok(
        &engine,
        &ds,
        "SELECT {{n}} AS n, {{f}} AS f, {{b}} AS b, {{z}}::text AS z, {{arr}} AS arr, {{obj}} AS obj, {{s}} AS s",
        &params(&[
            ("n", json!(7)),
            ("f", json!(-1.25)),
            ("b", json!(false)),
            ("z", Value::Null),
            ("arr", json!([1, 2, 3])),
            ("obj", json!({"a": "b"})),
            ("s", json!(unicode)),
        ]),
    )
    .await;
    assert_eq!(
        body,
        json!([{ "n": 7, "f": -1.25, "b": false, "z": null, "arr": [1, 2, 3], "obj": {"a": "b"}, "s": unicode }])
    );
}

#[tokio::test]
async fn a_query_past_its_timeout_is_cancelled_at_the_server() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    let marker = format!("timeout_marker_{}", uuid::Uuid::new_v4().simple());
    let action: ActionConfig = serde_json::from_value(json!({
        "body": format!("SELECT pg_sleep(30) AS {marker}"),
        "timeoutInMillisecond": 1000,
    }))
    .expect("action");
    let started = Instant::now();
    let result = run(&engine, &ds, &action, &params(&[])).await;
    let took = started.elapsed();
    assert_failed(&result, "TIMEOUT");
    assert!(
        took < Duration::from_millis(2000),
        "expected an answer within timeout + 1 s, took {took:?}"
    );
    eprintln!("postgres timeout answered after {took:?}");
    let active = run_ok(
        &engine,
        &postgres("test", "postgres"),
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE {{pattern}} AND pid <> pg_backend_pid()",
        &params(&[("pattern", json!(format!("%{marker}%")))]),
    )
    .await;
    assert_eq!(active, json!([{ "n": 0 }]), "the sleeping query still runs");
}

#[tokio::test]
async fn failures_carry_the_database_message_and_a_fixed_datasource_works() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let good = postgres(&db.name, "postgres");

    let syntax = run(&engine, &good, &query("SELEC 1"), &params(&[])).await;
    assert_failed(&syntax, "QUERY_FAILED");
    let error = syntax.error.expect("error");
    assert_eq!(error.downstream_code.as_deref(), Some("42601"));
    assert!(
        error
            .downstream_message
            .unwrap_or_default()
            .contains("syntax error at or near"),
        "PostgreSQL's own message is passed on"
    );

    let mut wrong_user = postgres(&db.name, "nobody_here");
    let denied = run(&engine, &wrong_user, &query("SELECT 1"), &params(&[])).await;
    assert!(!denied.is_execution_success);
    let message = denied.error.expect("error").message;
    assert!(message.contains("nobody_here"), "{message}");

    let mut unreachable = postgres(&db.name, "postgres");
    unreachable.datasource_configuration.endpoints[0].port = Some(1);
    let refused = run(&engine, &unreachable, &query("SELECT 1"), &params(&[])).await;
    assert_failed(&refused, "CONNECTION_FAILED");
    let message = refused.error.expect("error").message;
    assert!(message.contains("127.0.0.1:1"), "names the host: {message}");

    // The same datasources, fixed, work at once: their pools are rebuilt.
    wrong_user.datasource_configuration = good.datasource_configuration.clone();
    unreachable.datasource_configuration = good.datasource_configuration.clone();
    for fixed in [&wrong_user, &unreachable] {
        assert_eq!(
            run_ok(&engine, fixed, "SELECT 1 AS one", &params(&[])).await,
            json!([{ "one": 1 }])
        );
    }
}

#[tokio::test]
async fn a_result_over_the_cap_is_refused_without_holding_it_in_memory() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    // 100 000 rows of 1 000 bytes: 100 MB against the default 10 MB cap.
    let (result, growth) = peak_rss_growth(run(
        &engine,
        &ds,
        &query("SELECT repeat('x', 1000) AS filler FROM generate_series(1, 100000)"),
        &params(&[]),
    ))
    .await;
    assert_failed(&result, "RESPONSE_TOO_LARGE");
    eprintln!(
        "postgres 100 MB result: peak RSS growth {} MB",
        growth / (1024 * 1024)
    );
    assert!(
        growth < 60 * 1024 * 1024,
        "memory grew by {} MB while refusing a 100 MB result",
        growth / (1024 * 1024)
    );
    // The datasource still works afterwards.
    assert_eq!(
        run_ok(&engine, &ds, "SELECT 2 AS two", &params(&[])).await,
        json!([{ "two": 2 }])
    );
}

#[tokio::test]
async fn structure_lists_tables_and_columns() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    run_ok(
        &engine,
        &ds,
        "CREATE TABLE orders (id int, total numeric)",
        &params(&[]),
    )
    .await;
    let structure = engine.structure(&ds).await.expect("structure");
    let orders = structure
        .tables
        .iter()
        .find(|t| t.name == "orders")
        .expect("orders is listed");
    let columns: Vec<(&str, &str)> = orders
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kind.as_str()))
        .collect();
    assert_eq!(columns, vec![("id", "integer"), ("total", "numeric")]);
    assert!(engine.test(&ds).await.success);
}

#[tokio::test]
async fn dynamic_sql_is_possible_only_when_switched_on_and_says_so() {
    let db = PgDatabase::create().await;
    let engine = engine();
    let ds = postgres(&db.name, "postgres");
    run_ok(&engine, &ds, "CREATE TABLE things (id int)", &params(&[])).await;
    let table = params(&[("table", json!("things"))]);
    let prepared = run(&engine, &ds, &query("SELECT * FROM {{table}}"), &table).await;
    assert_failed(&prepared, "QUERY_FAILED");
    let dynamic: ActionConfig = serde_json::from_value(json!({
        "body": "SELECT count(*)::int AS n FROM {{table}}",
        "pluginSpecifiedTemplates": [{"value": false}],
    }))
    .expect("action");
    let result = run(&engine, &ds, &dynamic, &table).await;
    assert!(result.is_execution_success, "{result:#?}");
    assert_eq!(result.body, json!([{ "n": 0 }]));
    assert!(
        result
            .messages
            .iter()
            .any(|m| m.contains("Prepared statements are off")),
        "the answer warns that prepared statements are off: {:?}",
        result.messages
    );
}

#[tokio::test]
async fn ssl_modes_encrypt_or_verify_as_asked() {
    let engine = engine();
    let with_mode = |mode: &str| {
        let mut ds = postgres("test", "postgres");
        ds.datasource_configuration.connection = Some(tessera::exec::ConnectionOptions {
            ssl: Some(tessera::exec::SslOptions {
                auth_type: Some(mode.into()),
            }),
        });
        ds
    };
    let ssl_in_use = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
    assert_eq!(
        run_ok(&engine, &with_mode("REQUIRE"), ssl_in_use, &params(&[])).await,
        json!([{ "ssl": true }])
    );
    assert_eq!(
        run_ok(&engine, &with_mode("DISABLE"), ssl_in_use, &params(&[])).await,
        json!([{ "ssl": false }])
    );
    // The machine's server presents a self-signed certificate: verification refuses it.
    let verified = run(
        &engine,
        &with_mode("VERIFY_FULL"),
        &query("SELECT 1"),
        &params(&[]),
    )
    .await;
    assert_failed(&verified, "CONNECTION_FAILED");
    let message = verified.error.expect("error").message;
    assert!(message.to_lowercase().contains("certificate"), "{message}");
}
