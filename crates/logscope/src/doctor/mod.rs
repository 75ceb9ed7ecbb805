//! `logscope doctor`: "Why can't I see my logs?" from a terminal. It runs the checks of the
//! `doctor` crate, the same ones as the dashboard's diagnostics page, and prints each step as
//! it is known: ✓ passed, ! a warning, ✗ failed with the exact fix. It stops at the first
//! failure with exit code 2, and exits 0 when nothing failed.
//!
//! With `--site`, the published dashboard's page is checked first ([`site`]), and its origin
//! is the one the storage's CORS is checked for.
//!
//! [`checks`] makes the requests `doctor::checkup` asks for (over HTTP with ureq, as `stats`
//! does); this file takes the arguments and prints.

mod checks;
mod site;

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use doctor::site::Page;
use doctor::{words, Fact, Lang, Line, Outcome, Step, Target};
use s3_presign::UrlStyle;

use crate::presign::{BucketArgs, CredentialArgs};

/// The demo's dashboard.
const DEFAULT_ORIGIN: &str = "http://127.0.0.1:8080";

#[derive(Args)]
#[command(
    mut_arg("endpoint", |arg| arg.required(true)),
    mut_arg("bucket", |arg| arg.required(true))
)]
pub struct DoctorArgs {
    /// The folder the logs are under; a missing trailing `/` is added. Empty for the whole
    /// bucket.
    #[arg(long, default_value = "openai_logs/", allow_hyphen_values = true)]
    prefix: String,
    /// The published dashboard's address (a folder, or its index.html): checked first to
    /// open as a web page, and its origin is the one CORS must allow
    #[arg(long, value_name = "URL")]
    site: Option<String>,
    /// The dashboard's origin (scheme://host[:port]), which the storage's CORS rules must
    /// allow [default: the origin of --site, else http://127.0.0.1:8080]
    #[arg(long, allow_hyphen_values = true)]
    origin: Option<String>,
    /// The language of the report: en or zh [default: zh when LANG is a Chinese locale, else en]
    #[arg(long, value_parser = ["en", "zh"])]
    lang: Option<String>,
    #[command(flatten)]
    bucket: BucketArgs,
    #[command(flatten)]
    credentials: CredentialArgs,
}

impl DoctorArgs {
    fn lang(&self) -> Lang {
        let tag = match &self.lang {
            Some(tag) => tag.clone(),
            None => std::env::var("LANG").unwrap_or_default(),
        };
        Lang::from_tag(&tag).unwrap_or_default()
    }
}

/// Runs the checks and prints them; prints its own problems too, so it returns the exit code.
pub fn run(args: DoctorArgs) -> ExitCode {
    let lang = args.lang();
    let resolved = args
        .bucket
        .resolve(UrlStyle::Path)
        .and_then(|bucket| Ok((bucket, args.credentials.resolve()?)));
    let (bucket, credentials) = match resolved {
        Ok(both) => both,
        Err(crate::UsageError(message)) => return crate::usage_error(&message),
    };
    let site = match args.site.as_deref().map(Page::of).transpose() {
        Ok(site) => site,
        Err(problem) => {
            let given = args.site.as_deref().unwrap_or_default();
            return crate::usage_error(&format!("invalid --site {given:?}: {problem}"));
        }
    };
    let target = Target {
        endpoint: format!("{}://{}", bucket.scheme(), bucket.host()),
        bucket: bucket.name().to_owned(),
        region: bucket.region().to_owned(),
        prefix: s3_read::folder(&args.prefix),
        access_key: credentials.access_key().to_owned(),
        origin: args
            .origin
            .as_deref()
            .map_or(DEFAULT_ORIGIN, |origin| origin.trim_end_matches('/'))
            .to_owned(),
    };
    // The site first, as a reader meets it.
    let steps: Vec<Step> = site
        .as_ref()
        .map(|_| Step::Site)
        .into_iter()
        .chain(Step::ALL)
        .collect();
    let mut report = Report::new(target, steps, lang);
    report.heading(args.site.as_deref());

    if let Some(page) = &site {
        let head = site::head(page);
        if args.origin.is_none() {
            // A browser that was redirected runs the dashboard where it ended.
            let ended = head
                .as_ref()
                .ok()
                .and_then(|head| doctor::site::origin(&head.url).ok());
            report.target.origin = ended.unwrap_or_else(|| page.origin.clone());
        }
        let fact = doctor::site::judge(page, head);
        report.step(&fact);
        if fact.outcome() == Outcome::Fail {
            return report.end();
        }
    }
    let target = &report.target;
    let checks = checks::Checks::new(bucket, credentials, &target.prefix, &target.origin);
    checks.run(|fact| report.step(&fact));
    report.end()
}

/// What has been printed so far.
struct Report {
    target: Target,
    /// The steps this run may take, in order.
    steps: Vec<Step>,
    lang: Lang,
    done: usize,
    warnings: usize,
    failed: bool,
}

impl Report {
    fn new(target: Target, steps: Vec<Step>, lang: Lang) -> Self {
        Self {
            target,
            steps,
            lang,
            done: 0,
            warnings: 0,
            failed: false,
        }
    }

    /// What is checked; with a site, the origin is known only once the site has answered.
    fn heading(&self, site: Option<&str>) {
        let Target {
            endpoint,
            bucket,
            prefix,
            origin,
            ..
        } = &self.target;
        print_out(&match site {
            Some(site) => self.lang.pick(
                format!("Checking the site {site}, then s3://{bucket}/{prefix} at {endpoint}\n"),
                format!("正在检查站点 {site}，然后检查 {endpoint} 上的 s3://{bucket}/{prefix}\n"),
            ),
            None => self.lang.pick(
                format!(
                    "Checking s3://{bucket}/{prefix} at {endpoint} for a dashboard on {origin}\n"
                ),
                format!("正在检查 {endpoint} 上的 s3://{bucket}/{prefix}（仪表盘来源 {origin}）\n"),
            ),
        });
    }

    /// Prints one step.
    fn step(&mut self, fact: &Fact) {
        let outcome = fact.outcome();
        let said = words(fact, &self.target, self.lang);
        let number = self
            .steps
            .iter()
            .position(|step| *step == fact.step())
            .map_or(self.done + 1, |index| index + 1);
        let mut text = format!(
            "{} [{number}/{}] {}\n    {}\n",
            outcome.mark(),
            self.steps.len(),
            said.title,
            said.detail
        );
        if !said.fix.is_empty() {
            text.push_str(&format!("    {}\n", self.lang.pick("Fix:", "解决办法：")));
            for line in &said.fix {
                match line {
                    Line::Say(sentence) => text.push_str(&format!("      {sentence}\n")),
                    Line::Run(command) => text.push_str(&format!("      $ {command}\n")),
                }
            }
        }
        print_out(&text);
        self.done = number;
        match outcome {
            Outcome::Pass => {}
            Outcome::Warn => self.warnings += 1,
            Outcome::Fail => self.failed = true,
        }
    }

    fn end(self) -> ExitCode {
        let lang = self.lang;
        let mut text = String::new();
        for (index, step) in self.steps.iter().enumerate().skip(self.done) {
            text.push_str(&format!(
                "- [{}/{}] {}{}\n",
                index + 1,
                self.steps.len(),
                step.name(lang),
                lang.pick(" (not checked)", "（未检查）")
            ));
        }
        let (summary, code) = match (self.failed, self.warnings) {
            (true, _) => (
                lang.pick(
                    "Stopped at the first failure: fix it, then run logscope doctor again.",
                    "已在第一个失败处停止：请先解决它，再重新运行 logscope doctor。",
                )
                .to_owned(),
                ExitCode::from(2),
            ),
            (false, 0) => (
                lang.pick("All checks passed.", "全部检查通过。").to_owned(),
                ExitCode::SUCCESS,
            ),
            (false, n) => (
                lang.pick(
                    format!("All checks passed, with {n} warning(s)."),
                    format!("全部检查通过，有 {n} 条警告。"),
                ),
                ExitCode::SUCCESS,
            ),
        };
        text.push_str(&summary);
        text.push('\n');
        print_out(&text);
        code
    }
}

/// Writes to stdout at once, so each step shows while the next one runs.
fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
