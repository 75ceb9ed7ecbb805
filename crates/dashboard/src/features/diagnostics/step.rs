//! One step of the diagnostics page: its mark, what was found and, when it failed or
//! warned, the fix, with commands as code to copy. The words come from the `doctor` crate,
//! the same as `logscope doctor` prints. `data-step` names the step and `data-outcome` says
//! where it stands: `waiting`, `pending`, `pass`, `warn`, `fail` or `skipped`.

use doctor::{words, Fact, Line, Outcome, Step, Target};
use leptos::prelude::*;

use crate::i18n::locale::Locale;

/// Where a step stands in the current run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Not run yet.
    Waiting,
    /// Running now.
    Pending,
    Done(Fact),
    /// Not run: an earlier step failed.
    Skipped,
}

impl StepState {
    fn id(&self) -> &'static str {
        match self {
            StepState::Waiting => "waiting",
            StepState::Pending => "pending",
            StepState::Done(fact) => fact.outcome().id(),
            StepState::Skipped => "skipped",
        }
    }
}

/// One step, numbered from 1.
#[component]
pub fn DiagnosticsStep(
    step: Step,
    number: usize,
    #[prop(into)] state: Signal<StepState>,
    #[prop(into)] target: Signal<Option<Target>>,
) -> impl IntoView {
    let locale = Locale::get();
    let lang = move || locale.lang();
    let said = move || {
        let fact = match state.get() {
            StepState::Done(fact) => fact,
            _ => return None,
        };
        target.with(|target| target.as_ref().map(|target| words(&fact, target, lang())))
    };
    let mark = move || match state.get() {
        StepState::Waiting | StepState::Skipped => "·",
        StepState::Pending => "…",
        StepState::Done(fact) => match fact.outcome() {
            Outcome::Pass => "✓",
            Outcome::Warn => "!",
            Outcome::Fail => "✗",
        },
    };
    let status = move || {
        let (en, zh) = match state.get() {
            StepState::Waiting => ("not run yet", "尚未运行"),
            StepState::Pending => ("checking…", "正在检查…"),
            StepState::Skipped => (
                "not checked: an earlier step failed",
                "未检查：前面的步骤失败了",
            ),
            StepState::Done(fact) => match fact.outcome() {
                Outcome::Pass => ("passed", "通过"),
                Outcome::Warn => ("warning", "警告"),
                Outcome::Fail => ("failed", "失败"),
            },
        };
        locale.t(en, zh)
    };
    let heading = move || match said() {
        Some(said) => said.title,
        None => step.name(lang()).to_owned(),
    };
    let fix = move || {
        let said = said()?;
        if said.fix.is_empty() {
            return None;
        }
        let lines = said
            .fix
            .into_iter()
            .map(|line| match line {
                Line::Say(text) => view! { <p>{text}</p> }.into_any(),
                Line::Run(command) => {
                    view! { <pre translate="no"><code>{command}</code></pre> }.into_any()
                }
            })
            .collect_view();
        Some(view! {
            <div class="diagnostics-fix" data-testid="fix">
                <p class="diagnostics-fix-label">{locale.words("How to fix it", "解决办法")}</p>
                {lines}
            </div>
        })
    };

    view! {
        <li class="diagnostics-step" data-step=step.id() data-outcome=move || state.get().id()>
            <span class="diagnostics-mark" aria-hidden="true">{mark}</span>
            <div class="diagnostics-body">
                <h3>
                    <span class="diagnostics-number">{number}". "</span>
                    {heading}
                    <span class="diagnostics-status">" — "{status}</span>
                </h3>
                {move || said().map(|said| view! { <p class="diagnostics-detail">{said.detail}</p> })}
                {fix}
            </div>
        </li>
    }
}
