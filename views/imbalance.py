"""Class imbalance: shrink the positive class, resample the training rows, see which metrics survive."""
import streamlit as st

from lib import imbalance, live_checks, thresholds, upload
from lib.fitting import EvaluationError
from lib.imbalance import ImbalanceChoice
from lib.plots import imbalance as plots
from lib.ui import cached, controls, show
from lib.ui import imbalance_view as iv
from lib.ui import threshold_view as tv
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound_toggle

st.title("Class imbalance")
st.markdown(
    "Make the positive class rare, rebalance the training rows (or weight them), and watch which metrics "
    "still tell the truth. Questions to answer out loud: *Your fraud model is 99% accurate — is it good? Why "
    "prefer PR-AUC over ROC-AUC for rare positives? What does SMOTE do and where must it be applied? "
    "class_weight or resampling?*"
)
experiment = controls.sidebar("imbalance")
if experiment is None:
    st.stop()
minority, resampler = iv.controls()
choice = ImbalanceChoice(experiment, minority, resampler)
with show.stop_on_error(EvaluationError, upload.UploadError):
    dataset = cached.dataset(experiment.data)
    result = iv.fitted(choice)
    evaluation = iv.evaluation(choice)
    view = iv.resampling_view(choice)

st.subheader(f"The data at {minority:.1%} positives")
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
                 query_params={**imbalance.LARGE_SYNTHETIC, "minority": minority, "resampler": resampler})
st.caption(iv.EXPLAIN["data"])
if resampler == "class_weight" and imbalance.supports_class_weight(experiment.model_id):
    n_neg, n_pos = view.counts_before
    st.caption(f"class_weight='balanced' leaves the rows alone: in the loss each positive counts "
               f"{n_neg / n_pos:.1f}× as much as a negative.")

st.subheader("What resampling did to the training rows")
st.plotly_chart(iv.resampling_figure(choice), width="stretch")
st.caption(f"{view.n_synthetic:,} synthetic rows created, {view.n_removed:,} rows deleted, {view.n_duplicated:,} "
           f"copies of existing rows added.{iv.sample_note(view)} {iv.EXPLAIN['view']}")

sweep_with_resampler = bound_toggle("Sweep with the current resampler", False, "sweep_resampler",
                                    help="Off: the sweep fits the model without resampling (computed once). On: "
                                         "with the chosen resampler, so changing it refits all eight shares.")
sweep_choice = choice if sweep_with_resampler else choice.with_resampler("none")
points = iv.sweep(sweep_choice)
sweep_base = iv.sweep_base(sweep_choice.at_share(minority), points)
majority_accuracy = imbalance.majority_accuracy(result.split)


@st.fragment
def live(ev: thresholds.Evaluation) -> None:
    """Everything that depends on the threshold: reruns alone when the slider moves."""
    t = tv.threshold_slider()
    tv.choosers(ev.scores)
    at = thresholds.metrics_at(ev.scores, t)

    st.subheader(f"Metrics at threshold {t:.2f}")
    values = {thresholds.ACCURACY: at.values[thresholds.ACCURACY], imbalance.MAJORITY_LABEL: majority_accuracy}
    values |= at.pick((thresholds.PRECISION, thresholds.RECALL, thresholds.F1, thresholds.BALANCED_ACCURACY,
                       thresholds.MCC, thresholds.GEOMETRIC_MEAN))
    show.metrics(values, {**thresholds.HELP, imbalance.MAJORITY_LABEL:
                          "Test accuracy of a dummy that always predicts the training split's majority class."},
                 at.reasons)
    st.markdown(f"**Accuracy paradox**: always predicting the majority class already scores {majority_accuracy:.3f} "
                f"accuracy here, without finding a single positive. {iv.EXPLAIN['paradox']}")
    tv.threshold_free(ev)

    st.subheader("Metrics against imbalance")
    st.plotly_chart(plots.sweep_figure(sweep_base, points, t), width="stretch")
    how = f"with {imbalance.RESAMPLERS[resampler].name}" if sweep_with_resampler else "without resampling"
    st.caption(f"Each point is this model refitted {how} on data with that share of positives. {iv.EXPLAIN['sweep']}")
    for p in points:
        if p.error:
            st.caption(f"ℹ️ {p.share:.1%} skipped: {p.error}")

    st.subheader("Which resampler? A cross-validated comparison")
    st.caption(iv.EXPLAIN["comparison"])
    iv.comparison(choice)

    show.reproduce(imbalance.script(choice, dataset, t))
    c = at.confusion
    rehearse_panel("imbalance", live_checks.imbalance_checks(c.tp, c.fp, c.fn, c.tn, t))


live(evaluation)
