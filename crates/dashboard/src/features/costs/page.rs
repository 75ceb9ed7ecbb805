//! The cost check page (`#/costs`): what the writer logged against what the calls cost at
//! list prices, in total, in words per model, per model in a table and per session; then the
//! session checks with their counts, and the price table with the user's price file. All of
//! it follows the price table in use: a price file recomputes every figure here at once.

use leptos::prelude::*;
use session_log::cost_check::{self, CostCheck as Report};

use crate::features::costs::checks::CostChecks;
use crate::features::costs::findings::{ratio_text, CostFindings};
use crate::features::costs::models::CostModels;
use crate::features::costs::price_table::PriceTableCard;
use crate::features::costs::sessions::CostSessions;
use crate::i18n::format;
use crate::i18n::locale::{Lang, Locale};
use crate::state::rows::RowState;
use crate::state::Store;
use crate::ui::tile::Tile;

/// A count, exact and for the eye.
fn counted(n: u64) -> (String, String) {
    (n.to_string(), format::count(n))
}

/// The cost check page.
#[component]
pub fn CostCheck(store: Store) -> impl IntoView {
    let locale = Locale::get();
    let report = Memo::new(move |_| {
        let prices = store.prices().with(|p| p.table.clone());
        store.rows().with(|rows| {
            let read = rows
                .all()
                .iter()
                .filter(|row| row.state == RowState::Read)
                .map(|row| &row.summary);
            cost_check::check(read, &prices)
        })
    });
    // A figure: its exact value for machines, and as shown in the reader's language.
    let figure = move |read: fn(&Report, Lang) -> (String, String)| {
        let exact = Signal::derive(move || report.with(|r| read(r, Lang::En).0));
        let shown = Signal::derive(move || {
            let lang = locale.lang();
            report.with(|r| read(r, lang).1)
        });
        (exact, shown)
    };
    let (logged, logged_shown) =
        figure(|r, lang| (r.logged_usd.to_string(), format::usd(r.logged_usd, lang)));
    let (list, list_shown) =
        figure(|r, lang| (r.list_usd.to_string(), format::usd(r.list_usd, lang)));
    let (ratio, ratio_shown) = figure(|r, lang| match r.ratio {
        Some(ratio) => (ratio.to_string(), ratio_text(ratio, lang)),
        None => (String::new(), "–".to_owned()),
    });
    let (differ, differ_shown) = figure(|r, _| counted(r.calls_differ));
    let (unpriced, unpriced_shown) = figure(|r, _| counted(r.unpriced_calls));
    let (unknown, unknown_shown) = figure(|r, _| counted(r.unknown_model_calls));
    let label = move |en, zh| locale.text(en, zh);
    let ratio_note = Signal::derive(move || {
        locale
            .t(
                "logged ÷ list, calls with both",
                "记录 ÷ 标价，仅计两者皆有的调用",
            )
            .to_owned()
    });
    let list_note = Signal::derive(move || {
        let unknown = report.with(|r| r.unknown_model_calls);
        match (locale.lang(), unknown) {
            (_, 0) => String::new(),
            (Lang::En, n) => format!("without {} calls of unpriced models", format::count(n)),
            (Lang::Zh, n) => format!("不含无标价模型的 {} 次调用", format::count(n)),
        }
    });

    view! {
        <section class="card cost-check" aria-labelledby="cost-heading" data-testid="cost-check">
            <h2 id="cost-heading">{locale.words("Cost check", "费用核对")}</h2>
            <p class="intro">
                {locale.words("Each call's logged estimate (cost_estimate) against what its tokens cost at \
                     the list prices below. More than 1% apart is flagged.", "将每次调用记录的估算费用（cost_estimate）与按下方标价重算的费用相比较，\
                     相差超过 1% 即标出。")}
            </p>
            <div class="tiles cost-tiles">
                <Tile testid="cost-logged" label=label("Logged", "记录费用") value=logged shown=logged_shown/>
                <Tile testid="cost-list" label=label("At list prices", "按标价") value=list shown=list_shown note=list_note/>
                <Tile testid="cost-ratio" label=label("Logged ÷ list", "记录 ÷ 标价") value=ratio shown=ratio_shown note=ratio_note/>
                <Tile testid="cost-differ" label=label("Calls more than 1% off", "相差超过 1% 的调用") value=differ shown=differ_shown/>
                <Tile testid="cost-unpriced" label=label("Calls without an estimate", "无估算的调用") value=unpriced shown=unpriced_shown/>
                <Tile testid="cost-unknown" label=label("Calls of unpriced models", "无标价模型的调用") value=unknown shown=unknown_shown/>
            </div>
            <CostFindings report/>
            <CostModels report/>
            <CostSessions report/>
        </section>
        <CostChecks store/>
        <PriceTableCard store/>
    }
}
