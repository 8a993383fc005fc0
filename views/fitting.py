"""Over- and underfitting: validation and learning curves, the verdict, decision boundary, L1/L2 paths, and
the polynomial bias–variance picture."""
import streamlit as st

from lib import boundary, curves, links, live_checks, models, polynomial, regularisation, thresholds
from lib.choices import DataChoice, Experiment
from lib.fitting import EvaluationError, cv_splitter
from lib.plots import fitting as plots
from lib.scripts.fitting import fitting_script
from lib.text import fitting as text
from lib.ui import cache, controls, live_chart, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, query

PAGE = "fitting"


# --- cached steps: curves in pieces (a progress bar between them), everything once per key ------------

def rows_for(e: Experiment) -> curves.TrainingRows:
    return cache.training_rows(e.data, e.test_size, e.positive)


@cache.cached(max_entries=64, data=True)
def test_score(experiment: Experiment, scoring: str) -> float:
    fitted = cache.fitted(experiment)
    return curves.split_scores(fitted.pipeline, fitted.split, scoring)[1]


@cache.cached(max_entries=64, data=True, spinner="Cross-validating this setting…")
def cross_validated(experiment: Experiment, scoring: str) -> curves.CrossValidated:
    return curves.cross_validated(rows_for(experiment), experiment, scoring)


@cache.cached(max_entries=600, data=True)
def curve_piece(key: Experiment, knob: str, values: tuple, scoring: str) -> curves.ValidationCurve:
    return curves.validation_piece(rows_for(key), key, knob, values, scoring)


@cache.cached(max_entries=300, data=True)
def learning_piece(experiment: Experiment, scoring: str, sizes: tuple) -> curves.LearningCurve:
    return curves.learning_piece(rows_for(experiment), experiment, scoring, sizes)


@cache.cached(max_entries=32, data=True, spinner="Cross-validating a default random forest as a reference…")
def baseline(data: DataChoice, test_size: float, positive: str | None, scoring: str) -> float:
    rows = cache.training_rows(data, test_size, positive)
    return curves.baseline_score(rows.X, rows.y, cv_splitter(rows.y, data.seed), scoring, data.seed)


@cache.cached(max_entries=48, data=True, spinner="Drawing the decision boundary…")
def decision_boundary(e: Experiment) -> boundary.Boundary:
    fitted = cache.fitted(e)
    return boundary.for_model(fitted.pipeline, e.model_id, e.param_dict, fitted.split, e.seed)


@cache.cached(max_entries=16, data=True, spinner="Fitting L1 and L2 logistic regression at 25 values of C…")
def coefficient_paths(data: DataChoice, test_size: float, positive: str | None) -> regularisation.CoefficientPaths:
    rows = cache.training_rows(data, test_size, positive)
    return regularisation.coefficient_paths(rows.X, rows.y, data.seed)


@cache.cached(max_entries=64, data=True)
def polynomial_demo(seed: int, degree: int, alpha: float):
    data = polynomial.samples(seed)
    return data, polynomial.fit(data, degree, alpha), polynomial.error_by_degree(data, alpha)


def validation_curve(e: Experiment, knob: str, scoring: str) -> curves.ValidationCurve:
    key, grid = e.without(knob), curves.curve_grid(models.REGISTRY[e.model_id].knob(knob))
    folds = cv_splitter(rows_for(e).y, e.seed).get_n_splits()
    parts = cache.progress(f"Validation curve: {len(grid)} values × {folds} folds = {len(grid) * folds} fits…",
                           curves.pieces(grid), lambda piece: curve_piece(key, knob, piece, scoring))
    return curves.combine(parts)


def learning_curve(e: Experiment, scoring: str) -> curves.LearningCurve:
    sizes = curves.LEARNING_SIZES
    parts = cache.progress(f"Learning curve: {len(sizes)} training sizes…", curves.pieces(sizes),
                           lambda piece: learning_piece(e, scoring, piece))
    return curves.combine(parts)


# --- panels -------------------------------------------------------------------------------------------

def scores_panel(tuned: Experiment, score_name: str, current: curves.CrossValidated, test: float,
                 verdict: curves.Verdict, reference: float | None, base: float) -> None:
    show.metrics({"Train score": current.train, "CV validation score": current.validation,
                  "Gap": current.train - current.validation, "Test score": test},
                 helps=text.score_helps(score_name), per_row=2)  # four across would cut the labels
    split = cache.fitted(tuned).split
    if small := thresholds.small_test_message(int(split.y_test.sum()), int(len(split.y_test) - split.y_test.sum())):
        st.warning(small, icon=":material/warning:")
    box = {curves.OVERFITTING: st.error, curves.UNDERFITTING: st.warning}.get(verdict.label, st.success)
    box(f"**Verdict: {verdict.label}** — {verdict.reason}", icon=":material/troubleshoot:")
    st.caption(text.verdict_rules(reference, base, score_name))
    show.notes(cache.fitted(tuned).warnings)


def curve_panel(tuned: Experiment, scoring: str, curve: curves.ValidationCurve, knob: models.Knob, reference,
                rows: curves.TrainingRows) -> None:
    st.subheader("Validation curve")
    current, score_name = tuned.param_dict[knob.name], curves.SCORINGS[scoring]
    best = curve.best_index(knob.complexity)
    at_current = curve.at(current, curves.log_axis(knob))
    regions = curves.fit_regions(curves.point_verdicts(curve, reference))
    live_chart.plotly_chart(lambda: plots.validation_curve_figure(curve, knob, current, at_current, best, regions,
                                                                  score_name),
                            key="validation_curve", same_for=(tuned, knob.name, scoring))
    st.caption(text.marker_caption(curve, knob, current, at_current, best, score_name) + text.sample_note(rows))
    show.notes([note] if (note := text.failures_note(curve)) else [])
    st.markdown(text.reading(knob))


def boundary_panel(tuned: Experiment) -> None:
    st.subheader("Decision boundary")
    try:
        shape = decision_boundary(tuned)
    except (EvaluationError, ValueError) as exc:
        st.info(f"No boundary to draw: {exc}", icon=":material/info:")
    else:
        live_chart.plotly_chart(lambda: plots.boundary_figure(shape), key="boundary", same_for=tuned)
        st.caption(text.boundary_caption(shape))
        show.notes(shape.notes)
    st.markdown(text.BOUNDARY_READING)


def paths_panel(tuned: Experiment) -> None:
    st.subheader("Regularisation paths")
    if tuned.model_id != "logistic_regression":
        st.markdown(text.PATHS_ELSEWHERE)
        st.page_link("views/fitting.py", label="Logistic regression on this data", icon=":material/arrow_forward:",
                     query_params=links.carried_over(PAGE, query(), model="logistic_regression"))
        return
    paths = coefficient_paths(tuned.data, tuned.test_size, tuned.positive)
    C, shown = tuned.param_dict["C"], paths.largest(10)
    live_chart.plotly_chart(lambda: plots.paths_figure(paths, C, shown), key="paths",
                            same_for=(tuned.data, tuned.test_size, tuned.positive, C))
    st.caption(text.paths_caption(paths, C, shown))
    show.notes([note] if (note := paths.unconverged_note()) else [])


def fitting_lab(experiment: Experiment) -> None:
    spec = models.REGISTRY[experiment.model_id]
    with st.container(border=True):
        knobs_col, scores_col = st.columns([1, 2], gap="large")
        with knobs_col:
            st.markdown(f"**{spec.name}**")
            params = controls.model_knobs(spec.id, container=st)
            scoring = bound(PAGE, "scoring")
            knob_name = bound(PAGE, "curve_param", {"model": spec.id})
    score_name, tuned, knob = curves.SCORINGS[scoring], experiment.tuned(params), spec.knob(knob_name)
    try:
        test, current = test_score(tuned, scoring), cross_validated(tuned, scoring)
        curve = validation_curve(tuned, knob_name, scoring)
        base = baseline(tuned.data, tuned.test_size, tuned.positive, scoring)
    except (EvaluationError, ValueError) as exc:
        st.error(f"This setting cannot be evaluated on this data: {exc}", icon=":material/error:")
        st.fragment(polynomial_panel)(tuned.seed)
        return
    best = curve.best_index(knob.complexity)
    reference = curves.reference_score(curve, knob.complexity, base)
    verdict = curves.cv_verdict(current, reference)
    train, validation = current.train, current.validation
    with scores_col:
        scores_panel(tuned, score_name, current, test, verdict, reference, base)
    rows = rows_for(tuned)
    curve_col, boundary_col = st.columns(2, gap="medium")
    with curve_col:
        curve_panel(tuned, scoring, curve, knob, reference, rows)
    with boundary_col:
        boundary_panel(tuned)
    learn_col, paths_col = st.columns(2, gap="medium")
    with paths_col:  # before the learning curve, the slowest part: it comes last
        paths_panel(tuned)
    with learn_col:
        st.subheader("Learning curve")
        learning = learning_curve(tuned, scoring)
        live_chart.plotly_chart(lambda: plots.learning_curve_figure(learning, score_name), key="learning_curve",
                                same_for=(tuned, scoring))
        st.info(curves.learning_reading(learning, reference), icon=":material/lightbulb:")
        st.caption(text.learning_caption(score_name, rows))
    show.reproduce(fitting_script(tuned, cache.dataset(tuned.data), scoring, knob_name, rows.n_train))
    st.divider()
    st.fragment(polynomial_panel)(tuned.seed)  # its own fragment: its controls rerun only the demo
    rehearse_panel(PAGE, live_checks.fitting_checks(
        train, validation, verdict.label, verdict.reason, knob_name, [models.format_value(v) for v in curve.values],
        curve.validation_mean, best))


def polynomial_panel(seed: int) -> None:
    st.subheader("Polynomial regression: the classic picture")
    st.markdown(text.POLYNOMIAL_INTRO)
    degree_col, alpha_col = st.columns(2)
    degree = bound(PAGE, "degree", container=degree_col)
    alpha = bound(PAGE, "alpha", container=alpha_col)
    data, fit, (degrees, train_mse, test_mse) = polynomial_demo(seed, degree, alpha)
    fit_col, error_col = st.columns(2)
    with fit_col:
        live_chart.plotly_chart(lambda: plots.polynomial_fit_figure(data, fit, polynomial.truth(fit.x)), key="poly_fit",
                                same_for=(seed, degree, alpha))
    with error_col:
        live_chart.plotly_chart(lambda: plots.polynomial_error_figure(degrees, train_mse, test_mse, degree),
                                key="poly_error", same_for=(seed, degree, alpha))
    st.caption(text.polynomial_caption(fit, degrees, train_mse, test_mse))
    show.code_expander("Reproduce the polynomial demo", polynomial.polynomial_script(seed, degree, alpha),
                       show.REPRODUCE_POLYNOMIAL)


# --- the page -----------------------------------------------------------------------------------------

st.title("Over- and underfitting")
st.markdown(text.INTRO)
st.caption(text.PROTOCOL)
experiment = controls.sidebar(PAGE, knobs=False)
if experiment is None:
    st.stop()
st.fragment(fitting_lab)(experiment)  # ends with the polynomial demo, then the Rehearse panel, as every page
