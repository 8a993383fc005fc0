"""The threshold machinery both classification pages share: the bound slider, the threshold
choosers, the headline metrics and the cached evaluation of a fitted model's test scores.

A threshold move must never refit or recompute a curve: `evaluation` is cached per
experiment (sorted scores, curves, AUCs) and everything under the slider only counts
with `np.searchsorted` on those sorted scores.
"""
from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from lib import thresholds
from lib.choices import Experiment
from lib.plots import classification as plots
from lib.thresholds import SortedScores, ThresholdMetrics
from lib.ui import cached, show
from lib.ui.url import bound_number, bound_slider

KEY = "threshold"  # URL parameter and session_state key
_CHOICE_MESSAGE = "_threshold_choice_message"

THRESHOLD_HELP = ("A row is predicted positive when its score (the model's predicted probability of the positive "
                  "class) is at least this value, scikit-learn's convention.")
TARGET = dict(low=0.05, high=1.0, step=0.05)


@st.cache_resource(max_entries=32, show_spinner="Sorting the test scores and computing the curves…")
def evaluation(experiment: Experiment) -> thresholds.Evaluation:
    """Sorted scores, curves and AUCs of the experiment's fitted model (fitted once, via `cached.fitted`).

    cache_resource, not cache_data: the result is read-only, and unpickling a copy of 100,000 scores
    on every rerun would cost more than the metrics themselves.
    """
    fitted = cached.fitted(experiment)
    return thresholds.evaluate(fitted.y_true, fitted.y_score)


@st.cache_resource(max_entries=32, show_spinner=False)
def base_figures(key: Hashable, positive_name: str, _ev: thresholds.Evaluation) -> dict[str, dict]:  # noqa: ARG001
    """The threshold-free part of every chart, built once per fitted model (`key` identifies it)."""
    return plots.base_figures(_ev, positive_name)


def _jump(chosen: thresholds.Chosen) -> None:
    """Button callback: move the bound slider (only possible through session_state) and say why."""
    if chosen.threshold is not None:
        st.session_state[KEY] = float(chosen.threshold)
    st.session_state[_CHOICE_MESSAGE] = (chosen.threshold is not None, chosen.message)


def _jump_to(chooser, scores: SortedScores, target_key: str | None = None) -> None:
    # The target is read from session_state at click time: a value typed just before the click is
    # not yet in the arguments bound on the previous run.
    _jump(chooser(scores, st.session_state[target_key]) if target_key else chooser(scores))


def threshold_slider() -> float:
    value = bound_slider("Decision threshold", 0.0, 1.0, 0.5, 0.01, KEY, help=THRESHOLD_HELP)
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
    cost_fp = bound_number("Cost of a false positive", 0, 10_000, 1, "cost_fp", container=fp_col,
                           help="E.g. an unnecessary follow-up test or a blocked legitimate payment.")
    cost_fn = bound_number("Cost of a false negative", 0, 10_000, 5, "cost_fn", container=fn_col,
                           help="E.g. a missed tumour or an undetected fraud.")
    return cost_fp, cost_fn


def _jump_to_min_cost(scores: SortedScores) -> None:
    _jump(thresholds.min_cost(scores, st.session_state["cost_fp"], st.session_state["cost_fn"]))


def min_cost_button(scores: SortedScores) -> None:
    st.button("Jump to the minimum-cost threshold", on_click=_jump_to_min_cost, args=(scores,),
              help="Sets the slider to the threshold with the lowest total cost in the chart.")


def headline(at: ThresholdMetrics, labels: tuple[str, ...], extra_helps: dict[str, str] | None = None) -> None:
    show.metrics(at.pick(labels), {**thresholds.HELP, **(extra_helps or {})}, at.reasons)


def threshold_free(ev: thresholds.Evaluation, extra: dict[str, float | None] | None = None,
                   helps: dict[str, str] | None = None) -> None:
    st.markdown("**Threshold-free** — these rank the scores and do not move with the slider:")
    show.metrics({**ev.ranking, **(extra or {})}, {**thresholds.HELP, **(helps or {})}, ev.ranking_reasons)


EXPLAIN = {
    "confusion": (
        "Rows are the truth, columns the prediction. Raising the threshold moves rows from *predicted positive* "
        "to *predicted negative*: false positives become true negatives (good) but true positives become false "
        "negatives (bad). Accuracy is the diagonal over everything, so when positives are rare a model that "
        "says *negative* to everyone scores high accuracy with zero recall: that is how accuracy misleads."),
    "histogram": (
        "How the model scores each class on the test split. Everything right of the dotted line is predicted "
        "positive: red-orange bars there are true positives, blue bars false positives; red-orange bars on "
        "the left are the positives it misses. Where the two humps overlap, no threshold can be right for everyone; moving the "
        "line only trades one kind of mistake for the other."),
    "roc": (
        "One point per threshold: the share of positives caught (TPR, recall) against the share of negatives "
        "wrongly flagged (FPR). Lowering the threshold moves the point up and to the right. The diagonal is "
        "guessing. ROC-AUC is the chance that a random positive scores above a random negative: it does not "
        "depend on the threshold or on how rare positives are, which is why it can look fine while precision "
        "is poor."),
    "pr": (
        "Precision against recall, one point per threshold. The dashed line is a model with no skill: its "
        "precision is just the share of positives. With rare positives that line sits low and this curve "
        "shows the false alarms that the ROC curve hides. PR-AUC (average precision) summarises it."),
    "curves": (
        "As the threshold rises, recall can only fall and precision usually rises; F1 balances the two and "
        "peaks in between. Prefer precision when a false alarm is expensive (a spam filter deleting real "
        "mail), recall when a miss is (cancer screening, fraud). Gaps in precision: nothing is predicted "
        "positive there, so it is undefined."),
    "cost": (
        "Give each kind of mistake a price and add them up on the test split. The best threshold depends on "
        "those prices, not on the model alone. For well-calibrated probabilities the cheapest threshold is "
        "close to cost(FP) / (cost(FP) + cost(FN))"),
    "calibration": (
        "Scores grouped into ten bins: each point is a bin's mean score against the share of positives "
        "actually in it (bigger point = more rows). On the diagonal, *70%* really means 7 in 10. ROC-AUC only "
        "checks the order of the scores, so a model can rank perfectly and still be badly calibrated (naive "
        "Bayes pushes its scores towards 0 and 1). The Brier score is the mean squared error of the "
        "probabilities: lower is better, 0.25 is what always saying 50% gets on balanced data."),
}
