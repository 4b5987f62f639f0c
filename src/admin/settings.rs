//! The settings behind the admin page: what it shows (secrets masked, and which keys the
//! process environment fixes) and the rules for changing them. A change is checked by
//! building the whole configuration it would produce, so the page can never save a
//! value that would stop the server at its next start.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::keys::{KEYS, PREFIX};
use crate::config::layers::read_env_file;
use crate::config::{Config, Layers, Origin, env_file};
use crate::error::ApiError;

/// What a secret's value is replaced with; sending it back means "unchanged".
pub const MASK: &str = "********";

/// Keys whose new value the running backend picks up without a restart.
pub const LIVE: &[&str] = &["ADMIN_EMAILS", "SIGNUP_DISABLED"];

/// Keys that cannot be changed from the page at all, with the reason.
const NOT_EDITABLE: &[(&str, &str)] = &[
    (
        "ENCRYPTION_PASSWORD",
        "changing it would make every stored secret unreadable",
    ),
    (
        "ENCRYPTION_SALT",
        "changing it would make every stored secret unreadable",
    ),
];

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    /// The variable's full name, e.g. `TESSERA_MAX_BODY_MB`.
    pub key: String,
    /// The effective value; secrets show as `********` when set; `null` when unset.
    pub value: Option<String>,
    pub secret: bool,
    /// `default`, `envFile` or `environment`.
    pub origin: &'static str,
    /// Set by the process environment, so the page cannot change it.
    pub fixed_by_environment: bool,
    pub editable: bool,
    /// `live` or `restart`.
    pub applies: &'static str,
    /// Saved, but the running backend still uses the value it started with.
    pub pending_restart: bool,
    pub help: &'static str,
}

/// The layers as they are now: the start-up snapshot with the env file read again, so
/// the page shows what was saved even before a restart.
pub fn current_layers(startup: &Layers) -> Result<Layers, ApiError> {
    let mut layers = startup.clone();
    let Some(path) = &startup.env_file else {
        return Ok(layers);
    };
    // A hand-edited file can be malformed; the message names the line to fix.
    let entries = read_env_file(path).map_err(|err| ApiError::Conflict(format!("{err}.")))?;
    for key in KEYS {
        if layers.origin(key.name) == Some(Origin::Environment) {
            continue;
        }
        let full = format!("{PREFIX}{}", key.name);
        match entries.iter().rev().find(|(name, _)| *name == full) {
            Some((_, value)) => layers.set(key.name, value, Origin::EnvFile),
            None => layers.set(key.name, key.default.unwrap_or_default(), Origin::Default),
        }
    }
    Ok(layers)
}

/// Every known key as the page shows it; `running` is what the backend started with.
pub fn view(layers: &Layers, running: &Layers) -> Vec<SettingView> {
    KEYS.iter()
        .map(|key| {
            let origin = layers.origin(key.name);
            let fixed = origin == Some(Origin::Environment);
            let value = layers.get(key.name).map(|value| {
                if key.secret {
                    MASK.to_owned()
                } else {
                    value.to_owned()
                }
            });
            SettingView {
                key: format!("{PREFIX}{}", key.name),
                value,
                secret: key.secret,
                origin: match origin {
                    Some(Origin::Environment) => "environment",
                    Some(Origin::EnvFile) => "envFile",
                    Some(Origin::Default) | None => "default",
                },
                fixed_by_environment: fixed,
                editable: !fixed && !NOT_EDITABLE.iter().any(|(name, _)| *name == key.name),
                applies: if LIVE.contains(&key.name) {
                    "live"
                } else {
                    "restart"
                },
                pending_restart: !LIVE.contains(&key.name)
                    && layers.get(key.name) != running.get(key.name),
                help: key.help,
            }
        })
        .collect()
}

/// A checked change: what to write to the env file, and the configuration it gives.
pub struct Plan {
    pub writes: Vec<(String, Option<String>)>,
    pub config: Config,
    /// Whether any changed key needs a restart to apply.
    pub needs_restart: bool,
}

/// Checks a change. `changes` maps keys (with or without the `TESSERA_` prefix) to a new
/// value, or to `null` to remove the key from the env file (its default applies again).
pub fn plan(layers: &Layers, changes: &BTreeMap<String, Option<String>>) -> Result<Plan, ApiError> {
    let mut next = layers.clone();
    let mut writes = Vec::new();
    let mut needs_restart = false;
    for (raw, value) in changes {
        let name = raw.strip_prefix(PREFIX).unwrap_or(raw);
        let Some(key) = crate::config::keys::find(name) else {
            return Err(ApiError::invalid_at(
                "UNKNOWN_SETTING",
                raw.clone(),
                format!("{raw} is not a Tessera setting."),
            ));
        };
        if key.secret && value.as_deref() == Some(MASK) {
            continue;
        }
        if layers.origin(name) == Some(Origin::Environment) {
            return Err(ApiError::invalid_at(
                "SETTING_FIXED_BY_ENVIRONMENT",
                raw.clone(),
                format!(
                    "{PREFIX}{name} is set by the server's environment (for example `docker run -e`), \
                     which overrides the settings file. Change it there and restart the container."
                ),
            ));
        }
        if let Some((_, why)) = NOT_EDITABLE.iter().find(|(locked, _)| *locked == name) {
            return Err(ApiError::invalid_at(
                "SETTING_NOT_EDITABLE",
                raw.clone(),
                format!("{PREFIX}{name} cannot be changed here: {why}."),
            ));
        }
        let full = format!("{PREFIX}{name}");
        if let Some(value) = value {
            env_file::quote(&full, value).map_err(|err| {
                ApiError::invalid_at("INVALID_SETTING", raw.clone(), err.to_string())
            })?;
        }
        validate_extra(name, value.as_deref())
            .map_err(|reason| ApiError::invalid_at("INVALID_SETTING", raw.clone(), reason))?;
        match value {
            Some(value) => next.set(name, value, Origin::EnvFile),
            None => next.set(name, key.default.unwrap_or_default(), Origin::Default),
        }
        needs_restart |= !LIVE.contains(&name);
        writes.push((full, value.clone()));
    }
    let config = Config::from_layers(next).map_err(|err| {
        ApiError::bad_request("INVALID_SETTING", format!("{err}. Nothing was saved."))
    })?;
    Ok(Plan {
        writes,
        config,
        needs_restart,
    })
}

/// Checks for keys the typed config does not parse itself.
fn validate_extra(name: &str, value: Option<&str>) -> Result<(), String> {
    match (name, value) {
        // It lands in an nginx header; entrypoint.sh refuses the same characters.
        ("FRAME_ANCESTORS", Some(value))
            if value.is_empty()
                || !value.chars().all(|c| {
                    c.is_ascii_alphanumeric() || " :/.*'_-".contains(c)
                }) =>
        {
            Err("TESSERA_FRAME_ANCESTORS must be CSP sources such as 'self' https://intranet.example.com".into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layers(pairs: &[(&str, &str)]) -> Layers {
        let env = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Layers::gather(&env).expect("layers")
    }

    fn change(key: &str, value: &str) -> BTreeMap<String, Option<String>> {
        [(key.to_owned(), Some(value.to_owned()))]
            .into_iter()
            .collect()
    }

    #[test]
    fn secrets_are_masked_and_environment_keys_marked() {
        let base = layers(&[
            ("TESSERA_DB_URL", "postgres://u:hunter2@db/x"),
            ("TESSERA_PORT", "9000"),
        ]);
        let shown = view(&base, &base);
        let db = shown
            .iter()
            .find(|s| s.key == "TESSERA_DB_URL")
            .expect("db");
        assert_eq!(db.value.as_deref(), Some(MASK));
        assert!(db.fixed_by_environment && !db.editable);
        let text = serde_json::to_string(&shown).expect("json");
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn environment_fixed_key_is_refused_with_a_sentence() {
        let err = plan(
            &layers(&[("TESSERA_MAX_BODY_MB", "5")]),
            &change("TESSERA_MAX_BODY_MB", "20"),
        )
        .err()
        .expect("refused");
        assert_eq!(err.code(), "SETTING_FIXED_BY_ENVIRONMENT");
        assert!(err.to_string().contains("environment"), "{err}");
    }

    #[test]
    fn invalid_and_unknown_values_are_refused() {
        let base = layers(&[]);
        let bad = plan(&base, &change("MAX_BODY_MB", "lots"))
            .err()
            .expect("refused");
        assert!(bad.to_string().contains("TESSERA_MAX_BODY_MB"), "{bad}");
        let unknown = plan(&base, &change("TESSERA_NOPE", "1"))
            .err()
            .expect("refused");
        assert_eq!(unknown.code(), "UNKNOWN_SETTING");
        let header = plan(&base, &change("FRAME_ANCESTORS", "x\"; evil"))
            .err()
            .expect("refused");
        assert_eq!(header.code(), "INVALID_SETTING");
    }

    #[test]
    fn a_good_change_plans_the_write_and_the_new_config() {
        let planned = plan(&layers(&[]), &change("TESSERA_MAX_BODY_MB", "20")).expect("accepted");
        assert_eq!(planned.config.max_body_bytes, 20 * 1024 * 1024);
        assert_eq!(
            planned.writes,
            vec![("TESSERA_MAX_BODY_MB".to_owned(), Some("20".to_owned()))]
        );
        assert!(planned.needs_restart);
    }
}
