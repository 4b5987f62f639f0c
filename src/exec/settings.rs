//! The engine's instance-wide settings, read from the layered configuration
//! (`TESSERA_EXEC_*`), so the admin settings page edits them like any other key.

use crate::config::{ConfigError, Layers};

use super::guard::AddressPolicy;

#[derive(Debug, Clone)]
pub struct ExecSettings {
    /// Largest response a query may return; larger ones are refused, not cut.
    pub max_response_bytes: usize,
    /// Connections kept per datasource.
    pub pool_size: usize,
    pub max_redirects: usize,
    pub address_policy: AddressPolicy,
}

impl Default for ExecSettings {
    fn default() -> Self {
        ExecSettings {
            max_response_bytes: 10 * 1024 * 1024,
            pool_size: 5,
            max_redirects: 5,
            address_policy: AddressPolicy::default(),
        }
    }
}

impl ExecSettings {
    pub fn from_layers(layers: &Layers) -> Result<Self, ConfigError> {
        let number = |key: &'static str, min: usize, max: usize| -> Result<usize, ConfigError> {
            let raw = layers.get(key).unwrap_or("0");
            raw.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| ConfigError::Invalid {
                    key,
                    reason: format!("`{raw}` is not a number between {min} and {max}"),
                })
        };
        let address_policy = AddressPolicy::parse(
            layers.get("EXEC_DENIED_ADDRESSES").unwrap_or_default(),
            layers.get("EXEC_ALLOWED_ADDRESSES").unwrap_or_default(),
        )
        .map_err(|reason| ConfigError::Invalid {
            key: "EXEC_DENIED_ADDRESSES",
            reason,
        })?;
        Ok(ExecSettings {
            max_response_bytes: number("EXEC_MAX_RESPONSE_MB", 1, 4096)? * 1024 * 1024,
            pool_size: number("EXEC_POOL_SIZE", 1, 100)?,
            max_redirects: number("EXEC_MAX_REDIRECTS", 0, 20)?,
            address_policy,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn layers(pairs: &[(&str, &str)]) -> Layers {
        let env: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (format!("TESSERA_{k}"), (*v).to_owned()))
            .collect();
        Layers::gather(&env).expect("layers")
    }

    #[test]
    fn defaults_and_admin_lists_are_read_from_configuration() {
        let settings = ExecSettings::from_layers(&layers(&[])).expect("defaults are valid");
        assert_eq!(settings.max_response_bytes, 10 * 1024 * 1024);
        assert_eq!(settings.pool_size, 5);
        let settings = ExecSettings::from_layers(&layers(&[
            ("EXEC_DENIED_ADDRESSES", "127.0.0.3"),
            ("EXEC_MAX_RESPONSE_MB", "1"),
        ]))
        .expect("valid");
        assert!(
            !settings
                .address_policy
                .permits("127.0.0.3".parse().expect("ip"))
        );
        assert_eq!(settings.max_response_bytes, 1024 * 1024);
        let err = ExecSettings::from_layers(&layers(&[("EXEC_DENIED_ADDRESSES", "nope")]))
            .expect_err("invalid list");
        assert!(err.to_string().contains("EXEC_DENIED_ADDRESSES"), "{err}");
    }
}
