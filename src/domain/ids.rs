//! Typed ids and validated values: invalid data is refused at the edge and cannot
//! exist inside.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new() -> Self {
                Self(new_id())
            }

            /// Accepts ids made of letters, digits, `-` and `_`, at most 64 long.
            pub fn parse(raw: &str) -> Result<Self, ApiError> {
                if is_valid_id(raw) {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(ApiError::NotFound(format!(
                        "No {} with id {} exists.",
                        $what,
                        shorten(raw)
                    )))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(UserId, "user");
id_type!(WorkspaceId, "workspace");
id_type!(ApplicationId, "application");
id_type!(PageId, "page");
id_type!(ActionId, "query");
id_type!(ActionCollectionId, "JS object");
id_type!(DatasourceId, "datasource");

/// A new time-ordered id: 24 hex characters, the shape of the ids Appsmith exports.
pub fn new_id() -> String {
    let uuid = uuid::Uuid::now_v7();
    hex::encode(&uuid.as_bytes()[..12])
}

fn is_valid_id(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= 64
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn shorten(raw: &str) -> String {
    raw.chars().take(64).collect()
}

/// A normalised e-mail address (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !domain.starts_with('.')
            });
        if valid {
            Ok(Self(email))
        } else {
            Err(ApiError::invalid_at(
                "INVALID_EMAIL",
                "email",
                format!("`{}` is not a valid e-mail address.", shorten(raw)),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: trimmed, 1 to 100 characters.
pub fn parse_name(raw: &str, field: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::invalid_at(
            "INVALID_NAME",
            field,
            format!("The {field} must be 1 to 100 characters long."),
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").expect("valid").as_str(),
            "ada@example.com"
        );
        for bad in ["", "ada", "@x.com", "ada@", "a b@x.com", "a@b@c"] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn ids_refuse_strange_characters() {
        assert!(WorkspaceId::parse("65a1f0c2e4b0a1b2c3d4e5f6").is_ok());
        assert!(WorkspaceId::parse("../etc/passwd").is_err());
        assert!(WorkspaceId::parse("").is_err());
        assert_eq!(new_id().len(), 24);
    }
}
