//! Encryption of secrets at rest (datasource passwords, tokens) with AES-256-GCM under
//! the instance key. The key is derived once at start from the configured encryption
//! password and salt with argon2id.

use aes_gcm::aead::{Aead, Generate, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use argon2::Argon2;
use base64::Engine;

use crate::config::Secret;

const PREFIX: &str = "enc:v1:";

#[derive(Clone)]
pub struct Cipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the encryption key could not be derived: {0}")]
    Key(String),
    #[error(
        "a stored secret cannot be decrypted with this instance's key (was the encryption password changed?)"
    )]
    Decrypt,
}

impl Cipher {
    pub fn derive(password: &Secret, salt: &Secret) -> Result<Self, CryptoError> {
        let mut key = [0u8; 32];
        Argon2::default()
            .hash_password_into(
                password.expose().as_bytes(),
                salt.expose().as_bytes(),
                &mut key,
            )
            .map_err(|err| CryptoError::Key(err.to_string()))?;
        let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::from(key));
        Ok(Self { cipher })
    }

    /// `enc:v1:` + base64(nonce ‖ ciphertext).
    pub fn encrypt(&self, plaintext: &str) -> String {
        let nonce = Nonce::generate();
        // Encryption only fails for messages beyond AES-GCM's size limit (64 GiB).
        let sealed = self
            .cipher
            .encrypt(&nonce, plaintext.as_bytes())
            .unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    pub fn decrypt(&self, sealed: &str) -> Result<String, CryptoError> {
        let encoded = sealed.strip_prefix(PREFIX).ok_or(CryptoError::Decrypt)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| CryptoError::Decrypt)?;
        if bytes.len() < 12 {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::Decrypt)?;
        let plain = self
            .cipher
            .decrypt(&nonce, ciphertext)
            .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Decrypt)
    }

    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(password: &str) -> Cipher {
        Cipher::derive(
            &Secret::new(password),
            &Secret::new("a-salt-of-some-length"),
        )
        .expect("key")
    }

    #[test]
    fn round_trips_and_refuses_other_keys() {
        let sealed = cipher("one").encrypt("hunter2 ✓");
        assert!(Cipher::is_sealed(&sealed) && !sealed.contains("hunter2"));
        assert_eq!(
            cipher("one").decrypt(&sealed).expect("decrypts"),
            "hunter2 ✓"
        );
        assert!(
            cipher("two").decrypt(&sealed).is_err(),
            "another key cannot read it"
        );
        assert_ne!(
            cipher("one").encrypt("x"),
            cipher("one").encrypt("x"),
            "fresh nonce each time"
        );
    }
}
