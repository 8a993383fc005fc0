"""Cached results and page-specific controls for the imbalance page.

Each imbalance experiment (`ImbalanceChoice`: experiment + minority share + resampler) is fitted
once; the share sweep and the resampler comparison reuse those fits per share / per resampler,
so changing one control refits only what it changed.
"""
from __future__ import annotations

import streamlit as st

from lib import imbalance, thresholds
from lib.fitting import EvaluationError
from lib.imbalance import ImbalanceChoice, ImbalanceFit
from lib.plots import imbalance as plots
from lib.ui import cached
from lib.ui.url import bound_grid, bound_select

_COMPARE_STATE = "_resampler_comparison_for"


def sample_note(view: imbalance.ResamplingView) -> str:
    parts = [f"{shown:,} of {total:,} points {when}" for shown, total, when in (
        (view.n_shown_before, sum(view.counts_before), "before"), (view.n_shown_after, sum(view.counts_after), "after"))
        if shown < total]
    return f" Showing {' and '.join(parts)} (a random sample keeping the positives)." if parts else ""


def controls() -> tuple[float, str]:
    """The page's own controls, bound to the URL: `minority` and `resampler`."""
    left, right = st.columns(2)
    minority = bound_grid("Minority share (share of positive rows)", imbalance.MINORITY_GRID,
                          imbalance.DEFAULT_MINORITY, "minority", container=left,
                          help="The data are subsampled (imblearn's make_imbalance) so that exactly this share of "
                               "the rows are positive.")
    resampler = bound_select("Resampler (training split only)", list(imbalance.RESAMPLERS), "resampler",
                             container=right, help="How the training rows are rebalanced before the model sees them.")
    left.caption(f"**{float(minority):.1%}** of the rows are positive.")
    right.caption(f"**{imbalance.RESAMPLERS[resampler].name}**: {imbalance.RESAMPLERS[resampler].description}")
    return float(minority), resampler


@st.cache_resource(max_entries=64, show_spinner=False)
def _fit_or_error(choice: ImbalanceChoice, _raw: bytes | None) -> ImbalanceFit | str:
    # Failures are cached as their message too, so a sampler that cannot run is not retried on every rerun.
    try:
        return imbalance.fit(cached._dataset(choice.experiment.data, _raw), choice)
    except EvaluationError as exc:
        return str(exc)


def _fit(choice: ImbalanceChoice) -> ImbalanceFit:
    result = _fit_or_error(choice, cached.upload_bytes(choice.experiment.data))
    if isinstance(result, str):
        raise EvaluationError(result)
    return result


def fitted(choice: ImbalanceChoice) -> ImbalanceFit:
    """The fit for `choice` (raises `EvaluationError` with the reason when it cannot be fitted)."""
    with st.spinner("Rebuilding the data and training the model…"):
        return _fit(choice)


@st.cache_resource(max_entries=32, show_spinner=False)
def evaluation(choice: ImbalanceChoice) -> thresholds.Evaluation:
    result = _fit(choice)
    return thresholds.evaluate(result.y_true, result.y_score)


@st.cache_resource(max_entries=16, show_spinner="Comparing the training rows before and after resampling…")
def resampling_view(choice: ImbalanceChoice) -> imbalance.ResamplingView:
    return imbalance.resampling_view(_fit(choice))


@st.cache_resource(max_entries=16, show_spinner=False)
def resampling_figure(choice: ImbalanceChoice):
    """The before/after scatter, built once per fit (plotly figures are slow to build)."""
    return plots.resampling_figure(resampling_view(choice))


def sweep(choice: ImbalanceChoice) -> list[imbalance.SharePoint]:
    """One fit per share in `SWEEP_SHARES` (each cached), with a progress bar while any is fitted."""
    points, bar = [], st.empty()
    for i, share in enumerate(imbalance.SWEEP_SHARES):
        bar.progress(i / len(imbalance.SWEEP_SHARES), f"Sweep over minority shares: fitting at {share:.1%}…")
        result = _fit_or_error(choice.at_share(share), cached.upload_bytes(choice.experiment.data))
        points.append(imbalance.share_point(share, None, result) if isinstance(result, str)
                      else imbalance.share_point(share, result))
    bar.empty()
    return points


@st.cache_resource(max_entries=16, show_spinner=False)
def sweep_base(choice: ImbalanceChoice, _points: list[imbalance.SharePoint]) -> dict:
    return plots.sweep_base(_points, choice.minority)


@st.cache_data(max_entries=256, show_spinner=False)
def _compare_one(choice: ImbalanceChoice, resampler_id: str, _raw: bytes | None) -> dict:
    """`choice` has resampler 'none': one key for the data and split every resampler is compared on."""
    _, split = imbalance.prepare(cached._dataset(choice.experiment.data, _raw), choice)
    e = choice.experiment
    return imbalance.compare_one(resampler_id, split, e.model_id, e.param_dict, e.seed)


def _request_comparison(key: ImbalanceChoice) -> None:
    st.session_state[_COMPARE_STATE] = key


def comparison(choice: ImbalanceChoice) -> None:
    """The cross-validated resampler table, computed when asked (then cached) with a progress bar."""
    key = choice.with_resampler("none")
    if st.session_state.get(_COMPARE_STATE) != key:
        st.button("Compare all resamplers (cross-validated)", on_click=_request_comparison, args=(key,),
                  icon=":material/table_chart:",
                  help=f"Fits every resampler {imbalance.CV_FOLDS} times on the training split; takes a while.")
        return
    raw = cached.upload_bytes(choice.experiment.data)
    rows, bar = [], st.progress(0.0)
    for i, resampler_id in enumerate(imbalance.RESAMPLERS):
        bar.progress(i / len(imbalance.RESAMPLERS), f"Cross-validating {imbalance.RESAMPLERS[resampler_id].name}…")
        rows.append(_compare_one(key, resampler_id, raw))
    bar.empty()
    folds = rows[0]["Folds"]
    st.caption(f"Stratified {folds}-fold cross-validation on the training split only (shuffled, random_state="
               f"{choice.experiment.seed}); each resampler runs inside every training fold, never on the held-out "
               "fold. Mean ± standard deviation over folds. Recall and precision use `predict`, i.e. threshold 0.5.")
    st.dataframe(imbalance.comparison_table(rows), hide_index=True, width="stretch")


EXPLAIN = {
    "data": (
        "The positive class is subsampled to the chosen share (the other class keeps as many rows as possible), "
        "then split with stratification, so the test split has the same share. Resampling happens later, inside "
        "the model's imblearn Pipeline, on the training rows only: the test rows keep the real-world imbalance "
        "the model will face."),
    "view": (
        "SMOTE-style samplers draw new positives on the lines between neighbouring positives (yellow diamonds): "
        "they fill in the minority region rather than copying it. Under-samplers delete negatives (grey crosses), "
        "throwing information away. RandomOverSampler only copies rows, so its new points sit exactly on old ones "
        "and are invisible here."),
    "paradox": (
        "With 1% positives that is 99% accuracy and 0 recall, so a '99% accurate' fraud model may be worthless. "
        "Judge imbalanced problems by recall, precision, PR-AUC, balanced accuracy or MCC instead."),
    "comparison": (
        "class_weight or resampling? Both make the model pay more attention to positives; class_weight does it "
        "without changing a row and costs nothing, over-samplers add rows (slower fits), under-samplers throw "
        "negatives away (faster, noisier). Rebalancing mostly shifts the scores upwards, so recall rises and "
        "precision falls at a fixed threshold; PR-AUC, which ignores the threshold, often barely changes. Moving "
        "the threshold is the cheapest fix of all."),
    "sweep": (
        "ROC-AUC hardly moves: it compares positives with negatives one pair at a time, whatever their numbers. PR-AUC "
        "falls with the share because precision does: with fewer positives, the same false-positive rate buries "
        "them under more false alarms. Its no-skill level is the share itself (dashed), so always read PR-AUC "
        "against that line."),
}
