//! `/api/v1/health`: 200 when the stores answer; 503 naming the store while PostgreSQL is
//! unreachable, and 200 again once it is back, without restarting Tessera. "Unreachable"
//! is made real by a TCP relay between Tessera and the machine's PostgreSQL that the test
//! takes down and brings back; the shared server itself keeps running for other tests.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::helpers::{PgDatabase, spawn_app, spawn_app_with};

#[tokio::test]
async fn health_is_ok_on_embedded_defaults() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["responseMeta"],
        json!({"status": 200, "success": true})
    );
    assert_eq!(body["data"]["store"]["kind"], "sqlite");
    assert_eq!(body["data"]["sessions"]["ok"], true);
}

#[tokio::test]
async fn health_uses_redis_for_sessions_when_configured() {
    let app = spawn_app_with(&[("TESSERA_REDIS_URL", crate::helpers::REDIS_URL)]).await;
    let (status, body) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["sessions"]["kind"], "redis");
}

/// Forwards connections to PostgreSQL until aborted; aborting also cuts live connections.
struct Relay {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl Relay {
    async fn start(address: Option<SocketAddr>) -> Self {
        let listener =
            TcpListener::bind(address.unwrap_or_else(|| "127.0.0.1:0".parse().expect("addr")))
                .await
                .expect("relay binds");
        let address = listener.local_addr().expect("relay address");
        let task = tokio::spawn(async move {
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                links.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect("127.0.0.1:5432").await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { address, task }
    }

    fn stop(self) -> SocketAddr {
        self.task.abort();
        self.address
    }
}

#[tokio::test]
async fn health_names_the_store_while_postgres_is_down_and_recovers() {
    let database = PgDatabase::create().await;
    let relay = Relay::start(None).await;
    let url = database
        .url
        .replace("127.0.0.1:5432", &relay.address.to_string());
    let app = spawn_app_with(&[("TESSERA_DB_URL", &url)]).await;
    let (status, body) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200, "healthy while PostgreSQL answers: {body}");

    let address = relay.stop();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, body) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 503, "PostgreSQL unreachable must give 503: {body}");
    assert_eq!(body["responseMeta"]["error"]["code"], "STORE_UNAVAILABLE");
    let message = body["responseMeta"]["error"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("metadata store (postgres)"),
        "the message names the store: {message}"
    );
    assert_eq!(body["data"]["store"]["ok"], false);

    let _relay = Relay::start(Some(address)).await;
    let mut status = 0;
    for _ in 0..50 {
        status = app.get_json("/api/v1/health").await.0;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        status, 200,
        "health must recover once PostgreSQL is back, without a restart"
    );
}
