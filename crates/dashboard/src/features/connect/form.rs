//! The connection form: where the bucket is and which credentials to use. It edits the
//! [`Draft`] in the state, checks it with the same rules signing uses, and hands a checked
//! [`Connection`] to `on_connect`; it shows what the last attempt came to, whoever started it.
//! It signs and fetches nothing, and reads nothing kept: the page opens the draft
//! ([`actions::Opening`]) and may connect with it before anyone presses "Connect".

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::features::connect::actions;
use crate::features::connect::model::{location, Connection, Field as FormField};
use crate::i18n::locale::{Lang, Locale};
use crate::state::connection::{Draft, Outcome};
use crate::ui::field::Field;

/// What went well, in the reader's language; `None` for a refusal, which shows as an error.
fn said(outcome: &Outcome, lang: Lang) -> Option<String> {
    Some(match (outcome, lang) {
        (Outcome::Reading { folder, endpoint }, Lang::En) => {
            format!("Reading {}.", location(folder, endpoint, lang))
        }
        (Outcome::Reading { folder, endpoint }, Lang::Zh) => {
            format!("正在读取 {}。", location(folder, endpoint, lang))
        }
        (Outcome::Forgotten, Lang::En) => {
            "The saved settings and keys were removed from this browser.".to_owned()
        }
        (Outcome::Forgotten, Lang::Zh) => "已从此浏览器删除保存的设置和密钥。".to_owned(),
        (Outcome::Refused(_), _) => return None,
    })
}

/// The connection form.
#[component]
pub fn ConnectForm(
    /// The settings being typed.
    draft: Draft,
    /// Called with checked settings when the user connects.
    on_connect: Callback<Connection>,
) -> impl IntoView {
    let fields = draft.fields();
    let outcome = draft.outcome();
    let remembered = draft.remembered();
    let locale = Locale::get();
    let error = move || match outcome.get() {
        Some(Outcome::Refused(problems)) => Some(problems),
        _ => None,
    };
    let status = move || outcome.get().filter(|o| !matches!(o, Outcome::Refused(_)));

    let concerns = move |field: FormField| {
        Signal::derive(move || {
            outcome.with(|o| matches!(o, Some(Outcome::Refused(e)) if e.concerns(field)))
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(connection) = actions::connect(draft) {
            on_connect.run(connection);
        }
    };
    let on_remember = move |_| actions::remember_changed(draft);
    let forget = move |_| actions::forget(draft);

    let t = move |en, zh| locale.text(en, zh);
    view! {
        <section class="card connect" aria-labelledby="connect-heading">
            <h2 id="connect-heading">{locale.words("Connect to a bucket", "连接存储桶")}</h2>
            <p class="intro">
                {locale.words("Requests go straight from this browser to your object storage, \
                             signed here with your keys. The bucket must allow this site's \
                             origin (CORS).", "请求由本浏览器直接发往你的对象存储，并在本页用你的密钥签名。\
                             存储桶须允许本站点的来源访问（CORS）。")}
            </p>
            <form id="connect-form" name="connect-form" novalidate on:submit=on_submit>
                <fieldset>
                    <legend>{locale.words("Bucket", "存储桶")}</legend>
                    <Field
                        id="endpoint"
                        label=t("Endpoint", "服务地址")
                        value=fields.endpoint
                        input_type="url"
                        autocomplete="url"
                        placeholder="https://objectstorageapi.example.com"
                        hint=t(
                            "The S3 API address of your object storage, starting with https://.",
                            "对象存储的 S3 API 地址，以 https:// 开头。",
                        )
                        required=true
                        invalid=concerns(FormField::Endpoint)
                    />
                    <Field
                        id="bucket"
                        label=t("Bucket", "存储桶")
                        value=fields.bucket
                        required=true
                        invalid=concerns(FormField::Bucket)
                    />
                    <div class="row">
                        <Field
                            id="region"
                            label=t("Region", "区域")
                            value=fields.region
                            required=true
                            invalid=concerns(FormField::Region)
                        />
                        <Field
                            id="prefix"
                            label=t("Prefix", "前缀")
                            value=fields.prefix
                            hint=t("Only keys under this prefix are listed.", "只列出此前缀下的对象。")
                        />
                    </div>
                    <Field
                        id="max-object-mb"
                        label=t("Largest object to read (MB)", "读取对象的大小上限（MB）")
                        value=fields.max_object_mb
                        input_type="number"
                        hint=t(
                            "Larger objects are not downloaded; their rows say why.",
                            "更大的对象不会下载，其行中会注明原因。",
                        )
                        invalid=concerns(FormField::MaxObjectMb)
                    />
                    <Field
                        id="lanes"
                        label=t("Reads at once", "同时读取数")
                        value=fields.lanes
                        input_type="number"
                        hint=t(
                            "Empty: as many as the link carries, found while reading.",
                            "留空：边读边找出链路能承载的数量。",
                        )
                        invalid=concerns(FormField::Lanes)
                    />
                </fieldset>
                <fieldset>
                    <legend>{locale.words("Credentials", "凭据")}</legend>
                    <Field
                        id="access-key"
                        label=t("Access key ID", "访问密钥 ID")
                        value=fields.access_key_id
                        required=true
                        invalid=concerns(FormField::AccessKeyId)
                    />
                    <Field
                        id="secret-key"
                        label=t("Secret access key", "私有访问密钥")
                        value=fields.secret_access_key
                        input_type="password"
                        required=true
                        invalid=concerns(FormField::SecretAccessKey)
                    />
                    <Field
                        id="session-token"
                        label=t("Session token (optional)", "会话令牌（可选）")
                        value=fields.session_token
                        input_type="password"
                        hint=t("Only for temporary credentials.", "仅用于临时凭据。")
                        invalid=concerns(FormField::SessionToken)
                    />
                </fieldset>
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="remember"
                        name="remember"
                        data-testid="remember"
                        aria-describedby="remember-hint"
                        bind:checked=fields.remember
                        on:change=on_remember
                    />
                    <label for="remember">
                        {locale.words("Remember on this device", "在此设备上记住")}
                    </label>
                    <p class="hint" id="remember-hint">
                        {locale.words("When on, these settings, including the secret key, are \
                                     kept in this browser's storage. Leave it off on shared \
                                     computers: the keys then last only as long as this tab.", "开启后，这些设置（包括私有密钥）会保存在此浏览器的存储中。\
                                     在公用电脑上请保持关闭：密钥只在此标签页打开期间有效。")}
                    </p>
                </div>
                {move || {
                    error()
                        .map(|problems| {
                            view! {
                                <p id="form-error" class="message error" role="alert">
                                    {move || problems.message(locale.lang())}
                                </p>
                            }
                        })
                }}
                {move || {
                    status()
                        .map(|outcome| {
                            view! {
                                <p id="form-status" class="message ok" role="status">
                                    {move || said(&outcome, locale.lang())}
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button type="submit" id="connect" name="connect" data-testid="connect">
                        {locale.words("Connect", "连接")}
                    </button>
                    <Show when=move || remembered.get()>
                        <button
                            type="button"
                            id="forget"
                            class="secondary"
                            data-testid="forget"
                            on:click=forget
                        >
                            {locale.words("Forget", "清除")}
                        </button>
                        <span class="hint">
                            {locale.words("Keys are saved in this browser.", "密钥已保存在此浏览器中。")}
                        </span>
                    </Show>
                </div>
            </form>
            <p class="diagnose-link">
                <a href="#/diagnostics">
                    {locale.words("Why can't I see my logs?", "为什么看不到我的日志？")}
                </a>
            </p>
        </section>
    }
}
