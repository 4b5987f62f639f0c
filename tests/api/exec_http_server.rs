//! A small HTTP server on a loopback address for the REST and GraphQL tests: it
//! echoes requests, streams 100 MB, redirects, answers slowly or with errors.

use std::net::SocketAddr;
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Map, Value, json};

pub struct TestServer {
    pub address: SocketAddr,
}

impl TestServer {
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

/// Starts the server on `ip` (any 127.0.0.0/8 address) and a free port.
pub async fn start(ip: &str) -> TestServer {
    let server = HttpServer::new(|| {
        App::new()
            .route("/echo/{tail:.*}", web::to(echo))
            .route("/big", web::get().to(big))
            .route("/redirect/{n}", web::get().to(redirect))
            .route("/redirect-to", web::get().to(redirect_to))
            .route("/graphql", web::post().to(graphql))
            .route("/slow", web::get().to(slow))
            .route("/fail", web::get().to(fail))
    })
    .workers(1)
    .bind((ip, 0))
    .expect("the test server binds a loopback port");
    let address = server.addrs()[0];
    tokio::spawn(server.run());
    TestServer { address }
}

async fn echo(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let headers: Map<String, Value> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()),
            )
        })
        .collect();
    HttpResponse::Ok().json(json!({
        "method": req.method().as_str(),
        "path": req.uri().path(),
        "query": req.query_string(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    }))
}

static CHUNK: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// 100 MB, chunked without a length, so the cap must be enforced while reading.
async fn big() -> HttpResponse {
    let chunks = futures_util::stream::iter(
        (0..1600).map(|_| Ok::<_, std::io::Error>(web::Bytes::from_static(&CHUNK))),
    );
    HttpResponse::Ok()
        .content_type("text/plain")
        .streaming(chunks)
}

async fn redirect(n: web::Path<u32>) -> HttpResponse {
    let n = n.into_inner();
    if n == 0 {
        return HttpResponse::Ok().json(json!({ "arrived": true }));
    }
    HttpResponse::Found()
        .insert_header(("Location", format!("/redirect/{}", n - 1)))
        .finish()
}

async fn redirect_to(query: web::Query<std::collections::HashMap<String, String>>) -> HttpResponse {
    HttpResponse::Found()
        .insert_header(("Location", query.get("url").cloned().unwrap_or_default()))
        .finish()
}

async fn graphql(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "data": { "received": body.into_inner() } }))
}

async fn slow() -> HttpResponse {
    tokio::time::sleep(Duration::from_secs(5)).await;
    HttpResponse::Ok().finish()
}

async fn fail() -> HttpResponse {
    HttpResponse::InternalServerError().json(json!({ "message": "boom" }))
}
