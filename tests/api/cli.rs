//! The `tessera` binary: bad configuration stops it with one sentence naming the key or
//! the line, exit code non-zero, and no panic or backtrace.

use std::process::{Command, Output};

fn tessera(env: &[(&str, &str)], args: &[&str]) -> (Output, tempfile::TempDir) {
    let stacks = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TESSERA_STACKS_DIR", stacks.path())
        .env("TESSERA_PORT", "0")
        .env("RUST_BACKTRACE", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    (command.output().expect("tessera runs"), stacks)
}

fn assert_one_sentence_failure(output: &Output, must_name: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "must exit non-zero; stderr: {stderr}"
    );
    assert!(
        stderr.contains(must_name),
        "must name {must_name}: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "no panic: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
}

#[test]
fn unknown_db_scheme_names_the_key() {
    let (output, _) = tessera(&[("TESSERA_DB_URL", "oracle://db/x")], &[]);
    assert_one_sentence_failure(&output, "TESSERA_DB_URL");
}

#[test]
fn unreachable_db_at_start_fails_with_a_sentence() {
    let (output, _) = tessera(
        &[("TESSERA_DB_URL", "postgres://postgres@127.0.0.1:1/test")],
        &[],
    );
    assert_one_sentence_failure(&output, "metadata store");
}

#[test]
fn malformed_env_file_line_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("docker.env");
    std::fs::write(&file, "TESSERA_PORT=0\n# fine\nTESSERA_LOG_FORMAT text\n").expect("write");
    let (output, _) = tessera(&[("TESSERA_ENV_FILE", file.to_str().expect("utf-8"))], &[]);
    assert_one_sentence_failure(&output, "line 3");
}

#[test]
fn bad_number_names_the_key() {
    let (output, _) = tessera(&[("TESSERA_MAX_BODY_MB", "lots")], &[]);
    assert_one_sentence_failure(&output, "TESSERA_MAX_BODY_MB");
}

#[test]
fn version_and_migrate_work() {
    let (output, _) = tessera(&[], &["--version"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("tessera "));
    let (output, stacks) = tessera(&[], &["migrate"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stacks.path().join("data/tessera.db").is_file(),
        "migrate creates the SQLite store"
    );
}
