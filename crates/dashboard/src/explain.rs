//! A [`Problem`] in words a person can act on: what happened and what to do, with the exact
//! command where there is one. Pure, so every sentence is tested; `views/error.rs` only lays
//! it out. Claims stay within what the answer proves: a CORS explanation is only given when
//! the storage was seen to answer (the loader checks), and commands are the documented ones.

use crate::problem::{Place, Problem, Trouble};

/// What the error panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// A few words, e.g. `The secret key does not match`.
    pub title: String,
    /// What happened.
    pub summary: String,
    /// What to do, in order.
    pub steps: Vec<Step>,
    /// What was being done and what the server said, for whoever digs further.
    pub detail: String,
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A sentence.
    Say(String),
    /// A command to copy, shown as code.
    Run(String),
}

/// At most this many top-level prefixes are named.
const SHOWN_PREFIXES: usize = 20;

/// Explains `problem`.
pub fn explain(problem: &Problem) -> Explanation {
    let place = &problem.place;
    let (title, summary, steps) = match &problem.trouble {
        Trouble::S3 { code, status, .. } => s3(code, *status, place),
        Trouble::Cors => cors(place),
        Trouble::Network { reason } => network(reason, place),
        Trouble::Unreadable { reason } => (
            "That is not an S3 answer".to_owned(),
            format!(
                "{} answered with something an S3 API would not send ({reason}).",
                place.endpoint
            ),
            vec![say(
                "Use the storage's S3 API endpoint, not the address of its web console.",
            )],
        ),
        Trouble::EmptyPrefix { top } => empty_prefix(top, place),
    };
    let detail = match &problem.trouble {
        Trouble::S3 {
            status,
            code,
            message,
        } => {
            let answer = s3_presign::describe(*status, code);
            match message {
                Some(message) => format!("While {}: {answer}: {message}", problem.doing),
                None => format!("While {}: {answer}.", problem.doing),
            }
        }
        _ => format!("While {}.", problem.doing),
    };
    Explanation {
        title,
        summary,
        steps,
        detail,
    }
}

fn say(text: impl Into<String>) -> Step {
    Step::Say(text.into())
}

fn s3(code: &str, status: u16, place: &Place) -> (String, String, Vec<Step>) {
    let Place {
        endpoint,
        bucket,
        region,
        access_key,
        ..
    } = place;
    match code {
        "SignatureDoesNotMatch" => (
            "The secret key does not match".to_owned(),
            format!(
                "The storage refused the signature made with access key {access_key}: the \
                 secret access key is most likely wrong."
            ),
            vec![
                say(
                    "Enter the secret access key again, exactly as it was issued, with no \
                     spaces or line breaks.",
                ),
                say(
                    "If it is right, check that the endpoint is the storage's own S3 API \
                     address: a proxy that changes the host name also breaks signatures.",
                ),
            ],
        ),
        "InvalidAccessKeyId" => (
            "Unknown access key".to_owned(),
            format!("The storage at {endpoint} knows no access key {access_key}."),
            vec![
                say("Check the access key ID."),
                say("Check that the endpoint is the storage these keys were issued for."),
            ],
        ),
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => (
            "Access denied".to_owned(),
            format!("These credentials may not list or read bucket {bucket}."),
            vec![
                say(format!(
                    "The access key needs permission to list the bucket and read its \
                     objects: s3:ListBucket and s3:GetObject on {bucket} (on MinIO, the \
                     built-in readonly policy grants both)."
                )),
                say(
                    "If the permissions are right, check this computer's clock: when it is \
                     far off, signed requests look expired or not yet valid to the storage.",
                ),
            ],
        ),
        "NoSuchBucket" => (
            "No such bucket".to_owned(),
            format!("There is no bucket {bucket} at {endpoint}."),
            vec![
                say("Check the bucket name: it is case-sensitive."),
                say("Check the endpoint: it must be the storage that holds the bucket."),
            ],
        ),
        "RequestTimeTooSkewed" => (
            "This computer's clock is off".to_owned(),
            "The storage refused the request because this browser's clock is too far from \
             its own, and the storage's time could not be read to correct for it."
                .to_owned(),
            vec![say(
                "Set this computer's clock right (turn on automatic date and time), then \
                 connect again.",
            )],
        ),
        "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" => (
            "The session token is expired or wrong".to_owned(),
            "Temporary credentials come as three parts that expire together.".to_owned(),
            vec![say(
                "Get fresh temporary credentials and enter all three: access key ID, secret \
                 access key and session token.",
            )],
        ),
        "AuthorizationHeaderMalformed"
        | "AuthorizationQueryParametersError"
        | "PermanentRedirect"
        | "IllegalLocationConstraintException" => (
            "Wrong region?".to_owned(),
            format!("The storage did not accept region {region} in the signature."),
            vec![say(
                "Check the region. MinIO and Sealos object storage use us-east-1 unless \
                 their administrator set another.",
            )],
        ),
        "" => (
            format!("HTTP {status} without an S3 error"),
            format!("{endpoint} answered with status {status} but no S3 error document."),
            vec![say(
                "Check that the endpoint is the storage's S3 API address, not a web page or a \
                 proxy in front of it.",
            )],
        ),
        other => (
            format!("The storage refused the request ({other})"),
            format!("{endpoint} answered {other} (HTTP {status})."),
            vec![say("See what the storage said, below.")],
        ),
    }
}

fn cors(place: &Place) -> (String, String, Vec<Step>) {
    let Place {
        endpoint, origin, ..
    } = place;
    (
        "The browser blocked the storage's answer (CORS)".to_owned(),
        format!(
            "The storage at {endpoint} answered, but did not allow this page's origin, \
             {origin}, to read the answer, so the browser withheld it. The storage has to \
             allow that origin."
        ),
        vec![
            say(
                "MinIO: allowed origins are one server-wide setting, a comma-separated list \
                 whose default, *, allows every origin. As an administrator, with mc (keep \
                 any origins already listed, which mc admin config get ALIAS api shows):",
            ),
            Step::Run(format!(
                "mc admin config set ALIAS api cors_allow_origin=\"{origin}\""
            )),
            say("then, if mc says the server must restart:"),
            Step::Run("mc admin service restart ALIAS".to_owned()),
            say(format!(
                "The same setting can be given as the environment variable \
                 MINIO_API_CORS_ALLOW_ORIGIN={origin} when MinIO starts."
            )),
            say(format!(
                "Sealos object storage runs on MinIO operated by the Sealos cluster: ask the \
                 cluster's administrator to add {origin} to that MinIO's cors_allow_origin."
            )),
            say(format!(
                "Other S3 services: add a CORS rule to the bucket that allows GET from \
                 {origin}."
            )),
        ],
    )
}

fn network(reason: &str, place: &Place) -> (String, String, Vec<Step>) {
    let Place {
        endpoint, origin, ..
    } = place;
    let mut steps = vec![say(
        "Check the endpoint's address and port, and that the storage is up and reachable \
         from this computer (VPN, firewall).",
    )];
    if origin.starts_with("https://") && endpoint.starts_with("http://") {
        steps.push(say(
            "This page was loaded over https and the endpoint is plain http: browsers block \
             such requests. Use the storage's https endpoint.",
        ));
    }
    if endpoint.starts_with("https://") {
        steps.push(say(format!(
            "If the storage's certificate is not one this browser trusts, opening {endpoint} \
             in a new tab shows the certificate error."
        )));
    }
    (
        "Could not reach the storage".to_owned(),
        format!("The browser got no answer from {endpoint} ({reason})."),
        steps,
    )
}

fn empty_prefix(top: &Result<Vec<String>, String>, place: &Place) -> (String, String, Vec<Step>) {
    let under = if place.prefix.is_empty() {
        "no objects in this bucket".to_owned()
    } else {
        format!("no objects under {} in this bucket", place.prefix)
    };
    let summary = match top {
        Ok(top) if top.is_empty() => format!("{under}; it has no top-level prefixes either"),
        Ok(top) => {
            let mut named = top
                .iter()
                .take(SHOWN_PREFIXES)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if top.len() > SHOWN_PREFIXES {
                named.push_str(&format!(" and {} more", top.len() - SHOWN_PREFIXES));
            }
            format!("{under}; these top-level prefixes exist: {named}")
        }
        Err(reason) => format!("{under}; its top level could not be listed: {reason}"),
    };
    let title = if place.prefix.is_empty() {
        "The bucket is empty".to_owned()
    } else {
        format!("No logs under {}", place.prefix)
    };
    (
        title,
        summary,
        vec![say(
            "Set the prefix to the folder that holds the logs (the writer's default is \
             openai_logs/) and connect again.",
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn place() -> Place {
        Place {
            endpoint: "http://127.0.0.1:9000".into(),
            bucket: "logs".into(),
            region: "us-east-1".into(),
            access_key: "AKIDEXAMPLE".into(),
            prefix: "openai_logs/".into(),
            origin: "http://127.0.0.1:8080".into(),
        }
    }

    fn problem(trouble: Trouble) -> Problem {
        Problem {
            doing: "listing openai_logs/ in bucket logs".into(),
            trouble,
            place: place(),
        }
    }

    fn s3(code: &str, message: Option<&str>) -> Problem {
        problem(Trouble::S3 {
            status: 403,
            code: code.into(),
            message: message.map(str::to_owned),
        })
    }

    fn text(explanation: &Explanation) -> String {
        let mut all = format!("{} {} ", explanation.title, explanation.summary);
        for step in &explanation.steps {
            match step {
                Step::Say(s) | Step::Run(s) => all.push_str(s),
            }
        }
        all
    }

    #[test]
    fn a_wrong_secret_is_named_as_such() {
        let problem = s3("SignatureDoesNotMatch", Some("The request signature …"));
        assert_eq!(problem.code(), "SignatureDoesNotMatch");
        let explanation = explain(&problem);
        assert!(explanation
            .summary
            .contains("secret access key is most likely wrong"));
        assert!(explanation.summary.contains("AKIDEXAMPLE"));
        assert_eq!(
            explanation.detail,
            "While listing openai_logs/ in bucket logs: SignatureDoesNotMatch (HTTP 403): \
             The request signature …"
        );
    }

    #[test]
    fn each_common_code_gets_its_own_advice() {
        for (code, needle) in [
            ("InvalidAccessKeyId", "knows no access key AKIDEXAMPLE"),
            ("AccessDenied", "s3:ListBucket and s3:GetObject on logs"),
            ("NoSuchBucket", "no bucket logs at http://127.0.0.1:9000"),
            ("RequestTimeTooSkewed", "clock"),
            ("ExpiredToken", "session token"),
            ("AuthorizationQueryParametersError", "region us-east-1"),
        ] {
            let all = text(&explain(&s3(code, None)));
            assert!(all.contains(needle), "{code}: {all}");
        }
        let unknown = explain(&s3("SlowDown", Some("Please reduce your request rate.")));
        assert!(unknown.detail.ends_with("Please reduce your request rate."));
        let bare = problem(Trouble::S3 {
            status: 502,
            code: String::new(),
            message: None,
        });
        assert_eq!(bare.code(), "http-502");
        assert!(explain(&bare).title.contains("HTTP 502"));
    }

    #[test]
    fn cors_gives_the_minio_command_for_this_origin() {
        let problem = problem(Trouble::Cors);
        assert_eq!(problem.code(), "cors");
        let explanation = explain(&problem);
        assert!(explanation.steps.contains(&Step::Run(
            "mc admin config set ALIAS api cors_allow_origin=\"http://127.0.0.1:8080\"".into()
        )));
        let all = text(&explanation);
        assert!(all.contains("Sealos"));
        assert!(all.contains("MINIO_API_CORS_ALLOW_ORIGIN=http://127.0.0.1:8080"));
    }

    #[test]
    fn network_advice_fits_the_endpoint() {
        let mut p = problem(Trouble::Network {
            reason: "Failed to fetch".into(),
        });
        assert_eq!(p.code(), "network");
        assert!(!text(&explain(&p)).contains("plain http"));
        p.place.origin = "https://logs.example.com".into();
        assert!(text(&explain(&p)).contains("plain http"));
        p.place.endpoint = "https://s3.example.com".into();
        assert!(text(&explain(&p)).contains("certificate"));
    }

    #[test]
    fn an_empty_prefix_names_the_prefixes_that_exist() {
        let p = problem(Trouble::EmptyPrefix {
            top: Ok(vec!["ai_interactions/".into(), "other/".into()]),
        });
        assert_eq!(p.code(), "empty-prefix");
        assert_eq!(
            explain(&p).summary,
            "no objects under openai_logs/ in this bucket; these top-level prefixes exist: \
             ai_interactions/, other/"
        );
        let many = problem(Trouble::EmptyPrefix {
            top: Ok((0..25).map(|i| format!("p{i}/")).collect()),
        });
        assert!(explain(&many).summary.ends_with("p19/ and 5 more"));
        let none = problem(Trouble::EmptyPrefix { top: Ok(vec![]) });
        assert!(explain(&none)
            .summary
            .ends_with("no top-level prefixes either"));
    }
}
