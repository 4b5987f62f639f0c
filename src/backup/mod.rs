//! Backup and restore of a whole instance: the metadata in a store-independent form
//! (every collection as JSON lines, so a backup of one store kind restores into
//! another), the git storage, and the env file without its secrets. An archive is a
//! tar.gz, optionally sealed with a passphrase.
//!
//! Datasource secrets stay encrypted with the instance's key inside the metadata; the
//! key itself (TESSERA_ENCRYPTION_PASSWORD and _SALT) is deliberately not in the archive,
//! so it must be kept separately for those secrets to be readable after a restore.

mod create;
mod crypto;
mod restore;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::env_file::EnvFileError;
use crate::store::{Record, StoreError};

pub use create::{BackupOptions, create};
pub use restore::{RestoreOptions, RestoreReport, restore};

/// The archive layout version this build writes and reads.
pub const FORMAT: u32 = 1;
/// Names of archives in the backups folder; retention only ever deletes these.
pub const FILE_PREFIX: &str = "tessera-backup-";

/// `manifest.json`, the first entry of every archive.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub tessera_version: String,
    /// The store kind the backup was taken from (informational: any kind restores).
    pub store_kind: String,
    pub created_at: DateTime<Utc>,
    /// Records per collection, checked again on restore.
    pub collections: BTreeMap<String, u64>,
}

/// One record as a line of `metadata/<collection>.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    id: String,
    version: i64,
    created_at: i64,
    updated_at: i64,
    data: Value,
}

impl From<&Record> for Line {
    fn from(record: &Record) -> Self {
        Line {
            id: record.id.clone(),
            version: record.version,
            created_at: record.created_at.timestamp_millis(),
            updated_at: record.updated_at.timestamp_millis(),
            data: record.data.clone(),
        }
    }
}

impl From<Line> for Record {
    fn from(line: Line) -> Self {
        Record {
            id: line.id,
            version: line.version,
            data: line.data,
            created_at: crate::store::millis_to_time(line.created_at),
            updated_at: crate::store::millis_to_time(line.updated_at),
        }
    }
}

/// What can go wrong, phrased for the person running `tessera backup` or `restore`.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the metadata store failed: {0}")]
    Store(#[from] StoreError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("{0} is not a Tessera backup archive")]
    NotAnArchive(String),
    #[error("the archive is damaged: {0}")]
    Damaged(String),
    #[error(
        "the archive is encrypted: give its passphrase with --passphrase-file or TESSERA_BACKUP_PASSPHRASE"
    )]
    PassphraseNeeded,
    #[error("the passphrase is wrong, or the archive was damaged")]
    Decrypt,
    #[error(
        "the archive was made by Tessera {archive}, which is newer than this Tessera {ours}; restore it with that version, or pass --force"
    )]
    Newer { archive: String, ours: String },
    #[error(transparent)]
    EnvFile(#[from] EnvFileError),
}

pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
    let context = context.into();
    move |source| BackupError::Io { context, source }
}
