//! Execution benchmark: the same parameterised `SELECT` on PostgreSQL run (1) on a
//! direct tokio-postgres connection, (2) through the engine in-process, and (3)
//! through `POST /api/v1/actions/execute` on a real server, with the same number of
//! concurrent callers. Prints throughput, median latency and the ratios, from one run.
//!
//! Run: `cargo bench --bench exec` (needs PostgreSQL on 127.0.0.1:5432, user postgres).
//! `BENCH_REQUESTS` and `BENCH_CONCURRENCY` change the load.

mod api_path;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tessera::exec::{ActionConfig, Datasource, Engine, ExecSettings, Execution, ParamMap};

const ADMIN_URL: &str = "host=127.0.0.1 port=5432 user=postgres dbname=test";

/// Latencies of every request and the wall time of the whole run.
struct Run {
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Run {
    fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    fn median(&self) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

/// Runs `requests` calls of `call` over `concurrency` workers.
async fn measure<F, Fut>(requests: usize, concurrency: usize, call: F) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..concurrency {
        let call = call.clone();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = worker;
            while i < requests {
                let t = Instant::now();
                call(i).await;
                latencies.push(t.elapsed());
                i += concurrency;
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    for worker in workers {
        latencies.extend(worker.await.expect("worker finished"));
    }
    Run {
        latencies,
        wall: started.elapsed(),
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const QUERY: &str = "SELECT id, name, price FROM bench_items WHERE id = {{Input1.value}}";
const DIRECT_QUERY: &str = "SELECT id, name, price FROM bench_items WHERE id = $1";

#[tokio::main]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this file too, and
    // then a small smoke run keeps it working without the cost of a measurement.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let requests = env_number("BENCH_REQUESTS", if measuring { 5000 } else { 40 });
    let concurrency = env_number("BENCH_CONCURRENCY", 8);
    let database = format!("tessera_bench_{}", uuid::Uuid::new_v4().simple());
    let (admin, connection) = tokio_postgres::connect(ADMIN_URL, tokio_postgres::NoTls)
        .await
        .expect("PostgreSQL answers on 127.0.0.1:5432");
    tokio::spawn(connection);
    admin
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .await
        .expect("create the bench database");
    let url = format!("host=127.0.0.1 port=5432 user=postgres dbname={database}");
    let (setup, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    setup
        .batch_execute(
            "CREATE TABLE bench_items (id int PRIMARY KEY, name text, price float8);
             INSERT INTO bench_items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 1000) g;",
        )
        .await
        .expect("bench table");
    println!("{requests} requests, {concurrency} concurrent callers, PostgreSQL on 127.0.0.1\n");

    // 1. Direct driver: one connection per caller, statement prepared once each.
    let mut clients = Vec::new();
    for _ in 0..concurrency {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .expect("connect");
        tokio::spawn(connection);
        let statement = client.prepare(DIRECT_QUERY).await.expect("prepare");
        clients.push(Arc::new((client, statement)));
    }
    let clients = Arc::new(clients);
    let direct = measure(requests, concurrency, move |i| {
        let clients = clients.clone();
        async move {
            let pair = &clients[i % clients.len()];
            let id = i32::try_from(i % 1000 + 1).unwrap_or(1);
            let rows = pair.0.query(&pair.1, &[&id]).await.expect("direct query");
            assert_eq!(rows.len(), 1);
        }
    })
    .await;

    // 2. The engine in-process: bindings, pooling, JSON conversion, no HTTP.
    let settings = ExecSettings {
        pool_size: concurrency,
        ..ExecSettings::default()
    };
    let engine = Arc::new(Engine::new(settings));
    let datasource: Datasource = serde_json::from_value(json!({
        "id": "bench",
        "pluginId": "postgres-plugin",
        "datasourceConfiguration": {
            "endpoints": [{"host": "127.0.0.1", "port": 5432}],
            "authentication": {"username": "postgres", "databaseName": database},
            "connection": {"ssl": {"authType": "DISABLE"}},
        }
    }))
    .expect("datasource");
    let datasource = Arc::new(datasource);
    let action: Arc<ActionConfig> =
        Arc::new(serde_json::from_value(json!({ "body": QUERY })).expect("action"));
    let in_process = {
        let engine = engine.clone();
        measure(requests, concurrency, move |i| {
            let (engine, datasource, action) = (engine.clone(), datasource.clone(), action.clone());
            async move {
                let params: ParamMap = [("Input1.value".to_owned(), json!(i % 1000 + 1))]
                    .into_iter()
                    .collect();
                let result = engine
                    .execute(Execution {
                        action_id: "bench",
                        datasource: &datasource,
                        action: &action,
                        params: &params,
                        view_mode: true,
                    })
                    .await;
                assert!(result.is_execution_success, "{:?}", result.error);
            }
        })
        .await
    };
    let counters = engine.metrics();

    // 3. Through the HTTP API of a real server.
    let through_api = api_path::run(&database, QUERY, requests, concurrency).await;

    report("direct driver (tokio-postgres)", &direct, None);
    report("engine in-process", &in_process, Some(&direct));
    if let Some((api, me)) = &through_api {
        report("POST /api/v1/actions/execute", api, Some(&direct));
        report("GET /api/v1/users/me (no query)", me, Some(&direct));
    }
    println!(
        "\nengine counters: {} executions, {} failures, mean {:.3} ms inside the engine",
        counters.executions,
        counters.failures,
        counters.total_micros as f64 / counters.executions.max(1) as f64 / 1000.0
    );
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .await
        .expect("drop the bench database");
}

fn report(name: &str, run: &Run, baseline: Option<&Run>) {
    print!(
        "{name:<34} {:>9.0} req/s   median {:>7.3} ms",
        run.throughput(),
        run.median().as_secs_f64() * 1000.0
    );
    if let Some(base) = baseline {
        print!(
            "   throughput ratio {:.2}   latency ratio {:.2}",
            run.throughput() / base.throughput(),
            run.median().as_secs_f64() / base.median().as_secs_f64()
        );
    }
    println!();
}
