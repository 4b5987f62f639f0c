//! An application as a portable bundle: what export writes and import reads. Appsmith's
//! export format is converted into the same bundle, so one importer serves both.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::action::{JS_PLUGIN, QUERY_PLUGINS};

pub const FORMAT: &str = "tessera-app";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    pub format: String,
    pub format_version: u32,
    #[serde(default)]
    pub tessera_version: String,
    pub application: BundleApp,
    pub pages: Vec<BundlePage>,
    #[serde(default)]
    pub actions: Vec<BundleAction>,
    #[serde(default)]
    pub action_collections: Vec<BundleCollection>,
    #[serde(default)]
    pub datasources: Vec<BundleDatasource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleApp {
    pub name: String,
    #[serde(default)]
    pub is_public: bool,
    #[serde(default)]
    pub icon: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundlePage {
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_hidden: bool,
    pub dsl: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleAction {
    pub name: String,
    /// The page's name.
    pub page: String,
    pub plugin_id: String,
    /// The datasource's name.
    #[serde(default)]
    pub datasource: Option<String>,
    #[serde(default)]
    pub action_configuration: Value,
    #[serde(default)]
    pub execute_on_load: bool,
    #[serde(default)]
    pub confirm_before_execute: bool,
    #[serde(default)]
    pub prepared_statements_disabled: bool,
    #[serde(default)]
    pub dynamic_binding_path_list: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleCollection {
    pub name: String,
    pub page: String,
    pub body: String,
    #[serde(default)]
    pub variables: Vec<Value>,
    #[serde(default)]
    pub actions: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleDatasource {
    pub name: String,
    pub plugin_id: String,
    /// Secrets are never part of a bundle.
    #[serde(default)]
    pub datasource_configuration: Value,
}

/// Something the import could not carry over, or changed to make it fit.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportItem {
    pub kind: String,
    pub name: String,
    pub reason: String,
}

impl ReportItem {
    pub fn new(kind: &str, name: &str, reason: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Is this JSON Appsmith's export format?
pub fn is_appsmith(value: &Value) -> bool {
    value.get("exportedApplication").is_some() && value.get("pageList").is_some()
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Converts Appsmith's export into a bundle; what cannot be converted goes to `skipped`.
pub fn from_appsmith(export: &Value, skipped: &mut Vec<ReportItem>) -> Bundle {
    let app = &export["exportedApplication"];
    let default_page = app["pages"]
        .as_array()
        .and_then(|pages| pages.iter().find(|p| p["isDefault"] == true))
        .map(|p| text(p, "id"))
        .unwrap_or_default();
    let mut pages = Vec::new();
    for entry in export["pageList"].as_array().into_iter().flatten() {
        let page = &entry["unpublishedPage"];
        let name = text(page, "name");
        match page["layouts"].get(0).map(|layout| &layout["dsl"]) {
            Some(dsl) if dsl.is_object() => pages.push(BundlePage {
                is_default: name == default_page || text(entry, "gitSyncId") == default_page,
                is_hidden: page["isHidden"] == true,
                dsl: dsl.clone(),
                name,
            }),
            _ => skipped.push(ReportItem::new("page", &name, "it has no layout")),
        }
    }
    if !pages.iter().any(|p| p.is_default)
        && let Some(first) = pages.first_mut()
    {
        first.is_default = true;
    }
    let mut actions = Vec::new();
    for entry in export["actionList"].as_array().into_iter().flatten() {
        let action = &entry["unpublishedAction"];
        let name = text(action, "name");
        let plugin = {
            let own = text(entry, "pluginId");
            if own.is_empty() {
                text(&action["datasource"], "pluginId")
            } else {
                own
            }
        };
        if entry["pluginType"] == "JS"
            || plugin == JS_PLUGIN
            || action.get("collectionId").is_some_and(|c| !c.is_null())
        {
            // JS functions come back from their JS object's body.
            continue;
        }
        if !QUERY_PLUGINS.contains(&plugin.as_str()) {
            skipped.push(ReportItem::new(
                "query",
                &name,
                format!("the plugin `{plugin}` is not supported"),
            ));
            continue;
        }
        let config = action["actionConfiguration"].clone();
        let prepared = config["pluginSpecifiedTemplates"]
            .get(0)
            .and_then(|t| t["value"].as_bool())
            .unwrap_or(true);
        let datasource = action["datasource"]["name"].as_str().map(str::to_owned);
        actions.push(BundleAction {
            page: text(action, "pageId"),
            plugin_id: plugin,
            datasource,
            action_configuration: config,
            execute_on_load: action["executeOnLoad"] == true,
            confirm_before_execute: action["confirmBeforeExecute"] == true,
            prepared_statements_disabled: !prepared,
            dynamic_binding_path_list: action["dynamicBindingPathList"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
            name,
        });
    }
    let action_collections = export["actionCollectionList"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            let collection = &entry["unpublishedCollection"];
            BundleCollection {
                name: text(collection, "name"),
                page: text(collection, "pageId"),
                body: text(collection, "body"),
                variables: collection["variables"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
                actions: collection["actions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut datasources = Vec::new();
    for entry in export["datasourceList"].as_array().into_iter().flatten() {
        let plugin = text(entry, "pluginId");
        let name = text(entry, "name");
        if QUERY_PLUGINS.contains(&plugin.as_str()) {
            datasources.push(BundleDatasource {
                datasource_configuration: entry
                    .get("datasourceConfiguration")
                    .cloned()
                    .unwrap_or(Value::Null),
                plugin_id: plugin,
                name,
            });
        } else {
            skipped.push(ReportItem::new(
                "datasource",
                &name,
                format!("the plugin `{plugin}` is not supported"),
            ));
        }
    }
    Bundle {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tessera_version: String::new(),
        application: BundleApp {
            name: text(app, "name"),
            is_public: app["isPublic"] == true,
            icon: app["icon"].as_str().map(str::to_owned),
            color: app["color"].as_str().map(str::to_owned),
        },
        pages,
        actions,
        action_collections,
        datasources,
    }
}
