//! Admin settings: reading and changing the env file through the API, live settings,
//! refusals, and "Save and Restart" of a backend running alone (it re-executes itself).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, spawn_app_with};

const PASSWORD: &str = "correct horse battery";
const ENV_FILE: &str = "# Tessera settings\nSOMETHING_ELSE=kept\nTESSERA_ENCRYPTION_PASSWORD='do-not-show-me'\nTESSERA_LOG_FORMAT='text'\n";

/// An app reading the env file in `dir`, with its first user (an instance admin).
async fn app_with_env_file(dir: &Path) -> (TestApp, TestUser, PathBuf) {
    let file = dir.join("docker.env");
    std::fs::write(&file, ENV_FILE).expect("env file");
    let app = spawn_app_with(&[("TESSERA_ENV_FILE", file.to_str().expect("utf-8"))]).await;
    let admin = app.signup("ada@example.com", PASSWORD).await;
    (app, admin, file)
}

fn setting<'a>(body: &'a Value, key: &str) -> &'a Value {
    body["data"]["settings"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["key"] == key))
        .unwrap_or_else(|| panic!("{key} must be listed: {body}"))
}

#[tokio::test]
async fn only_instance_admins_reach_the_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (app, _admin, _) = app_with_env_file(dir.path()).await;
    let other = app.signup("bob@example.com", PASSWORD).await;
    assert_eq!(other.get("/api/v1/admin/env").await.0, 403);
    assert_eq!(other.put("/api/v1/admin/env", json!({})).await.0, 403);
    assert_eq!(other.post("/api/v1/admin/restart", json!({})).await.0, 403);
    let (status, _) = app.get_json("/api/v1/admin/env").await;
    assert_eq!(status, 401, "anonymous callers must log in");
}

#[tokio::test]
async fn secrets_are_masked_and_environment_keys_are_marked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, admin, _) = app_with_env_file(dir.path()).await;
    let (status, body) = admin.get("/api/v1/admin/env").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !body.to_string().contains("do-not-show-me"),
        "secret leaked: {body}"
    );
    assert_eq!(
        setting(&body, "TESSERA_ENCRYPTION_PASSWORD")["value"],
        "********"
    );
    let port = setting(&body, "TESSERA_PORT");
    assert_eq!(port["fixedByEnvironment"], true, "{port}");
    assert_eq!(port["editable"], false);
    assert_eq!(setting(&body, "TESSERA_LOG_FORMAT")["origin"], "envFile");
}

#[tokio::test]
async fn a_key_fixed_by_the_environment_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, admin, file) = app_with_env_file(dir.path()).await;
    let (status, body) = admin
        .put("/api/v1/admin/env", json!({"TESSERA_PORT": "9000"}))
        .await;
    assert_eq!(status, 400, "{body}");
    let error = &body["responseMeta"]["error"];
    assert_eq!(error["code"], "SETTING_FIXED_BY_ENVIRONMENT");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("environment")),
        "the message says why: {error}"
    );
    assert_eq!(std::fs::read_to_string(file).expect("read"), ENV_FILE);
}

#[tokio::test]
async fn invalid_values_change_nothing_and_good_ones_keep_the_file_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, admin, file) = app_with_env_file(dir.path()).await;
    for bad in [
        json!({"TESSERA_MAX_BODY_MB": "lots"}),
        json!({"TESSERA_NOT_A_SETTING": "1"}),
        json!({"TESSERA_ENCRYPTION_PASSWORD": "new"}),
        json!({"TESSERA_FRAME_ANCESTORS": "'self'\"; add_header x"}),
    ] {
        let (status, body) = admin.put("/api/v1/admin/env", bad.clone()).await;
        assert_eq!(status, 400, "{bad} must be refused: {body}");
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        ENV_FILE,
        "nothing saved"
    );
    let (status, body) = admin
        .put(
            "/api/v1/admin/env",
            json!({"TESSERA_MAX_BODY_MB": "20", "TESSERA_LOG_FORMAT": null, "TESSERA_ADMIN_EMAILS": "it's@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["restartRequired"], true);
    assert_eq!(
        setting(&body, "TESSERA_MAX_BODY_MB")["pendingRestart"],
        true
    );
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        text.starts_with("# Tessera settings\nSOMETHING_ELSE=kept\n"),
        "comments and unknown lines kept: {text}"
    );
    assert!(
        text.contains("TESSERA_MAX_BODY_MB='20'") && !text.contains("LOG_FORMAT"),
        "{text}"
    );
    let read = tessera::config::layers::read_env_file(&file).expect("still readable");
    assert!(
        read.contains(&("TESSERA_ADMIN_EMAILS".into(), "it's@example.com".into())),
        "{read:?}"
    );
}

#[tokio::test]
async fn live_settings_apply_without_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (app, admin, _) = app_with_env_file(dir.path()).await;
    let bob = app.signup("bob@example.com", PASSWORD).await;
    let (status, body) = admin
        .put(
            "/api/v1/admin/env",
            json!({"TESSERA_SIGNUP_DISABLED": "true", "TESSERA_ADMIN_EMAILS": "bob@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["restartRequired"], false);
    assert_eq!(
        bob.get("/api/v1/admin/env").await.0,
        200,
        "bob is an admin at once"
    );
    let (status, _) = app
        .new_client()
        .post(app.url("/api/v1/users"))
        .json(&json!({"email": "carol@example.com", "password": PASSWORD}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .expect("request");
    assert_eq!(status, 403, "sign-up is closed at once");
}

#[tokio::test]
async fn saving_without_the_csrf_header_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (app, admin, _) = app_with_env_file(dir.path()).await;
    let status = admin
        .client
        .put(app.url("/api/v1/admin/env"))
        .json(&json!({"TESSERA_MAX_BODY_MB": "20"}))
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, 403);
}

/// The real binary, alone: save, restart, and the new limit is in effect afterwards.
#[tokio::test]
async fn restart_alone_reexecutes_and_applies_saved_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("docker.env");
    std::fs::write(&file, "TESSERA_MAX_BODY_MB='10'\n").expect("env file");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TESSERA_STACKS_DIR", dir.path())
        .env("TESSERA_ENV_FILE", &file)
        .env("TESSERA_PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("tessera starts");
    let base = format!("http://127.0.0.1:{port}");
    let result = async {
        wait_healthy(&base).await;
        let admin = TestUser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            base: base.clone(),
            id: String::new(),
        };
        let (status, body) = admin
            .post(
                "/api/v1/users",
                json!({"email": "ada@example.com", "password": PASSWORD}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let two_mb = vec![b'x'; 2 * 1024 * 1024];
        assert_ne!(
            post_bytes(&base, two_mb.clone()).await,
            413,
            "10 MB allowed"
        );
        let (status, body) = admin
            .put("/api/v1/admin/env", json!({"TESSERA_MAX_BODY_MB": "1"}))
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = admin.post("/api/v1/admin/restart", json!({})).await;
        assert_eq!(status, 202, "{body}");
        assert_eq!(body["data"]["mode"], "re-exec");
        tokio::time::sleep(Duration::from_millis(800)).await;
        wait_healthy(&base).await;
        assert_eq!(
            post_bytes(&base, two_mb).await,
            413,
            "the new limit is in effect"
        );
        let (status, body) = admin.get("/api/v1/admin/env").await;
        assert_eq!(status, 200, "the session survives the restart: {body}");
        assert_eq!(
            setting(&body, "TESSERA_MAX_BODY_MB")["pendingRestart"],
            false
        );
    }
    .await;
    // Our own child, by its handle; it is the same process after re-executing.
    let _ = child.kill();
    let _ = child.wait();
    result
}

async fn post_bytes(base: &str, body: Vec<u8>) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/workspaces"))
        .header("X-Requested-By", "tessera")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

async fn wait_healthy(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(response) = reqwest::get(format!("{base}/api/v1/health")).await
            && response.status().as_u16() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} did not become healthy within 20 s");
}
