"""Regression: the assumptions of linear regression broken one at a time, the metrics, and the diagnostics that
notice (four pictures, their tests, coefficients with ordinary or robust errors, VIF, ridge/lasso paths)."""
from dataclasses import replace

import streamlit as st

from lib import datasets, links, regression, regularisation, upload
from lib.choices import DataChoice, Experiment
from lib.plots import regression as plots
from lib.regression import Diagnostics, RegressionError, Split
from lib.text import regression as text
from lib.ui import cache, controls, live_chart, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, query

PAGE = "regression"


# --- cached steps: the data, its split, one fit per model setting, diagnostics once per split ------------------

@cache.cached(max_entries=12)
def table(choice: DataChoice) -> datasets.Dataset:
    if choice.is_upload:
        return upload.make_regression_dataset(cache.parsed_upload(choice.upload_digest), choice.target)
    return cache.dataset(choice)


@cache.cached(max_entries=16)
def split(choice: DataChoice, test_size: float) -> Split:
    data = table(choice)
    return regression.split_rows(data.X, data.y, test_size, choice.seed)


@cache.cached(max_entries=32, spinner="Training the model…")
def scored(experiment: Experiment) -> regression.RegressionMetrics:
    rows = split(experiment.data, experiment.test_size)
    return regression.metrics_for(regression.fit_model(experiment.model_id, experiment.param_dict,
                                                       experiment.seed, rows), rows)


@cache.cached(max_entries=16, spinner="Least squares and its diagnostics…")
def diagnostics(choice: DataChoice, test_size: float) -> Diagnostics:
    return regression.diagnose(split(choice, test_size))


@cache.cached(max_entries=8, spinner="Ridge and lasso at every alpha…")
def paths(choice: DataChoice, test_size: float) -> regularisation.CoefficientPaths:
    return regression.regularisation_paths(split(choice, test_size), seed=choice.seed)


# --- panels ----------------------------------------------------------------------------------------------

def knobs_panel(choice: DataChoice) -> DataChoice:
    """The six assumption knobs (synthetic data only), added to the data choice: they change the data."""
    if choice.dataset_id != regression.SYNTHETIC_ID:
        st.caption(text.KNOBS_ELSEWHERE)
        st.page_link("views/regression.py", label="The synthetic data with the six knobs", icon=":material/tune:",
                     query_params=links.carried_over(PAGE, query(), dataset=regression.SYNTHETIC_ID))
        return choice
    with st.container(border=True):
        st.markdown(text.KNOBS_INTRO)
        columns = [*st.columns(3), *st.columns(3)]  # two rows: on a phone they stack in reading order
        knobs = {name: bound(PAGE, name, {"dataset": choice.dataset_id}, container=column)
                 for name, column in zip(regression.KNOBS, columns, strict=True)}
    return replace(choice, params=tuple(sorted({**choice.param_dict, **knobs}.items())))


def verdict_box(v: regression.Verdict) -> None:
    box = {regression.HOLDS: st.success, regression.DOUBTFUL: st.warning, regression.VIOLATED: st.error}
    box.get(v.verdict, st.info)(text.verdict(v), icon=text.VERDICT_ICON[v.verdict])


def picture(name: str, d: Diagnostics, same_for: tuple) -> None:
    st.markdown(f"**{name}**")
    live_chart.plotly_chart(lambda: plots.DIAGNOSTIC_FIGURES[name](d.pictures),
                            key=name.lower().replace(" ", "_").replace("-", "_"), same_for=same_for)
    st.caption(text.PICTURE[name])
    verdict_box(d.verdict_for(name))


def pictures_panel(d: Diagnostics, same_for: tuple) -> None:
    """The diagnostic pictures of `d`, which `same_for` (the data and the test share) determines."""
    st.subheader("The four diagnostic pictures")
    if d.exact:
        st.info(regression.EXACT_FIT_NOTE, icon=":material/info:")
    for pair in (("Residuals vs fitted", "Normal Q-Q"), ("Scale-location", "Residuals vs leverage")):
        for column, name in zip(st.columns(2, gap="medium"), pair, strict=True):
            with column:
                picture(name, d, same_for)
    picture("Residuals in row order", d, same_for)
    show.notes([note] if (note := text.sample_note(d)) else [])


def coefficients_panel(d: Diagnostics, choice: DataChoice, test_size: float) -> None:
    st.subheader("Coefficients (least squares on the training rows)")
    robust = bound(PAGE, "robust", {"dataset": choice.dataset_id})
    coefficients = d.coefficient_table(robust)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        live_chart.plotly_chart(lambda: plots.coefficients_figure(coefficients, robust), key="coefficients",
                                same_for=(choice, test_size, robust))
        st.dataframe(coefficients, column_config={c: st.column_config.NumberColumn(format="%.3f")
                                                  for c in coefficients.columns})
        st.caption(text.coefficients_caption(robust))
    with right:
        st.markdown("**Variance inflation factors**")
        st.dataframe(d.vif.to_frame(), column_config={"VIF": st.column_config.NumberColumn(format="%.3f")})
        st.caption(text.vif_caption(d))
        verdict_box(d.verdict("No multicollinearity"))


def paths_panel(experiment: Experiment) -> None:
    st.subheader("Regularisation paths: ridge and lasso")
    if experiment.model_id not in text.PATH_MODELS:
        st.markdown(text.PATHS_ELSEWHERE)
        st.page_link("views/regression.py", label="Ridge regression on this data", icon=":material/arrow_forward:",
                     query_params=links.carried_over(PAGE, query(), model="ridge"))
        return
    found, alpha = paths(experiment.data, experiment.test_size), experiment.param_dict["alpha"]
    live_chart.plotly_chart(lambda: plots.paths_figure(found, alpha), key="paths",
                            same_for=(experiment.data, experiment.test_size, alpha))
    st.caption(text.paths_caption(found, alpha, experiment.model_id))


# --- the page ------------------------------------------------------------------------------------------------

st.title("Regression: assumptions and metrics")
st.markdown(text.INTRO)
experiment = controls.sidebar(PAGE)
if experiment is None:
    st.stop()
experiment = replace(experiment, data=knobs_panel(experiment.data))
with show.stop_on_error(RegressionError, upload.UploadError):
    data, rows = table(experiment.data), split(experiment.data, experiment.test_size)
    metrics, found = scored(experiment), diagnostics(experiment.data, experiment.test_size)

st.caption(text.protocol(len(rows.y_train), len(rows.y_test), experiment.test_size, experiment.seed))
show.notes(data.notes)
st.subheader("How well the model predicts")
show.metrics(metrics.values(), text.METRIC_HELP, text.metric_reasons(metrics))
st.subheader("What least squares assumes, checked on the training rows")
st.caption(text.LEAST_SQUARES_NOTE)
show.metrics(found.values(), text.DIAGNOSTIC_HELP, text.diagnostic_reasons(found), per_row=3)
pictures_panel(found, (experiment.data, experiment.test_size))
coefficients_panel(found, experiment.data, experiment.test_size)
paths_panel(experiment)
show.reproduce(regression.regression_script(experiment, data))
rehearse_panel(PAGE, regression.regression_checks(rows, metrics, found))
