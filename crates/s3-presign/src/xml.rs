//! S3's XML answers: a ListObjectsV2 page, the ListBuckets bucket list and the error document.
//!
//! Bodies come from a server we do not control, so every way XML can be wrong (not UTF-8,
//! malformed, cut short, nested absurdly deep, a number that is not one) is an
//! [`XmlError`] value, never a panic.

use crate::encode;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fmt;

/// Deeper nesting than any S3 answer has is refused rather than followed.
const MAX_DEPTH: usize = 32;

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectEntry {
    /// The key, decoded when the listing was url-encoded.
    pub key: String,
    /// ISO 8601 time, as the server wrote it.
    pub last_modified: Option<String>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// The ETag with its quotes removed; some servers leave it out.
    pub etag: Option<String>,
}

/// One page of a ListObjectsV2 answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListObjectsV2Page {
    /// The bucket name.
    pub name: Option<String>,
    /// The prefix the listing was asked for.
    pub prefix: Option<String>,
    /// The delimiter the listing was asked for.
    pub delimiter: Option<String>,
    /// `StartAfter`, echoed.
    pub start_after: Option<String>,
    /// The objects of this page.
    pub contents: Vec<ObjectEntry>,
    /// The "folders" when a delimiter was given.
    pub common_prefixes: Vec<String>,
    /// More pages follow.
    pub is_truncated: bool,
    /// The token for the next page, when truncated.
    pub next_continuation_token: Option<String>,
    /// The token this page was asked with.
    pub continuation_token: Option<String>,
    /// Keys plus common prefixes in this page, as the server counted them.
    pub key_count: Option<u64>,
    /// The page size limit.
    pub max_keys: Option<u64>,
    /// `url` when keys and prefixes were percent-encoded (they are decoded here).
    pub encoding_type: Option<String>,
}

/// The error document S3 sends with a 4xx or 5xx status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct S3Error {
    /// The machine code: `AccessDenied`, `SignatureDoesNotMatch`, `NoSuchBucket`, ...
    pub code: String,
    /// The server's sentence.
    pub message: Option<String>,
    /// The bucket or object concerned.
    pub resource: Option<String>,
    /// For the server's logs.
    pub request_id: Option<String>,
    /// The server's clock, sent with `RequestTimeTooSkewed`.
    pub server_time: Option<String>,
    /// The time the request claimed, sent with `RequestTimeTooSkewed`.
    pub request_time: Option<String>,
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for S3Error {}

/// Why a body could not be read as the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// The body is not UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The XML itself is broken.
    Malformed {
        /// Byte offset near the problem.
        offset: u64,
        /// What the parser said.
        reason: String,
    },
    /// The document ends before its root element is closed.
    Truncated,
    /// Nested deeper than any S3 answer.
    TooDeep,
    /// The body is an S3 error document, not the answer asked for.
    ErrorDocument(Box<S3Error>),
    /// The root element is not the one expected.
    UnexpectedRoot {
        /// The root element found (empty when there was none).
        found: String,
        /// The root element expected.
        expected: &'static str,
    },
    /// An element holds a value of the wrong form.
    InvalidValue {
        /// The element.
        element: &'static str,
        /// Its text.
        value: String,
    },
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 { offset } => write!(f, "the response is not UTF-8 (byte {offset})"),
            Self::Malformed { offset, reason } => {
                write!(
                    f,
                    "the response is not valid XML near byte {offset}: {reason}"
                )
            }
            Self::Truncated => f.write_str("the response XML ends early (truncated)"),
            Self::TooDeep => f.write_str("the response XML is nested too deeply"),
            Self::ErrorDocument(error) => write!(f, "the server answered with an error: {error}"),
            Self::UnexpectedRoot { found, expected } if found.is_empty() => {
                write!(
                    f,
                    "the response holds no XML element (expected <{expected}>)"
                )
            }
            Self::UnexpectedRoot { found, expected } => {
                write!(f, "the response is <{found}>, expected <{expected}>")
            }
            Self::InvalidValue { element, value } => {
                write!(f, "<{element}> holds an invalid value {value:?}")
            }
        }
    }
}

impl std::error::Error for XmlError {}

/// What the walker reports: an element opens, or a leaf element closes with its text.
enum Step<'a> {
    Open(&'a [String]),
    Leaf(&'a [String], String),
}

/// Walks `body`, checking the root, and calls `visit` for each element.
fn walk(
    body: &[u8],
    root: &'static str,
    mut visit: impl FnMut(Step<'_>) -> Result<(), XmlError>,
) -> Result<(), XmlError> {
    let text = std::str::from_utf8(body).map_err(|e| XmlError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut content = String::new();
    let mut root_seen = false;
    loop {
        let malformed = |reader: &Reader<&[u8]>, e: quick_xml::Error| XmlError::Malformed {
            offset: reader.error_position(),
            reason: e.to_string(),
        };
        let event = reader.read_event().map_err(|e| malformed(&reader, e))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if root_seen {
                        return Err(XmlError::Malformed {
                            offset: reader.buffer_position(),
                            reason: "a second root element".into(),
                        });
                    }
                    root_seen = true;
                    check_root(&name, root, body)?;
                }
                if path.len() == MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                path.push(name);
                content.clear();
                visit(Step::Open(&path))?;
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    check_root(&name, root, body)?;
                    return Ok(());
                }
                path.push(name);
                visit(Step::Open(&path))?;
                visit(Step::Leaf(&path, String::new()))?;
                path.pop();
            }
            Event::Text(t) => {
                let unescaped = t.unescape().map_err(|e| malformed(&reader, e))?;
                content.push_str(&unescaped);
            }
            Event::CData(data) => {
                content.push_str(&String::from_utf8_lossy(&data));
            }
            Event::End(_) => {
                visit(Step::Leaf(&path, std::mem::take(&mut content)))?;
                path.pop();
                if path.is_empty() {
                    return Ok(());
                }
            }
            Event::Eof => {
                return Err(if root_seen {
                    XmlError::Truncated
                } else {
                    XmlError::UnexpectedRoot {
                        found: String::new(),
                        expected: root,
                    }
                });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

fn check_root(found: &str, expected: &'static str, body: &[u8]) -> Result<(), XmlError> {
    if found == expected {
        Ok(())
    } else if found == "Error" {
        Err(XmlError::ErrorDocument(Box::new(parse_error(body)?)))
    } else {
        Err(XmlError::UnexpectedRoot {
            found: found.to_owned(),
            expected,
        })
    }
}

fn number(element: &'static str, value: &str) -> Result<u64, XmlError> {
    value.trim().parse().map_err(|_| XmlError::InvalidValue {
        element,
        value: value.to_owned(),
    })
}

fn names(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// Parses one page of a ListObjectsV2 answer, decoding keys and prefixes when the server
/// says `EncodingType` is `url`.
pub fn parse_list_objects_v2(body: &[u8]) -> Result<ListObjectsV2Page, XmlError> {
    let mut page = ListObjectsV2Page::default();
    walk(body, "ListBucketResult", |step| {
        match step {
            Step::Open(path) => {
                if names(path) == ["ListBucketResult", "Contents"] {
                    page.contents.push(ObjectEntry::default());
                }
            }
            Step::Leaf(path, text) => match names(path).as_slice() {
                ["ListBucketResult", field] => match *field {
                    "Name" => page.name = Some(text),
                    "Prefix" => page.prefix = Some(text),
                    "Delimiter" => page.delimiter = Some(text),
                    "StartAfter" => page.start_after = Some(text),
                    "IsTruncated" => page.is_truncated = text.trim() == "true",
                    "NextContinuationToken" => page.next_continuation_token = Some(text),
                    "ContinuationToken" => page.continuation_token = Some(text),
                    "KeyCount" => page.key_count = Some(number("KeyCount", &text)?),
                    "MaxKeys" => page.max_keys = Some(number("MaxKeys", &text)?),
                    "EncodingType" => page.encoding_type = Some(text),
                    _ => {}
                },
                ["ListBucketResult", "Contents", field] => {
                    let entry = page.contents.last_mut().expect("opened with Contents");
                    match *field {
                        "Key" => entry.key = text,
                        "LastModified" => entry.last_modified = Some(text),
                        "Size" => entry.size = Some(number("Size", &text)?),
                        "ETag" => entry.etag = Some(text.trim_matches('"').to_owned()),
                        _ => {}
                    }
                }
                ["ListBucketResult", "CommonPrefixes", "Prefix"] => page.common_prefixes.push(text),
                _ => {}
            },
        }
        Ok(())
    })?;
    if page.encoding_type.as_deref() == Some("url") {
        decode_listing(&mut page)?;
    }
    Ok(page)
}

fn decode_listing(page: &mut ListObjectsV2Page) -> Result<(), XmlError> {
    let decode = |element: &'static str, value: &mut String| {
        *value = encode::decode_form(value).map_err(|_| XmlError::InvalidValue {
            element,
            value: value.clone(),
        })?;
        Ok::<(), XmlError>(())
    };
    for entry in &mut page.contents {
        decode("Key", &mut entry.key)?;
    }
    for prefix in &mut page.common_prefixes {
        decode("Prefix", prefix)?;
    }
    for (element, field) in [
        ("Prefix", &mut page.prefix),
        ("Delimiter", &mut page.delimiter),
        ("StartAfter", &mut page.start_after),
    ] {
        if let Some(value) = field {
            decode(element, value)?;
        }
    }
    Ok(())
}

/// Parses a ListBuckets answer (`<ListAllMyBucketsResult>`) into the bucket names, in the
/// server's order.
pub fn parse_list_buckets(body: &[u8]) -> Result<Vec<String>, XmlError> {
    let mut buckets = Vec::new();
    walk(body, "ListAllMyBucketsResult", |step| {
        if let Step::Leaf(path, text) = step {
            if names(path) == ["ListAllMyBucketsResult", "Buckets", "Bucket", "Name"] {
                buckets.push(text);
            }
        }
        Ok(())
    })?;
    Ok(buckets)
}

/// Parses an S3 error document (`<Error><Code>…</Code>…</Error>`).
pub fn parse_error(body: &[u8]) -> Result<S3Error, XmlError> {
    let mut error = S3Error::default();
    walk(body, "Error", |step| {
        if let Step::Leaf(path, text) = step {
            if let ["Error", field] = names(path).as_slice() {
                match *field {
                    "Code" => error.code = text,
                    "Message" => error.message = Some(text),
                    "Resource" => error.resource = Some(text),
                    "RequestId" => error.request_id = Some(text),
                    "ServerTime" => error.server_time = Some(text),
                    "RequestTime" => error.request_time = Some(text),
                    _ => {}
                }
            }
        }
        Ok(())
    })?;
    if error.code.is_empty() {
        return Err(XmlError::InvalidValue {
            element: "Code",
            value: String::new(),
        });
    }
    Ok(error)
}
