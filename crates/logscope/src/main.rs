//! `logscope`: the terminal side of logscope. It shares its signing and parsing with the
//! dashboard, so a URL made here is the URL the dashboard would make.
//!
//! Bad input gets one line on stderr that names the problem, and exit code 2.

mod demo;
mod doctor;
mod index;
mod presign;
mod publish;
mod stats;
mod trust;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "logscope",
    version,
    about = "See LLM interaction logs kept in S3-compatible storage"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a presigned URL (SigV4, query string) for an object or a listing.
    #[command(subcommand)]
    Presign(Box<presign::PresignCommand>),
    /// Run the dashboard against a local S3 server seeded with sample logs (Ctrl-C stops).
    Demo(demo::DemoArgs),
    /// Totals of the session logs under a prefix: sessions, calls, tokens, cost.
    Stats(stats::StatsArgs),
    /// Why can't I see my logs? Checks the site (--site), endpoint, CORS, keys, clock, bucket
    /// and prefix.
    Doctor(doctor::DoctorArgs),
    /// Upload the built dashboard (dist/) to a bucket for static hosting.
    Publish(publish::PublishArgs),
    /// Keep the bucket's summary index up to date: read what no part covers, write it as a
    /// new part, so that a new browser reads a few parts instead of every object.
    Index(index::IndexArgs),
}

impl Command {
    /// Whether it talks to storage over the network, and so needs to know what to trust.
    fn makes_requests(&self) -> bool {
        matches!(
            self,
            Command::Stats(_) | Command::Doctor(_) | Command::Publish(_) | Command::Index(_)
        )
    }
}

/// A problem with what the user asked for: one line, exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => return usage_error(&first_line(&error.to_string())),
    };
    if cli.command.makes_requests() {
        if let Err(UsageError(message)) = trust::init() {
            return usage_error(&message);
        }
    }
    let result = match cli.command {
        Command::Presign(command) => presign::run(*command),
        Command::Demo(args) => demo::run(args),
        Command::Stats(args) => stats::run(args),
        // Prints its steps as they run, and its own exit code.
        Command::Doctor(args) => return doctor::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Index(args) => index::run(args),
    };
    match result {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(UsageError(message)) => usage_error(&message),
    }
}

/// Clap's message up to its usage block, folded into one line.
fn first_line(clap_message: &str) -> String {
    let folded: Vec<&str> = clap_message
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let line = folded.join(" ");
    line.strip_prefix("error: ").unwrap_or(&line).to_owned()
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("logscope: {message}");
    ExitCode::from(2)
}
