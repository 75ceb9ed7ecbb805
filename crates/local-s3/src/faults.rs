//! Faults at a set rate, between the CORS layer and the S3 service, for tests of clients
//! that must ride out a bad network or a storage under load: `503 SlowDown`, `500
//! InternalError`, a connection dropped before any answer, a slow answer, a body cut off
//! part way, a `Content-Length` that says less than the body holds, and an answer that never
//! comes.
//!
//! Which request meets which fault is drawn from a seeded generator, so a run can be played
//! again. Faults sit inside the CORS layer on purpose: an error answer carries CORS headers,
//! as S3's do, and a browser page can read its status. Only `GET`s meet faults; preflights
//! never do.
//!
//! A client with a few tries must be able to get through, or a test of "every valid session
//! loaded" could only pass by luck: [`Faults::max_in_a_row`] caps the faults one path meets
//! in a row. Paths in [`Faults::always`] fail every time, for tests of what a client says
//! about an object that stays unavailable.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::StreamExt as _;
use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use s3s::{HttpError, HttpResponse};
use tower::Service;

/// One way a request can go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `503 SlowDown`, with S3's error document.
    SlowDown,
    /// `500 InternalError`, with S3's error document.
    InternalError,
    /// The connection is closed before any answer.
    Reset,
    /// The right answer, after this long.
    Slow(Duration),
    /// The right status and `Content-Length`, then half the body, then the connection drops.
    Truncated,
    /// A `Content-Length` of half the body: a client reads what looks like a whole answer.
    ShortLength,
    /// No answer at all, until the client gives up.
    Stall,
}

impl Fault {
    /// Every kind, with a slow answer of `slow`.
    pub fn all(slow: Duration) -> Vec<Fault> {
        vec![
            Fault::SlowDown,
            Fault::InternalError,
            Fault::Reset,
            Fault::Slow(slow),
            Fault::Truncated,
            Fault::ShortLength,
            Fault::Stall,
        ]
    }
}

/// What goes wrong, and how often.
#[derive(Debug, Clone)]
pub struct Faults {
    /// The share of `GET`s that meet a fault, from 0 to 1.
    pub rate: f64,
    /// The kinds drawn from, each as likely as the others.
    pub kinds: Vec<Fault>,
    /// The most faults one path (bucket and key, or a bucket's listing of one prefix) meets in
    /// a row before a request of it goes through; `None` for no cap.
    pub max_in_a_row: Option<u32>,
    /// Paths (`/bucket/key`, as requested) answered `500 InternalError` every time.
    pub always: Vec<String>,
    /// The generator's seed.
    pub seed: u64,
}

impl Faults {
    /// `rate` of `GET`s meet one of `kinds`, never more than `max_in_a_row` in a row.
    pub fn new(rate: f64, kinds: Vec<Fault>, max_in_a_row: u32, seed: u64) -> Self {
        Self {
            rate,
            kinds,
            max_in_a_row: Some(max_in_a_row),
            always: Vec::new(),
            seed,
        }
    }
}

/// What the faulty service has done, for tests to check that faults were met at all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FaultCount {
    pub requests: u64,
    pub faults: u64,
    pub by_kind: Vec<(Fault, u64)>,
}

/// The faults and what has been drawn of them.
struct Plan {
    faults: Faults,
    draws: Mutex<Draws>,
}

#[derive(Debug)]
struct Draws {
    rng: fastrand::Rng,
    in_a_row: HashMap<String, u32>,
    count: FaultCount,
}

/// The service `S` with faults in front of it, if any.
#[derive(Clone)]
pub struct Faulty<S> {
    inner: S,
    /// `None`: every request goes straight through, with no lock and no count.
    plan: Option<Arc<Plan>>,
}

impl<S> Faulty<S> {
    pub fn new(inner: S, faults: Option<Faults>) -> Self {
        let plan = faults.map(|faults| {
            let draws = Draws {
                rng: fastrand::Rng::with_seed(faults.seed),
                in_a_row: HashMap::new(),
                count: FaultCount::default(),
            };
            Arc::new(Plan {
                faults,
                draws: Mutex::new(draws),
            })
        });
        Self { inner, plan }
    }

    /// A handle on the count of requests and faults so far; `None` without faults.
    pub fn counter(&self) -> Option<FaultCounter> {
        self.plan.clone().map(FaultCounter)
    }

    /// The fault this request meets, if any.
    fn draw<B>(&self, req: &Request<B>) -> Option<Fault> {
        let Plan { faults, draws } = self.plan.as_deref()?;
        if req.method() != Method::GET {
            return None;
        }
        let path = req.uri().path().to_owned();
        let place = place(req.uri());
        let mut draws = draws.lock().unwrap_or_else(|e| e.into_inner());
        draws.count.requests += 1;
        let fault = if faults.always.contains(&path) {
            Some(Fault::InternalError)
        } else {
            let row = draws.in_a_row.get(&place).copied().unwrap_or(0);
            let capped = faults.max_in_a_row.is_some_and(|max| row >= max);
            let hit = !capped && !faults.kinds.is_empty() && draws.rng.f64() < faults.rate;
            match hit {
                true => Some(faults.kinds[draws.rng.usize(..faults.kinds.len())]),
                false => None,
            }
        };
        match fault {
            Some(fault) => {
                *draws.in_a_row.entry(place).or_insert(0) += 1;
                draws.count.faults += 1;
                match draws.count.by_kind.iter_mut().find(|(k, _)| *k == fault) {
                    Some((_, n)) => *n += 1,
                    None => draws.count.by_kind.push((fault, 1)),
                }
            }
            None => {
                draws.in_a_row.remove(&place);
            }
        }
        fault
    }
}

/// What a request asks for, as the cap on faults in a row counts it: an object's path, or a
/// bucket's path with the prefix it lists, so that two listings of different prefixes (a
/// client's logs and its summary index) each meet their own faults.
fn place(uri: &http::Uri) -> String {
    let prefix = uri
        .query()
        .and_then(|query| query.split('&').find(|param| param.starts_with("prefix=")));
    match prefix {
        Some(prefix) => format!("{}?{prefix}", uri.path()),
        None => uri.path().to_owned(),
    }
}

/// Reads the count of a [`Faulty`] service while it runs.
#[derive(Clone)]
pub struct FaultCounter(Arc<Plan>);

impl FaultCounter {
    pub fn get(&self) -> FaultCount {
        self.0
            .draws
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .count
            .clone()
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl<S, B> Service<Request<B>> for Faulty<S>
where
    S: Service<Request<B>, Response = HttpResponse, Error = HttpError> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = HttpResponse;
    type Error = HttpError;
    type Future = BoxFuture<Result<HttpResponse, HttpError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), HttpError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let fault = self.draw(&req);
        let answer = self.inner.call(req);
        Box::pin(async move {
            match fault {
                None => answer.await,
                Some(Fault::SlowDown) => Ok(error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "SlowDown",
                    "Please reduce your request rate.",
                )),
                Some(Fault::InternalError) => Ok(error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalError",
                    "We encountered an internal error. Please try again.",
                )),
                // An error from the service makes hyper close the connection unanswered.
                Some(Fault::Reset) => Err(HttpError::new(Box::new(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "fault: connection reset",
                )))),
                Some(Fault::Slow(delay)) => {
                    tokio::time::sleep(delay).await;
                    answer.await
                }
                Some(Fault::Truncated) => cut(answer.await?, false).await,
                Some(Fault::ShortLength) => cut(answer.await?, true).await,
                Some(Fault::Stall) => std::future::pending().await,
            }
        })
    }
}

/// An S3 error answer.
fn error(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Error><Code>{code}</Code><Message>{message}</Message></Error>"
    );
    let mut response = Response::new(s3s::Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/xml"));
    response
}

/// The answer with its body spoiled: half of it then a dropped connection (`short_length`
/// false), or all of it behind a `Content-Length` of half (true). Error answers pass as
/// they are.
async fn cut(response: HttpResponse, short_length: bool) -> Result<HttpResponse, HttpError> {
    if !response.status().is_success() {
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let whole = BodyExt::collect(body)
        .await
        .map_err(HttpError::new)?
        .to_bytes();
    let half = whole.slice(..whole.len() / 2);
    let declared = if short_length {
        half.len()
    } else {
        whole.len()
    };
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(declared));
    // A stream, not one buffer: hyper would otherwise trust the buffer's own length. The
    // pause lets hyper send the head and the half before the error closes the connection.
    let first =
        futures_util::stream::iter([Ok(Frame::data(if short_length { whole } else { half }))]);
    let then = futures_util::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "fault: body cut off",
        ))
    });
    let frames = match short_length {
        true => first.boxed(),
        false => first.chain(then).boxed(),
    };
    let body = StreamBody::new(frames);
    Ok(Response::from_parts(
        parts,
        s3s::Body::http_body_unsync(body),
    ))
}
