//! One API call of a session: model, status, tokens, cost as logged and at list price
//! (flagged when they are more than 1% apart), duration, the error, the response as text and
//! the request's messages. Everything from the log is text.

use std::sync::Arc;

use leptos::prelude::*;

use crate::features::session::model::{self, Opened};
use crate::features::session::request_messages::RequestMessages;
use crate::i18n::format::{self, count, counted};
use crate::i18n::locale::{Lang, Locale};
use crate::ui::copy_button::CopyButton;
use crate::ui::field_list::FieldList;
use crate::ui::raw_json::RawJson;

/// The call's figures, labelled in `lang`.
fn figures(opened: &Opened, index: usize, lang: Lang) -> Vec<(String, String)> {
    let call = &opened.session.calls[index];
    let priced = &opened.summary.calls[index];
    let model = priced.model.clone();
    let label = |en: &str, zh: &str| lang.pick(en, zh).to_owned();

    let (inp, out) = (count(priced.prompt_tokens), count(priced.completion_tokens));
    let mut tokens = match lang {
        Lang::En => format!("{inp} in, {out} out"),
        Lang::Zh => format!("输入 {inp}，输出 {out}"),
    };
    if priced.cached_tokens > 0 {
        let cached = count(priced.cached_tokens);
        tokens.push_str(&match lang {
            Lang::En => format!(", {cached} cached"),
            Lang::Zh => format!("，缓存 {cached}"),
        });
    }
    if let Some(total) = call.total_tokens.filter(|&t| t != call.tokens()) {
        let total = count(total);
        tokens.push_str(&match lang {
            Lang::En => format!(" (the writer's total says {total})"),
            Lang::Zh => format!("（写入端记录的总数为 {total}）"),
        });
    }
    let status = match &call.status {
        Some(status) => status.clone(),
        None if call.failed() => label("failed", "失败"),
        None => "–".to_owned(),
    };
    let mut fields = vec![
        (label("Model", "模型"), model.clone()),
        (label("Status", "状态"), status),
        (label("Tokens", "token 数"), tokens),
        (
            label("Cost logged", "日志记录的费用"),
            priced
                .logged_cost
                .map(|c| format::usd(c, lang))
                .unwrap_or_else(|| label("none logged", "未记录")),
        ),
        (
            label("Cost at list price", "按标价计的费用"),
            priced
                .list_cost
                .map(|c| format::usd(c, lang))
                .unwrap_or_else(|| match lang {
                    Lang::En => format!("no list price for {model}"),
                    Lang::Zh => format!("{model} 没有标价"),
                }),
        ),
        (
            label("Duration", "时长"),
            call.duration_seconds
                .map(|d| format::seconds(d, lang))
                .unwrap_or_else(|| "–".to_owned()),
        ),
    ];
    fields.extend(
        call.start_time
            .clone()
            .map(|t| (label("Started", "开始时间"), t)),
    );
    fields.extend(
        call.end_time
            .clone()
            .map(|t| (label("Ended", "结束时间"), t)),
    );
    fields
}

/// Call number `index` (from 0) of `opened`.
#[component]
pub fn CallCard(opened: Arc<Opened>, index: usize) -> impl IntoView {
    let locale = Locale::get();
    let call = &opened.session.calls[index];
    let priced = &opened.summary.calls[index];
    let failed = call.failed();

    let fields = {
        let opened = opened.clone();
        Signal::derive(move || figures(&opened, index, locale.lang()))
    };
    let differs = priced.cost_differs().then(|| {
        view! {
            <p class="flag" data-testid="cost-differs">
                {locale.words("The logged estimate is more than 1% away from the list price.", "日志记录的估算费用与标价相差超过 1%。")}
            </p>
        }
    });
    let error = call.error.as_ref().map(|error| {
        view! {
            <p class="call-error" data-testid="call-error" translate="no">
                {model::error_text(error.get())}
            </p>
        }
    });
    let response = call.response.as_ref().map(|response| {
        let text = model::response_text(response.get());
        view! {
            <section class="response">
                <h4>{locale.words("Response", "响应")}</h4>
                <pre class="text" data-testid="response-text">{text.clone()}</pre>
                <CopyButton text label=locale.text("Copy response", "复制响应")/>
            </section>
        }
    });
    let request = call.request.as_ref().map(|request| {
        let messages = model::messages(request.get());
        let images = messages
            .iter()
            .flat_map(|m| &m.parts)
            .filter(|p| matches!(p, model::Part::Image { .. }))
            .count() as u64;
        let sent = messages.len() as u64;
        let summary = move || {
            let lang = locale.lang();
            let messages = counted(sent, lang, "message", "messages", "条消息");
            let images = counted(images, lang, "image", "images", "张图片");
            match lang {
                Lang::En => format!("Request: {messages}, {images}"),
                Lang::Zh => format!("请求：{messages}，{images}"),
            }
        };
        view! {
            <details class="request">
                <summary>{summary}</summary>
                <RequestMessages messages/>
                <RawJson title=locale.text("Request as JSON", "请求的 JSON") json=request.get()/>
            </details>
        }
    });
    let extra = call
        .extra
        .iter()
        .map(|(name, raw)| {
            view! { <RawJson title=name.clone() data_title=true json=raw.get()/> }
        })
        .collect_view();
    let id = call.call_id.clone().unwrap_or_default();
    let id_attr = id.clone();
    let number = index + 1;

    view! {
        <article class="call" class:failed=failed data-testid="call-row" data-call-id=id_attr>
            <header>
                <h3>
                    {move || match locale.lang() {
                        Lang::En => format!("Call {number}"),
                        Lang::Zh => format!("第 {number} 次调用"),
                    }}
                </h3>
                <code>{id}</code>
            </header>
            <FieldList fields labels=true/>
            {differs}
            {error}
            {response}
            {request}
            {extra}
        </article>
    }
}
