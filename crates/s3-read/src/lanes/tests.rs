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
    play_with_bursts(lanes, capacity, latency_ms, reads, troubled, |_| 1.0)
}

/// As [`play`], each read taking `slowdown(i)` times as long: a CPU busy elsewhere.
fn play_with_bursts(
    lanes: &mut Lanes,
    capacity: usize,
    latency_ms: f64,
    reads: usize,
    troubled: impl Fn(usize) -> bool,
    slowdown: impl Fn(usize) -> f64,
) -> Vec<usize> {
    let mut now = 0.0;
    (0..reads)
        .map(|i| {
            now += slowdown(i) * latency_ms / lanes.limit().min(capacity) as f64;
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
    // pay's half, which still covers the 40, and spend most reads there between visits to
    // the double (about a third of the reads: eight windows settled, two at the double).
    let mut lanes = Lanes::adaptive(0.0);
    let limits = play(&mut lanes, 40, 80.0, 5_000, |_| false);
    let settled = &limits[1_000..];
    let covering = settled.iter().filter(|l| (40..MOST).contains(*l)).count();
    assert!(
        covering * 10 >= settled.len() * 6,
        "{covering} of {}",
        settled.len()
    );
    assert!(
        settled.iter().all(|&l| l >= 40),
        "never below what the storage serves"
    );
}

#[test]
fn a_double_that_pays_is_taken_at_its_first_window() {
    let mut lanes = Lanes::adaptive(0.0);
    let limits = play(&mut lanes, 150, 80.0, 2_000, |_| false);
    // Two windows of 2 × 8 reads set the first rate; then one window of 2 × limit at each
    // of 16, 32 and 64: 256 reads, where two windows at every limit took 480.
    let reached = limits.iter().position(|&l| l == MOST).unwrap();
    assert!(reached < 260, "at {MOST} after {reached} reads");
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

/// Bursts of 3× slower reads, 40 reads long, starting at about one read in 60: seeded, so
/// every run plays the same ones.
fn bursts() -> impl Fn(usize) -> f64 {
    let mut slow = Vec::new();
    let (mut seed, mut left) = (0x2545_f491_u64, 0_u32);
    for _ in 0..40_000 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        if left == 0 && (seed >> 33) % 60 == 0 {
            left = 40;
        }
        slow.push(left > 0);
        left = left.saturating_sub(1);
    }
    move |i| if slow[i % slow.len()] { 3.0 } else { 1.0 }
}

#[test]
fn bursts_of_a_busy_cpu_do_not_hold_the_lanes_low() {
    // Over HTTP/2 the lanes reach the most and spend the load near it (over HTTP/1.1 the
    // same bursts push them up: see the module's notes).
    let mut lanes = Lanes::adaptive(0.0);
    let limits = play_with_bursts(&mut lanes, 150, 80.0, 20_000, |_| false, bursts());
    let high = limits.iter().filter(|&&l| l >= MOST / 2).count();
    assert!(high * 10 >= limits.len() * 8, "{high} of {}", limits.len());
}

#[test]
fn settled_lanes_try_the_double_again_and_climb_when_it_pays() {
    // The storage serves 20 at once, then 150: the lanes follow.
    let mut lanes = Lanes::adaptive(0.0);
    play(&mut lanes, 20, 80.0, 3_000, |_| false);
    assert!((16..=32).contains(&lanes.limit()), "{}", lanes.limit());
    play(&mut lanes, 150, 80.0, 5_000, |_| false);
    assert_eq!(lanes.limit(), MOST);
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
