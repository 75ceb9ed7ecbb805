//! The page's reads of bodies, as many at once as [`s3_read::lanes::Lanes`] finds the link
//! carries: a read starts whenever a lane is free and the listing has queued a key, and each
//! one's end tells the lanes how the storage kept up.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use futures::channel::mpsc::UnboundedReceiver;
use futures::stream::FuturesUnordered;
use futures::StreamExt;
use s3_read::lanes::{Finished, Lanes};

use crate::io::timer;

/// Runs `read` on everything `queue` brings, up to the lanes' limit at once, until the queue
/// is closed and every read is done. `retries` counts the load's requests tried again so far:
/// a read that ends after it went up ended in trouble. `limit_is` hears the limit at the
/// start and whenever it moves.
pub async fn read_all<T, R>(
    queue: UnboundedReceiver<T>,
    mut lanes: Lanes,
    retries: impl Fn() -> u64,
    limit_is: impl Fn(usize),
    read: impl Fn(T) -> R,
) where
    R: Future<Output = ()>,
{
    let mut queue = queue.fuse();
    let mut running: FuturesUnordered<Pin<Box<R>>> = FuturesUnordered::new();
    let mut retried = retries();
    limit_is(lanes.limit());
    futures::future::poll_fn(|cx| loop {
        while running.len() < lanes.limit() {
            match queue.poll_next_unpin(cx) {
                Poll::Ready(Some(item)) => running.push(Box::pin(read(item))),
                Poll::Ready(None) => break,
                Poll::Pending => {
                    lanes.starved();
                    break;
                }
            }
        }
        match running.poll_next_unpin(cx) {
            Poll::Ready(Some(())) => {
                let now = retries();
                let how = if now > retried {
                    Finished::Troubled
                } else {
                    Finished::Read
                };
                retried = now;
                let before = lanes.limit();
                lanes.finished(timer::now_ms(), how);
                if lanes.limit() != before {
                    limit_is(lanes.limit());
                }
            }
            Poll::Ready(None) if queue.is_done() => return Poll::Ready(()),
            _ => return Poll::Pending,
        }
    })
    .await;
}
