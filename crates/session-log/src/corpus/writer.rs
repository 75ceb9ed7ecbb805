//! The habits of the real writer: its clock, its models and its cost estimate.

use chrono::DateTime;
use fastrand::Rng;

/// The writer ran in China: its naive local times are UTC+8.
const LOCAL_OFFSET_MICROS: i64 = 8 * 3600 * 1_000_000;

/// A model the built-in price table does not know (a fine-tune).
pub(crate) const UNKNOWN_MODEL: &str = "ft:gpt-4o-mini-2024-07-18:smart-qto::A1b2C3d4";

/// (model, weight, seconds a call takes: from, to)
const MODELS: [(&str, u32, u64, u64); 9] = [
    ("gpt-4o-2024-11-20", 34, 4, 30),
    ("gpt-4o-2024-08-06", 10, 4, 30),
    ("gpt-4o-mini", 14, 2, 12),
    ("gpt-4.1", 10, 4, 25),
    ("gpt-4.1-mini", 8, 2, 12),
    ("o3", 5, 20, 120),
    ("o4-mini", 6, 8, 60),
    ("gpt-5", 9, 15, 100),
    (UNKNOWN_MODEL, 4, 3, 20),
];

pub(crate) fn pick_model(rng: &mut Rng) -> &'static str {
    let total: u32 = MODELS.iter().map(|m| m.1).sum();
    let mut ticket = rng.u32(..total);
    for (model, weight, _, _) in MODELS {
        if ticket < weight {
            return model;
        }
        ticket -= weight;
    }
    MODELS[0].0
}

pub(crate) fn call_micros(rng: &mut Rng, model: &str) -> i64 {
    let (from, to) = MODELS
        .iter()
        .find(|m| m.0 == model)
        .map_or((3, 20), |m| (m.2, m.3));
    rng.i64(from as i64 * 1_000_000..to as i64 * 1_000_000)
}

pub(crate) fn reasoning(model: &str) -> bool {
    ["o3", "o4-mini", "gpt-5"].contains(&model)
}

/// The writer's own estimate, in USD, as its Python computes it: per-1K prices matched by
/// name prefix, gpt-4o at 5 and 15 USD per million (the 2024-05-13 snapshot's price, wrong
/// for later snapshots, as in the shared sample), anything unknown priced as gpt-4o. Only
/// the gpt-4o figure is known from the real writer; the rest is a plausible, drifting table.
pub(crate) fn writer_cost(model: &str, prompt: u64, completion: u64) -> f64 {
    const PER_1K: [(&str, f64, f64); 7] = [
        ("gpt-4o-mini", 0.00015, 0.0006),
        ("gpt-4o", 0.005, 0.015),
        ("gpt-4.1-mini", 0.0004, 0.0016),
        ("gpt-4.1", 0.002, 0.008),
        ("o4-mini", 0.0011, 0.0044),
        ("o3", 0.01, 0.04),
        ("gpt-5", 0.00125, 0.01),
    ];
    let (input, output) = PER_1K
        .iter()
        .find(|(name, _, _)| model.starts_with(name))
        .map_or((0.005, 0.015), |&(_, i, o)| (i, o));
    (prompt as f64 / 1000.0) * input + (completion as f64 / 1000.0) * output
}

/// `datetime.isoformat()` of a naive local time: microseconds only when there are some.
pub(crate) fn local_time(micros_utc: i64) -> String {
    let local = DateTime::from_timestamp_micros(micros_utc + LOCAL_OFFSET_MICROS)
        .expect("times of the corpus are in 2025")
        .naive_utc();
    if micros_utc % 1_000_000 == 0 {
        local.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        local.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_estimate_matches_the_shared_sample() {
        // The sample: 100 prompt and 50 completion tokens of gpt-4o-2024-11-20 logged 0.00125.
        assert_eq!(writer_cost("gpt-4o-2024-11-20", 100, 50), 0.00125);
        // And it carries Python's float noise: CPython gives 0.0007499999999999999 here.
        assert_eq!(
            writer_cost("gpt-4o-mini", 1000, 1000),
            0.0007499999999999999
        );
    }

    #[test]
    fn local_times_read_like_python_isoformat() {
        // 1750572866 s is 2025-06-22T06:14:26Z, 14:14:26 in China.
        assert_eq!(
            local_time(1_750_572_866_476_617),
            "2025-06-22T14:14:26.476617"
        );
        assert_eq!(local_time(1_750_572_866_000_000), "2025-06-22T14:14:26");
        assert_eq!(
            local_time(1_750_572_866_000_100),
            "2025-06-22T14:14:26.000100"
        );
    }
}
