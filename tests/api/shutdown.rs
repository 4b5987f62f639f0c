//! SIGTERM lets a request in flight finish, then the process exits 0. The slow request is
//! a large static download that the client is still reading when the signal arrives.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn sigterm_lets_an_in_flight_download_finish() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    let size = 64 * 1024 * 1024;
    std::fs::write(dist.path().join("big.bin"), vec![7u8; size]).expect("big file");
    let stacks = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("TESSERA_STACKS_DIR", stacks.path())
        .env("TESSERA_STATIC_DIR", dist.path())
        .env("TESSERA_PORT", "0")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("tessera starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("a log line before exit")
            .expect("utf-8 log");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});

    let mut response = reqwest::get(format!("http://{address}/big.bin"))
        .await
        .expect("download starts");
    let mut received = response
        .chunk()
        .await
        .expect("first chunk")
        .map_or(0, |c| c.len());
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    while let Some(chunk) = response
        .chunk()
        .await
        .expect("the download continues after SIGTERM")
    {
        received += chunk.len();
    }
    assert_eq!(received, size, "the whole file arrives");
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(exit.success(), "exits 0 after finishing, got {exit:?}");
}
