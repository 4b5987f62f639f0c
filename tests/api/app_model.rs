//! The app model API end to end: workspaces, apps, pages and their layouts, datasources
//! with sealed secrets, queries, JS objects, publishing, view mode, import and export,
//! and who may do what.

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, spawn_app, spawn_app_on_postgres};

const PASSWORD: &str = "correct horse battery";

fn widget(name: &str, kind: &str, id: &str, left: u32, top: u32, extra: Value) -> Value {
    let mut widget = json!({
        "widgetName": name, "type": kind, "widgetId": id, "parentId": "0",
        "leftColumn": left, "rightColumn": left + 16, "topRow": top, "bottomRow": top + 4,
    });
    if let (Some(target), Some(more)) = (widget.as_object_mut(), extra.as_object()) {
        target.extend(more.clone());
    }
    widget
}

fn dsl(children: Vec<Value>) -> Value {
    json!({"widgetName": "MainContainer", "type": "CANVAS_WIDGET", "widgetId": "0",
           "leftColumn": 0, "rightColumn": 64, "topRow": 0, "bottomRow": 100, "children": children})
}

fn three_widgets() -> Value {
    dsl(vec![
        widget(
            "usersTable",
            "TABLE_WIDGET_V2",
            "w1",
            0,
            0,
            json!({"tableData": "{{getUsers.data}}", "dynamicBindingPathList": [{"key": "tableData"}]}),
        ),
        widget("nameInput", "INPUT_WIDGET_V2", "w2", 0, 10, json!({})),
        widget(
            "addButton",
            "BUTTON_WIDGET",
            "w3",
            20,
            10,
            json!({"onClick": "{{insertUser.run()}}", "dynamicTriggerPathList": [{"key": "onClick"}]}),
        ),
    ])
}

/// An instance with an admin, a workspace, an app and its first page.
struct Fixture {
    app: TestApp,
    admin: TestUser,
    workspace: String,
    application: String,
    page: String,
}

async fn fixture(app: TestApp) -> Fixture {
    let admin = app.signup("admin@example.com", PASSWORD).await;
    let workspace = admin.create_workspace("Acme").await;
    let (application, page) = admin.create_application(&workspace, "Customer Desk").await;
    Fixture {
        app,
        admin,
        workspace,
        application,
        page,
    }
}

impl Fixture {
    async fn save_layout(&self, user: &TestUser, layout: Value) -> (u16, Value) {
        let (_, page) = user.get(&format!("/api/v1/pages/{}", self.page)).await;
        let version = page["data"]["version"].as_i64().unwrap_or(0);
        user.put(
            &format!("/api/v1/pages/{}/layout", self.page),
            json!({"dsl": layout, "version": version}),
        )
        .await
    }

    async fn create_datasource(&self) -> String {
        let (status, body) = self
            .admin
            .post("/api/v1/datasources", json!({
                "name": "Users DB", "pluginId": "postgres-plugin", "workspaceId": self.workspace,
                "datasourceConfiguration": {
                    "endpoints": [{"host": "127.0.0.1", "port": 5432}],
                    "authentication": {"username": "postgres", "password": "s3cret-db-pw", "databaseName": "test"}
                }
            }))
            .await;
        assert_eq!(status, 201, "{body}");
        body["data"]["id"]
            .as_str()
            .expect("datasource id")
            .to_owned()
    }

    async fn create_query(&self, datasource: &str, name: &str) -> String {
        let (status, body) = self
            .admin
            .post("/api/v1/actions", json!({
                "name": name, "pageId": self.page, "pluginId": "postgres-plugin", "datasource": {"id": datasource},
                "actionConfiguration": {"body": "SELECT * FROM users WHERE name = {{nameInput.text}}", "timeoutInMillisecond": 10000},
                "executeOnLoad": true
            }))
            .await;
        assert_eq!(status, 201, "{body}");
        body["data"]["id"].as_str().expect("action id").to_owned()
    }

    async fn invite(&self, email: &str, role: &str) -> TestUser {
        let (status, body) = self
            .admin
            .post(
                &format!("/api/v1/workspaces/{}/invite", self.workspace),
                json!({"emails": [email], "role": role}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        self.app.signup(email, PASSWORD).await
    }
}

async fn the_whole_flow(app: TestApp) {
    let fx = fixture(app).await;
    let (me_status, me) = fx.admin.get("/api/v1/users/me").await;
    assert_eq!(
        (me_status, me["data"]["isInstanceAdmin"].clone()),
        (200, json!(true)),
        "the first user is an instance admin"
    );
    let (status, saved) = fx.save_layout(&fx.admin, three_widgets()).await;
    assert_eq!(status, 200, "{saved}");

    let datasource = fx.create_datasource().await;
    for path in [
        format!("/api/v1/datasources/{datasource}"),
        format!("/api/v1/datasources?workspaceId={}", fx.workspace),
    ] {
        let (_, body) = fx.admin.get(&path).await;
        let text = body.to_string();
        assert!(
            !text.contains("s3cret-db-pw") && text.contains("********"),
            "{path}: the password is masked: {text}"
        );
    }
    let stored = fx
        .app
        .store
        .get("datasources", &datasource)
        .await
        .expect("store")
        .expect("record");
    let sealed = stored.data["datasourceConfiguration"]["authentication"]["password"]
        .as_str()
        .expect("password field");
    assert!(
        sealed.starts_with("enc:v1:") && !sealed.contains("s3cret"),
        "stored as ciphertext: {sealed}"
    );

    fx.create_query(&datasource, "getUsers").await;
    let (status, body) = fx
        .admin
        .post(
            &format!("/api/v1/applications/publish/{}", fx.application),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let viewer = fx.invite("viewer@example.com", "App Viewer").await;
    let (status, view) = viewer
        .get(&format!("/api/v1/applications/view/{}", fx.application))
        .await;
    assert_eq!(status, 200, "the viewer sees the published app: {view}");
    let (status, page) = viewer.get(&format!("/api/v1/pages/{}/view", fx.page)).await;
    assert_eq!(status, 200);
    assert_eq!(
        page["data"]["layouts"][0]["dsl"]["children"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "three widgets"
    );
    let (status, actions) = viewer
        .get(&format!(
            "/api/v1/actions/view?applicationId={}",
            fx.application
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(actions["data"][0]["name"], "getUsers");
    assert_eq!(
        actions["data"][0]["jsonPathKeys"],
        json!(["nameInput.text"])
    );
    assert!(
        actions["data"][0].get("actionConfiguration").is_none(),
        "viewers never see query text"
    );

    for (method, path, body) in edit_endpoints(&fx, &datasource) {
        let (status, reply) = viewer.send(method.clone(), &path, body).await;
        assert_eq!(
            status, 403,
            "an App Viewer must get 403 from {method} {path}: {reply}"
        );
    }
}

/// One request per edit endpoint family.
fn edit_endpoints(fx: &Fixture, datasource: &str) -> Vec<(reqwest::Method, String, Option<Value>)> {
    use reqwest::Method;
    let (ws, app, page) = (&fx.workspace, &fx.application, &fx.page);
    vec![
        (
            Method::POST,
            "/api/v1/applications".into(),
            Some(json!({"workspaceId": ws, "name": "X"})),
        ),
        (Method::GET, format!("/api/v1/applications/{app}"), None),
        (
            Method::PUT,
            format!("/api/v1/applications/{app}"),
            Some(json!({"name": "Renamed"})),
        ),
        (
            Method::POST,
            format!("/api/v1/applications/publish/{app}"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/applications/clone/{app}"),
            Some(json!({})),
        ),
        (
            Method::GET,
            format!("/api/v1/applications/export/{app}"),
            None,
        ),
        (
            Method::POST,
            "/api/v1/pages".into(),
            Some(json!({"applicationId": app, "name": "Other"})),
        ),
        (Method::GET, format!("/api/v1/pages/{page}"), None),
        (
            Method::PUT,
            format!("/api/v1/pages/{page}/layout"),
            Some(json!({"dsl": three_widgets(), "version": 1})),
        ),
        (
            Method::POST,
            "/api/v1/datasources".into(),
            Some(json!({"name": "D", "pluginId": "postgres-plugin", "workspaceId": ws})),
        ),
        (
            Method::GET,
            format!("/api/v1/datasources/{datasource}"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/datasources/{datasource}"),
            Some(json!({"name": "Renamed"})),
        ),
        (
            Method::POST,
            "/api/v1/actions".into(),
            Some(json!({"name": "q2", "pageId": page, "pluginId": "postgres-plugin"})),
        ),
        (
            Method::GET,
            format!("/api/v1/actions?applicationId={app}"),
            None,
        ),
        (
            Method::POST,
            "/api/v1/collections/actions".into(),
            Some(json!({"name": "JSObject1", "pageId": page, "body": "export default {}"})),
        ),
        (Method::DELETE, format!("/api/v1/pages/{page}"), None),
        (Method::DELETE, format!("/api/v1/applications/{app}"), None),
    ]
}

#[tokio::test]
async fn the_whole_flow_on_sqlite() {
    the_whole_flow(spawn_app().await).await;
}

#[tokio::test]
async fn the_whole_flow_on_postgres() {
    the_whole_flow(spawn_app_on_postgres().await).await;
}

/// (family, method, path, body, expected status for: anonymous, App Viewer, Developer,
/// Administrator, another workspace's Administrator)
type Case = (
    &'static str,
    reqwest::Method,
    String,
    Option<Value>,
    [u16; 5],
);

#[tokio::test]
async fn each_endpoint_family_checks_each_role() {
    let fx = fixture(spawn_app().await).await;
    let datasource = fx.create_datasource().await;
    fx.save_layout(&fx.admin, three_widgets()).await;
    let action = fx.create_query(&datasource, "getUsers").await;
    fx.admin
        .post(
            &format!("/api/v1/applications/publish/{}", fx.application),
            json!({}),
        )
        .await;
    let viewer = fx.invite("viewer@example.com", "App Viewer").await;
    let developer = fx.invite("dev@example.com", "Developer").await;
    let outsider = fx.app.signup("other-admin@example.com", PASSWORD).await;
    outsider.create_workspace("Elsewhere").await;
    let anonymous = TestUser {
        client: fx.app.new_client(),
        base: fx.app.url(""),
        id: String::new(),
    };
    let (ws, app, page) = (
        fx.workspace.clone(),
        fx.application.clone(),
        fx.page.clone(),
    );

    use reqwest::Method as M;
    let table: Vec<Case> = vec![
        (
            "workspace read",
            M::GET,
            format!("/api/v1/workspaces/{ws}"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "workspace members",
            M::GET,
            format!("/api/v1/workspaces/{ws}/members"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "workspace rename",
            M::PUT,
            format!("/api/v1/workspaces/{ws}"),
            Some(json!({"name": "Acme"})),
            [401, 403, 403, 200, 403],
        ),
        (
            "workspace invite",
            M::POST,
            format!("/api/v1/workspaces/{ws}/invite"),
            Some(json!({"emails": ["x@example.com"], "role": "Developer"})),
            [401, 403, 200, 200, 403],
        ),
        (
            "app list",
            M::GET,
            format!("/api/v1/applications?workspaceId={ws}"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "app read (edit)",
            M::GET,
            format!("/api/v1/applications/{app}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "app view",
            M::GET,
            format!("/api/v1/applications/view/{app}"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "page view",
            M::GET,
            format!("/api/v1/pages/{page}/view"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "queries view",
            M::GET,
            format!("/api/v1/actions/view?applicationId={app}"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "JS objects view",
            M::GET,
            format!("/api/v1/collections/actions/view?applicationId={app}"),
            None,
            [401, 200, 200, 200, 403],
        ),
        (
            "page read (edit)",
            M::GET,
            format!("/api/v1/pages/{page}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "page list",
            M::GET,
            format!("/api/v1/pages?applicationId={app}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "page rename",
            M::PUT,
            format!("/api/v1/pages/{page}"),
            Some(json!({"name": "Page1"})),
            [401, 403, 200, 200, 403],
        ),
        (
            "datasource list",
            M::GET,
            format!("/api/v1/datasources?workspaceId={ws}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "datasource read",
            M::GET,
            format!("/api/v1/datasources/{datasource}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "query list",
            M::GET,
            format!("/api/v1/actions?applicationId={app}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "query read",
            M::GET,
            format!("/api/v1/actions/{action}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "query update",
            M::PUT,
            format!("/api/v1/actions/{action}"),
            Some(json!({"executeOnLoad": true})),
            [401, 403, 200, 200, 403],
        ),
        (
            "JS object list",
            M::GET,
            format!("/api/v1/collections/actions?applicationId={app}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "export",
            M::GET,
            format!("/api/v1/applications/export/{app}"),
            None,
            [401, 403, 200, 200, 403],
        ),
        (
            "audit log",
            M::GET,
            "/api/v1/audit-logs".into(),
            None,
            [401, 403, 403, 200, 403],
        ),
    ];
    let people = [&anonymous, &viewer, &developer, &fx.admin, &outsider];
    let labels = [
        "anonymous",
        "App Viewer",
        "Developer",
        "Administrator",
        "another workspace's Administrator",
    ];
    for (family, method, path, body, expected) in &table {
        for ((person, label), want) in people.iter().zip(labels).zip(expected) {
            let (status, reply) = person.send(method.clone(), path, body.clone()).await;
            assert_eq!(
                status, *want,
                "{family}: {label} on {method} {path} should get {want}: {reply}"
            );
        }
    }
    // Every family above, and the edit endpoints, appear in the OpenAPI document.
    let (_, doc) = fx.admin.get("/api/v1/openapi.json").await;
    let documented = |path: &str| {
        let template = path.split('?').next().unwrap_or(path);
        doc["paths"].as_object().is_some_and(|paths| {
            paths.keys().any(|p| {
                let p_parts: Vec<_> = p.split('/').collect();
                let t_parts: Vec<_> = template.split('/').collect();
                p_parts.len() == t_parts.len()
                    && p_parts
                        .iter()
                        .zip(&t_parts)
                        .all(|(a, b)| a.starts_with('{') || a == b)
            })
        })
    };
    for (_, _, path, _, _) in &table {
        assert!(documented(path), "{path} is in /api/v1/openapi.json");
    }
    for (_, path, _) in edit_endpoints(&fx, &datasource) {
        assert!(documented(&path), "{path} is in /api/v1/openapi.json");
    }
}

#[tokio::test]
async fn two_saves_from_one_version_one_wins_and_the_other_gets_409() {
    let fx = fixture(spawn_app().await).await;
    let developer = fx.invite("dev@example.com", "Developer").await;
    let (_, page) = fx.admin.get(&format!("/api/v1/pages/{}", fx.page)).await;
    let version = page["data"]["version"].as_i64().expect("version");
    let mine = dsl(vec![widget("Mine", "TEXT_WIDGET", "m1", 0, 0, json!({}))]);
    let theirs = dsl(vec![widget("Theirs", "TEXT_WIDGET", "t1", 0, 0, json!({}))]);
    let path = format!("/api/v1/pages/{}/layout", fx.page);
    let (first, second) = tokio::join!(
        fx.admin
            .put(&path, json!({"dsl": mine, "version": version})),
        developer.put(&path, json!({"dsl": theirs, "version": version})),
    );
    let statuses = [first.0, second.0];
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "one 200 and one 409, got {statuses:?}"
    );
    let (loser, winner_dsl) = if first.0 == 409 {
        (&first.1, &theirs)
    } else {
        (&second.1, &mine)
    };
    assert_eq!(loser["responseMeta"]["error"]["code"], "CONFLICT");
    let (_, stored) = fx.admin.get(&format!("/api/v1/pages/{}", fx.page)).await;
    assert_eq!(
        &stored["data"]["layouts"][0]["dsl"], winner_dsl,
        "the stored layout is exactly the winner's"
    );
}

#[tokio::test]
async fn bad_layouts_get_400_with_code_and_path_and_nothing_is_written() {
    let fx = fixture(spawn_app().await).await;
    let (_, before) = fx.admin.get(&format!("/api/v1/pages/{}", fx.page)).await;
    let version = before["data"]["version"].as_i64().expect("version");
    let path = format!("/api/v1/pages/{}/layout", fx.page);
    let mut orphan = widget("Text2", "TEXT_WIDGET", "b", 0, 0, json!({}));
    orphan["parentId"] = json!("nowhere");
    let mut wrong_type = widget("Text1", "TEXT_WIDGET", "a", 0, 0, json!({}));
    wrong_type["leftColumn"] = json!("left");
    let mut deep = String::new();
    for _ in 0..10_000 {
        deep.push_str("{\"children\":[");
    }
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("malformed JSON", "{\"dsl\": {\"widgetName\": ".into(), "INVALID_JSON", ""),
        ("duplicate names", json!({"dsl": dsl(vec![widget("Text1", "TEXT_WIDGET", "a", 0, 0, json!({})), widget("Text1", "TEXT_WIDGET", "b", 20, 0, json!({}))]), "version": version}).to_string(), "INVALID_DSL", "dsl.children[1].widgetName"),
        ("parentId pointing nowhere", json!({"dsl": dsl(vec![orphan]), "version": version}).to_string(), "INVALID_DSL", "dsl.children[0].parentId"),
        ("10,000 levels deep", format!("{{\"version\": {version}, \"dsl\": {deep}"), "INVALID_JSON", "dsl"),
        ("wrong types", json!({"dsl": dsl(vec![wrong_type]), "version": version}).to_string(), "INVALID_DSL", "dsl.children[0].leftColumn"),
        ("wrong version type", json!({"dsl": three_widgets(), "version": "one"}).to_string(), "INVALID_JSON", "version"),
    ];
    for (case, body, code, path_prefix) in cases {
        let response = fx
            .admin
            .client
            .put(fx.app.url(&path))
            .header("X-Requested-By", "tessera")
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 400, "{case}");
        let reply: Value = response.json().await.expect("json");
        let error = &reply["responseMeta"]["error"];
        assert_eq!(error["code"], code, "{case}: {reply}");
        let at = error["path"].as_str().unwrap_or_default();
        assert!(
            at.starts_with(path_prefix) && error.get("path").is_some(),
            "{case}: path `{at}` should start with `{path_prefix}`"
        );
    }
    let (_, after) = fx.admin.get(&format!("/api/v1/pages/{}", fx.page)).await;
    assert_eq!(
        after["data"]["version"], before["data"]["version"],
        "nothing was written"
    );
    assert_eq!(after["data"]["layouts"], before["data"]["layouts"]);
}

#[tokio::test]
async fn names_are_unique_across_widgets_queries_and_js_objects() {
    let fx = fixture(spawn_app().await).await;
    fx.save_layout(&fx.admin, three_widgets()).await;
    let datasource = fx.create_datasource().await;
    let (status, body) = fx
        .admin
        .post("/api/v1/actions", json!({"name": "usersTable", "pageId": fx.page, "pluginId": "postgres-plugin", "datasource": {"id": datasource}}))
        .await;
    assert_eq!(status, 400, "a query cannot take a widget's name: {body}");
    assert_eq!(body["responseMeta"]["error"]["code"], "DUPLICATE_NAME");
    fx.create_query(&datasource, "getUsers").await;
    let (status, _) = fx
        .admin
        .post(
            "/api/v1/collections/actions",
            json!({"name": "getUsers", "pageId": fx.page, "body": "export default {}"}),
        )
        .await;
    assert_eq!(status, 400, "a JS object cannot take a query's name");
    let (status, body) = fx
        .save_layout(
            &fx.admin,
            dsl(vec![widget(
                "getUsers",
                "TEXT_WIDGET",
                "x",
                0,
                0,
                json!({}),
            )]),
        )
        .await;
    assert_eq!(status, 400, "a widget cannot take a query's name: {body}");
}

#[tokio::test]
async fn masked_secrets_are_kept_on_update() {
    let fx = fixture(spawn_app().await).await;
    let datasource = fx.create_datasource().await;
    let (_, read) = fx
        .admin
        .get(&format!("/api/v1/datasources/{datasource}"))
        .await;
    let mut config = read["data"]["datasourceConfiguration"].clone();
    config["endpoints"][0]["host"] = json!("db.internal");
    let (status, body) = fx
        .admin
        .put(
            &format!("/api/v1/datasources/{datasource}"),
            json!({"datasourceConfiguration": config}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let stored = fx
        .app
        .store
        .get("datasources", &datasource)
        .await
        .expect("store")
        .expect("record");
    let sealed = stored.data["datasourceConfiguration"]["authentication"]["password"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        sealed.starts_with("enc:v1:"),
        "the password is still there, sealed: {sealed}"
    );
    assert_eq!(
        stored.data["datasourceConfiguration"]["endpoints"][0]["host"],
        "db.internal"
    );
}

#[tokio::test]
async fn export_then_import_gives_the_same_app_with_new_ids() {
    let fx = fixture(spawn_app().await).await;
    fx.save_layout(&fx.admin, three_widgets()).await;
    let datasource = fx.create_datasource().await;
    fx.create_query(&datasource, "getUsers").await;
    fx.admin.post("/api/v1/collections/actions", json!({"name": "utils", "pageId": fx.page, "body": "export default { greet() { return 'hi' } }"})).await;
    let response = fx
        .admin
        .client
        .get(
            fx.app
                .url(&format!("/api/v1/applications/export/{}", fx.application)),
        )
        .send()
        .await
        .expect("export");
    assert_eq!(response.status().as_u16(), 200);
    let export: Value = response.json().await.expect("json");
    assert!(
        !export.to_string().contains("s3cret-db-pw"),
        "exports carry no secrets"
    );

    let (status, report) = fx
        .admin
        .post(
            &format!("/api/v1/applications/import/{}", fx.workspace),
            export.clone(),
        )
        .await;
    assert_eq!(status, 201, "{report}");
    let imported = report["data"]["applicationId"]
        .as_str()
        .expect("new id")
        .to_owned();
    assert_ne!(imported, fx.application, "a new id");
    assert_eq!(
        report["data"]["datasourcesReused"],
        json!(["Users DB"]),
        "same workspace: the datasource is reused"
    );
    let response = fx
        .admin
        .client
        .get(
            fx.app
                .url(&format!("/api/v1/applications/export/{imported}")),
        )
        .send()
        .await
        .expect("export");
    let again: Value = response.json().await.expect("json");
    assert_eq!(again["pages"], export["pages"], "same pages and layouts");
    assert_eq!(again["actions"], export["actions"], "same queries");
    assert_eq!(
        again["actionCollections"], export["actionCollections"],
        "same JS objects"
    );
    let (_, pages) = fx
        .admin
        .get(&format!("/api/v1/pages?applicationId={imported}"))
        .await;
    assert_ne!(pages["data"][0]["id"], json!(fx.page), "pages get new ids");
}

#[tokio::test]
async fn an_appsmith_export_imports_with_a_report() {
    let fx = fixture(spawn_app().await).await;
    let appsmith = json!({
        "clientSchemaVersion": 1, "serverSchemaVersion": 11,
        "exportedApplication": {"name": "Support Desk", "isPublic": false, "pages": [{"id": "Home", "isDefault": true}]},
        "datasourceList": [
            {"name": "Prod PG", "pluginId": "postgres-plugin", "gitSyncId": "x1"},
            {"name": "Bucket", "pluginId": "amazons3-plugin"}
        ],
        "pageList": [{"unpublishedPage": {"name": "Home", "slug": "home", "layouts": [{"dsl": dsl(vec![
            widget("Text1", "TEXT_WIDGET", "t1", 0, 0, json!({"text": "Tickets"})),
            widget("Button1", "BUTTON_WIDGET", "b1", 0, 5, json!({"onClick": "{{getTickets.run()}}"})),
            widget("Input1", "INPUT_WIDGET_V2", "i1", 20, 5, json!({})),
            widget("Table1", "TABLE_WIDGET_V2", "tb1", 0, 10, json!({"tableData": "{{getTickets.data}}"})),
        ])}]}}],
        "actionList": [
            {"id": "Home_getTickets", "pluginType": "DB", "pluginId": "postgres-plugin", "unpublishedAction": {
                "name": "getTickets", "pageId": "Home", "datasource": {"name": "Prod PG", "pluginId": "postgres-plugin"},
                "actionConfiguration": {"body": "SELECT * FROM tickets WHERE title ILIKE {{'%' + Input1.text + '%'}}",
                    "pluginSpecifiedTemplates": [{"value": true}]},
                "executeOnLoad": true, "dynamicBindingPathList": [{"key": "body"}]}},
            {"id": "Home_upload", "pluginType": "DB", "pluginId": "amazons3-plugin", "unpublishedAction": {
                "name": "upload", "pageId": "Home", "datasource": {"name": "Bucket"}, "actionConfiguration": {}}},
            {"id": "Home_utils.format", "pluginType": "JS", "pluginId": "js-plugin", "unpublishedAction": {
                "name": "format", "pageId": "Home", "collectionId": "Home_utils", "actionConfiguration": {"body": "() => 1"}}}
        ],
        "actionCollectionList": [{"id": "Home_utils", "unpublishedCollection": {
            "name": "utils", "pageId": "Home", "pluginId": "js-plugin", "body": "export default { format: () => 1 }", "variables": []}}]
    });
    let (status, report) = fx
        .admin
        .post(
            &format!("/api/v1/applications/import/{}", fx.workspace),
            appsmith,
        )
        .await;
    assert_eq!(status, 201, "{report}");
    let data = &report["data"];
    assert_eq!(
        (data["pages"].clone(), data["widgets"].clone()),
        (json!(1), json!(4)),
        "{report}"
    );
    assert_eq!(data["actions"], 1, "the PostgreSQL query came over");
    assert_eq!(data["jsObjects"], 1, "the JS object came over");
    assert_eq!(
        data["datasourcesNeedingConfiguration"],
        json!(["Prod PG"]),
        "imported without secrets"
    );
    let skipped: Vec<String> = data["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        skipped.contains(&"upload".to_owned()) && skipped.contains(&"Bucket".to_owned()),
        "unsupported parts are reported: {skipped:?}"
    );
    let app = data["applicationId"].as_str().expect("id");
    let (_, actions) = fx
        .admin
        .get(&format!("/api/v1/actions?applicationId={app}"))
        .await;
    assert_eq!(actions["data"][0]["name"], "getTickets");
    assert_eq!(actions["data"][0]["executeOnLoad"], true);
    let (_, datasources) = fx
        .admin
        .get(&format!("/api/v1/datasources?workspaceId={}", fx.workspace))
        .await;
    assert_eq!(datasources["data"][0]["isConfigured"], false);
}

#[tokio::test]
async fn public_apps_are_visible_to_anyone_and_private_ones_are_not() {
    let fx = fixture(spawn_app().await).await;
    fx.admin
        .post(
            &format!("/api/v1/applications/publish/{}", fx.application),
            json!({}),
        )
        .await;
    let anonymous = TestUser {
        client: fx.app.new_client(),
        base: fx.app.url(""),
        id: String::new(),
    };
    let view = format!("/api/v1/applications/view/{}", fx.application);
    assert_eq!(anonymous.get(&view).await.0, 401);
    fx.admin
        .put(
            &format!("/api/v1/applications/{}", fx.application),
            json!({"isPublic": true}),
        )
        .await;
    assert_eq!(
        anonymous.get(&view).await.0,
        200,
        "public apps need no log-in"
    );
    assert_eq!(
        anonymous
            .get(&format!("/api/v1/applications/{}", fx.application))
            .await
            .0,
        401,
        "editing still does"
    );
}

#[tokio::test]
async fn viewers_see_the_published_copy_until_the_next_publish() {
    let fx = fixture(spawn_app().await).await;
    fx.save_layout(
        &fx.admin,
        dsl(vec![widget("Old", "TEXT_WIDGET", "o", 0, 0, json!({}))]),
    )
    .await;
    fx.admin
        .post(
            &format!("/api/v1/applications/publish/{}", fx.application),
            json!({}),
        )
        .await;
    fx.save_layout(
        &fx.admin,
        dsl(vec![widget("New", "TEXT_WIDGET", "n", 0, 0, json!({}))]),
    )
    .await;
    let viewer = fx.invite("viewer@example.com", "App Viewer").await;
    let name = |v: &Value| v["data"]["layouts"][0]["dsl"]["children"][0]["widgetName"].clone();
    let (_, page) = viewer.get(&format!("/api/v1/pages/{}/view", fx.page)).await;
    assert_eq!(name(&page), "Old", "edits are invisible until published");
    fx.admin
        .post(
            &format!("/api/v1/applications/publish/{}", fx.application),
            json!({}),
        )
        .await;
    let (_, page) = viewer.get(&format!("/api/v1/pages/{}/view", fx.page)).await;
    assert_eq!(name(&page), "New");
    assert_eq!(
        fx.app
            .store
            .count("publications", &tessera::store::Query::all())
            .await
            .expect("count"),
        1,
        "old snapshots are removed"
    );
}
