"""Cross-validation and tuning: the splitter fold by fold, leakage measured, a search heatmap, nested CV."""
import streamlit as st

from lib import upload, validation
from lib.choices import Experiment
from lib.plots import validation as plots
from lib.scripts.validation import validation_script
from lib.text import validation as text
from lib.ui import cache, controls, live_chart, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, query
from lib.validation import validation_checks

PAGE = "validation"


# --- cached steps: the rows once per data setting, fits once per splitter setting (all four scorings at once) ----

@cache.cached(max_entries=12)
def cv_rows(e: Experiment, group_effect: float) -> validation.CvRows:
    return validation.cv_rows(cache.dataset(e.data), e.data.dataset_id, e.seed, e.test_size, e.positive, group_effect)


@cache.cached(max_entries=32)
def folds(e: Experiment, group_effect: float, cv: str, n_splits: int, shuffle: bool) -> validation.Folds:
    return validation.folds(cv_rows(e, group_effect), cv, n_splits, shuffle, e.seed)


@cache.cached(max_entries=64, data=True, spinner="Cross-validating: one fit per split…")
def fold_scores(e: Experiment, group_effect: float, cv: str, n_splits: int, shuffle: bool) -> validation.FoldScores:
    return validation.fold_scores(cv_rows(e, group_effect), folds(e, group_effect, cv, n_splits, shuffle),
                                  e.model_id, e.param_dict, e.seed)


@cache.cached(max_entries=32, data=True, spinner="Fitting on the training rows for the test score…")
def test_scores(e: Experiment, group_effect: float) -> dict[str, float]:
    return validation.test_scores(cv_rows(e, group_effect), e.model_id, e.param_dict, e.seed)


@cache.cached(max_entries=32, data=True, spinner="Running the leaky and the correct procedure…")
def demo(kind: str, model_id: str, params: tuple, seed: int, scoring: str, n_features: int,
         group_effect: float) -> validation.Demo:
    return validation.run_demo(kind, model_id, dict(params), seed, scoring, n_features, group_effect)


@cache.cached(max_entries=24, data=True, spinner="Searching the grid…")
def search(kind: str, e: Experiment, v: validation.CvSetting) -> validation.SearchResult:
    return validation.run_search(kind, cv_rows(e, v.group_effect), validation.search_grid(e.model_id), e.param_dict,
                                 e.seed, v.cv, v.n_splits, v.shuffle, v.scoring)


@cache.cached(max_entries=48, data=True)
def nested_trial(e: Experiment, group_effect: float, scoring: str, trial: int) -> validation.NestedTrial:
    X, y = validation.nested_rows(cv_rows(e, group_effect), e.seed)
    return validation.nested_trial(X, y, validation.search_grid(e.model_id), e.param_dict, e.seed, trial, scoring)


# --- panels ----------------------------------------------------------------------------------------------

def url_context(e: Experiment) -> dict:
    """What the page's URL table depends on: the link's keys, the dataset and its generator's settings."""
    return {**query(), "dataset": e.data.dataset_id, **e.data.param_dict}


def splitter_controls(e: Experiment) -> validation.CvSetting:
    context = url_context(e)
    with st.container(border=True):
        first, second, third, fourth = st.columns(4)
        cv = bound(PAGE, "cv", context, container=first)
        context["cv"] = cv
        n_splits = bound(PAGE, "n_splits", context, container=second) if cv != "leave_one_out" else 0
        shuffle = bound(PAGE, "shuffle", context, container=third) if cv in validation.SHUFFLES else False
        scoring = bound(PAGE, "scoring", context, container=fourth)
        group_effect = 0.0
        if validation.generates_groups(e.data.dataset_id):
            group_effect = bound(PAGE, "group_effect", context)
        st.caption(text.SPLITTER[cv] + " " + text.not_offered_caption(validation.not_offered(context)))
    return validation.CvSetting(cv, int(n_splits), bool(shuffle), scoring, float(group_effect))


def splitter_panel(e: Experiment, v: validation.CvSetting, rows: validation.CvRows, positive: str) -> validation.FoldScores | None:
    st.subheader("See the splitter")
    score_name = validation.SCORINGS[v.scoring]
    try:
        found = folds(e, v.group_effect, v.cv, v.n_splits, v.shuffle)
        scores = fold_scores(e, v.group_effect, v.cv, v.n_splits, v.shuffle)
        tested = test_scores(e, v.group_effect)
    except validation.ValidationError as exc:
        st.warning(str(exc), icon=":material/block:")
        return None
    reason = validation.undefined_reason(v.cv, v.scoring, scores)
    show.metrics({"Mean CV score": scores.mean(v.scoring), "Std CV score": scores.std(v.scoring),
                  "Test score": tested[v.scoring]}, text.METRIC_HELP, {"Mean CV score": reason or "",
                                                                      "Std CV score": reason or ""}, per_row=3)
    st.caption(text.fits_caption(score_name, found.n_splits, scores.n_fits))
    balance = validation.fold_balance(found, rows.y)
    shown = validation.picture(found, rows.y, rows.groups)
    live_chart.plotly_chart(lambda: plots.fold_figure(shown, balance, scores.of(v.scoring), score_name,
                                                      validation.groups_name(e.data.dataset_id) or "group", positive),
                            key="folds_chart", same_for=(e, v, positive))
    st.caption(text.picture_caption(shown, len(rows.y), score_name))
    st.caption(text.balance_caption(balance, positive, float(rows.y.mean())) + " " +
               text.lowest_caption(validation.lowest_fold(scores, v.scoring), scores, balance, v.scoring, positive))
    return scores


def demo_panel(e: Experiment, v: validation.CvSetting) -> tuple[validation.Demo, int, float]:
    st.subheader("Leakage, measured")
    context = url_context(e)
    left, right = st.columns(2)
    kind = bound(PAGE, "demo", context, container=left)
    context["demo"] = kind
    n_features, group_effect = 2_000, v.group_effect
    if kind == "preprocessing":
        n_features = bound(PAGE, "noise_features", context, container=right)
    elif kind == "groups" and not validation.generates_groups(e.data.dataset_id):
        group_effect = bound(PAGE, "group_effect", context, container=right)
    elif kind == "groups":
        right.caption(f"Group effect {group_effect:g}: the control above.")
    setting = (kind, e.model_id, e.model_params, e.seed, v.scoring, int(n_features), float(group_effect))
    found = demo(*setting)
    st.markdown(f"**{text.DEMO_TITLE[kind]}.** " + text.demo_setting(kind, int(n_features), float(group_effect)))
    show.metrics({"Leaky CV score": found.leaky, "Pipeline CV score": found.honest, "Demo test score": found.test,
                  "Leakage": found.inflation}, text.METRIC_HELP)
    live_chart.plotly_chart(lambda: plots.demo_figure(found, validation.SCORINGS[v.scoring], "Leaky", "Pipeline"),
                            key="demo_chart", same_for=setting)
    st.markdown(text.demo_sentence(found))
    st.caption(text.demo_fits_caption(found.n_fits))
    return found, int(n_features), float(group_effect)


def search_panel(e: Experiment, v: validation.CvSetting, rows: validation.CvRows) -> validation.SearchResult | None:
    st.subheader("Hyperparameter search")
    context = {**query(), "dataset": e.data.dataset_id}
    kind = bound(PAGE, "search", context)
    grid = validation.search_grid(e.model_id)
    if not grid.knobs:
        st.info("This model has no knob to search.", icon=":material/info:")
        return None
    n_splits = v.n_splits or len(rows.y)
    fits = validation.search_fits(kind, grid, n_splits, len(rows.y))
    st.markdown(text.search_intro(kind, grid.knobs, grid.values, fits, v.cv, n_splits))
    if not show.on_request(("search", kind, e, v), f"Run the search ({fits:,} fits)", fits > validation.FIT_BUDGET):
        st.caption(f"More than {validation.FIT_BUDGET} fits: the search runs when you ask.")
        return None
    try:
        result = search(kind, e, v)
    except validation.ValidationError as exc:
        st.warning(str(exc), icon=":material/block:")
        return None
    show.metrics({"Best CV score": result.best_score, "Test score of best": result.test_score},
                 text.METRIC_HELP, per_row=3)
    live_chart.plotly_chart(lambda: plots.search_figure(result, validation.SCORINGS[v.scoring]), key="search_chart",
                            same_for=(kind, e, v))
    st.caption(text.search_caption(result, validation.SCORINGS[v.scoring]) + f" {result.n_fits:,} fits.")
    return result


def nested_panel(e: Experiment, v: validation.CvSetting, rows: validation.CvRows) -> validation.Nested | None:
    st.subheader("Nested versus non-nested CV")
    grid = validation.search_grid(e.model_id)
    if not grid.knobs:
        return None
    fits = validation.nested_fits(grid)
    n_rows = min(len(rows.y), validation.NESTED_MAX_ROWS)
    st.markdown(text.nested_intro(fits, n_rows))
    if not show.on_request(("nested", e, v.group_effect, v.scoring), f"Run nested CV ({fits:,} fits)"):
        return None
    trials = cache.progress(f"Nested CV: {validation.NESTED_TRIALS} repetitions, {fits:,} fits…",
                            range(validation.NESTED_TRIALS),
                            lambda trial: nested_trial(e, v.group_effect, v.scoring, trial), after=0.0)
    found = validation.Nested(tuple(trials), fits)
    show.metrics(found.values(), text.METRIC_HELP, per_row=3)
    live_chart.plotly_chart(lambda: plots.nested_figure(found, validation.SCORINGS[v.scoring]), key="nested_chart",
                            same_for=(e, v.group_effect, v.scoring))
    st.caption(text.nested_caption(found))
    return found


# --- the page ------------------------------------------------------------------------------------------------

st.title("Cross-validation and tuning")
st.markdown(text.INTRO)
experiment = controls.sidebar(PAGE)
if experiment is None:
    st.stop()
with show.stop_on_error(validation.ValidationError, upload.UploadError):
    data = cache.dataset(experiment.data)
    view = splitter_controls(experiment)
    rows = cv_rows(experiment, view.group_effect)
positive = data.positive_class(experiment.positive)
st.caption(text.protocol(rows, experiment.test_size, experiment.seed, validation.groups_name(experiment.data.dataset_id)))
show.notes(data.notes)
scores = splitter_panel(experiment, view, rows, positive)
leak, n_features, demo_effect = demo_panel(experiment, view)
result = search_panel(experiment, view, rows)
nested = nested_panel(experiment, view, rows)
columns = list(data.X.columns) if experiment.data.is_upload else ()
show.reproduce(validation_script(experiment, view.cv, view.n_splits, view.shuffle, view.scoring, view.group_effect,
                                 leak, result, nested, positive, columns, n_features, demo_effect))
rehearse_panel(PAGE, validation_checks(scores, leak, result, view.scoring, view.cv))
