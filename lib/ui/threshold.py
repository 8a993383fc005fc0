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
        st.session_state[KEY] = float(chosen.threshold)
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
