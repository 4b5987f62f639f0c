//! The `tessera` command: serve (the default), migrate, openapi.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tessera::config::Config;
use tessera::startup::Application;

#[derive(Parser)]
#[command(
    name = "tessera",
    version,
    about = "Self-hosted platform for building internal tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the server (the default).
    Serve,
    /// Bring the metadata store's schema up to date, then exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        println!("{}", tessera::api::openapi::document());
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return fail(&err),
    };
    let result = runtime.block_on(async {
        let config = Config::from_env().map_err(anyhow::Error::from)?;
        tessera::telemetry::init(config.log_format);
        match cli.command {
            Some(Command::Migrate) => migrate(config).await,
            _ => serve(config).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// One sentence on stderr and a non-zero exit; no panic, no backtrace.
fn fail(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("tessera: {err}");
    ExitCode::FAILURE
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let store = config.db_url.to_string();
    let app = Application::build(config).await?;
    tracing::info!(
        address = %app.address(),
        store = %store,
        sessions = app.state().sessions.kind(),
        "Tessera listening on http://{}",
        app.address()
    );
    app.run_until_stopped().await?;
    tracing::info!("Tessera stopped");
    Ok(())
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let store = tessera::store::open(&config.db_url).await?;
    tracing::info!(store = store.kind(), "metadata store is up to date");
    Ok(())
}
