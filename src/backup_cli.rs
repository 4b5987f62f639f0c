//! `tessera backup` and `tessera restore` on the command line. Restore stops the
//! backend and the rts only when supervisord runs them (so it can start them again),
//! and starts them again whatever the outcome.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tessera::admin::supervisor;
use tessera::backup::{self, BackupOptions, RestoreOptions};
use tessera::config::{Config, Secret, secrets_file};

/// The passphrase from a file's first line, else from TESSERA_BACKUP_PASSPHRASE.
fn passphrase(file: Option<&Path>) -> anyhow::Result<Option<Secret>> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the passphrase file {}", file.display()))?;
        let line = text.lines().next().unwrap_or_default();
        anyhow::ensure!(
            !line.is_empty(),
            "the passphrase file {} is empty",
            file.display()
        );
        return Ok(Some(Secret::new(line)));
    }
    Ok(std::env::var("TESSERA_BACKUP_PASSPHRASE")
        .ok()
        .filter(|value| !value.is_empty())
        .map(Secret::new))
}

pub async fn backup(
    mut config: Config,
    output: Option<PathBuf>,
    passphrase_file: Option<&Path>,
    keep: usize,
) -> anyhow::Result<()> {
    secrets_file::ensure(&mut config)?;
    let store = tessera::store::open(&config.db_url).await?;
    let options = BackupOptions {
        dir: output.unwrap_or_else(|| config.stacks_dir.join("backups")),
        passphrase: passphrase(passphrase_file)?,
        keep,
    };
    let path = backup::create(&config, store.as_ref(), &options).await?;
    println!("{}", path.display());
    tracing::info!(
        archive = %path.display(),
        encrypted = options.passphrase.is_some(),
        "backup written; keep the encryption values of the env file separately"
    );
    Ok(())
}

pub async fn restore(
    config: Config,
    archive: PathBuf,
    passphrase_file: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let options = RestoreOptions {
        archive,
        passphrase: passphrase(passphrase_file)?,
        force,
    };
    let store = tessera::store::open(&config.db_url).await?;
    let supervised = supervisor::control_url();
    match &supervised {
        Some(url) => {
            let mut args = vec!["stop"];
            args.extend(supervisor::APP_PROGRAMS);
            supervisor::ctl(url, &args).map_err(anyhow::Error::msg)?;
        }
        None => tracing::warn!(
            "no supervisord found: restart the running Tessera server after the restore"
        ),
    }
    let result = backup::restore(&config, store.as_ref(), &options).await;
    if let Some(url) = &supervised {
        let mut args = vec!["start"];
        args.extend(supervisor::APP_PROGRAMS);
        supervisor::ctl(url, &args).map_err(anyhow::Error::msg)?;
    }
    let report = result?;
    tracing::info!(
        records = report.records,
        from_store = %report.manifest.store_kind,
        into_store = store.kind(),
        settings = report.settings_restored,
        "restore finished"
    );
    if let Some(previous) = report.previous_git_storage {
        tracing::info!(
            "the git storage that was replaced is kept in {}",
            previous.display()
        );
    }
    Ok(())
}
