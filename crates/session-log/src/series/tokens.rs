//! Prompt and completion tokens per model, the largest models first and the rest folded
//! into "other".

use super::{shown_models, Models, Series};
use crate::summary::SessionSummary;

/// Tokens of one model, or of the models folded into "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTokens {
    pub series: Series,
    /// Calls.
    pub calls: u64,
    /// Input tokens.
    pub prompt_tokens: u64,
    /// Output tokens.
    pub completion_tokens: u64,
}

impl ModelTokens {
    /// Prompt plus completion tokens.
    pub fn total(&self) -> u64 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }
}

/// Tokens per model over `sessions`, most tokens first (equal ones by name): the `top`
/// largest in their own bar and the rest as one "other" last (see [`shown_models`]).
/// Models whose calls used no tokens at all have no bar.
pub fn tokens_by_model<'a>(
    sessions: impl IntoIterator<Item = &'a SessionSummary>,
    top: usize,
) -> Vec<ModelTokens> {
    let mut counts = TokenCounts::default();
    sessions.into_iter().for_each(|session| counts.add(session));
    counts.by_model(top)
}

/// [`tokens_by_model`], grown one session at a time.
#[derive(Debug, Clone, Default)]
pub struct TokenCounts {
    ids: Models,
    /// Per model id: calls, prompt and completion tokens.
    counts: Vec<(u64, u64, u64)>,
}

impl TokenCounts {
    /// Counts one more session.
    pub fn add(&mut self, session: &SessionSummary) {
        for call in &session.calls {
            let id = self.ids.id(&call.model);
            if self.counts.len() <= id {
                self.counts.resize(id + 1, (0, 0, 0));
            }
            let (calls, prompt, completion) = &mut self.counts[id];
            *calls += 1;
            *prompt = prompt.saturating_add(call.prompt_tokens);
            *completion = completion.saturating_add(call.completion_tokens);
        }
    }

    /// The bars so far, as [`tokens_by_model`] gives them.
    pub fn by_model(&self, top: usize) -> Vec<ModelTokens> {
        let mut models: Vec<ModelTokens> = self
            .ids
            .names
            .iter()
            .zip(&self.counts)
            .map(
                |(model, &(calls, prompt_tokens, completion_tokens))| ModelTokens {
                    series: Series::Model(model.clone()),
                    calls,
                    prompt_tokens,
                    completion_tokens,
                },
            )
            .filter(|m| m.total() > 0)
            .collect();
        crate::sort::by(&mut models, |a, b| {
            b.total()
                .cmp(&a.total())
                .then_with(|| model_name(a).cmp(model_name(b)))
        });
        let own = shown_models(models.len(), top);
        let folded = models.split_off(own);
        if !folded.is_empty() {
            let mut other = ModelTokens {
                series: Series::Other(folded.iter().map(|m| model_name(m).to_owned()).collect()),
                calls: 0,
                prompt_tokens: 0,
                completion_tokens: 0,
            };
            for m in &folded {
                other.calls += m.calls;
                other.prompt_tokens = other.prompt_tokens.saturating_add(m.prompt_tokens);
                other.completion_tokens =
                    other.completion_tokens.saturating_add(m.completion_tokens);
            }
            models.push(other);
        }
        models
    }
}

fn model_name(tokens: &ModelTokens) -> &str {
    match &tokens.series {
        Series::Model(name) => name,
        Series::Other(_) => "",
    }
}
