//! The instance's encryption secrets: taken from configuration when given, otherwise
//! generated on first start and kept in `<stacks>/configuration/encryption.env`.
//! They are never regenerated: losing them would make every stored secret unreadable.

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::RngCore;

use super::layers::read_env_file;
use super::{Config, ConfigError, Secret};

const PASSWORD: &str = "TESSERA_ENCRYPTION_PASSWORD";
const SALT: &str = "TESSERA_ENCRYPTION_SALT";

pub fn path(stacks: &Path) -> PathBuf {
    stacks.join("configuration").join("encryption.env")
}

/// Fills in missing encryption secrets from the stacks folder, creating them once.
pub fn ensure(config: &mut Config) -> Result<(), ConfigError> {
    if config.encryption_password.is_some() && config.encryption_salt.is_some() {
        return Ok(());
    }
    let file = path(&config.stacks_dir);
    let stacks_error = |reason: String| ConfigError::Stacks {
        path: config.stacks_dir.display().to_string(),
        reason,
    };
    let mut stored = read_env_file(&file)?;
    let lookup = |entries: &[(String, String)], name: &str| {
        entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    if lookup(&stored, PASSWORD).is_none() || lookup(&stored, SALT).is_none() {
        for name in [PASSWORD, SALT] {
            if lookup(&stored, name).is_none() {
                stored.push((name.to_owned(), random_hex(32)));
            }
        }
        write_private(&file, &stored).map_err(|err| stacks_error(err.to_string()))?;
    }
    if config.encryption_password.is_none() {
        config.encryption_password = lookup(&stored, PASSWORD).map(Secret::new);
    }
    if config.encryption_salt.is_none() {
        config.encryption_salt = lookup(&stored, SALT).map(Secret::new);
    }
    Ok(())
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

fn write_private(file: &Path, entries: &[(String, String)]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("env.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(&tmp)?;
    writeln!(
        out,
        "# Generated once by Tessera. Keep it: stored secrets cannot be read without it."
    )?;
    for (key, value) in entries {
        writeln!(out, "{key}={value}")?;
    }
    out.sync_all()?;
    std::fs::rename(tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_generated_once_and_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = [(
            "TESSERA_STACKS_DIR".to_owned(),
            dir.path().display().to_string(),
        )]
        .into_iter()
        .collect();
        let mut first = Config::from_map(&env).expect("config");
        ensure(&mut first).expect("generated");
        let mut second = Config::from_map(&env).expect("config");
        ensure(&mut second).expect("read back");
        let password = first.encryption_password.expect("password");
        assert_eq!(password.expose().len(), 64);
        assert_eq!(Some(password), second.encryption_password);
        assert_eq!(first.encryption_salt, second.encryption_salt);
    }
}
