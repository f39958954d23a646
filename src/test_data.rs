//! Test-only access to the shared real-world data, which lives beside the project in
//! `../shared/data` (never at an absolute path).
//!
//! Tests that need it call [`shared_data`]. When the data is missing they are skipped with a
//! note on a developer's machine, but fail under CI (the environment variable `CI` is set), so
//! CI can never pass by running nothing.
//!
//! This one file serves the unit tests (`crate::test_data`) and the integration tests, which
//! include it with `#[path]` from `tests/integration/util.rs`.

use std::path::{Path, PathBuf};

/// The shared data directory: `../shared/data` relative to the crate root.
pub fn shared_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// Whether the tests run under CI: the environment variable `CI` is set (to anything non-empty).
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// `base/rel` if it exists; `Ok(None)` if it does not and `ci` is false (the caller skips);
/// an error naming the missing path if it does not and `ci` is true.
pub fn resolve(base: &Path, rel: &str, ci: bool) -> Result<Option<PathBuf>, String> {
    let path = base.join(rel);
    if path.exists() {
        Ok(Some(path))
    } else if ci {
        Err(format!(
            "shared test data missing: {} does not exist (CI is set, so this test may not be \
             skipped; put the shared data at {})",
            path.display(),
            base.display()
        ))
    } else {
        Ok(None)
    }
}

/// `../shared/data/rel` if present. When absent: `None` after a note on stderr (the caller
/// skips its real-data part), or a panic naming the missing path when `CI` is set.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    match resolve(&shared_root(), rel, under_ci()) {
        Ok(Some(path)) => Some(path),
        Ok(None) => {
            eprintln!(
                "note: {} absent; skipping the shared-data part of this test (it fails under CI)",
                shared_root().join(rel).display()
            );
            None
        }
        Err(message) => panic!("{message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_data_resolves_relative_to_the_project() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        for ci in [false, true] {
            assert_eq!(
                resolve(dir.path(), "corpus", ci),
                Ok(Some(dir.path().join("corpus")))
            );
        }
    }

    #[test]
    fn missing_data_skips_locally_and_fails_under_ci() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("no-shared-data");
        assert_eq!(resolve(&base, "corpus-zh-laws", false), Ok(None));
        let err = resolve(&base, "corpus-zh-laws", true).unwrap_err();
        let missing = base.join("corpus-zh-laws");
        assert!(err.contains(&missing.display().to_string()), "{err}");
        assert!(err.contains("CI"), "{err}");
    }
}
