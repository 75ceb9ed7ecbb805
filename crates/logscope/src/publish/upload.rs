//! Putting one file in the bucket, or removing one: a presigned PUT from s3-presign whose
//! `Content-Type` and `Cache-Control` are signed headers (or a presigned DELETE), sent with
//! ureq, retried by s3-read's policy as `stats` retries what may go away by itself, and a
//! failure named as one line a person can act on.

use crate::stats::client::{agent, network, read_answer};
use chrono::Utc;
use s3_presign::{Bucket, Credentials, Expiry, PutObject};
use s3_read::{Failed, Failure, POLICY};

/// A signature need only outlive its one request; each retry is signed anew.
const SIGNED_FOR_SECS: u64 = 900;
/// The answer to a PUT is empty; an error document is a few hundred bytes.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

pub struct Uploader {
    agent: ureq::Agent,
    bucket: Bucket,
    credentials: Credentials,
}

impl Uploader {
    pub fn new(bucket: Bucket, credentials: Credentials) -> Self {
        Self {
            agent: agent(1),
            bucket,
            credentials,
        }
    }

    /// Stores `body` as `key` with the given type and caching.
    pub fn put(&self, put: &PutObject<'_>, body: &[u8]) -> Result<(), Failed> {
        retried(|| self.put_once(put, body))
    }

    /// Removes `key`; a key already gone is not a failure (S3 answers 204 either way).
    pub fn delete(&self, key: &str) -> Result<(), Failed> {
        retried(|| self.delete_once(key))
    }

    fn delete_once(&self, key: &str) -> Result<(), Failure> {
        let expiry = Expiry::from_secs(SIGNED_FOR_SECS).expect("900 s is a valid expiry");
        let url =
            s3_presign::delete_object(&self.bucket, &self.credentials, key, Utc::now(), expiry)
                .map_err(Failure::Unsignable)?;
        let response = self.agent.delete(&url).call().map_err(network)?;
        let answer = read_answer(response, MAX_ANSWER_BYTES)?;
        match answer.status {
            200..=299 | 404 => Ok(()),
            status => Err(Failure::of_error(status, &answer.body)),
        }
    }

    fn put_once(&self, put: &PutObject<'_>, body: &[u8]) -> Result<(), Failure> {
        let expiry = Expiry::from_secs(SIGNED_FOR_SECS).expect("900 s is a valid expiry");
        let signed =
            s3_presign::put_object(&self.bucket, &self.credentials, put, Utc::now(), expiry)
                .map_err(Failure::Unsignable)?;
        let mut request = self.agent.put(&signed.url);
        for (name, value) in &signed.headers {
            request = request.header(*name, value);
        }
        let response = request.send(body).map_err(network)?;
        let answer = read_answer(response, MAX_ANSWER_BYTES)?;
        match answer.status {
            200..=299 => Ok(()),
            status => Err(Failure::of_error(status, &answer.body)),
        }
    }
}

/// `once` until it succeeds or the policy gives up.
fn retried(mut once: impl FnMut() -> Result<(), Failure>) -> Result<(), Failed> {
    let mut tries = 0;
    loop {
        tries += 1;
        let Err(failure) = once() else {
            return Ok(());
        };
        match POLICY.retry(&failure, tries) {
            Some(backoff) => std::thread::sleep(backoff.wait(fastrand::f64())),
            None => return Err(Failed { failure, tries }),
        }
    }
}

/// Where the upload was going, for messages.
pub struct Target<'a> {
    pub bucket: &'a Bucket,
    pub access_key: &'a str,
    /// The folder of the site in the bucket (`logscope/`), or empty.
    pub prefix: &'a str,
}

/// `uploading KEY to bucket B at E: CODE (HTTP n): what to do (what the site looks like
/// now)`, where `done` of `total` files went up before `key`. Never the secret key, nor a
/// signed URL.
pub fn explain(
    failed: &Failed,
    key: &str,
    target: &Target<'_>,
    done: usize,
    total: usize,
) -> String {
    let bucket = target.bucket.name();
    let endpoint = format!("{}://{}", target.bucket.scheme(), target.bucket.host());
    let tries = match failed.tries {
        1 => String::new(),
        n => format!(" (after {n} attempts)"),
    };
    let problem = match &failed.failure {
        Failure::S3 {
            status,
            code,
            message,
        } => {
            let advice = if s3_presign::classify(*status, code) == s3_presign::ErrorKind::Transient
            {
                "the server kept failing: publish again later (files already up are simply \
                 replaced)"
                    .to_owned()
            } else {
                advice(code, message.as_deref(), target, &endpoint)
            };
            format!("{}{tries}: {advice}", s3_presign::describe(*status, code))
        }
        Failure::Network { .. }
        | Failure::TimedOut(_)
        | Failure::BrokeOff(_)
        | Failure::Short { .. }
        | Failure::Cors => format!(
            "cannot reach {endpoint}: {}{tries}: check --endpoint and that the server is up",
            failed.failure
        ),
        Failure::NotListing(_)
        | Failure::NoNewToken
        | Failure::TooLarge { .. }
        | Failure::Overflowed { .. }
        | Failure::Unsignable(_) => format!(
            "{endpoint} gave an answer S3 would not give ({}): is --endpoint the S3 API \
             endpoint?",
            failed.failure
        ),
    };
    let state = if done + 1 == total {
        "every other file went up; visitors still get the previous index.html".to_owned()
    } else {
        format!(
            "{done} of {total} files went up before it; index.html was not replaced, so \
             visitors still get the previous site"
        )
    };
    format!("uploading {key} to bucket {bucket} at {endpoint}: {problem} ({state})")
}

fn advice(code: &str, message: Option<&str>, target: &Target<'_>, endpoint: &str) -> String {
    let bucket = target.bucket.name();
    match code {
        "SignatureDoesNotMatch" => "the secret key does not match the access key: check \
                                    --secret-key or AWS_SECRET_ACCESS_KEY"
            .to_owned(),
        "InvalidAccessKeyId" => format!(
            "the server knows no access key {}: check --access-key or AWS_ACCESS_KEY_ID",
            target.access_key
        ),
        "NoSuchBucket" => format!(
            "there is no bucket {bucket} at {endpoint}: create it (public-read, to host the \
             site) or check --bucket and --endpoint"
        ),
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => format!(
            "these credentials may not write to bucket {bucket}: they need s3:PutObject on \
             arn:aws:s3:::{bucket}/{}*",
            target.prefix
        ),
        "RequestTimeTooSkewed" => {
            "this machine's clock is too far from the server's: set it right".to_owned()
        }
        "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" => {
            "the session token is expired or wrong: get fresh temporary credentials \
             (--session-token or AWS_SESSION_TOKEN)"
                .to_owned()
        }
        "AuthorizationHeaderMalformed"
        | "AuthorizationQueryParametersError"
        | "PermanentRedirect" => format!(
            "the bucket may be in another region than {}: check --region or AWS_REGION",
            target.bucket.region()
        ),
        "EntityTooLarge" => "the file is larger than this server takes in one upload".to_owned(),
        _ => match message {
            Some(message) => format!("the server says: {message}"),
            None => format!("is {endpoint} an S3 endpoint?"),
        },
    }
}
