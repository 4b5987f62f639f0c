//! `tessera backup`: writes one archive into the backups folder, then applies retention.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::{BackupError, FILE_PREFIX, FORMAT, Line, Manifest, crypto, io};
use crate::config::layers::is_secret;
use crate::config::{Config, Secret, env_file};
use crate::store::{COLLECTIONS, Query, Store};

/// Records fetched per page while exporting, to bound memory per round trip.
const PAGE: u64 = 500;

pub struct BackupOptions {
    /// Where archives go; usually `<stacks>/backups`.
    pub dir: PathBuf,
    pub passphrase: Option<Secret>,
    /// How many archives to keep in `dir` (oldest deleted first); 0 keeps all.
    pub keep: usize,
}

/// Writes a backup and returns its path.
pub async fn create(
    config: &Config,
    store: &dyn Store,
    options: &BackupOptions,
) -> Result<PathBuf, BackupError> {
    std::fs::create_dir_all(&options.dir)
        .map_err(io(format!("cannot create {}", options.dir.display())))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&options.dir)
        .map_err(io(format!("cannot write in {}", options.dir.display())))?;
    let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
    tar.follow_symlinks(false);

    let mut metadata = BTreeMap::new();
    let mut counts = BTreeMap::new();
    for collection in COLLECTIONS {
        let lines = export(store, collection).await?;
        counts.insert((*collection).to_owned(), lines.1);
        metadata.insert(*collection, lines.0);
    }
    let manifest = Manifest {
        format: FORMAT,
        tessera_version: env!("CARGO_PKG_VERSION").to_owned(),
        store_kind: store.kind().to_owned(),
        created_at: chrono::Utc::now(),
        collections: counts,
    };
    let manifest = serde_json::to_vec_pretty(&manifest)
        .map_err(|err| BackupError::Damaged(err.to_string()))?;
    append(&mut tar, "manifest.json", &manifest)?;
    for (collection, bytes) in &metadata {
        append(&mut tar, &format!("metadata/{collection}.jsonl"), bytes)?;
    }
    if let Some(env) = env_file_without_secrets(&env_file_path(config))? {
        append(&mut tar, "configuration/docker.env", env.as_bytes())?;
    }
    let git = config.stacks_dir.join("git-storage");
    if git.is_dir() {
        tar.append_dir_all("git-storage", &git)
            .map_err(io(format!("cannot read {}", git.display())))?;
    }
    let gz = tar
        .into_inner()
        .and_then(GzEncoder::finish)
        .map_err(io("cannot compress the archive"))?;
    let (bytes, extension) = match &options.passphrase {
        Some(passphrase) => (crypto::seal(&gz, passphrase)?, "tar.gz.enc"),
        None => (gz, "tar.gz"),
    };
    tmp.write_all(&bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io("cannot write the archive"))?;
    let name = format!(
        "{FILE_PREFIX}{}.{extension}",
        chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f")
    );
    let path = options.dir.join(name);
    tmp.persist(&path)
        .map_err(|err| io("cannot save the archive")(err.error))?;
    prune(&options.dir, options.keep)?;
    Ok(path)
}

/// The env file the instance reads, or where the container keeps it.
pub(super) fn env_file_path(config: &Config) -> PathBuf {
    config
        .layers
        .env_file
        .clone()
        .unwrap_or_else(|| config.stacks_dir.join("configuration").join("docker.env"))
}

async fn export(store: &dyn Store, collection: &str) -> Result<(Vec<u8>, u64), BackupError> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .find(collection, &Query::all().limit(PAGE).offset(offset))
            .await?;
        for record in &page {
            serde_json::to_writer(&mut out, &Line::from(record))
                .map_err(|err| BackupError::Damaged(err.to_string()))?;
            out.push(b'\n');
        }
        offset += page.len() as u64;
        if (page.len() as u64) < PAGE {
            return Ok((out, offset));
        }
    }
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    bytes: &[u8],
) -> Result<(), BackupError> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default());
    header.set_cksum();
    tar.append_data(&mut header, path, bytes)
        .map_err(io(format!("cannot add {path} to the archive")))
}

/// The env file with every secret line left out (keys, passwords, URLs with credentials).
fn env_file_without_secrets(path: &Path) -> Result<Option<String>, BackupError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(io(format!("cannot read {}", path.display()))(err)),
    };
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            env_file::assigned_key(line).is_none_or(|key| {
                !is_secret(key.strip_prefix(crate::config::keys::PREFIX).unwrap_or(key))
            })
        })
        .collect();
    Ok(Some(kept.join("\n") + "\n"))
}

/// Deletes the oldest archives beyond `keep`. Names sort by time, so by name it is.
fn prune(dir: &Path, keep: usize) -> Result<(), BackupError> {
    if keep == 0 {
        return Ok(());
    }
    let mut archives: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(format!("cannot list {}", dir.display())))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with(FILE_PREFIX)
                        && (name.ends_with(".tar.gz") || name.ends_with(".tar.gz.enc"))
                })
        })
        .collect();
    archives.sort();
    let excess = archives.len().saturating_sub(keep);
    for old in &archives[..excess] {
        std::fs::remove_file(old).map_err(io(format!("cannot delete {}", old.display())))?;
    }
    Ok(())
}
