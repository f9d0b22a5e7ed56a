//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root (the workspace; these tests belong to `cli/`).
pub fn root() -> PathBuf {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    cli.parent().expect("cli/ has a parent").to_path_buf()
}

/// `../shared` beside the repository. Panics when it is missing and CI=true;
/// otherwise returns None so local runs without it skip loudly. Every test
/// that reads `../shared` gets it here (benches too, through the same
/// `polsearch_tools::shared::dir`).
pub fn shared() -> Option<PathBuf> {
    polsearch_tools::shared::dir()
}

/// The polsearch binary as a command, run in `dir`.
pub fn polsearch(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("polsearch").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A command whose output a test can take: assert_cmd's and std's.
pub trait Runs: std::fmt::Debug {
    /// Runs the command to its end and collects its output.
    fn output_of(&mut self) -> std::io::Result<Output>;
}

impl Runs for Command {
    fn output_of(&mut self) -> std::io::Result<Output> {
        self.output()
    }
}

impl Runs for std::process::Command {
    fn output_of(&mut self) -> std::io::Result<Output> {
        self.output()
    }
}

/// Runs `cmd`, fails the test with the command and its stderr unless it
/// exits with success, and returns its output.
pub fn run_ok(cmd: &mut impl Runs) -> Output {
    let out = cmd.output_of().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A temporary folder that is removed on drop.
pub struct TestDir {
    /// The temp dir guard.
    pub dir: tempfile::TempDir,
}

impl TestDir {
    /// A new empty folder.
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `rel` (creating folders) and returns the full path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Runs `polsearch` with `args` in this folder and parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = polsearch(self.path()).args(args).output().unwrap();
        assert!(
            out.status.code().unwrap_or(9) <= 1,
            "polsearch {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}"))
    }
}
