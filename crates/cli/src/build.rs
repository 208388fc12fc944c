//! `healthdash build`: placeholder module owned by the importers work (issue 3).
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct BuildArgs {}

pub fn run(_args: BuildArgs) -> Result<ExitCode, String> {
    Err("build: not yet implemented".into())
}
