//! The Redis plugin against the machine's real server: each value is one argument,
//! replies keep their types, and errors carry Redis's own message.

use serde_json::json;

use crate::exec_support::{assert_failed, datasource, engine, params, query, run, run_ok};

fn redis_ds() -> tessera::exec::Datasource {
    datasource(
        "redis-plugin",
        json!({ "endpoints": [{"host": "127.0.0.1", "port": 6379}] }),
    )
}

#[tokio::test]
async fn values_are_single_arguments_and_replies_keep_types() {
    let engine = engine();
    let ds = redis_ds();
    let key = format!("tessera:test:{}", uuid::Uuid::new_v4().simple());
    let hostile = "x\" DEL everything \r\n FLUSHALL";
    let unicode = "Zoë → 日本語 🎉";
    let values = params(&[
        ("key", json!(key)),
        ("v", json!(hostile)),
        ("u", json!(unicode)),
    ]);
    assert_eq!(
        run_ok(&engine, &ds, "SET {{key}} {{v}}", &values).await,
        json!([{ "result": "OK" }])
    );
    assert_eq!(
        run_ok(&engine, &ds, "GET {{key}}", &values).await,
        json!([{ "result": hostile }])
    );
    run_ok(&engine, &ds, "SET {{key}} {{u}}", &values).await;
    assert_eq!(
        run_ok(&engine, &ds, "GET {{key}}", &values).await,
        json!([{ "result": unicode }])
    );
    assert_eq!(
        run_ok(&engine, &ds, "DEL {{key}}", &values).await,
        json!([{ "result": 1 }])
    );
    assert_eq!(
        run_ok(&engine, &ds, "GET {{key}}", &values).await,
        json!([{ "result": null }])
    );
    let list_key = format!("{key}:list");
    let list = params(&[("k", json!(list_key)), ("n", json!(42))]);
    run_ok(&engine, &ds, "RPUSH {{k}} a {{n}}", &list).await;
    assert_eq!(
        run_ok(&engine, &ds, "LRANGE {{k}} 0 -1", &list).await,
        json!([{ "result": ["a", "42"] }])
    );
    run_ok(&engine, &ds, "DEL {{k}}", &list).await;
    assert!(engine.test(&ds).await.success);
}

#[tokio::test]
async fn errors_carry_the_redis_message() {
    let engine = engine();
    let wrong = run(
        &engine,
        &redis_ds(),
        &query("NOSUCHCOMMAND a"),
        &params(&[]),
    )
    .await;
    assert_failed(&wrong, "QUERY_FAILED");
    let message = wrong
        .error
        .expect("error")
        .downstream_message
        .unwrap_or_default();
    assert!(
        message.to_lowercase().contains("unknown command"),
        "{message}"
    );

    let unreachable = datasource(
        "redis-plugin",
        json!({ "endpoints": [{"host": "127.0.0.1", "port": 1}] }),
    );
    let refused = run(&engine, &unreachable, &query("PING"), &params(&[])).await;
    assert_failed(&refused, "CONNECTION_FAILED");
    assert!(
        refused
            .error
            .expect("error")
            .message
            .contains("127.0.0.1:1")
    );
}
