//! Applications: create, list, read, change, delete, clone, publish, view, export, import.

pub mod clone;
pub mod create;
pub mod delete;
pub mod export;
pub mod get;
pub mod import;
pub mod list;
pub mod publish;
pub mod update;
pub mod view;

use serde::Serialize;

use crate::domain::application::Application;
use crate::domain::page::Page;
use crate::domain::{Repo, Stored};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageSummary {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub order: i64,
    pub is_default: bool,
    pub is_hidden: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationView {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub slug: String,
    pub is_public: bool,
    pub icon: Option<String>,
    pub color: Option<String>,
    pub version: i64,
    pub last_deployed_at: Option<i64>,
    pub is_published: bool,
    pub pages: Vec<PageSummary>,
}

impl ApplicationView {
    pub fn new(app: &Stored<Application>, pages: Vec<PageSummary>) -> Self {
        Self {
            id: app.id.clone(),
            workspace_id: app.value.workspace_id.clone(),
            name: app.value.name.clone(),
            slug: app.value.slug.clone(),
            is_public: app.value.is_public,
            icon: app.value.icon.clone(),
            color: app.value.color.clone(),
            version: app.version,
            last_deployed_at: app.value.last_deployed_at,
            is_published: app.value.published_snapshot_id.is_some(),
            pages,
        }
    }
}

/// The application's pages in their order.
pub async fn pages_of(
    state: &AppState,
    application_id: &str,
) -> Result<Vec<Stored<Page>>, ApiError> {
    let mut pages = Repo::<Page>::new(state.store.as_ref())
        .find(&Query::all().eq("applicationId", application_id))
        .await?;
    pages.sort_by_key(|page| page.value.order);
    Ok(pages)
}

pub fn summaries(pages: &[Stored<Page>]) -> Vec<PageSummary> {
    pages
        .iter()
        .map(|page| PageSummary {
            id: page.id.clone(),
            name: page.value.name.clone(),
            slug: page.value.slug.clone(),
            order: page.value.order,
            is_default: page.value.is_default,
            is_hidden: page.value.is_hidden,
        })
        .collect()
}
