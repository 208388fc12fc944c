//! `healthdash synth` (being written).
use clap::Args;
use std::process::ExitCode;
#[derive(Args)]
pub struct SynthArgs {}
pub fn run(_args: SynthArgs) -> Result<ExitCode, String> {
    Err("synth: not yet implemented".into())
}
