//! HTTPS as the ingress speaks it: ALPN picks HTTP/2 for a client that offers it and
//! HTTP/1.1 for one that does not, both answer, and one HTTP/2 connection carries many
//! requests at once.

use std::sync::Arc;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use local_s3::link::Link;
use local_s3::{LocalS3, LocalS3Config};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};

fn server(root: &std::path::Path) -> LocalS3 {
    served(root, Link::default())
}

fn served(root: &std::path::Path, link: Link) -> LocalS3 {
    local_s3::put_object(root, "site", "index.html", b"<title>hello</title>").unwrap();
    let mut config = LocalS3Config::new(root, "AKIDTLSTEST", "tls-test-secret");
    config.public_read = vec!["site".into()];
    config.tls = true;
    config.link = link;
    LocalS3::start(config).unwrap()
}

/// A TLS connection that trusts only `s3`'s certificate, offering `protocols`; with the
/// protocol the server chose.
async fn connect(
    s3: &LocalS3,
    protocols: &[&[u8]],
) -> (
    tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
    Option<Vec<u8>>,
) {
    let mut roots = rustls::RootCertStore::empty();
    let der = s3.certificate().expect("a certificate").der().to_vec();
    roots.add(CertificateDer::from(der)).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = protocols.iter().map(|p| p.to_vec()).collect();
    let tcp = tokio::net::TcpStream::connect(s3.addr()).await.unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap();
    let chosen = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
    (tls, chosen)
}

fn request(s3: &LocalS3) -> http::Request<Empty<Bytes>> {
    http::Request::get(format!("{}/site/index.html", s3.endpoint()))
        .body(Empty::new())
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn http2_is_chosen_when_offered_and_answers_many_at_once() {
    let root = tempfile::tempdir().unwrap();
    // Answers a round trip away, so that requests sent together are answered together.
    let s3 = served(root.path(), Link::new(100, 0));
    assert!(s3.endpoint().starts_with("https://127.0.0.1:"));
    runtime().block_on(async {
        let (tls, chosen) = connect(&s3, &[b"h2", b"http/1.1"]).await;
        assert_eq!(chosen.as_deref(), Some(&b"h2"[..]));
        let (sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tls))
                .await
                .unwrap();
        tokio::spawn(connection);
        // Many requests at once on the one connection, as a page with more than six reads
        // in flight sends them.
        let answers = (0..40).map(|_| {
            let mut sender = sender.clone();
            let request = request(&s3);
            async move {
                let response = sender.send_request(request).await.unwrap();
                assert_eq!(response.version(), http::Version::HTTP_2);
                let status = response.status();
                let body = response.into_body().collect().await.unwrap().to_bytes();
                (status, body)
            }
        });
        for (status, body) in futures_util::future::join_all(answers).await {
            assert_eq!(status, 200);
            assert_eq!(&body[..], b"<title>hello</title>");
        }
    });
    // More than the six a browser sends over HTTP/1.1, on one connection.
    assert!(s3.most_in_flight() > 6, "{}", s3.most_in_flight());
}

#[test]
fn http1_is_chosen_for_a_client_without_http2() {
    let root = tempfile::tempdir().unwrap();
    let s3 = server(root.path());
    runtime().block_on(async {
        let (tls, chosen) = connect(&s3, &[b"http/1.1"]).await;
        assert_eq!(chosen.as_deref(), Some(&b"http/1.1"[..]));
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .unwrap();
        tokio::spawn(connection);
        let response = sender.send_request(request(&s3)).await.unwrap();
        assert_eq!(response.version(), http::Version::HTTP_11);
        assert_eq!(response.status(), 200);
    });
    assert_eq!(s3.most_in_flight(), 1);
}

#[test]
fn each_server_makes_its_own_certificate_and_plain_http_has_none() {
    let root = tempfile::tempdir().unwrap();
    let s3 = server(root.path());
    let certificate = s3.certificate().unwrap();
    // base64 of a SHA-256: 44 characters ending in one `=`.
    let hash = certificate.spki_sha256();
    assert_eq!((hash.len(), hash.ends_with('=')), (44, true), "{hash}");
    // A second server makes a certificate of its own.
    let other_root = tempfile::tempdir().unwrap();
    let other = server(other_root.path());
    assert_ne!(other.certificate().unwrap().spki_sha256(), hash);
    // Plain HTTP has none.
    let plain = LocalS3::start(LocalS3Config::new(root.path(), "AKIDTLSTEST", "secret")).unwrap();
    assert!(plain.certificate().is_none());
    assert!(plain.endpoint().starts_with("http://"));
}
