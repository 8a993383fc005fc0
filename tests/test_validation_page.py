"""The validation page in AppTest: the default view and its script, URL parameters in and round trip, bad values,
a splitter that cannot run, the search button above the fit budget, nested CV on request, live checks, fits per
interaction, and (slow) every splitter × dataset."""
import pytest

from lib import datasets, models, pages
from lib import validation as v
from lib.params import url_text
from tests.conftest import metric_values, open_page, text_of
from tests.fits import FitCounter
from tests.test_house import assert_script_matches_page
from tests.test_rehearse_pages import answer_live_check, widget_value

PAGE = "validation"
QUICK = {"model": "naive_bayes"}  # one knob, fast fits: most tests use it


def opened(params: dict | None = None, timeout: float = 300):
    at = open_page(PAGE, {k: url_text(val) for k, val in (params or {}).items()}, timeout=timeout)
    assert not at.exception, at.exception
    return at


def expected_scores(dataset_id: str, model_id: str, cv: str, n_splits: int, shuffle: bool, scoring: str,
                    group_effect: float = 0.5, seed: int = 0, params: dict | None = None) -> dict[str, str]:
    data = datasets.load(dataset_id, seed, params)
    rows = v.cv_rows(data, dataset_id, seed, 0.25, None, group_effect)
    found = v.folds(rows, cv, n_splits, shuffle, seed)
    scores = v.fold_scores(rows, found, model_id, None, seed)
    test = v.test_scores(rows, model_id, None, seed)
    return {"Mean CV score": f"{scores.mean(scoring):.3f}", "Std CV score": f"{scores.std(scoring):.3f}",
            "Test score": f"{test[scoring]:.3f}"}


def test_default_view_shows_every_headline_and_its_script_agrees():
    at = opened()
    shown = metric_values(at)
    for label in ("Mean CV score", "Std CV score", "Test score", "Leaky CV score", "Pipeline CV score",
                  "Best CV score", "Test score of best"):
        assert label in shown and shown[label] != "—", shown
    assert {k: shown[k] for k in ("Mean CV score", "Std CV score", "Test score")} == expected_scores(
        "churn", "logistic_regression", "stratified_kfold", 5, True, "accuracy")
    assert float(shown["Leaky CV score"]) > float(shown["Pipeline CV score"]) + 0.1
    assert_script_matches_page(at)


def test_url_parameters_round_trip_and_give_the_libs_numbers():
    params = {"dataset": "moons", "cv": "group_kfold", "n_splits": 4, "shuffle": False, "scoring": "roc_auc",
              "group_effect": 0.8, "demo": "groups", "search": "random", **QUICK}
    at = opened(params)
    for key, value in params.items():
        if key not in ("dataset", "model"):
            assert str(widget_value(at, key)).lower() == url_text(value).lower(), key
        assert at.query_params[key] in (url_text(value), [url_text(value)]), key
    shown = metric_values(at)
    wanted = expected_scores("moons", "naive_bayes", "group_kfold", 4, False, "roc_auc", 0.8)
    assert {k: shown[k] for k in wanted} == wanted
    demo = v.groups_demo("naive_bayes", None, 0, 0.8, "roc_auc")
    assert shown["Leaky CV score"] == f"{demo.leaky:.3f}" and shown["Pipeline CV score"] == f"{demo.honest:.3f}"
    assert_script_matches_page(at)


def test_the_synthetic_set_with_its_own_n_features_control_renders():
    at = opened({"dataset": "classification", "n_features": 6, "n_samples": 400, "noise_features": 500, **QUICK})
    shown = metric_values(at)
    assert {k: shown[k] for k in ("Mean CV score", "Std CV score", "Test score")} == expected_scores(
        "classification", "naive_bayes", "stratified_kfold", 5, True, "accuracy",
        params={"n_features": 6, "n_samples": 400})
    demo = v.preprocessing_demo("naive_bayes", None, 0, 500)
    assert shown["Leaky CV score"] == f"{demo.leaky:.3f}"


def test_bad_values_fall_back_with_notices():
    at = opened({"cv": "<b>bogus</b>", "n_splits": 99, "scoring": "nope", "demo": "x", "search": "[x](y)",
                 "dataset": "iris", **QUICK})
    notices = [w.value for w in at.warning if "can't be used" in w.value]
    assert len(notices) == 5, notices
    assert all("<b>" not in n and "](" not in n for n in notices)
    assert widget_value(at, "cv") == "stratified_kfold" and widget_value(at, "n_splits") == 5
    assert "Mean CV score" in metric_values(at)


def test_a_splitter_the_dataset_lacks_is_not_offered_and_one_that_cannot_run_says_why():
    at = opened({"cv": "group_kfold", "dataset": "breast_cancer", **QUICK})
    assert any("`cv`" in w.value and "can't be used" in w.value for w in at.warning)
    assert "this dataset has no group column" in text_of(at)
    at = opened({"cv": "group_kfold", "n_splits": 10, **QUICK})  # churn: 7 signup-year cohorts
    assert any("7 groups" in w.value for w in at.warning)
    assert "Mean CV score" not in metric_values(at) and "Leaky CV score" in metric_values(at)


@pytest.mark.usefixtures("searches_in_this_process")
def test_search_above_the_budget_waits_for_the_button():
    at = opened({"dataset": "iris", "n_splits": 20, "model": "decision_tree", "demo": "time"})
    grid = v.search_grid("decision_tree")
    fits = v.search_fits("grid", grid, 20, 112)
    assert fits > v.FIT_BUDGET
    assert "Best CV score" not in metric_values(at)
    run = next(b for b in at.button if b.label == f"Run the search ({fits:,} fits)")
    with FitCounter() as counter:
        run.click().run()
    assert not at.exception, at.exception
    assert counter.n == fits  # the search only: everything else is cached
    assert "Best CV score" in metric_values(at)


def test_nested_cv_runs_on_request_and_equals_the_lib():
    at = opened({"dataset": "iris", "demo": "time", **QUICK})
    assert "Nested CV score" not in metric_values(at)
    grid = v.search_grid("naive_bayes")
    nested = next(b for b in at.button if b.label == f"Run nested CV ({v.nested_fits(grid):,} fits)")
    with FitCounter() as counter:
        nested.click().run()
    assert not at.exception, at.exception
    assert counter.n == v.nested_fits(grid)
    shown = metric_values(at)
    X, y = v.nested_rows(v.cv_rows(datasets.load("iris"), "iris", 0, 0.25), 0)
    trials = [v.nested_trial(X, y, grid, None, 0, t, "accuracy") for t in range(v.NESTED_TRIALS)]
    result = v.Nested(tuple(trials), v.nested_fits(grid))
    assert shown["Nested CV score"] == f"{result.nested:.3f}"
    assert shown["Non-nested CV score"] == f"{result.non_nested:.3f}"
    assert_script_matches_page(at)


@pytest.mark.usefixtures("searches_in_this_process")
def test_changing_the_scoring_refits_nothing_in_the_splitter_view():
    at = opened({"dataset": "iris", "demo": "time", **QUICK})
    with FitCounter() as counter:
        at.selectbox(key="scoring").set_value("f1").run()
    assert not at.exception
    # the demo and the search run again for the new scoring; the folds' fits and the test fit do not
    demo_fits, search_fits = 2 * v.DEMO_FOLDS + 1, v.search_fits("grid", v.search_grid("naive_bayes"), 5, 112)
    assert counter.n == demo_fits + search_fits


def test_live_checks_accept_the_pages_numbers():
    at = opened({"dataset": "iris", **QUICK})
    shown = metric_values(at)
    leak = round(float(shown["Leaky CV score"]) - float(shown["Pipeline CV score"]), 3)
    assert answer_live_check(at, PAGE, "validation_leakage", f"{leak:.3f}") == "success"
    fits = v.search_fits("grid", v.search_grid("naive_bayes"), 5, 112)
    assert answer_live_check(at, PAGE, "validation_search_fits", str(fits)) == "success"


@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", pages.page(PAGE).dataset_ids())
@pytest.mark.parametrize("cv", v.CV_IDS)
def test_every_splitter_on_every_dataset_renders_or_says_why(cv, dataset_id):
    at = opened({"dataset": dataset_id, "cv": cv, "model": "naive_bayes", "search": "random"})
    offered = v.offered_cvs({"dataset": dataset_id})
    if cv not in offered:
        assert any("can't be used" in w.value for w in at.warning)
    assert "Mean CV score" in metric_values(at) or at.warning
    assert models.REGISTRY["naive_bayes"]
