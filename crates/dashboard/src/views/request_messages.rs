//! The messages of a call's request, in order, with each image as a placeholder that says
//! what was sent (detail, encoding, size) and never the image itself.

use leptos::prelude::*;

use crate::detail::{Message, Part};

fn placeholder(detail: Option<String>, url_type: Option<String>, size_kb: Option<f64>) -> String {
    let mut facts: Vec<String> = Vec::new();
    facts.extend(detail.map(|d| format!("detail {d}")));
    facts.extend(url_type);
    facts.extend(size_kb.map(|kb| format!("about {kb:.0} KB")));
    if facts.is_empty() {
        "Image".to_owned()
    } else {
        format!("Image: {}", facts.join(", "))
    }
}

/// The messages.
#[component]
pub fn RequestMessages(messages: Vec<Message>) -> impl IntoView {
    let items = messages
        .into_iter()
        .map(|message| {
            let parts = message
                .parts
                .into_iter()
                .map(|part| match part {
                    Part::Text(text) => view! { <pre class="text">{text}</pre> }.into_any(),
                    Part::Image {
                        detail,
                        url_type,
                        size_kb,
                    } => view! {
                        <p class="image-placeholder" data-testid="image-placeholder">
                            {placeholder(detail, url_type, size_kb)}
                        </p>
                    }
                    .into_any(),
                    Part::Other(json) => view! { <pre class="json">{json}</pre> }.into_any(),
                })
                .collect_view();
            view! {
                <li>
                    <span class="role">{message.role}</span>
                    {parts}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="messages">{items}</ol> }
}
