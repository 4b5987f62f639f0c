//! Queries ("actions") and JS objects ("action collections"), both belonging to a page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Entity;

/// Appsmith's plugin package names for the query kinds Tessera runs.
pub const QUERY_PLUGINS: &[&str] = &[
    "postgres-plugin",
    "mysql-plugin",
    "mongo-plugin",
    "redis-plugin",
    "restapi-plugin",
    "graphql-plugin",
];
pub const JS_PLUGIN: &str = "js-plugin";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DatasourceRef {
    pub id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub workspace_id: String,
    pub application_id: String,
    pub page_id: String,
    pub name: String,
    pub plugin_id: String,
    #[serde(default)]
    pub datasource: Option<DatasourceRef>,
    /// `{body, path, httpMethod, headers, queryParameters, timeoutInMillisecond, …}`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub action_configuration: Value,
    #[serde(default)]
    pub execute_on_load: bool,
    #[serde(default)]
    pub confirm_before_execute: bool,
    /// Off by default: bindings are bound as parameters. On means the SQL is built as
    /// text from the values, for dynamic SQL; the API says so wherever it is on.
    #[serde(default)]
    pub prepared_statements_disabled: bool,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub dynamic_binding_path_list: Vec<Value>,
}

impl Entity for Action {
    const COLLECTION: &'static str = "actions";
    const NAME: &'static str = "query";
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionCollection {
    pub workspace_id: String,
    pub application_id: String,
    pub page_id: String,
    pub name: String,
    /// `export default { … }` source.
    pub body: String,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub variables: Vec<Value>,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub actions: Vec<Value>,
}

impl Entity for ActionCollection {
    const COLLECTION: &'static str = "action_collections";
    const NAME: &'static str = "JS object";
}

/// Names of queries, JS objects and widgets share one namespace per page and are used as
/// JavaScript identifiers in bindings.
pub fn is_valid_entity_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !RESERVED.contains(&name)
}

const RESERVED: &[&str] = &[
    "appsmith",
    "this",
    "window",
    "document",
    "Math",
    "JSON",
    "Date",
    "Promise",
    "console",
    "undefined",
    "null",
    "true",
    "false",
    "function",
    "return",
    "var",
    "let",
    "const",
    "new",
    "delete",
    "typeof",
    "class",
    "import",
    "export",
    "default",
    "if",
    "else",
    "for",
    "while",
    "do",
    "switch",
    "case",
    "break",
    "continue",
    "try",
    "catch",
    "finally",
    "throw",
    "in",
    "of",
    "instanceof",
    "void",
    "with",
    "yield",
    "await",
    "async",
];
