//! Each execution leaves one span with the query id, plugin, duration and outcome,
//! and neither the bound values nor the datasource's secrets appear in the logs.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tessera::exec::{ActionConfig, Execution};

use crate::exec_http_server::start;
use crate::exec_support::{datasource, engine, params};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_execution_span_names_the_query_and_hides_values_and_secrets() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let server = start("127.0.0.1").await;
            let engine = engine();
            let ds = datasource(
                "restapi-plugin",
                json!({"url": server.url(), "headers": [{"key": "Authorization", "value": "Bearer TOP-SECRET-TOKEN"}]}),
            );
            let action: ActionConfig = serde_json::from_value(json!({
                "path": "/echo/{{q}}", "httpMethod": "POST",
                "headers": [{"key": "Content-Type", "value": "application/json"}],
                "body": r#"{"v": "{{q}}"}"#,
            }))
            .expect("action");
            let result = engine
                .execute(Execution {
                    action_id: "action-42",
                    datasource: &ds,
                    action: &action,
                    params: &params(&[("q", json!("PARAM-VALUE-XYZ"))]),
                    view_mode: false,
                })
                .await;
            assert!(result.is_execution_success, "{result:#?}");
        });
    });
    let text =
        String::from_utf8(logs.0.lock().map(|b| b.clone()).unwrap_or_default()).unwrap_or_default();
    assert!(
        text.contains("execute_action"),
        "the span is logged: {text}"
    );
    for field in [
        "action_id=\"action-42\"",
        "plugin=\"restapi-plugin\"",
        "outcome=\"success\"",
        "duration_ms=",
    ] {
        assert!(text.contains(field), "expected {field} in the logs: {text}");
    }
    assert!(
        !text.contains("PARAM-VALUE-XYZ"),
        "a bound value leaked into the logs: {text}"
    );
    assert!(
        !text.contains("TOP-SECRET-TOKEN"),
        "a secret leaked into the logs: {text}"
    );
}
