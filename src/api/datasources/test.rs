//! `POST /api/v1/datasources/test`: checks a datasource configuration and connects
//! once. The body is a datasource as the editor holds it; secrets shown masked are
//! taken from the stored datasource when an id is given.

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use serde_json::Value;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require};
use crate::domain::Repo;
use crate::domain::datasource::{Datasource, revealed, seal};
use crate::error::ApiError;
use crate::exec;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestBody {
    /// The stored datasource being edited, if any: masked secrets are taken from it.
    #[serde(default)]
    pub id: Option<String>,
    pub workspace_id: String,
    pub plugin_id: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub datasource_configuration: Value,
}

/// Test a datasource configuration.
#[utoipa::path(operation_id = "datasourcesTest", post, path = "/api/v1/datasources/test", tag = "datasources", request_body = TestBody,
    responses((status = 200, description = "`{success, invalids, messages, error}`"), (status = 403, description = "Not a Developer in the workspace")))]
#[post("/datasources/test")]
pub async fn test(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TestBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    require(&state, &user, &body.workspace_id, Permission::Develop).await?;
    super::check_plugin(&body.plugin_id)?;
    super::check_configuration(&body.datasource_configuration)?;
    let stored = match &body.id {
        Some(id) => Repo::<Datasource>::new(state.store.as_ref())
            .find_by_id(id)
            .await?
            .filter(|ds| ds.value.workspace_id == body.workspace_id),
        None => None,
    };
    // Sealing then opening fills masked secrets from the stored copy, the same way
    // saving would, so what is tested is what would be saved.
    let internal = |err: crate::crypto::CryptoError| ApiError::Internal(err.into());
    let sealed = seal(
        &body.datasource_configuration,
        stored.as_ref().map(|s| &s.value.datasource_configuration),
        &state.cipher,
    )
    .map_err(internal)?;
    let clear = revealed(&sealed, &state.cipher).map_err(internal)?;
    // A fresh id: testing must not replace the pool of the saved datasource.
    let probe = exec::Datasource::from_parts(
        &format!("test-{}", crate::domain::new_id()),
        &body.plugin_id,
        &clear,
    )
    .map_err(|err| ApiError::bad_request(err.code(), err.to_string()))?;
    let result = state.engine.test(&probe).await;
    state.engine.forget(&probe.id);
    Ok(envelope::ok(result))
}
