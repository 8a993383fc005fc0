"""Classification: a live threshold explorer (precision, recall, ROC, PR, cost, calibration)."""
import streamlit as st

from lib import thresholds, upload
from lib.fitting import EvaluationError
from lib.live_checks import classification_checks
from lib.markdown import escape
from lib.plots import classification as plots
from lib.scripts.classification import classification_script
from lib.text.classification import EXPLAIN
from lib.ui import cache, controls, linked, live_chart, show
from lib.ui import threshold as view
from lib.ui.rehearse import question_panel, rehearse_panel

st.title("Classification: thresholds")
st.markdown(
    "A classifier outputs a **score**; a **decision threshold** turns it into *positive* or *negative*. Move "
    "the threshold and watch the trade-off: precision against recall, false alarms against misses. "
    "Questions to answer out loud: *When would you use precision over recall? What does ROC-AUC measure? "
    "Why can accuracy mislead?*"
)
experiment = controls.sidebar("classification")
if experiment is None:
    st.stop()
with show.stop_on_error(EvaluationError, upload.UploadError):
    dataset = cache.dataset(experiment.data)
    fitted = cache.fitted(experiment)
    evaluation = cache.evaluation(experiment)

positive = dataset.positive_class(experiment.positive)
n_classes = len(dataset.classes)
split = fitted.split
st.caption(
    f"**Protocol.** Stratified train/test split (test_size={experiment.test_size:g}, random_state="
    f"{experiment.seed}): {len(split.y_train):,} training rows, {evaluation.n_test:,} test rows. The model is "
    f"trained once on the training rows; every number below is measured on the test rows from its cached "
    f"scores, so moving the threshold never retrains anything."
)
if n_classes > 2:
    st.info(f"**One-vs-rest.** This dataset has {n_classes} classes: **{escape(positive)}** is the positive class and the "
            f"other {n_classes - 1} together are negative (choose the positive class in the sidebar).",
            icon=":material/call_split:")
st.caption(f"Positive class: **{escape(positive)}** — {evaluation.scores.n_positive:,} of {evaluation.n_test:,} test rows "
           f"({evaluation.scores.prevalence:.1%}).")
show.notes(dataset.notes + fitted.warnings)
if small := thresholds.small_test_message(evaluation.scores.n_positive, evaluation.scores.n_negative):
    st.warning(small, icon=":material/warning:")


def chart(title: str, figure, explain: str) -> None:
    st.markdown(f"**{title}**")
    st.plotly_chart(figure, width="stretch")
    st.caption(explain)


def drawn_here(ev: thresholds.Evaluation, bases: dict, t: float, at, cost_fp: int, cost_fn: int) -> None:
    """The explorer drawn with Streamlit elements (tests; the browser gets the live view instead)."""
    st.subheader(f"Metrics at threshold {t:.2f}")
    view.headline(at, thresholds.AT_THRESHOLD)
    best = thresholds.min_cost(ev.scores, cost_fp, cost_fn)
    cost = thresholds.cost_curve(ev.scores, cost_fp, cost_fn)
    panels = [
        ("Confusion matrix (test split)", plots.confusion_figure(bases["confusion"], at.confusion), EXPLAIN["confusion"]),
        ("Score distributions of the two classes", plots.score_histogram_figure(bases["histogram"], ev, t),
         EXPLAIN["histogram"]),
        ("ROC curve", plots.roc_figure(bases["roc"], at.confusion), EXPLAIN["roc"]),
        ("Precision–recall curve", plots.pr_figure(bases["pr"], at), EXPLAIN["pr"]),
        ("Precision, recall and F1 against the threshold", plots.threshold_curves_figure(bases["curves"], t),
         EXPLAIN["curves"]),
        ("What do mistakes cost?", plots.cost_figure(bases["cost"], ev.sweep.thresholds, cost, t, best.threshold),
         f"{EXPLAIN['cost']} (here {thresholds.cost_threshold(cost_fp, cost_fn):.2f}). {best.message}"),
    ]
    for left_panel, right_panel in zip(panels[::2], panels[1::2], strict=True):
        left, right = st.columns(2)
        with left:
            chart(*left_panel)
        with right:
            chart(*right_panel)


@st.fragment
def explorer(ev: thresholds.Evaluation, cost_fp: int, cost_fn: int) -> None:
    """Everything that depends on the threshold: reruns alone when it settles (the browser redraws while it
    moves). The choosers and cost inputs stay outside: each settle re-sends all a fragment holds."""
    bases = view.base_figures(experiment, positive, ev)
    with st.container(key="threshold_source" if linked.LIVE else None):  # hidden when the live view shows it
        t = view.threshold_slider()
    at = thresholds.metrics_at(ev.scores, t)
    if linked.LIVE:
        linked.threshold_view((experiment, positive, cost_fp, cost_fn),
                              lambda: view.classification_table(ev, bases, cost_fp, cost_fn), t)
    else:
        drawn_here(ev, bases, t, at, cost_fp, cost_fn)
    show.reproduce(classification_script(experiment, positive, t, dataset))
    c = at.confusion  # inside the fragment: the checks follow the threshold
    rehearse_panel("classification", classification_checks(c.tp, c.fp, c.fn, c.tn, t), questions=False)


view.threshold_free(evaluation)
st.subheader("Calibration: can the scores be read as probabilities?")
left, right = st.columns([2, 1])
with left:
    live_chart.plotly_chart(lambda: plots.calibration_figure(view.base_figures(experiment, positive, evaluation)[
        "calibration"]), key="calibration", same_for=(experiment, positive))
with right:
    show.metrics({"Brier score": evaluation.calibration.brier},
                 {"Brier score": "Mean of (score − truth)² on the test split; 0 is perfect. Threshold-free."},
                 per_row=1)
    st.caption(EXPLAIN["calibration"])
view.choosers(evaluation.scores)
st.markdown("**What do mistakes cost?** Give each kind of mistake a price:")
costs = view.cost_inputs()
view.min_cost_button(evaluation.scores)
explorer(evaluation, *costs)
question_panel("classification")
