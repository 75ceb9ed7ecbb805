//! A plain static file server for a directory, on `127.0.0.1:<free port>`.
//!
//! It serves the files as they are (tower-http's `ServeDir`: `GET`/`HEAD`,
//! content types from the file extension, `index.html` for directories, 404
//! for anything else) with no rewrite rules, like the dumbest static host the
//! dashboard may be deployed to. It runs on its own thread with its own tokio
//! runtime, so it works from sync and async tests alike, and stops on drop.
//!
//! [`StaticServer::start`] sends no header of its own, as object storage would not;
//! [`StaticServer::start_with_headers`] adds some to every response, as a host that can
//! should add [`security_headers`] (SECURITY.md documents them).

use std::io;
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use http::{HeaderMap, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;
use tower::Service;
use tower_http::services::ServeDir;

/// The response headers SECURITY.md asks hosts that can set headers to send with the
/// dashboard, with `connect-src` narrowed to the one log `endpoint` (`scheme://host[:port]`).
/// The page's own `<meta>` policy stays in force too: a header can only narrow it.
pub fn security_headers(endpoint: &str) -> Vec<(&'static str, String)> {
    let policy = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src data:; connect-src 'self' {endpoint}; base-uri 'none'; form-action 'none'; \
         object-src 'none'; frame-ancestors 'none'"
    );
    vec![
        ("Content-Security-Policy", policy),
        ("Referrer-Policy", "no-referrer".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        ("X-Frame-Options", "DENY".to_owned()),
        ("Cross-Origin-Opener-Policy", "same-origin".to_owned()),
        ("Cross-Origin-Resource-Policy", "same-origin".to_owned()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), usb=(), payment=()".to_owned(),
        ),
        ("Strict-Transport-Security", "max-age=31536000".to_owned()),
    ]
}

/// A running static file server. Dropping it stops the server.
pub struct StaticServer {
    addr: SocketAddr,
    root: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` on a free loopback port.
    ///
    /// Fails if `root` is not a directory or no port can be bound.
    pub fn start(root: impl AsRef<Path>) -> io::Result<Self> {
        Self::start_on(root, 0)
    }

    /// Serves `root` on `port` of 127.0.0.1 (0 picks a free one).
    pub fn start_on(root: impl AsRef<Path>, port: u16) -> io::Result<Self> {
        Self::start_with_headers(root, port, Vec::new())
    }

    /// Serves `root` on `port` of 127.0.0.1 (0 picks a free one), adding `headers` to every
    /// response.
    pub fn start_with_headers(
        root: impl AsRef<Path>,
        port: u16,
        headers: Vec<(&'static str, String)>,
    ) -> io::Result<Self> {
        let mut added = HeaderMap::new();
        for (name, value) in headers {
            let invalid = |e: &dyn std::fmt::Display| {
                io::Error::new(io::ErrorKind::InvalidInput, format!("header {name}: {e}"))
            };
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(&e))?;
            let value = HeaderValue::try_from(value).map_err(|e| invalid(&e))?;
            added.insert(header, value);
        }
        let added = Arc::new(added);
        let root = root.as_ref();
        let root = root.canonicalize().map_err(|err| {
            io::Error::new(
                err.kind(),
                format!("cannot serve {}: {err}", root.display()),
            )
        })?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("cannot serve {}: not a directory", root.display()),
            ));
        }

        // Bind here, so the port is known (and taken) before start() returns.
        let listener = StdTcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let service = ServeDir::new(&root);

        let thread = std::thread::Builder::new()
            .name(format!("static-server-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(err) => {
                            eprintln!("static server on {addr}: {err}");
                            return;
                        }
                    };
                    loop {
                        tokio::select! {
                            _ = &mut stop => break,
                            accepted = listener.accept() => {
                                let stream = match accepted {
                                    Ok((stream, _)) => {
                                        // As in the S3 server: no delayed-ACK wait.
                                        let _ = stream.set_nodelay(true);
                                        stream
                                    }
                                    Err(err) => {
                                        eprintln!("static server on {addr}: accept: {err}");
                                        continue;
                                    }
                                };
                                let (files, added) = (service.clone(), added.clone());
                                let service = hyper::service::service_fn(move |request| {
                                    let (mut files, added) = (files.clone(), added.clone());
                                    async move {
                                        // ServeDir is always ready and never fails.
                                        let mut response = files.call(request).await?;
                                        for (name, value) in added.iter() {
                                            response.headers_mut().insert(name, value.clone());
                                        }
                                        Ok::<_, std::convert::Infallible>(response)
                                    }
                                });
                                tokio::spawn(async move {
                                    // A client hanging up mid-response is not our problem.
                                    let _ = http1::Builder::new()
                                        .serve_connection(TokioIo::new(stream), service)
                                        .await;
                                });
                            }
                        }
                    }
                });
            })?;

        Ok(Self {
            addr,
            root,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The server's base URL, with a trailing slash: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The directory being served (canonicalised).
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
