//! Scrolling the sessions table (`#/sessions`) from top to bottom in the page, one step a
//! frame, while recording the gap between frames, the long tasks, and the most session rows
//! the DOM held at once. Each step moves about 100 rows at 100,000 sessions, more than the
//! rows rendered beyond the viewport, so that every frame draws a whole new set of rows: a
//! harder case than a wheel or a flick.

use crate::page::eval;
use fantoccini::Client;
use serde_json::{json, Value};

/// Frames the scroll takes from top to bottom.
pub const STEPS: u32 = 1000;

const SCROLL: &str = r#"
const [steps, done] = [arguments[0], arguments[arguments.length - 1]];
const scroller = document.querySelector('.sessions-scroll');
if (!scroller) { done({ error: 'no .sessions-scroll on the page' }); return; }
const rows = () => document.querySelectorAll('[data-testid=session-row]').length;
const bottom = scroller.scrollHeight - scroller.clientHeight;
const from = performance.now();
const gaps = [];
let [last, step, mostRows, emptyFrames] = [null, 0, 0, 0];
const frame = (now) => {
  if (last !== null) gaps.push(now - last);
  last = now;
  const shown = rows();
  mostRows = Math.max(mostRows, shown);
  if (step > 0 && shown === 0) emptyFrames += 1;
  if (step > steps) {
    const tasks = window.__logscopeBench.longTasks.filter(([start]) => start >= from).map(([, d]) => d);
    done({ gaps, mostRows, emptyFrames, tasks, top: scroller.scrollTop, bottom, rowsAtEnd: shown });
    return;
  }
  scroller.scrollTop = Math.round((bottom * step) / steps);
  step += 1;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
"#;

/// What a scroll from top to bottom measured.
#[derive(Debug, Clone)]
pub struct Scroll {
    pub frames: usize,
    pub seconds: f64,
    pub longest_gap_ms: f64,
    pub p95_gap_ms: f64,
    pub gaps_over_50ms: usize,
    pub longest_task_ms: f64,
    pub long_tasks: usize,
    pub most_rows: u64,
}

/// Opens the sessions table, waits for rows, and scrolls it through.
pub async fn through_sessions(client: &Client) -> Scroll {
    eval(client, "location.hash = '#/sessions'; return null;", vec![]).await;
    crate::page::wait_until(
        client,
        "document.querySelectorAll('[data-testid=session-row]').length > 0",
    )
    .await;
    let result = client
        .execute_async(SCROLL, vec![json!(STEPS)])
        .await
        .unwrap_or_else(|e| panic!("the scroll script failed: {e}"));
    assert!(result["error"].is_null(), "{}", result["error"]);
    let numbers = |name: &str| -> Vec<f64> {
        result[name]
            .as_array()
            .unwrap_or_else(|| panic!("no {name} in the scroll's result"))
            .iter()
            .map(|v| v.as_f64().expect("a number"))
            .collect()
    };
    let mut gaps = numbers("gaps");
    let tasks = numbers("tasks");
    let whole = |name: &str| result[name].as_f64().unwrap_or(-1.0);
    assert!(
        (whole("top") - whole("bottom")).abs() <= 2.0,
        "the table did not scroll to its bottom: {}",
        strip(&result)
    );
    assert!(
        result["emptyFrames"] == json!(0) && whole("rowsAtEnd") > 0.0,
        "frames showed no rows while scrolling: {}",
        strip(&result)
    );
    let seconds = gaps.iter().sum::<f64>() / 1000.0;
    gaps.sort_by(f64::total_cmp);
    let p95 = gaps[((gaps.len() as f64 * 0.95) as usize).min(gaps.len() - 1)];
    Scroll {
        frames: gaps.len(),
        seconds,
        longest_gap_ms: gaps.last().copied().unwrap_or(0.0),
        p95_gap_ms: p95,
        gaps_over_50ms: gaps.iter().filter(|&&g| g > 50.0).count(),
        longest_task_ms: tasks.iter().copied().fold(0.0, f64::max),
        long_tasks: tasks.len(),
        most_rows: result["mostRows"].as_u64().unwrap_or(0),
    }
}

/// The result without its long lists, for a message.
fn strip(result: &Value) -> Value {
    let mut short = result.clone();
    if let Some(map) = short.as_object_mut() {
        map.remove("gaps");
        map.remove("tasks");
    }
    short
}

impl Scroll {
    /// One line for people.
    pub fn describe(&self) -> String {
        format!(
            "{} frames in {:.1} s: frame gap p95 {:.1} ms, longest {:.0} ms, {} over 50 ms; \
             longest long task {:.0} ms ({} long tasks); at most {} session rows in the DOM",
            self.frames,
            self.seconds,
            self.p95_gap_ms,
            self.longest_gap_ms,
            self.gaps_over_50ms,
            self.longest_task_ms,
            self.long_tasks,
            self.most_rows
        )
    }

    pub fn to_json(&self) -> Value {
        json!({
            "frames": self.frames,
            "seconds": self.seconds,
            "p95_frame_gap_ms": self.p95_gap_ms,
            "longest_frame_gap_ms": self.longest_gap_ms,
            "frame_gaps_over_50ms": self.gaps_over_50ms,
            "longest_long_task_ms": self.longest_task_ms,
            "long_tasks": self.long_tasks,
            "most_dom_rows": self.most_rows,
        })
    }
}
