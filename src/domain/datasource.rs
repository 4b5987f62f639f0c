//! Datasources: connection settings for a workspace's databases and APIs. Secret fields
//! are sealed with the instance key before they are stored, masked in every response,
//! and kept as they are when an update sends the mask back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Entity;
use crate::crypto::{Cipher, CryptoError};

/// What a secret looks like in responses.
pub const MASK: &str = "********";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Datasource {
    pub workspace_id: String,
    pub name: String,
    pub plugin_id: String,
    /// `{endpoints: [{host, port}], authentication: {username, password, databaseName},
    /// url, headers, connection: {ssl}}` with secrets sealed.
    #[serde(default)]
    pub datasource_configuration: Value,
    /// False for datasources imported without their secrets.
    #[serde(default = "yes")]
    pub is_configured: bool,
}

fn yes() -> bool {
    true
}

impl Entity for Datasource {
    const COLLECTION: &'static str = "datasources";
    const NAME: &'static str = "datasource";
}

/// Field names that hold secrets wherever they appear in a configuration.
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "token",
        "apikey",
        "api_key",
        "privatekey",
        "private_key",
        "passphrase",
        "keyfile",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// Header names whose values are credentials.
fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "authorization"
        || name == "cookie"
        || name.contains("api-key")
        || name.contains("token")
        || name.contains("secret")
}

/// Walks every secret string in a configuration, letting `f` replace it.
fn visit_secrets(
    value: &mut Value,
    f: &mut dyn FnMut(&mut Value) -> Result<(), CryptoError>,
) -> Result<(), CryptoError> {
    match value {
        Value::Object(map) => {
            let header_like = map
                .get("key")
                .and_then(Value::as_str)
                .is_some_and(is_secret_header);
            for (key, child) in map.iter_mut() {
                let secret = is_secret_key(key) || (header_like && key == "value");
                if secret && child.is_string() {
                    f(child)?;
                } else {
                    visit_secrets(child, f)?;
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                visit_secrets(item, f)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Seals the secrets of an incoming configuration. A masked value keeps what `previous`
/// had at the same place; an empty string clears the secret.
pub fn seal(
    incoming: &Value,
    previous: Option<&Value>,
    cipher: &Cipher,
) -> Result<Value, CryptoError> {
    let mut sealed = incoming.clone();
    let mut kept = Vec::new();
    if let Some(previous) = previous {
        let mut old = previous.clone();
        visit_secrets(&mut old, &mut |v| {
            kept.push(v.clone());
            Ok(())
        })?;
    }
    let mut index = 0;
    visit_secrets(&mut sealed, &mut |v| {
        let text = v.as_str().unwrap_or_default().to_owned();
        let position = index;
        index += 1;
        *v = if text == MASK {
            kept.get(position)
                .cloned()
                .unwrap_or(Value::String(String::new()))
        } else if text.is_empty() || Cipher::is_sealed(&text) && previous.is_some() {
            Value::String(text)
        } else {
            Value::String(cipher.encrypt(&text))
        };
        Ok(())
    })?;
    Ok(sealed)
}

/// The configuration as responses show it: every non-empty secret masked.
pub fn masked(config: &Value) -> Value {
    let mut shown = config.clone();
    let _ = visit_secrets(&mut shown, &mut |v| {
        if v.as_str().is_some_and(|s| !s.is_empty()) {
            *v = Value::String(MASK.to_owned());
        }
        Ok(())
    });
    shown
}

/// The configuration with secrets in clear text, for connecting. Never log the result.
pub fn revealed(config: &Value, cipher: &Cipher) -> Result<Value, CryptoError> {
    let mut clear = config.clone();
    visit_secrets(&mut clear, &mut |v| {
        if let Some(text) = v.as_str().filter(|s| Cipher::is_sealed(s)) {
            *v = Value::String(cipher.decrypt(text)?);
        }
        Ok(())
    })?;
    Ok(clear)
}

/// The configuration with every secret removed, for exports.
pub fn without_secrets(config: &Value) -> Value {
    let mut bare = config.clone();
    let _ = visit_secrets(&mut bare, &mut |v| {
        *v = Value::String(String::new());
        Ok(())
    });
    bare
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::config::Secret;

    fn cipher() -> Cipher {
        Cipher::derive(&Secret::new("pw"), &Secret::new("salt-salt-salt")).expect("key")
    }

    #[test]
    fn secrets_are_sealed_masked_and_kept_when_masked() {
        let cipher = cipher();
        let config = json!({
            "endpoints": [{"host": "db", "port": 5432}],
            "authentication": {"username": "app", "password": "hunter2", "databaseName": "crm"},
            "headers": [{"key": "Authorization", "value": "Bearer abc"}, {"key": "Accept", "value": "json"}]
        });
        let sealed = seal(&config, None, &cipher).expect("sealed");
        let text = sealed.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("Bearer abc"),
            "{text}"
        );
        assert!(
            text.contains("\"app\"") && text.contains("\"json\""),
            "non-secrets untouched"
        );
        let shown = masked(&sealed);
        assert_eq!(shown["authentication"]["password"], MASK);
        assert_eq!(shown["headers"][0]["value"], MASK);
        // The editor sends the mask back unchanged while editing the host.
        let mut edited = shown.clone();
        edited["endpoints"][0]["host"] = json!("db2");
        let resealed = seal(&edited, Some(&sealed), &cipher).expect("resealed");
        let clear = revealed(&resealed, &cipher).expect("revealed");
        assert_eq!(
            clear["authentication"]["password"], "hunter2",
            "masked secret kept"
        );
        assert_eq!(clear["headers"][0]["value"], "Bearer abc");
        assert_eq!(clear["endpoints"][0]["host"], "db2");
        assert_eq!(without_secrets(&sealed)["authentication"]["password"], "");
    }
}
