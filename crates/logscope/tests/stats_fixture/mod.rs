//! Session logs written for the `stats` tests, and the totals they must add up to, computed
//! here by plain arithmetic over what was written (never by session-log, which is under test).

#![allow(dead_code)] // Each test file uses its own part.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One API call as the writer logs it.
#[derive(Clone)]
pub struct Call {
    pub model: &'static str,
    pub prompt: u64,
    pub completion: u64,
    /// The writer's estimate; `None` leaves `cost_estimate` out ("unpriced").
    pub cost: Option<f64>,
    pub failed: bool,
}

/// The shared sample: `../shared/sample` beside the clone.
pub fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sample")
}

pub const SAMPLE_KEY: &str =
    "openai_logs/1/openai_interaction_test_session_test_task_001_1750572866.json_0b9cd106.txt";

/// The sample's one call, as its file says.
pub fn sample_calls() -> Vec<Call> {
    vec![Call {
        model: "gpt-4o-2024-11-20",
        prompt: 100,
        completion: 50,
        cost: Some(0.00125),
        failed: false,
    }]
}

pub fn sample_bytes() -> Vec<u8> {
    std::fs::read(sample_dir().join(SAMPLE_KEY)).expect("the shared sample is beside the clone")
}

/// Calls that vary with `i`: one to three, four models (one the price table does not know),
/// some failed with zero tokens, some without a cost estimate.
pub fn calls_for(i: usize) -> Vec<Call> {
    const MODELS: [&str; 4] = ["gpt-4o-mini", "gpt-4.1", "o3-mini", "my-finetune"];
    (0..1 + i % 3)
        .map(|j| {
            let failed = (i + j).is_multiple_of(17);
            Call {
                model: MODELS[(i + j) % 4],
                prompt: if failed {
                    0
                } else {
                    100 + ((i * 7 + j) % 900) as u64
                },
                completion: if failed {
                    0
                } else {
                    20 + ((i + 3 * j) % 300) as u64
                },
                cost: (!(i + j).is_multiple_of(11))
                    .then(|| (i % 50 + 1) as f64 * 1e-4 + j as f64 * 1e-5),
                failed,
            }
        })
        .collect()
}

/// A session document in the writer's shape. `drawing_id` goes into `session_info` when
/// given (as a number when it is one, as the writer does).
pub fn document(session: &str, drawing_id: Option<&str>, calls: &[Call]) -> String {
    let drawing = drawing_id.map(|d| d.parse::<i64>().map_or_else(|_| json!(d), |n| json!(n)));
    let api_calls: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(n, call)| {
            let mut record = json!({
                "call_id": format!("call_{}_1750572866{n:03}", n + 1),
                "model": call.model,
                "status": if call.failed { "failed" } else { "success" },
                "tokens_used": {
                    "prompt_tokens": call.prompt,
                    "completion_tokens": call.completion,
                    "total_tokens": call.prompt + call.completion,
                },
                "response": {"content": "{\"components\": []}", "content_length": 18},
            });
            if let Some(cost) = call.cost {
                record["cost_estimate"] = json!(cost);
            }
            if call.failed {
                record["error"] = json!({"type": "RateLimitError", "message": "slow down"});
            }
            record
        })
        .collect();
    let failed = calls.iter().filter(|c| c.failed).count();
    let mut doc = json!({
        "session_info": {
            "session_id": session,
            "session_type": "qto",
            "start_time": "2025-06-22T14:14:26.476617",
            "end_time": "2025-06-22T14:15:26.000000",
            "status": "completed",
            "total_duration_seconds": 59.5,
        },
        "api_calls": api_calls,
        "metadata": {
            "total_api_calls": calls.len(),
            "success_calls": calls.len() - failed,
            "failed_calls": failed,
        },
        "results": {"success": true, "qto_data": {"components": []}},
    });
    if let Some(drawing) = drawing {
        doc["session_info"]["drawing_id"] = drawing;
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

#[derive(Default, Debug, Clone, Copy)]
pub struct ModelSums {
    pub calls: u64,
    pub prompt: u64,
    pub completion: u64,
    pub cost: f64,
}

#[derive(Default, Debug, Clone, Copy)]
pub struct DrawingSums {
    pub sessions: u64,
    pub calls: u64,
    pub cost: f64,
}

/// What the report must say.
#[derive(Default, Debug)]
pub struct Expected {
    pub sessions: u64,
    pub calls: u64,
    pub failed_calls: u64,
    pub prompt: u64,
    pub completion: u64,
    pub cost: f64,
    pub unpriced: u64,
    pub by_model: BTreeMap<String, ModelSums>,
    pub by_drawing: BTreeMap<String, DrawingSums>,
    /// Keys of the objects that are not sessions.
    pub invalid: Vec<String>,
}

impl Expected {
    pub fn add(&mut self, drawing: &str, calls: &[Call]) {
        self.sessions += 1;
        let group = self.by_drawing.entry(drawing.to_owned()).or_default();
        group.sessions += 1;
        for call in calls {
            let cost = call.cost.unwrap_or(0.0);
            self.calls += 1;
            self.failed_calls += u64::from(call.failed);
            self.prompt += call.prompt;
            self.completion += call.completion;
            self.cost += cost;
            self.unpriced += u64::from(call.cost.is_none());
            group.calls += 1;
            group.cost += cost;
            let model = self.by_model.entry(call.model.to_owned()).or_default();
            model.calls += 1;
            model.prompt += call.prompt;
            model.completion += call.completion;
            model.cost += cost;
        }
    }

    /// Compares with `logscope stats --json`: counts exactly, money to a billionth.
    pub fn check(&self, report: &Value) {
        let int = |v: &Value, field: &str| {
            v[field]
                .as_u64()
                .unwrap_or_else(|| panic!("{field} is not a count: {v}"))
        };
        let money = |v: &Value, field: &str, expected: f64| {
            let got = v[field].as_f64().unwrap_or_else(|| panic!("{field}: {v}"));
            assert!(
                (got - expected).abs() < 1e-9,
                "{field}: {got} != {expected}"
            );
        };
        assert_eq!(int(report, "sessions"), self.sessions, "sessions");
        assert_eq!(int(report, "invalid"), self.invalid.len() as u64, "invalid");
        assert_eq!(int(report, "calls"), self.calls, "calls");
        assert_eq!(
            int(report, "failed_calls"),
            self.failed_calls,
            "failed_calls"
        );
        assert_eq!(int(report, "prompt_tokens"), self.prompt, "prompt_tokens");
        assert_eq!(int(report, "completion_tokens"), self.completion);
        assert_eq!(int(report, "total_tokens"), self.prompt + self.completion);
        assert_eq!(
            int(report, "unpriced_calls"),
            self.unpriced,
            "unpriced_calls"
        );
        money(report, "cost_usd", self.cost);

        let models = report["by_model"].as_object().expect("by_model");
        assert_eq!(
            models.keys().collect::<Vec<_>>(),
            self.by_model.keys().collect::<Vec<_>>()
        );
        for (name, sums) in &self.by_model {
            let got = &models[name];
            assert_eq!(int(got, "calls"), sums.calls, "{name}");
            assert_eq!(int(got, "prompt_tokens"), sums.prompt, "{name}");
            assert_eq!(int(got, "completion_tokens"), sums.completion, "{name}");
            money(got, "cost_usd", sums.cost);
        }

        let drawings = report["by_drawing"].as_object().expect("by_drawing");
        assert_eq!(
            drawings.keys().collect::<Vec<_>>(),
            self.by_drawing.keys().collect::<Vec<_>>()
        );
        for (name, sums) in &self.by_drawing {
            let got = &drawings[name];
            assert_eq!(int(got, "sessions"), sums.sessions, "drawing {name}");
            assert_eq!(int(got, "calls"), sums.calls, "drawing {name}");
            money(got, "cost_usd", sums.cost);
        }

        let invalid = report["invalid_objects"]
            .as_array()
            .expect("invalid_objects");
        let keys: Vec<&str> = invalid.iter().map(|o| o["key"].as_str().unwrap()).collect();
        assert_eq!(keys, self.invalid, "invalid objects");
        for object in invalid {
            let reason = object["reason"].as_str().unwrap_or_default();
            assert!(
                !reason.trim().is_empty(),
                "an invalid object says why: {object}"
            );
        }
    }
}
