//! Downloads of the rows the sessions table shows, as the filters leave them and in its
//! order: one row per session, or one per call of those sessions, as CSV or JSON Lines.
//! Made in the browser from the summaries already loaded (session-log's table exports),
//! handed over as a Blob through an object URL and an `<a download>`; nothing is fetched.
//! The CSV starts with a byte-order mark, without which Excel garbles Chinese text.

use leptos::prelude::*;
use session_log::export::{self, TableRow};
use wasm_bindgen::JsCast;

use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::load::Loader;
use crate::state::rows::RowState;
use crate::state::Store;

/// One of the four downloads.
#[derive(Clone, Copy)]
struct Export {
    /// `sessions` or `calls`, in the file name.
    what: &'static str,
    csv: bool,
    testid: &'static str,
}

const EXPORTS: [Export; 4] = [
    Export {
        what: "sessions",
        csv: true,
        testid: "export-sessions-csv",
    },
    Export {
        what: "sessions",
        csv: false,
        testid: "export-sessions-jsonl",
    },
    Export {
        what: "calls",
        csv: true,
        testid: "export-calls-csv",
    },
    Export {
        what: "calls",
        csv: false,
        testid: "export-calls-jsonl",
    },
];

impl Export {
    fn label(self, lang: Lang) -> &'static str {
        match (self.what, self.csv) {
            ("sessions", true) => lang.pick("Sessions CSV", "会话 CSV"),
            ("sessions", false) => lang.pick("Sessions JSONL", "会话 JSONL"),
            (_, true) => lang.pick("Calls CSV", "调用 CSV"),
            (_, false) => lang.pick("Calls JSONL", "调用 JSONL"),
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        match (self.what, self.csv) {
            ("sessions", true) => lang.pick(
                "A row per session shown, with its ids, figures and checks; UTF-8 with a byte-order mark for Excel",
                "每个显示的会话一行，含 ID、各项数字和检查结果；UTF-8 带 BOM，Excel 可直接打开",
            ),
            ("sessions", false) => lang.pick(
                "A JSON object per session shown, one per line",
                "每个显示的会话一个 JSON 对象，每行一个",
            ),
            (_, true) => lang.pick(
                "A row per call of the sessions shown; UTF-8 with a byte-order mark for Excel",
                "所显示会话的每次调用一行；UTF-8 带 BOM，Excel 可直接打开",
            ),
            (_, false) => lang.pick(
                "A JSON object per call of the sessions shown, one per line",
                "所显示会话的每次调用一个 JSON 对象，每行一个",
            ),
        }
    }

    /// `logscope-sessions-2025-06-22.csv`.
    fn file_name(self, day: &str) -> String {
        let extension = if self.csv { "csv" } else { "jsonl" };
        format!("logscope-{}-{day}.{extension}", self.what)
    }

    fn mime(self) -> &'static str {
        if self.csv {
            "text/csv;charset=utf-8"
        } else {
            "application/x-ndjson;charset=utf-8"
        }
    }
}

/// The export buttons for the rows in `order` (indices into the store's rows).
#[component]
pub fn ExportMenu(store: Store, order: Memo<Vec<usize>>) -> impl IntoView {
    let locale = Locale::get();
    let failed = RwSignal::new(false);
    let save = move |export: Export| {
        let text = order.with_untracked(|order| {
            store.rows().with_untracked(|rows| {
                let table: Vec<TableRow> = order
                    .iter()
                    .map(|&i| {
                        let row = &rows.all()[i];
                        TableRow {
                            summary: &row.summary,
                            read: row.state == RowState::Read,
                            size: row.size,
                            modified: row.modified.as_deref(),
                        }
                    })
                    .collect();
                match (export.what, export.csv) {
                    ("sessions", true) => export::table_sessions_csv(&table),
                    ("sessions", false) => export::table_sessions_jsonl(&table),
                    (_, true) => export::table_calls_csv(&table),
                    (_, false) => export::table_calls_jsonl(&table),
                }
            })
        });
        let text = if export.csv {
            format!("{}{text}", export::EXCEL_BOM)
        } else {
            text
        };
        let offset = untrack(|| locale.offset_minutes());
        let day = Loader::get()
            .now()
            .and_then(|now| format::in_zone(now.timestamp(), offset))
            .map(|time| time.date().to_string())
            .unwrap_or_else(|| "undated".to_owned());
        failed.set(download(&export.file_name(&day), export.mime(), &text).is_none());
    };
    let buttons = move || {
        let lang = locale.lang();
        EXPORTS
            .into_iter()
            .map(|export| {
                view! {
                    <button
                        type="button"
                        class="secondary plain"
                        data-testid=export.testid
                        title=export.title(lang)
                        on:click=move |_| save(export)
                    >
                        {export.label(lang)}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="export-menu" role="group" aria-label=locale.words("Download the sessions shown", "下载所显示的会话")>
            <span class="export-label">{locale.words("Download:", "下载：")}</span>
            {buttons}
            <Show when=move || failed.get()>
                <p class="export-failed" role="alert">
                    {locale.words("The browser refused to make the file; nothing was downloaded.", "浏览器未能生成文件，没有下载任何内容。")}
                </p>
            </Show>
        </div>
    }
}

/// Hands `text` to the browser as a download called `name`; `None` when it refused.
fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    let body = document.body()?;
    body.append_child(&link).ok()?;
    link.click();
    link.remove();
    // Revoked only later: a download still reading the URL would be cut short.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Some(())
}
