"""Class imbalance: shrink the positive class, resample the training rows, see which metrics survive."""
import streamlit as st

from lib import imbalance, links, thresholds, upload
from lib.fitting import EvaluationError
from lib.imbalance import ImbalanceChoice
from lib.live_checks import imbalance_checks
from lib.plots import imbalance as plots
from lib.scripts.imbalance import imbalance_script
from lib.text.imbalance import (
    EXPLAIN,
    class_weight_caption,
    comparison_caption,
    resampling_caption,
    sweep_caption,
    unreliable_warning,
)
from lib.ui import cache, controls, linked, live_chart, show
from lib.ui import threshold as tv
from lib.ui.rehearse import question_panel, rehearse_panel
from lib.ui.url import bound

PAGE = "imbalance"
COMPARED = "_resampler_comparison_for"  # session_state: the setting whose comparison was asked for


# --- cached steps: each imbalance experiment (experiment + share + resampler) is fitted once -------------

@cache.cached(max_entries=64, spinner="Rebuilding the data and training the model…")
def fit(choice: ImbalanceChoice) -> imbalance.ImbalanceFit:
    return imbalance.fit(cache.dataset(choice.experiment.data), choice)


@cache.cached(max_entries=32)
def evaluation(choice: ImbalanceChoice) -> thresholds.Evaluation:
    result = fit(choice)
    return thresholds.evaluate(result.y_true, result.y_score)


@cache.cached(max_entries=16, spinner="Comparing the training rows before and after resampling…")
def resampling_view(choice: ImbalanceChoice) -> imbalance.ResamplingView:
    return imbalance.resampling_view(fit(choice))


def resampling_figure(choice: ImbalanceChoice):
    compare = imbalance.RESAMPLERS[choice.resampler].sampler is not None
    return plots.resampling_figure(resampling_view(choice), compare)


@cache.cached(max_entries=128)
def share_point(choice: ImbalanceChoice, share: float) -> imbalance.SharePoint:
    try:
        return imbalance.share_point(share, fit(choice.at_share(share)))
    except EvaluationError as exc:
        return imbalance.share_point(share, None, str(exc))


@cache.cached(max_entries=16)
def sweep_base(choice: ImbalanceChoice, _points: list[imbalance.SharePoint]) -> dict:
    return plots.sweep_base(_points, choice.minority)


@cache.cached(max_entries=256, data=True)
def compare_one(choice: ImbalanceChoice, resampler_id: str) -> dict:
    """`choice` has resampler 'none': one key for the data and split every resampler is compared on."""
    _, split = imbalance.prepare(cache.dataset(choice.experiment.data), choice)
    e = choice.experiment
    return imbalance.compare_one(resampler_id, split, e.model_id, e.param_dict, e.seed)


def comparison(choice: ImbalanceChoice) -> None:
    """The cross-validated resampler table, computed when asked (then cached) with a progress bar."""
    key = choice.with_resampler("none")
    if st.session_state.get(COMPARED) != key:
        st.button("Compare all resamplers (cross-validated)", icon=":material/table_chart:",
                  on_click=lambda: st.session_state.update({COMPARED: key}),
                  help="Fits every resampler once per fold on the training split; takes a while.")
        return
    rows = cache.progress("Cross-validating every resampler…", list(imbalance.RESAMPLERS),
                          lambda resampler_id: compare_one(key, resampler_id), after=0)
    st.caption(comparison_caption(rows[0]["Folds"], choice.experiment.seed))
    st.dataframe(imbalance.comparison_table(rows), hide_index=True, width="stretch")


# --- the page -----------------------------------------------------------------------------------------

st.title("Class imbalance")
st.markdown(
    "Make the positive class rare, rebalance the training rows (or weight them), and watch which metrics "
    "still tell the truth. Questions to answer out loud: *Your fraud model is 99% accurate — is it good? Why "
    "prefer PR-AUC over ROC-AUC for rare positives? What does SMOTE do and where must it be applied? "
    "class_weight or resampling?*"
)
experiment = controls.sidebar(PAGE)
if experiment is None:
    st.stop()
left, right = st.columns(2)
minority = float(bound(PAGE, "minority", container=left))
resampler = bound(PAGE, "resampler", container=right)
left.caption(f"Asking for **{minority:.1%}** positive rows.")
right.caption(f"**{imbalance.RESAMPLERS[resampler].name}**: {imbalance.RESAMPLERS[resampler].description}")
choice = ImbalanceChoice(experiment, minority, resampler)
with show.stop_on_error(EvaluationError, upload.UploadError):
    dataset = cache.dataset(experiment.data)
    result = fit(choice)
    view = resampling_view(choice)

st.subheader(f"The data at {result.data.positive_share:.1%} positives")
st.caption(
    f"**Protocol.** Data rebuilt with exactly {result.data.n_positive:,} positive and {result.data.n_negative:,} "
    f"negative rows, then a stratified train/test split (test_size={experiment.test_size:g}, random_state="
    f"{experiment.seed}). Resampling runs inside an imblearn `Pipeline`, so it only ever sees the training rows; "
    "every metric is measured on the untouched test rows."
)
if len(dataset.classes) > 2:
    st.info(f"**One-vs-rest.** This data has {len(dataset.classes)} classes: the positive class chosen in the sidebar "
            "is 'positive', all others together 'negative'.", icon=":material/call_split:")
show.notes(dataset.notes + result.notes)
st.dataframe(imbalance.class_counts(result, view), hide_index=True, width="stretch")
if few := imbalance.few_positives_message(result.split):
    st.warning(few, icon=":material/warning:")
    st.page_link("views/imbalance.py", label="Same share and resampler on 20,000 synthetic rows",
                 icon=":material/arrow_forward:",
                 query_params=links.carried_over(PAGE, {}, **imbalance.LARGE_SYNTHETIC, minority=minority,
                                                 resampler=resampler))
st.caption(EXPLAIN["data"])
if resampler == "class_weight" and imbalance.supports_class_weight(experiment.model_id):
    st.caption(class_weight_caption(view))

st.subheader("What resampling did to the training rows")
live_chart.plotly_chart(lambda: resampling_figure(choice), key="resampling", same_for=choice)  # its JSON: once per fit
st.caption(resampling_caption(view, imbalance.RESAMPLERS[resampler]))

sweep_with_resampler = bound(PAGE, "sweep_resampler")
sweep_choice = choice if sweep_with_resampler else choice.with_resampler("none")
points = cache.progress("Sweep over minority shares: fitting…", imbalance.SWEEP_SHARES,
                        lambda share: share_point(sweep_choice, share))
base = sweep_base(sweep_choice.at_share(minority), points)
majority_accuracy = imbalance.majority_accuracy(result.split)


ev = evaluation(choice)
tv.threshold_free(ev)
st.markdown(f"**Accuracy paradox**: always predicting the majority class already scores {majority_accuracy:.3f} "
            f"accuracy here, without finding a single positive. {EXPLAIN['paradox']}")
st.page_link("views/bayes.py", label=f"Why precision falls as positives get rare: Bayes' theorem at {minority:g}",
             icon=":material/percent:", query_params=links.carried_over("bayes", {}, prevalence=minority))
how = f"with {imbalance.RESAMPLERS[resampler].name}" if sweep_with_resampler else "without resampling"
reading = imbalance.sweep_reading(points)
show.notes(f"{p.share:.1%} skipped: {p.error}" for p in points if p.error)

st.subheader("Which resampler? A cross-validated comparison")
st.caption(EXPLAIN["comparison"])
comparison(choice)


@st.fragment
def explorer() -> None:
    """Everything that depends on the threshold: reruns alone when it settles (the browser redraws while it
    moves). The choosers stay outside: each settle re-sends all a fragment holds."""
    with st.container(key="threshold_source" if linked.LIVE else None):  # hidden when the live view shows it
        t = tv.threshold_slider()
    at = thresholds.metrics_at(ev.scores, t)
    if warning := unreliable_warning(reading):
        st.warning(warning, icon=":material/warning:")
    if linked.LIVE:
        linked.threshold_view((choice, sweep_with_resampler), lambda: tv.imbalance_table(
            ev, majority_accuracy, base, points, sweep_caption(reading, how)), t)
    else:
        st.subheader(f"Metrics at threshold {t:.2f}")
        show.metrics(imbalance.headline_at(at, majority_accuracy), imbalance.HEADLINE_HELP, at.reasons)
        st.subheader("Metrics against imbalance")
        st.plotly_chart(plots.sweep_figure(base, imbalance.sweep_at(points, t), t), width="stretch")
        st.caption(sweep_caption(reading, how))
    show.reproduce(imbalance_script(choice, dataset, t))
    c = at.confusion
    rehearse_panel(PAGE, imbalance_checks(c.tp, c.fp, c.fn, c.tn, t), questions=False)


tv.choosers(ev.scores)
explorer()
question_panel(PAGE)
