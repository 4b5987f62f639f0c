//! `GET /api/v1/datasources/{id}/structure`: tables and columns (SQL) or collections
//! and sampled fields (MongoDB), for the editor's schema pane.

use actix_web::{HttpResponse, get, web};

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::DatasourceId;
use crate::domain::datasource::{Datasource, revealed};
use crate::error::ApiError;
use crate::exec;
use crate::startup::AppState;

/// List a datasource's tables or collections.
#[utoipa::path(operation_id = "datasourcesStructure", get, path = "/api/v1/datasources/{datasourceId}/structure", tag = "datasources",
    params(("datasourceId" = String, Path, description = "The datasource")),
    responses((status = 200, description = "`{tables: [{type, schema, name, columns: [{name, type}]}]}`"),
              (status = 400, description = "The datasource cannot be reached or has no structure")))]
#[get("/datasources/{datasourceId}/structure")]
pub async fn structure(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = DatasourceId::parse(&path.into_inner())?;
    let (stored, _) =
        require_on::<Datasource>(&state, &user, id.as_str(), Permission::Develop).await?;
    let clear = revealed(&stored.value.datasource_configuration, &state.cipher)
        .map_err(|err| ApiError::Internal(err.into()))?;
    let datasource = exec::Datasource::from_parts(&stored.id, &stored.value.plugin_id, &clear)
        .map_err(|err| ApiError::bad_request(err.code(), err.to_string()))?;
    let structure = state.engine.structure(&datasource).await.map_err(|err| {
        let mut message = err.to_string();
        if let Some(detail) = err.downstream().and_then(|d| d.message.as_deref())
            && !message.contains(detail)
        {
            message.push_str(&format!(" ({detail})"));
        }
        ApiError::bad_request(err.code(), message)
    })?;
    Ok(envelope::ok(structure))
}
