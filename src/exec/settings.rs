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
