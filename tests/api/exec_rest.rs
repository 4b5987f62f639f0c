//! The REST and GraphQL plugins against an HTTP server the test starts on loopback:
//! values are encoded per position, bodies keep types, the size cap holds memory
//! down, redirects are bounded, and the address guard refuses denied addresses.
//! Nothing here sends traffic outside 127.0.0.0/8.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tessera::exec::guard::AddressPolicy;
use tessera::exec::{ActionConfig, Engine, ExecSettings};

use crate::exec_http_server::start;
use crate::exec_support::{assert_failed, datasource, engine, params, peak_rss_growth, run};

fn rest(url: &str) -> tessera::exec::Datasource {
    datasource("restapi-plugin", json!({ "url": url }))
}

fn action(value: Value) -> ActionConfig {
    serde_json::from_value(value).expect("action JSON is valid")
}

#[tokio::test]
async fn values_are_encoded_for_where_they_go() {
    let server = start("127.0.0.1").await;
    let engine = engine();
    let hostile = "'; DROP TABLE users; --";
    let unicode = "Zoë → 日本語 🎉";
    let result = run(
        &engine,
        &rest(&server.url()),
        &action(json!({
            "httpMethod": "POST",
            "path": "/echo/users/{{id}}",
            "queryParameters": [{"key": "q", "value": "{{q}}"}],
            "headers": [{"key": "Content-Type", "value": "application/json"}, {"key": "X-Name", "value": "{{q}}"}],
            "body": r#"{"id": {{n}}, "name": "{{name}}", "greeting": "Hello {{name}}!", "tags": {{tags}}, "flag": {{flag}}, "nothing": {{z}}, "text": "{{unicode}}"}"#,
        })),
        &params(&[
            ("id", json!("a/b?c")),
            ("q", json!("x&y=z")),
            ("n", json!(12)),
            ("name", json!(hostile)),
            ("tags", json!(["a", 1, {"k": null}])),
            ("flag", json!(true)),
            ("z", Value::Null),
            ("unicode", json!(unicode)),
        ]),
    )
    .await;
    assert!(result.is_execution_success, "{result:#?}");
    assert_eq!(result.status_code, "200");
    let echo = &result.body;
    assert_eq!(echo["path"], "/echo/users/a%2Fb%3Fc");
    assert_eq!(echo["query"], "q=x%26y%3Dz");
    assert_eq!(echo["headers"]["x-name"], "x&y=z");
    let sent: Value =
        serde_json::from_str(echo["body"].as_str().expect("body text")).expect("JSON body");
    assert_eq!(
        sent,
        json!({
            "id": 12, "name": hostile, "greeting": format!("Hello {hostile}!"),
            "tags": ["a", 1, {"k": null}], "flag": true, "nothing": null, "text": unicode
        })
    );
    let request = result.request.expect("edit mode shows the request");
    assert_eq!(request["httpMethod"], "POST");
}

#[tokio::test]
async fn a_header_value_cannot_add_headers() {
    let server = start("127.0.0.1").await;
    let result = run(
        &engine(),
        &rest(&server.url()),
        &action(json!({ "path": "/echo/x", "headers": [{"key": "X-A", "value": "{{v}}"}] })),
        &params(&[("v", json!("ok\r\nX-Injected: yes"))]),
    )
    .await;
    assert_failed(&result, "BINDING_ERROR");
}

#[tokio::test]
async fn form_and_multipart_bodies_carry_fields_and_files() {
    let server = start("127.0.0.1").await;
    let engine = engine();
    let form = run(
        &engine,
        &rest(&server.url()),
        &action(json!({
            "httpMethod": "POST",
            "path": "/echo/form",
            "headers": [{"key": "Content-Type", "value": "application/x-www-form-urlencoded"}],
            "bodyFormData": [{"key": "a", "value": "{{v}}"}],
        })),
        &params(&[("v", json!("1 & 2"))]),
    )
    .await;
    assert_eq!(form.body["body"], "a=1+%26+2", "{form:#?}");
    let multipart = run(
        &engine,
        &rest(&server.url()),
        &action(json!({
            "httpMethod": "POST",
            "path": "/echo/upload",
            "headers": [{"key": "Content-Type", "value": "multipart/form-data"}],
            "bodyFormData": [{"key": "file", "value": "{{FilePicker1.files[0]}}"}, {"key": "note", "value": "n={{v}}"}],
        })),
        &params(&[
            ("FilePicker1.files[0]", json!({"name": "hello.txt", "type": "text/plain", "data": "data:text/plain;base64,aGVsbG8gd29ybGQ="})),
            ("v", json!(5)),
        ]),
    )
    .await;
    let body = multipart.body["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("filename=\"hello.txt\"") && body.contains("hello world"),
        "{body}"
    );
    assert!(body.contains("n=5"), "{body}");
}

#[tokio::test]
async fn a_100_mb_response_is_refused_without_holding_it_in_memory() {
    let server = start("127.0.0.1").await;
    let engine = engine();
    let (result, growth) = peak_rss_growth(run(
        &engine,
        &rest(&server.url()),
        &action(json!({ "path": "/big" })),
        &params(&[]),
    ))
    .await;
    assert_failed(&result, "RESPONSE_TOO_LARGE");
    eprintln!(
        "REST 100 MB response: peak RSS growth {} MB",
        growth / (1024 * 1024)
    );
    assert!(
        growth < 60 * 1024 * 1024,
        "memory grew by {} MB",
        growth / (1024 * 1024)
    );
    assert_eq!(engine.metrics().refused_too_large, 1);
}

#[tokio::test]
async fn redirects_are_followed_up_to_a_bound() {
    let server = start("127.0.0.1").await;
    let engine = engine();
    let ok = run(
        &engine,
        &rest(&server.url()),
        &action(json!({ "path": "/redirect/3" })),
        &params(&[]),
    )
    .await;
    assert_eq!(ok.body, json!({ "arrived": true }), "{ok:#?}");
    let too_many = run(
        &engine,
        &rest(&server.url()),
        &action(json!({ "path": "/redirect/9" })),
        &params(&[]),
    )
    .await;
    assert_failed(&too_many, "TOO_MANY_REDIRECTS");
}

fn denying(list: &str) -> Engine {
    Engine::new(ExecSettings {
        address_policy: AddressPolicy::parse(list, "").expect("valid list"),
        ..ExecSettings::default()
    })
}

#[tokio::test]
async fn a_denied_address_is_refused_directly_via_redirect_and_via_dns() {
    let denied_server = start("127.0.0.3").await;
    let open_server = start("127.0.0.1").await;
    let engine = denying("127.0.0.3");
    let direct = run(
        &engine,
        &rest(&denied_server.url()),
        &action(json!({ "path": "/echo/x" })),
        &params(&[]),
    )
    .await;
    assert_failed(&direct, "ADDRESS_REFUSED");
    assert!(direct.error.expect("error").message.contains("127.0.0.3"));

    let via_redirect = run(
        &engine,
        &rest(&open_server.url()),
        &action(json!({ "path": "/redirect-to", "queryParameters": [{"key": "url", "value": format!("{}/echo/x", denied_server.url())}] })),
        &params(&[]),
    )
    .await;
    assert_failed(&via_redirect, "ADDRESS_REFUSED");

    // `localhost` resolves to loopback only; denying both loopback addresses refuses the name.
    let engine = denying("127.0.0.1, ::1");
    let port = open_server.address.port();
    let via_dns = run(
        &engine,
        &rest(&format!("http://localhost:{port}")),
        &action(json!({ "path": "/echo/x" })),
        &params(&[]),
    )
    .await;
    assert_failed(&via_dns, "ADDRESS_REFUSED");
    // Without the deny list the same request goes through.
    let allowed = run(
        &self::engine(),
        &rest(&format!("http://localhost:{port}")),
        &action(json!({ "path": "/echo/x" })),
        &params(&[]),
    )
    .await;
    assert!(allowed.is_execution_success, "{allowed:#?}");
}

#[tokio::test]
async fn errors_and_timeouts_are_reported() {
    let server = start("127.0.0.1").await;
    let engine = engine();
    let failed = run(
        &engine,
        &rest(&server.url()),
        &action(json!({ "path": "/fail" })),
        &params(&[]),
    )
    .await;
    assert!(!failed.is_execution_success);
    assert_eq!(failed.status_code, "500");
    assert_eq!(failed.body, json!({ "message": "boom" }));

    let started = Instant::now();
    let slow = run(
        &engine,
        &rest(&server.url()),
        &action(json!({ "path": "/slow", "timeoutInMillisecond": 500 })),
        &params(&[]),
    )
    .await;
    assert_failed(&slow, "TIMEOUT");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );

    let unreachable = run(
        &engine,
        &rest("http://127.0.0.1:1"),
        &action(json!({ "path": "/" })),
        &params(&[]),
    )
    .await;
    assert_failed(&unreachable, "CONNECTION_FAILED");
    assert!(
        unreachable
            .error
            .expect("error")
            .message
            .contains("127.0.0.1:1")
    );
}

#[tokio::test]
async fn graphql_sends_values_as_typed_variables() {
    let server = start("127.0.0.1").await;
    let result = run(
        &engine(),
        &datasource("graphql-plugin", json!({ "url": format!("{}/graphql", server.url()) })),
        &action(json!({
            "body": "query ($id: ID!, $n: Int) { user(id: $id) { name } }",
            "pluginSpecifiedTemplates": [null, {"value": r#"{"id": "{{id}}", "n": {{n}}, "filter": {{filter}}}"#}],
        })),
        &params(&[("id", json!("u\"1")), ("n", json!(3)), ("filter", json!({"active": true}))]),
    )
    .await;
    assert!(result.is_execution_success, "{result:#?}");
    assert_eq!(
        result.body["data"]["received"],
        json!({
            "query": "query ($id: ID!, $n: Int) { user(id: $id) { name } }",
            "variables": {"id": "u\"1", "n": 3, "filter": {"active": true}}
        })
    );
}
