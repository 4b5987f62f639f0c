//! `GET /api/v1/applications/export/{id}`: the app as a JSON file, without secrets.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use super::pages_of;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::action::{Action, ActionCollection};
use crate::domain::application::Application;
use crate::domain::bundle::{
    Bundle, BundleAction, BundleApp, BundleCollection, BundleDatasource, BundlePage, FORMAT,
    FORMAT_VERSION,
};
use crate::domain::datasource::{Datasource, without_secrets};
use crate::domain::{ApplicationId, Repo, Stored};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

/// The bundle of an application as edited.
pub async fn bundle_of(state: &AppState, app: &Stored<Application>) -> Result<Bundle, ApiError> {
    let pages = pages_of(state, &app.id).await?;
    let page_name = |id: &str| {
        pages
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.value.name.clone())
            .unwrap_or_default()
    };
    let of_app = Query::all().eq("applicationId", app.id.as_str());
    let actions = Repo::<Action>::new(state.store.as_ref())
        .find(&of_app)
        .await?;
    let collections = Repo::<ActionCollection>::new(state.store.as_ref())
        .find(&of_app)
        .await?;
    let datasource_repo = Repo::<Datasource>::new(state.store.as_ref());
    let mut datasources: Vec<Stored<Datasource>> = Vec::new();
    for id in actions
        .iter()
        .filter_map(|a| a.value.datasource.as_ref().map(|d| d.id.clone()))
    {
        if !datasources.iter().any(|d| d.id == id)
            && let Some(found) = datasource_repo.find_by_id(&id).await?
        {
            datasources.push(found);
        }
    }
    let datasource_name = |id: &str| {
        datasources
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.value.name.clone())
    };
    Ok(Bundle {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tessera_version: env!("CARGO_PKG_VERSION").into(),
        application: BundleApp {
            name: app.value.name.clone(),
            is_public: app.value.is_public,
            icon: app.value.icon.clone(),
            color: app.value.color.clone(),
        },
        pages: pages
            .iter()
            .map(|p| BundlePage {
                name: p.value.name.clone(),
                is_default: p.value.is_default,
                is_hidden: p.value.is_hidden,
                dsl: p.value.dsl.clone(),
            })
            .collect(),
        actions: actions
            .iter()
            .map(|a| BundleAction {
                name: a.value.name.clone(),
                page: page_name(&a.value.page_id),
                plugin_id: a.value.plugin_id.clone(),
                datasource: a
                    .value
                    .datasource
                    .as_ref()
                    .and_then(|d| datasource_name(&d.id)),
                action_configuration: a.value.action_configuration.clone(),
                execute_on_load: a.value.execute_on_load,
                confirm_before_execute: a.value.confirm_before_execute,
                prepared_statements_disabled: a.value.prepared_statements_disabled,
                dynamic_binding_path_list: a.value.dynamic_binding_path_list.clone(),
            })
            .collect(),
        action_collections: collections
            .iter()
            .map(|c| BundleCollection {
                name: c.value.name.clone(),
                page: page_name(&c.value.page_id),
                body: c.value.body.clone(),
                variables: c.value.variables.clone(),
                actions: c.value.actions.clone(),
            })
            .collect(),
        datasources: datasources
            .iter()
            .map(|d| BundleDatasource {
                name: d.value.name.clone(),
                plugin_id: d.value.plugin_id.clone(),
                datasource_configuration: without_secrets(&d.value.datasource_configuration),
            })
            .collect(),
    })
}

/// Download an application as JSON (no secrets).
#[utoipa::path(operation_id = "applicationsExport", get, path = "/api/v1/applications/export/{applicationId}", tag = "applications",
    params(("applicationId" = String, Path, description = "The application")),
    responses((status = 200, description = "The export file", content_type = "application/json"), (status = 403, description = "Not allowed")))]
#[get("/applications/export/{applicationId}")]
pub async fn export(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId::parse(&path.into_inner())?;
    let (app, _) =
        require_on::<Application>(&state, &user, id.as_str(), Permission::Develop).await?;
    let bundle = bundle_of(&state, &app).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.json\"", app.value.slug),
        ))
        .json(bundle))
}
