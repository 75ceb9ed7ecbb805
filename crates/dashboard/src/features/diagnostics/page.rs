//! "Why can't I see my logs?": the connection in the form checked step by step (the endpoint
//! answers, CORS allows this page, the keys are valid, the clock is in sync, the bucket
//! exists, the prefix has objects), each step shown as it runs, with the fix under the one
//! that failed. The same checks and words as `logscope doctor`; the loader runs them.

use doctor::{Outcome, Step, Target};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::features::connect::model::ValidationError;
use crate::features::diagnostics::step::{DiagnosticsStep, StepState};
use crate::i18n::locale::{Lang, Locale};
use crate::load::diagnose;
use crate::state::connection::Draft;

/// The diagnostics page.
#[component]
pub fn Diagnostics(
    /// The connection settings as typed, connected with or not.
    draft: Draft,
) -> impl IntoView {
    let locale = Locale::get();
    let states = RwSignal::new(vec![StepState::Waiting; Step::ALL.len()]);
    let target = RwSignal::new(None::<Target>);
    let invalid = RwSignal::new(None::<ValidationError>);
    let running = RwSignal::new(false);
    // Each run has a number, so that a run replaced by a newer one stops reporting.
    let runs = RwSignal::new(0u32);

    let start = move || {
        let connection = match draft.settings().validate() {
            Ok(connection) => connection,
            Err(problems) => return invalid.set(Some(problems)),
        };
        invalid.set(None);
        runs.update(|n| *n += 1);
        let run = runs.get_untracked();
        target.set(Some(diagnose::target(&connection)));
        let mut fresh = vec![StepState::Waiting; Step::ALL.len()];
        fresh[0] = StepState::Pending;
        states.set(fresh);
        running.set(true);
        spawn_local(async move {
            diagnose::run(connection, move |fact| {
                // The page was left, or a newer run began: stop.
                if runs.try_get_untracked() != Some(run) {
                    return false;
                }
                let go_on = fact.outcome() != Outcome::Fail;
                let index = Step::ALL
                    .iter()
                    .position(|s| *s == fact.step())
                    .unwrap_or(0);
                states.update(|states| {
                    states[index] = StepState::Done(fact);
                    for (later, state) in states.iter_mut().enumerate().skip(index + 1) {
                        *state = match (go_on, later == index + 1) {
                            (false, _) => StepState::Skipped,
                            (true, true) => StepState::Pending,
                            (true, false) => StepState::Waiting,
                        };
                    }
                });
                go_on
            })
            .await;
            if runs.try_get_untracked() == Some(run) {
                running.try_set(false);
            }
        });
    };

    // Whoever opens this page (the error panel links here) wants the answer, not a button:
    // with the form filled in, the checks run at once. An incomplete form waits for the
    // button, which then says what is missing.
    // Once the page is on screen: nothing here is tracked, so it runs once.
    Effect::new(move |_| {
        if runs.get_untracked() == 0 && draft.settings().validate().is_ok() {
            start();
        }
    });

    let summary = move || {
        if running.get() {
            return None;
        }
        let (failed, warned, done) = states.with(|states| {
            let outcome = |wanted| {
                states
                    .iter()
                    .filter(|s| matches!(s, StepState::Done(f) if f.outcome() == wanted))
                    .count()
            };
            let done = states
                .iter()
                .filter(|s| matches!(s, StepState::Done(_)))
                .count();
            (outcome(Outcome::Fail), outcome(Outcome::Warn), done)
        });
        let lang = locale.lang();
        let text = match (failed, warned, lang) {
            _ if done == 0 => return None,
            (1.., _, Lang::En) => {
                "Stopped at the failed step: fix it, then run the checks again.".to_owned()
            }
            (1.., _, Lang::Zh) => "已在失败的步骤处停止：请先解决它，再重新运行检查。".to_owned(),
            (0, 0, Lang::En) => "All checks passed.".to_owned(),
            (0, 0, Lang::Zh) => "全部检查通过。".to_owned(),
            (0, n, Lang::En) => format!("All checks passed, with {n} warning(s)."),
            (0, n, Lang::Zh) => format!("全部检查通过，有 {n} 条警告。"),
        };
        Some(view! {
            <p class="diagnostics-summary" data-testid="diagnostics-summary" role="status">{text}</p>
        })
    };

    let steps = Step::ALL
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let state = Signal::derive(move || states.with(|states| states[index].clone()));
            view! { <DiagnosticsStep step number=index + 1 state target/> }
        })
        .collect_view();

    view! {
        <section class="card diagnostics" aria-labelledby="diagnostics-heading" data-testid="diagnostics">
            <h2 id="diagnostics-heading">
                {locale.words("Why can't I see my logs?", "为什么看不到我的日志？")}
            </h2>
            <p class="intro">
                {locale.words("These checks try the settings in the connection form below, one \
                             step at a time, from this browser. ", "这些检查会在本浏览器中逐步验证下方连接表单里的设置。在终端里运行 ")}
                <code>"logscope doctor"</code>
                {locale.words(" runs the same checks from a terminal.", " 也会执行同样的检查。")}
            </p>
            <button
                type="button"
                class="diagnostics-run"
                data-testid="run-checks"
                on:click=move |_| start()
            >
                {locale.words("Run checks", "运行检查")}
            </button>
            {move || {
                invalid
                    .get()
                    .map(|problems| {
                        view! {
                            <p class="message error" role="alert" data-testid="diagnostics-form-error">
                                {move || problems.message(locale.lang())}
                            </p>
                        }
                    })
            }}
            <ol class="diagnostics-steps" aria-live="polite">{steps}</ol>
            {summary}
        </section>
    }
}
