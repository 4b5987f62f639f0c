//! The one typed configuration: built from layered raw values (see `layers`), checked
//! once at start-up so that bad values stop the process with a sentence naming the key.

pub mod env_file;
pub mod keys;
pub mod layers;
mod secret;
pub mod secrets_file;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use layers::{Layers, Origin};
pub use secret::{Secret, SecretUrl};

/// A configuration problem, phrased for the person starting Tessera.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("TESSERA_{key} is invalid: {reason}")]
    Invalid { key: &'static str, reason: String },
    #[error("the env file {path} cannot be read: {reason}")]
    EnvFile { path: String, reason: String },
    #[error("the stacks folder {path} cannot be used: {reason}")]
    Stacks { path: String, reason: String },
}

/// Which metadata store to use, chosen by the scheme of `TESSERA_DB_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Sqlite(PathBuf),
    Postgres(SecretUrl),
    MongoDb(SecretUrl),
}

impl DbUrl {
    pub fn kind(&self) -> &'static str {
        match self {
            DbUrl::Sqlite(_) => "sqlite",
            DbUrl::Postgres(_) => "postgres",
            DbUrl::MongoDb(_) => "mongodb",
        }
    }

    /// Parses a store URL; `stacks` gives the default SQLite location.
    pub fn parse(raw: Option<&str>, stacks: &std::path::Path) -> Result<Self, ConfigError> {
        let invalid = |reason: String| ConfigError::Invalid {
            key: "DB_URL",
            reason,
        };
        let Some(raw) = raw else {
            return Ok(DbUrl::Sqlite(stacks.join("data").join("tessera.db")));
        };
        let scheme = raw.split_once("://").map(|(scheme, _)| scheme);
        match scheme {
            Some("sqlite") => {
                let path = raw.trim_start_matches("sqlite://");
                if path.is_empty() {
                    return Err(invalid(
                        "sqlite:// needs a file path, e.g. sqlite://./tessera.db".into(),
                    ));
                }
                Ok(DbUrl::Sqlite(PathBuf::from(path)))
            }
            Some("postgres" | "postgresql") => SecretUrl::parse(raw)
                .map(DbUrl::Postgres)
                .map_err(|err| invalid(format!("not a valid URL ({err})"))),
            Some("mongodb" | "mongodb+srv") => SecretUrl::parse(raw)
                .map(DbUrl::MongoDb)
                .map_err(|err| invalid(format!("not a valid URL ({err})"))),
            Some(other) => Err(invalid(format!(
                "unknown scheme `{other}://`; use sqlite://, postgres:// or mongodb://"
            ))),
            None => Err(invalid(
                "expected a URL such as sqlite://…, postgres://… or mongodb://…".into(),
            )),
        }
    }
}

impl std::fmt::Display for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DbUrl::Postgres(url) | DbUrl::MongoDb(url) => write!(f, "{url}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the backend needs to start. Passed in, never global.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub db_url: DbUrl,
    pub redis_url: Option<SecretUrl>,
    pub stacks_dir: PathBuf,
    pub static_dir: PathBuf,
    /// Filled from the stacks folder at start-up when not configured; see `secrets_file`.
    pub encryption_password: Option<Secret>,
    pub encryption_salt: Option<Secret>,
    pub admin_emails: Vec<String>,
    pub signup_disabled: bool,
    pub log_format: LogFormat,
    pub max_body_bytes: usize,
    pub shutdown_timeout_secs: u64,
    pub login_max_failures: u32,
    pub login_window_secs: u64,
    /// Limits and address rules for running queries.
    pub exec: crate::exec::ExecSettings,
    pub layers: Layers,
}

impl Config {
    /// Reads the layered configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::from_map(&env)
    }

    /// Reads the layered configuration from the given environment map.
    pub fn from_map(env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        Self::from_layers(Layers::gather(env)?)
    }

    pub fn from_layers(layers: Layers) -> Result<Self, ConfigError> {
        let stacks_dir = PathBuf::from(layers.get("STACKS_DIR").unwrap_or("./tessera-data"));
        let redis_url = layers
            .get("REDIS_URL")
            .map(|raw| {
                if !raw.starts_with("redis://") && !raw.starts_with("rediss://") {
                    return Err(ConfigError::Invalid {
                        key: "REDIS_URL",
                        reason: "expected redis://host:port or rediss://…".into(),
                    });
                }
                SecretUrl::parse(raw).map_err(|err| ConfigError::Invalid {
                    key: "REDIS_URL",
                    reason: format!("not a valid URL ({err})"),
                })
            })
            .transpose()?;
        let max_body_mb: u64 = parse_number(&layers, "MAX_BODY_MB")?;
        if max_body_mb == 0 || max_body_mb > 1024 {
            return Err(ConfigError::Invalid {
                key: "MAX_BODY_MB",
                reason: "must be between 1 and 1024".into(),
            });
        }
        Ok(Config {
            host: layers.get("HOST").unwrap_or("127.0.0.1").to_owned(),
            port: parse_number(&layers, "PORT")?,
            db_url: DbUrl::parse(layers.get("DB_URL"), &stacks_dir)?,
            redis_url,
            static_dir: PathBuf::from(layers.get("STATIC_DIR").unwrap_or("static/dist")),
            encryption_password: layers.get("ENCRYPTION_PASSWORD").map(Secret::new),
            encryption_salt: layers.get("ENCRYPTION_SALT").map(Secret::new),
            admin_emails: layers
                .get("ADMIN_EMAILS")
                .unwrap_or_default()
                .split(',')
                .map(|email| email.trim().to_lowercase())
                .filter(|email| !email.is_empty())
                .collect(),
            signup_disabled: parse_bool(&layers, "SIGNUP_DISABLED")?,
            log_format: match layers.get("LOG_FORMAT").unwrap_or("text") {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => {
                    return Err(ConfigError::Invalid {
                        key: "LOG_FORMAT",
                        reason: format!("`{other}` is neither text nor json"),
                    });
                }
            },
            max_body_bytes: usize::try_from(max_body_mb * 1024 * 1024).unwrap_or(usize::MAX),
            shutdown_timeout_secs: parse_number(&layers, "SHUTDOWN_TIMEOUT_SECS")?,
            login_max_failures: parse_number(&layers, "LOGIN_MAX_FAILURES")?,
            login_window_secs: parse_number(&layers, "LOGIN_WINDOW_SECS")?,
            exec: crate::exec::ExecSettings::from_layers(&layers)?,
            stacks_dir,
            layers,
        })
    }
}

fn parse_number<T: std::str::FromStr>(
    layers: &Layers,
    key: &'static str,
) -> Result<T, ConfigError> {
    let raw = layers.get(key).unwrap_or("0");
    raw.trim().parse().map_err(|_| ConfigError::Invalid {
        key,
        reason: format!("`{raw}` is not a valid number"),
    })
}

fn parse_bool(layers: &Layers, key: &'static str) -> Result<bool, ConfigError> {
    match layers
        .get(key)
        .unwrap_or("false")
        .trim()
        .to_lowercase()
        .as_str()
    {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(ConfigError::Invalid {
            key,
            reason: format!("`{other}` is not true or false"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_map(&env)
    }

    #[test]
    fn defaults_need_no_configuration() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.port, 8080);
        assert_eq!(
            config.db_url,
            DbUrl::Sqlite(PathBuf::from("./tessera-data/data/tessera.db"))
        );
        assert_eq!(config.max_body_bytes, 10 * 1024 * 1024);
        assert!(config.redis_url.is_none());
    }

    #[test]
    fn unknown_db_scheme_names_the_key() {
        let err = config(&[("TESSERA_DB_URL", "mysql://localhost/db")]).expect_err("refused");
        let message = err.to_string();
        assert!(message.starts_with("TESSERA_DB_URL"), "{message}");
        assert!(message.contains("mysql://"), "{message}");
    }

    #[test]
    fn bad_numbers_and_flags_name_the_key() {
        let err = config(&[("TESSERA_PORT", "eighty")]).expect_err("refused");
        assert!(err.to_string().contains("TESSERA_PORT"));
        let err = config(&[("TESSERA_SIGNUP_DISABLED", "maybe")]).expect_err("refused");
        assert!(err.to_string().contains("TESSERA_SIGNUP_DISABLED"));
    }

    #[test]
    fn debug_output_hides_passwords() {
        let config = config(&[
            ("TESSERA_DB_URL", "postgres://app:s3cret-pw@db/tessera"),
            ("TESSERA_ENCRYPTION_PASSWORD", "another-s3cret"),
        ])
        .expect("valid");
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cret"), "secret in Debug output: {shown}");
    }
}
