//! `GET /api/v1/datasources/{id}`.

use actix_web::{HttpResponse, get, web};

use super::DatasourceView;
use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, require_on};
use crate::domain::DatasourceId;
use crate::domain::datasource::Datasource;
use crate::error::ApiError;
use crate::startup::AppState;

/// Read a datasource (secrets masked).
#[utoipa::path(operation_id = "datasourcesGet", get, path = "/api/v1/datasources/{datasourceId}", tag = "datasources",
    params(("datasourceId" = String, Path, description = "The datasource")),
    responses((status = 200, description = "The datasource", body = DatasourceView)))]
#[get("/datasources/{datasourceId}")]
pub async fn get(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = DatasourceId::parse(&path.into_inner())?;
    let (stored, _) =
        require_on::<Datasource>(&state, &user, id.as_str(), Permission::Develop).await?;
    Ok(envelope::ok(DatasourceView::new(&stored)))
}
