//! The `api_calls` of a synthetic session: retries after failures, a call still running in
//! a session that never ended, and records in the older (sample-like) or newer layout.

use super::json::Json;
use super::shape::{Feature, Shape};
use super::text;
use super::writer::{call_micros, local_time, pick_model, reasoning, writer_cost};
use super::{below, between};
use fastrand::Rng;

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Success,
    Failed,
    InFlight,
}

struct Plan {
    attempt: u32,
    model: &'static str,
    outcome: Outcome,
}

/// The calls, and what the writer adds up from them for `metadata` and `results`.
pub(crate) struct Calls {
    pub records: Vec<Json>,
    pub success: u64,
    pub failed: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// The writer's running total of its estimates (`+=`, in call order).
    pub cost: f64,
    /// The components of the last successful answer: the session's take-off.
    pub last_components: Vec<Json>,
    /// Whether the last finished call succeeded.
    pub succeeded: bool,
    /// When the last call ended, in microseconds since the epoch.
    pub end: i64,
}

fn plan(rng: &mut Rng, shape: &Shape, main_model: &'static str) -> Vec<Plan> {
    // Features that live in a successful call's tokens or response.
    let needs_success = [
        Feature::LargeResponse,
        Feature::Markup,
        Feature::NumberAsText,
        Feature::CachedTokens,
    ]
    .iter()
    .any(|f| shape.has(*f));
    let needs_call =
        needs_success || shape.has(Feature::FailedCall) || shape.has(Feature::UnknownModel);
    if shape.has(Feature::NeverEnded) && !needs_call && rng.u8(..10) < 3 {
        return Vec::new(); // crashed before its first call
    }
    let steps = if shape.many_calls {
        between(rng, 15, 40)
    } else if shape.old_writer {
        between(rng, 1, 3)
    } else {
        between(rng, 1, 5)
    };
    let forced_failure = shape.has(Feature::FailedCall).then(|| below(rng, steps));
    let mut plans = Vec::new();
    for step in 0..steps {
        // Mostly the session's model; now and then another one for a side task.
        let model = if step == 0 || rng.u8(..100) < 85 {
            main_model
        } else {
            pick_model(rng)
        };
        let mut attempt = 1;
        loop {
            let fails = (forced_failure == Some(step) && attempt == 1)
                || (!shape.old_writer && rng.u8(..100) < 6);
            let outcome = if fails {
                Outcome::Failed
            } else {
                Outcome::Success
            };
            plans.push(Plan {
                attempt,
                model,
                outcome,
            });
            // A failure is retried, mostly, up to three attempts.
            if !fails || attempt == 3 || rng.u8(..4) == 0 {
                break;
            }
            attempt += 1;
        }
    }
    if needs_success && !plans.iter().any(|p| p.outcome == Outcome::Success) {
        plans.push(Plan {
            attempt: 1,
            model: main_model,
            outcome: Outcome::Success,
        });
    }
    if shape.has(Feature::NeverEnded) && rng.bool() {
        plans.push(Plan {
            attempt: 1,
            model: main_model,
            outcome: Outcome::InFlight,
        });
    }
    plans
}

/// The calls of a session whose first call starts after `clock` (microseconds since the
/// epoch); `image_kb` are the sizes of the drawing slices, one sent with each call.
pub(crate) fn generate(
    rng: &mut Rng,
    shape: &Shape,
    main_model: &'static str,
    mut clock: i64,
    image_kb: &[f64],
) -> Calls {
    let plans = plan(rng, shape, main_model);
    let successes: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].outcome == Outcome::Success)
        .collect();
    let first_success = successes.first().copied();
    let large_at = first_success.filter(|_| shape.has(Feature::LargeResponse));
    let text_number_at = first_success.filter(|_| shape.has(Feature::NumberAsText));
    let markup_at = successes
        .last()
        .copied()
        .filter(|_| shape.has(Feature::Markup));

    let mut calls = Calls {
        records: Vec::new(),
        success: 0,
        failed: 0,
        prompt_tokens: 0,
        completion_tokens: 0,
        cost: 0.0,
        last_components: Vec::new(),
        succeeded: plans
            .iter()
            .rev()
            .find(|p| p.outcome != Outcome::InFlight)
            .is_some_and(|p| p.outcome == Outcome::Success),
        end: clock,
    };
    for (i, plan) in plans.iter().enumerate() {
        clock += rng.i64(5_000..2_000_000);
        let start = clock;
        let mut record = Json::obj([
            (
                "call_id",
                format!("call_{}_{}", plan.attempt, start / 1000).into(),
            ),
            ("model", plan.model.into()),
        ]);
        let mut tokens = (0, 0);
        let mut answer = None;
        let mut error = None;
        let duration = match plan.outcome {
            Outcome::InFlight => 0,
            Outcome::Failed => {
                let (kind, message) = text::error(rng, plan.model);
                error = Some(Json::obj([
                    ("type", kind.into()),
                    ("message", message.into()),
                ]));
                rng.i64(200_000..60_000_000)
            }
            Outcome::Success => {
                let count = if large_at == Some(i) {
                    between(rng, 150, 400)
                } else {
                    between(rng, 1, 6)
                };
                let components = text::components(rng, count);
                let mut content = text::answer(rng, &components);
                if markup_at == Some(i) {
                    content = format!("{}\n{content}", text::markup_answer());
                }
                // Python's len(): characters, not bytes.
                let chars = content.chars().count() as u64;
                let mut completion = (chars * rng.u64(35..65) / 100).max(20);
                if reasoning(plan.model) {
                    completion += rng.u64(200..6000);
                }
                let image_tokens = if image_kb.is_empty() {
                    0
                } else {
                    rng.u64(765..1530)
                };
                tokens = (rng.u64(350..2200) + image_tokens, completion);
                calls.last_components = components;
                answer = Some((content, chars));
                call_micros(rng, plan.model)
            }
        };
        if !shape.old_writer {
            let status = match plan.outcome {
                Outcome::Success => "success",
                Outcome::Failed => "failed",
                Outcome::InFlight => "started",
            };
            record.push("status", status.into());
            record.push("start_time", local_time(start).into());
            if plan.outcome != Outcome::InFlight {
                record.push("end_time", local_time(start + duration).into());
                record.push("duration_seconds", (duration as f64 / 1e6).into());
            }
            let slice = if image_kb.is_empty() {
                0
            } else {
                i % image_kb.len()
            };
            record.push(
                "request",
                request(rng, plan.model, slice, image_kb.get(slice).copied()),
            );
        }
        if plan.outcome != Outcome::InFlight {
            let (prompt, completion) = tokens;
            let mut used = Json::obj([
                (
                    "prompt_tokens",
                    if text_number_at == Some(i) {
                        prompt.to_string().into()
                    } else {
                        prompt.into()
                    },
                ),
                ("completion_tokens", completion.into()),
                ("total_tokens", (prompt + completion).into()),
            ]);
            if shape.has(Feature::CachedTokens) && prompt > 0 {
                // OpenAI caches prompts in blocks of 128 tokens.
                let cached = prompt * rng.u64(20..80) / 100 / 128 * 128;
                used.push(
                    "prompt_tokens_details",
                    Json::obj([
                        ("cached_tokens", cached.into()),
                        ("audio_tokens", 0u64.into()),
                    ]),
                );
            }
            if reasoning(plan.model) && plan.outcome == Outcome::Success && !shape.old_writer {
                used.push(
                    "completion_tokens_details",
                    Json::obj([("reasoning_tokens", rng.u64(200..=completion).into())]),
                );
            }
            let cost = writer_cost(plan.model, prompt, completion);
            record.push("tokens_used", used);
            record.push("cost_estimate", cost.into());
            calls.cost += cost;
            calls.prompt_tokens += prompt;
            calls.completion_tokens += completion;
        }
        if let Some((content, chars)) = answer {
            let mut response = Json::obj([
                ("content", content.into()),
                ("content_length", chars.into()),
            ]);
            if !shape.old_writer {
                response.push("finish_reason", "stop".into());
            }
            record.push("response", response);
            calls.success += 1;
        }
        if let Some(error) = error {
            record.push("error", error);
            calls.failed += 1;
        }
        calls.records.push(record);
        clock += duration;
    }
    calls.end = clock;
    calls
}

/// The request as the writer logs it: messages with the image reduced to a placeholder.
fn request(rng: &mut Rng, model: &str, slice: usize, image_kb: Option<f64>) -> Json {
    let mut content = vec![Json::obj([
        ("type", "text".into()),
        ("text", text::user_prompt(rng, slice).into()),
    ])];
    if let Some(kb) = image_kb {
        content.push(Json::obj([
            ("type", "image_url".into()),
            (
                "image_url",
                Json::obj([
                    ("detail", "high".into()),
                    ("url_type", "base64".into()),
                    ("estimated_size_kb", kb.into()),
                ]),
            ),
        ]));
    }
    let mut request = Json::obj([
        ("model", model.into()),
        (
            "messages",
            Json::Arr(vec![
                Json::obj([
                    ("role", "system".into()),
                    ("content", text::SYSTEM_PROMPT.into()),
                ]),
                Json::obj([("role", "user".into()), ("content", Json::Arr(content))]),
            ]),
        ),
    ]);
    // Reasoning models take no temperature and count their limit differently.
    if reasoning(model) {
        request.push("max_completion_tokens", 16000u64.into());
    } else {
        request.push("max_tokens", 4096u64.into());
        request.push("temperature", Json::Float(0.1));
    }
    request
}
