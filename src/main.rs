//! The `tessera` command: serve (the default), migrate, openapi, backup, restore.

mod backup_cli;

use std::path::PathBuf;
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
    /// Write a backup archive (metadata, git storage, settings without secrets).
    Backup {
        /// Folder for the archive; `<stacks>/backups` by default.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Encrypt the archive with the passphrase on the first line of this file
        /// (or set TESSERA_BACKUP_PASSPHRASE).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// How many archives to keep in the folder, oldest deleted first; 0 keeps all.
        #[arg(long, default_value_t = 10)]
        keep: usize,
    },
    /// Replace this instance's metadata, git storage and settings with an archive's.
    Restore {
        /// The archive written by `tessera backup`.
        archive: PathBuf,
        /// The passphrase of an encrypted archive, on the first line of this file
        /// (or set TESSERA_BACKUP_PASSPHRASE).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// Restore an archive from a newer Tessera anyway.
        #[arg(long)]
        force: bool,
    },
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
            Some(Command::Backup {
                output,
                passphrase_file,
                keep,
            }) => backup_cli::backup(config, output, passphrase_file.as_deref(), keep).await,
            Some(Command::Restore {
                archive,
                passphrase_file,
                force,
            }) => backup_cli::restore(config, archive, passphrase_file.as_deref(), force).await,
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
    let restarter = app.state().restarter.clone();
    app.run_until_stopped().await?;
    if restarter.reexec_requested() {
        tracing::info!("Tessera restarting to apply new settings");
        return Err(tessera::admin::restart::reexec().into());
    }
    tracing::info!("Tessera stopped");
    Ok(())
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let store = tessera::store::open(&config.db_url).await?;
    tracing::info!(store = store.kind(), "metadata store is up to date");
    Ok(())
}
