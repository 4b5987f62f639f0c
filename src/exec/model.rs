//! What the engine is given and what it answers, in Appsmith's JSON shapes so that
//! exported Appsmith apps keep working: a datasource's `datasourceConfiguration`, an
//! action's `actionConfiguration`, the evaluated `{{ }}` values, and the result.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ExecError;

/// Each binding expression, exactly as written between `{{ }}`, to its evaluated value.
pub type ParamMap = BTreeMap<String, Value>;

/// A datasource as the engine needs it: which plugin, and its configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Datasource {
    pub id: String,
    pub plugin_id: String,
    #[serde(default)]
    pub datasource_configuration: DatasourceConfig,
}

impl Datasource {
    /// From stored parts; the configuration must already have its secrets in clear.
    pub fn from_parts(id: &str, plugin_id: &str, configuration: &Value) -> Result<Self, ExecError> {
        let datasource_configuration = if configuration.is_null() {
            DatasourceConfig::default()
        } else {
            serde_json::from_value(configuration.clone()).map_err(|err| {
                ExecError::InvalidConfig(format!(
                    "The datasource configuration is malformed: {err}."
                ))
            })?
        };
        Ok(Datasource {
            id: id.to_owned(),
            plugin_id: plugin_id.to_owned(),
            datasource_configuration,
        })
    }

    /// Changes whenever the configuration does, so pools built from an older one are rebuilt.
    pub fn fingerprint(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.plugin_id.hash(&mut hasher);
        serde_json::to_string(&self.datasource_configuration)
            .unwrap_or_default()
            .hash(&mut hasher);
        hasher.finish()
    }
}

#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DatasourceConfig {
    pub url: Option<String>,
    pub endpoints: Vec<Endpoint>,
    pub authentication: Option<Authentication>,
    pub headers: Vec<Property>,
    pub query_parameters: Vec<Property>,
    pub connection: Option<ConnectionOptions>,
    pub properties: Vec<Property>,
}

impl std::fmt::Debug for DatasourceConfig {
    // Headers may hold tokens and the authentication a password: show only their shape.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatasourceConfig")
            .field("url", &self.url)
            .field("endpoints", &self.endpoints)
            .field("authentication", &self.authentication)
            .field("headers", &self.headers.len())
            .finish_non_exhaustive()
    }
}

impl DatasourceConfig {
    /// The first endpoint, or an error naming what is missing.
    pub fn endpoint(&self, default_port: u16) -> Result<(String, u16), ExecError> {
        let endpoint = self
            .endpoints
            .first()
            .filter(|e| !e.host.trim().is_empty())
            .ok_or_else(|| ExecError::InvalidConfig("The datasource has no host.".into()))?;
        Ok((
            endpoint.host.trim().to_owned(),
            endpoint.port.unwrap_or(default_port),
        ))
    }

    pub fn username(&self) -> Option<&str> {
        self.authentication
            .as_ref()
            .and_then(|a| a.username.as_deref())
            .filter(|s| !s.is_empty())
    }

    pub fn password(&self) -> Option<&str> {
        self.authentication
            .as_ref()
            .and_then(|a| a.password.as_deref())
            .filter(|s| !s.is_empty())
    }

    pub fn database(&self) -> Option<&str> {
        self.authentication
            .as_ref()
            .and_then(|a| a.database_name.as_deref())
            .filter(|s| !s.is_empty())
    }

    /// Appsmith's SSL mode (`DEFAULT`, `DISABLE`, `REQUIRE`, `PREFERRED`, …), upper-cased.
    pub fn ssl_mode(&self) -> String {
        self.connection
            .as_ref()
            .and_then(|c| c.ssl.as_ref())
            .and_then(|s| s.auth_type.clone())
            .unwrap_or_else(|| "DEFAULT".into())
            .to_uppercase()
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Endpoint {
    pub host: String,
    pub port: Option<u16>,
}

#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Authentication {
    pub username: Option<String>,
    pub password: Option<String>,
    pub database_name: Option<String>,
}

impl std::fmt::Debug for Authentication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authentication")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("database_name", &self.database_name)
            .finish()
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectionOptions {
    pub ssl: Option<SslOptions>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SslOptions {
    pub auth_type: Option<String>,
}

/// Appsmith's `{key, value}` pairs (headers, query parameters, properties, form fields).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Property {
    pub key: String,
    pub value: Value,
}

impl Property {
    pub fn value_text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

/// An action's `actionConfiguration`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionConfig {
    pub body: Option<String>,
    pub path: Option<String>,
    pub http_method: Option<String>,
    pub headers: Vec<Property>,
    pub query_parameters: Vec<Property>,
    pub body_form_data: Vec<Property>,
    /// Appsmith stores it as a number or a numeric string.
    pub timeout_in_millisecond: Option<Value>,
    pub plugin_specified_templates: Vec<Option<Template>>,
    pub form_data: Option<Value>,
    /// Set from the stored query's own switch; not part of Appsmith's JSON.
    #[serde(skip)]
    pub prepared_statements_disabled: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Template {
    pub value: Value,
}

impl ActionConfig {
    /// From a stored `actionConfiguration`.
    pub fn from_value(configuration: &Value) -> Result<Self, ExecError> {
        if configuration.is_null() {
            return Ok(Self::default());
        }
        serde_json::from_value(configuration.clone()).map_err(|err| {
            ExecError::InvalidConfig(format!("The query configuration is malformed: {err}."))
        })
    }

    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    pub fn timeout(&self) -> Duration {
        let millis = match &self.timeout_in_millisecond {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        millis
            .filter(|m| *m > 0)
            .map(Duration::from_millis)
            .unwrap_or(Self::DEFAULT_TIMEOUT)
    }

    /// Prepared statements are on unless the query turns them off, Appsmith's way
    /// (`pluginSpecifiedTemplates[0].value == false`) or `formData.preparedStatement`.
    pub fn prepared_statements(&self) -> bool {
        if self.prepared_statements_disabled {
            return false;
        }
        let flag = self
            .form_data
            .as_ref()
            .and_then(|f| f.get("preparedStatement"))
            .or_else(|| {
                self.plugin_specified_templates
                    .first()
                    .and_then(|t| t.as_ref())
                    .map(|t| &t.value)
            });
        !matches!(flag, Some(Value::Bool(false)))
            && !matches!(flag, Some(Value::String(s)) if s.eq_ignore_ascii_case("false"))
    }

    /// The plugin-specific template at `index` (GraphQL keeps its variables at 1).
    pub fn template_text(&self, index: usize) -> Option<String> {
        match &self.plugin_specified_templates.get(index)?.as_ref()?.value {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    pub fn form_text(&self, key: &str) -> Option<String> {
        match self.form_data.as_ref()?.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("data").and_then(Value::as_str).map(str::to_owned),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// The limits one execution runs under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_response_bytes: usize,
}

/// What a plugin produced on success.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub body: Value,
    pub headers: Value,
    pub status_code: String,
    /// `false` when the datasource answered but reported failure (an HTTP 500, GraphQL errors).
    pub success: bool,
    pub request: Value,
    pub messages: Vec<String>,
}

impl Output {
    pub fn ok(body: Value) -> Self {
        Output {
            body,
            headers: Value::Object(Default::default()),
            status_code: "200".into(),
            success: true,
            request: Value::Null,
            messages: Vec::new(),
        }
    }
}

/// The answer of `/actions/execute`, in Appsmith's field names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionResult {
    pub is_execution_success: bool,
    pub body: Value,
    pub headers: Value,
    pub status_code: String,
    /// Milliseconds, as a string the way Appsmith sends it.
    pub execution_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub messages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
    pub downstream_code: Option<String>,
    pub downstream_message: Option<String>,
}

/// Tables or collections of a datasource, for the editor's schema pane.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Structure {
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Table {
    #[serde(rename = "type")]
    pub kind: String,
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}
