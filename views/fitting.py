import streamlit as st

from lib import curves, live_checks, models, polynomial
from lib.fitting import EvaluationError
from lib.plots import fitting as plots
from lib.ui import cached, controls, show
from lib.ui import fitting_cached as computed
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound_grid, bound_select, bound_slider

st.title("Over- and underfitting")
st.markdown(
    "Move a model's complexity knob and watch the **train** and **validation** scores part ways. Too simple: "
    "both are low (*underfitting*, high bias). Too flexible: the model memorises the training rows and the gap "
    "opens (*overfitting*, high variance). Regularisation (C, L1/L2, depth limits, more neighbours) pulls a "
    "model back toward simple."
)
st.caption(
    "Protocol: a stratified train/test split (test size and seed in the sidebar). **Train score** is the model "
    "scored on its own training split, **Validation score** on the held-out test split. The validation and "
    f"learning curves use {curves.CV_FOLDS}-fold stratified cross-validation (shuffled with the seed) on the "
    "training split only. The same link always gives the same numbers."
)
experiment = controls.sidebar("fitting", knobs=False)
if experiment is None:
    st.stop()


def fitting_lab(experiment) -> None:
    spec = models.REGISTRY[experiment.model_id]
    with st.container(border=True):
        knobs_col, scores_col = st.columns([1, 2], gap="large")
        with knobs_col:
            st.markdown(f"**{spec.name}**")
            params = controls.model_knobs(spec.id, container=st)
            scoring = bound_select("Score", list(curves.SCORINGS), "scoring", help="accuracy: share of correct "
                                   "labels at the 0.5 threshold; roc_auc: ranking quality of the scores.")
            sweepable = curves.sweepable_knobs(spec.id)
            if st.session_state.get("curve_param", sweepable[0]) not in sweepable:
                st.session_state["curve_param"] = sweepable[0]  # after a model switch; also fixes the URL
            knob_name = bound_select("Validation curve sweeps", sweepable, "curve_param",
                                     help="Which knob the validation curve varies; the others stay as set above.")
    score_name = curves.SCORINGS[scoring]
    tuned = computed.tuned(experiment, params)
    knob = spec.knob(knob_name)
    current = tuned.param_dict[knob_name]
    try:
        train, validation = computed.scores(tuned, scoring)
        curve = computed.validation_curve(tuned, knob_name, scoring)
        baseline = computed.baseline(tuned.data, tuned.test_size, tuned.positive, scoring)
    except (EvaluationError, ValueError) as exc:
        st.error(f"This setting cannot be evaluated on this data: {exc}", icon=":material/error:")
        return
    best = curve.best_index(knob.complexity)
    reference = curves.reference_score(curve, knob.complexity, baseline)
    verdict = curves.fit_verdict(train, validation, reference)
    with scores_col:
        show.metrics({"Train score": train, "Validation score": validation, "Gap": train - validation},
                     helps={"Train score": f"{score_name} of the fitted model on its training split.",
                            "Validation score": f"{score_name} of the same model on the held-out test split.",
                            "Gap": "Train score − Validation score."}, per_row=3)
        box = {curves.OVERFITTING: st.error, curves.UNDERFITTING: st.warning}.get(verdict.label, st.success)
        box(f"**Verdict: {verdict.label}** — {verdict.reason}", icon=":material/troubleshoot:")
        st.caption(f"Rules: **overfitting** if train − validation > {curves.GAP_LIMIT}; else **underfitting** if "
                   f"the train score is more than {curves.BIAS_MARGIN} below the best cross-validated score "
                   f"reached on this data ({show.format_metric(reference)}: the best of this model's validation "
                   f"curve and a default random forest, {show.format_metric(baseline)}), i.e. the model cannot "
                   "fit even the rows it trained on as well as a better model predicts new ones; else **good "
                   f"fit**. Scores are {score_name}, on one-vs-rest labels for multiclass data.")
        show.notes(computed.fit_notes(tuned))

    rows = computed.rows_for(tuned)
    sample_note = (f" Curves use a stratified sample of {len(rows.y):,} of the {rows.n_train:,} training rows to "
                   "stay fast." if rows.sampled else "")
    curve_col, boundary_col = st.columns(2, gap="medium")
    with curve_col:
        st.subheader("Validation curve")
        at_current = curve.at(current, curves.log_axis(knob))
        regions = curves.fit_regions(curves.point_verdicts(curve, reference))
        st.plotly_chart(plots.validation_curve_figure(curve, knob, current, at_current, best, regions, score_name),
                        width="stretch", key="validation_curve")
        best_text = (f"Best {knob_name} = **{models.format_value(curve.values[best])}** (CV {score_name} "
                     f"{curve.validation_mean[best]:.3f}; ties go to the simpler model)." if best is not None else "")
        st.caption(
            f"Marker at {knob_name} = **{models.format_value(current)}**: train {show.format_metric(at_current[0])}, "
            f"validation {show.format_metric(at_current[1])} (CV means; exact on the {len(curve.values)} grid "
            f"points, linearly interpolated between them{' on the log scale' if curves.log_axis(knob) else ''}). {best_text} "
            "Shaded: where the verdict's rules, applied to the CV means, say under- or overfitting." + sample_note)
        if curve.failures:
            st.caption(f"ℹ️ {curve.failures} of {curve.validation_scores.size} fits failed at some values (e.g. "
                       "more neighbours than rows in a fold) and are left out.")
        simple_end, flexible_end = ("left", "right") if knob.complexity == "higher" else ("right", "left")
        st.markdown(f"Toward the {simple_end} the model is too rigid: both lines sit low (bias). Toward the "
                    f"{flexible_end} the train line keeps rising while validation stalls or falls: the model starts "
                    "to fit noise (variance). The curve is computed once per dataset, model and *other* knobs; "
                    "moving this knob only moves the marker.")
    with boundary_col:
        st.subheader("Decision boundary")
        try:
            shape = computed.decision_boundary(tuned)
        except (EvaluationError, ValueError) as exc:
            st.info(f"No boundary to draw: {exc}", icon=":material/info:")
        else:
            st.plotly_chart(plots.boundary_figure(shape), width="stretch", key="boundary")
            if shape.projected:
                st.caption(
                    f"This data has more than two features, so no flat picture shows the real boundary. Shown: the "
                    f"same model, same knobs, **refitted on the first two principal components** (they keep "
                    f"{sum(shape.explained):.0%} of the variance); its test accuracy in this plane is "
                    f"{shape.plane_accuracy:.3f}. It illustrates the knob's effect, not the exact model above.")
            else:
                st.caption("The model above, evaluated on a grid over its two features. Circles: training rows; "
                           "crosses: test rows. Colour: P(positive); black line: P = 0.5.")
        st.markdown("A flexible setting (deep tree, tiny `n_neighbors`, large `gamma` or `C`) bends around single "
                    "points; a rigid one (a stump, huge regularisation) draws a line through the overlap.")

    learn_col, paths_col = st.columns(2, gap="medium")
    # paths first: the learning curve (recomputed per knob value) is the slowest part, so it comes last
    with paths_col:
        st.subheader("Regularisation paths")
        if spec.id == "logistic_regression":
            regularisation_paths(tuned)
        else:
            st.markdown("Coefficient paths belong to **logistic regression**: every weight against C, for L1 "
                        "and L2. Switch the model to see them on this data.")
            query = {k: v for k, v in st.query_params.to_dict().items()
                     if k not in models.ALL_KNOB_NAMES and k not in ("curve_param", "model")}
            st.page_link("views/fitting.py", label="Logistic regression on this data",
                         icon=":material/arrow_forward:", query_params={**query, "model": "logistic_regression"})

    with learn_col:
        st.subheader("Learning curve")
        learning = computed.learning_curve(tuned, scoring)
        st.plotly_chart(plots.learning_curve_figure(learning, score_name), width="stretch", key="learning_curve")
        st.info(curves.learning_reading(learning, reference), icon=":material/lightbulb:")
        st.caption(f"At the current knob values; train and validation {score_name} (CV mean ± std) as the model "
                   "gets more training rows." + sample_note)
    show.reproduce(curves.reproduce_code(tuned, cached.dataset(tuned.data), scoring, knob_name, rows.n_train))
    rehearse_panel("fitting", live_checks.fitting_checks(
        train, validation, verdict.label, verdict.reason, knob_name, [models.format_value(v) for v in curve.values],
        curve.validation_mean, best))


def regularisation_paths(tuned) -> None:
    paths = computed.coefficient_paths(tuned.data, tuned.test_size, tuned.positive)
    C = tuned.param_dict["C"]
    shown = paths.largest(10)
    st.plotly_chart(plots.paths_figure(paths, C, shown), width="stretch", key="paths")
    n = len(paths.features)
    st.caption(f"At C = {models.format_value(C)}: L1 keeps **{paths.nonzero('l1', C)} of {n}** coefficients "
               f"non-zero, L2 keeps **{paths.nonzero('l2', C)} of {n}**. "
               + (f"The {len(shown)} features with the largest weights are drawn. " if n > len(shown) else "")
               + "Small C = strong penalty: L1 (lasso) sets weights to exactly 0, a built-in feature selection; "
                 "L2 (ridge) shrinks them all smoothly toward 0 but keeps every feature.")


def polynomial_demo(seed: int) -> None:
    st.subheader("Polynomial regression: the classic picture")
    st.markdown(f"{polynomial.N_TRAIN} noisy training points of a smooth curve (sin 2πx, noise σ = "
                f"{polynomial.NOISE}); a polynomial of the chosen degree is fitted by ridge regression (features "
                "standardised). Low degree: a straight-ish line misses the curve (bias). High degree with "
                "little penalty: the curve threads every point and swings wildly between them (variance). "
                "A larger `alpha` tames a high degree.")
    degree_col, alpha_col = st.columns(2)
    degree = bound_slider("Polynomial degree", 1, polynomial.DEGREES[-1], polynomial.DEFAULT_DEGREE, 1, "degree",
                          container=degree_col)
    alpha = bound_grid("Ridge alpha (penalty)", polynomial.ALPHAS, polynomial.DEFAULT_ALPHA, "alpha",
                       container=alpha_col, help=f"{models.format_value(polynomial.DEFAULT_ALPHA)} is practically no penalty.")
    data, fit, (degrees, train_mse, test_mse) = computed.polynomial_demo(seed, degree, alpha)
    fit_col, error_col = st.columns(2)
    fit_col.plotly_chart(plots.polynomial_fit_figure(data, fit, polynomial.truth(fit.x)), width="stretch",
                         key="poly_fit")
    error_col.plotly_chart(plots.polynomial_error_figure(degrees, train_mse, test_mse, degree), width="stretch",
                           key="poly_error")
    st.caption(f"Degree {degree}, alpha {models.format_value(alpha)}: train MSE **{fit.train_mse:.3f}**, test MSE "
               f"**{fit.test_mse:.3f}** on {polynomial.N_TEST} fresh points. Train error only falls as the degree "
               "grows; test error falls, then rises: the U of the bias–variance trade-off.")
    with st.expander("Reproduce the polynomial demo", icon=":material/code:"):
        st.code(polynomial.reproduce_code(seed, degree, alpha), language="python")


st.fragment(fitting_lab)(experiment)
st.divider()
st.fragment(polynomial_demo)(experiment.seed)
