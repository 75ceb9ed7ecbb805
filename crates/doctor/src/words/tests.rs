//! The words of every finding, in both languages: present, fixed where something is wrong,
//! and saying what each step must say (the CORS rule, which part of the keys is wrong,
//! the clock offset, the buckets and prefixes there are).

use super::*;
use crate::{CorsSeen, NoReply, Outcome, Top, Unlisted};

fn target() -> Target {
    Target {
        endpoint: "http://127.0.0.1:9000".into(),
        bucket: "logs".into(),
        region: "us-east-1".into(),
        prefix: "openai_logs/".into(),
        access_key: "AKIDEXAMPLE".into(),
        origin: "http://127.0.0.1:8080".into(),
    }
}

fn denied() -> Unlisted {
    Unlisted::Refused {
        status: 403,
        code: "AccessDenied".into(),
    }
}

/// One finding of each kind of the site step.
#[cfg(feature = "site")]
fn site_facts() -> Vec<Fact> {
    let page = || "https://logs-ui.example.com/index.html".to_owned();
    vec![
        Fact::SiteOpens {
            page: page(),
            content_type: "text/html; charset=utf-8".into(),
        },
        Fact::SiteNoAnswer {
            page: page(),
            reason: NoReply::Said("connection refused".into()),
        },
        Fact::SiteRefused {
            page: page(),
            status: 404,
        },
        Fact::SiteRefused {
            page: page(),
            status: 403,
        },
        Fact::SiteRefused {
            page: page(),
            status: 503,
        },
        Fact::SiteRefused {
            page: page(),
            status: 401,
        },
        Fact::SiteDownloads {
            page: page(),
            disposition: "attachment".into(),
        },
        Fact::SiteNotHtml {
            page: page(),
            content_type: Some("application/octet-stream".into()),
        },
        Fact::SiteNotHtml {
            page: page(),
            content_type: None,
        },
    ]
}

/// One finding of each kind.
fn every_fact() -> Vec<Fact> {
    #[cfg_attr(not(feature = "site"), allow(unused_mut))]
    let mut facts = vec![
        Fact::Answers { status: Some(403) },
        Fact::Answers { status: None },
        Fact::NoAnswer {
            reason: NoReply::Said("connection refused".into()),
        },
        Fact::CorsAllowed,
        Fact::CorsSameOrigin,
        Fact::CorsRefused {
            seen: CorsSeen::Blocked {
                browser_said: NoReply::Said("Failed to fetch".into()),
            },
        },
        Fact::CorsRefused {
            seen: CorsSeen::Preflight {
                status: 501,
                allow_origin: None,
                allow_methods: None,
            },
        },
        Fact::KeysAccepted,
        Fact::UnknownKey,
        Fact::WrongSecret,
        Fact::BadToken {
            code: "ExpiredToken".into(),
        },
        Fact::NotAllowed {
            message: Some("Forbidden: Invalid signature".into()),
        },
        Fact::WrongRegion {
            code: "AuthorizationQueryParametersError".into(),
        },
        Fact::NotS3 {
            reason: Unlisted::NotXml(XmlError::Truncated),
        },
        Fact::KeysUnchecked,
        Fact::Refused {
            status: 503,
            code: "SlowDown".into(),
            message: None,
        },
        Fact::ClockInStep {
            offset_ms: Some(300),
        },
        Fact::ClockInStep { offset_ms: None },
        Fact::ClockOff { offset_ms: 240_000 },
        Fact::ClockRefused {
            offset_ms: Some(3_600_000),
            code: "AccessDenied".into(),
        },
        Fact::ClockRefused {
            offset_ms: None,
            code: "RequestTimeTooSkewed".into(),
        },
        Fact::BucketFound,
        Fact::NoBucket {
            others: Ok(vec!["logs-2025".into()]),
        },
        Fact::NoBucket { others: Ok(vec![]) },
        Fact::NoBucket {
            others: Err(denied()),
        },
        Fact::ObjectsFound {
            count: 12,
            at_least: false,
        },
        Fact::ObjectsFound {
            count: 10_000,
            at_least: true,
        },
        Fact::NoObjects {
            top: Ok(Top::default()),
        },
        Fact::NoObjects { top: Err(denied()) },
        Fact::CountStopped {
            count: 3000,
            reason: Unlisted::NoReply(NoReply::Said("connection reset".into())),
        },
    ];
    #[cfg(feature = "site")]
    facts.splice(0..0, site_facts());
    facts
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_finding_has_words_in_both_languages_and_a_fix_when_something_is_wrong() {
    for fact in every_fact() {
        let en = words(&fact, &target(), Lang::En);
        let zh = words(&fact, &target(), Lang::Zh);
        for said in [&en, &zh] {
            assert!(
                !said.title.is_empty() && !said.detail.is_empty(),
                "{fact:?}"
            );
            assert_eq!(
                said.fix.is_empty(),
                fact.outcome() == Outcome::Pass,
                "{fact:?}"
            );
        }
        assert!(
            !has_chinese(&en.title) && !has_chinese(&en.detail),
            "{fact:?}: {en:?}"
        );
        assert!(
            has_chinese(&zh.title) && has_chinese(&zh.detail),
            "{fact:?}: {zh:?}"
        );
        for (e, z) in en.fix.iter().zip(&zh.fix) {
            match (e, z) {
                // Commands are the same in both languages.
                (Line::Run(e), Line::Run(z)) => assert_eq!(e, z),
                (Line::Say(_), Line::Say(z)) => assert!(has_chinese(z), "{z}"),
                _ => panic!("{fact:?}: the fixes differ in shape"),
            }
        }
    }
}

#[test]
fn cors_gives_the_exact_rule_and_the_commands_for_this_origin() {
    let fact = Fact::CorsRefused {
        seen: CorsSeen::Preflight {
            status: 200,
            allow_origin: Some("https://other.example.com".into()),
            allow_methods: Some("GET".into()),
        },
    };
    let said = words(&fact, &target(), Lang::En);
    assert!(said
        .detail
        .contains("Access-Control-Allow-Origin: https://other.example.com"));
    let fix: Vec<&str> = said.fix.iter().map(Line::text).collect();
    assert!(fix[0].contains("allowed origin http://127.0.0.1:8080"));
    assert!(fix[0].contains("GET and HEAD") && fix[0].contains("exposed headers ETag"));
    assert!(said.fix.contains(&Line::Run(
        "mc admin config set ALIAS api cors_allow_origin=\"http://127.0.0.1:8080\"".into()
    )));
    assert!(fix.iter().any(|line| line.contains("Sealos")));
    let bucket_rule = fix
        .iter()
        .find(|l| l.starts_with("aws s3api put-bucket-cors"))
        .unwrap();
    assert!(bucket_rule.contains("--endpoint-url http://127.0.0.1:9000 --bucket logs"));
    assert!(bucket_rule.contains(r#""AllowedOrigins":["http://127.0.0.1:8080"]"#));
    assert!(bucket_rule.contains(r#""ExposeHeaders":["ETag"]"#));
}

#[test]
fn wrong_keys_say_which_part_is_wrong() {
    let unknown = words(&Fact::UnknownKey, &target(), Lang::En);
    assert!(unknown.detail.contains("knows no access key AKIDEXAMPLE"));
    let secret = words(&Fact::WrongSecret, &target(), Lang::En);
    assert!(secret.detail.contains("the secret key is wrong"));
    let secret_zh = words(&Fact::WrongSecret, &target(), Lang::Zh);
    assert!(secret_zh.detail.contains("私有访问密钥不对"));
}

#[test]
fn a_clock_refusal_gives_the_offset_in_words() {
    let fact = Fact::ClockRefused {
        offset_ms: Some(3_600_000),
        code: "AccessDenied".into(),
    };
    let said = words(&fact, &target(), Lang::En);
    assert!(said
        .detail
        .starts_with("This computer's clock is 1 h 0 min behind the storage's."));
    assert!(said
        .fix
        .contains(&Line::Run("sudo timedatectl set-ntp true".into())));
    let zh = words(&fact, &target(), Lang::Zh);
    assert!(
        zh.detail
            .starts_with("本机时钟比存储服务慢 1 小时 0 分钟。"),
        "{}",
        zh.detail
    );
}

#[test]
fn a_missing_bucket_names_the_buckets_there_are() {
    let fact = Fact::NoBucket {
        others: Ok(vec!["logs-2025".into(), "site".into()]),
    };
    let said = words(&fact, &target(), Lang::En);
    assert_eq!(
        said.detail,
        "There is no bucket logs at http://127.0.0.1:9000 (NoSuchBucket). The buckets this key \
         can see: `logs-2025`, `site`."
    );
}

#[test]
fn objects_are_counted_and_an_empty_prefix_says_where_objects_are() {
    let found = Fact::ObjectsFound {
        count: 1303,
        at_least: false,
    };
    assert_eq!(
        words(&found, &target(), Lang::En).detail,
        "1303 objects found under `openai_logs/`."
    );
    let many = Fact::ObjectsFound {
        count: 10_000,
        at_least: true,
    };
    assert!(words(&many, &target(), Lang::En)
        .detail
        .starts_with("At least 10000 objects"));
    let top = Top {
        prefixes: vec!["ai_interactions/".into(), "site/".into()],
        ..Top::default()
    };
    let none = Fact::NoObjects { top: Ok(top) };
    assert_eq!(
        words(&none, &target(), Lang::En).detail,
        "Nothing under `openai_logs/`; this bucket has `ai_interactions/`, `site/`."
    );
    assert_eq!(
        words(&none, &target(), Lang::Zh).detail,
        "`openai_logs/` 下没有任何对象；这个存储桶里有 `ai_interactions/`、`site/`。"
    );
    let many_names: Vec<String> = (0..25).map(|i| format!("p{i}/")).collect();
    assert!(named(&many_names, 20, Lang::En).ends_with("`p19/` and 5 more"));
}

#[test]
fn an_unreachable_https_page_on_an_http_endpoint_is_told_about_mixed_content() {
    let fact = Fact::NoAnswer {
        reason: NoReply::Said("Failed to fetch".into()),
    };
    let plain = words(&fact, &target(), Lang::En);
    assert!(!plain.fix.iter().any(|l| l.text().contains("mixed content")));
    let served = Target {
        origin: "https://logs.example.com".into(),
        ..target()
    };
    let mixed = words(&fact, &served, Lang::En);
    assert!(mixed.fix.iter().any(|l| l.text().contains("mixed content")));
}

#[test]
fn an_access_denied_says_both_causes_and_quotes_the_storage() {
    // Garage answers a wrong secret so; MinIO a missing permission with "Access Denied.".
    let garage = Fact::NotAllowed {
        message: Some("Forbidden: Invalid signature".into()),
    };
    for lang in [Lang::En, Lang::Zh] {
        let said = words(&garage, &target(), lang);
        assert!(
            said.detail.contains("Forbidden: Invalid signature"),
            "{}",
            said.detail
        );
        assert!(
            !said.detail.contains("is valid") && !said.detail.contains("有效"),
            "the answer does not prove the key valid: {}",
            said.detail
        );
        let fixes: Vec<&str> = said.fix.iter().map(Line::text).collect();
        let fixes = fixes.join("\n");
        let (secret, permission) = match lang {
            Lang::En => ("Check the secret key", "s3:ListBucket"),
            Lang::Zh => ("检查私有访问密钥", "s3:ListBucket"),
        };
        assert!(fixes.contains(secret), "{fixes}");
        assert!(fixes.contains(permission), "{fixes}");
    }
    let bare = words(&Fact::NotAllowed { message: None }, &target(), Lang::En);
    assert!(bare.detail.contains("(AccessDenied)"), "{}", bare.detail);
}

#[test]
fn no_reply_is_said_in_the_readers_language_and_a_clients_words_are_kept() {
    let said = |reason: NoReply, lang| words(&Fact::NoAnswer { reason }, &target(), lang).detail;
    for quiet in [
        NoReply::Nothing,
        NoReply::TimedOut { seconds: 60 },
        NoReply::Said(String::new()),
    ] {
        let (en, zh) = (said(quiet.clone(), Lang::En), said(quiet.clone(), Lang::Zh));
        assert!(en.contains(&quiet.to_string()), "{en}");
        assert!(!zh.contains(&quiet.to_string()), "{zh}");
        let ours = zh.replace(&target().endpoint, "");
        assert!(!ours.chars().any(|c| c.is_ascii_lowercase()), "{zh}");
    }
    assert!(said(NoReply::TimedOut { seconds: 60 }, Lang::Zh).contains("60 秒内没有应答"));
    let browser = NoReply::Said("Failed to fetch".into());
    assert!(said(browser.clone(), Lang::Zh).contains("Failed to fetch"));
    let blocked = Fact::CorsRefused {
        seen: CorsSeen::Blocked {
            browser_said: NoReply::Said(String::new()),
        },
    };
    assert!(words(&blocked, &target(), Lang::Zh)
        .detail
        .contains("请求失败"));
    assert!(words(&blocked, &target(), Lang::En)
        .detail
        .contains("the request failed"));
}

#[test]
fn why_a_listing_gave_nothing_is_said_in_chinese_too() {
    let cases = [
        (
            Unlisted::NoReply(NoReply::TimedOut { seconds: 60 }),
            "60 秒内没有应答",
        ),
        (Unlisted::NotXml(XmlError::Truncated), "提前结束"),
        (
            Unlisted::Refused {
                status: 502,
                code: String::new(),
            },
            "没有错误代码（HTTP 502）",
        ),
        (denied(), "AccessDenied（HTTP 403）"),
    ];
    for (reason, said) in cases {
        let english = reason.to_string();
        for fact in [
            Fact::NotS3 {
                reason: reason.clone(),
            },
            Fact::NoBucket {
                others: Err(reason.clone()),
            },
            Fact::NoObjects {
                top: Err(reason.clone()),
            },
            Fact::CountStopped {
                count: 3000,
                reason: reason.clone(),
            },
        ] {
            let zh = words(&fact, &target(), Lang::Zh).detail;
            assert!(zh.contains(said) && !zh.contains(&english), "{zh}");
            let en = words(&fact, &target(), Lang::En).detail;
            assert!(en.contains(&english), "{en}");
        }
    }
}
