//! Serves the built front end when no proxy sits in front: files from `STATIC_DIR`,
//! `index.html` for app routes so that client-side routing works on reload, and a
//! placeholder page when the front end has not been built.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

const PLACEHOLDER: &str = include_str!("placeholder.html");

/// Hashed assets never change under the same name, so browsers may keep them for a year.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn service(dir: &Path) -> Box<dyn FnOnce(&mut web::ServiceConfig)> {
    let index = dir.join("index.html");
    if !index.is_file() {
        return Box::new(|cfg: &mut web::ServiceConfig| {
            cfg.default_service(web::to(|| async {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body(PLACEHOLDER)
            }));
        });
    }
    let dir = dir.to_path_buf();
    Box::new(move |cfg: &mut web::ServiceConfig| {
        cfg.service(files(dir, index));
    })
}

fn files(dir: PathBuf, index: PathBuf) -> impl HttpServiceFactory {
    Files::new("/", dir)
        .index_file("index.html")
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let file = NamedFile::open_async(&index).await?;
                let response = file.into_response(&req);
                Ok(ServiceResponse::new(req, response))
            }
        }))
}

/// The cache policy for a path: hashed assets for a year, everything else revalidated.
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with("/assets/") {
        IMMUTABLE
    } else {
        "no-cache"
    }
}
