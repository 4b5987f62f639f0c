//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on the
//! blocking pool rather than stalling a request worker.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 256;

/// Refuses passwords that are too short or absurdly long (hashing cost is bounded).
pub fn check_policy(password: &str, field: &str) -> Result<(), ApiError> {
    let length = password.chars().count();
    if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
        return Err(ApiError::invalid_at(
            "WEAK_PASSWORD",
            field,
            format!("The password must be {MIN_LENGTH} to {MAX_LENGTH} characters long."),
        ));
    }
    Ok(())
}

pub async fn hash(password: &str) -> Result<String, ApiError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|err| ApiError::Internal(anyhow::anyhow!("password hashing failed: {err}")))
    })
    .await
    .map_err(|err| ApiError::Internal(err.into()))?
}

pub async fn verify(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash("correct horse battery").await.expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify("correct horse battery", &hash).await);
        assert!(!verify("wrong horse battery", &hash).await);
        assert!(!verify("anything", "not a hash").await);
    }

    #[test]
    fn policy_refuses_short_passwords() {
        assert!(check_policy("short", "password").is_err());
        assert!(check_policy("long enough", "password").is_ok());
    }
}
