//! Which view is open, kept in the URL fragment so that every view has a link that reopens
//! it after a reload, even from a plain static file server with no rewrite rules. The
//! fragment never reaches the static host.
//!
//! `#/` overview · `#/sessions?drawing=7&sort=cost&desc` list · `#/session/KEY` one session
//! · `#/costs` cost check · `#/diagnostics` connection checks · `#/shared?url=…&expires=…` a
//! share link. Anything else opens the overview.

pub mod nav;

use s3_presign::encode::{decode, encode_query};
use session_log::time;

/// A column the sessions table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Start time (the default, newest first).
    #[default]
    Start,
    /// Drawing id.
    Drawing,
    /// Session type.
    SessionType,
    /// Task id.
    Task,
    /// Status.
    Status,
    /// Number of calls.
    Calls,
    /// Failed calls.
    Failed,
    /// Tokens.
    Tokens,
    /// Logged cost.
    Cost,
    /// Duration.
    Duration,
    /// Object size, known from the listing before the body is read.
    Size,
}

impl SortKey {
    const ALL: [(SortKey, &'static str); 11] = [
        (SortKey::Start, "start"),
        (SortKey::Drawing, "drawing"),
        (SortKey::SessionType, "type"),
        (SortKey::Task, "task"),
        (SortKey::Status, "status"),
        (SortKey::Calls, "calls"),
        (SortKey::Failed, "failed"),
        (SortKey::Tokens, "tokens"),
        (SortKey::Cost, "cost"),
        (SortKey::Duration, "duration"),
        (SortKey::Size, "size"),
    ];

    /// The name used in links.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("start", |(_, n)| n)
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }
}

/// What the sessions table shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Only this drawing.
    pub drawing: Option<String>,
    /// Only sessions with a call to this model.
    pub model: Option<String>,
    /// Only this status (`completed`, `started`, `failed` for sessions with a failed call).
    pub status: Option<String>,
    /// Only sessions starting on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only sessions starting on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Free text over the ids (key, session id, task id).
    pub text: Option<String>,
    /// Only sessions failing this check (a [`session_log::Check`] name), or `any` check.
    pub check: Option<String>,
    /// Only sessions that took at least this many milliseconds.
    pub min_ms: Option<u64>,
    /// Only sessions that took less than this many milliseconds.
    pub max_ms: Option<u64>,
    /// The column sorted by.
    pub sort: SortKey,
    /// Ascending order; descending (newest, largest first) otherwise.
    pub ascending: bool,
}

/// A view of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Route {
    /// Totals and breakdowns.
    #[default]
    Overview,
    /// The sessions table.
    Sessions(Filter),
    /// The cost check: logged against list prices, and the price table.
    Costs,
    /// "Why can't I see my logs?": the connection checked step by step.
    Diagnostics,
    /// One session, by object key.
    Session {
        /// The object key.
        key: String,
    },
    /// A session opened from a share link: a presigned GET URL, no credentials.
    Shared {
        /// The presigned URL of the object.
        url: String,
        /// When the URL stops working (unix seconds), as the sharer chose.
        expires: Option<i64>,
    },
}

/// Reads a fragment (with or without its leading `#`).
pub fn parse(fragment: &str) -> Route {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let fragment = fragment.strip_prefix('/').unwrap_or(fragment);
    let (path, query) = fragment.split_once('?').unwrap_or((fragment, ""));
    let params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name).ok()?, decode(value).ok()?))
        })
        .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let flag = |name: &str| params.iter().any(|(n, _)| n == name);
    if let Some(key) = path.strip_prefix("session/") {
        return match decode(key) {
            Ok(key) if !key.is_empty() => Route::Session { key },
            _ => Route::Overview,
        };
    }
    match path {
        "costs" => Route::Costs,
        "diagnostics" => Route::Diagnostics,
        "sessions" => Route::Sessions(Filter {
            drawing: param("drawing"),
            model: param("model"),
            status: param("status"),
            from: param("from").filter(|d| time::day(d).is_some()),
            to: param("to").filter(|d| time::day(d).is_some()),
            text: param("q"),
            check: param("check")
                .filter(|c| c == "any" || session_log::Check::from_name(c).is_some()),
            min_ms: param("dmin").and_then(|v| v.parse().ok()),
            max_ms: param("dmax").and_then(|v| v.parse().ok()),
            sort: param("sort")
                .and_then(|s| SortKey::from_name(&s))
                .unwrap_or_default(),
            ascending: flag("asc"),
        }),
        "shared" => match param("url") {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Route::Shared {
                    url,
                    expires: param("expires").and_then(|e| e.parse().ok()),
                }
            }
            _ => Route::Overview,
        },
        _ => Route::Overview,
    }
}

/// The fragment for a route, with its leading `#`.
pub fn fragment(route: &Route) -> String {
    match route {
        Route::Overview => "#/".to_owned(),
        Route::Costs => "#/costs".to_owned(),
        Route::Diagnostics => "#/diagnostics".to_owned(),
        Route::Session { key } => format!("#/session/{}", encode_query(key)),
        Route::Shared { url, expires } => {
            let mut out = format!("#/shared?url={}", encode_query(url));
            if let Some(expires) = expires {
                out.push_str(&format!("&expires={expires}"));
            }
            out
        }
        Route::Sessions(filter) => {
            let mut params: Vec<String> = [
                ("drawing", &filter.drawing),
                ("model", &filter.model),
                ("status", &filter.status),
                ("from", &filter.from),
                ("to", &filter.to),
                ("q", &filter.text),
                ("check", &filter.check),
                ("dmin", &filter.min_ms.map(|v| v.to_string())),
                ("dmax", &filter.max_ms.map(|v| v.to_string())),
            ]
            .into_iter()
            .filter_map(|(name, value)| {
                value
                    .as_ref()
                    .map(|v| format!("{name}={}", encode_query(v)))
            })
            .collect();
            if filter.sort != SortKey::default() {
                params.push(format!("sort={}", filter.sort.name()));
            }
            if filter.ascending {
                params.push("asc".to_owned());
            }
            if params.is_empty() {
                "#/sessions".to_owned()
            } else {
                format!("#/sessions?{}", params.join("&"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_survives_its_own_link() {
        let routes = [
            Route::Overview,
            Route::Costs,
            Route::Diagnostics,
            Route::Sessions(Filter::default()),
            Route::Sessions(Filter {
                drawing: Some("unknown".into()),
                model: Some("gpt-4o-2024-11-20".into()),
                status: Some("started".into()),
                from: Some("2025-06-01".into()),
                to: Some("2025-06-30".into()),
                text: Some("a&b=c #图纸 ?x+y%".into()),
                check: Some("cost".into()),
                min_ms: Some(1500),
                max_ms: Some(3000),
                sort: SortKey::Cost,
                ascending: true,
            }),
            Route::Session {
                key: "openai_logs/图纸 12/openai_interaction_a b+c#?&=_1750572866.json.txt".into(),
            },
            Route::Shared {
                url: "http://127.0.0.1:9000/logs/a%20b.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab".into(),
                expires: Some(1_750_576_466),
            },
        ];
        for route in routes {
            let link = fragment(&route);
            assert!(
                !link[1..].contains('#') && !link.contains(' '),
                "{link} stays one fragment"
            );
            assert_eq!(parse(&link), route, "{link}");
        }
    }

    #[test]
    fn anything_else_opens_the_overview() {
        for junk in [
            "",
            "#",
            "#/nowhere",
            "#/session/",
            "#/session/%FF",
            "#/shared",
            "#/shared?url=javascript:alert(1)",
            "#/shared?url=data:text/html,x",
        ] {
            assert_eq!(parse(junk), Route::Overview, "{junk:?}");
        }
    }

    #[test]
    fn bad_filter_values_are_dropped_not_trusted() {
        let Route::Sessions(filter) = parse(
            "#/sessions?from=yesterday&to=2025-13-40&sort=evil&drawing=&check=evil&dmin=-1&dmax=x",
        ) else {
            panic!("the sessions view")
        };
        assert_eq!(filter, Filter::default());
    }
}
