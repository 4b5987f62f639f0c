//! The MongoDB plugin against a real server named by TESSERA_TEST_MONGODB_URL; each
//! test says plainly that it was skipped when none is configured.

use serde_json::json;

use crate::exec_support::{assert_failed, datasource, engine, params, query, run, run_ok};
use crate::helpers::mongodb_url;

fn mongo_ds(url: &str, database: &str) -> tessera::exec::Datasource {
    datasource(
        "mongo-plugin",
        json!({ "url": url, "authentication": { "databaseName": database } }),
    )
}

#[tokio::test]
async fn commands_take_typed_values_and_return_documents() {
    let Some(url) = mongodb_url("exec_mongo::commands_take_typed_values_and_return_documents")
    else {
        return;
    };
    let engine = engine();
    let database = format!("tessera_t_{}", uuid::Uuid::new_v4().simple());
    let ds = mongo_ds(&url, &database);
    let hostile = "'; DROP TABLE users; --";
    let values = params(&[
        ("name", json!(hostile)),
        ("age", json!(42)),
        ("tags", json!(["a", 1, true, null])),
        ("meta", json!({"nested": {"ok": true}})),
    ]);
    run_ok(
        &engine,
        &ds,
        r#"{"insert": "users", "documents": [{"name": "{{name}}", "age": {{age}}, "tags": {{tags}}, "meta": {{meta}}}]}"#,
        &values,
    )
    .await;
    let found = run_ok(
        &engine,
        &ds,
        r#"{"find": "users", "filter": {"name": "{{name}}", "age": {"$gte": {{age}}}}, "projection": {"_id": 0}}"#,
        &values,
    )
    .await;
    assert_eq!(
        found,
        json!([{ "name": hostile, "age": 42, "tags": ["a", 1, true, null], "meta": {"nested": {"ok": true}} }])
    );
    let count = run_ok(&engine, &ds, r#"{"count": "users"}"#, &values).await;
    assert_eq!(count["n"], json!(1));
    let structure = engine.structure(&ds).await.expect("structure");
    let users = structure
        .tables
        .iter()
        .find(|t| t.name == "users")
        .expect("users listed");
    assert!(users.columns.iter().any(|c| c.name == "age"));
    run_ok(&engine, &ds, r#"{"dropDatabase": 1}"#, &values).await;
}

#[tokio::test]
async fn a_bad_command_carries_the_server_message() {
    let Some(url) = mongodb_url("exec_mongo::a_bad_command_carries_the_server_message") else {
        return;
    };
    let engine = engine();
    let ds = mongo_ds(&url, "tessera_t_errors");
    let result = run(
        &engine,
        &ds,
        &query(r#"{"noSuchCommand": 1}"#),
        &params(&[]),
    )
    .await;
    assert_failed(&result, "QUERY_FAILED");
    assert!(result.error.expect("error").downstream_message.is_some());
}
