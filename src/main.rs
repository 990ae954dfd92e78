use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = claimls::cli::Args::parse();
    claimls::cli::run(args)
}
