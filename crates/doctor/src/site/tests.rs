//! Where the site's page is asked for, and each way a host can answer it, judged and said in
//! both languages.

use super::*;
use crate::{words, Lang, Outcome, Step, Target};

const SITE: &str = "https://logs-ui.example.com/logscope/";

fn page() -> Page {
    Page::of(SITE).unwrap()
}

fn target() -> Target {
    Target {
        endpoint: "https://objectstorageapi.example.com".into(),
        bucket: "logs".into(),
        region: "us-east-1".into(),
        prefix: "openai_logs/".into(),
        access_key: "AKIDEXAMPLE".into(),
        origin: "https://logs-ui.example.com".into(),
    }
}

fn head(status: u16, content_type: Option<&str>, disposition: Option<&str>) -> Head {
    Head {
        url: page().url,
        status,
        content_type: content_type.map(str::to_owned),
        content_disposition: disposition.map(str::to_owned),
    }
}

/// The finding, checked to be the site step's, with its words in English and Chinese.
fn judged(answer: Result<Head, NoReply>) -> (Fact, [String; 2]) {
    let fact = judge(&page(), answer);
    assert_eq!(fact.step(), Step::Site);
    let said = Lang::ALL.map(|lang| {
        let said = words(&fact, &target(), lang);
        let fix: Vec<&str> = said.fix.iter().map(crate::Line::text).collect();
        format!("{}\n{}\n{}", said.title, said.detail, fix.join("\n"))
    });
    (fact, said)
}

fn has(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[test]
fn a_folder_gets_index_html_and_a_named_file_is_asked_as_is() {
    for (site, url) in [
        (SITE, "https://logs-ui.example.com/logscope/index.html"),
        (
            "https://logs-ui.example.com/logscope",
            "https://logs-ui.example.com/logscope/index.html",
        ),
        (
            "https://logs-ui.example.com",
            "https://logs-ui.example.com/index.html",
        ),
        (
            "HTTPS://Logs-UI.example.com:443/#/sessions",
            "https://logs-ui.example.com/index.html",
        ),
        (
            "https://logs-ui.example.com/v1.2/",
            "https://logs-ui.example.com/v1.2/index.html",
        ),
        (
            "http://127.0.0.1:9000/site/logscope/index.html",
            "http://127.0.0.1:9000/site/logscope/index.html",
        ),
        (
            "http://127.0.0.1:9000/site/app.html?endpoint=x#/costs",
            "http://127.0.0.1:9000/site/app.html?endpoint=x",
        ),
        (
            "https://h.example.com/a?bucket=logs",
            "https://h.example.com/a/index.html?bucket=logs",
        ),
    ] {
        assert_eq!(Page::of(site).unwrap().url, url, "{site}");
    }
    assert_eq!(
        Page::of("HTTP://[::1]:8080/x/").unwrap().origin,
        "http://[::1]:8080"
    );
    assert_eq!(page().origin, "https://logs-ui.example.com");
}

#[test]
fn a_site_that_is_not_an_http_url_is_refused_with_the_reason() {
    assert_eq!(
        Page::of("logs-ui.example.com/"),
        Err(EndpointProblem::NoScheme)
    );
    assert_eq!(
        Page::of("ftp://logs-ui.example.com/"),
        Err(EndpointProblem::NoScheme)
    );
    assert_eq!(Page::of("https:///x"), Err(EndpointProblem::BadHost));
    assert_eq!(
        Page::of("https://h.example.com:99999/"),
        Err(EndpointProblem::BadPort)
    );
    assert_eq!(
        Page::of("https://me:pw@h.example.com/"),
        Err(EndpointProblem::HoldsCredentials)
    );
    assert_eq!(
        origin("http://127.0.0.1:80/site/index.html").unwrap(),
        "http://127.0.0.1"
    );
}

#[test]
fn an_html_page_to_show_opens() {
    for content_type in ["text/html; charset=utf-8", "TEXT/HTML", " text/html ;q=1"] {
        for disposition in [None, Some("inline"), Some("Inline; filename=index.html")] {
            let (fact, [en, zh]) = judged(Ok(head(200, Some(content_type), disposition)));
            assert_eq!(
                fact.outcome(),
                Outcome::Pass,
                "{content_type} {disposition:?}"
            );
            has(
                &en,
                &["The site opens", "which the browser shows", content_type],
            );
            has(&zh, &["站点可以打开", "浏览器会直接显示"]);
        }
    }
}

#[test]
fn no_answer_says_why_and_where_to_look() {
    let (fact, [en, zh]) = judged(Err(NoReply::Said("connection refused".into())));
    assert_eq!(
        fact,
        Fact::SiteNoAnswer {
            page: page().url,
            reason: NoReply::Said("connection refused".into())
        }
    );
    has(
        &en,
        &[
            "No answer from https://logs-ui.example.com/logscope/index.html: connection refused.",
            "static hosting",
        ],
    );
    has(&zh, &["没有响应：connection refused", "静态托管"]);
    let (_, [_, zh]) = judged(Err(NoReply::TimedOut { seconds: 30 }));
    has(&zh, &["30 秒内没有应答"]);
}

#[test]
fn an_error_status_is_named_with_what_it_likely_means() {
    let cases: [(u16, &[&str], &[&str]); 4] = [
        (
            404,
            &[
                "HTTP 404 Not Found",
                "no index.html was published there",
                "--prefix FOLDER/",
            ],
            &[
                "HTTP 404 Not Found",
                "没有发布 index.html",
                "--prefix FOLDER/",
            ],
        ),
        (
            403,
            &[
                "HTTP 403 Forbidden",
                "not public-read",
                "static hosting",
                "publicRead",
            ],
            &["HTTP 403 Forbidden", "公共读", "静态托管", "publicRead"],
        ),
        (502, &["HTTP 502", "failed"], &["HTTP 502", "出错"]),
        (410, &["HTTP 410, not 200 OK"], &["HTTP 410，而不是 200 OK"]),
    ];
    for (status, en_says, zh_says) in cases {
        let (fact, [en, zh]) = judged(Ok(head(status, Some("text/html"), None)));
        assert_eq!(
            fact,
            Fact::SiteRefused {
                page: page().url,
                status
            }
        );
        assert_eq!(fact.outcome(), Outcome::Fail);
        has(&en, en_says);
        has(&zh, zh_says);
    }
}

#[test]
fn an_attachment_downloads_and_the_fix_is_static_hosting() {
    // What Sealos's ingress adds to every object of its S3 endpoint, and a type a browser
    // does not know, which it saves too.
    for disposition in [
        "attachment",
        "attachment; filename=\"index.html\"",
        "x-save",
    ] {
        let (fact, [en, zh]) = judged(Ok(head(200, Some("text/html"), Some(disposition))));
        assert_eq!(
            fact,
            Fact::SiteDownloads {
                page: page().url,
                disposition: disposition.into()
            }
        );
        has(
            &en,
            &[
                "The page downloads instead of opening",
                &format!("Content-Disposition: {disposition}"),
                "Do not open the dashboard from the S3 endpoint",
                "static hosting",
                "logscope doctor --site STATIC_HOSTING_URL --endpoint \
                 https://objectstorageapi.example.com --bucket logs",
            ],
        );
        has(
            &zh,
            &[
                "页面会被下载而不是打开",
                "静态托管",
                "不要从 S3 服务地址打开",
            ],
        );
    }
}

#[test]
fn another_type_does_not_open_and_the_fix_is_to_publish_again() {
    for content_type in [Some("application/octet-stream"), Some("text/plain"), None] {
        let (fact, [en, zh]) = judged(Ok(head(200, content_type, None)));
        assert_eq!(
            fact,
            Fact::SiteNotHtml {
                page: page().url,
                content_type: content_type.map(str::to_owned)
            }
        );
        let seen = content_type.unwrap_or("no Content-Type");
        has(
            &en,
            &[
                "not served as HTML",
                seen,
                "logscope publish --endpoint https://objectstorageapi.example.com",
            ],
        );
        has(&zh, &["没有以 HTML 形式提供", "重新发布"]);
    }
    // The download is the ingress's doing, and the first thing to fix.
    let (fact, _) = judged(Ok(head(
        200,
        Some("binary/octet-stream"),
        Some("attachment"),
    )));
    assert!(matches!(fact, Fact::SiteDownloads { .. }), "{fact:?}");
}

#[test]
fn the_page_a_redirect_ended_at_is_the_one_named() {
    let moved = Head {
        url: "https://www.example.com/index.html".into(),
        ..head(200, Some("text/html"), None)
    };
    let (fact, [en, _]) = judged(Ok(moved));
    assert_eq!(fact.outcome(), Outcome::Pass);
    has(&en, &["https://www.example.com/index.html answers"]);
}
