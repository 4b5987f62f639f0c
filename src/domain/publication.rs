//! The published copy of an application: one immutable snapshot of its pages, queries and
//! JS objects. Publishing writes a new snapshot, then points the application at it with
//! one versioned update, so a viewer sees either the old app or the new one, never a mix.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::action::{Action, ActionCollection};
use super::{Entity, Stored};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedPage {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub order: i64,
    pub is_default: bool,
    pub is_hidden: bool,
    pub dsl: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Published<T> {
    pub id: String,
    #[serde(flatten)]
    pub value: T,
}

impl<T: Clone> Published<T> {
    pub fn of(stored: &Stored<T>) -> Self {
        Self {
            id: stored.id.clone(),
            value: stored.value.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Publication {
    pub application_id: String,
    pub name: String,
    pub published_at: i64,
    pub pages: Vec<PublishedPage>,
    pub actions: Vec<Published<Action>>,
    pub action_collections: Vec<Published<ActionCollection>>,
}

impl Entity for Publication {
    const COLLECTION: &'static str = "publications";
    const NAME: &'static str = "published application";
}

impl Publication {
    pub fn page(&self, page_id: &str) -> Option<&PublishedPage> {
        self.pages.iter().find(|page| page.id == page_id)
    }

    pub fn action(&self, action_id: &str) -> Option<&Published<Action>> {
        self.actions.iter().find(|action| action.id == action_id)
    }
}
