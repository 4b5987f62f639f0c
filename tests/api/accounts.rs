//! Accounts: sign-up, log-in, sessions, CSRF, throttling, passwords, invitations and the
//! audit log, through the HTTP API as the front end uses it.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestUser, config_with, spawn_app, spawn_app_with};

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn first_user_is_instance_admin_and_second_is_not() {
    let app = spawn_app().await;
    let first = app.signup("ada@example.com", PASSWORD).await;
    let second = app.signup("bob@example.com", PASSWORD).await;
    let (status, me) = first.get("/api/v1/users/me").await;
    assert_eq!(status, 200);
    assert_eq!(
        me["data"]["isInstanceAdmin"], true,
        "the first account administers the instance"
    );
    assert!(
        me["data"].get("passwordHash").is_none(),
        "the hash never leaves the server"
    );
    let (_, me) = second.get("/api/v1/users/me").await;
    assert_eq!(me["data"]["isInstanceAdmin"], false);
    let (status, body) = second.get("/api/v1/audit-logs").await;
    assert_eq!(
        status, 403,
        "only instance admins read the audit log: {body}"
    );
}

#[tokio::test]
async fn admin_emails_make_instance_admins() {
    let app = spawn_app_with(&[("TESSERA_ADMIN_EMAILS", "boss@example.com")]).await;
    app.signup("first@example.com", PASSWORD).await;
    let boss = app.signup("Boss@Example.com", PASSWORD).await;
    let (_, me) = boss.get("/api/v1/users/me").await;
    assert_eq!(me["data"]["isInstanceAdmin"], true);
    assert_eq!(
        me["data"]["email"], "boss@example.com",
        "e-mails are stored normalised"
    );
}

#[tokio::test]
async fn signup_refuses_bad_input_and_taken_emails() {
    let app = spawn_app().await;
    app.signup("ada@example.com", PASSWORD).await;
    let anon = TestUser {
        client: app.new_client(),
        base: app.url(""),
        id: String::new(),
    };
    for (body, code) in [
        (
            json!({"email": "ADA@example.com", "password": PASSWORD}),
            "EMAIL_TAKEN",
        ),
        (
            json!({"email": "not-an-email", "password": PASSWORD}),
            "INVALID_EMAIL",
        ),
        (
            json!({"email": "c@example.com", "password": "short"}),
            "WEAK_PASSWORD",
        ),
    ] {
        let (status, reply) = anon.post("/api/v1/users", body.clone()).await;
        assert_eq!(status, 400, "{body}: {reply}");
        assert_eq!(reply["responseMeta"]["error"]["code"], code, "{body}");
    }
    let (status, reply) = anon.post("/api/v1/users", json!({"email": 5})).await;
    assert_eq!(status, 400, "wrong types are refused: {reply}");
    assert_eq!(reply["responseMeta"]["error"]["code"], "INVALID_JSON");
}

#[tokio::test]
async fn signup_disabled_admits_only_invited_people() {
    let app = spawn_app_with(&[("TESSERA_SIGNUP_DISABLED", "true")]).await;
    let admin = app.signup("admin@example.com", PASSWORD).await;
    let anon = TestUser {
        client: app.new_client(),
        base: app.url(""),
        id: String::new(),
    };
    let (status, _) = anon
        .post(
            "/api/v1/users",
            json!({"email": "stranger@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, 403, "strangers cannot sign up");
    let workspace = admin.create_workspace("Ops").await;
    let (status, body) = admin
        .post(
            &format!("/api/v1/workspaces/{workspace}/invite"),
            json!({"emails": ["guest@example.com"], "role": "App Viewer"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["invited"], json!(["guest@example.com"]));
    let guest = app.signup("guest@example.com", PASSWORD).await;
    let (_, workspaces) = guest.get("/api/v1/workspaces").await;
    assert_eq!(
        workspaces["data"][0]["id"], workspace,
        "the invitation became membership"
    );
    assert_eq!(workspaces["data"][0]["userRole"], "App Viewer");
}

#[tokio::test]
async fn login_works_with_json_and_forms_and_rotates_the_session() {
    let app = spawn_app().await;
    let ada = app.signup("ada@example.com", PASSWORD).await;
    let browser = app.new_client();
    let response = browser
        .post(app.url("/api/v1/login"))
        .form(&[("username", "ada@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("cookie set")
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (status, _) = ada
        .send(
            Method::POST,
            "/api/v1/login",
            Some(json!({"email": "ada@example.com", "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, 200, "JSON log-in works too");
    let (status, _) = ada.get("/api/v1/users/me").await;
    assert_eq!(status, 200, "the rotated session is live");
    let (status, body) = ada.post("/api/v1/logout", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = ada.get("/api/v1/users/me").await;
    assert_eq!(status, 401, "logged out");
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_header() {
    let app = spawn_app().await;
    let ada = app.signup("ada@example.com", PASSWORD).await;
    let response = ada
        .client
        .post(app.url("/api/v1/workspaces"))
        .json(&json!({"name": "Forged"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.status().as_u16(),
        403,
        "no X-Requested-By header, no change"
    );
    let (_, workspaces) = ada.get("/api/v1/workspaces").await;
    assert_eq!(workspaces["data"], json!([]), "nothing was created");
}

#[tokio::test]
async fn failed_logins_are_refused_with_429_then_allowed_after_the_window() {
    let app = spawn_app_with(&[
        ("TESSERA_LOGIN_MAX_FAILURES", "3"),
        ("TESSERA_LOGIN_WINDOW_SECS", "3"),
    ])
    .await;
    let ada = app.signup("ada@example.com", PASSWORD).await;
    let wrong = json!({"email": "ada@example.com", "password": "not the password"});
    for attempt in 1..=3 {
        let (status, body) = ada.post("/api/v1/login", wrong.clone()).await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
        assert_eq!(body["responseMeta"]["error"]["code"], "INVALID_CREDENTIALS");
    }
    let response = ada
        .client
        .post(app.url("/api/v1/login"))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.status().as_u16(),
        429,
        "even the right password waits out the window"
    );
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=3).contains(&retry), "Retry-After {retry}");
    tokio::time::sleep(std::time::Duration::from_millis(3_200)).await;
    let (status, body) = ada
        .post(
            "/api/v1/login",
            json!({"email": "ada@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        status, 200,
        "the right password works once the window passes: {body}"
    );
}

#[tokio::test]
async fn sessions_survive_a_restart_on_the_embedded_store() {
    let stacks = tempfile::tempdir().expect("temp dir");
    let first = tessera::startup::Application::build(config_with(stacks.path(), &[]))
        .await
        .expect("starts");
    let address = first.address();
    let server = tokio::spawn(first.run_until_stopped());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let ada = TestUser {
        client,
        base: format!("http://{address}"),
        id: String::new(),
    };
    let (status, _) = ada
        .post(
            "/api/v1/users",
            json!({"email": "ada@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, 201);
    server.abort();
    let second = tessera::startup::Application::build(config_with(stacks.path(), &[]))
        .await
        .expect("restarts");
    let ada = TestUser {
        base: format!("http://{}", second.address()),
        ..ada
    };
    tokio::spawn(second.run_until_stopped());
    let (status, me) = ada.get("/api/v1/users/me").await;
    assert_eq!(status, 200, "still logged in after the restart: {me}");
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    let app = spawn_app().await;
    let laptop = app.signup("ada@example.com", PASSWORD).await;
    let phone = TestUser {
        client: app.new_client(),
        ..laptop.clone()
    };
    let (status, _) = phone
        .post(
            "/api/v1/login",
            json!({"email": "ada@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = laptop
        .put(
            "/api/v1/users/me/password",
            json!({"currentPassword": PASSWORD, "newPassword": "a brand new secret"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        phone.get("/api/v1/users/me").await.0,
        401,
        "the other session ended"
    );
    assert_eq!(
        laptop.get("/api/v1/users/me").await.0,
        200,
        "this browser stays logged in"
    );
    let (status, _) = phone
        .post(
            "/api/v1/login",
            json!({"email": "ada@example.com", "password": "a brand new secret"}),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_admin_reset_link_sets_a_new_password_once() {
    let app = spawn_app().await;
    let admin = app.signup("admin@example.com", PASSWORD).await;
    let bob = app.signup("bob@example.com", PASSWORD).await;
    let (status, link) = admin
        .post(
            &format!("/api/v1/admin/users/{}/password-reset", bob.id),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{link}");
    let token = link["data"]["token"].as_str().expect("token").to_owned();
    let (status, _) = bob
        .post(
            &format!("/api/v1/admin/users/{}/password-reset", admin.id),
            json!({}),
        )
        .await;
    assert_eq!(status, 403, "only instance admins create reset links");
    let reset = json!({"token": token, "password": "bobs new password"});
    let (status, body) = bob.post("/api/v1/users/resetPassword", reset.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = bob.post("/api/v1/users/resetPassword", reset).await;
    assert_eq!(status, 400, "a link works once: {body}");
    assert_eq!(
        bob.get("/api/v1/users/me").await.0,
        401,
        "the reset ended bob's sessions"
    );
    let (status, _) = bob
        .post(
            "/api/v1/login",
            json!({"email": "bob@example.com", "password": "bobs new password"}),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_audit_log_records_changes_without_secrets() {
    let app = spawn_app().await;
    let admin = app.signup("admin@example.com", PASSWORD).await;
    let workspace = admin.create_workspace("Finance").await;
    admin
        .put(
            &format!("/api/v1/workspaces/{workspace}"),
            json!({"name": "Finance & Ops"}),
        )
        .await;
    let (status, log) = admin
        .get("/api/v1/audit-logs?action=workspace.rename")
        .await;
    assert_eq!(status, 200, "{log}");
    let entries = log["data"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(entries[0]["resourceId"], workspace);
    assert_eq!(entries[0]["userEmail"], "admin@example.com");
    assert!(
        entries[0]["ip"]
            .as_str()
            .is_some_and(|ip| ip.starts_with("127.0.0.1")),
        "{}",
        entries[0]
    );
    let (_, everything) = admin.get("/api/v1/audit-logs?size=200").await;
    let text = everything.to_string();
    assert!(
        text.contains("user.signup") && text.contains("workspace.create"),
        "{text}"
    );
    assert!(
        !text.contains(PASSWORD) && !text.contains("argon2"),
        "no secrets in the audit log"
    );
}

#[tokio::test]
async fn a_workspace_keeps_at_least_one_administrator() {
    let app = spawn_app().await;
    let ada = app.signup("ada@example.com", PASSWORD).await;
    let bob = app.signup("bob@example.com", PASSWORD).await;
    let workspace = ada.create_workspace("Ops").await;
    let members = format!("/api/v1/workspaces/{workspace}/members");
    let (status, body) = ada.delete(&format!("{members}/{}", ada.id)).await;
    assert_eq!(status, 409, "the last administrator cannot leave: {body}");
    ada.post(
        &format!("/api/v1/workspaces/{workspace}/invite"),
        json!({"emails": ["bob@example.com"], "role": "Developer"}),
    )
    .await;
    let (status, body) = bob
        .put(
            &format!("{members}/{}", bob.id),
            json!({"role": "Administrator"}),
        )
        .await;
    assert_eq!(status, 403, "a developer cannot promote themselves: {body}");
    let (status, _) = ada
        .put(
            &format!("{members}/{}", bob.id),
            json!({"role": "Administrator"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = ada.delete(&format!("{members}/{}", ada.id)).await;
    assert_eq!(status, 200, "with another administrator, ada may leave");
    let (status, _) = ada.get(&format!("/api/v1/workspaces/{workspace}")).await;
    assert_eq!(status, 403, "ada is no longer a member");
}

/// A real SMTP peer: Python's debugging SMTP server prints every message it receives.
struct SmtpSink {
    port: u16,
    child: std::process::Child,
    output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl SmtpSink {
    fn start() -> Self {
        use std::io::{BufRead, BufReader};
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut child = std::process::Command::new("python3")
            .args([
                "-W",
                "ignore",
                "-u",
                "-m",
                "smtpd",
                "-n",
                "-c",
                "DebuggingServer",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3's smtpd module runs");
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = output.clone();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(mut text) = sink.lock() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        });
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Self {
            port,
            child,
            output,
        }
    }

    /// The received mail bodies, decoded as a mail client would (quoted-printable).
    fn decoded(&self) -> String {
        let raw = self.output.lock().map(|t| t.clone()).unwrap_or_default();
        let lines: Vec<&str> = raw
            .lines()
            .map(|line| {
                line.strip_prefix("b'")
                    .and_then(|l| l.strip_suffix('\''))
                    .unwrap_or(line)
            })
            .collect();
        let mut text = String::new();
        for line in lines {
            match line.strip_suffix('=') {
                Some(soft) => text.push_str(soft),
                None => {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        text.replace("=3D", "=")
    }

    async fn wait_for(&self, needle: &str) -> String {
        for _ in 0..100 {
            let text = self.decoded();
            if text.contains(needle) {
                return text;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no mail containing {needle} arrived");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[tokio::test]
async fn forgot_password_mails_a_link_that_resets_the_password() {
    let smtp = SmtpSink::start();
    let port = smtp.port.to_string();
    let app = spawn_app_with(&[
        ("TESSERA_MAIL_HOST", "127.0.0.1"),
        ("TESSERA_MAIL_PORT", &port),
        ("TESSERA_MAIL_SECURITY", "none"),
        ("TESSERA_BASE_URL", "https://tools.example.com"),
    ])
    .await;
    let ada = app.signup("ada@example.com", PASSWORD).await;
    let (status, body) = ada
        .post(
            "/api/v1/users/forgotPassword",
            json!({"email": "nobody@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "unknown accounts get the same answer: {body}");
    let (status, body) = ada
        .post(
            "/api/v1/users/forgotPassword",
            json!({"email": "ada@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["mailSent"], true);
    let mail = smtp.wait_for("resetPassword?token=").await;
    assert!(
        mail.contains("https://tools.example.com/user/resetPassword?token="),
        "the link uses the configured address: {mail}"
    );
    assert!(
        !mail.contains("nobody@example.com"),
        "no mail for unknown accounts"
    );
    let token: String = mail
        .split("token=")
        .nth(1)
        .expect("token")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-' || *c == '_')
        .collect();
    let (status, body) = ada
        .post(
            "/api/v1/users/resetPassword",
            json!({"token": token, "password": "mailed new password"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = ada
        .post(
            "/api/v1/login",
            json!({"email": "ada@example.com", "password": "mailed new password"}),
        )
        .await;
    assert_eq!(status, 200);
}
