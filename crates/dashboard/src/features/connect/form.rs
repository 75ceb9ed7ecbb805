//! The connection form: where the bucket is and which credentials to use.
//!
//! It starts from the layered prefill (defaults, config.json, storage, URL query), checks
//! the fields with the same rules signing uses, keeps them where "Remember on this device"
//! says, and hands a checked [`Connection`] to `on_connect`: at once when settings kept in
//! this browser are complete (so that a reload, or a deep link opened in the same tab,
//! comes back connected), or when config.json says `"connect": true`. It signs and fetches
//! nothing.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::features::connect::model::{Connection, Field as FormField, Settings, ValidationError};
use crate::features::connect::prefill::{self, Prefill};
use crate::features::connect::storage;
use crate::i18n::locale::{Lang, Locale};
use crate::ui::field::Field;

/// One signal per form field.
#[derive(Clone, Copy)]
struct Fields {
    endpoint: RwSignal<String>,
    bucket: RwSignal<String>,
    region: RwSignal<String>,
    prefix: RwSignal<String>,
    access_key_id: RwSignal<String>,
    secret_access_key: RwSignal<String>,
    session_token: RwSignal<String>,
    max_object_mb: RwSignal<String>,
    remember: RwSignal<bool>,
}

impl Fields {
    fn new(settings: &Settings) -> Self {
        Self {
            endpoint: RwSignal::new(settings.endpoint.clone()),
            bucket: RwSignal::new(settings.bucket.clone()),
            region: RwSignal::new(settings.region.clone()),
            prefix: RwSignal::new(settings.prefix.clone()),
            access_key_id: RwSignal::new(settings.access_key_id.clone()),
            secret_access_key: RwSignal::new(settings.secret_access_key.clone()),
            session_token: RwSignal::new(settings.session_token.clone()),
            max_object_mb: RwSignal::new(settings.max_object_mb.clone()),
            remember: RwSignal::new(settings.remember),
        }
    }

    fn settings(&self) -> Settings {
        Settings {
            endpoint: self.endpoint.get_untracked(),
            bucket: self.bucket.get_untracked(),
            region: self.region.get_untracked(),
            prefix: self.prefix.get_untracked(),
            access_key_id: self.access_key_id.get_untracked(),
            secret_access_key: self.secret_access_key.get_untracked(),
            session_token: self.session_token.get_untracked(),
            max_object_mb: self.max_object_mb.get_untracked(),
            remember: self.remember.get_untracked(),
        }
    }

    /// Moves the fields from `before` to `after`, except those the user already changed:
    /// config.json arrives after the form is on screen.
    fn refill(&self, before: &Settings, after: &Settings) {
        for (field, old, new) in [
            (self.endpoint, &before.endpoint, &after.endpoint),
            (self.bucket, &before.bucket, &after.bucket),
            (self.region, &before.region, &after.region),
            (self.prefix, &before.prefix, &after.prefix),
            (
                self.access_key_id,
                &before.access_key_id,
                &after.access_key_id,
            ),
            (
                self.secret_access_key,
                &before.secret_access_key,
                &after.secret_access_key,
            ),
            (
                self.session_token,
                &before.session_token,
                &after.session_token,
            ),
            (
                self.max_object_mb,
                &before.max_object_mb,
                &after.max_object_mb,
            ),
        ] {
            if field.with_untracked(|now| now == old) {
                field.set(new.clone());
            }
        }
    }
}

/// What the form last said went well.
#[derive(Clone)]
enum Status {
    /// Connecting to this location (a [`Connection`]'s words in both languages).
    Reading { en: String, zh: String },
    /// The kept settings were removed.
    Forgotten,
}

impl Status {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Reading { en, .. }, Lang::En) => format!("Reading {en}."),
            (Self::Reading { zh, .. }, Lang::Zh) => format!("正在读取 {zh}。"),
            (Self::Forgotten, Lang::En) => {
                "The saved settings and keys were removed from this browser.".to_owned()
            }
            (Self::Forgotten, Lang::Zh) => "已从此浏览器删除保存的设置和密钥。".to_owned(),
        }
    }
}

/// The connection form.
#[component]
pub fn ConnectForm(
    /// Called with checked settings when the user connects.
    on_connect: Callback<Connection>,
    /// config.json's prefill, once it has been fetched (if there is one).
    #[prop(into)]
    config: Signal<Option<Prefill>>,
    /// Given a way to read the fields as they are now, connected with or not (the
    /// diagnostics page checks what is typed).
    #[prop(optional)]
    read_fields: Option<RwSignal<Option<Callback<(), Settings>>>>,
) -> impl IntoView {
    let query = prefill::page_query();
    let stored = storage::load();
    let start = prefill::initial(&Prefill::default(), stored.clone(), &query);
    let fields = Fields::new(&start);
    if let Some(slot) = read_fields {
        slot.set(Some(Callback::new(move |()| fields.settings())));
    }

    // Kept settings that would connect: the user connected with them before, in this tab
    // (sessionStorage) or on this device (localStorage, when asked to remember).
    let reconnect = stored.is_some() && start.validate().is_ok();
    let connected = StoredValue::new(false);

    let remembered = RwSignal::new(storage::remembered());
    let error = RwSignal::new(None::<ValidationError>);
    let status = RwSignal::new(None::<Status>);
    let locale = Locale::get();

    let concerns = move |field: FormField| {
        Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|e| e.concerns(field))))
    };

    let submit = move || {
        let settings = fields.settings();
        match settings.validate() {
            Ok(connection) => {
                connected.set_value(true);
                error.set(None);
                storage::save(&settings);
                remembered.set(settings.remember);
                status.set(Some(Status::Reading {
                    en: connection.location(Lang::En),
                    zh: connection.location(Lang::Zh),
                }));
                on_connect.run(connection);
            }
            Err(problems) => {
                status.set(None);
                error.set(Some(problems));
            }
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    Effect::new(move |_| {
        if let Some(config) = config.get() {
            fields.refill(&start, &prefill::initial(&config, stored.clone(), &query));
            if config.connect && !connected.get_value() {
                submit();
            }
        }
    });
    if reconnect {
        Effect::new(move |_| untrack(submit));
    }

    // Turning "remember" off takes the settings off the device at once, not at the next
    // connect: that is what a person unticking it on a shared computer expects.
    let on_remember = move |_| {
        if !fields.remember.get_untracked() && remembered.get_untracked() {
            storage::forget();
            remembered.set(false);
        }
    };

    let forget = move |_| {
        storage::forget();
        fields.secret_access_key.set(String::new());
        fields.session_token.set(String::new());
        fields.remember.set(false);
        remembered.set(false);
        status.set(Some(Status::Forgotten));
    };

    let t = move |en, zh| locale.text(en, zh);
    view! {
        <section class="card connect" aria-labelledby="connect-heading">
            <h2 id="connect-heading">{move || locale.t("Connect to a bucket", "连接存储桶")}</h2>
            <p class="intro">
                {move || {
                    locale
                        .t(
                            "Requests go straight from this browser to your object storage, \
                             signed here with your keys. The bucket must allow this site's \
                             origin (CORS).",
                            "请求由本浏览器直接发往你的对象存储，并在本页用你的密钥签名。\
                             存储桶须允许本站点的来源访问（CORS）。",
                        )
                }}
            </p>
            <form id="connect-form" name="connect-form" novalidate on:submit=on_submit>
                <fieldset>
                    <legend>{move || locale.t("Bucket", "存储桶")}</legend>
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
                </fieldset>
                <fieldset>
                    <legend>{move || locale.t("Credentials", "凭据")}</legend>
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
                        {move || locale.t("Remember on this device", "在此设备上记住")}
                    </label>
                    <p class="hint" id="remember-hint">
                        {move || {
                            locale
                                .t(
                                    "When on, these settings, including the secret key, are \
                                     kept in this browser's storage. Leave it off on shared \
                                     computers: the keys then last only as long as this tab.",
                                    "开启后，这些设置（包括私有密钥）会保存在此浏览器的存储中。\
                                     在公用电脑上请保持关闭：密钥只在此标签页打开期间有效。",
                                )
                        }}
                    </p>
                </div>
                {move || {
                    error
                        .get()
                        .map(|problems| {
                            view! {
                                <p id="form-error" class="message error" role="alert">
                                    {move || problems.message(locale.lang())}
                                </p>
                            }
                        })
                }}
                {move || {
                    status
                        .get()
                        .map(|said| {
                            view! {
                                <p id="form-status" class="message ok" role="status">
                                    {move || said.text(locale.lang())}
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button type="submit" id="connect" name="connect" data-testid="connect">
                        {move || locale.t("Connect", "连接")}
                    </button>
                    <Show when=move || remembered.get()>
                        <button
                            type="button"
                            id="forget"
                            class="secondary"
                            data-testid="forget"
                            on:click=forget
                        >
                            {move || locale.t("Forget", "清除")}
                        </button>
                        <span class="hint">
                            {move || locale.t("Keys are saved in this browser.", "密钥已保存在此浏览器中。")}
                        </span>
                    </Show>
                </div>
            </form>
            <p class="diagnose-link">
                <a href="#/diagnostics">
                    {move || locale.t("Why can't I see my logs?", "为什么看不到我的日志？")}
                </a>
            </p>
        </section>
    }
}
