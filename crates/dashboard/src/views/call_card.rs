//! One API call of a session: model, status, tokens, cost as logged and at list price
//! (flagged when they are more than 1% apart), duration, the error, the response as text and
//! the request's messages. Everything from the log is text.

use std::sync::Arc;

use leptos::prelude::*;

use crate::detail::{self, Opened};
use crate::format;
use crate::views::copy_button::CopyButton;
use crate::views::field_list::FieldList;
use crate::views::raw_json::RawJson;
use crate::views::request_messages::RequestMessages;

/// Call number `index` (from 0) of `opened`.
#[component]
pub fn CallCard(opened: Arc<Opened>, index: usize) -> impl IntoView {
    let call = &opened.session.calls[index];
    let priced = &opened.summary.calls[index];
    let failed = call.failed();
    let model = priced.model.clone();

    let mut tokens = format!(
        "{} in, {} out",
        format::count(priced.prompt_tokens),
        format::count(priced.completion_tokens)
    );
    if priced.cached_tokens > 0 {
        tokens.push_str(&format!(", {} cached", format::count(priced.cached_tokens)));
    }
    if let Some(total) = call.total_tokens.filter(|&t| t != call.tokens()) {
        tokens.push_str(&format!(
            " (the writer's total says {})",
            format::count(total)
        ));
    }
    let mut fields = vec![
        ("Model".to_owned(), model.clone()),
        (
            "Status".to_owned(),
            call.status
                .clone()
                .unwrap_or_else(|| if failed { "failed" } else { "–" }.to_owned()),
        ),
        ("Tokens".to_owned(), tokens),
        (
            "Cost logged".to_owned(),
            priced
                .logged_cost
                .map(format::usd)
                .unwrap_or_else(|| "none logged".to_owned()),
        ),
        (
            "Cost at list price".to_owned(),
            priced
                .list_cost
                .map(format::usd)
                .unwrap_or_else(|| format!("no list price for {model}")),
        ),
        (
            "Duration".to_owned(),
            call.duration_seconds
                .map(format::seconds)
                .unwrap_or_else(|| "–".to_owned()),
        ),
    ];
    fields.extend(call.start_time.clone().map(|t| ("Started".to_owned(), t)));
    fields.extend(call.end_time.clone().map(|t| ("Ended".to_owned(), t)));

    let differs = priced.cost_differs().then(|| {
        view! {
            <p class="flag" data-testid="cost-differs">
                "The logged estimate is more than 1% away from the list price."
            </p>
        }
    });
    let error = call.error.as_ref().map(|error| {
        view! { <p class="call-error" data-testid="call-error">{detail::error_text(error.get())}</p> }
    });
    let response = call.response.as_ref().map(|response| {
        let text = detail::response_text(response.get());
        view! {
            <section class="response">
                <h4>"Response"</h4>
                <pre class="text" data-testid="response-text">{text.clone()}</pre>
                <CopyButton text label="Copy response"/>
            </section>
        }
    });
    let request = call.request.as_ref().map(|request| {
        let messages = detail::messages(request.get());
        let images = messages
            .iter()
            .flat_map(|m| &m.parts)
            .filter(|p| matches!(p, detail::Part::Image { .. }))
            .count();
        let plural = |n: usize, one: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {one}s"),
        };
        let summary = format!(
            "Request: {}, {}",
            plural(messages.len(), "message"),
            plural(images, "image")
        );
        view! {
            <details class="request">
                <summary>{summary}</summary>
                <RequestMessages messages/>
                <RawJson title="Request as JSON" json=request.get()/>
            </details>
        }
    });
    let extra = call
        .extra
        .iter()
        .map(|(name, raw)| view! { <RawJson title=format!("Field {name}") json=raw.get()/> })
        .collect_view();
    let id = call.call_id.clone().unwrap_or_default();
    let id_attr = id.clone();

    view! {
        <article class="call" class:failed=failed data-testid="call-row" data-call-id=id_attr>
            <header>
                <h3>{format!("Call {}", index + 1)}</h3>
                <code>{id}</code>
            </header>
            <FieldList fields/>
            {differs}
            {error}
            {response}
            {request}
            {extra}
        </article>
    }
}
