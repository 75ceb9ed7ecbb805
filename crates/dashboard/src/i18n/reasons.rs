//! Sentences other code wrote in English, in Chinese: why an object is not a session and
//! which fields were read with a second look (session-log, shared with the English-only
//! CLI), and why an object or listing could not be read (the loader's failures and the
//! browser's). They are fixed shapes, matched here piece by piece; text of a shape this
//! version does not know (a parser message, a server's own words) stays as it was written.
//! English is passed through untouched.

use crate::i18n::locale::Lang;

/// Why an object is not a session (`session_log::Invalid`'s Display, offset included).
pub fn invalid(reason: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_owned();
    }
    let (reason, at) = match reason.rsplit_once(" (at byte ") {
        Some((reason, rest)) => match rest.strip_suffix(')') {
            Some(offset) if offset.bytes().all(|b| b.is_ascii_digit()) => (reason, Some(offset)),
            _ => (reason, None),
        },
        None => (reason, None),
    };
    let mut zh = invalid_zh(reason);
    if let Some(offset) = at {
        zh.push_str(&format!("（位于第 {offset} 字节）"));
    }
    zh
}

fn invalid_zh(reason: &str) -> String {
    match reason {
        "the object is empty" => return "对象为空".to_owned(),
        "the JSON ends early (truncated)" => return "JSON 提前结束（内容被截断）".to_owned(),
        "no session_info: this is JSON, but not a session log" => {
            return "没有 session_info：这是 JSON，但不是会话日志".to_owned()
        }
        _ => {}
    }
    if let Some(parser) = reason.strip_prefix("not JSON: ") {
        return format!("不是 JSON：{}", json_error(parser));
    }
    if let Some(kind) = reason
        .strip_prefix("the document is ")
        .and_then(|rest| rest.strip_suffix(", not a JSON object"))
    {
        return format!("文档是{}，不是 JSON 对象", kind_zh(kind));
    }
    if let Some(message) = reason.strip_prefix("session_info is ") {
        return format!("session_info 有误：{}", problem(message, Lang::Zh));
    }
    reason.to_owned()
}

/// What is odd about a field session-log read with a second look (`Problem::message`).
pub fn problem(message: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return message.to_owned();
    }
    if let Some(text) = message
        .strip_prefix("a number written as text (")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return format!("数字被写成了文本（{text}）");
    }
    for (tail, expected) in [
        (" where a value was expected", "一个值"),
        (" where an object was expected", "对象"),
        (" where a list of calls was expected", "调用列表"),
        (" where a call was expected", "一次调用"),
    ] {
        if let Some(kind) = message.strip_suffix(tail) {
            return format!("此处应为{expected}，实际是{}", kind_zh(kind));
        }
    }
    message.to_owned()
}

/// The kinds of JSON value session-log names, with the value as written when it gives one.
fn kind_zh(kind: &str) -> String {
    if let Some((kind, value)) = kind.split_once(" (") {
        let value = value.strip_suffix(')').unwrap_or(value);
        return format!("{}（{value}）", kind_zh(kind));
    }
    match kind {
        "null" => "null",
        "true/false" => "布尔值",
        "a number" => "数字",
        "a number out of range" => "超出范围的数字",
        "text" => "文本",
        "a list" => "列表",
        "an object" => "对象",
        "any JSON value" => "任意 JSON 值",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// serde_json's syntax errors, as session-log passes them on (without the position).
fn json_error(message: &str) -> String {
    let zh = match message {
        "expected value" => "此处应为一个值",
        "key must be a string" => "键必须是字符串",
        "trailing characters" => "JSON 之后还有多余的字符",
        "trailing comma" => "多余的逗号",
        "invalid escape" => "无效的转义序列",
        "invalid number" => "无效的数字",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" => "无效的 Unicode 码位",
        "lone leading surrogate in hex escape" => "十六进制转义中有孤立的代理项",
        "recursion limit exceeded" => "嵌套层数超出上限",
        "expected ident" => "此处应为 true、false 或 null",
        "expected `:`" => "此处应为冒号 `:`",
        "expected `,` or `}`" => "此处应为 `,` 或 `}`",
        "expected `,` or `]`" => "此处应为 `,` 或 `]`",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "字符串中有控制字符（\\u0000-\\u001F）"
        }
        other => return other.to_owned(),
    };
    zh.to_owned()
}

/// Why an object or listing could not be read (`Failure::reason`, and the network reasons
/// the loader and the browser give).
pub fn unreadable(reason: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_owned();
    }
    let fixed = match reason {
        "blocked by the browser (CORS)" => Some("被浏览器拦截（CORS）"),
        "no answer within a minute" => Some("一分钟内没有应答"),
        "Failed to fetch" => Some("请求失败（Failed to fetch）"),
        "the request failed" => Some("请求失败"),
        "fetch gave no response" => Some("请求没有得到应答"),
        "no window" => Some("页面环境不可用"),
        "the server said more keys follow but gave no new continuation token" => {
            Some("服务器表示还有更多对象，却没有给出新的续传令牌")
        }
        "the storage answered, but its CORS rules do not let this page read the answer" => {
            Some("存储有应答，但其 CORS 规则不允许本页读取应答")
        }
        "connect to the bucket first" => Some("请先连接存储桶"),
        _ => None,
    };
    if let Some(zh) = fixed {
        return zh.to_owned();
    }
    if let Some(rest) = reason.strip_prefix("not a listing: ") {
        return format!("不是对象列表：{rest}");
    }
    if let Some((size, limit)) = reason
        .strip_prefix("not read: ")
        .and_then(|rest| rest.strip_suffix(" for one object"))
        .and_then(|rest| rest.split_once(" is over the limit of "))
    {
        return format!("未读取：{size} 超过单个对象 {limit} 的上限");
    }
    if let Some(rest) = reason.strip_prefix("the answer broke off: ") {
        return format!("应答中途断开：{rest}");
    }
    if let Some((got, listed)) = reason
        .strip_prefix("the answer held ")
        .and_then(|rest| rest.split_once(" bytes, the listing said "))
    {
        return format!("应答有 {got} 字节，列表中为 {listed} 字节");
    }
    // `{code} (HTTP {status})`, then the server's own message, if any.
    let (answer, said) = match reason.split_once("): ") {
        Some((answer, said)) => (format!("{answer})"), Some(said)),
        None => (reason.to_owned(), None),
    };
    let Some((code, status)) = answer
        .strip_suffix(')')
        .and_then(|a| a.rsplit_once(" (HTTP "))
        .filter(|(_, status)| status.bytes().all(|b| b.is_ascii_digit()))
    else {
        return reason.to_owned();
    };
    let code = if code == "no error code" { "" } else { code };
    let answer = answer_in(status, code, Lang::Zh);
    match said {
        Some(said) => format!("{answer}：{said}"),
        None => answer,
    }
}

/// An S3 error answer named for people, as `s3_presign::describe` does in English:
/// `NoSuchKey (HTTP 404)`, `NoSuchKey（HTTP 404）`; no code is `no error code`, `无错误代码`.
pub fn answer(status: u16, code: &str, lang: Lang) -> String {
    answer_in(&status.to_string(), code, lang)
}

fn answer_in(status: &str, code: &str, lang: Lang) -> String {
    match (lang, code) {
        (Lang::En, _) => s3_presign::describe(status.parse().unwrap_or_default(), code),
        (Lang::Zh, "") => format!("无错误代码（HTTP {status}）"),
        (Lang::Zh, code) => format!("{code}（HTTP {status}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh_invalid(bytes: &[u8]) -> String {
        let reason = session_log::parse_session(bytes).unwrap_err().to_string();
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
        assert_eq!(
            invalid("the object is empty", Lang::En),
            "the object is empty"
        );
        // A shape this version does not know stays as written.
        assert_eq!(invalid("something new", Lang::Zh), "something new");
    }

    #[test]
    fn second_looks_are_said_in_chinese() {
        assert_eq!(
            problem("a number written as text (\"100\")", Lang::Zh),
            "数字被写成了文本（\"100\"）"
        );
        assert_eq!(
            problem("true/false where a value was expected", Lang::Zh),
            "此处应为一个值，实际是布尔值"
        );
        assert_eq!(
            problem(
                "a number out of range (-5) where a value was expected",
                Lang::Zh
            ),
            "此处应为一个值，实际是超出范围的数字（-5）"
        );
        assert_eq!(
            problem("text where a list of calls was expected", Lang::Zh),
            "此处应为调用列表，实际是文本"
        );
    }

    #[test]
    fn read_failures_keep_the_code_and_the_servers_words() {
        assert_eq!(
            unreadable(
                "NoSuchKey (HTTP 404): The specified key does not exist.",
                Lang::Zh
            ),
            "NoSuchKey（HTTP 404）：The specified key does not exist."
        );
        assert_eq!(
            unreadable("no error code (HTTP 502)", Lang::Zh),
            "无错误代码（HTTP 502）"
        );
        assert_eq!(
            unreadable("blocked by the browser (CORS)", Lang::Zh),
            "被浏览器拦截（CORS）"
        );
        let too_large = session_log::SizeLimit::from_mb(32)
            .refuses(40_000_000)
            .unwrap();
        assert_eq!(
            unreadable(&too_large, Lang::Zh),
            "未读取：40 MB 超过单个对象 32 MB 的上限"
        );
        assert_eq!(
            unreadable("the answer held 10 bytes, the listing said 20", Lang::Zh),
            "应答有 10 字节，列表中为 20 字节"
        );
        assert_eq!(
            unreadable("no answer within a minute", Lang::En),
            "no answer within a minute"
        );
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
}
