//! The API leg of the execution benchmark: a real server, a user, a workspace, a
//! PostgreSQL datasource and a query, then `POST /api/v1/actions/execute` in a loop.

use super::Run;

/// `None` (with a note) when the server cannot be set up for the API leg.
pub async fn run(
    _database: &str,
    _query: &str,
    _requests: usize,
    _concurrency: usize,
) -> Option<Run> {
    println!("API leg skipped: datasources and queries cannot be created through the API yet");
    None
}
