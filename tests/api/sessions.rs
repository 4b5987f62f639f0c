//! Session store tests on every backend: Redis (the machine's server, under a key
//! prefix of its own), SQLite and PostgreSQL through the metadata store.

use std::sync::Arc;

use serde_json::json;
use tessera::config::SecretUrl;
use tessera::session::{DynSessions, RedisSessions, Session, StoreSessions};

use crate::helpers::REDIS_URL;
use crate::store_conformance;

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn session(user: &str, ttl_ms: i64) -> Session {
    Session {
        id: uuid::Uuid::new_v4().simple().to_string(),
        user_id: user.to_owned(),
        data: json!({"csrf": "x"}),
        created_at: now(),
        expires_at: now() + ttl_ms,
    }
}

async fn redis() -> (DynSessions, Box<dyn std::any::Any + Send>) {
    let url = SecretUrl::parse(REDIS_URL).expect("url");
    let prefix = format!("test:{}:", uuid::Uuid::new_v4().simple());
    let sessions = RedisSessions::connect_with_prefix(&url, &prefix)
        .await
        .expect("the machine's Redis answers on 127.0.0.1:6379");
    (Arc::new(sessions), Box::new(()))
}

async fn sqlite() -> (DynSessions, Box<dyn std::any::Any + Send>) {
    let fixture = store_conformance::sqlite().await.expect("sqlite");
    (
        Arc::new(StoreSessions::new(fixture.store.clone())),
        Box::new(fixture),
    )
}

async fn postgres() -> (DynSessions, Box<dyn std::any::Any + Send>) {
    let fixture = store_conformance::postgres().await.expect("postgres");
    (
        Arc::new(StoreSessions::new(fixture.store.clone())),
        Box::new(fixture),
    )
}

macro_rules! session_suite {
    ($backend:ident) => {
        mod $backend {
            #[tokio::test]
            async fn sessions_behave() {
                let (sessions, _keep) = super::$backend().await;
                super::sessions_behave(sessions).await;
            }
        }
    };
}

session_suite!(redis);
session_suite!(sqlite);
session_suite!(postgres);

async fn sessions_behave(sessions: DynSessions) {
    sessions.ping().await.expect("ping");
    let user = uuid::Uuid::new_v4().to_string();
    let first = session(&user, 60_000);
    sessions.save(&first).await.expect("save");
    assert_eq!(
        sessions.load(&first.id).await.expect("load"),
        Some(first.clone()),
        "a saved session loads back"
    );

    let mut renewed = first.clone();
    renewed.data = json!({"csrf": "y"});
    sessions.save(&renewed).await.expect("save again replaces");
    assert_eq!(
        sessions
            .load(&first.id)
            .await
            .expect("load")
            .map(|s| s.data),
        Some(json!({"csrf": "y"}))
    );

    let expired = session(&user, 30);
    sessions.save(&expired).await.expect("save");
    tokio::time::sleep(std::time::Duration::from_millis(80)).await;
    assert_eq!(
        sessions.load(&expired.id).await.expect("load"),
        None,
        "an expired session is never returned"
    );

    let second = session(&user, 60_000);
    let someone_else = session("another-user", 60_000);
    sessions.save(&second).await.expect("save");
    sessions.save(&someone_else).await.expect("save");
    sessions.remove(&second.id).await.expect("remove");
    assert_eq!(
        sessions.load(&second.id).await.expect("load"),
        None,
        "log-out removes the session"
    );

    let third = session(&user, 60_000);
    sessions.save(&third).await.expect("save");
    let ended = sessions.remove_user(&user).await.expect("remove_user");
    assert!(
        ended >= 2,
        "both live sessions of the user end, got {ended}"
    );
    assert_eq!(sessions.load(&first.id).await.expect("load"), None);
    assert_eq!(sessions.load(&third.id).await.expect("load"), None);
    assert!(
        sessions
            .load(&someone_else.id)
            .await
            .expect("load")
            .is_some(),
        "other users stay logged in"
    );
}
