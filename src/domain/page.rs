//! Pages of an application, each with its widget tree (`dsl`) as edited.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Entity;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub application_id: String,
    pub workspace_id: String,
    pub name: String,
    pub slug: String,
    pub order: i64,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_hidden: bool,
    pub dsl: Value,
}

impl Entity for Page {
    const COLLECTION: &'static str = "pages";
    const NAME: &'static str = "page";
}

/// The widget tree of a new, empty page: the root canvas Appsmith calls MainContainer.
pub fn empty_dsl() -> Value {
    json!({
        "widgetName": "MainContainer",
        "type": "CANVAS_WIDGET",
        "widgetId": "0",
        "version": 1,
        "leftColumn": 0,
        "rightColumn": 64,
        "topRow": 0,
        "bottomRow": 100,
        "snapColumns": 64,
        "snapRows": 100,
        "detachFromLayout": true,
        "canExtend": true,
        "children": [],
        "dynamicBindingPathList": [],
        "dynamicTriggerPathList": []
    })
}
