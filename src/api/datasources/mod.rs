//! Datasources of a workspace. Secrets are sealed before storage and masked in answers.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

use serde::Serialize;
use serde_json::Value;

use crate::domain::Stored;
use crate::domain::action::QUERY_PLUGINS;
use crate::domain::datasource::{Datasource, masked};
use crate::error::ApiError;

const MAX_CONFIG_BYTES: usize = 64 * 1024;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatasourceView {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub plugin_id: String,
    /// Secrets show as `********`; send them back unchanged to keep them.
    #[schema(value_type = Object)]
    pub datasource_configuration: Value,
    pub is_configured: bool,
    pub version: i64,
}

impl DatasourceView {
    pub fn new(stored: &Stored<Datasource>) -> Self {
        Self {
            id: stored.id.clone(),
            workspace_id: stored.value.workspace_id.clone(),
            name: stored.value.name.clone(),
            plugin_id: stored.value.plugin_id.clone(),
            datasource_configuration: masked(&stored.value.datasource_configuration),
            is_configured: stored.value.is_configured,
            version: stored.version,
        }
    }
}

pub fn check_plugin(plugin_id: &str) -> Result<(), ApiError> {
    if QUERY_PLUGINS.contains(&plugin_id) {
        Ok(())
    } else {
        Err(ApiError::invalid_at(
            "UNKNOWN_PLUGIN",
            "pluginId",
            format!(
                "`{plugin_id}` is not a known plugin; use one of {}.",
                QUERY_PLUGINS.join(", ")
            ),
        ))
    }
}

pub fn check_configuration(config: &Value) -> Result<(), ApiError> {
    if !(config.is_object() || config.is_null()) {
        return Err(ApiError::invalid_at(
            "INVALID_CONFIGURATION",
            "datasourceConfiguration",
            "The configuration must be an object.",
        ));
    }
    if config.to_string().len() > MAX_CONFIG_BYTES {
        return Err(ApiError::invalid_at(
            "INVALID_CONFIGURATION",
            "datasourceConfiguration",
            "The configuration is larger than 64 KB.",
        ));
    }
    Ok(())
}
