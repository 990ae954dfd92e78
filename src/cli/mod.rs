//! The command line: `claimls [lsp|--stdio]`, `claimls check`, `claimls rules`.

mod check;
mod rules_doc;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

pub use check::check;
pub use rules_doc::rules_markdown;

#[derive(Parser, Debug)]
#[command(
    name = "claimls",
    version,
    about = "Language server and checker for medical claim drafts (.claim files)",
    long_about = "Language server and checker for medical claim drafts (.claim files).\n\nWith no command (or `lsp`, or `--stdio`) it speaks the Language Server Protocol on stdin/stdout."
)]
pub struct Args {
    /// Speak LSP over stdin/stdout (the default when no command is given).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the language server over stdin/stdout.
    Lsp {
        /// Accepted for clients that always pass it.
        #[arg(long)]
        stdio: bool,
    },
    /// Check claim files and print their diagnostics.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Configuration file (default: the nearest claimls.toml above each file).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Files to check; a directory means every *.claim file below it
        /// (symbolic links followed); `-` reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print the rule reference (docs/rules.md is generated from this).
    Rules,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    match args.command {
        None | Some(Command::Lsp { .. }) => crate::lsp::serve_stdio(),
        Some(Command::Check {
            format,
            config,
            paths,
        }) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let code = check(
                &paths,
                config.as_deref(),
                format,
                &mut stdout.lock(),
                &mut stderr.lock(),
            );
            ExitCode::from(code)
        }
        Some(Command::Rules) => {
            print!("{}", rules_markdown());
            ExitCode::SUCCESS
        }
    }
}
