//! Secrets at rest: licence keys and the deliverable text of emails that carry a link are kept
//! encrypted with AES-256-GCM under a data key that never lives in the database.
//!
//! The key comes from `PB_DATA_KEY` (64 hex digits) or from a key file (`PB_DATA_KEY_FILE`,
//! default `data.key` beside the SQLite file) that the first start creates with mode 0600.
//! Every sealed value names the key that sealed it (`v1.<key id>.<nonce+ciphertext>`), so a key
//! can be rotated: put the new key in place, keep the old one in `PB_DATA_KEY_PREVIOUS`, run
//! `partner-benefits rotate-data-key`, then drop the old key (README, "Secrets at rest").
//!
//! Each value is bound to where it belongs (the associated data, e.g. `product_key:17`), so a
//! sealed value copied into another row does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use sha2::{Digest, Sha256};
use std::path::Path;

const PREFIX: &str = "v1";

/// One data key and its short public id (the first bytes of its SHA-256).
#[derive(Clone)]
struct DataKey {
    id: String,
    cipher: Aes256Gcm,
}

impl DataKey {
    fn new(bytes: &[u8; 32]) -> DataKey {
        DataKey {
            id: super::hex(&Sha256::digest(bytes)[..4]),
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(bytes)),
        }
    }
}

/// Seals and opens values with the current key; opens values sealed by a previous one.
#[derive(Clone)]
pub struct Sealer {
    current: DataKey,
    previous: Vec<DataKey>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SealError {
    /// Not a sealed value, or sealed by a key this server does not have, or tampered with.
    CannotOpen,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a sealed value could not be opened (wrong data key or damaged value)")
    }
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself.
        write!(f, "Sealer(key {})", self.current.id)
    }
}

impl Sealer {
    pub fn new(current: [u8; 32], previous: &[[u8; 32]]) -> Sealer {
        Sealer {
            current: DataKey::new(&current),
            previous: previous.iter().map(DataKey::new).collect(),
        }
    }

    /// The id of the key new values are sealed with.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    pub fn seal(&self, plaintext: &str, bound_to: &str) -> String {
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).expect("the OS random source is available");
        let sealed = self
            .current
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .expect("AES-GCM encrypts any message under 64 GiB");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}.{}.{}", self.current.id, super::hex(&out))
    }

    pub fn open(&self, sealed: &str, bound_to: &str) -> Result<String, SealError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(PREFIX), Some(id), Some(data)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SealError::CannotOpen);
        };
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == id)
            .ok_or(SealError::CannotOpen)?;
        let bytes = unhex(data).ok_or(SealError::CannotOpen)?;
        if bytes.len() < 12 + 16 {
            return Err(SealError::CannotOpen);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = key
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| SealError::CannotOpen)?;
        String::from_utf8(plain).map_err(|_| SealError::CannotOpen)
    }

    /// Whether `value` is sealed with the current key (rotation re-seals the others).
    pub fn is_current(&self, value: &str) -> bool {
        value
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| rest.starts_with(&format!("{}.", self.current.id)))
    }

    /// Whether `value` looks sealed at all (a value stored before encryption existed does not).
    pub fn is_sealed(value: &str) -> bool {
        value.starts_with("v1.")
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// 64 hex digits as a key.
pub fn parse_key(text: &str) -> Option<[u8; 32]> {
    let bytes = unhex(text.trim())?;
    bytes.try_into().ok()
}

/// Reads the key file, or creates it with a fresh random key, readable by the owner only.
/// The flag says it was created now (the caller refuses a new key for a database that already
/// holds sealed values: they would never open again).
pub fn load_or_create_key_file(path: &Path) -> Result<([u8; 32], bool), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::read_to_string(path) {
        Ok(text) => {
            refuse_wide_permissions(path)?;
            parse_key(&text)
                .map(|k| (k, false))
                .ok_or_else(|| format!("{}: expected 64 hex digits", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let mut key = [0u8; 32];
            getrandom::getrandom(&mut key).map_err(|e| e.to_string())?;
            // create_new: two servers starting at once cannot both write a different key.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
            {
                Ok(mut file) => {
                    file.write_all(format!("{}\n", super::hex(&key)).as_bytes())
                        .and_then(|_| file.sync_all())
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    tracing::info!(path = %path.display(), "created a new data key file (mode 0600); back it up with the database");
                    Ok((key, true))
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    load_or_create_key_file(path)
                }
                Err(e) => Err(format!("{}: {e}", path.display())),
            }
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// A key file others on the machine may read (or write) is refused rather than used: the key
/// opens every licence key in the database. The message says how to fix it.
fn refuse_wide_permissions(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{path}: the data key file may be read by others (mode {mode:04o}); only its owner may: run `chmod 600 {path}`",
            path = path.display()
        ));
    }
    Ok(())
}

/// SHA-256 of a bearer secret (a session cookie, an invitation token, a throttle key), hex:
/// what the database keeps instead of the secret itself.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    super::hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer::new([7u8; 32], &[])
    }

    #[test]
    fn a_sealed_value_opens_only_where_it_belongs() {
        let s = sealer();
        let sealed = s.seal("ABCDE-12345", "product_key:1");
        assert!(!sealed.contains("ABCDE"));
        assert!(Sealer::is_sealed(&sealed));
        assert_eq!(s.open(&sealed, "product_key:1").unwrap(), "ABCDE-12345");
        assert_eq!(
            s.open(&sealed, "product_key:2"),
            Err(SealError::CannotOpen),
            "copied into another row, it does not open"
        );
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert_eq!(
            s.open(&tampered, "product_key:1"),
            Err(SealError::CannotOpen)
        );
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let s = sealer();
        assert_ne!(s.seal("x", "a"), s.seal("x", "a"));
    }

    #[test]
    fn after_rotation_old_values_open_and_are_recognised_as_old() {
        let old = Sealer::new([1u8; 32], &[]);
        let sealed = old.seal("secret", "b");
        let rotated = Sealer::new([2u8; 32], &[[1u8; 32]]);
        assert!(!rotated.is_current(&sealed));
        assert_eq!(rotated.open(&sealed, "b").unwrap(), "secret");
        assert!(rotated.is_current(&rotated.seal("secret", "b")));
        let without_old = Sealer::new([2u8; 32], &[]);
        assert_eq!(without_old.open(&sealed, "b"), Err(SealError::CannotOpen));
    }

    #[test]
    fn the_key_file_is_created_once_with_owner_only_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/data.key");
        let (first, created) = load_or_create_key_file(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(load_or_create_key_file(&path).unwrap(), (first, false));
        assert_eq!(parse_key(&"ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(parse_key("abc"), None);
    }
}
