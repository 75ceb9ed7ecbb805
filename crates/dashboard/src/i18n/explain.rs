//! A [`Problem`] in words a person can act on: what happened and what to do, with the exact
//! command where there is one, in the reader's language. Pure, so every sentence is tested;
//! `app/error.rs` only lays it out. Claims stay within what the answer proves: a CORS
//! explanation is only given when the storage was seen to answer (the loader checks), and
//! commands are the documented ones.
//!
//! S3 error codes are explained per code ([`s3`]); `s3_presign::describe`, which names an
//! answer for the CLI, speaks English, so the Chinese name of an answer comes from
//! [`reasons::answer`], keyed on the same code and status.

mod reach;
mod s3;

use crate::i18n::locale::Lang;
use crate::i18n::reasons;
use crate::state::problem::{Problem, Trouble};

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

/// Title, summary and steps.
type Advice = (String, String, Vec<Step>);

/// Explains `problem` in `lang`.
pub fn explain(problem: &Problem, lang: Lang) -> Explanation {
    let place = &problem.place;
    let (title, summary, steps) = match &problem.trouble {
        Trouble::S3 { code, status, .. } => s3::advice(code, *status, place, lang),
        Trouble::Cors => reach::cors(place, lang),
        Trouble::Network(failure) => reach::network(failure, place, lang),
        Trouble::Unreadable(failure) => reach::unreadable(failure, place, lang),
        Trouble::EmptyPrefix { top } => reach::empty_prefix(top, place, lang),
    };
    let doing = problem.doing.describe(lang);
    let detail = match (&problem.trouble, lang) {
        (
            Trouble::S3 {
                status,
                code,
                message,
            },
            _,
        ) => {
            let answer = reasons::answer(*status, code, lang);
            match (message, lang) {
                (Some(message), Lang::En) => format!("While {doing}: {answer}: {message}"),
                (None, Lang::En) => format!("While {doing}: {answer}."),
                (Some(message), Lang::Zh) => format!("{doing}时：{answer}：{message}"),
                (None, Lang::Zh) => format!("{doing}时：{answer}。"),
            }
        }
        (_, Lang::En) => format!("While {doing}."),
        (_, Lang::Zh) => format!("出错时正在{doing}。"),
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::state::problem::{Doing, Place};
    use s3_read::Failure;

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
            doing: Doing::Listing {
                folder: "openai_logs/".into(),
                bucket: "logs".into(),
            },
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

    fn explain_en(problem: &Problem) -> Explanation {
        explain(problem, Lang::En)
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
        let explanation = explain_en(&problem);
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
    fn an_access_denied_names_both_causes_beside_the_storages_words() {
        // Garage's answer to a wrong secret: the code alone would blame the permission.
        let problem = s3("AccessDenied", Some("Forbidden: Invalid signature"));
        for lang in [Lang::En, Lang::Zh] {
            let explanation = explain(&problem, lang);
            let all = text(&explanation);
            let (secret, permission) = match lang {
                Lang::En => ("Check the secret key", "s3:ListBucket"),
                Lang::Zh => ("检查私有访问密钥", "s3:ListBucket"),
            };
            assert!(all.contains(secret), "{all}");
            assert!(all.contains(permission), "{all}");
            assert!(
                explanation.detail.ends_with("Forbidden: Invalid signature"),
                "{}",
                explanation.detail
            );
        }
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
            let all = text(&explain_en(&s3(code, None)));
            assert!(all.contains(needle), "{code}: {all}");
        }
        let unknown = explain_en(&s3("SlowDown", Some("Please reduce your request rate.")));
        assert!(unknown.detail.ends_with("Please reduce your request rate."));
        let bare = problem(Trouble::S3 {
            status: 502,
            code: String::new(),
            message: None,
        });
        assert_eq!(bare.code(), "http-502");
        assert!(explain_en(&bare).title.contains("HTTP 502"));
    }

    #[test]
    fn cors_gives_the_minio_command_for_this_origin() {
        let problem = problem(Trouble::Cors);
        assert_eq!(problem.code(), "cors");
        let explanation = explain_en(&problem);
        assert!(explanation.steps.contains(&Step::Run(
            "mc admin config set ALIAS api cors_allow_origin=\"http://127.0.0.1:8080\"".into()
        )));
        let all = text(&explanation);
        assert!(all.contains("Sealos"));
        assert!(all.contains("MINIO_API_CORS_ALLOW_ORIGIN=http://127.0.0.1:8080"));
    }

    #[test]
    fn network_advice_fits_the_endpoint() {
        let mut p = problem(Trouble::Network(Failure::Network {
            reason: "Failed to fetch".into(),
            lasting: false,
        }));
        assert_eq!(p.code(), "network");
        assert!(!text(&explain_en(&p)).contains("plain http"));
        p.place.origin = "https://logs.example.com".into();
        assert!(text(&explain_en(&p)).contains("plain http"));
        p.place.endpoint = "https://s3.example.com".into();
        assert!(text(&explain_en(&p)).contains("certificate"));
    }

    #[test]
    fn an_empty_prefix_names_the_prefixes_that_exist() {
        let p = problem(Trouble::EmptyPrefix {
            top: Ok(vec!["ai_interactions/".into(), "other/".into()]),
        });
        assert_eq!(p.code(), "empty-prefix");
        assert_eq!(
            explain_en(&p).summary,
            "no objects under openai_logs/ in this bucket; these top-level prefixes exist: \
             ai_interactions/, other/"
        );
        let many = problem(Trouble::EmptyPrefix {
            top: Ok((0..25).map(|i| format!("p{i}/")).collect()),
        });
        assert!(explain_en(&many).summary.ends_with("p19/ and 5 more"));
        let none = problem(Trouble::EmptyPrefix { top: Ok(vec![]) });
        assert!(explain_en(&none)
            .summary
            .ends_with("no top-level prefixes either"));
    }

    /// Every kind of problem, with every S3 code the explanations know and one they do not.
    fn every_problem() -> Vec<Problem> {
        let mut all: Vec<Problem> = [
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId",
            "AccessDenied",
            "NoSuchBucket",
            "RequestTimeTooSkewed",
            "ExpiredToken",
            "AuthorizationQueryParametersError",
            "SlowDown",
            "",
        ]
        .into_iter()
        .map(|code| s3(code, Some("Server words.")))
        .collect();
        all.push(problem(Trouble::Cors));
        let mut network = problem(Trouble::Network(Failure::TimedOut(
            "no answer within a minute".into(),
        )));
        network.place.origin = "https://logs.example.com".into();
        network.place.endpoint = "http://s3.example.com".into();
        all.push(network);
        all.push(problem(Trouble::Unreadable(Failure::NoNewToken)));
        for top in [
            Ok(vec![]),
            Ok((0..25).map(|i| format!("p{i}/")).collect()),
            Err(Failure::Cors),
        ] {
            all.push(problem(Trouble::EmptyPrefix { top }));
        }
        let mut reading = s3("AccessDenied", None);
        reading.doing = Doing::Reading {
            key: "openai_logs/1/a.txt".into(),
        };
        all.push(reading);
        all
    }

    /// English words of three letters or more, leaving out what is the same in every
    /// language: commands, names and the values of the place.
    fn english_words(text: &str) -> Vec<String> {
        const SAME: &[&str] = &[
            "MinIO",
            "Sealos",
            "admin",
            "config",
            "set",
            "get",
            "service",
            "restart",
            "api",
            "cors_allow_origin",
            "readonly",
            "https",
            "http",
            "logs",
            "openai_logs",
            "east",
            "Server",
            "words",
            "txt",
            "example",
            "com",
        ];
        text.split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .filter(|w| w.len() >= 3 && !SAME.contains(w))
            // CamelCase codes and capitals (HTTP, ALIAS, CORS) are the same in every language.
            .filter(|w| !w[1..].chars().any(|c| c.is_ascii_uppercase()))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_explanation_is_written_in_chinese_too() {
        for problem in every_problem() {
            let zh = explain(&problem, Lang::Zh);
            let en = explain(&problem, Lang::En);
            assert_eq!(zh.steps.len(), en.steps.len(), "{:?}", problem.trouble);
            let all = format!("{} {}", text(&zh), zh.detail);
            assert!(
                english_words(&all).is_empty(),
                "{:?}: English left: {:?} in {all}",
                problem.trouble,
                english_words(&all)
            );
            // Commands are the same in both.
            for (a, b) in zh.steps.iter().zip(&en.steps) {
                if let (Step::Run(a), Step::Run(b)) = (a, b) {
                    assert_eq!(a, b);
                }
            }
        }
        let wrong_secret = explain(&s3("SignatureDoesNotMatch", Some("Words.")), Lang::Zh);
        assert_eq!(wrong_secret.title, "私有访问密钥不匹配");
        assert_eq!(
            wrong_secret.detail,
            "列出存储桶 logs 中的 openai_logs/时：SignatureDoesNotMatch（HTTP 403）：Words."
        );
    }
}
