//! `tessera restore`: checks the whole archive first, then replaces the metadata, the
//! git storage and the non-secret settings. Nothing is changed when the archive is
//! unreadable, from a newer Tessera (unless forced), or holds unknown collections.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use super::create::env_file_path;
use super::{BackupError, FORMAT, Line, Manifest, crypto, io};
use crate::config::layers::{is_secret, read_env_file};
use crate::config::{Config, Secret, env_file, keys::PREFIX};
use crate::store::{COLLECTIONS, Query, Record, Store};

pub struct RestoreOptions {
    pub archive: PathBuf,
    pub passphrase: Option<Secret>,
    /// Restore an archive from a newer Tessera or with unknown collections anyway.
    pub force: bool,
}

#[derive(Debug)]
pub struct RestoreReport {
    pub manifest: Manifest,
    pub records: u64,
    /// Where the git storage that was replaced was moved to, if there was one.
    pub previous_git_storage: Option<PathBuf>,
    pub settings_restored: usize,
}

/// What an archive holds, read and checked before anything is changed.
struct Contents {
    manifest: Manifest,
    collections: BTreeMap<String, Vec<Record>>,
    env: Option<Vec<u8>>,
    /// A folder holding `git-storage/` as unpacked from the archive.
    staging: tempfile::TempDir,
}

pub async fn restore(
    config: &Config,
    store: &dyn Store,
    options: &RestoreOptions,
) -> Result<RestoreReport, BackupError> {
    let contents = read(config, options)?;
    check(&contents, options.force)?;
    let mut records = 0;
    for collection in COLLECTIONS {
        store.delete_where(collection, &Query::all()).await?;
        for record in contents.collections.get(*collection).into_iter().flatten() {
            store.insert_record(collection, record).await?;
            records += 1;
        }
    }
    let previous_git_storage = replace_git_storage(config, contents.staging.path())?;
    let settings_restored = match &contents.env {
        Some(bytes) => restore_settings(config, contents.staging.path(), bytes)?,
        None => 0,
    };
    Ok(RestoreReport {
        manifest: contents.manifest,
        records,
        previous_git_storage,
        settings_restored,
    })
}

fn read(config: &Config, options: &RestoreOptions) -> Result<Contents, BackupError> {
    let shown = options.archive.display().to_string();
    let mut bytes = std::fs::read(&options.archive).map_err(io(format!("cannot read {shown}")))?;
    if crypto::is_sealed(&bytes) {
        let passphrase = options
            .passphrase
            .as_ref()
            .ok_or(BackupError::PassphraseNeeded)?;
        bytes = crypto::open(&bytes, passphrase)?;
    }
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(BackupError::NotAnArchive(shown));
    }
    // Staged inside the stacks folder so that moving it into place is a rename.
    std::fs::create_dir_all(&config.stacks_dir)
        .map_err(io(format!("cannot create {}", config.stacks_dir.display())))?;
    let staging = tempfile::Builder::new()
        .prefix(".restore-")
        .tempdir_in(&config.stacks_dir)
        .map_err(io("cannot create a staging folder in the stacks folder"))?;
    let mut manifest = None;
    let mut collections = BTreeMap::new();
    let mut env = None;
    let damaged = |err: std::io::Error| BackupError::Damaged(err.to_string());
    let mut archive = tar::Archive::new(GzDecoder::new(bytes.as_slice()));
    for entry in archive.entries().map_err(damaged)? {
        let mut entry = entry.map_err(damaged)?;
        let path = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        if path.starts_with("git-storage") {
            // unpack_in refuses paths that would escape the staging folder.
            entry.unpack_in(staging.path()).map_err(damaged)?;
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(damaged)?;
        if path == "manifest.json" {
            manifest = Some(
                serde_json::from_slice::<Manifest>(&data)
                    .map_err(|err| BackupError::Damaged(format!("manifest.json: {err}")))?,
            );
        } else if path == "configuration/docker.env" {
            env = Some(data);
        } else if let Some(name) = path
            .strip_prefix("metadata/")
            .and_then(|rest| rest.strip_suffix(".jsonl"))
        {
            collections.insert(name.to_owned(), parse_lines(name, &data)?);
        }
    }
    let manifest = manifest.ok_or(BackupError::NotAnArchive(shown))?;
    Ok(Contents {
        manifest,
        collections,
        env,
        staging,
    })
}

fn parse_lines(collection: &str, data: &[u8]) -> Result<Vec<Record>, BackupError> {
    data.split(|byte| *byte == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(number, line)| {
            serde_json::from_slice::<Line>(line)
                .map(Record::from)
                .map_err(|err| {
                    BackupError::Damaged(format!(
                        "metadata/{collection}.jsonl line {}: {err}",
                        number + 1
                    ))
                })
        })
        .collect()
}

fn check(contents: &Contents, force: bool) -> Result<(), BackupError> {
    let manifest = &contents.manifest;
    let ours = env!("CARGO_PKG_VERSION");
    let newer =
        manifest.format > FORMAT || version_tuple(&manifest.tessera_version) > version_tuple(ours);
    if newer && !force {
        return Err(BackupError::Newer {
            archive: manifest.tessera_version.clone(),
            ours: ours.to_owned(),
        });
    }
    for (name, records) in &contents.collections {
        if !COLLECTIONS.contains(&name.as_str()) && !force {
            return Err(BackupError::Damaged(format!(
                "it holds a collection `{name}` that this Tessera does not know; pass --force to restore without it"
            )));
        }
        let expected = manifest.collections.get(name).copied().unwrap_or_default();
        if records.len() as u64 != expected {
            return Err(BackupError::Damaged(format!(
                "metadata/{name}.jsonl has {} records, the manifest says {expected}",
                records.len()
            )));
        }
    }
    Ok(())
}

/// `1.2.3-beta` → (1, 2, 3); missing or odd parts count as 0.
fn version_tuple(version: &str) -> (u64, u64, u64) {
    let mut parts = version
        .split(['-', '+'])
        .next()
        .unwrap_or_default()
        .split('.')
        .map(|part| part.parse().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

/// Moves the current git storage aside (never deleted here) and the restored one in.
fn replace_git_storage(config: &Config, staging: &Path) -> Result<Option<PathBuf>, BackupError> {
    let restored = staging.join("git-storage");
    if !restored.is_dir() {
        return Ok(None);
    }
    let current = config.stacks_dir.join("git-storage");
    let mut previous = None;
    if current.exists() {
        let aside = config.stacks_dir.join(format!(
            "git-storage.before-restore-{}",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ));
        std::fs::rename(&current, &aside)
            .map_err(io(format!("cannot move {} aside", current.display())))?;
        previous = Some(aside);
    }
    std::fs::rename(&restored, &current).map_err(io(format!(
        "cannot move the restored git storage to {}",
        current.display()
    )))?;
    Ok(previous)
}

/// Writes the archive's non-secret settings into the current env file; secrets there
/// (and anything the archive does not mention) stay as they are.
fn restore_settings(config: &Config, staging: &Path, bytes: &[u8]) -> Result<usize, BackupError> {
    let copy = staging.join("docker.env");
    std::fs::write(&copy, bytes).map_err(io("cannot stage the archived env file"))?;
    let entries = read_env_file(&copy).map_err(|err| BackupError::Damaged(err.to_string()))?;
    let changes: Vec<(String, Option<String>)> = entries
        .into_iter()
        .filter(|(key, _)| {
            key.strip_prefix(PREFIX)
                .is_some_and(|short| !is_secret(short))
        })
        .map(|(key, value)| (key, Some(value)))
        .collect();
    env_file::rewrite(&env_file_path(config), &changes)?;
    Ok(changes.len())
}

#[cfg(test)]
mod tests {
    use super::version_tuple;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_tuple("0.10.0") > version_tuple("0.9.9"));
        assert!(version_tuple("1.0.0-beta") == version_tuple("1.0.0"));
        assert!(version_tuple("garbage") == (0, 0, 0));
    }
}
