//! A network link between the client and the server, played in the server: a round trip
//! before each answer and before each new connection is ready, and a downstream bandwidth
//! that every answer's body shares. A test or the demo can then meet a distant storage (tens
//! of milliseconds, a few hundred Mbit/s) on loopback, in-process, without root or `tc`.
//!
//! What it plays, against a real link: a request waits one round trip for its answer's head
//! (half to reach the server, half for the head to come back), and a new connection one more
//! for TCP's handshake (and one more again for TLS's). Bodies leave in slices paced by one
//! clock for the whole server, so eight reads at once share the bandwidth as they would share a
//! user's line. Upstream is not limited: a client sends little besides its requests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt as _;
use http::header::{HeaderValue, CONTENT_LENGTH};
use http_body_util::{BodyStream, StreamBody};
use hyper::body::{Body as _, Bytes, Frame};
use tokio::time::Instant;

/// The link's shape; the default is loopback as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Link {
    /// One round trip.
    pub rtt: Duration,
    /// Downstream, in bits per second, shared by every answer; `None` for no limit.
    pub down_bits_per_sec: Option<u64>,
}

impl Link {
    /// A link of `rtt_ms` milliseconds a round trip and `down_mbit` Mbit/s down (0: no limit).
    pub fn new(rtt_ms: u64, down_mbit: u64) -> Self {
        Self {
            rtt: Duration::from_millis(rtt_ms),
            down_bits_per_sec: (down_mbit > 0).then(|| down_mbit.saturating_mul(1_000_000)),
        }
    }

    /// Whether it changes anything.
    pub fn is_loopback(&self) -> bool {
        *self == Self::default()
    }
}

/// Bodies are paced in slices of this many bytes: small enough that answers sharing the link
/// interleave, large enough that the timer is not the work.
const SLICE: usize = 16 * 1024;

/// The link as the server plays it.
#[derive(Debug)]
pub(crate) struct Played {
    link: Link,
    /// When the downstream is next free.
    free_at: Mutex<Instant>,
}

impl Played {
    pub(crate) fn new(link: Link) -> Arc<Self> {
        Arc::new(Self {
            link,
            free_at: Mutex::new(Instant::now()),
        })
    }

    /// A new connection's handshakes, a round trip each.
    pub(crate) async fn connect(&self, handshakes: u32) {
        tokio::time::sleep(self.link.rtt * handshakes).await;
    }

    /// `response`, one round trip later, with its body paced by the downstream.
    pub(crate) async fn answer(self: &Arc<Self>, response: s3s::HttpResponse) -> s3s::HttpResponse {
        tokio::time::sleep(self.link.rtt).await;
        if self.link.down_bits_per_sec.is_none() {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        // A streamed body has no length of its own: keep the one the whole body had.
        if let Some(length) = body.size_hint().exact() {
            parts
                .headers
                .entry(CONTENT_LENGTH)
                .or_insert(HeaderValue::from(length));
        }
        let played = Arc::clone(self);
        let frames = BodyStream::new(body)
            .flat_map(|frame| futures_util::stream::iter(sliced(frame)))
            .then(move |frame| {
                let played = Arc::clone(&played);
                async move {
                    if let Ok(data) = frame.as_ref().map(Frame::data_ref) {
                        played.send(data.map_or(0, Bytes::len)).await;
                    }
                    frame
                }
            });
        http::Response::from_parts(parts, s3s::Body::http_body_unsync(StreamBody::new(frames)))
    }

    /// Waits until `bytes` have gone down the link after everything sent before them.
    async fn send(&self, bytes: usize) {
        let Some(bits_per_sec) = self.link.down_bits_per_sec else {
            return;
        };
        let takes = Duration::from_secs_f64(bytes as f64 * 8.0 / bits_per_sec as f64);
        let done = {
            let mut free_at = self.free_at.lock().unwrap_or_else(|e| e.into_inner());
            let done = (*free_at).max(Instant::now()) + takes;
            *free_at = done;
            done
        };
        tokio::time::sleep_until(done).await;
    }
}

type Sliced = Result<Frame<Bytes>, s3s::StdError>;

/// A data frame in slices of at most [`SLICE`] bytes; any other frame as it is.
fn sliced(frame: Sliced) -> Vec<Sliced> {
    let data = match frame {
        Ok(frame) => match frame.into_data() {
            Ok(data) => data,
            Err(frame) => return vec![Ok(frame)],
        },
        Err(e) => return vec![Err(e)],
    };
    (0..data.len())
        .step_by(SLICE)
        .map(|at| Ok(Frame::data(data.slice(at..(at + SLICE).min(data.len())))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_given_in_milliseconds_and_mbit() {
        let link = Link::new(40, 200);
        assert_eq!(link.rtt, Duration::from_millis(40));
        assert_eq!(link.down_bits_per_sec, Some(200_000_000));
        assert_eq!(Link::new(0, 0), Link::default());
        assert!(Link::new(0, 0).is_loopback());
        assert!(!Link::new(1, 0).is_loopback());
    }

    #[test]
    fn frames_are_sliced_without_losing_a_byte() {
        let data = Bytes::from((0..40_000u32).map(|i| i as u8).collect::<Vec<_>>());
        let slices = sliced(Ok(Frame::data(data.clone())));
        assert_eq!(slices.len(), 3);
        let joined: Vec<u8> = slices
            .into_iter()
            .flat_map(|s| s.unwrap().into_data().unwrap().to_vec())
            .collect();
        assert_eq!(joined, data);
        assert!(sliced(Ok(Frame::data(Bytes::new()))).is_empty());
    }
}
