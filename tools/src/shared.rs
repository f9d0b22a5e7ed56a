//! Where the shared evaluation material is: `../shared` beside the repository
//! (read-only; never copied into it). Every test and bench that needs it asks
//! [`dir`], so that a missing folder is a failure under `CI=true` and a loud
//! skip otherwise.

use std::path::{Path, PathBuf};

/// `../shared` beside the repository, when it is there. Panics when it is
/// missing and the environment has `CI=true`; otherwise prints a warning and
/// returns `None`, so that a local run without it skips what needs it.
pub fn dir() -> Option<PathBuf> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    locate(&repository().join("../shared"), ci)
}

/// The repository root (the workspace this package belongs to).
pub fn repository() -> PathBuf {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR"));
    tools.parent().unwrap_or(tools).to_path_buf()
}

fn locate(dir: &Path, ci: bool) -> Option<PathBuf> {
    if dir.join("corpus").is_dir() {
        return Some(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()));
    }
    if ci {
        panic!(
            "{} is missing beside the repository (required when CI=true)",
            dir.display()
        );
    }
    eprintln!(
        "warning: {} is missing; skipping what needs it",
        dir.display()
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_a_corpus_is_found() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("corpus")).unwrap();
        assert_eq!(
            locate(t.path(), true),
            Some(t.path().canonicalize().unwrap())
        );
    }

    #[test]
    fn a_missing_folder_is_skipped_locally() {
        let t = tempfile::tempdir().unwrap();
        assert_eq!(locate(&t.path().join("shared"), false), None);
    }

    #[test]
    #[should_panic(expected = "required when CI=true")]
    fn a_missing_folder_fails_under_ci() {
        let t = tempfile::tempdir().unwrap();
        locate(&t.path().join("shared"), true);
    }
}
