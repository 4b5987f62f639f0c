//! Creates an application from a bundle (import and clone), keeping every part it can and
//! reporting what it changed or left out.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::action::{Action, ActionCollection, DatasourceRef, QUERY_PLUGINS, is_valid_entity_name};
use super::application::{Application, slugify};
use super::bundle::{Bundle, ReportItem};
use super::datasource::Datasource;
use super::page::Page;
use super::{ApplicationId, PageId, Repo, dsl, new_id};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Default, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub application_id: String,
    pub pages: usize,
    pub widgets: usize,
    pub actions: usize,
    pub js_objects: usize,
    pub datasources_created: Vec<String>,
    pub datasources_reused: Vec<String>,
    /// Datasources created without secrets: they need their credentials entered.
    pub datasources_needing_configuration: Vec<String>,
    pub changed: Vec<ReportItem>,
    pub skipped: Vec<ReportItem>,
}

fn count_widgets(dsl: &Value) -> usize {
    1 + dsl["children"]
        .as_array()
        .map_or(0, |c| c.iter().map(count_widgets).sum())
}

fn unique_name(wanted: &str, taken: &HashSet<String>) -> String {
    let base = if is_valid_entity_name(wanted) {
        wanted.to_owned()
    } else {
        "Imported".to_owned()
    };
    if !taken.contains(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken.contains(name))
        .unwrap_or(base)
}

/// Writes the bundle as a new application in `workspace_id`, named `name`.
pub async fn create_app(
    state: &AppState,
    workspace_id: &str,
    bundle: &Bundle,
    name: &str,
    mut report: ImportReport,
) -> Result<ImportReport, ApiError> {
    if bundle.pages.is_empty() {
        return Err(ApiError::invalid_at(
            "EMPTY_IMPORT",
            "pages",
            "The file holds no page that could be imported.",
        ));
    }
    let app_id = ApplicationId::new();
    report.application_id = app_id.to_string();
    let datasource_ids = resolve_datasources(state, workspace_id, bundle, &mut report).await?;

    // Pages first: queries and JS objects attach to them by name.
    let mut pages: HashMap<String, (String, HashSet<String>)> = HashMap::new();
    let page_repo = Repo::<Page>::new(state.store.as_ref());
    for (order, page) in bundle.pages.iter().enumerate() {
        let mut tree = page.dsl.clone();
        dsl::repair(&mut tree, &page.name, &mut report.changed);
        let names = match dsl::validate(&tree) {
            Ok(names) => names,
            Err(err) => {
                report
                    .skipped
                    .push(ReportItem::new("page", &page.name, err.to_string()));
                continue;
            }
        };
        let page_name = if pages.contains_key(&page.name) {
            format!("{} {}", page.name, order + 1)
        } else {
            page.name.clone()
        };
        let id = PageId::new();
        report.widgets += count_widgets(&tree) - 1;
        page_repo
            .insert(
                id.as_str(),
                &Page {
                    application_id: app_id.to_string(),
                    workspace_id: workspace_id.to_owned(),
                    slug: slugify(&page_name),
                    name: page_name.clone(),
                    order: i64::try_from(order).unwrap_or(i64::MAX),
                    is_default: page.is_default,
                    is_hidden: page.is_hidden,
                    dsl: tree,
                },
            )
            .await?;
        pages.insert(page.name.clone(), (id.to_string(), names));
        report.pages += 1;
    }
    if report.pages == 0 {
        return Err(ApiError::invalid_at(
            "EMPTY_IMPORT",
            "pages",
            "None of the pages could be imported; see the errors above.",
        ));
    }
    if !bundle
        .pages
        .iter()
        .any(|p| p.is_default && pages.contains_key(&p.name))
    {
        report.changed.push(ReportItem::new(
            "page",
            &bundle.pages[0].name,
            "made the default page",
        ));
    }

    let actions = Repo::<Action>::new(state.store.as_ref());
    for action in &bundle.actions {
        let Some((page_id, taken)) = pages.get_mut(&action.page) else {
            report.skipped.push(ReportItem::new(
                "query",
                &action.name,
                format!("its page `{}` was not imported", action.page),
            ));
            continue;
        };
        if !QUERY_PLUGINS.contains(&action.plugin_id.as_str()) {
            report.skipped.push(ReportItem::new(
                "query",
                &action.name,
                format!("the plugin `{}` is not supported", action.plugin_id),
            ));
            continue;
        }
        let name = unique_name(&action.name, taken);
        if name != action.name {
            report.changed.push(ReportItem::new("query", &action.name, format!("renamed to {name}: the name was taken or invalid; bindings using the old name need updating")));
        }
        taken.insert(name.clone());
        let datasource = match action
            .datasource
            .as_ref()
            .and_then(|n| datasource_ids.get(n))
        {
            Some(id) => Some(DatasourceRef { id: id.clone() }),
            None => {
                if let Some(missing) = &action.datasource {
                    report.changed.push(ReportItem::new(
                        "query",
                        &name,
                        format!("its datasource `{missing}` was not in the file; choose one"),
                    ));
                }
                None
            }
        };
        actions
            .insert(
                &new_id(),
                &Action {
                    workspace_id: workspace_id.to_owned(),
                    application_id: app_id.to_string(),
                    page_id: page_id.clone(),
                    name,
                    plugin_id: action.plugin_id.clone(),
                    datasource,
                    action_configuration: action.action_configuration.clone(),
                    execute_on_load: action.execute_on_load,
                    confirm_before_execute: action.confirm_before_execute,
                    prepared_statements_disabled: action.prepared_statements_disabled,
                    dynamic_binding_path_list: action.dynamic_binding_path_list.clone(),
                },
            )
            .await?;
        report.actions += 1;
    }

    let collections = Repo::<ActionCollection>::new(state.store.as_ref());
    for collection in &bundle.action_collections {
        let Some((page_id, taken)) = pages.get_mut(&collection.page) else {
            report.skipped.push(ReportItem::new(
                "JS object",
                &collection.name,
                format!("its page `{}` was not imported", collection.page),
            ));
            continue;
        };
        let name = unique_name(&collection.name, taken);
        if name != collection.name {
            report.changed.push(ReportItem::new(
                "JS object",
                &collection.name,
                format!("renamed to {name}"),
            ));
        }
        taken.insert(name.clone());
        collections
            .insert(
                &new_id(),
                &ActionCollection {
                    workspace_id: workspace_id.to_owned(),
                    application_id: app_id.to_string(),
                    page_id: page_id.clone(),
                    name,
                    body: collection.body.clone(),
                    variables: collection.variables.clone(),
                    actions: collection.actions.clone(),
                },
            )
            .await?;
        report.js_objects += 1;
    }

    // The application goes last: until it exists, nothing above is visible anywhere.
    Repo::<Application>::new(state.store.as_ref())
        .insert(
            app_id.as_str(),
            &Application {
                workspace_id: workspace_id.to_owned(),
                slug: slugify(name),
                name: name.to_owned(),
                is_public: bundle.application.is_public,
                icon: bundle.application.icon.clone(),
                color: bundle.application.color.clone(),
                published_snapshot_id: None,
                last_deployed_at: None,
            },
        )
        .await?;
    Ok(report)
}

/// Maps each bundle datasource name to a datasource of the workspace: an existing one
/// with the same name and plugin, or a new one without secrets.
async fn resolve_datasources(
    state: &AppState,
    workspace_id: &str,
    bundle: &Bundle,
    report: &mut ImportReport,
) -> Result<HashMap<String, String>, ApiError> {
    let repo = Repo::<Datasource>::new(state.store.as_ref());
    let existing = repo
        .find(&Query::all().eq("workspaceId", workspace_id))
        .await?;
    let mut ids = HashMap::new();
    for datasource in &bundle.datasources {
        if let Some(found) = existing
            .iter()
            .find(|d| d.value.name == datasource.name && d.value.plugin_id == datasource.plugin_id)
        {
            ids.insert(datasource.name.clone(), found.id.clone());
            report.datasources_reused.push(datasource.name.clone());
            continue;
        }
        let id = new_id();
        let config = if datasource.datasource_configuration.is_object() {
            crate::domain::datasource::without_secrets(&datasource.datasource_configuration)
        } else {
            json!({})
        };
        repo.insert(
            &id,
            &Datasource {
                workspace_id: workspace_id.to_owned(),
                name: datasource.name.clone(),
                plugin_id: datasource.plugin_id.clone(),
                datasource_configuration: config,
                is_configured: false,
            },
        )
        .await?;
        ids.insert(datasource.name.clone(), id);
        report.datasources_created.push(datasource.name.clone());
        report
            .datasources_needing_configuration
            .push(datasource.name.clone());
    }
    Ok(ids)
}
