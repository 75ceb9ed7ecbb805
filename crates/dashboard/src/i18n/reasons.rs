//! Why something could not be read, in the reader's language: why an object is not a
//! session and which fields were read with a second look (session-log's typed reasons), why
//! an object or listing could not be read (s3-read's failures, the size limit), and what is
//! wrong with a setting or request s3-presign refused.
//!
//! English is each type's own `Display` (the CLI's words); Chinese is an exhaustive `match`
//! over the variants, so a reason added upstream fails to compile here until it has words.
//! Data the reason carries (a parser's words, a server's message, text as written) is shown
//! as it came.

use doctor::xml_error;
use s3_presign::{BucketProblem, CredentialsProblem, EndpointProblem, HeaderProblem, PresignError};
use s3_read::Failure;
use session_log::limit::megabytes;
use session_log::{Expected, Found, Invalid, Issue, JsonError, TooLarge};

use crate::i18n::locale::Lang;

/// Why an object is not a session, with the byte at fault when there is one.
pub fn invalid(invalid: &Invalid, lang: Lang) -> String {
    match lang {
        Lang::En => invalid.to_string(),
        Lang::Zh => {
            let reason = invalid_zh(invalid);
            match invalid.offset() {
                Some(at) => format!("{reason}（位于第 {at} 字节）"),
                None => reason,
            }
        }
    }
}

fn invalid_zh(invalid: &Invalid) -> String {
    match invalid {
        Invalid::Empty => "对象为空".to_owned(),
        Invalid::Truncated { .. } => "JSON 提前结束（内容被截断）".to_owned(),
        Invalid::NotJson { error, .. } => format!("不是 JSON：{}", json_error(error, Lang::Zh)),
        // serde_json's own words for a refusal that is not about syntax.
        Invalid::Unreadable { message, .. } => message.clone(),
        Invalid::NotAnObject { found: kind } => {
            format!("文档是{}，不是 JSON 对象", found(kind, Lang::Zh))
        }
        Invalid::NoSessionInfo => "没有 session_info：这是 JSON，但不是会话日志".to_owned(),
        Invalid::BadSessionInfo { found } => {
            let wrong = Issue::Wrong {
                found: found.clone(),
                expected: Expected::Object,
            };
            format!("session_info 有误：{}", issue(&wrong, Lang::Zh))
        }
    }
}

/// What is odd about a field session-log read with a second look (`Problem::message`).
pub fn issue(issue: &Issue, lang: Lang) -> String {
    match (issue, lang) {
        (_, Lang::En) => issue.to_string(),
        (Issue::NumberAsText(text), Lang::Zh) => format!("数字被写成了文本（{text:?}）"),
        (Issue::NotATime(text), Lang::Zh) => format!("不是有效的时间：{text:?}"),
        (
            Issue::Wrong {
                found: kind,
                expected: what,
            },
            Lang::Zh,
        ) => format!(
            "此处应为{}，实际是{}",
            expected(*what, Lang::Zh),
            found(kind, Lang::Zh)
        ),
    }
}

/// The kind of JSON value found, with the value as written when session-log kept it.
pub fn found(found: &Found, lang: Lang) -> String {
    match (found, lang) {
        (_, Lang::En) => found.to_string(),
        (Found::Null, Lang::Zh) => "null".to_owned(),
        (Found::Bool(None), Lang::Zh) => "布尔值".to_owned(),
        (Found::Bool(Some(value)), Lang::Zh) => format!("布尔值（{value}）"),
        (Found::Number, Lang::Zh) => "数字".to_owned(),
        (Found::NumberOutOfRange(value), Lang::Zh) => format!("超出范围的数字（{value}）"),
        (Found::Text(None), Lang::Zh) => "文本".to_owned(),
        (Found::Text(Some(text)), Lang::Zh) => format!("文本（{text:?}）"),
        (Found::List, Lang::Zh) => "列表".to_owned(),
        (Found::Object, Lang::Zh) => "对象".to_owned(),
    }
}

/// What a field should have held.
pub fn expected(expected: Expected, lang: Lang) -> String {
    match (expected, lang) {
        (_, Lang::En) => expected.to_string(),
        (Expected::Value, Lang::Zh) => "一个值".to_owned(),
        (Expected::Object, Lang::Zh) => "对象".to_owned(),
        (Expected::Calls, Lang::Zh) => "调用列表".to_owned(),
        (Expected::Call, Lang::Zh) => "一次调用".to_owned(),
    }
}

/// A JSON syntax error by serde_json's category; one session-log does not know keeps
/// serde_json's words.
pub fn json_error(error: &JsonError, lang: Lang) -> String {
    let zh = match (error, lang) {
        (_, Lang::En) => return error.to_string(),
        (JsonError::Other(words), Lang::Zh) => return words.clone(),
        (JsonError::ExpectedValue, Lang::Zh) => "此处应为一个值",
        (JsonError::ExpectedIdent, Lang::Zh) => "此处应为 true、false 或 null",
        (JsonError::ExpectedColon, Lang::Zh) => "此处应为冒号 `:`",
        (JsonError::ExpectedCommaOrBrace, Lang::Zh) => "此处应为 `,` 或 `}`",
        (JsonError::ExpectedCommaOrBracket, Lang::Zh) => "此处应为 `,` 或 `]`",
        (JsonError::ExpectedQuote, Lang::Zh) => "此处应为引号 `\"`",
        (JsonError::KeyMustBeAString, Lang::Zh) => "键必须是字符串",
        (JsonError::TrailingCharacters, Lang::Zh) => "JSON 之后还有多余的字符",
        (JsonError::TrailingComma, Lang::Zh) => "多余的逗号",
        (JsonError::InvalidEscape, Lang::Zh) => "无效的转义序列",
        (JsonError::InvalidNumber, Lang::Zh) => "无效的数字",
        (JsonError::NumberOutOfRange, Lang::Zh) => "数字超出范围",
        (JsonError::InvalidUnicodeCodePoint, Lang::Zh) => "无效的 Unicode 码位",
        (JsonError::LoneLeadingSurrogate, Lang::Zh) => "十六进制转义中有孤立的代理项",
        (JsonError::UnexpectedEndOfHexEscape, Lang::Zh) => "十六进制转义提前结束",
        (JsonError::ControlCharacter, Lang::Zh) => "字符串中有控制字符（\\u0000-\\u001F）",
        (JsonError::RecursionLimitExceeded, Lang::Zh) => "嵌套层数超出上限",
    };
    zh.to_owned()
}

/// An object over the size limit, which is not read; the figures as session-log writes them.
pub fn too_large(refusal: &TooLarge, lang: Lang) -> String {
    match lang {
        Lang::En => refusal.to_string(),
        Lang::Zh => format!(
            "未读取：{} 超过单个对象 {} 的上限",
            megabytes(refusal.size),
            megabytes(refusal.limit)
        ),
    }
}

/// An S3 error answer: its code and status in our words, then the server's own message,
/// which no translation replaces.
fn error_answer(status: u16, code: &str, message: Option<&str>, lang: Lang) -> String {
    let answer = answer(status, code, lang);
    match (message, lang) {
        (None, _) => answer,
        (Some(said), Lang::En) => format!("{answer}: {said}"),
        (Some(said), Lang::Zh) => format!("{answer}：{said}"),
    }
}

/// An S3 error answer named for people, as `s3_presign::describe` does in English:
/// `NoSuchKey (HTTP 404)`, `NoSuchKey（HTTP 404）`; no code is `no error code`, `无错误代码`.
pub fn answer(status: u16, code: &str, lang: Lang) -> String {
    match (lang, code) {
        (Lang::En, _) => s3_presign::describe(status, code),
        (Lang::Zh, "") => format!("无错误代码（HTTP {status}）"),
        (Lang::Zh, code) => format!("{code}（HTTP {status}）"),
    }
}

/// What is wrong with an endpoint s3-presign refused.
pub fn endpoint_problem(problem: EndpointProblem, lang: Lang) -> String {
    let zh = match (problem, lang) {
        (_, Lang::En) => return problem.to_string(),
        (EndpointProblem::NoScheme, Lang::Zh) => "必须以 http:// 或 https:// 开头",
        (EndpointProblem::NotJustHost, Lang::Zh) => {
            "格式应为 scheme://host[:port]，不能带路径、查询参数或片段"
        }
        (EndpointProblem::HoldsCredentials, Lang::Zh) => "服务地址中不应包含凭据",
        (EndpointProblem::UnclosedIpv6, Lang::Zh) => "IPv6 地址缺少右方括号 ']'",
        (EndpointProblem::TextAfterIpv6, Lang::Zh) => "IPv6 地址后有多余的字符",
        (EndpointProblem::BadHost, Lang::Zh) => "主机名为空或无效",
        (EndpointProblem::BadPort, Lang::Zh) => "端口必须在 1 到 65535 之间",
        (EndpointProblem::IpForVirtualHost, Lang::Zh) => {
            "虚拟主机风格要求 DNS 名称，不能用 IP 地址，请改用路径风格"
        }
    };
    zh.to_owned()
}

/// What is wrong with a bucket name s3-presign refused.
pub fn bucket_problem(problem: BucketProblem, lang: Lang) -> String {
    let zh = match (problem, lang) {
        (_, Lang::En) => return problem.to_string(),
        (BucketProblem::Empty, Lang::Zh) => "不能为空",
        (BucketProblem::BadCharacters, Lang::Zh) => "不能包含 '/' 或控制字符",
        (BucketProblem::NotDnsSafe, Lang::Zh) => {
            "虚拟主机风格要求名称符合 DNS 规则（a-z、0-9、'.'、'-'），请改用路径风格"
        }
    };
    zh.to_owned()
}

/// What is wrong with the credentials s3-presign refused (never the secret itself).
pub fn credentials_problem(problem: CredentialsProblem, lang: Lang) -> String {
    let zh = match (problem, lang) {
        (_, Lang::En) => return problem.to_string(),
        (CredentialsProblem::EmptyAccessKey, Lang::Zh) => "访问密钥 ID 为空",
        (CredentialsProblem::BadAccessKey, Lang::Zh) => "访问密钥 ID 不能包含 '/' 或控制字符",
        (CredentialsProblem::EmptySecret, Lang::Zh) => "私有访问密钥为空",
    };
    zh.to_owned()
}

/// Why one try of a read failed (s3-read's [`Failure`]), as a row, the session view and the
/// error panel say it.
pub fn failure(failure: &Failure, lang: Lang) -> String {
    if lang == Lang::En {
        return failure.to_string();
    }
    match failure {
        Failure::S3 {
            status,
            code,
            message,
        } => error_answer(*status, code, message.as_deref(), lang),
        Failure::Network { reason, .. } if reason.is_empty() => "请求失败".to_owned(),
        // The browser's own words, which say what it met (`Failed to fetch`).
        Failure::Network { reason, .. } => format!("请求失败（{reason}）"),
        // The page's one time limit is `io::http`'s minute.
        Failure::TimedOut(_) => "一分钟内没有应答".to_owned(),
        Failure::BrokeOff(reason) => format!("应答中途断开：{reason}"),
        Failure::Short { got, listed } => format!("应答有 {got} 字节，列表中为 {listed} 字节"),
        Failure::NotListing(error) => format!("不是对象列表：{}", xml_error(error, lang)),
        Failure::NoNewToken => "服务器表示还有更多对象，却没有给出新的续传令牌".to_owned(),
        Failure::TooLarge { size, limit } => match limit.refuses(*size) {
            Some(refusal) => too_large(&refusal, lang),
            None => format!("未读取：大于 {} 字节", limit.bytes()),
        },
        Failure::Overflowed { limit } => format!("大于 {limit} 字节"),
        Failure::Cors => "被浏览器拦截（CORS）".to_owned(),
        Failure::Unsignable(error) => presign_error(error, lang),
    }
}

/// A request s3-presign would not sign. The form names the field for the settings; this is
/// for whatever else can be refused (an empty key).
pub fn presign_error(error: &PresignError, lang: Lang) -> String {
    match (error, lang) {
        (_, Lang::En) => error.to_string(),
        (PresignError::InvalidEndpoint { endpoint, reason }, Lang::Zh) => {
            format!(
                "无效的服务地址 {endpoint:?}：{}",
                endpoint_problem(*reason, lang)
            )
        }
        (PresignError::InvalidBucket { bucket, reason }, Lang::Zh) => {
            format!(
                "无效的存储桶名称 {bucket:?}：{}",
                bucket_problem(*reason, lang)
            )
        }
        (PresignError::InvalidRegion { region }, Lang::Zh) => {
            format!("无效的区域 {region:?}：不能为空，不能包含 '/' 或空格")
        }
        (PresignError::InvalidCredentials { reason }, Lang::Zh) => {
            format!("无效的凭据：{}", credentials_problem(*reason, lang))
        }
        (PresignError::InvalidExpiry { seconds }, Lang::Zh) => {
            format!("无效的有效期 {seconds} 秒：预签名 URL 的有效期为 1 到 604800 秒（7 天）")
        }
        (PresignError::EmptyKey, Lang::Zh) => "对象键为空".to_owned(),
        (PresignError::InvalidHeader { name, reason }, Lang::Zh) => {
            let why = match reason {
                HeaderProblem::NotPrintable => {
                    "HTTP 请求头只能包含可打印的 ASCII 字符、空格和制表符"
                }
                HeaderProblem::Empty => "值为空",
            };
            format!("无效的 {name} 请求头：{why}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use s3_presign::XmlError;

    fn zh_invalid(bytes: &[u8]) -> String {
        let reason = session_log::parse_session(bytes).unwrap_err();
        invalid(&reason, Lang::Zh)
    }

    #[test]
    fn every_way_a_document_is_not_a_session_is_said_in_chinese() {
        assert_eq!(zh_invalid(b""), "对象为空");
        assert_eq!(
            zh_invalid(b"{\"session_info\": {\"a\": "),
            "JSON 提前结束（内容被截断）（位于第 22 字节）"
        );
        assert_eq!(
            zh_invalid(b"{'session_info': None}"),
            "不是 JSON：键必须是字符串（位于第 1 字节）"
        );
        assert_eq!(
            zh_invalid(b"{\"api_calls\": []}"),
            "没有 session_info：这是 JSON，但不是会话日志"
        );
        assert_eq!(
            zh_invalid(b"[{}]"),
            "文档是列表，不是 JSON 对象（位于第 0 字节）"
        );
        assert_eq!(
            zh_invalid(b"{\"session_info\": 3}"),
            "session_info 有误：此处应为对象，实际是数字"
        );
        assert_eq!(invalid(&Invalid::Empty, Lang::En), "the object is empty");
        assert_eq!(
            invalid(&Invalid::Truncated { at: 22 }, Lang::En),
            "the JSON ends early (truncated) (at byte 22)"
        );
        // serde_json's words for what is not a syntax error stay as it wrote them.
        let unreadable = Invalid::Unreadable {
            message: "something new".into(),
            at: 3,
        };
        assert_eq!(
            invalid(&unreadable, Lang::Zh),
            "something new（位于第 3 字节）"
        );
    }

    #[test]
    fn second_looks_are_said_in_chinese() {
        let wrong = |found, expected| Issue::Wrong { found, expected };
        assert_eq!(
            issue(&Issue::NumberAsText("100".into()), Lang::Zh),
            "数字被写成了文本（\"100\"）"
        );
        assert_eq!(
            issue(&wrong(Found::Bool(None), Expected::Value), Lang::Zh),
            "此处应为一个值，实际是布尔值"
        );
        assert_eq!(
            issue(
                &wrong(Found::NumberOutOfRange("-5".into()), Expected::Value),
                Lang::Zh
            ),
            "此处应为一个值，实际是超出范围的数字（-5）"
        );
        assert_eq!(
            issue(&wrong(Found::Text(None), Expected::Calls), Lang::Zh),
            "此处应为调用列表，实际是文本"
        );
        assert_eq!(
            issue(&Issue::NotATime("soon".into()), Lang::Zh),
            "不是有效的时间：\"soon\""
        );
        assert_eq!(
            issue(&Issue::NotATime("soon".into()), Lang::En),
            "not a time: \"soon\""
        );
    }

    #[test]
    fn found_values_keep_what_was_written() {
        assert_eq!(
            found(&Found::Text(Some("soon".into())), Lang::Zh),
            "文本（\"soon\"）"
        );
        assert_eq!(found(&Found::Bool(Some(true)), Lang::Zh), "布尔值（true）");
        assert_eq!(found(&Found::List, Lang::En), "a list");
    }

    #[test]
    fn every_json_error_has_its_own_chinese_words() {
        let known = [
            JsonError::ExpectedValue,
            JsonError::ExpectedIdent,
            JsonError::ExpectedColon,
            JsonError::ExpectedCommaOrBrace,
            JsonError::ExpectedCommaOrBracket,
            JsonError::ExpectedQuote,
            JsonError::KeyMustBeAString,
            JsonError::TrailingCharacters,
            JsonError::TrailingComma,
            JsonError::InvalidEscape,
            JsonError::InvalidNumber,
            JsonError::NumberOutOfRange,
            JsonError::InvalidUnicodeCodePoint,
            JsonError::LoneLeadingSurrogate,
            JsonError::UnexpectedEndOfHexEscape,
            JsonError::ControlCharacter,
            JsonError::RecursionLimitExceeded,
        ];
        let said: std::collections::BTreeSet<String> =
            known.iter().map(|e| json_error(e, Lang::Zh)).collect();
        assert_eq!(said.len(), known.len());
        for error in &known {
            assert_ne!(json_error(error, Lang::Zh), error.to_string());
            assert_eq!(json_error(error, Lang::En), error.to_string());
        }
        let other = JsonError::Other("EOF while parsing a list".into());
        assert_eq!(json_error(&other, Lang::Zh), "EOF while parsing a list");
    }

    #[test]
    fn read_failures_keep_the_code_and_the_servers_words() {
        let not_found = Failure::S3 {
            status: 404,
            code: "NoSuchKey".into(),
            message: Some("The specified key does not exist.".into()),
        };
        assert_eq!(
            failure(&not_found, Lang::Zh),
            "NoSuchKey（HTTP 404）：The specified key does not exist."
        );
        assert_eq!(failure(&not_found, Lang::En), not_found.to_string());
        let proxy = Failure::of_error(502, b"<html>Bad Gateway</html>");
        assert_eq!(failure(&proxy, Lang::Zh), "无错误代码（HTTP 502）");
        assert_eq!(failure(&Failure::Cors, Lang::Zh), "被浏览器拦截（CORS）");
        let refusal = session_log::SizeLimit::from_mb(32)
            .refuses(40_000_000)
            .unwrap();
        assert_eq!(
            too_large(&refusal, Lang::Zh),
            "未读取：40 MB 超过单个对象 32 MB 的上限"
        );
        let short = Failure::Short {
            got: 10,
            listed: 20,
        };
        assert_eq!(
            failure(&short, Lang::Zh),
            "应答有 10 字节，列表中为 20 字节"
        );
        let timed_out = Failure::TimedOut("no answer within a minute".into());
        assert_eq!(failure(&timed_out, Lang::En), "no answer within a minute");
        assert_eq!(
            answer(403, "AccessDenied", Lang::En),
            "AccessDenied (HTTP 403)"
        );
        assert_eq!(
            answer(403, "AccessDenied", Lang::Zh),
            "AccessDenied（HTTP 403）"
        );
        assert_eq!(answer(502, "", Lang::En), "no error code (HTTP 502)");
    }

    /// One of each way a read fails, as the page meets them.
    fn every_failure() -> Vec<Failure> {
        vec![
            Failure::S3 {
                status: 403,
                code: "AccessDenied".into(),
                message: None,
            },
            Failure::Network {
                reason: "Failed to fetch".into(),
                lasting: false,
            },
            Failure::Network {
                reason: String::new(),
                lasting: false,
            },
            Failure::TimedOut("no answer within a minute".into()),
            Failure::BrokeOff("network error".into()),
            Failure::Short {
                got: 10,
                listed: 20,
            },
            Failure::NotListing(XmlError::UnexpectedRoot {
                found: "html".into(),
                expected: "ListBucketResult",
            }),
            Failure::NotListing(XmlError::Truncated),
            Failure::NoNewToken,
            Failure::TooLarge {
                size: 3_000_000,
                limit: session_log::SizeLimit::from_mb(2),
            },
            Failure::Overflowed { limit: 32_000_000 },
            Failure::Cors,
            Failure::Unsignable(PresignError::EmptyKey),
        ]
    }

    #[test]
    fn every_read_failure_has_its_own_words_in_each_language() {
        let all = every_failure();
        for lang in [Lang::En, Lang::Zh] {
            let words: std::collections::BTreeSet<String> =
                all.iter().map(|f| failure(f, lang)).collect();
            assert_eq!(words.len(), all.len(), "{words:?}");
        }
        for one in &all {
            let zh = failure(one, Lang::Zh);
            assert_ne!(zh, failure(one, Lang::En));
            assert!(!zh.contains("the "), "{zh}");
        }
        assert_eq!(
            failure(&all[4], Lang::Zh),
            "应答中途断开：network error",
            "the browser's own words are kept"
        );
        assert_eq!(failure(&all[1], Lang::Zh), "请求失败（Failed to fetch）");
    }

    #[test]
    fn every_setting_s3_presign_refuses_is_said_in_chinese() {
        let zh: Vec<(String, String)> = (EndpointProblem::ALL.iter())
            .map(|p| (endpoint_problem(*p, Lang::Zh), p.to_string()))
            .chain(
                BucketProblem::ALL
                    .iter()
                    .map(|p| (bucket_problem(*p, Lang::Zh), p.to_string())),
            )
            .chain(
                CredentialsProblem::ALL
                    .iter()
                    .map(|p| (credentials_problem(*p, Lang::Zh), p.to_string())),
            )
            .collect();
        for (chinese, english) in &zh {
            assert_ne!(chinese, english);
        }
        let distinct: std::collections::BTreeSet<&String> = zh.iter().map(|(z, _)| z).collect();
        assert_eq!(distinct.len(), zh.len());
        assert_eq!(
            endpoint_problem(EndpointProblem::BadPort, Lang::En),
            "the port must be 1 to 65535"
        );
    }
}
