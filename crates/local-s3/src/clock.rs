//! A server whose clock runs ahead of the real one, for tests of what clients say about
//! clock skew.
//!
//! s3s 0.14.1 reads the time itself (`time::OffsetDateTime::now_utc()` in its signature
//! checks) and takes no clock to inject, so [`ServerClock`] plays the skewed server in front
//! of it: it answers with a `Date` header `ahead` of the real time, and judges each signed
//! request's time by that clock with s3s's own rules, codes and messages (a presigned URL
//! dated more than 15 minutes after the server's time is `RequestTimeTooSkewed`, one older
//! than its `X-Amz-Expires` is `AccessDenied` "Request has expired"; a header-signed request
//! more than 15 minutes either way is `RequestTimeTooSkewed`). s3s's own allowance for
//! requests dated in the future is widened by `ahead`, so it never refuses what the skewed
//! clock accepts: together they answer exactly as s3s would with its clock `ahead` of ours.
//! Only a clock ahead can be played this way (s3s's expiry check cannot be widened), which is
//! the case of a client whose clock is behind the storage's.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use http::header::{HeaderValue, AUTHORIZATION, DATE};
use http::Request;
use s3s::service::S3Service;
use s3s::{s3_error, HttpError, HttpResponse, S3Error};
use tower::Service;

/// The skew s3s allows, in seconds: its `presigned_url_max_skew_time_secs` default, which it
/// also applies to header-signed requests.
pub const MAX_SKEW_SECS: i64 = 900;

/// The S3 service behind a clock `ahead` of the real one (zero: the real clock, untouched).
#[derive(Clone)]
pub struct ServerClock {
    inner: S3Service,
    ahead: Duration,
}

impl ServerClock {
    pub fn new(inner: S3Service, ahead: Duration) -> Self {
        Self { inner, ahead }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::from_std(self.ahead).unwrap_or_default()
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl<B> Service<Request<B>> for ServerClock
where
    S3Service: Service<Request<B>, Response = HttpResponse, Error = HttpError>,
    <S3Service as Service<Request<B>>>::Future: Send + 'static,
{
    type Response = HttpResponse;
    type Error = HttpError;
    type Future = BoxFuture<Result<HttpResponse, HttpError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), HttpError>> {
        Service::<Request<B>>::poll_ready(&mut self.inner, cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        if self.ahead.is_zero() {
            return Box::pin(Service::call(&mut self.inner, req));
        }
        let now = self.now();
        let refused = judge(&req, now).map(|error| error.to_http_response());
        let answer = match refused {
            Some(Ok(response)) => Box::pin(async move { Ok(response) }) as Self::Future,
            _ => Box::pin(Service::call(&mut self.inner, req)),
        };
        Box::pin(async move {
            let mut response = answer.await?;
            if let Ok(value) = HeaderValue::from_str(&http_date(now)) {
                response.headers_mut().insert(DATE, value);
            }
            Ok(response)
        })
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn amz_time(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The error s3s would answer if its clock read `now`, or `None` to let the request through.
/// Requests whose time cannot be read are left to s3s, which refuses them as it does.
fn judge<B>(req: &Request<B>, now: DateTime<Utc>) -> Option<S3Error> {
    let query = req.uri().query().unwrap_or_default();
    if let Some(date) = query_param(query, "X-Amz-Date") {
        let date = amz_time(date)?;
        let expires: i64 = query_param(query, "X-Amz-Expires")?.parse().ok()?;
        let age = (now - date).num_seconds();
        if age < 0 && -age > MAX_SKEW_SECS {
            return Some(s3_error!(
                RequestTimeTooSkewed,
                "request date is later than server time too much"
            ));
        }
        if age > expires {
            return Some(s3_error!(AccessDenied, "Request has expired"));
        }
        return None;
    }
    req.headers().get(AUTHORIZATION)?;
    let date = req.headers().get("x-amz-date")?.to_str().ok()?;
    let date = amz_time(date)?;
    if (now - date).num_seconds().abs() > MAX_SKEW_SECS {
        return Some(s3_error!(
            RequestTimeTooSkewed,
            "request time is too far from server time"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        amz_time(text).unwrap()
    }

    fn presigned(date: &str, expires: u32) -> Request<()> {
        let uri = format!(
            "/logs?list-type=2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={date}\
             &X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=00"
        );
        Request::builder().uri(uri).body(()).unwrap()
    }

    fn code(error: Option<S3Error>) -> Option<String> {
        error.map(|e| e.code().as_str().to_owned())
    }

    #[test]
    fn presigned_times_are_judged_as_s3s_judges_them() {
        let now = at("20250622T120000Z");
        // Signed an hour before the server's time, valid for 15 minutes: expired.
        let old = presigned("20250622T110000Z", 900);
        assert_eq!(code(judge(&old, now)).as_deref(), Some("AccessDenied"));
        // The same, valid for two hours: fine.
        assert_eq!(code(judge(&presigned("20250622T110000Z", 7200), now)), None);
        // Dated 14 minutes ahead: within the allowance; 16 minutes: too skewed.
        assert_eq!(code(judge(&presigned("20250622T121400Z", 900), now)), None);
        assert_eq!(
            code(judge(&presigned("20250622T121600Z", 900), now)).as_deref(),
            Some("RequestTimeTooSkewed")
        );
    }

    #[test]
    fn header_signed_times_are_judged_both_ways() {
        let now = at("20250622T120000Z");
        let signed = |date: &str| {
            Request::builder()
                .uri("/logs")
                .header(AUTHORIZATION, "AWS4-HMAC-SHA256 Credential=x")
                .header("x-amz-date", date)
                .body(())
                .unwrap()
        };
        assert_eq!(code(judge(&signed("20250622T115000Z"), now)), None);
        for date in ["20250622T110000Z", "20250622T130000Z"] {
            assert_eq!(
                code(judge(&signed(date), now)).as_deref(),
                Some("RequestTimeTooSkewed"),
                "{date}"
            );
        }
    }

    #[test]
    fn unsigned_or_unreadable_requests_are_left_to_s3s() {
        let now = at("20250622T120000Z");
        let plain = Request::builder().uri("/logs").body(()).unwrap();
        assert!(judge(&plain, now).is_none());
        assert!(judge(&presigned("yesterday", 900), now).is_none());
    }

    #[test]
    fn dates_are_written_as_http_dates() {
        assert_eq!(
            http_date(at("19941106T084937Z")),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }
}
