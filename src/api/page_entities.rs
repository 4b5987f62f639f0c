//! Queries and JS objects behave alike: they belong to a page, share its namespace with
//! the widgets, and are created, changed, moved and deleted the same way. The handlers in
//! `actions/` and `collections/` are thin wrappers over these functions.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::envelope;
use super::pages::{entity_names, widget_names};
use crate::auth::CurrentUser;
use crate::auth::permissions::{InWorkspace, Permission, require_on};
use crate::domain::action::{
    Action, ActionCollection, JS_PLUGIN, QUERY_PLUGINS, is_valid_entity_name,
};
use crate::domain::datasource::Datasource;
use crate::domain::page::Page;
use crate::domain::{ApplicationId, PageId, Repo, Stored, new_id};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

const MAX_BYTES: usize = 1024 * 1024;

pub trait PageEntity: InWorkspace + Serialize {
    /// `action` or `js_object`, for the audit log.
    const KIND: &'static str;
    fn name(&self) -> &str;
    fn page_id(&self) -> &str;
    fn set_page(&mut self, page: &Stored<Page>);
    /// Hints shown with the entity, e.g. that prepared statements are off.
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
}

impl PageEntity for Action {
    const KIND: &'static str = "action";
    fn name(&self) -> &str {
        &self.name
    }
    fn page_id(&self) -> &str {
        &self.page_id
    }
    fn set_page(&mut self, page: &Stored<Page>) {
        self.page_id = page.id.clone();
        self.application_id = page.value.application_id.clone();
    }
    fn warnings(&self) -> Vec<String> {
        if self.prepared_statements_disabled {
            vec!["Prepared statements are off for this query: bound values are written into the SQL text. Turn them back on unless you need dynamic SQL.".into()]
        } else {
            Vec::new()
        }
    }
}

impl PageEntity for ActionCollection {
    const KIND: &'static str = "js_object";
    fn name(&self) -> &str {
        &self.name
    }
    fn page_id(&self) -> &str {
        &self.page_id
    }
    fn set_page(&mut self, page: &Stored<Page>) {
        self.page_id = page.id.clone();
        self.application_id = page.value.application_id.clone();
    }
}

/// `{id, version, …fields, warnings}`.
pub fn view<T: PageEntity>(stored: &Stored<T>) -> Value {
    let mut value = serde_json::to_value(&stored.value).unwrap_or(Value::Null);
    value["id"] = json!(stored.id);
    value["version"] = json!(stored.version);
    let warnings = stored.value.warnings();
    if !warnings.is_empty() {
        value["warnings"] = json!(warnings);
    }
    value
}

/// Checks what a query or JS object holds, beyond its name.
async fn check_contents(
    state: &AppState,
    entity: &Value,
    kind: &str,
    workspace_id: &str,
) -> Result<(), ApiError> {
    if entity.to_string().len() > MAX_BYTES {
        return Err(ApiError::bad_request(
            "TOO_LARGE",
            "This is larger than 1 MB.",
        ));
    }
    if kind == Action::KIND {
        let plugin = entity["pluginId"].as_str().unwrap_or_default();
        if !QUERY_PLUGINS.contains(&plugin) {
            return Err(ApiError::invalid_at(
                "UNKNOWN_PLUGIN",
                "pluginId",
                format!("`{plugin}` is not a known query plugin."),
            ));
        }
        if let Some(id) = entity["datasource"]["id"].as_str() {
            let datasource = Repo::<Datasource>::new(state.store.as_ref())
                .find_by_id(id)
                .await?;
            match datasource {
                Some(d) if d.value.workspace_id == workspace_id && d.value.plugin_id == plugin => {}
                Some(_) => {
                    return Err(ApiError::invalid_at(
                        "INVALID_DATASOURCE",
                        "datasource.id",
                        "That datasource belongs to another workspace or plugin.",
                    ));
                }
                None => {
                    return Err(ApiError::invalid_at(
                        "INVALID_DATASOURCE",
                        "datasource.id",
                        format!("No datasource with id {id} exists."),
                    ));
                }
            }
        }
        let config = &entity["actionConfiguration"];
        if !(config.is_object() || config.is_null()) {
            return Err(ApiError::invalid_at(
                "INVALID_QUERY",
                "actionConfiguration",
                "`actionConfiguration` must be an object.",
            ));
        }
        if let Some(timeout) = config.get("timeoutInMillisecond").filter(|t| !t.is_null()) {
            let ok = timeout
                .as_u64()
                .or_else(|| timeout.as_str().and_then(|s| s.parse().ok()))
                .is_some_and(|t| (1..=600_000).contains(&t));
            if !ok {
                return Err(ApiError::invalid_at(
                    "INVALID_QUERY",
                    "actionConfiguration.timeoutInMillisecond",
                    "The timeout must be 1 to 600000 milliseconds.",
                ));
            }
        }
    } else if entity["body"].as_str().is_none() {
        return Err(ApiError::invalid_at(
            "INVALID_JS_OBJECT",
            "body",
            "A JS object needs its source in `body`.",
        ));
    }
    Ok(())
}

/// Refuses a name that is invalid or already used on the page by a widget, query or JS object.
async fn check_name(
    state: &AppState,
    page: &Stored<Page>,
    name: &str,
    except_id: Option<&str>,
) -> Result<(), ApiError> {
    if !is_valid_entity_name(name) {
        return Err(ApiError::invalid_at(
            "INVALID_NAME",
            "name",
            format!(
                "`{name}` is not a valid name: use letters, digits and _, starting with a letter."
            ),
        ));
    }
    let taken = entity_names(state, &page.id, except_id).await?;
    if taken.contains(name) || widget_names(&page.value.dsl).contains(name) {
        return Err(ApiError::invalid_at(
            "DUPLICATE_NAME",
            "name",
            format!("`{name}` is already used on this page."),
        ));
    }
    Ok(())
}

fn decode<T: PageEntity>(value: Value) -> Result<T, ApiError> {
    super::body::from_value(value)
}

pub async fn create<T: PageEntity>(
    state: &AppState,
    req: &HttpRequest,
    user: &CurrentUser,
    mut body: Value,
) -> Result<HttpResponse, ApiError> {
    let page_id = PageId::parse(body["pageId"].as_str().unwrap_or_default())?;
    let (page, _) = require_on::<Page>(state, user, page_id.as_str(), Permission::Develop).await?;
    let fields = body
        .as_object_mut()
        .ok_or_else(|| ApiError::bad_request("INVALID_JSON", "The body must be an object."))?;
    fields.insert("workspaceId".into(), json!(page.value.workspace_id));
    fields.insert("applicationId".into(), json!(page.value.application_id));
    if T::KIND == ActionCollection::KIND {
        fields.entry("pluginId").or_insert(json!(JS_PLUGIN));
    }
    check_contents(state, &body, T::KIND, &page.value.workspace_id).await?;
    let entity: T = decode(body)?;
    check_name(state, &page, entity.name(), None).await?;
    let id = new_id();
    let stored = Repo::<T>::new(state.store.as_ref())
        .insert(&id, &entity)
        .await?;
    crate::audit::record(
        state,
        req,
        Some(user),
        &format!("{}.create", T::KIND),
        T::KIND,
        &id,
        Some(&page.value.workspace_id),
        json!({"name": entity.name()}),
    )
    .await;
    Ok(envelope::created(view(&stored)))
}

pub async fn list<T: PageEntity>(
    state: &AppState,
    user: &CurrentUser,
    application_id: Option<&str>,
    page_id: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let query = match (page_id, application_id) {
        (Some(page), _) => {
            let page = PageId::parse(page)?;
            require_on::<Page>(state, user, page.as_str(), Permission::Develop).await?;
            Query::all().eq("pageId", page.as_str())
        }
        (None, Some(app)) => {
            let app = ApplicationId::parse(app)?;
            require_on::<crate::domain::application::Application>(
                state,
                user,
                app.as_str(),
                Permission::Develop,
            )
            .await?;
            Query::all().eq("applicationId", app.as_str())
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "MISSING_PARAMETER",
                "Give applicationId or pageId.",
            ));
        }
    };
    let all = Repo::<T>::new(state.store.as_ref()).find(&query).await?;
    Ok(envelope::ok(all.iter().map(view).collect::<Vec<_>>()))
}

pub async fn get<T: PageEntity>(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<HttpResponse, ApiError> {
    let (stored, _) = require_on::<T>(state, user, id, Permission::Develop).await?;
    Ok(envelope::ok(view(&stored)))
}

/// Applies the fields given over the stored ones; page and ownership do not change here.
pub async fn update<T: PageEntity>(
    state: &AppState,
    req: &HttpRequest,
    user: &CurrentUser,
    id: &str,
    body: Value,
) -> Result<HttpResponse, ApiError> {
    let (stored, _) = require_on::<T>(state, user, id, Permission::Develop).await?;
    let incoming = body
        .as_object()
        .cloned()
        .ok_or_else(|| ApiError::bad_request("INVALID_JSON", "The body must be an object."))?;
    let version = incoming
        .get("version")
        .and_then(Value::as_i64)
        .unwrap_or(stored.version);
    let mut merged: Map<String, Value> = serde_json::to_value(&stored.value)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    for (key, value) in incoming {
        if !matches!(
            key.as_str(),
            "id" | "version" | "workspaceId" | "applicationId" | "pageId" | "warnings"
        ) {
            merged.insert(key, value);
        }
    }
    let merged = Value::Object(merged);
    check_contents(state, &merged, T::KIND, stored.value.workspace_id()).await?;
    let entity: T = decode(merged)?;
    if entity.name() != stored.value.name() {
        let page = Repo::<Page>::new(state.store.as_ref())
            .get(stored.value.page_id())
            .await?;
        check_name(state, &page, entity.name(), Some(id)).await?;
    }
    let saved = Repo::<T>::new(state.store.as_ref())
        .update(id, version, &entity)
        .await?;
    crate::audit::record(
        state,
        req,
        Some(user),
        &format!("{}.update", T::KIND),
        T::KIND,
        id,
        Some(entity.workspace_id()),
        json!({"name": entity.name()}),
    )
    .await;
    Ok(envelope::ok(view(&saved)))
}

pub async fn delete<T: PageEntity>(
    state: &AppState,
    req: &HttpRequest,
    user: &CurrentUser,
    id: &str,
) -> Result<HttpResponse, ApiError> {
    let (stored, _) = require_on::<T>(state, user, id, Permission::Develop).await?;
    Repo::<T>::new(state.store.as_ref()).delete(id).await?;
    crate::audit::record(
        state,
        req,
        Some(user),
        &format!("{}.delete", T::KIND),
        T::KIND,
        id,
        Some(stored.value.workspace_id()),
        json!({"name": stored.value.name()}),
    )
    .await;
    Ok(envelope::ok(true))
}

/// Moves to another page of the same application, keeping the name if it is free there.
pub async fn move_to<T: PageEntity>(
    state: &AppState,
    req: &HttpRequest,
    user: &CurrentUser,
    id: &str,
    destination: &str,
) -> Result<HttpResponse, ApiError> {
    let (mut stored, _) = require_on::<T>(state, user, id, Permission::Develop).await?;
    let destination = PageId::parse(destination)?;
    let (page, _) =
        require_on::<Page>(state, user, destination.as_str(), Permission::Develop).await?;
    let from_app = Repo::<Page>::new(state.store.as_ref())
        .get(stored.value.page_id())
        .await?
        .value
        .application_id;
    if page.value.application_id != from_app {
        return Err(ApiError::invalid_at(
            "INVALID_PAGE",
            "destinationPageId",
            "Queries and JS objects move only between pages of the same app.",
        ));
    }
    check_name(state, &page, stored.value.name(), Some(id)).await?;
    stored.value.set_page(&page);
    let saved = Repo::<T>::new(state.store.as_ref())
        .update(id, stored.version, &stored.value)
        .await?;
    crate::audit::record(
        state,
        req,
        Some(user),
        &format!("{}.move", T::KIND),
        T::KIND,
        id,
        Some(stored.value.workspace_id()),
        json!({"pageId": page.id}),
    )
    .await;
    Ok(envelope::ok(view(&saved)))
}
