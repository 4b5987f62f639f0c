//! The store conformance suite: every backend must behave the same. SQLite always runs,
//! PostgreSQL against the machine's server (a fresh database per test), MongoDB only
//! when `TESSERA_TEST_MONGODB_URL` is set.

use std::sync::Arc;

use serde_json::json;
use tessera::config::{DbUrl, SecretUrl};
use tessera::store::{self, DynStore, Query, StoreError};

use crate::helpers::{PgDatabase, mongodb_url};

/// A store plus whatever keeps it alive (a temp folder or a database to drop).
pub struct Fixture {
    pub store: DynStore,
    _keep: Box<dyn std::any::Any + Send>,
}

pub async fn sqlite() -> Option<Fixture> {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store::open(&DbUrl::Sqlite(dir.path().join("meta.db")))
        .await
        .expect("sqlite store opens");
    Some(Fixture {
        store,
        _keep: Box::new(dir),
    })
}

pub async fn postgres() -> Option<Fixture> {
    let database = PgDatabase::create().await;
    let url = SecretUrl::parse(&database.url).expect("url");
    let store = store::open(&DbUrl::Postgres(url))
        .await
        .expect("postgres store opens");
    Some(Fixture {
        store,
        _keep: Box::new(database),
    })
}

pub async fn mongodb() -> Option<Fixture> {
    let base = mongodb_url("store conformance")?;
    let mut url = url::Url::parse(&base).expect("TESSERA_TEST_MONGODB_URL is a URL");
    url.set_path(&format!("/tessera_t_{}", uuid::Uuid::new_v4().simple()));
    let url = SecretUrl::parse(url.as_str()).expect("url");
    let store = store::open(&DbUrl::MongoDb(url))
        .await
        .expect("mongodb store opens");
    Some(Fixture {
        store,
        _keep: Box::new(()),
    })
}

macro_rules! conformance {
    ($backend:ident) => {
        mod $backend {
            macro_rules! case {
                ($name:ident) => {
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let Some(fixture) = super::$backend().await else {
                            return;
                        };
                        super::$name(fixture.store.clone()).await;
                    }
                };
            }
            case!(insert_then_get_returns_the_same_document);
            case!(update_with_current_version_succeeds_and_bumps_it);
            case!(stale_update_is_a_conflict_and_changes_nothing);
            case!(two_racing_writers_exactly_one_wins);
            case!(update_or_delete_of_missing_record);
            case!(find_compares_typed_values);
            case!(find_pages_in_creation_order);
            case!(unique_fields_refuse_duplicates);
            case!(unknown_collections_and_bad_fields_are_refused);
        }
    };
}

conformance!(sqlite);
conformance!(postgres);
conformance!(mongodb);

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn insert_then_get_returns_the_same_document(store: DynStore) {
    let data = json!({
        "name": "Acme Ops — Zürich 🚀",
        "nested": { "list": [1, 2.5, "three", null, true], "empty": {} },
        "big": 9_007_199_254_740_993_i64,
    });
    let id = id();
    let inserted = store
        .insert("workspaces", &id, &data)
        .await
        .expect("insert");
    assert_eq!(inserted.version, 1, "a new record starts at version 1");
    let got = store
        .get("workspaces", &id)
        .await
        .expect("get")
        .expect("record exists");
    assert_eq!(
        got.data, data,
        "the stored document must round-trip exactly"
    );
    assert_eq!(got.id, id);
    assert!(
        store
            .get("workspaces", "no-such-id")
            .await
            .expect("get")
            .is_none()
    );
}

async fn update_with_current_version_succeeds_and_bumps_it(store: DynStore) {
    let id = id();
    store
        .insert("pages", &id, &json!({"name": "Home"}))
        .await
        .expect("insert");
    let updated = store
        .update("pages", &id, 1, &json!({"name": "Start"}))
        .await
        .expect("update from the current version");
    assert_eq!(updated.version, 2);
    assert_eq!(updated.data["name"], "Start");
    let again = store
        .update("pages", &id, 2, &json!({"name": "Main"}))
        .await
        .expect("second update");
    assert_eq!(again.version, 3);
}

async fn stale_update_is_a_conflict_and_changes_nothing(store: DynStore) {
    let id = id();
    store
        .insert("pages", &id, &json!({"name": "Home"}))
        .await
        .expect("insert");
    store
        .update("pages", &id, 1, &json!({"name": "Theirs"}))
        .await
        .expect("first save");
    let stale = store
        .update("pages", &id, 1, &json!({"name": "Mine"}))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { expected: 1, .. })),
        "a save from an old version must be refused with Conflict, got {stale:?}"
    );
    let stored = store.get("pages", &id).await.expect("get").expect("exists");
    assert_eq!(
        stored.data,
        json!({"name": "Theirs"}),
        "the refused save must change nothing"
    );
    assert_eq!(stored.version, 2);
}

async fn two_racing_writers_exactly_one_wins(store: DynStore) {
    for round in 0..10 {
        let id = id();
        store
            .insert("pages", &id, &json!({"dsl": "original"}))
            .await
            .expect("insert");
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let writers: Vec<_> = ["alice", "bob"]
            .into_iter()
            .map(|who| {
                let (store, id, barrier) = (store.clone(), id.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    (
                        who,
                        store.update("pages", &id, 1, &json!({"dsl": who})).await,
                    )
                })
            })
            .collect();
        let mut winners = Vec::new();
        for writer in writers {
            let (who, result) = writer.await.expect("writer task");
            match result {
                Ok(record) => {
                    assert_eq!(record.version, 2);
                    winners.push(who);
                }
                Err(StoreError::Conflict { .. }) => {}
                Err(other) => panic!("round {round}: the loser must get Conflict, got {other}"),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one writer must win, got {winners:?}"
        );
        let stored = store.get("pages", &id).await.expect("get").expect("exists");
        assert_eq!(
            stored.data,
            json!({"dsl": winners[0]}),
            "round {round}: the winner's data is stored"
        );
    }
}

async fn update_or_delete_of_missing_record(store: DynStore) {
    let missing = store
        .update("apps-do-not-exist-here", "x", 1, &json!({}))
        .await;
    assert!(
        matches!(missing, Err(StoreError::InvalidQuery(_))),
        "{missing:?}"
    );
    let missing = store.update("applications", "nope", 1, &json!({})).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
    let id = id();
    store
        .insert("applications", &id, &json!({"name": "CRM"}))
        .await
        .expect("insert");
    assert!(
        store.delete("applications", &id).await.expect("delete"),
        "deleting an existing record says so"
    );
    assert!(
        !store.delete("applications", &id).await.expect("delete"),
        "a second delete finds nothing"
    );
    assert!(store.get("applications", &id).await.expect("get").is_none());
}

async fn find_compares_typed_values(store: DynStore) {
    let app = id();
    let rows = [
        json!({"applicationId": app, "name": "a", "order": 1, "isDefault": true, "meta": {"slug": "one"}}),
        json!({"applicationId": app, "name": "b", "order": 2, "isDefault": false, "meta": {"slug": "two"}, "note": null}),
        json!({"applicationId": app, "name": "1", "order": 3, "isDefault": false, "meta": {"slug": "three"}}),
    ];
    for row in &rows {
        store.insert("pages", &id(), row).await.expect("insert");
    }
    let names = |records: Vec<tessera::store::Record>| {
        records
            .into_iter()
            .map(|r| r.data["name"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let of_app = Query::all().eq("applicationId", app.as_str());
    let found = store
        .find("pages", &of_app.clone().eq("isDefault", true))
        .await
        .expect("find");
    assert_eq!(names(found), ["a"], "boolean equality");
    let found = store
        .find("pages", &of_app.clone().eq("order", 1))
        .await
        .expect("find");
    assert_eq!(names(found), ["a"], "the number 1 matches only order 1");
    let found = store
        .find("pages", &of_app.clone().eq("name", "1"))
        .await
        .expect("find");
    assert_eq!(
        names(found),
        ["1"],
        "the string \"1\" matches only the name \"1\""
    );
    let found = store
        .find("pages", &of_app.clone().eq("meta.slug", "two"))
        .await
        .expect("find");
    assert_eq!(names(found), ["b"], "nested fields");
    let found = store
        .find("pages", &of_app.clone().gt("order", 1).lt("order", 3))
        .await
        .expect("find");
    assert_eq!(names(found), ["b"], "range conditions combine");
    assert_eq!(store.count("pages", &of_app).await.expect("count"), 3);
    let removed = store
        .delete_where("pages", &of_app.clone().gt("order", 1))
        .await
        .expect("delete_where");
    assert_eq!(removed, 2);
    assert_eq!(store.count("pages", &of_app).await.expect("count"), 1);
}

async fn find_pages_in_creation_order(store: DynStore) {
    let owner = id();
    for n in 0..5 {
        store
            .insert("audit_logs", &id(), &json!({"owner": owner, "n": n}))
            .await
            .expect("insert");
        // Distinct creation times make the order observable on every backend.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let ns = |records: Vec<tessera::store::Record>| {
        records
            .into_iter()
            .map(|r| r.data["n"].as_i64().unwrap_or(-1))
            .collect::<Vec<_>>()
    };
    let base = Query::all().eq("owner", owner.as_str());
    let page = store
        .find("audit_logs", &base.clone().limit(2).offset(1))
        .await
        .expect("find");
    assert_eq!(ns(page), [1, 2], "oldest first, paged");
    let newest = store
        .find("audit_logs", &base.clone().newest_first().limit(2))
        .await
        .expect("find");
    assert_eq!(ns(newest), [4, 3], "newest first");
}

async fn unique_fields_refuse_duplicates(store: DynStore) {
    let email = format!("{}@example.com", id());
    store
        .insert("users", &id(), &json!({"email": email}))
        .await
        .expect("first user");
    let second = store.insert("users", &id(), &json!({"email": email})).await;
    match second {
        Err(StoreError::Duplicate { field, .. }) => assert_eq!(field, "email"),
        other => panic!("a second user with the same e-mail must be refused, got {other:?}"),
    }
    let taken = id();
    store
        .insert("users", &taken, &json!({"email": format!("x{email}")}))
        .await
        .expect("other user");
    let update = store
        .update("users", &taken, 1, &json!({"email": email}))
        .await;
    assert!(
        matches!(update, Err(StoreError::Duplicate { .. })),
        "updating into a taken e-mail: {update:?}"
    );
}

async fn unknown_collections_and_bad_fields_are_refused(store: DynStore) {
    let result = store.find("users; DROP TABLE users", &Query::all()).await;
    assert!(
        matches!(result, Err(StoreError::InvalidQuery(_))),
        "{result:?}"
    );
    let result = store
        .find("users", &Query::all().eq("email') OR 1=1 --", "x"))
        .await;
    assert!(
        matches!(result, Err(StoreError::InvalidQuery(_))),
        "{result:?}"
    );
    assert!(store.ping().await.is_ok(), "the store still answers");
}
