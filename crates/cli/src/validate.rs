//! `healthdash validate` (being written).
use std::path::Path;
use std::process::ExitCode;
pub fn run(_dir: &Path) -> Result<ExitCode, String> {
    Err("validate: not yet implemented".into())
}
