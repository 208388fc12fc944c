//! File integrity: the manifest lists each data file's byte size and SHA-256 so
//! that a reader can reject a truncated, corrupt or swapped download before
//! decoding it.

use super::{BundleError, DataFile};
use sha2::{Digest, Sha256};

/// Lower-case hexadecimal SHA-256 (FIPS 180-4) of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        out.push(char::from_digit((b & 0xf) as u32, 16).unwrap_or('0'));
    }
    out
}

/// Checks `bytes` against the size and SHA-256 the manifest lists for `file`.
pub fn verify_file(file: &DataFile, bytes: &[u8]) -> Result<(), BundleError> {
    verify_listed(&file.path, file.bytes, &file.sha256, bytes)
}

/// Checks `bytes` against a listed size and SHA-256 (any file the manifest
/// lists: values, boundaries); errors name `path`.
pub(crate) fn verify_listed(path: &str, size: u64, sha256: &str, bytes: &[u8]) -> Result<(), BundleError> {
    check_size(path, size, bytes)?;
    check_digest(path, sha256, sha256_hex(bytes))
}

/// Like [`verify_file`], with the SHA-256 of `bytes` already computed by the
/// caller (`digest`, hexadecimal): the browser's own SHA-256 (Web Crypto)
/// runs off the page's thread, several times faster than this crate's.
pub fn verify_file_digest(file: &DataFile, bytes: &[u8], digest: &str) -> Result<(), BundleError> {
    check_size(&file.path, file.bytes, bytes)?;
    check_digest(&file.path, &file.sha256, digest.to_ascii_lowercase())
}

fn check_size(path: &str, size: u64, bytes: &[u8]) -> Result<(), BundleError> {
    if bytes.len() as u64 != size {
        return Err(BundleError::SizeMismatch { file: path.to_string(), expected: size, actual: bytes.len() as u64 });
    }
    Ok(())
}

fn check_digest(path: &str, listed: &str, actual: String) -> Result<(), BundleError> {
    if !actual.eq_ignore_ascii_case(listed) {
        return Err(BundleError::ChecksumMismatch { file: path.to_string(), expected: listed.to_string(), actual });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file listed as the 3 bytes "abc".
    fn abc_file() -> DataFile {
        DataFile {
            path: "values/x.parquet".into(),
            bytes: 3,
            sha256: sha256_hex(b"abc"),
            indicators: vec![],
            org_types: Vec::new(),
            breakdown_rows: None,
            rows: 0,
        }
    }

    #[test]
    fn sha256_of_abc_matches_fips_180_example() {
        // FIPS 180-2, Appendix B.1: SHA-256("abc").
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn verify_names_the_file_on_size_and_hash_mismatch() {
        let f = abc_file();
        assert!(verify_file(&f, b"abc").is_ok());
        let e = verify_file(&f, b"ab").unwrap_err();
        assert!(e.to_string().contains("values/x.parquet") && e.to_string().contains("3 bytes"));
        let e = verify_file(&f, b"abd").unwrap_err();
        assert!(matches!(e, BundleError::ChecksumMismatch { .. }));
    }

    /// A digest the caller computed is held to the same rules: the size first,
    /// then the listed SHA-256 (in either case of hexadecimal).
    #[test]
    fn a_digest_computed_elsewhere_is_checked_against_the_listed_one() {
        let f = abc_file();
        assert!(verify_file_digest(&f, b"abc", &sha256_hex(b"abc").to_uppercase()).is_ok());
        let e = verify_file_digest(&f, b"abcd", &sha256_hex(b"abcd")).unwrap_err();
        assert!(matches!(e, BundleError::SizeMismatch { expected: 3, actual: 4, .. }), "{e}");
        let e = verify_file_digest(&f, b"abd", &sha256_hex(b"abd")).unwrap_err();
        assert!(e.to_string().contains("values/x.parquet"), "{e}");
        assert!(matches!(e, BundleError::ChecksumMismatch { .. }));
    }
}
