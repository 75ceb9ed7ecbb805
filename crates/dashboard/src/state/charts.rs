//! What the overview's charts plot, counted as sessions arrive: a page that charted 100,000
//! sessions by going over all of them whenever more were read held the main thread for
//! longer than a frame each time. Days depend on the reader's zone, so changing it counts
//! the days again from the rows (once).

use session_log::series::{measured, DailyCounts, TokenCounts};
use session_log::SessionSummary;

/// Counts behind the charts, over the sessions read so far.
#[derive(Debug, Clone, Default)]
pub struct ChartCounts {
    /// Per day and model.
    pub daily: DailyCounts,
    /// Per model.
    pub tokens: TokenCounts,
    /// Session durations, as the histogram takes them.
    pub durations: Vec<f64>,
}

impl ChartCounts {
    /// Nothing yet; days in the zone `offset_minutes` east of UTC.
    pub fn new(offset_minutes: i32) -> Self {
        Self {
            daily: DailyCounts::new(offset_minutes),
            ..Self::default()
        }
    }

    /// Counts one more session.
    pub fn add(&mut self, session: &SessionSummary) {
        self.daily.add(session);
        self.tokens.add(session);
        self.durations.extend(measured(session));
    }

    /// Counts the days of `sessions` again, in the zone `offset_minutes` east of UTC.
    pub fn recount_days<'a>(
        &mut self,
        sessions: impl IntoIterator<Item = &'a SessionSummary>,
        offset_minutes: i32,
    ) {
        let mut daily = DailyCounts::new(offset_minutes);
        sessions.into_iter().for_each(|session| daily.add(session));
        self.daily = daily;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::sessions::model::tests::session;
    use session_log::series::{daily, duration_histogram, histogram_of, tokens_by_model};

    #[test]
    fn counts_grown_one_session_at_a_time_chart_what_the_sessions_do() {
        let sessions = [
            session(
                "openai_logs/9/openai_interaction_qto_T1_1750000000.json.txt",
                r#"{"session_info": {"drawing_id": 9, "start_time": "2025-06-15T23:30:00",
                    "total_duration_seconds": 5},
                    "api_calls": [{"model": "gpt-4o", "tokens_used": {"prompt_tokens": 10}, "cost_estimate": 0.3}]}"#,
            ),
            session(
                "openai_logs/10/openai_interaction_ocr_T2_1750100000.json.txt",
                r#"{"session_info": {"drawing_id": 10, "total_duration_seconds": 2},
                    "api_calls": [{"model": "o3", "status": "failed"}, {"model": "gpt-4o", "tokens_used": {"completion_tokens": 4}}]}"#,
            ),
        ];
        let mut counts = ChartCounts::new(0);
        counts.add(&sessions[0]);
        let _ = counts.daily.daily();
        counts.add(&sessions[1]);
        assert_eq!(counts.daily.daily(), daily(&sessions, 0));
        assert_eq!(counts.tokens.by_model(7), tokens_by_model(&sessions, 7));
        assert_eq!(
            histogram_of(counts.durations.clone()),
            duration_histogram(&sessions)
        );
        // The session dated by its key moves to the next day nine hours east.
        counts.recount_days(&sessions, 540);
        assert_eq!(counts.daily.daily(), daily(&sessions, 540));
        assert_ne!(daily(&sessions, 540), daily(&sessions, 0));
    }
}
