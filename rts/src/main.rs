//! tessera-rts: the realtime dependency server. For now it answers its health check;
//! JS reference analysis, renames and editor presence will live here.

use actix_web::{App, HttpResponse, HttpServer, get};
use serde_json::json;

#[get("/rts-api/v1/health-check")]
async fn health_check() -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "responseMeta": { "status": 200, "success": true },
        "data": { "service": "tessera-rts", "version": env!("CARGO_PKG_VERSION") },
    }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
        ))
        .init();
    let host = std::env::var("TESSERA_RTS_HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let port: u16 = match std::env::var("TESSERA_RTS_PORT").map(|p| p.parse()) {
        Ok(Ok(port)) => port,
        Ok(Err(_)) => {
            eprintln!("tessera-rts: TESSERA_RTS_PORT must be a port number");
            std::process::exit(1);
        }
        Err(_) => 8091,
    };
    let server =
        HttpServer::new(|| App::new().service(health_check)).bind((host.as_str(), port))?;
    for addr in server.addrs() {
        tracing::info!("tessera-rts listening on http://{addr}");
    }
    server.run().await
}

#[cfg(test)]
mod tests {
    use actix_web::{App, test};

    #[actix_web::test]
    async fn health_check_answers_in_the_envelope() {
        let app = test::init_service(App::new().service(super::health_check)).await;
        let request = test::TestRequest::get()
            .uri("/rts-api/v1/health-check")
            .to_request();
        let body: serde_json::Value = test::call_and_read_body_json(&app, request).await;
        assert_eq!(body["responseMeta"]["success"], true);
        assert_eq!(body["data"]["service"], "tessera-rts");
    }
}
