//! `POST /api/v1/actions/execute`: runs a query with the values the browser evaluated
//! for its bindings. Edit mode runs the editable copy (Developers and up); view mode
//! runs the published copy (whoever may view the app). The answer is the engine's
//! result, also when the query failed: the failure is in `error`, not the HTTP status.

use actix_multipart::Multipart;
use actix_web::{FromRequest, HttpRequest, HttpResponse, post, web};

use super::execute_body::{ExecuteBody, from_multipart};
use crate::api::envelope;
use crate::auth::MaybeUser;
use crate::auth::permissions::{Permission, require, require_view};
use crate::domain::action::Action;
use crate::domain::application::Application;
use crate::domain::datasource::{Datasource, revealed};
use crate::domain::publication::Publication;
use crate::domain::{ActionId, Repo};
use crate::error::ApiError;
use crate::exec::{self, ActionConfig, Execution};
use crate::startup::AppState;

/// Run a query.
#[utoipa::path(operation_id = "actionsExecute", post, path = "/api/v1/actions/execute", tag = "actions", request_body = ExecuteBody,
    responses((status = 200, description = "The result: `isExecutionSuccess`, `body`, `headers`, `statusCode`, `executionTime`, `request` (edit mode), `error`"),
              (status = 401, description = "Log in to run this query"), (status = 403, description = "No permission to run this query"),
              (status = 404, description = "No such query, or not published")))]
#[post("/actions/execute")]
pub async fn execute(
    state: web::Data<AppState>,
    user: MaybeUser,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let body = read_body(&state, &req, payload).await?;
    let action_id = ActionId::parse(&body.action_id)?;
    let (action, datasource) = if body.view_mode {
        let action = published_action(&state, &user, action_id.as_str()).await?;
        let datasource = load_datasource(&state, &action).await?;
        (action, datasource)
    } else {
        let user = user.0.as_ref().ok_or(ApiError::Unauthorized)?;
        let action = Repo::<Action>::new(state.store.as_ref())
            .find_by_id(action_id.as_str())
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("No query with id {action_id} exists.")))?
            .value;
        // Both are store round trips; run them together, but answer the permission
        // check first so a refused caller learns nothing about the datasource.
        let (allowed, datasource) = tokio::join!(
            require(&state, user, &action.workspace_id, Permission::Develop),
            load_datasource(&state, &action)
        );
        allowed?;
        (action, datasource?)
    };
    let mut config = ActionConfig::from_value(&action.action_configuration).map_err(bad_query)?;
    config.prepared_statements_disabled = action.prepared_statements_disabled;
    let result = state
        .engine
        .execute(Execution {
            action_id: action_id.as_str(),
            datasource: &datasource,
            action: &config,
            params: &body.params,
            view_mode: body.view_mode,
        })
        .await;
    Ok(envelope::ok(result))
}

async fn read_body(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<ExecuteBody, ApiError> {
    let is_multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut payload = payload.into_inner();
    if is_multipart {
        let multipart = Multipart::new(req.headers(), payload);
        return from_multipart(multipart, state.config.max_body_bytes).await;
    }
    web::Json::<ExecuteBody>::from_request(req, &mut payload)
        .await
        .map(web::Json::into_inner)
        .map_err(|err| {
            ApiError::bad_request(
                "INVALID_BODY",
                format!("The request must be JSON {{actionId, viewMode, params}}: {err}."),
            )
        })
}

/// The published copy of a query, after checking the caller may view its app.
async fn published_action(
    state: &AppState,
    user: &MaybeUser,
    action_id: &str,
) -> Result<Action, ApiError> {
    let not_published = || ApiError::NotFound("This query is not part of a published app.".into());
    // The editable copy says which app the query belongs to. A query deleted in the
    // editor therefore stops running in view mode at once, not at the next publish:
    // publications are not indexed by query, and scanning them all per run is too slow.
    let application_id = match Repo::<Action>::new(state.store.as_ref())
        .find_by_id(action_id)
        .await?
    {
        Some(action) => action.value.application_id,
        None => return Err(not_published()),
    };
    let app = Repo::<Application>::new(state.store.as_ref())
        .get(&application_id)
        .await?;
    require_view(state, user.0.as_ref(), &app.value).await?;
    let snapshot_id = app.value.published_snapshot_id.ok_or_else(not_published)?;
    let publication = Repo::<Publication>::new(state.store.as_ref())
        .find_by_id(&snapshot_id)
        .await?
        .ok_or_else(not_published)?;
    publication
        .value
        .action(action_id)
        .map(|published| published.value.clone())
        .ok_or_else(not_published)
}

/// The query's datasource with its secrets opened, refused across workspaces.
async fn load_datasource(state: &AppState, action: &Action) -> Result<exec::Datasource, ApiError> {
    let reference = action.datasource.as_ref().ok_or_else(|| {
        ApiError::bad_request(
            "NO_DATASOURCE",
            "This query has no datasource; pick one in the editor.",
        )
    })?;
    let stored = Repo::<Datasource>::new(state.store.as_ref())
        .find_by_id(&reference.id)
        .await?
        .filter(|ds| ds.value.workspace_id == action.workspace_id)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "The datasource {} of this query no longer exists.",
                reference.id
            ))
        })?;
    let clear = revealed(&stored.value.datasource_configuration, &state.cipher)
        .map_err(|err| ApiError::Internal(err.into()))?;
    exec::Datasource::from_parts(&stored.id, &stored.value.plugin_id, &clear).map_err(bad_query)
}

fn bad_query(err: exec::ExecError) -> ApiError {
    ApiError::bad_request(err.code(), err.to_string())
}
