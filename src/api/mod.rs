//! The HTTP API. `routes` below is the whole route tree: read it to see every endpoint.

pub mod actions;
pub mod admin;
pub mod applications;
pub mod audit_logs;
pub mod body;
pub mod collections;
pub mod datasources;
pub mod envelope;
pub mod health;
pub mod limits;
pub mod openapi;
pub mod page_entities;
pub mod pages;
pub mod static_files;
pub mod users;
pub mod workspaces;

use actix_web::{HttpResponse, ResponseError, web};

use crate::error::ApiError;

/// Every `/api` route. Handlers live one per file, grouped by resource.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .service(
                web::scope("/v1")
                    .service(health::health)
                    .service(openapi::openapi_json)
                    // users and sessions
                    .service(users::signup::signup)
                    .service(users::login::login)
                    .service(users::logout::logout)
                    .service(users::me::me)
                    .service(users::change_password::change_password)
                    .service(users::reset_password::forgot_password)
                    .service(users::reset_password::reset_password)
                    .service(users::reset_password::create_reset_link)
                    // workspaces and members
                    .service(workspaces::create::create)
                    .service(workspaces::list::list)
                    .service(workspaces::get::get)
                    .service(workspaces::update::update)
                    .service(workspaces::delete::delete)
                    .service(workspaces::invite::invite)
                    .service(workspaces::members::list)
                    .service(workspaces::members::change_role)
                    .service(workspaces::members::remove)
                    // applications (fixed paths before `{id}` ones)
                    .service(applications::view::view)
                    .service(applications::publish::publish)
                    .service(applications::export::export)
                    .service(applications::import::import)
                    .service(applications::clone::clone)
                    .service(pages::order::reorder)
                    .service(pages::order::make_default)
                    .service(applications::create::create)
                    .service(applications::list::list)
                    .service(applications::get::get)
                    .service(applications::update::update)
                    .service(applications::delete::delete)
                    // pages
                    .service(pages::clone::clone)
                    .service(pages::view::view)
                    .service(pages::layout::save)
                    .service(pages::create::create)
                    .service(pages::list::list)
                    .service(pages::get::get)
                    .service(pages::update::update)
                    .service(pages::delete::delete)
                    // datasources
                    // Fixed paths before `{id}` ones so they are not taken for ids.
                    .service(datasources::test::test)
                    .service(datasources::structure::structure)
                    .service(datasources::create::create)
                    .service(datasources::list::list)
                    .service(datasources::get::get)
                    .service(datasources::update::update)
                    .service(datasources::delete::delete)
                    // queries
                    .service(actions::execute::execute)
                    .service(actions::view::view)
                    .service(actions::move_to_page)
                    .service(actions::create)
                    .service(actions::list)
                    .service(actions::get)
                    .service(actions::update)
                    .service(actions::delete)
                    // JS objects
                    .service(collections::view)
                    .service(collections::move_to_page)
                    .service(collections::create)
                    .service(collections::list)
                    .service(collections::get)
                    .service(collections::update)
                    .service(collections::delete)
                    // instance administration
                    .service(audit_logs::list)
                    .service(admin::get_env::get_env)
                    .service(admin::put_env::put_env)
                    .service(admin::restart::restart)
                    // Nested scopes would otherwise fall through to the app's static fallback.
                    .default_service(web::to(unknown_route)),
            )
            .default_service(web::to(unknown_route)),
    );
}

async fn unknown_route(req: actix_web::HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!(
        "There is no API endpoint {} {}.",
        req.method(),
        req.path()
    ))
    .error_response()
}
