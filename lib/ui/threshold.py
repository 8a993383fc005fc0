"""The threshold machinery both threshold pages share: the bound slider, the threshold choosers, the
cost inputs and the headline metrics.

A threshold move must never refit or recompute a curve: the evaluation (sorted scores, curves, AUCs) is
cached per fitted model, and everything under the slider only counts with `np.searchsorted` on it.
"""
from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from lib import params, thresholds
from lib.plots import classification as plots
from lib.thresholds import SortedScores, ThresholdMetrics
from lib.ui import cache, show
from lib.ui.linked import set_threshold
from lib.ui.url import widget

KEY = params.THRESHOLD.name  # URL parameter and session_state key
_CHOICE_MESSAGE = "_threshold_choice_message"
TARGET = dict(low=0.05, high=1.0, step=0.05)


@cache.cached(max_entries=32)
def base_figures(key: Hashable, positive_name: str, _ev: thresholds.Evaluation) -> dict[str, dict]:  # noqa: ARG001
    """The threshold-free part of every chart, built once per fitted model (`key` identifies it: `_ev` is
    not hashed)."""
    return plots.base_figures(_ev, positive_name)


def _jump(chosen: thresholds.Chosen) -> None:
    """Button callback: move the bound slider (only possible through session_state) and say why."""
    if chosen.threshold is not None:
        set_threshold(chosen.threshold)
    st.session_state[_CHOICE_MESSAGE] = (chosen.threshold is not None, chosen.message)


def _jump_to(chooser, scores: SortedScores, target_key: str | None = None) -> None:
    # The target is read from session_state at click time: a value typed just before the click is
    # not yet in the arguments bound on the previous run.
    _jump(chooser(scores, st.session_state[target_key]) if target_key else chooser(scores))


def threshold_slider() -> float:
    value = widget(params.THRESHOLD)
    return round(float(value), 2)  # the slider's float can carry 1e-17 noise; the script prints this value


def choosers(scores: SortedScores) -> None:
    """Buttons that move the slider to a threshold chosen by a rule."""
    st.caption("**Choose a threshold for me** (searched over the slider's 0.01 steps on the test split — in a "
               "real project choose it on validation data, not on the test set):")
    f1_col, j_col, recall_col, precision_col = st.columns(4, vertical_alignment="bottom")
    f1_col.button("Max F1", on_click=_jump_to, args=(thresholds.best_f1, scores), width="stretch",
                  help="The threshold with the highest F1 (harmonic mean of precision and recall).")
    j_col.button("Max Youden's J", on_click=_jump_to, args=(thresholds.best_youden, scores), width="stretch",
                 help="The threshold with the largest TPR − FPR: the ROC point farthest above the diagonal.")
    with recall_col:
        st.number_input("Target recall", TARGET["low"], TARGET["high"], 0.9, TARGET["step"],
                        key="_target_recall", format="%.2f")
        st.button("Reach recall", on_click=_jump_to, width="stretch",
                  args=(thresholds.for_target_recall, scores, "_target_recall"),
                  help="The highest threshold whose recall is at least the target (fewest false alarms).")
    with precision_col:
        st.number_input("Target precision", TARGET["low"], TARGET["high"], 0.9, TARGET["step"],
                        key="_target_precision", format="%.2f")
        st.button("Reach precision", on_click=_jump_to, width="stretch",
                  args=(thresholds.for_target_precision, scores, "_target_precision"),
                  help="The lowest threshold whose precision is at least the target (most positives caught).")
    message = st.session_state.pop(_CHOICE_MESSAGE, None)
    if message:
        (st.success if message[0] else st.warning)(message[1], icon=":material/target:")


def cost_inputs() -> tuple[int, int]:
    fp_col, fn_col = st.columns(2)
    return widget(params.COST_FP, container=fp_col), widget(params.COST_FN, container=fn_col)


def _jump_to_min_cost(scores: SortedScores) -> None:
    _jump(thresholds.min_cost(scores, st.session_state[params.COST_FP.name], st.session_state[params.COST_FN.name]))


def min_cost_button(scores: SortedScores) -> None:
    st.button("Jump to the minimum-cost threshold", on_click=_jump_to_min_cost, args=(scores,),
              help="Sets the slider to the threshold with the lowest total cost in the chart.")


def headline(at: ThresholdMetrics, labels: tuple[str, ...], extra_helps: dict[str, str] | None = None) -> None:
    show.metrics(at.pick(labels), {**thresholds.HELP, **(extra_helps or {})}, at.reasons)


def threshold_free(ev: thresholds.Evaluation, extra: dict[str, float | None] | None = None,
                   helps: dict[str, str] | None = None) -> None:
    st.markdown("**Threshold-free** — these rank the scores and do not move with the slider:")
    show.metrics({**ev.ranking, **(extra or {})}, {**thresholds.HELP, **(helps or {})}, ev.ranking_reasons)


# --- the live view's tables (lib/ui/linked.py): every step of the slider, once per fitted model -------

def _shown_at(scores: SortedScores, labels: tuple[str, ...], extra: dict[str, float] | None = None):
    def values_at(t: float) -> tuple[dict[str, str], dict[str, str]]:
        at = thresholds.metrics_at(scores, t)
        values = {**(extra or {}), **at.values}
        return ({label: show.format_metric(values[label]) for label in labels},
                {label: at.reasons[label] for label in labels if label in at.reasons})
    return values_at


def classification_table(ev: thresholds.Evaluation, bases: dict[str, dict], cost_fp: int, cost_fn: int) -> dict:
    """Numbers and charts of the classification page's explorer at every slider step."""
    from lib.plots import linked
    from lib.text.classification import EXPLAIN
    from lib.ui.linked import inline_html

    grid, scores = thresholds.SLIDER_GRID, ev.scores
    cost = thresholds.cost_curve(scores, cost_fp, cost_fn)
    best = thresholds.min_cost(scores, cost_fp, cost_fn)
    cost_text = f"{EXPLAIN['cost']} (here {thresholds.cost_threshold(cost_fp, cost_fn):.2f}). {best.message}"
    charts = [
        linked.chart("confusion", "Confusion matrix (test split)", inline_html(EXPLAIN["confusion"]),
                     bases["confusion"], lambda t: plots.confusion_layer(thresholds.confusion_at(scores, t)), grid),
        linked.chart("histogram", "Score distributions of the two classes", inline_html(EXPLAIN["histogram"]),
                     bases["histogram"], lambda t: plots.histogram_layer(ev, t), grid),
        linked.chart("roc", "ROC curve", inline_html(EXPLAIN["roc"]), bases["roc"],
                     lambda t: plots.roc_layer(thresholds.confusion_at(scores, t)), grid),
        linked.chart("pr", "Precision–recall curve", inline_html(EXPLAIN["pr"]), bases["pr"],
                     lambda t: plots.pr_layer(thresholds.metrics_at(scores, t)), grid),
        linked.chart("curves", "Precision, recall and F1 against the threshold", inline_html(EXPLAIN["curves"]),
                     bases["curves"], plots.threshold_curves_layer, grid),
        linked.chart("cost", "What do mistakes cost?", inline_html(cost_text),
                     plots.cost_base(bases["cost"], grid, cost, best.threshold),
                     lambda t: plots.cost_layer(cost, t), grid),
    ]
    return {"grid": linked.grid_list(grid), "charts": charts,
            "metrics": linked.metric_table(_shown_at(scores, thresholds.AT_THRESHOLD), thresholds.AT_THRESHOLD,
                                           thresholds.HELP, grid)}


def imbalance_table(ev: thresholds.Evaluation, majority_accuracy: float, sweep_base: dict,
                    points: list, sweep_explain: str) -> dict:
    """Numbers and the sweep chart of the imbalance page at every slider step."""
    from lib import imbalance
    from lib.plots import imbalance as imbalance_plots
    from lib.plots import linked
    from lib.ui.linked import inline_html

    grid = thresholds.SLIDER_GRID
    labels = tuple(imbalance.headline_at(thresholds.metrics_at(ev.scores, 0.5), majority_accuracy))
    values_at = _shown_at(ev.scores, labels, {imbalance.MAJORITY_LABEL: majority_accuracy})
    sweep = linked.chart("sweep", "Metrics against imbalance", inline_html(sweep_explain), sweep_base,
                         lambda t: imbalance_plots.sweep_layer(imbalance.sweep_at(points, t), t), grid)
    return {"grid": linked.grid_list(grid), "charts": [sweep],
            "metrics": linked.metric_table(values_at, labels, imbalance.HEADLINE_HELP, grid)}
