//! Gathers raw configuration values in layers: built-in defaults, then the env file,
//! then `TESSERA_*` process variables, which win. Typing happens in `mod.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ConfigError;
use super::keys::{KEYS, PREFIX};

/// Where a value came from; the admin page needs to know which keys the process fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    EnvFile,
    Environment,
}

/// Raw values by key name (without the prefix), each with its origin.
#[derive(Clone, Default)]
pub struct Layers {
    pub env_file: Option<PathBuf>,
    values: BTreeMap<String, (String, Origin)>,
}

impl Layers {
    /// Builds the layers from a process environment (passed in so tests can vary it).
    pub fn gather(env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let mut layers = Layers::default();
        for key in KEYS {
            if let Some(default) = key.default {
                layers.set(key.name, default, Origin::Default);
            }
        }
        if let Some(path) = env.get("TESSERA_ENV_FILE").filter(|p| !p.is_empty()) {
            let path = PathBuf::from(path);
            for (name, value) in read_env_file(&path)? {
                if let Some(short) = name.strip_prefix(PREFIX) {
                    layers.set(short, &value, Origin::EnvFile);
                }
            }
            layers.env_file = Some(path);
        }
        for (name, value) in env {
            if let Some(short) = name.strip_prefix(PREFIX)
                && short != "ENV_FILE"
            {
                layers.set(short, value, Origin::Environment);
            }
        }
        Ok(layers)
    }

    pub fn set(&mut self, name: &str, value: &str, origin: Origin) {
        self.values
            .insert(name.to_owned(), (value.to_owned(), origin));
    }

    /// The value of a key, treating an empty string as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|(value, _)| value.as_str())
            .filter(|value| !value.is_empty())
    }

    pub fn origin(&self, name: &str) -> Option<Origin> {
        self.values.get(name).map(|(_, origin)| *origin)
    }
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, (value, origin)) in &self.values {
            let shown = if is_secret(name) {
                "***"
            } else {
                value.as_str()
            };
            map.entry(name, &(shown, origin));
        }
        map.finish()
    }
}

/// Known secret keys, and anything unknown that looks like one, are never shown.
pub fn is_secret(name: &str) -> bool {
    super::keys::find(name).map_or_else(
        || {
            ["PASSWORD", "SECRET", "TOKEN", "KEY", "SALT", "URL"]
                .iter()
                .any(|word| name.contains(word))
        },
        |key| key.secret,
    )
}

/// Reads `KEY=VALUE` lines (quotes, comments and `export` allowed). A line that cannot be
/// read is reported with its number, so the person editing the file can find it.
pub fn read_env_file(path: &Path) -> Result<Vec<(String, String)>, ConfigError> {
    let file_error = |reason: String| ConfigError::EnvFile {
        path: path.display().to_string(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(file_error(err.to_string())),
    };
    let mut entries = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok(pair) => entries.push(pair),
            Err(dotenvy::Error::LineParse(bad, _)) => {
                let first = bad.lines().next().unwrap_or_default();
                let number = text
                    .lines()
                    .position(|line| !first.is_empty() && line.contains(first))
                    .map_or_else(|| "?".to_owned(), |index| (index + 1).to_string());
                return Err(file_error(format!(
                    "line {number} is not KEY=VALUE: `{}`",
                    first.chars().take(60).collect::<String>()
                )));
            }
            Err(err) => return Err(file_error(err.to_string())),
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn environment_wins_over_file_which_wins_over_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("docker.env");
        std::fs::write(
            &file,
            "# comment\nTESSERA_PORT=9000\nTESSERA_LOG_FORMAT=\"json\"\n",
        )
        .expect("write env file");
        let layers = Layers::gather(&env(&[
            ("TESSERA_ENV_FILE", file.to_str().expect("utf-8 path")),
            ("TESSERA_PORT", "9100"),
        ]))
        .expect("layers");
        assert_eq!(layers.get("PORT"), Some("9100"));
        assert_eq!(layers.origin("PORT"), Some(Origin::Environment));
        assert_eq!(layers.get("LOG_FORMAT"), Some("json"));
        assert_eq!(layers.origin("LOG_FORMAT"), Some(Origin::EnvFile));
        assert_eq!(layers.get("MAX_BODY_MB"), Some("10"));
        assert_eq!(layers.origin("MAX_BODY_MB"), Some(Origin::Default));
    }

    #[test]
    fn malformed_line_is_named_by_number() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("docker.env");
        std::fs::write(&file, "TESSERA_PORT=9000\n\nthis line is wrong\n").expect("write");
        let err = read_env_file(&file).expect_err("malformed line must fail");
        let message = err.to_string();
        assert!(message.contains("line 3"), "{message}");
    }
}
