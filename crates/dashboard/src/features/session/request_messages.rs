//! The messages of a call's request, in order, with each image as a placeholder that says
//! what was sent (detail, encoding, size) and never the image itself.

use leptos::prelude::*;

use crate::features::session::model::{Message, Part};
use crate::i18n::locale::{Lang, Locale};

/// What an image placeholder says: the `detail` and `url_type` the log gives (its own
/// words) and the size.
fn placeholder(
    detail: Option<&str>,
    url_type: Option<&str>,
    size_kb: Option<f64>,
    lang: Lang,
) -> String {
    let mut facts: Vec<String> = Vec::new();
    facts.extend(detail.map(|d| format!("detail {d}")));
    facts.extend(url_type.map(str::to_owned));
    facts.extend(size_kb.map(|kb| match lang {
        Lang::En => format!("about {kb:.0} KB"),
        Lang::Zh => format!("约 {kb:.0} KB"),
    }));
    match (facts.is_empty(), lang) {
        (true, Lang::En) => "Image".to_owned(),
        (true, Lang::Zh) => "图片".to_owned(),
        (false, Lang::En) => format!("Image: {}", facts.join(", ")),
        (false, Lang::Zh) => format!("图片：{}", facts.join("，")),
    }
}

/// The messages.
#[component]
pub fn RequestMessages(messages: Vec<Message>) -> impl IntoView {
    let locale = Locale::get();
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
                            {move || {
                                placeholder(
                                    detail.as_deref(),
                                    url_type.as_deref(),
                                    size_kb,
                                    locale.lang(),
                                )
                            }}
                        </p>
                    }
                    .into_any(),
                    Part::Other(json) => {
                        view! { <pre class="json" translate="no">{json}</pre> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <li>
                    <span class="role" translate="no">{message.role}</span>
                    {parts}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="messages">{items}</ol> }
}
