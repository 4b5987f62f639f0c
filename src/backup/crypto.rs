//! Sealing an archive with a passphrase: AES-256-GCM under a key stretched from the
//! passphrase with Argon2id. The header (magic and salt) is authenticated too, so any
//! change to the file is detected, not only changes to the ciphertext.
//!
//! The whole archive is held in memory while sealing or opening; instance backups are
//! metadata plus git repositories, which fit comfortably.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use super::BackupError;
use crate::config::Secret;

const MAGIC: &[u8; 8] = b"TSRBAK01";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;

pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

fn cipher(passphrase: &Secret, salt: &[u8]) -> Result<Aes256Gcm, BackupError> {
    let mut key = [0u8; 32];
    argon2::Argon2::default()
        .hash_password_into(passphrase.expose().as_bytes(), salt, &mut key)
        .map_err(|_| BackupError::Decrypt)?;
    Aes256Gcm::new_from_slice(&key).map_err(|_| BackupError::Decrypt)
}

pub fn seal(plain: &[u8], passphrase: &Secret) -> Result<Vec<u8>, BackupError> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let mut out = Vec::with_capacity(plain.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&salt);
    let sealed = cipher(passphrase, &salt)?
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: plain,
                aad: &out,
            },
        )
        .map_err(|_| BackupError::Decrypt)?;
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

pub fn open(bytes: &[u8], passphrase: &Secret) -> Result<Vec<u8>, BackupError> {
    let header = MAGIC.len() + SALT_LEN;
    if !is_sealed(bytes) || bytes.len() < header + NONCE_LEN {
        return Err(BackupError::Decrypt);
    }
    let (aad, rest) = bytes.split_at(header);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| BackupError::Decrypt)?;
    cipher(passphrase, &aad[MAGIC.len()..])?
        .decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad })
        .map_err(|_| BackupError::Decrypt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_opens_only_with_the_passphrase_and_unchanged() {
        let secret = Secret::new("correct horse");
        let mut sealed = seal(b"archive bytes", &secret).expect("sealed");
        assert_eq!(
            open(&sealed, &secret).expect("opens"),
            b"archive bytes".to_vec()
        );
        assert!(open(&sealed, &Secret::new("wrong")).is_err());
        sealed[MAGIC.len()] ^= 1;
        assert!(
            open(&sealed, &secret).is_err(),
            "a changed salt must be detected"
        );
    }
}
