//! The applicant's secret for a case: random, shown once, stored as an Argon2id hash.

use crate::{DbError, DbResult};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

/// Letters and digits without look-alikes (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new secret of 12 characters in three groups, e.g. `k7mq-4tzp-9hwe` (about 59 bits).
pub fn new_secret() -> String {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).expect("the operating system provides randomness");
    let chars: Vec<char> = b
        .iter()
        .map(|x| ALPHABET[usize::from(*x) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Hashes a secret with Argon2id, off the async threads.
pub async fn hash_secret(secret: String) -> DbResult<String> {
    hash(normalize(&secret)).await
}

/// Checks a secret against a stored hash (see [`verify`]).
pub async fn verify_secret(secret: String, stored: Option<String>) -> bool {
    verify(normalize(&secret), stored).await
}

/// Argon2id hash of `plain`, computed off the async threads (it takes tens of milliseconds).
/// Staff passwords and applicants' secrets both use it.
pub async fn hash(plain: String) -> DbResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(plain.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| DbError::Conflict(format!("hash: {e}")))
    })
    .await
    .map_err(|e| DbError::Conflict(e.to_string()))?
}

/// Checks `plain` against a stored Argon2id hash. A missing hash is checked against a fixed one,
/// so that an unknown user name or tracking number takes as long to refuse as a wrong password.
pub async fn verify(plain: String, stored: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let known = stored.is_some();
    let ok = tokio::task::spawn_blocking(move || {
        let phc = stored.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    Argon2::default()
                        .hash_password(new_secret().as_bytes())
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        PasswordHash::new(&phc)
            .map(|h| {
                Argon2::default()
                    .verify_password(plain.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    known && ok
}

/// Applicants may type the secret without dashes, with spaces or in capitals.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_secret_verifies_in_any_typing_and_nothing_else_does() {
        let s = new_secret();
        assert_eq!(s.len(), 14);
        let h = hash_secret(s.clone()).await.unwrap();
        assert!(verify_secret(s.to_uppercase().replace('-', " "), Some(h.clone())).await);
        assert!(!verify_secret("abcd-efgh-jkmn".into(), Some(h)).await);
        assert!(!verify_secret(s, None).await);
    }
}
