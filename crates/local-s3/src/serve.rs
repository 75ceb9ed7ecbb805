//! The server's loop: it accepts connections on its listener, plays the link, speaks TLS
//! and HTTP/2 when asked, counts the requests being answered, and hands each request to the
//! S3 service behind CORS.

use std::net::TcpListener as StdTcpListener;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;
use tower::Service;
use tower_http::cors::Cors;

use crate::clock::ServerClock;
use crate::faults::Faulty;
use crate::link::{Link, Played};
use crate::tls;

pub(crate) fn run_server(
    listener: StdTcpListener,
    connections: Connections,
    stop: oneshot::Receiver<()>,
    ready: &mpsc::Sender<Result<(), String>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = ready.send(Err(format!("tokio runtime: {e}")));
            return;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                let _ = ready.send(Err(format!("listener: {e}")));
                return;
            }
        };
        let _ = ready.send(Ok(()));
        accept_loop(listener, connections, stop).await;
    });
    // Drops the connection tasks still open; their sockets close with them.
    runtime.shutdown_timeout(Duration::from_secs(2));
}

/// How each connection is answered: the service, the link it goes through, and TLS.
pub(crate) struct Connections {
    pub(crate) service: Arc<Front>,
    pub(crate) link: Link,
    pub(crate) acceptor: Option<TlsAcceptor>,
    pub(crate) in_flight: Arc<InFlight>,
}

/// Requests being answered, now and at the most.
#[derive(Default)]
pub(crate) struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl InFlight {
    /// The most requests answered at once so far.
    pub(crate) fn most(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// Counts a request until the returned guard is dropped.
    fn enter(self: &Arc<Self>) -> Answering {
        let now = self.now.fetch_add(1, Ordering::Relaxed) + 1;
        self.most.fetch_max(now, Ordering::Relaxed);
        Answering(Arc::clone(self))
    }
}

struct Answering(Arc<InFlight>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    connections: Connections,
    mut stop: oneshot::Receiver<()>,
) {
    let Connections {
        service,
        link,
        acceptor,
        in_flight,
    } = connections;
    let played = (!link.is_loopback()).then(|| Played::new(link));
    // TCP's handshake, and TLS 1.3's one more.
    let handshakes = if acceptor.is_some() { 2 } else { 1 };
    loop {
        let stream = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Without it each small answer waits for the client's delayed ACK
                    // (Nagle), some 40 ms a request on loopback; real S3 and MinIO do not.
                    let _ = stream.set_nodelay(true);
                    stream
                }
                Err(_) => {
                    // E.g. too many open files: wait a little rather than spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let service = Arc::clone(&service);
        let played = played.clone();
        let acceptor = acceptor.clone();
        let in_flight = Arc::clone(&in_flight);
        tokio::spawn(async move {
            if let Some(played) = &played {
                played.connect(handshakes).await;
            }
            let handler = hyper::service::service_fn(move |req: Request<Incoming>| {
                let service = Arc::clone(&service);
                let played = played.clone();
                let answering = in_flight.enter();
                async move {
                    let _answering = answering;
                    let mut response = service.serve(req).await?;
                    if let Some(played) = &played {
                        response = played.answer(response).await;
                    }
                    response.headers_mut().insert(
                        HeaderName::from_static("x-amz-request-id"),
                        next_request_id(),
                    );
                    Ok::<_, s3s::HttpError>(response)
                }
            });
            match acceptor {
                Some(acceptor) => {
                    let Ok(stream) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut builder = auto::Builder::new(TokioExecutor::new());
                    builder.http2().max_concurrent_streams(tls::MAX_STREAMS);
                    let _ = builder
                        .serve_connection(TokioIo::new(stream), handler)
                        .await;
                }
                None => {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), handler)
                        .await;
                }
            }
        });
    }
}

/// The S3 service behind its clock and its faults.
pub(crate) type Backend = Faulty<ServerClock>;

/// What answers a connection: the S3 service, with or without CORS.
pub(crate) enum Front {
    Cors(Box<Cors<Backend>>),
    Bare(Backend),
}

impl Front {
    async fn serve(&self, req: Request<Incoming>) -> Result<s3s::HttpResponse, s3s::HttpError> {
        match self {
            Self::Cors(service) => ready_call((**service).clone(), req).await,
            Self::Bare(service) => ready_call(service.clone(), req).await,
        }
    }
}

async fn ready_call<S>(mut service: S, req: Request<Incoming>) -> Result<S::Response, S::Error>
where
    S: Service<Request<Incoming>>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx)).await?;
    service.call(req).await
}

fn next_request_id() -> HeaderValue {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    HeaderValue::from_str(&format!("LOCALS3{id:016X}"))
        .unwrap_or(HeaderValue::from_static("LOCALS3"))
}
