//! The connection form: where the bucket is and which credentials to use.
//!
//! Submitting checks the fields locally and reports problems inline. Nothing
//! is sent over the network and nothing is stored yet.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::connection::{
    ConnectionSettings, RequiredField, ValidationError, DEFAULT_PREFIX, DEFAULT_REGION,
};

/// The connection form, with every field empty except region and prefix.
#[component]
pub fn ConnectForm() -> impl IntoView {
    let endpoint = RwSignal::new(String::new());
    let bucket = RwSignal::new(String::new());
    let region = RwSignal::new(DEFAULT_REGION.to_owned());
    let prefix = RwSignal::new(DEFAULT_PREFIX.to_owned());
    let access_key_id = RwSignal::new(String::new());
    let secret_access_key = RwSignal::new(String::new());
    let session_token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);

    let error = RwSignal::new(None::<ValidationError>);
    let status = RwSignal::new(None::<String>);

    let missing = move |field: RequiredField| {
        Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|e| e.is_missing(field))))
    };
    let endpoint_invalid = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .is_some_and(|e| e.is_missing(RequiredField::Endpoint) || e.endpoint_without_scheme)
        })
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let settings = ConnectionSettings {
            endpoint: endpoint.get_untracked(),
            bucket: bucket.get_untracked(),
            region: region.get_untracked(),
            prefix: prefix.get_untracked(),
            access_key_id: access_key_id.get_untracked(),
            secret_access_key: secret_access_key.get_untracked(),
            session_token: session_token.get_untracked(),
            remember: remember.get_untracked(),
        };
        match settings.validate() {
            Ok(()) => {
                error.set(None);
                status.set(Some(format!(
                    "Settings look complete: {}. Listing logs is not available in this \
                     version yet; nothing was sent or stored.",
                    settings.location()
                )));
            }
            Err(problems) => {
                status.set(None);
                error.set(Some(problems));
            }
        }
    };

    view! {
        <section class="card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">"Connect to a bucket"</h2>
            <p class="intro">
                "Requests go straight from this browser to your object storage, signed here \
                 with your keys. The bucket must allow this site's origin (CORS)."
            </p>
            <form id="connect-form" name="connect-form" novalidate on:submit=on_submit>
                <fieldset>
                    <legend>"Bucket"</legend>
                    <Field
                        id="endpoint"
                        label="Endpoint"
                        value=endpoint
                        input_type="url"
                        autocomplete="url"
                        placeholder="https://objectstorageapi.example.com"
                        hint="The S3 API address of your object storage, starting with https://."
                        required=true
                        invalid=endpoint_invalid
                    />
                    <Field
                        id="bucket"
                        label="Bucket"
                        value=bucket
                        required=true
                        invalid=missing(RequiredField::Bucket)
                    />
                    <div class="row">
                        <Field
                            id="region"
                            label="Region"
                            value=region
                            required=true
                            invalid=missing(RequiredField::Region)
                        />
                        <Field
                            id="prefix"
                            label="Prefix"
                            value=prefix
                            hint="Only keys under this prefix are listed."
                        />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Credentials"</legend>
                    <Field
                        id="access-key"
                        label="Access key ID"
                        value=access_key_id
                        required=true
                        invalid=missing(RequiredField::AccessKeyId)
                    />
                    <Field
                        id="secret-key"
                        label="Secret access key"
                        value=secret_access_key
                        input_type="password"
                        required=true
                        invalid=missing(RequiredField::SecretAccessKey)
                    />
                    <Field
                        id="session-token"
                        label="Session token (optional)"
                        value=session_token
                        input_type="password"
                        hint="Only for temporary credentials."
                    />
                </fieldset>
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="remember"
                        name="remember"
                        aria-describedby="remember-hint"
                        bind:checked=remember
                    />
                    <label for="remember">"Remember on this device"</label>
                    <p class="hint" id="remember-hint">
                        "When on, these settings, including the secret key, are kept in this \
                         browser's storage. Leave it off on shared computers."
                    </p>
                </div>
                {move || {
                    error
                        .get()
                        .map(|problems| {
                            view! {
                                <p id="form-error" class="message error" role="alert">
                                    {problems.to_string()}
                                </p>
                            }
                        })
                }}
                {move || {
                    status
                        .get()
                        .map(|text| {
                            view! {
                                <p id="form-status" class="message ok" role="status">
                                    {text}
                                </p>
                            }
                        })
                }}
                <button type="submit" id="connect" name="connect">"Connect"</button>
            </form>
        </section>
    }
}

/// One labelled single-line input bound to `value`.
#[component]
fn Field(
    /// The input's `id` and `name`; the label points at it.
    id: &'static str,
    /// Visible label text.
    label: &'static str,
    /// The input's current text.
    value: RwSignal<String>,
    /// The input's `type` attribute.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The input's `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// A short explanation shown under the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Marks the label as required.
    #[prop(optional)]
    required: bool,
    /// Whether the last submit found a problem with this field.
    #[prop(optional, into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class="field">
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                placeholder=placeholder
                aria-required=required.then_some("true")
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=hint_id.clone()
                bind:value=value
            />
            {hint.map(|text| view! { <p class="hint" id=hint_id>{text}</p> })}
        </div>
    }
}
