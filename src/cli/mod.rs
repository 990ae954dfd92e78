//! The command line: `claimls [lsp|--stdio]`, `claimls check`, `claimls fmt`,
//! `claimls rules`, `claimls explain`, `claimls data`.

mod check;
mod data;
mod fmt;
mod inputs;
mod rules_doc;
mod sarif;

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
        /// Check as if today were this day (YYYY-MM-DD): the timely filing
        /// limits and the dates in the future are measured from it.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        as_of: Option<claimls_core::values::Date>,
        /// Files to check; a directory means every *.claim file below it
        /// (symbolic links followed); `-` reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Format claim files in place (the editor's formatter); with --check,
    /// only report the files that would change (exit 1 if any).
    Fmt {
        /// Report what would change, change nothing; exit 1 if anything would.
        #[arg(long)]
        check: bool,
        /// Files to format; a directory means every *.claim file below it;
        /// `-` formats standard input to standard output.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print the rule reference (docs/rules.md is generated from this).
    Rules,
    /// Print the editor settings the server reads, as VS Code
    /// configuration properties (JSON); the extension's are generated from it.
    SettingsSchema,
    /// List every table in use (built in, or loaded from claimls.toml) with
    /// its source, release, effective dates and number of rows.
    Data {
        /// Configuration file (default: the nearest claimls.toml above the
        /// current folder).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print one rule's documentation: what it checks, why payers care, an
    /// example and the fix.
    Explain {
        /// The rule id, as diagnostics show it (e.g. pctc-indicator).
        #[arg(value_name = "RULE-ID")]
        rule: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`, then a summary line.
    Text,
    /// An array of findings with their related places and fixes.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// `--as-of`: a calendar day written YYYY-MM-DD.
fn parse_day(text: &str) -> Result<claimls_core::values::Date, String> {
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match claimls_core::values::parse_date(text) {
        Ok(day) if shaped => Ok(day),
        Ok(_) => Err("write the day as YYYY-MM-DD, e.g. 2026-11-17".to_string()),
        Err(claimls_core::values::DateError::NoSuchDay) => {
            Err(format!("{text} is not a day of the calendar"))
        }
        Err(_) => Err("expected a day as YYYY-MM-DD, e.g. 2026-11-17".to_string()),
    }
}

pub fn run(args: Args) -> ExitCode {
    match args.command {
        None | Some(Command::Lsp { .. }) => claimls_lsp::serve_stdio(),
        Some(Command::Check {
            format,
            config,
            as_of,
            paths,
        }) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let code = check(
                &paths,
                config.as_deref(),
                as_of,
                format,
                &mut stdout.lock(),
                &mut stderr.lock(),
            );
            ExitCode::from(code)
        }
        Some(Command::Fmt { check, paths }) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            ExitCode::from(fmt::fmt(
                &paths,
                check,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(Command::Data { config, json }) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            ExitCode::from(data::data(
                config.as_deref(),
                json,
                &mut stdout.lock(),
                &mut stderr.lock(),
            ))
        }
        Some(Command::Rules) => {
            print!("{}", rules_markdown());
            ExitCode::SUCCESS
        }
        Some(Command::SettingsSchema) => {
            let schema = claimls_core::settings_schema::properties();
            println!("{}", serde_json::to_string_pretty(&schema).expect("JSON"));
            ExitCode::SUCCESS
        }
        Some(Command::Explain { rule }) => match rules_doc::explain(&rule) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("claimls: {why}");
                ExitCode::from(2)
            }
        },
    }
}
