//! The lanes against storages played as rates: one that serves `capacity` reads at once,
//! each in `latency_ms`, finishes min(lanes, capacity) / latency reads a millisecond.

use super::*;

/// The limit after each of `reads` reads; `troubled(i)` says whether read `i` needed a retry.
fn play(
    lanes: &mut Lanes,
    capacity: usize,
    latency_ms: f64,
    reads: usize,
    troubled: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut now = 0.0;
    (0..reads)
        .map(|i| {
            now += latency_ms / lanes.limit().min(capacity) as f64;
            let how = if troubled(i) {
                Finished::Troubled
            } else {
                Finished::Read
            };
            lanes.finished(now, how);
            lanes.limit()
        })
        .collect()
}

#[test]
fn over_http1_the_lanes_stay_near_what_six_connections_use() {
    let mut lanes = Lanes::adaptive(0.0);
    let limits = play(&mut lanes, 6, 80.0, 5_000, |_| false);
    assert_eq!(limits[0], START);
    assert_eq!(lanes.limit(), START, "{:?}", &limits[..100]);
    assert!(limits.iter().all(|&l| l <= 2 * START));
}

#[test]
fn over_http2_the_lanes_climb_while_reads_get_faster() {
    let mut lanes = Lanes::adaptive(0.0);
    play(&mut lanes, 150, 80.0, 5_000, |_| false);
    assert_eq!(lanes.limit(), MOST);

    // A storage that serves 40 at once: the lanes settle at the first double that did not
    // pay's half, which still covers the 40.
    let mut lanes = Lanes::adaptive(0.0);
    play(&mut lanes, 40, 80.0, 5_000, |_| false);
    assert!((40..MOST).contains(&lanes.limit()), "{}", lanes.limit());
}

#[test]
fn trouble_halves_the_lanes_once_per_round_then_they_climb_again() {
    let mut lanes = Lanes::adaptive(0.0);
    play(&mut lanes, 150, 80.0, 2_000, |_| false);
    assert_eq!(lanes.limit(), MOST);
    // A burst of 503s: the reads sent before the first back-off do not halve it again.
    let limits = play(&mut lanes, 150, 80.0, 20, |_| true);
    assert_eq!(limits[0], MOST / 2);
    assert!(limits.iter().all(|&l| l == MOST / 2), "{limits:?}");
    // Still troubled once more than a round (48 reads) came in after the back-off: halved
    // again, at the 50th read of trouble.
    let limits = play(&mut lanes, 150, 80.0, 30, |_| true);
    assert_eq!(limits[limits.len() - 2], MOST / 2);
    assert_eq!(lanes.limit(), MOST / 4);
    // Calm again: climbs back.
    play(&mut lanes, 150, 80.0, 5_000, |_| false);
    assert_eq!(lanes.limit(), MOST);
    // Never below the least.
    play(&mut lanes, 150, 80.0, 5_000, |_| true);
    assert_eq!(lanes.limit(), LEAST);
}

#[test]
fn a_starved_window_says_nothing_of_the_limit() {
    let mut lanes = Lanes::adaptive(0.0);
    let mut now = 0.0;
    for _ in 0..1_000 {
        now += 10.0;
        lanes.starved();
        lanes.finished(now, Finished::Read);
    }
    assert_eq!(lanes.limit(), START);
}

#[test]
fn fixed_lanes_never_move() {
    let mut lanes = Lanes::fixed(6);
    play(&mut lanes, 150, 80.0, 2_000, |i| i % 7 == 0);
    assert_eq!(lanes.limit(), 6);
    assert_eq!(Lanes::fixed(0).limit(), 1);
}
