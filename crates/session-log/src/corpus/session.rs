//! One synthetic session: its key and its document, shaped like the real writer's output
//! (see `docs/log-format.md` in the shared folder), with the odd cases the dashboard must
//! survive switched on by a [`Shape`].

use super::calls;
use super::json::Json;
use super::shape::{Feature, Shape};
use super::text;
use super::writer::{local_time, pick_model, writer_cost, UNKNOWN_MODEL};
use super::{below, between};
use fastrand::Rng;

/// A generated session.
pub(crate) struct Built {
    pub key: String,
    pub drawing: String,
    pub document: Json,
}

/// What the key holds: `(drawing, session_type, task_id)`.
fn key_parts(rng: &mut Rng, shape: &Shape, drawings: u32) -> (String, String, String) {
    const TYPES: [&str; 6] = [
        "drawing_analysis",
        "component_recognition",
        "qto_calculation",
        "vision_ocr",
        "test_session",
        "enhanced_analysis",
    ];
    let drawing = if shape.has(Feature::UnknownDrawing) {
        "unknown".to_owned()
    } else {
        rng.u32(1..=drawings).to_string()
    };
    let mut session_type = TYPES[below(rng, TYPES.len())].to_owned();
    // Task ids with `_` make the key ambiguous, as the shared sample's does.
    let mut task_id = match rng.u8(..4) {
        0 => format!("task_{}", rng.u32(1..5000)),
        1 => format!("T{}", rng.u32(1..1000)),
        2 => format!("{:08x}", rng.u32(..)),
        _ => format!("test_task_{:03}", rng.u32(1..200)),
    };
    if shape.has(Feature::SpaceInKey) {
        if rng.bool() {
            session_type = "batch analysis".into();
        } else {
            task_id = format!("task {}", rng.u32(1..100));
        }
    }
    if shape.has(Feature::PlusInKey) {
        if rng.bool() {
            session_type = "ocr+vision".into();
        } else {
            task_id = format!("A+B-{}", rng.u32(1..100));
        }
    }
    if shape.has(Feature::ChineseInKey) {
        task_id = format!("图纸{}号", rng.u32(1..100));
    }
    (drawing, session_type, task_id)
}

/// Builds the session that starts at `unix` seconds (UTC), in drawing 1 to `drawings`.
pub(crate) fn build(rng: &mut Rng, shape: &Shape, drawings: u32, unix: i64) -> Built {
    let (drawing, session_type, task_id) = key_parts(rng, shape, drawings);
    let session_id = format!("{session_type}_{task_id}_{unix}");
    let key = if shape.has(Feature::NoHash) {
        format!("openai_logs/{drawing}/openai_interaction_{session_id}.json.txt")
    } else {
        let hash = rng.u32(..);
        format!("openai_logs/{drawing}/openai_interaction_{session_id}.json_{hash:08x}.txt")
    };
    let main_model = if shape.has(Feature::UnknownModel) {
        UNKNOWN_MODEL
    } else {
        pick_model(rng)
    };
    let start = unix * 1_000_000 + rng.i64(0..1_000_000);
    let mut clock = start + rng.i64(1_000..200_000);

    // Drawing slices, encoded before the first call.
    let image_count = if shape.old_writer {
        0
    } else {
        between(rng, 1, 6)
    };
    let mut images = Vec::new();
    let mut image_kb = Vec::new();
    for index in 0..image_count {
        let (row, column) = (index / 3, index % 3);
        let filename = format!("slice_{row}_{column}.png");
        let bytes = rng.u64(80_000..1_500_000);
        image_kb.push(text::round2(bytes as f64 / 1024.0));
        clock += rng.i64(20_000..200_000);
        images.push(Json::obj([
            ("index", (index as u64).into()),
            (
                "original_path",
                format!("/app/data/drawings/{drawing}/slices/{filename}").into(),
            ),
            ("filename", filename.into()),
            ("encoded_size_bytes", bytes.into()),
            ("processed_time", local_time(clock).into()),
        ]));
    }

    let calls = calls::generate(rng, shape, main_model, clock, &image_kb);
    let end = calls.end + rng.i64(1_000..500_000);
    let ended = !shape.has(Feature::NeverEnded);

    let mut info = Json::obj([
        ("session_id", session_id.into()),
        ("task_id", task_id.into()),
        (
            "drawing_id",
            match drawing.parse::<u64>() {
                Ok(number) => number.into(),
                Err(_) => drawing.as_str().into(),
            },
        ),
        ("session_type", session_type.into()),
        ("start_time", local_time(start).into()),
        ("end_time", ended.then(|| local_time(end)).into()),
        ("status", if ended { "completed" } else { "started" }.into()),
    ]);
    if ended {
        info.push(
            "total_duration_seconds",
            ((end - start) as f64 / 1e6).into(),
        );
    }

    let mut document = Json::obj([
        ("session_info", info),
        ("api_calls", Json::Arr(calls.records)),
    ]);
    if !shape.old_writer {
        document.push("images", Json::Arr(images));
    }
    if !shape.has(Feature::NoMetadata) {
        let mut claimed_calls = calls.success + calls.failed;
        let mut claimed_failed = calls.failed;
        let mut claimed_cost = calls.cost;
        if shape.has(Feature::MetadataDisagrees) {
            match rng.u8(..3) {
                // Counted the failure as a success.
                0 if calls.failed > 0 => claimed_failed = 0,
                // Added the estimate of a call it did not keep.
                1 => claimed_cost += writer_cost(main_model, 1500, 500),
                // Counted a call it did not keep.
                _ => claimed_calls += 1,
            }
        }
        let mut metadata = Json::obj([
            ("total_api_calls", claimed_calls.into()),
            ("success_calls", (claimed_calls - claimed_failed).into()),
            ("failed_calls", claimed_failed.into()),
            ("total_cost_estimate", claimed_cost.into()),
        ]);
        if !shape.old_writer {
            let tokens = calls.prompt_tokens + calls.completion_tokens;
            metadata.push("total_tokens_used", tokens.into());
            metadata.push("total_prompt_tokens", calls.prompt_tokens.into());
            metadata.push("total_completion_tokens", calls.completion_tokens.into());
            metadata.push("images_processed", (image_count as u64).into());
        }
        document.push("metadata", metadata);
    }
    if ended {
        let mut components = calls.last_components;
        if shape.has(Feature::Markup) {
            components.push(text::markup_component());
        }
        let qto = (!components.is_empty()).then(|| text::listing(rng, &components));
        let mut results = Json::obj([
            ("success", calls.succeeded.into()),
            ("qto_data", qto.into()),
        ]);
        if !shape.old_writer {
            let error_info = (!calls.succeeded)
                .then(|| Json::obj([("message", "图纸分析失败：最后一次API调用未成功".into())]));
            results.push("error_info", error_info.into());
            results.push("result_timestamp", local_time(end).into());
        }
        document.push("results", results);
    }
    Built {
        key,
        drawing,
        document,
    }
}
