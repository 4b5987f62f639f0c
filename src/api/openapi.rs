//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tessera API", description = "Build internal tools: workspaces, apps, pages, queries."),
    paths(
        super::health::health, openapi_json,
        super::users::signup::signup, super::users::login::login, super::users::logout::logout,
        super::users::me::me, super::users::change_password::change_password,
        super::users::reset_password::forgot_password, super::users::reset_password::reset_password,
        super::users::reset_password::create_reset_link,
        super::workspaces::create::create, super::workspaces::list::list, super::workspaces::get::get,
        super::workspaces::update::update, super::workspaces::delete::delete, super::workspaces::invite::invite,
        super::workspaces::members::list, super::workspaces::members::change_role, super::workspaces::members::remove,
        super::audit_logs::list,
        super::admin::get_env::get_env, super::admin::put_env::put_env, super::admin::restart::restart,
        super::applications::create::create, super::applications::list::list, super::applications::get::get,
        super::applications::update::update, super::applications::delete::delete, super::applications::clone::clone,
        super::applications::publish::publish, super::applications::view::view, super::applications::export::export,
        super::applications::import::import,
        super::pages::create::create, super::pages::list::list, super::pages::get::get, super::pages::update::update,
        super::pages::layout::save, super::pages::delete::delete, super::pages::clone::clone,
        super::pages::order::reorder, super::pages::order::make_default, super::pages::view::view,
        super::datasources::create::create, super::datasources::list::list, super::datasources::get::get,
        super::datasources::update::update, super::datasources::delete::delete,
        super::datasources::test::test, super::datasources::structure::structure,
        super::actions::create, super::actions::list, super::actions::get, super::actions::update,
        super::actions::delete, super::actions::move_to_page, super::actions::view::view,
        super::actions::execute::execute,
        super::collections::create, super::collections::list, super::collections::get, super::collections::update,
        super::collections::delete, super::collections::move_to_page, super::collections::view,
    ),
    tags((name = "health", description = "Liveness of the backend and its stores"),
         (name = "meta", description = "This document"),
         (name = "users", description = "Accounts, log-in and passwords"),
         (name = "workspaces", description = "Workspaces, members and roles"),
         (name = "admin", description = "Instance administration"),
         (name = "applications", description = "Applications, publishing, import and export"),
         (name = "pages", description = "Pages and their layouts"),
         (name = "datasources", description = "Connections to databases and APIs (secrets masked)"),
         (name = "actions", description = "Queries"),
         (name = "js-objects", description = "JS objects"),
         (name = "view", description = "Published apps, for viewers")),
    modifiers(&SessionCookie)
)]
pub struct ApiDoc;

/// Declares the session cookie and the CSRF header every state-changing call needs.
struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("SESSION"))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Requested-By",
                "Must be `tessera` on every state-changing request",
            ))),
        );
    }
}

/// The document itself.
#[utoipa::path(operation_id = "openapiJson", get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

/// The document as pretty JSON, for `tessera openapi`.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}
