//! Where the shared evaluation material is: `../shared` beside the repository
//! (read-only; never copied into it). Every test and bench that needs it asks
//! [`dir`], so that a missing folder is a failure under `CI=true` and a loud
//! skip otherwise.

use std::path::{Path, PathBuf};

/// `../shared` beside the repository, when it is there. Panics when it is
/// missing and the environment has `CI=true`; otherwise prints a warning and
/// returns `None`, so that a local run without it skips what needs it.
pub fn dir() -> Option<PathBuf> {
    let dir = repository().join("../shared");
    if dir.join("corpus").is_dir() {
        return Some(dir.canonicalize().unwrap_or(dir));
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "../shared is missing beside the repository at {} (required when CI=true)",
            repository().display()
        );
    }
    eprintln!("warning: ../shared is missing; skipping what needs it");
    None
}

/// The repository root (the workspace this package belongs to).
pub fn repository() -> PathBuf {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR"));
    tools.parent().unwrap_or(tools).to_path_buf()
}
