//! The sessions table's logic, apart from the DOM: which sessions a filter keeps, in which
//! order, and which rows a scrolled viewport needs, so that 100,000 sessions cost a few dozen
//! DOM rows.

use crate::route::{Filter, SortKey};
use session_log::series::session_day;
use session_log::{Check, SessionSummary};
use std::cmp::Ordering;

/// A row of the table: a session's summary (built from its key alone until its body is read)
/// and what the listing said about the object.
pub trait Entry {
    /// The session as far as it is known.
    fn summary(&self) -> &SessionSummary;
    /// The object's size in bytes, from the listing.
    fn size(&self) -> u64 {
        0
    }
}

impl Entry for SessionSummary {
    fn summary(&self) -> &SessionSummary {
        self
    }
}

/// Whether `session` passes every part of `filter`, for a reader `offset_minutes` east of
/// UTC (the zone its days are in).
pub fn keeps(filter: &Filter, session: &SessionSummary, offset_minutes: i32) -> bool {
    let day = || start_day(session, offset_minutes);
    filter
        .drawing
        .as_ref()
        .is_none_or(|d| &session.drawing == d)
        && filter
            .model
            .as_ref()
            .is_none_or(|m| session.calls.iter().any(|c| &c.model == m))
        && filter.status.as_ref().is_none_or(|s| match s.as_str() {
            "failed" => session.failed_calls() > 0,
            status => session.status == status,
        })
        && filter
            .from
            .as_ref()
            .is_none_or(|from| day().is_some_and(|d| &d >= from))
        && filter
            .to
            .as_ref()
            .is_none_or(|to| day().is_some_and(|d| &d <= to))
        && filter
            .text
            .as_ref()
            .is_none_or(|text| matches_text(session, text))
        && filter.check.as_deref().is_none_or(|name| match name {
            "any" => Check::ALL.into_iter().any(|c| c.fails(session)),
            name => Check::from_name(name).is_some_and(|c| c.fails(session)),
        })
        && (filter.min_ms.is_none() && filter.max_ms.is_none()
            || session.duration_seconds.is_some_and(|secs| {
                let ms = secs * 1000.0;
                filter.min_ms.is_none_or(|min| ms >= min as f64)
                    && filter.max_ms.is_none_or(|max| ms < max as f64)
            }))
}

/// `YYYY-MM-DD` of the day the session started, as the charts count it (see
/// [`session_day`]), so that a chart's bar and the table it links to agree.
fn start_day(session: &SessionSummary, offset_minutes: i32) -> Option<String> {
    session_day(session, offset_minutes).map(|day| day.to_string())
}

/// Case-insensitive, over the ids a person would paste: key, session id, task, drawing, type.
/// ASCII case only: ids are written in Latin letters, digits and CJK (which has no case), and
/// Unicode case tables would weigh more in the wasm than they could ever help here.
fn matches_text(session: &SessionSummary, text: &str) -> bool {
    let needle = text.trim().to_ascii_lowercase();
    [
        Some(session.key.key.as_str()),
        Some(session.key.session_id.as_str()),
        session.task_id.as_deref(),
        Some(session.drawing.as_str()),
        Some(session.session_type.as_str()),
    ]
    .into_iter()
    .flatten()
    .any(|id| id.to_ascii_lowercase().contains(&needle))
}

fn compare<E: Entry>(key: SortKey, x: &E, y: &E, offset_minutes: i32) -> Ordering {
    let (a, b) = (x.summary(), y.summary());
    // Naive starts are in the reader's zone; a key's time is moved into it to compare.
    let by_start = |s: &SessionSummary| {
        s.start.or_else(|| {
            s.key.started.and_then(|t| {
                t.naive_utc()
                    .checked_add_signed(chrono::TimeDelta::minutes(offset_minutes.into()))
            })
        })
    };
    match key {
        SortKey::Start => by_start(a).cmp(&by_start(b)),
        SortKey::Drawing => natural(&a.drawing, &b.drawing),
        SortKey::SessionType => a.session_type.cmp(&b.session_type),
        SortKey::Task => a.task_id.cmp(&b.task_id),
        SortKey::Status => a.status.cmp(&b.status),
        SortKey::Calls => a.calls.len().cmp(&b.calls.len()),
        SortKey::Failed => a.failed_calls().cmp(&b.failed_calls()),
        SortKey::Tokens => a.tokens().cmp(&b.tokens()),
        SortKey::Cost => a.logged_cost().total_cmp(&b.logged_cost()),
        SortKey::Duration => a
            .duration_seconds
            .unwrap_or(-1.0)
            .total_cmp(&b.duration_seconds.unwrap_or(-1.0)),
        SortKey::Size => x.size().cmp(&y.size()),
    }
}

/// Drawing ids are mostly numbers: `9` before `10`, and names after numbers.
pub fn natural(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// The indices of the sessions `filter` keeps (days in a zone `offset_minutes` east of UTC),
/// in its order; ties keep key order so the table does not shuffle as sessions arrive.
pub fn arrange<E: Entry>(filter: &Filter, sessions: &[E], offset_minutes: i32) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..sessions.len())
        .filter(|&i| keeps(filter, sessions[i].summary(), offset_minutes))
        .collect();
    session_log::sort::by(&mut kept, |&i, &j| {
        ordering(filter, &sessions[i], &sessions[j], offset_minutes)
    });
    kept
}

/// Where `a` goes against `b` in `filter`'s order; ties in key order.
fn ordering<E: Entry>(filter: &Filter, a: &E, b: &E, offset_minutes: i32) -> Ordering {
    let order = compare(filter.sort, a, b, offset_minutes);
    let order = if filter.ascending {
        order
    } else {
        order.reverse()
    };
    order.then_with(|| a.summary().key.key.cmp(&b.summary().key.key))
}

/// [`arrange`]d rows kept up to date as rows change, without sorting them all again: at
/// 100,000 sessions a full sort every time more bodies arrive held the page for longer than
/// a frame. Rows that changed are taken out and put back in their place by binary search.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrangement {
    filter: Filter,
    offset_minutes: i32,
    order: Vec<usize>,
}

impl Arrangement {
    /// Every one of `sessions` that `filter` keeps, in its order.
    pub fn new<E: Entry>(filter: &Filter, sessions: &[E], offset_minutes: i32) -> Self {
        Self {
            filter: filter.clone(),
            offset_minutes,
            order: arrange(filter, sessions, offset_minutes),
        }
    }

    /// Whether this arrangement is for `filter` in the zone `offset_minutes`.
    pub fn is_for(&self, filter: &Filter, offset_minutes: i32) -> bool {
        self.offset_minutes == offset_minutes && &self.filter == filter
    }

    /// The indices kept, in order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Takes in rows of `sessions` that were added or changed (`changed`, any order, repeats
    /// allowed): the same order [`arrange`] would give.
    pub fn update<E: Entry>(&mut self, sessions: &[E], changed: &[usize]) {
        if changed.is_empty() {
            return;
        }
        let mut dirty = vec![false; sessions.len()];
        for &i in changed {
            if let Some(flag) = dirty.get_mut(i) {
                *flag = true;
            }
        }
        self.order.retain(|&i| !dirty[i]);
        let (filter, offset) = (&self.filter, self.offset_minutes);
        let mut added: Vec<usize> = (0..sessions.len())
            .filter(|&i| dirty[i] && keeps(filter, sessions[i].summary(), offset))
            .collect();
        let before = |i: usize, j: usize| ordering(filter, &sessions[i], &sessions[j], offset);
        session_log::sort::by(&mut added, |&i, &j| before(i, j));
        let mut merged = Vec::with_capacity(self.order.len() + added.len());
        let mut rest = &self.order[..];
        for i in added {
            let at = rest.partition_point(|&j| before(j, i) == Ordering::Less);
            merged.extend_from_slice(&rest[..at]);
            merged.push(i);
            rest = &rest[at..];
        }
        merged.extend_from_slice(rest);
        self.order = merged;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use session_log::{load, parse_key, KeyKind, Loaded, PriceTable};

    /// The session `body` holds, under `key` (panics unless it is one): for the crate's tests.
    pub(crate) fn session(key: &str, body: &str) -> SessionSummary {
        let KeyKind::Session(key) = parse_key("openai_logs/", key) else {
            panic!("{key}")
        };
        match load(key, body.as_bytes(), &PriceTable::builtin()) {
            Loaded::Session(summary) => *summary,
            Loaded::Invalid { reason, .. } => panic!("{reason}"),
        }
    }

    fn sessions() -> Vec<SessionSummary> {
        vec![
            session(
                "openai_logs/9/openai_interaction_qto_T1_1750000000.json.txt",
                r#"{"session_info": {"drawing_id": 9, "status": "completed", "task_id": "T1",
                    "start_time": "2025-06-15T10:00:00", "total_duration_seconds": 5},
                    "api_calls": [{"model": "gpt-4o", "tokens_used": {"prompt_tokens": 10, "completion_tokens": 5}, "cost_estimate": 0.3}]}"#,
            ),
            session(
                "openai_logs/10/openai_interaction_ocr_T2_1750100000.json.txt",
                r#"{"session_info": {"drawing_id": 10, "status": "started", "task_id": "Wall-图纸",
                    "start_time": "2025-06-16T10:00:00"},
                    "api_calls": [{"model": "o3", "status": "failed"}, {"model": "gpt-4o", "cost_estimate": 0.1}]}"#,
            ),
            session(
                "openai_logs/unknown/openai_interaction_qto_T3_1750200000.json.txt",
                r#"{"session_info": {"drawing_id": "unknown", "status": "completed",
                    "start_time": "2025-06-17T10:00:00", "total_duration_seconds": 1},
                    "api_calls": []}"#,
            ),
        ]
    }

    fn keys(sessions: &[SessionSummary], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| sessions[i].drawing.clone()).collect()
    }

    #[test]
    fn newest_first_by_default_and_every_column_sorts_both_ways() {
        let all = sessions();
        assert_eq!(
            keys(&all, &arrange(&Filter::default(), &all, 0)),
            ["unknown", "10", "9"]
        );
        let by = |sort, ascending| Filter {
            sort,
            ascending,
            ..Filter::default()
        };
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Drawing, true), &all, 0)),
            ["9", "10", "unknown"]
        );
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Cost, false), &all, 0)),
            ["9", "10", "unknown"]
        );
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Calls, false), &all, 0)),
            ["10", "9", "unknown"]
        );
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Duration, true), &all, 0)),
            ["10", "unknown", "9"]
        );
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Failed, false), &all, 0))[0],
            "10"
        );
        assert_eq!(
            keys(&all, &arrange(&by(SortKey::Tokens, false), &all, 0))[0],
            "9"
        );
    }

    #[test]
    fn filters_combine() {
        let all = sessions();
        let only = |filter: Filter| keys(&all, &arrange(&filter, &all, 0));
        assert_eq!(
            only(Filter {
                drawing: Some("10".into()),
                ..Filter::default()
            }),
            ["10"]
        );
        assert_eq!(
            only(Filter {
                model: Some("gpt-4o".into()),
                ..Filter::default()
            }),
            ["10", "9"]
        );
        assert_eq!(
            only(Filter {
                status: Some("failed".into()),
                ..Filter::default()
            }),
            ["10"]
        );
        assert_eq!(
            only(Filter {
                status: Some("completed".into()),
                ..Filter::default()
            }),
            ["unknown", "9"]
        );
        assert_eq!(
            only(Filter {
                from: Some("2025-06-16".into()),
                to: Some("2025-06-16".into()),
                ..Filter::default()
            }),
            ["10"]
        );
        assert_eq!(
            only(Filter {
                text: Some("wall-图纸".into()),
                ..Filter::default()
            }),
            ["10"]
        );
        assert_eq!(
            only(Filter {
                text: Some("T3_17502".into()),
                ..Filter::default()
            }),
            ["unknown"]
        );
        assert!(only(Filter {
            drawing: Some("9".into()),
            model: Some("o3".into()),
            ..Filter::default()
        })
        .is_empty());
    }

    #[test]
    fn a_session_without_a_start_is_dated_by_its_key_in_the_readers_zone() {
        // 1750000000 is 2025-06-15 15:06:40 UTC: still the 15th at UTC+08:00, the 16th at
        // UTC+09:00.
        let keyed = session(
            "openai_logs/9/openai_interaction_qto_T9_1750000000.json.txt",
            r#"{"session_info": {"drawing_id": 9, "status": "completed"}, "api_calls": []}"#,
        );
        let on = |day: &str| Filter {
            from: Some(day.into()),
            to: Some(day.into()),
            ..Filter::default()
        };
        assert!(keeps(&on("2025-06-15"), &keyed, 480));
        assert!(!keeps(&on("2025-06-16"), &keyed, 480));
        assert!(keeps(&on("2025-06-16"), &keyed, 540));
        // A naive start is read in the reader's zone: its date, whatever the offset.
        let started = &sessions()[0];
        assert!(keeps(&on("2025-06-15"), started, -720));
        assert!(keeps(&on("2025-06-15"), started, 840));
    }

    #[test]
    fn an_arrangement_kept_up_to_date_matches_arranging_again() {
        let mut all = sessions();
        let late = all.pop().unwrap();
        for filter in [
            Filter::default(),
            Filter {
                sort: SortKey::Cost,
                ascending: true,
                ..Filter::default()
            },
            Filter {
                status: Some("completed".into()),
                ..Filter::default()
            },
        ] {
            let mut rows = all.clone();
            let mut kept = Arrangement::new(&filter, &rows, 0);
            // One row arrives, another changes its status and cost.
            rows.push(late.clone());
            rows[0].status = "started".into();
            rows[0].calls.clear();
            kept.update(&rows, &[2, 0, 2]);
            assert_eq!(kept.order(), arrange(&filter, &rows, 0), "{filter:?}");
            assert!(kept.is_for(&filter, 0) && !kept.is_for(&filter, 60));
        }
    }
}
