//! Backup and restore: a backup of an SQLite instance restores into a fresh PostgreSQL
//! database with every collection, the git storage and the non-secret settings intact.

use std::path::Path;

use serde_json::json;
use tessera::backup::{self, BackupError, BackupOptions, RestoreOptions};
use tessera::config::{Config, DbUrl, Secret};
use tessera::store::{self, COLLECTIONS, DynStore, Query, Record};

use crate::helpers::{PgDatabase, config_with};

const SECRET_IN_ENV: &str = "s3cr3t-encryption-password";

/// A stacks folder with an env file (one secret, one plain setting) and git storage.
fn instance(root: &Path, db_url: &str, env_lines: &str) -> Config {
    let env_file = root.join("configuration/docker.env");
    std::fs::create_dir_all(env_file.parent().expect("parent")).expect("config dir");
    std::fs::write(&env_file, env_lines).expect("env file");
    config_with(
        root,
        &[
            ("TESSERA_DB_URL", db_url),
            ("TESSERA_ENV_FILE", env_file.to_str().expect("utf-8 path")),
        ],
    )
}

/// Three records in every collection, some updated so that versions differ.
async fn fill(store: &DynStore) {
    for collection in COLLECTIONS {
        for n in 0..3 {
            let id = format!("{collection}-{n}");
            let data = json!({
                "name": format!("{collection} {n}"),
                "email": format!("{collection}{n}@example.com"),
                "nested": { "list": [1, "two", null, true], "secret": "ciphertext==" },
            });
            store.insert(collection, &id, &data).await.expect("insert");
            if n == 1 {
                let changed =
                    json!({ "name": "changed", "email": format!("{collection}{n}@example.com") });
                store
                    .update(collection, &id, 1, &changed)
                    .await
                    .expect("update");
            }
        }
    }
}

async fn everything(store: &DynStore) -> Vec<(String, Vec<Record>)> {
    let mut all = Vec::new();
    for collection in COLLECTIONS {
        let records = store.find(collection, &Query::all()).await.expect("find");
        all.push(((*collection).to_owned(), records));
    }
    all
}

fn options(dir: &Path, passphrase: Option<&str>, keep: usize) -> BackupOptions {
    BackupOptions {
        dir: dir.to_path_buf(),
        passphrase: passphrase.map(Secret::new),
        keep,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_restores_into_postgres_with_everything() {
    let source_root = tempfile::tempdir().expect("temp dir");
    let db = source_root.path().join("data/tessera.db");
    let source = instance(
        source_root.path(),
        &format!("sqlite://{}", db.display()),
        &format!(
            "# settings\nTESSERA_ENCRYPTION_PASSWORD='{SECRET_IN_ENV}'\nTESSERA_MAX_BODY_MB='20'\n"
        ),
    );
    let source_store = store::open(&source.db_url).await.expect("sqlite opens");
    fill(&source_store).await;
    let repo = source_root.path().join("git-storage/ws1/app1");
    std::fs::create_dir_all(repo.join(".git")).expect("repo dir");
    std::fs::write(repo.join("page.json"), "{\"dsl\":{}}").expect("repo file");
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").expect("head");

    let backups = source_root.path().join("backups");
    let archive = backup::create(
        &source,
        source_store.as_ref(),
        &options(&backups, Some("pass phrase"), 5),
    )
    .await
    .expect("backup written");
    assert!(
        archive.to_string_lossy().ends_with(".tar.gz.enc"),
        "{archive:?}"
    );

    let database = PgDatabase::create().await;
    let target_root = tempfile::tempdir().expect("temp dir");
    let target = instance(
        target_root.path(),
        &database.url,
        "TESSERA_ENCRYPTION_PASSWORD='target-key'\n",
    );
    let target_store = store::open(&target.db_url).await.expect("postgres opens");
    target_store
        .insert("users", "stale", &json!({"email": "left@over.example"}))
        .await
        .expect("a record the restore must remove");

    let without = RestoreOptions {
        archive: archive.clone(),
        passphrase: None,
        force: false,
    };
    let refused = backup::restore(&target, target_store.as_ref(), &without).await;
    assert!(
        matches!(refused, Err(BackupError::PassphraseNeeded)),
        "{refused:?}"
    );
    let wrong = RestoreOptions {
        passphrase: Some(Secret::new("wrong")),
        ..without
    };
    let refused = backup::restore(&target, target_store.as_ref(), &wrong).await;
    assert!(matches!(refused, Err(BackupError::Decrypt)), "{refused:?}");

    let right = RestoreOptions {
        passphrase: Some(Secret::new("pass phrase")),
        ..wrong
    };
    let report = backup::restore(&target, target_store.as_ref(), &right)
        .await
        .expect("restored");
    assert_eq!(report.manifest.store_kind, "sqlite");
    assert_eq!(report.records, 3 * COLLECTIONS.len() as u64);

    let before = everything(&source_store).await;
    let after = everything(&target_store).await;
    for ((name, expected), (_, restored)) in before.iter().zip(&after) {
        assert_eq!(
            restored, expected,
            "collection {name} must come back identical"
        );
    }
    let restored_file = target_root.path().join("git-storage/ws1/app1/page.json");
    assert_eq!(
        std::fs::read_to_string(restored_file).expect("git file"),
        "{\"dsl\":{}}"
    );
    let env = std::fs::read_to_string(target_root.path().join("configuration/docker.env"))
        .expect("env file");
    assert!(
        env.contains("TESSERA_MAX_BODY_MB='20'"),
        "plain setting restored: {env}"
    );
    assert!(
        env.contains("target-key") && !env.contains(SECRET_IN_ENV),
        "secrets untouched: {env}"
    );
    drop(database);
}

#[tokio::test]
async fn archive_leaves_secrets_out_and_retention_keeps_the_newest() {
    let root = tempfile::tempdir().expect("temp dir");
    let db = root.path().join("data/tessera.db");
    let config = instance(
        root.path(),
        &format!("sqlite://{}", db.display()),
        &format!(
            "TESSERA_ENCRYPTION_PASSWORD='{SECRET_IN_ENV}'\nTESSERA_DB_URL='postgres://u:pw-in-url@h/x'\nTESSERA_LOG_FORMAT='json'\n"
        ),
    );
    let store = store::open(&DbUrl::Sqlite(db)).await.expect("sqlite opens");
    let backups = root.path().join("backups");
    let mut written = Vec::new();
    for _ in 0..3 {
        written.push(
            backup::create(&config, store.as_ref(), &options(&backups, None, 2))
                .await
                .expect("backup"),
        );
    }
    let left: Vec<_> = std::fs::read_dir(&backups)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(left.len(), 2, "retention keeps two: {left:?}");
    assert!(
        !written[0].exists() && written[2].exists(),
        "the oldest one goes"
    );

    let mut text = String::new();
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(&written[2]).expect("archive"));
    let mut tar = tar::Archive::new(gz);
    for entry in tar.entries().expect("entries") {
        let mut entry = entry.expect("entry");
        std::io::Read::read_to_string(&mut entry, &mut text).expect("text entry");
    }
    assert!(
        text.contains("TESSERA_LOG_FORMAT='json'"),
        "plain settings kept"
    );
    assert!(
        !text.contains(SECRET_IN_ENV) && !text.contains("pw-in-url"),
        "{text}"
    );
}

#[tokio::test]
async fn archive_from_a_newer_version_is_refused_unless_forced() {
    let root = tempfile::tempdir().expect("temp dir");
    let archive = root.path().join("newer.tar.gz");
    let manifest = json!({
        "format": 1, "tessera_version": "99.0.0", "store_kind": "sqlite",
        "created_at": "2030-01-01T00:00:00Z", "collections": { "users": 1 },
    });
    let users = json!({"id": "u1", "version": 2, "created_at": 1, "updated_at": 2, "data": {"email": "a@b.c"}});
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        std::fs::File::create(&archive).expect("create"),
        flate2::Compression::fast(),
    ));
    for (path, body) in [
        ("manifest.json", manifest.to_string()),
        ("metadata/users.jsonl", format!("{users}\n")),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(body.len() as u64);
        header.set_mode(0o600);
        header.set_cksum();
        tar.append_data(&mut header, path, body.as_bytes())
            .expect("append");
    }
    tar.into_inner().expect("tar").finish().expect("gz");

    let db = root.path().join("meta.db");
    let config = config_with(
        root.path(),
        &[("TESSERA_DB_URL", &format!("sqlite://{}", db.display()))],
    );
    let store = store::open(&config.db_url).await.expect("sqlite opens");
    store
        .insert("users", "keep", &json!({"email": "keep@me.example"}))
        .await
        .expect("insert");
    let mut options = RestoreOptions {
        archive,
        passphrase: None,
        force: false,
    };
    let refused = backup::restore(&config, store.as_ref(), &options).await;
    assert!(
        matches!(refused, Err(BackupError::Newer { .. })),
        "{refused:?}"
    );
    assert!(
        store.get("users", "keep").await.expect("get").is_some(),
        "nothing changed"
    );

    options.force = true;
    backup::restore(&config, store.as_ref(), &options)
        .await
        .expect("forced");
    let restored = store
        .get("users", "u1")
        .await
        .expect("get")
        .expect("restored user");
    assert_eq!(restored.version, 2, "versions survive a restore");
    assert!(store.get("users", "keep").await.expect("get").is_none());
}

/// Through the API: people, workspaces, apps and datasources come back after an SQLite
/// instance is restored into a fresh PostgreSQL one; passwords still work, and the
/// datasource secret opens with the instance's key (and only with it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_comes_back_through_the_api_in_postgres() {
    use tessera::config::Secret;
    use tessera::crypto::Cipher;
    use tessera::domain::datasource::revealed;
    use tessera::startup::Application;

    use crate::helpers::TestUser;

    const KEY: [(&str, &str); 2] = [
        ("TESSERA_ENCRYPTION_PASSWORD", "instance-key-kept-apart"),
        ("TESSERA_ENCRYPTION_SALT", "instance-salt-kept-apart"),
    ];

    async fn started(config: Config) -> (TestUser, DynStore, std::sync::Arc<Config>) {
        let app = Application::build(config).await.expect("app starts");
        let store = app.state().store.clone();
        let config = app.state().config.clone();
        let base = format!("http://{}", app.address());
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let user = TestUser {
            client,
            base,
            id: String::new(),
        };
        (user, store, config)
    }

    let source_root = tempfile::tempdir().expect("temp dir");
    let (ada, source_store, source_config) = started(config_with(source_root.path(), &KEY)).await;
    let credentials = json!({"email": "ada@example.com", "password": "correct horse battery"});
    assert_eq!(ada.post("/api/v1/users", credentials.clone()).await.0, 201);
    let workspace = ada.create_workspace("Acme").await;
    let (status, app) = ada
        .post(
            "/api/v1/applications",
            json!({"workspaceId": workspace, "name": "Customer Desk"}),
        )
        .await;
    assert_eq!(status, 201, "{app}");
    let application = app["data"]["id"].as_str().expect("app id").to_owned();
    let (status, datasource) = ada
        .post(
            "/api/v1/datasources",
            json!({
                "name": "Users DB", "pluginId": "postgres-plugin", "workspaceId": workspace,
                "datasourceConfiguration": {
                    "endpoints": [{"host": "127.0.0.1", "port": 5432}],
                    "authentication": {"username": "postgres", "password": "s3cret-db-pw"}
                }
            }),
        )
        .await;
    assert_eq!(status, 201, "{datasource}");
    let datasource = datasource["data"]["id"].as_str().expect("id").to_owned();
    let archive = backup::create(
        &source_config,
        source_store.as_ref(),
        &options(&source_root.path().join("backups"), None, 0),
    )
    .await
    .expect("backup");

    let database = PgDatabase::create().await;
    let target_root = tempfile::tempdir().expect("temp dir");
    let mut target_env = KEY.to_vec();
    target_env.push(("TESSERA_DB_URL", &database.url));
    let target_config = config_with(target_root.path(), &target_env);
    let target_store = store::open(&target_config.db_url)
        .await
        .expect("postgres opens");
    let restore = RestoreOptions {
        archive,
        passphrase: None,
        force: false,
    };
    backup::restore(&target_config, target_store.as_ref(), &restore)
        .await
        .expect("restored");

    let (again, store, _) = started(target_config).await;
    let (status, body) = again.post("/api/v1/login", credentials).await;
    assert_eq!(status, 200, "the password survives the restore: {body}");
    let (status, body) = again.get(&format!("/api/v1/workspaces/{workspace}")).await;
    assert_eq!(
        status, 200,
        "the workspace and its membership survive: {body}"
    );
    assert_eq!(body["data"]["name"], "Acme");
    let (status, body) = again
        .get(&format!("/api/v1/applications/{application}"))
        .await;
    assert_eq!(status, 200, "the application survives: {body}");
    let (status, body) = again
        .get(&format!("/api/v1/datasources/{datasource}"))
        .await;
    assert_eq!(status, 200, "the datasource survives: {body}");

    let stored = store
        .get("datasources", &datasource)
        .await
        .expect("store")
        .expect("datasource record");
    let config = &stored.data["datasourceConfiguration"];
    let key = |password: &str, salt: &str| {
        Cipher::derive(&Secret::new(password), &Secret::new(salt)).expect("cipher")
    };
    let clear = revealed(config, &key(KEY[0].1, KEY[1].1)).expect("opens with the instance key");
    assert_eq!(clear["authentication"]["password"], "s3cret-db-pw");
    assert!(
        revealed(config, &key("another", "instance")).is_err(),
        "without the key the secret stays closed"
    );
}
