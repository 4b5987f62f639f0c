//! Pages: create, list, read, rename, save the layout, reorder, default, clone, delete, view.

pub mod clone;
pub mod create;
pub mod delete;
pub mod get;
pub mod layout;
pub mod list;
pub mod order;
pub mod update;
pub mod view;

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use crate::domain::action::{Action, ActionCollection};
use crate::domain::page::Page;
use crate::domain::{Repo, Stored};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// A page as the editor reads it, with the layout in Appsmith's `layouts[0].dsl` place.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageView {
    pub id: String,
    pub application_id: String,
    pub name: String,
    pub slug: String,
    pub order: i64,
    pub is_default: bool,
    pub is_hidden: bool,
    /// Send this back when saving the layout; a newer stored version gives 409.
    pub version: i64,
    #[schema(value_type = Vec<Object>)]
    pub layouts: Vec<Value>,
}

impl PageView {
    pub fn new(page: &Stored<Page>) -> Self {
        Self {
            id: page.id.clone(),
            application_id: page.value.application_id.clone(),
            name: page.value.name.clone(),
            slug: page.value.slug.clone(),
            order: page.value.order,
            is_default: page.value.is_default,
            is_hidden: page.value.is_hidden,
            version: page.version,
            layouts: vec![serde_json::json!({ "id": page.id, "dsl": page.value.dsl })],
        }
    }
}

/// Names of the page's queries and JS objects (they share one namespace with widgets).
pub async fn entity_names(
    state: &AppState,
    page_id: &str,
    except_id: Option<&str>,
) -> Result<HashSet<String>, ApiError> {
    let of_page = Query::all().eq("pageId", page_id);
    let mut names = HashSet::new();
    for action in Repo::<Action>::new(state.store.as_ref())
        .find(&of_page)
        .await?
    {
        if Some(action.id.as_str()) != except_id {
            names.insert(action.value.name);
        }
    }
    for collection in Repo::<ActionCollection>::new(state.store.as_ref())
        .find(&of_page)
        .await?
    {
        if Some(collection.id.as_str()) != except_id {
            names.insert(collection.value.name);
        }
    }
    Ok(names)
}

/// Widget names in the page's layout.
pub fn widget_names(dsl: &Value) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut stack = vec![dsl];
    while let Some(widget) = stack.pop() {
        if let Some(name) = widget["widgetName"].as_str() {
            names.insert(name.to_owned());
        }
        if let Some(children) = widget["children"].as_array() {
            stack.extend(children);
        }
    }
    names
}
