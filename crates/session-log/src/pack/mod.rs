//! One object's summary (or why it is not a session) as compact bytes, for what keeps
//! summaries: the dashboard's cache in the browser and the summary index in the bucket.
//! Floats are kept bit for bit, so totals summed from packed summaries equal the totals of
//! the load that read the bodies, to the last digit. The key is not kept: the listing or the
//! index entry gives it again. List costs are not kept either: they are priced with the
//! table in force.
//!
//! A field added to the summary types fails to compile here (the literals are exhaustive):
//! write it, and raise [`VERSION`] so that bytes written without it are refused. Typed
//! reasons (why an object is not a session, what a field's second look found) are kept in a
//! compact form of their own ([`reasons`]): a variant added fails to compile there, and
//! changing their shape needs a new [`VERSION`] too.

mod bytes;
mod reasons;

pub(crate) use bytes::{Reader, Writer};

use crate::{CallSummary, Claimed, Loaded, SessionKey, SessionSummary};

/// What [`encode`] writes; whoever stores its bytes stores this beside them.
pub const VERSION: u32 = 3;

const SESSION: u8 = 1;
const INVALID: u8 = 2;

/// `loaded` as bytes.
pub fn encode(loaded: &Loaded) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(256));
    match loaded {
        Loaded::Session(s) => {
            out.byte(SESSION);
            out.text(&s.drawing);
            out.text(&s.session_type);
            out.maybe(&s.task_id, |o, t| o.text(t));
            out.text(&s.status);
            // The start is near the key's time (the writer's local time, hours apart at
            // most), the end near the start.
            let near_key = s.key.started.map_or(0, |t| t.timestamp());
            out.maybe(&s.start, |o, t| o.time_from(t, near_key));
            let near_start = s.start.map_or(near_key, |t| t.and_utc().timestamp());
            out.maybe(&s.end, |o, t| o.time_from(t, near_start));
            out.maybe(&s.duration_seconds, |o, f| o.float(*f));
            out.number(s.calls.len() as u64);
            for call in &s.calls {
                out.maybe(&call.call_id, |o, t| o.text(t));
                out.text(&call.model);
                out.byte(u8::from(call.model_named) | u8::from(call.failed) << 1);
                out.number(call.prompt_tokens);
                out.number(call.completion_tokens);
                out.number(call.cached_tokens);
                out.maybe(&call.logged_cost, |o, f| o.float(*f));
                out.maybe(&call.duration_seconds, |o, f| o.float(*f));
            }
            out.maybe(&s.claimed, |o, c| {
                o.maybe(&c.calls, |o, n| o.number(*n));
                o.maybe(&c.success, |o, n| o.number(*n));
                o.maybe(&c.failed, |o, n| o.number(*n));
                o.maybe(&c.cost, |o, f| o.float(*f));
            });
            out.number(s.problems.len() as u64);
            for problem in &s.problems {
                out.text(&problem.path);
                reasons::write_issue(&mut out, &problem.message);
            }
        }
        Loaded::Invalid { reason, .. } => {
            out.byte(INVALID);
            reasons::write_invalid(&mut out, reason);
        }
    }
    out.0
}

/// What `encode` wrote for the object `key`; `None` for bytes it did not write.
/// Sessions come back unpriced: reprice them.
pub fn decode(key: SessionKey, bytes: &[u8]) -> Option<Loaded> {
    let mut r = Reader(bytes);
    let loaded = match r.byte()? {
        SESSION => {
            let drawing = r.text()?;
            let session_type = r.text()?;
            let task_id = r.maybe(Reader::text)?;
            let status = r.text()?;
            let near_key = key.started.map_or(0, |t| t.timestamp());
            let start = r.maybe(|r| r.time_from(near_key))?;
            let near_start = start.map_or(near_key, |t| t.and_utc().timestamp());
            let end = r.maybe(|r| r.time_from(near_start))?;
            let duration_seconds = r.maybe(Reader::float)?;
            let calls = (0..r.number()?)
                .map(|_| {
                    let call_id = r.maybe(Reader::text)?;
                    let model = r.text()?;
                    let flags = r.byte()?;
                    Some(CallSummary {
                        call_id,
                        model,
                        model_named: flags & 1 != 0,
                        failed: flags & 2 != 0,
                        prompt_tokens: r.number()?,
                        completion_tokens: r.number()?,
                        cached_tokens: r.number()?,
                        logged_cost: r.maybe(Reader::float)?,
                        list_cost: None,
                        duration_seconds: r.maybe(Reader::float)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            let claimed = r.maybe(|r| {
                Some(Claimed {
                    calls: r.maybe(Reader::number)?,
                    success: r.maybe(Reader::number)?,
                    failed: r.maybe(Reader::number)?,
                    cost: r.maybe(Reader::float)?,
                })
            })?;
            let problems = (0..r.number()?)
                .map(|_| {
                    Some(crate::Problem {
                        path: r.text()?,
                        message: reasons::read_issue(&mut r)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Loaded::Session(Box::new(SessionSummary {
                key,
                drawing,
                session_type,
                task_id,
                status,
                start,
                end,
                duration_seconds,
                calls,
                claimed,
                problems,
            }))
        }
        INVALID => Loaded::Invalid {
            key: key.key,
            reason: reasons::read_invalid(&mut r)?,
        },
        _ => return None,
    };
    r.0.is_empty().then_some(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_key, Invalid, KeyKind, PriceTable};

    fn key() -> SessionKey {
        match parse_key(
            "openai_logs/",
            "openai_logs/7/openai_interaction_qto_T1_1750000000.json_0b9cd106.txt",
        ) {
            KeyKind::Session(key) => key,
            KeyKind::Folder | KeyKind::Own => unreachable!(),
        }
    }

    #[test]
    fn a_session_comes_back_exactly_once_repriced() {
        let body = r#"{"session_info": {"drawing_id": 7, "status": "completed",
            "start_time": "2025-06-22T14:14:26.476617", "total_duration_seconds": "1.5",
            "task_id": "任务 1"},
            "api_calls": [{"call_id": "c1", "model": "gpt-4o", "cost_estimate": 0.1234567,
              "tokens_used": {"prompt_tokens": 1000, "completion_tokens": 300000}},
              {"status": "failed", "duration_seconds": 2.25}],
            "metadata": {"total_api_calls": 2, "total_cost_estimate": 0.3}}"#;
        let prices = PriceTable::builtin();
        let read = crate::load(key(), body.as_bytes(), &prices);
        let Loaded::Session(summary) = &read else {
            panic!("{read:?}")
        };
        assert!(
            !summary.problems.is_empty(),
            "the duration as text is a problem"
        );
        let Some(Loaded::Session(mut back)) = decode(key(), &encode(&read)) else {
            panic!("not decoded")
        };
        assert_eq!(back.calls[0].list_cost, None, "list costs are not kept");
        back.reprice(&prices);
        assert_eq!(Loaded::Session(back), read);
    }

    #[test]
    fn an_invalid_object_keeps_its_reason() {
        let read = crate::load(key(), b"{'python': True}", &PriceTable::builtin());
        assert!(matches!(
            &read,
            Loaded::Invalid {
                reason: Invalid::NotJson {
                    error: crate::JsonError::KeyMustBeAString,
                    at: 1
                },
                ..
            }
        ));
        assert_eq!(decode(key(), &encode(&read)), Some(read));
        for reason in [
            Invalid::Empty,
            Invalid::Truncated { at: 22 },
            Invalid::Unreadable {
                message: "invalid type: 任务".into(),
                at: 3,
            },
            Invalid::NotAnObject {
                found: crate::Found::List,
            },
            Invalid::NoSessionInfo,
            Invalid::BadSessionInfo {
                found: crate::Found::Text(None),
            },
        ] {
            let read = Loaded::Invalid {
                key: key().key,
                reason,
            };
            assert_eq!(decode(key(), &encode(&read)), Some(read));
        }
    }

    #[test]
    fn every_kind_of_second_look_comes_back() {
        let body = r#"{"session_info": {"start_time": "soon", "total_duration_seconds": true},
            "api_calls": [3, {"tokens_used": {"prompt_tokens": "12"}}], "metadata": []}"#;
        let read = crate::load(key(), body.as_bytes(), &PriceTable::builtin());
        let Loaded::Session(summary) = &read else {
            panic!("{read:?}")
        };
        let messages: Vec<&crate::Issue> = summary.problems.iter().map(|p| &p.message).collect();
        assert!(
            messages
                .iter()
                .any(|m| matches!(m, crate::Issue::NotATime(t) if t == "soon")),
            "{messages:?}"
        );
        assert!(messages.len() >= 4, "{messages:?}");
        let Some(Loaded::Session(back)) = decode(key(), &encode(&read)) else {
            panic!("not decoded")
        };
        assert_eq!(back.problems, summary.problems);
    }

    #[test]
    fn a_reason_written_as_english_by_an_older_schema_is_refused() {
        let mut bytes = vec![INVALID];
        let mut old = Writer(Vec::new());
        old.text("the object is empty");
        old.maybe(&None::<u64>, |o, n| o.number(*n));
        bytes.extend(old.0);
        assert_eq!(decode(key(), &bytes), None);
    }

    #[test]
    fn bytes_it_did_not_write_are_refused() {
        let read = crate::load(key(), b"{'python': True}", &PriceTable::builtin());
        let bytes = encode(&read);
        assert_eq!(decode(key(), &bytes[..bytes.len() - 1]), None);
        assert_eq!(decode(key(), &[bytes.as_slice(), b"x"].concat()), None);
        assert_eq!(decode(key(), &[9]), None);
        assert_eq!(decode(key(), &[]), None);
    }
}
