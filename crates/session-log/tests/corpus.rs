//! The synthetic corpus keeps its promises: deterministic bytes, keys that say what was put
//! in them, valid sessions that parse, broken objects that do not, and every shape the
//! dashboard must survive. These are properties of the generator; no total is computed
//! from a corpus here (totals are checked against hand-worked fixtures in tests/totals.rs).
#![cfg(feature = "corpus")]

use serde_json::Value;
use session_log::corpus::{generate, invalid_count, Broken, Corpus};
use session_log::{parse_key, parse_session, KeyKind, SessionKey};
use std::collections::BTreeSet;

fn key_of(key: &str) -> SessionKey {
    match parse_key("openai_logs/", key) {
        KeyKind::Session(key) => key,
        KeyKind::Folder | KeyKind::Own => panic!("{key} is a folder"),
    }
}

/// The valid objects of a corpus, as JSON trees.
fn valid_documents(corpus: &Corpus) -> Vec<(&str, Value)> {
    corpus
        .objects
        .iter()
        .zip(&corpus.planned)
        .filter(|(_, planned)| planned.broken.is_none())
        .map(|((key, body), _)| (key.as_str(), serde_json::from_slice(body).unwrap()))
        .collect()
}

fn calls(document: &Value) -> &[Value] {
    document["api_calls"].as_array().unwrap()
}

fn all_calls<'a>(documents: &'a [(&str, Value)]) -> impl Iterator<Item = &'a Value> {
    documents.iter().flat_map(|(_, d)| calls(d))
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let a = generate(42, 200);
    assert_eq!(a, generate(42, 200));
    let b = generate(43, 200);
    assert_ne!(a.objects, b.objects);
    let keys_a: BTreeSet<_> = a.objects.iter().map(|(k, _)| k).collect();
    let keys_b: BTreeSet<_> = b.objects.iter().map(|(k, _)| k).collect();
    assert_ne!(keys_a, keys_b);
}

#[test]
fn sizes_follow_the_documented_rule() {
    // none below 100 sessions, then 1% with a floor of 4
    for (sessions, invalid) in [
        (0, 0),
        (1, 0),
        (99, 0),
        (100, 4),
        (450, 4),
        (500, 5),
        (1000, 10),
    ] {
        assert_eq!(invalid_count(sessions), invalid, "{sessions}");
    }
    for sessions in [0, 1, 14, 100, 200] {
        let corpus = generate(5, sessions);
        let broken = corpus.planned.iter().filter(|p| p.broken.is_some()).count();
        assert_eq!(corpus.objects.len(), sessions + broken);
        assert_eq!(corpus.planned.len(), corpus.objects.len());
        assert_eq!(broken, invalid_count(sessions));
    }
    let kinds: Vec<Broken> = generate(5, 200)
        .planned
        .iter()
        .filter_map(|p| p.broken)
        .collect();
    let kinds: BTreeSet<_> = kinds.iter().map(|k| format!("{k:?}")).collect();
    let first_four: BTreeSet<_> = Broken::ALL[..4].iter().map(|k| format!("{k:?}")).collect();
    assert_eq!(kinds, first_four);
}

#[test]
fn keys_are_unique_and_say_what_was_put_in() {
    for seed in [1, 2, 3] {
        let corpus = generate(seed, 300);
        let keys: BTreeSet<_> = corpus.objects.iter().map(|(k, _)| k).collect();
        assert_eq!(keys.len(), corpus.objects.len(), "keys repeat");
        for ((key, _), planned) in corpus.objects.iter().zip(&corpus.planned) {
            let parsed = key_of(key);
            assert!(key.starts_with(&format!(
                "openai_logs/{}/openai_interaction_",
                planned.drawing
            )));
            assert_eq!(parsed.drawing, planned.drawing, "{key}");
            assert_eq!(parsed.started.unwrap().timestamp(), planned.unix, "{key}");
            assert!(parsed.session_id.ends_with(&format!("_{}", planned.unix)));
            match &parsed.hash {
                Some(hash) => assert!(key.ends_with(&format!(".json_{hash}.txt"))),
                None => assert!(key.ends_with(".json.txt"), "{key}"),
            }
        }
    }
}

#[test]
fn valid_objects_parse_and_broken_ones_do_not() {
    for (seed, sessions) in [(1, 200), (2, 200), (3, 800)] {
        let corpus = generate(seed, sessions);
        let mut kinds = BTreeSet::new();
        for ((key, body), planned) in corpus.objects.iter().zip(&corpus.planned) {
            let parsed = parse_session(body);
            match planned.broken {
                None => {
                    let session = parsed.unwrap_or_else(|e| panic!("{key}: {e}"));
                    let info = &session.info;
                    // The body agrees with the key, as the real writer's do.
                    assert_eq!(info.drawing_id.as_deref(), Some(planned.drawing.as_str()));
                    assert_eq!(
                        info.session_id.as_deref(),
                        Some(key_of(key).session_id.as_str())
                    );
                    // Naive local time in China, the same second as the key's unix time.
                    let start =
                        session_log::parse_time(info.start_time.as_deref().unwrap()).unwrap();
                    assert_eq!(
                        start.and_utc().timestamp() - 8 * 3600,
                        planned.unix,
                        "{key}"
                    );
                }
                Some(kind) => {
                    kinds.insert(format!("{kind:?}"));
                    assert!(parsed.is_err(), "{key} ({kind:?}) parsed");
                    let as_json = serde_json::from_slice::<Value>(body);
                    match kind {
                        Broken::Empty => assert!(body.is_empty()),
                        Broken::Truncated => assert!(as_json.unwrap_err().is_eof(), "{key}"),
                        Broken::NotJson => assert!(as_json.unwrap_err().is_syntax(), "{key}"),
                        Broken::CutMidCharacter => assert!(std::str::from_utf8(body).is_err()),
                        Broken::NoSessionInfo => {
                            let value = as_json.unwrap();
                            assert!(value.get("session_info").is_none());
                            assert!(value.get("api_calls").is_some(), "the rest is there");
                        }
                        Broken::EmptyJsonObject => assert_eq!(body.as_slice(), b"{}"),
                        Broken::NotAnObject => assert!(as_json.unwrap().is_array()),
                        Broken::NullSessionInfo => {
                            assert!(as_json.unwrap()["session_info"].is_null())
                        }
                    }
                }
            }
        }
        if sessions >= 800 {
            assert_eq!(kinds.len(), Broken::ALL.len(), "every kind at 800 sessions");
        }
    }
}

#[test]
fn documents_are_laid_out_like_python_json_dumps() {
    let corpus = generate(9, 50);
    for (key, body) in &corpus.objects {
        let text = std::str::from_utf8(body).unwrap();
        assert!(
            text.starts_with("{\n  \"session_info\": {\n    \"session_id\": "),
            "{key}"
        );
        assert!(
            text.ends_with("\n}"),
            "no newline at the end, as json.dumps: {key}"
        );
        assert!(!text.contains("\\u"), "non-ASCII is not escaped: {key}");
        assert!(!text.contains('\t'), "two-space indent: {key}");
    }
}

#[test]
fn every_required_shape_is_in_a_corpus_of_200() {
    let corpus = generate(2025, 200);
    let documents = valid_documents(&corpus);

    // Failed calls: status failed, an error with type and message, zero tokens.
    let failed: Vec<&Value> = all_calls(&documents)
        .filter(|c| c["status"] == "failed")
        .collect();
    assert!(!failed.is_empty());
    for call in &failed {
        assert!(call["error"]["type"].is_string() && call["error"]["message"].is_string());
        for field in ["prompt_tokens", "completion_tokens", "total_tokens"] {
            assert_eq!(call["tokens_used"][field], 0, "{call}");
        }
    }

    // Sessions that never ended.
    let unended: Vec<&Value> = documents
        .iter()
        .map(|(_, d)| &d["session_info"])
        .filter(|info| info["status"] == "started")
        .collect();
    assert!(!unended.is_empty());
    for info in unended {
        assert!(info.get("end_time").is_some_and(Value::is_null), "{info}");
        assert!(info.get("total_duration_seconds").is_none(), "{info}");
    }

    // Missing metadata, and metadata that disagrees with the calls.
    assert!(documents.iter().any(|(_, d)| d.get("metadata").is_none()));
    let disagrees = documents.iter().any(|(_, d)| {
        let Some(metadata) = d.get("metadata") else {
            return false;
        };
        let calls = calls(d);
        let failed = calls.iter().filter(|c| c["status"] == "failed").count() as u64;
        let cost: f64 = calls
            .iter()
            .filter_map(|c| c["cost_estimate"].as_f64())
            .sum();
        metadata["total_api_calls"].as_u64() != Some(calls.len() as u64)
            || metadata["failed_calls"].as_u64() != Some(failed)
            || (metadata["total_cost_estimate"].as_f64().unwrap() - cost).abs() > 1e-9
    });
    assert!(disagrees);

    // Chinese text, unescaped, in every valid body.
    for ((key, body), planned) in corpus.objects.iter().zip(&corpus.planned) {
        if planned.broken.is_none() && !body.is_empty() {
            let text = std::str::from_utf8(body).unwrap();
            let has_chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let has_calls = text.contains("\"call_id\"");
            assert!(has_chinese || !has_calls, "{key}");
        }
    }

    // Responses of tens of KB; content_length counts characters, as Python's len().
    let contents: Vec<&str> = all_calls(&documents)
        .filter_map(|c| c["response"]["content"].as_str())
        .collect();
    assert!(contents.iter().any(|c| c.len() >= 20_000));
    for call in all_calls(&documents) {
        if let Some(content) = call["response"]["content"].as_str() {
            assert_eq!(
                call["response"]["content_length"],
                content.chars().count(),
                "{call}"
            );
        }
    }

    // Text that looks like HTML.
    assert!(contents
        .iter()
        .any(|c| c.contains("<script>alert(1)</script>")));
    assert!(contents.iter().any(|c| c.contains("<img src=x onerror=")));

    // The unknown drawing; spaces, plus signs and Chinese in keys; keys without a hash.
    let keys: Vec<SessionKey> = corpus.objects.iter().map(|(k, _)| key_of(k)).collect();
    assert!(documents
        .iter()
        .any(|(k, d)| k.starts_with("openai_logs/unknown/")
            && d["session_info"]["drawing_id"] == "unknown"));
    assert!(keys.iter().any(|k| k.session_id.contains(' ')));
    assert!(keys.iter().any(|k| k.session_id.contains('+')));
    assert!(keys.iter().any(|k| !k.session_id.is_ascii()));
    assert!(keys.iter().any(|k| k.hash.is_none()));
    assert!(keys.iter().any(|k| k.hash.is_some()));

    // The model mix, an unknown model included.
    let models: BTreeSet<&str> = all_calls(&documents)
        .filter_map(|c| c["model"].as_str())
        .collect();
    for model in [
        "gpt-4o-2024-11-20",
        "gpt-4o-2024-08-06",
        "gpt-4o-mini",
        "gpt-4.1",
        "gpt-4.1-mini",
        "o3",
        "o4-mini",
        "gpt-5",
    ] {
        assert!(models.contains(model), "{model} missing from {models:?}");
    }
    let priced = session_log::PriceTable::builtin();
    assert!(
        models.iter().any(|m| priced.lookup(m).is_none()),
        "{models:?}"
    );

    // A number written as text.
    assert!(all_calls(&documents).any(|c| c["tokens_used"]["prompt_tokens"].is_string()));
}

#[test]
fn calls_have_the_writers_shapes() {
    let corpus = generate(77, 200);
    let documents = valid_documents(&corpus);
    let mut sample_style = 0;
    for (key, document) in &documents {
        let unix = key_of(key).started.unwrap().timestamp();
        for call in calls(document) {
            // call_{attempt}_{unix_millis}, after the session started.
            let id = call["call_id"].as_str().unwrap();
            let (attempt, millis) = id.strip_prefix("call_").unwrap().split_once('_').unwrap();
            assert!(attempt.parse::<u32>().unwrap() >= 1, "{id}");
            assert!(
                millis.len() == 13 && millis.parse::<i64>().unwrap() >= unix * 1000,
                "{id}"
            );

            // The writer prices gpt-4o-2024-11-20 at 5 and 15 USD per million tokens.
            if call["model"] == "gpt-4o-2024-11-20" && call["status"] != "started" {
                let used = &call["tokens_used"];
                let prompt = match &used["prompt_tokens"] {
                    Value::String(text) => text.parse::<f64>().unwrap(),
                    number => number.as_f64().unwrap(),
                };
                let completion = used["completion_tokens"].as_f64().unwrap();
                let expected = prompt * 5e-6 + completion * 15e-6;
                let logged = call["cost_estimate"].as_f64().unwrap();
                assert!(
                    (logged - expected).abs() < 1e-12,
                    "{id}: {logged} vs {expected}"
                );
            }

            match call.get("request") {
                None => sample_style += 1,
                Some(request) => {
                    for message in request["messages"].as_array().unwrap() {
                        let Some(parts) = message["content"].as_array() else {
                            continue;
                        };
                        for part in parts.iter().filter(|p| p["type"] == "image_url") {
                            let image = part["image_url"].as_object().unwrap();
                            let fields: Vec<&str> = image.keys().map(String::as_str).collect();
                            assert_eq!(fields, ["detail", "estimated_size_kb", "url_type"]);
                        }
                    }
                }
            }
        }
        if let Some(images) = document.get("images") {
            for image in images.as_array().unwrap() {
                for field in [
                    "index",
                    "original_path",
                    "filename",
                    "encoded_size_bytes",
                    "processed_time",
                ] {
                    assert!(
                        image.get(field).is_some(),
                        "{key}: images[] without {field}"
                    );
                }
            }
        }
        if document["session_info"]["status"] == "completed" {
            let results = &document["results"];
            assert!(results["success"].is_boolean(), "{key}");
            assert!(results.get("qto_data").is_some(), "{key}");
        }
    }
    assert!(
        sample_style > 0,
        "some calls are written like the shared sample's"
    );
}

#[test]
fn write_to_lays_out_the_bucket_in_a_folder() {
    let corpus = generate(11, 30);
    let dir = std::env::temp_dir().join(format!("session-log-corpus-{}", std::process::id()));
    corpus.write_to(&dir).unwrap();
    for (key, body) in &corpus.objects {
        assert_eq!(&std::fs::read(dir.join(key)).unwrap(), body, "{key}");
    }
    let drawings = std::fs::read_dir(dir.join("openai_logs")).unwrap().count();
    let expected: BTreeSet<_> = corpus.planned.iter().map(|p| &p.drawing).collect();
    assert_eq!(drawings, expected.len());
    std::fs::remove_dir_all(&dir).unwrap();
}
