//! The HTTP basics every endpoint shares: the envelope, 404 for unknown API routes,
//! 413 for oversized bodies, request ids, the OpenAPI document, and the front end.

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_on_postgres, spawn_app_with};

#[tokio::test]
async fn unknown_api_routes_get_404_in_the_envelope() {
    let app = spawn_app().await;
    for path in ["/api/v1/no-such-thing", "/api/v2/health", "/api/"] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["responseMeta"]["success"], false);
        assert_eq!(body["responseMeta"]["error"]["code"], "NOT_FOUND", "{path}");
    }
}

#[tokio::test]
async fn a_20_mb_body_gets_413_in_the_envelope() {
    let app = spawn_app().await;
    let body = format!("{{\"blob\": \"{}\"}}", "a".repeat(20 * 1024 * 1024));
    let response = app
        .client
        .post(app.url("/api/v1/health"))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["responseMeta"]["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert_eq!(body["responseMeta"]["status"], 413);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let first = app.get("/api/v1/health").await;
    let second = app.get("/api/v1/health").await;
    let id = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap_or("").to_owned())
    };
    assert!(
        id(&first).is_some_and(|v| v.len() >= 32),
        "x-request-id present"
    );
    assert_ne!(id(&first), id(&second), "each request gets its own id");
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let app = spawn_app_on_postgres().await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 document: {}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string());
    assert!(
        doc["paths"]["/api/v1/health"]["get"].is_object(),
        "health is documented"
    );
    assert_eq!(
        doc,
        serde_json::from_str::<Value>(&tessera::api::openapi::document()).expect("json"),
        "`tessera openapi` prints the served document"
    );
}

#[tokio::test]
async fn built_front_end_is_served_with_an_app_route_fallback() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dist.path().join("assets")).expect("assets dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Tessera app</title>",
    )
    .expect("index");
    std::fs::write(
        dist.path().join("assets/index-4f9a1c.js"),
        "console.log('app')",
    )
    .expect("asset");
    let app = spawn_app_with(&[("TESSERA_STATIC_DIR", dist.path().to_str().expect("utf-8"))]).await;

    let index = app.get("/").await;
    assert_eq!(index.status().as_u16(), 200);
    assert_eq!(
        index.headers()["cache-control"],
        "no-cache",
        "index.html is revalidated"
    );
    assert!(index.text().await.expect("text").contains("Tessera app"));

    let route = app.get("/app/my-app/page-1-abc/edit").await;
    assert_eq!(
        route.status().as_u16(),
        200,
        "app routes fall back to index.html"
    );
    assert!(route.text().await.expect("text").contains("Tessera app"));

    let asset = app.get("/assets/index-4f9a1c.js").await;
    assert_eq!(asset.status().as_u16(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.text().await.expect("text"), "console.log('app')");

    let (status, _) = app.get_json("/api/v1/missing").await;
    assert_eq!(status, 404, "API routes never fall back to the front end");
}

/// Every route attribute in the API source (`#[get("…")]`, `#[post("…")]`, …) must have
/// its path in the OpenAPI document, so no endpoint can be added without documenting it.
#[test]
fn every_endpoint_in_the_source_is_in_the_openapi_document() {
    let doc: Value = serde_json::from_str(&tessera::api::openapi::document()).expect("json");
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|ops| ops.keys().cloned())
                .map(move |method| (method, normalise(path)))
        })
        .collect();
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for line in source.lines().map(str::trim) {
                for method in ["get", "post", "put", "delete", "patch"] {
                    let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) else {
                        continue;
                    };
                    let Some(route) = rest.split('"').next() else {
                        continue;
                    };
                    let full = if route.starts_with("/rts") {
                        continue;
                    } else {
                        format!("/api/v1{route}")
                    };
                    seen += 1;
                    if !documented.contains(&(method.to_owned(), normalise(&full))) {
                        missing.push(format!(
                            "{} {full} ({})",
                            method.to_uppercase(),
                            path.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(seen > 30, "the scan found the route attributes ({seen})");
    assert!(
        missing.is_empty(),
        "endpoints missing from /api/v1/openapi.json:\n{}",
        missing.join("\n")
    );
}

/// `/pages/{page_id}` and `/pages/{pageId}` are the same route.
fn normalise(path: &str) -> String {
    path.split('/')
        .map(|part| if part.starts_with('{') { "{}" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}
