//! The two reads: a listing, page after page ([`Listing`]), and one object ([`Fetch`]).

use s3_presign::{ListObjectsV2Page, PresignError, XmlError};
use session_log::SizeLimit;

use crate::exchange::Target;
use crate::tries::Tries;
use crate::{Answer, Ask, Failed, Failure, Lost, Request};

/// A read driven by its runner: [`next`](Machine::next) says what to do, and each
/// `got`/`probed`/`clock_fixed` takes the result of doing it. Call `next` again after each,
/// until it is [`Ask::Done`].
pub trait Machine {
    /// What a successful read yields: a listing page, or an object's bytes.
    type Output;

    /// What to do next.
    fn next(&mut self) -> Ask;

    /// What came back for [`Ask::Send`]: `Some` with a page or the bytes, or with the
    /// failure that ended the read; `None` while it goes on.
    fn got(&mut self, got: Result<Answer, Lost>) -> Option<Result<Self::Output, Failed>>;

    /// Whether the storage answered [`Ask::Probe`]; this ends the read.
    fn probed(&mut self, answers: bool) -> Option<Failed>;

    /// Whether the clock is now right, after [`Ask::FixClock`]: the request is then signed
    /// again at once, else its refusal ends the read.
    fn clock_fixed(&mut self, fixed: bool) -> Option<Failed>;
}

/// A ListObjectsV2 listing of a prefix, page after page, each page tried by the policy.
/// Flat by default (every key under the prefix, at any depth); with a delimiter, the
/// "folders" come as common prefixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    prefix: String,
    delimiter: Option<String>,
    start_after: Option<String>,
    tries: Tries,
}

/// A prefix as the folder it names, as the page and the CLI list it: `openai_logs` is
/// `openai_logs/`, so that `openai_logs_old/…` is not listed with it; empty is the whole
/// bucket.
pub fn folder(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    }
}

impl Listing {
    /// The keys under `prefix` (empty for the whole bucket).
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            delimiter: None,
            start_after: None,
            tries: Tries::new(Request::new(Target::List {
                prefix: prefix.to_owned(),
                delimiter: None,
                token: None,
                start_after: None,
            })),
        }
    }

    /// Groups keys up to `delimiter` (`/` for folders) into common prefixes.
    pub fn delimiter(mut self, delimiter: &str) -> Self {
        self.delimiter = Some(delimiter.to_owned());
        self.restart(None);
        self
    }

    /// Only the keys after `key` (which S3 ignores once pages continue by token).
    pub fn start_after(mut self, key: &str) -> Self {
        self.start_after = Some(key.to_owned());
        self.restart(None);
        self
    }

    /// Whether the last page came (or the listing failed): [`Machine::next`] is then
    /// [`Ask::Done`].
    pub fn finished(&self) -> bool {
        self.tries.is_over()
    }

    /// Asks for the page `token` continues (the first page for `None`), with fresh tries.
    fn restart(&mut self, token: Option<String>) {
        self.tries = Tries::new(Request::new(Target::List {
            prefix: self.prefix.clone(),
            delimiter: self.delimiter.clone(),
            token,
            start_after: self.start_after.clone(),
        }));
    }
}

impl Machine for Listing {
    type Output = ListObjectsV2Page;

    fn next(&mut self) -> Ask {
        self.tries.next()
    }

    fn got(&mut self, got: Result<Answer, Lost>) -> Option<Result<ListObjectsV2Page, Failed>> {
        let answer = match self.tries.take(got) {
            Ok(answer) => answer,
            Err(ended) => return ended.map(Err),
        };
        let page = match s3_presign::parse_list_objects_v2(&answer.body) {
            Ok(page) => page,
            // Some servers answer 200 with an error document.
            Err(XmlError::ErrorDocument(error)) => {
                let failure = Failure::S3 {
                    status: answer.status,
                    code: error.code,
                    message: error.message,
                };
                return self.tries.fail(failure).map(Err);
            }
            Err(other) => {
                let error = if ends_early(&answer.body, &other) {
                    XmlError::Truncated
                } else {
                    other
                };
                return self.tries.fail(Failure::NotListing(error)).map(Err);
            }
        };
        if !page.is_truncated {
            self.tries.finish();
            return Some(Ok(page));
        }
        match page.next_continuation_token.clone() {
            Some(next) if Some(next.as_str()) != self.tries.request().token() => {
                self.restart(Some(next));
                Some(Ok(page))
            }
            _ => self.tries.fail(Failure::NoNewToken).map(Err),
        }
    }

    fn probed(&mut self, answers: bool) -> Option<Failed> {
        self.tries.probed(answers)
    }

    fn clock_fixed(&mut self, fixed: bool) -> Option<Failed> {
        self.tries.clock_fixed(fixed)
    }
}

/// Whether a body that is not a listing is one cut short: a dropped connection at what
/// looked like its end, or a `Content-Length` that said too little. XML cut anywhere fails
/// to parse in one of many ways (a tag or an entity not closed, text never ended); what
/// shows it is a listing cut short is that it began as one and lacks its closing tag.
fn ends_early(body: &[u8], error: &XmlError) -> bool {
    !matches!(
        error,
        XmlError::UnexpectedRoot { .. } | XmlError::ErrorDocument(_)
    ) && !body.trim_ascii_end().ends_with(b"</ListBucketResult>")
}

/// The bytes of one object, tried by the policy; a body of another length than the listing
/// gave is asked for again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    listed: Option<u64>,
    tries: Tries,
}

impl Fetch {
    /// A read of `key`, `listed` bytes long when the listing gave a size. An object listed
    /// larger than `limit` is not fetched at all: the read fails before any request, with
    /// [`Failure::TooLarge`] and no tries; an empty key fails so too.
    pub fn new(key: &str, listed: Option<u64>, limit: SizeLimit) -> Result<Self, Failed> {
        let refused = |failure| Failed { failure, tries: 0 };
        if key.is_empty() {
            return Err(refused(Failure::Unsignable(PresignError::EmptyKey)));
        }
        if let Some(size) = listed.filter(|&size| limit.refuses(size).is_some()) {
            return Err(refused(Failure::TooLarge { size, limit }));
        }
        Ok(Self {
            listed,
            tries: Tries::new(Request::new(Target::Object {
                key: key.to_owned(),
                limit: limit.bytes(),
            })),
        })
    }
}

impl Machine for Fetch {
    type Output = Vec<u8>;

    fn next(&mut self) -> Ask {
        self.tries.next()
    }

    fn got(&mut self, got: Result<Answer, Lost>) -> Option<Result<Vec<u8>, Failed>> {
        let answer = match self.tries.take(got) {
            Ok(answer) => answer,
            Err(ended) => return ended.map(Err),
        };
        let got = answer.body.len() as u64;
        match self.listed {
            Some(listed) if got != listed => {
                self.tries.fail(Failure::Short { got, listed }).map(Err)
            }
            _ => {
                self.tries.finish();
                Some(Ok(answer.body))
            }
        }
    }

    fn probed(&mut self, answers: bool) -> Option<Failed> {
        self.tries.probed(answers)
    }

    fn clock_fixed(&mut self, fixed: bool) -> Option<Failed> {
        self.tries.clock_fixed(fixed)
    }
}

#[cfg(test)]
mod tests;
