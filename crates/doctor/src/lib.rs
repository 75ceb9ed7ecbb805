//! "Why can't I see my logs?": the checks that `logscope doctor` and the dashboard's
//! diagnostics page run, in the same order, judged the same way and told in the same words,
//! in English and Simplified Chinese. Sans-IO: whoever runs the checks makes the requests
//! (the CLI over HTTP, the browser with `fetch`), signs them with [`requests`], and hands
//! what came back to [`judge`]; each [`Fact`] it returns belongs to one [`Step`], passes,
//! warns or fails, and has [`words`] with the exact fix.
//!
//! ```
//! use doctor::{judge, words, Lang, NoReply, Outcome, Step, Target};
//! let target = Target {
//!     endpoint: "http://127.0.0.1:1".into(),
//!     bucket: "logs".into(),
//!     region: "us-east-1".into(),
//!     prefix: "openai_logs/".into(),
//!     access_key: "AKIDEXAMPLE".into(),
//!     origin: "http://127.0.0.1:8080".into(),
//! };
//! let fact = judge::reach(Err(NoReply::Said("connection refused".into())));
//! assert_eq!((fact.step(), fact.outcome()), (Step::Reachable, Outcome::Fail));
//! let said = words(&fact, &target, Lang::En);
//! assert!(said.detail.contains("connection refused"));
//! ```
//!
//! The steps stop at the first failure: each one needs the ones before it to have passed
//! (nothing can be signed for a storage that does not answer, and so on).
//!
//! A terminal can also check the published dashboard itself ([`site`]) before the bucket:
//! the page a reader opens must open, and its origin is the one the storage's CORS must allow.
//! Judging that page, and its words, come with the feature `site`, which `logscope` turns on;
//! the dashboard, already open on its page, leaves them out of its wasm.

pub mod checkup;
pub mod clock;
mod fact;
pub mod judge;
mod lang;
pub mod requests;
pub mod site;
mod words;

pub use fact::{CorsSeen, Fact, NoReply, Top, Unlisted};
pub use lang::Lang;
pub use words::{words, xml_error, Line, Words};

/// One check, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// The published dashboard's page opens where a reader opens it (only when a site is
    /// given; see [`site`]).
    Site,
    /// Something answers at the endpoint.
    Reachable,
    /// The storage's CORS rules let the dashboard's origin read its answers.
    Cors,
    /// The access key is known and the secret matches it.
    Credentials,
    /// This computer's clock is close enough to the storage's for signatures to pass.
    Clock,
    /// The bucket exists.
    Bucket,
    /// There are objects under the prefix.
    Objects,
}

impl Step {
    /// Every step of a bucket's checks, in order: what the dashboard's diagnostics run.
    pub const ALL: [Step; 6] = [
        Step::Reachable,
        Step::Cors,
        Step::Credentials,
        Step::Clock,
        Step::Bucket,
        Step::Objects,
    ];

    /// A stable name for machines (`data-step` in the dashboard).
    pub fn id(self) -> &'static str {
        match self {
            Step::Site => "site",
            Step::Reachable => "reachable",
            Step::Cors => "cors",
            Step::Credentials => "credentials",
            Step::Clock => "clock",
            Step::Bucket => "bucket",
            Step::Objects => "objects",
        }
    }

    /// What the step checks, as a heading before it has run.
    pub fn name(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Step::Site => ("The site opens", "站点可以打开"),
            Step::Reachable => ("The endpoint answers", "服务地址可以访问"),
            Step::Cors => ("CORS allows this origin", "CORS 允许本站点的来源"),
            Step::Credentials => ("The keys are valid", "密钥有效"),
            Step::Clock => ("The clock is in sync", "时钟同步"),
            Step::Bucket => ("The bucket exists", "存储桶存在"),
            Step::Objects => ("The prefix has objects", "前缀下有对象"),
        };
        lang.pick(en, zh)
    }
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Not what stops the logs, but worth fixing; the checks go on.
    Warn,
    /// What stops the logs; the checks stop here.
    Fail,
}

impl Outcome {
    /// A stable name for machines (`data-outcome` in the dashboard).
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Warn => "warn",
            Outcome::Fail => "fail",
        }
    }

    /// The mark a terminal shows before the step.
    pub fn mark(self) -> char {
        match self {
            Outcome::Pass => '✓',
            Outcome::Warn => '!',
            Outcome::Fail => '✗',
        }
    }
}

/// Where the checks look, as the user gave it. There is no secret here: nothing the checks
/// say can hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `scheme://host[:port]`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// The prefix as a folder (`openai_logs/`), or empty for the whole bucket.
    pub prefix: String,
    pub access_key: String,
    /// The dashboard's origin (`scheme://host[:port]`): what CORS must allow.
    pub origin: String,
}
