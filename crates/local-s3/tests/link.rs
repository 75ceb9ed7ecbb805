//! The played link over real HTTP: answers wait their round trips, and bodies share the
//! bandwidth. Only lower bounds are asserted: a link can be slower than played on a busy
//! machine, never faster.

use std::time::{Duration, Instant};

use local_s3::link::Link;
use local_s3::{LocalS3, LocalS3Config};

const RTT: Duration = Duration::from_millis(150);
/// 8 Mbit/s: 1 MB a second.
const DOWN_MBIT: u64 = 8;

fn server(root: &std::path::Path) -> LocalS3 {
    let mut config = LocalS3Config::new(root, "AKIDLINKTEST", "link-test-secret");
    config.public_read = vec!["site".into()];
    config.link = Link::new(RTT.as_millis() as u64, DOWN_MBIT);
    LocalS3::start(config).unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn get(agent: &ureq::Agent, url: &str) -> (Vec<u8>, Option<String>) {
    let mut response = agent.get(url).call().unwrap();
    let length = response
        .headers()
        .get("content-length")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.body_mut().read_to_vec().unwrap(), length)
}

#[test]
fn answers_wait_a_round_trip_and_new_connections_one_more() {
    let root = tempfile::tempdir().unwrap();
    local_s3::put_object(root.path(), "site", "small.txt", b"hello").unwrap();
    let s3 = server(root.path());
    let url = format!("{}/site/small.txt", s3.endpoint());
    let agent = agent();

    let started = Instant::now();
    let (body, length) = get(&agent, &url);
    assert_eq!(
        (body.as_slice(), length.as_deref()),
        (&b"hello"[..], Some("5"))
    );
    assert!(started.elapsed() >= 2 * RTT, "{:?}", started.elapsed());

    // The same connection again: no handshake, one round trip.
    let started = Instant::now();
    get(&agent, &url);
    assert!(started.elapsed() >= RTT, "{:?}", started.elapsed());
}

#[test]
fn bodies_share_the_downstream() {
    let root = tempfile::tempdir().unwrap();
    let body: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    local_s3::put_object(root.path(), "site", "a.bin", &body).unwrap();
    local_s3::put_object(root.path(), "site", "b.bin", &body).unwrap();
    let s3 = server(root.path());

    let started = Instant::now();
    let reads: Vec<_> = ["a.bin", "b.bin"]
        .map(|key| {
            let url = format!("{}/site/{key}", s3.endpoint());
            std::thread::spawn(move || get(&agent(), &url))
        })
        .into_iter()
        .collect();
    for read in reads {
        let (got, length) = read.join().unwrap();
        assert_eq!(length.as_deref(), Some("300000"));
        assert!(got == body, "the body arrives whole and in order");
    }
    // 600,000 bytes at 1 MB/s share one line: 0.6 s, not 0.3 s each side by side.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}
