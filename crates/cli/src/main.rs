//! `healthdash`: publish, validate and query indicator bundles from the command
//! line. Glue around `healthdash-core`: parsing and statistics live there, so the
//! CLI and the web app always give the same answers.

mod boundaries;
mod build;
mod catalogue;
mod index;
mod query;
mod synth;
mod validate;
mod write;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "healthdash", version, about = "Publish, validate and query healthdash indicator bundles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a bundle from published CSV files (Fingertips export, generic long CSV, NHS England A&E).
    Build(build::BuildArgs),
    /// Check a bundle: schema, checksums, codes, limits, duplicates, periods.
    Validate {
        /// The bundle folder (holding manifest.json).
        dir: PathBuf,
    },
    /// Write a deterministic synthetic bundle (demonstration data and benchmarks).
    Synth(synth::SynthArgs),
    /// Print every figure of the view a URL query string shows, as JSON (or its table as CSV).
    Query(query::QueryArgs),
    /// Write the manifest of a bundle whose values another engine wrote (DuckDB, Spark, …), then validate it.
    Index(index::IndexArgs),
    /// Write the site's catalogue.json (the landing page's list of bundles) from bundle folders.
    Catalogue(catalogue::CatalogueArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Validate { dir } => validate::run(&dir),
        Command::Synth(args) => synth::run(args),
        Command::Query(args) => query::run(args),
        Command::Catalogue(args) => catalogue::run(args),
        Command::Index(args) => index::run(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("healthdash: {message}");
            ExitCode::from(2)
        }
    }
}
