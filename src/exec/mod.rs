//! The query execution engine: runs an action (a query) against its datasource through
//! the plugin for that kind of datasource, with the query's `{{ }}` values bound as
//! parameters, under a timeout and a response size cap, and answers in Appsmith's
//! result shape. One plugin per file; they share bindings, pools, the address guard.

pub mod bindings;
mod error;
pub mod graphql;
pub mod guard;
mod http_client;
pub mod json_subst;
mod metrics;
mod model;
pub mod mongo;
pub mod mysql;
pub mod pools;
pub mod postgres;
mod postgres_tls;
mod postgres_types;
pub mod redis;
pub mod rest;
mod settings;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Serialize;
use serde_json::Value;
use tracing::Instrument;

pub use error::{Downstream, ExecError};
pub use metrics::{Metrics, MetricsSnapshot};
pub use model::{
    ActionConfig, Authentication, Column, ConnectionOptions, Datasource, DatasourceConfig,
    Endpoint, ErrorInfo, ExecutionResult, Limits, Output, ParamMap, Property, SslOptions,
    Structure, Table, Template,
};
pub use settings::ExecSettings;

/// What a plugin gets besides the datasource and the query.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub limits: Limits,
    pub settings: &'a ExecSettings,
}

/// One kind of datasource. Implementations keep their own pools, keyed by datasource.
#[async_trait]
pub trait Plugin: Send + Sync {
    /// Appsmith's plugin id, e.g. `postgres-plugin`.
    fn id(&self) -> &'static str;

    /// Problems with the configuration, as sentences; empty when it can be used.
    fn validate(&self, config: &DatasourceConfig) -> Vec<String>;

    /// Connects (or sends a cheap request) to show the configuration works.
    async fn test(&self, ctx: Context<'_>, datasource: &Datasource) -> Result<(), ExecError>;

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError>;

    /// Tables or collections with their columns or fields, where the datasource has them.
    async fn structure(
        &self,
        _ctx: Context<'_>,
        _datasource: &Datasource,
    ) -> Result<Structure, ExecError> {
        Err(ExecError::Unsupported(format!(
            "The {} plugin has no structure to list.",
            self.id()
        )))
    }

    /// Drops whatever the plugin keeps for a datasource (its pool).
    fn forget(&self, datasource_id: &str);
}

/// Appsmith's answer to a datasource test.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TestResult {
    pub success: bool,
    pub invalids: Vec<String>,
    pub messages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

/// Where an execution comes from; the request echo is only for editors.
#[derive(Debug, Clone, Copy)]
pub struct Execution<'a> {
    pub action_id: &'a str,
    pub datasource: &'a Datasource,
    pub action: &'a ActionConfig,
    pub params: &'a ParamMap,
    pub view_mode: bool,
}

/// All plugins, the settings they run under, and the counters.
pub struct Engine {
    plugins: HashMap<&'static str, Arc<dyn Plugin>>,
    settings: ExecSettings,
    metrics: Metrics,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("plugins", &self.plugins.keys().collect::<Vec<_>>())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// How long past the query's own timeout the engine waits before giving up on a
/// plugin that failed to stop by itself (the plugins cancel at the deadline).
const TIMEOUT_GRACE: Duration = Duration::from_millis(500);

impl Engine {
    pub fn new(settings: ExecSettings) -> Self {
        http_client::install_crypto_provider();
        let plugins: [Arc<dyn Plugin>; 6] = [
            Arc::new(postgres::PostgresPlugin::default()),
            Arc::new(mysql::MysqlPlugin::default()),
            Arc::new(mongo::MongoPlugin::default()),
            Arc::new(redis::RedisPlugin::default()),
            Arc::new(rest::RestPlugin::default()),
            Arc::new(graphql::GraphqlPlugin::default()),
        ];
        Engine {
            plugins: plugins.into_iter().map(|p| (p.id(), p)).collect(),
            settings,
            metrics: Metrics::default(),
        }
    }

    pub fn settings(&self) -> &ExecSettings {
        &self.settings
    }

    pub fn plugin(&self, id: &str) -> Result<&Arc<dyn Plugin>, ExecError> {
        self.plugins.get(id).ok_or_else(|| {
            ExecError::Unsupported(format!("There is no plugin `{id}` on this instance."))
        })
    }

    pub fn metrics(&self) -> MetricsSnapshot {
        self.metrics.snapshot()
    }

    fn context(&self, timeout: Duration) -> Context<'_> {
        Context {
            limits: Limits {
                timeout,
                max_response_bytes: self.settings.max_response_bytes,
            },
            settings: &self.settings,
        }
    }

    /// Runs one action. Never fails: every failure is a result with `error` set.
    pub async fn execute(&self, run: Execution<'_>) -> ExecutionResult {
        let span = tracing::info_span!(
            "execute_action",
            action_id = run.action_id,
            plugin = run.datasource.plugin_id.as_str(),
            outcome = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let timeout = run.action.timeout();
        let outcome = async {
            let plugin = self.plugin(&run.datasource.plugin_id)?;
            let invalid = plugin.validate(&run.datasource.datasource_configuration);
            if !invalid.is_empty() {
                return Err(ExecError::InvalidConfig(invalid.join(" ")));
            }
            let ctx = self.context(timeout);
            tokio::time::timeout(
                timeout + TIMEOUT_GRACE,
                plugin.execute(ctx, run.datasource, run.action, run.params),
            )
            .await
            .unwrap_or(Err(ExecError::Timeout {
                millis: millis(timeout),
            }))
        }
        .instrument(span.clone())
        .await;
        let elapsed = started.elapsed();
        let code = outcome.as_ref().err().map(ExecError::code);
        self.metrics.record(elapsed, code);
        span.record("outcome", code.unwrap_or("success"));
        span.record("duration_ms", millis(elapsed));
        span.in_scope(|| tracing::info!("action executed"));
        to_result(outcome, elapsed, run.view_mode)
    }

    /// Checks the configuration and connects once.
    pub async fn test(&self, datasource: &Datasource) -> TestResult {
        let plugin = match self.plugin(&datasource.plugin_id) {
            Ok(plugin) => plugin,
            Err(err) => return failed_test(Vec::new(), &err),
        };
        let invalids = plugin.validate(&datasource.datasource_configuration);
        if !invalids.is_empty() {
            return TestResult {
                success: false,
                invalids,
                messages: Vec::new(),
                error: None,
            };
        }
        let timeout = ActionConfig::DEFAULT_TIMEOUT;
        let ctx = self.context(timeout);
        let outcome = tokio::time::timeout(timeout, plugin.test(ctx, datasource))
            .await
            .unwrap_or(Err(ExecError::Timeout {
                millis: millis(timeout),
            }));
        match outcome {
            Ok(()) => TestResult {
                success: true,
                invalids: Vec::new(),
                messages: vec!["The datasource answered.".into()],
                error: None,
            },
            Err(err) => failed_test(Vec::new(), &err),
        }
    }

    pub async fn structure(&self, datasource: &Datasource) -> Result<Structure, ExecError> {
        let plugin = self.plugin(&datasource.plugin_id)?;
        let timeout = ActionConfig::DEFAULT_TIMEOUT;
        tokio::time::timeout(timeout, plugin.structure(self.context(timeout), datasource))
            .await
            .unwrap_or(Err(ExecError::Timeout {
                millis: millis(timeout),
            }))
    }

    /// Drops the pools of a datasource that changed or was deleted.
    pub fn forget(&self, datasource_id: &str) {
        for plugin in self.plugins.values() {
            plugin.forget(datasource_id);
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

pub fn error_info(err: &ExecError) -> ErrorInfo {
    let downstream = err.downstream().cloned().unwrap_or_default();
    ErrorInfo {
        code: err.code().to_owned(),
        message: err.to_string(),
        downstream_code: downstream.code,
        downstream_message: downstream.message,
    }
}

fn failed_test(invalids: Vec<String>, err: &ExecError) -> TestResult {
    TestResult {
        success: false,
        invalids,
        messages: vec![err.to_string()],
        error: Some(error_info(err)),
    }
}

fn to_result(
    outcome: Result<Output, ExecError>,
    elapsed: Duration,
    view_mode: bool,
) -> ExecutionResult {
    let execution_time = millis(elapsed).to_string();
    match outcome {
        Ok(output) => ExecutionResult {
            is_execution_success: output.success,
            body: output.body,
            headers: output.headers,
            status_code: output.status_code,
            execution_time,
            request: (!view_mode).then_some(output.request),
            messages: output.messages,
            error: None,
        },
        Err(err) => {
            // Only the code: database messages can quote the values that were bound.
            tracing::debug!(code = err.code(), "execution failed");
            let info = error_info(&err);
            ExecutionResult {
                is_execution_success: false,
                body: Value::String(info.message.clone()),
                headers: Value::Object(Default::default()),
                status_code: info.code.clone(),
                execution_time,
                request: None,
                messages: Vec::new(),
                error: Some(info),
            }
        }
    }
}

/// Roughly how many bytes a value takes once serialized; what the size cap counts.
pub(crate) fn json_size(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) => 5,
        Value::Number(_) => 12,
        Value::String(s) => s.len() + 2,
        Value::Array(items) => 2 + items.iter().map(|v| json_size(v) + 1).sum::<usize>(),
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| k.len() + 4 + json_size(v))
                .sum::<usize>()
        }
    }
}
