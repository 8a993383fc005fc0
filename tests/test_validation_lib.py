"""lib/validation.py against scikit-learn: fold indices, fold scores, groups never on both sides, the fold
picture's downsampling rule, the leakage demos against an independent computation, the search heatmap against
`GridSearchCV.cv_results_`, fits counted, nested CV against a hand-written outer loop, the URL keys."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.metrics import accuracy_score, get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_validate,
    train_test_split,
)
from sklearn.preprocessing import StandardScaler

from lib import datasets, models, pages
from lib import validation as v
from tests.fits import FitCounter


@pytest.fixture(scope="module")
def churn_rows() -> v.CvRows:
    return v.cv_rows(datasets.load("churn"), "churn", 0, 0.25)


@pytest.fixture(scope="module")
def moons_rows() -> v.CvRows:
    return v.cv_rows(datasets.load("moons", 3, {"n_samples": 300}), "moons", 3, 0.25, group_effect=0.5)


# --- the rows -------------------------------------------------------------------------------------------

def test_rows_are_the_protocols_training_split_in_time_order(churn_rows):
    data = datasets.load("churn")
    y = data.binary_target()
    X_train, X_test, y_train, _ = train_test_split(data.X, y, test_size=0.25, random_state=0, stratify=y)
    assert len(churn_rows.y) == len(y_train) and len(churn_rows.y_test) == len(X_test)
    assert sorted(churn_rows.X["tenure_months"]) == sorted(X_train["tenure_months"])
    assert (np.diff(churn_rows.X["tenure_months"].to_numpy()) <= 0).all()  # longest tenure (earliest signup) first
    assert churn_rows.time_ordered
    np.testing.assert_array_equal(churn_rows.groups, churn_rows.X["tenure_months"] // 12)


def test_generated_groups_shift_features_by_the_group_effect():
    data = datasets.load("moons", 3, {"n_samples": 300})
    flat = v.cv_rows(data, "moons", 3, 0.25, group_effect=0.0)
    shifted = v.cv_rows(data, "moons", 3, 0.25, group_effect=1.0)
    np.testing.assert_array_equal(flat.groups, shifted.groups)
    assert flat.n_groups == v.N_GROUPS
    # within a group the shift is one vector: differences between rows of a group are unchanged
    g = shifted.groups == shifted.groups[0]
    delta = shifted.X.to_numpy()[g] - flat.X.to_numpy()[g]
    np.testing.assert_allclose(delta, np.broadcast_to(delta[0], delta.shape))
    assert not np.allclose(delta, 0)


def test_large_training_splits_are_sampled():
    data = datasets.load("classification", 0, {"n_samples": 20_000})
    rows = v.cv_rows(data, "classification", 0, 0.25)
    assert len(rows.y) == v.CV_MAX_ROWS and rows.n_train == 15_000 and rows.sampled
    assert abs(rows.y.mean() - data.binary_target().mean()) < 0.01


# --- splitters and folds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cv", [c for c in v.CV_IDS if c != "leave_one_out"])
@pytest.mark.parametrize("shuffle", [True, False])
def test_fold_indices_are_the_splitters_own(churn_rows, cv, shuffle):
    found = v.folds(churn_rows, cv, 4, shuffle, 7)
    own = v.SPLITTER_CLASS[cv]
    if cv in v.SHUFFLES:
        reference = own(n_splits=4, shuffle=shuffle, random_state=7 if shuffle else None)
    elif cv == "time_series_split":
        reference = own(n_splits=4)
    else:
        reference = own(n_splits=4, test_size=0.2, random_state=7)
    expected = list(reference.split(churn_rows.X, churn_rows.y, churn_rows.groups))
    assert found.n_splits == len(expected)
    for (train, test), (e_train, e_test) in zip(found.pairs(), expected, strict=True):
        np.testing.assert_array_equal(train, e_train)
        np.testing.assert_array_equal(test, e_test)


def test_leave_one_out_on_a_small_table():
    rows = v.cv_rows(datasets.load("iris"), "iris", 0, 0.25)
    found = v.folds(rows, "leave_one_out")
    assert found.n_splits == len(rows.y) and all(len(t) == 1 for t in found.test)
    scores = v.fold_scores(rows, found, "naive_bayes", None, 0)
    assert math.isfinite(scores.mean("accuracy")) and math.isnan(scores.mean("roc_auc"))
    assert "one row" in v.undefined_reason("leave_one_out", "roc_auc", scores)


@settings(max_examples=40, deadline=None)
@given(n_rows=st.integers(30, 300), n_groups=st.integers(2, 15), n_splits=st.integers(2, 8),
       seed=st.integers(0, 10_000), shuffle=st.booleans(), stratified=st.booleans())
def test_group_splitters_never_put_one_group_on_both_sides(n_rows, n_groups, n_splits, seed, shuffle, stratified):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n_rows)
    y[:2] = [0, 1]
    groups = v.make_groups(n_rows, n_groups, seed)
    rows = v.CvRows(pd.DataFrame({"x": rng.normal(size=n_rows)}), y, groups, pd.DataFrame({"x": [0.0]}),
                    np.array([0]), n_rows)
    cv = "stratified_group_kfold" if stratified else "group_kfold"
    problem = v.cv_problem(cv, n_splits, rows)
    if rows.n_groups < n_splits:
        assert problem and "groups" in problem
        return
    if problem:  # the smaller class is rarer than the splits
        assert stratified and np.bincount(y).min() < n_splits
        return
    found = v.folds(rows, cv, n_splits, shuffle, seed)
    seen_in_test = np.concatenate(found.test)
    assert sorted(seen_in_test) == list(range(n_rows))  # every row tested once
    for train, test in found.pairs():
        assert not set(groups[train]) & set(groups[test])


def test_a_splitter_that_cannot_run_says_why(churn_rows):
    assert "7 groups" in v.cv_problem("group_kfold", 10, churn_rows)
    with pytest.raises(v.ValidationError, match="at most 7 splits"):
        v.folds(churn_rows, "group_kfold", 10)
    iris = v.cv_rows(datasets.load("iris"), "iris", 0, 0.25)
    assert "no group column" in v.cv_problem("group_kfold", 5, iris)
    tiny = v.CvRows(iris.X.iloc[:12], np.array([0] * 9 + [1] * 3), None, iris.X, iris.y, 12)
    assert "only 3" in v.cv_problem("stratified_kfold", 5, tiny)


def test_offered_splitters_follow_the_dataset():
    assert v.offered_cvs({"dataset": "churn"}) == tuple(c for c in v.CV_IDS if c != "leave_one_out")
    assert "leave_one_out" in v.offered_cvs({"dataset": "iris"})
    assert not set(v.GROUPED) & set(v.offered_cvs({"dataset": "breast_cancer"}))
    assert "time_series_split" not in v.offered_cvs({"dataset": "moons"})
    assert "group_kfold" in v.offered_cvs({"dataset": "moons"})
    assert "leave_one_out" in v.offered_cvs({"dataset": "moons", "n_samples": 200})
    assert "leave_one_out" not in v.offered_cvs({"dataset": "moons", "n_samples": 250})
    assert "leave_one_out" not in v.offered_cvs({"dataset": "upload"})
    assert set(v.not_offered({"dataset": "breast_cancer"})) == {*v.GROUPED, "time_series_split", "leave_one_out"}


def test_fold_balance_and_the_picture(churn_rows):
    found = v.folds(churn_rows, "kfold", 5, False, 0)
    balance = v.fold_balance(found, churn_rows.y)
    for i, (train, test) in enumerate(found.pairs()):
        assert balance.test_positive[i] == pytest.approx(churn_rows.y[test].mean())
        assert balance.n_train[i] == len(train)
    shown = v.picture(found, churn_rows.y, churn_rows.groups, columns=300)
    assert shown.step == 10 and shown.roles.shape == (5, 300)
    np.testing.assert_array_equal(shown.rows, np.arange(0, 3000, 10))
    np.testing.assert_array_equal(shown.roles, found.roles()[:, ::10])
    # kfold without shuffling: split i tests rows 600i … 600i+599 = columns 60i … 60i+59
    for i in range(5):
        assert (shown.roles[i, 60 * i:60 * (i + 1)] == 2).all()
        assert (np.delete(shown.roles[i], np.s_[60 * i:60 * (i + 1)]) == 1).all()
    np.testing.assert_array_equal(shown.classes, churn_rows.y[::10])
    np.testing.assert_array_equal(shown.groups, churn_rows.groups[::10])  # cohorts 0–6 are their own codes
    exact = v.picture(found, churn_rows.y, None, columns=10_000)
    assert exact.step == 1 and exact.groups is None
    np.testing.assert_array_equal(exact.roles, found.roles())


def test_picture_keeps_unused_rows():
    found = v.Folds("shuffle_split", (np.array([0]),), (np.array([3]),), 4)
    shown = v.picture(found, np.array([0, 1, 0, 1]), None, columns=4)
    np.testing.assert_array_equal(shown.roles, [[1, 0, 0, 2]])


# --- fold scores -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cv", ["stratified_kfold", "group_kfold", "time_series_split"])
def test_fold_scores_equal_cross_validate(churn_rows, cv):
    found = v.folds(churn_rows, cv, 5, True, 0)
    with FitCounter() as fits:
        scores = v.fold_scores(churn_rows, found, "decision_tree", {"max_depth": 3}, 0)
    assert fits.n == 5 == scores.n_fits
    expected = cross_validate(models.build_pipeline("decision_tree", {"max_depth": 3}, 0), churn_rows.X,
                              churn_rows.y, cv=v.splitter(cv, 5, True, 0), groups=churn_rows.groups,
                              scoring=["accuracy", "roc_auc", "f1", "average_precision"])
    for name in v.SCORINGS:
        np.testing.assert_allclose(scores.of(name), expected[f"test_{name}"])
        assert scores.mean(name) == pytest.approx(np.mean(expected[f"test_{name}"]))
        assert scores.std(name) == pytest.approx(np.std(expected[f"test_{name}"]))
    assert v.lowest_fold(scores, "accuracy") == int(np.argmin(expected["test_accuracy"]))


def test_test_scores_are_the_model_fitted_on_the_cv_rows(churn_rows):
    found = v.test_scores(churn_rows, "naive_bayes", None, 0)
    model = models.build_pipeline("naive_bayes", None, 0).fit(churn_rows.X, churn_rows.y)
    for name in v.SCORINGS:
        assert found[name] == pytest.approx(get_scorer(name)(model, churn_rows.X_test, churn_rows.y_test))


# --- leakage demos, against a hand-written loop ------------------------------------------------------------

def _manual(fit_predict, y, splits):
    return np.array([accuracy_score(y[test], fit_predict(train, test)) for train, test in splits])


def test_preprocessing_demo_against_an_independent_loop():
    demo = v.preprocessing_demo("logistic_regression", None, 0, 500)
    X, y = v.noise_table(v.DEMO_ROWS + v.DEMO_TEST_ROWS, 500, 0)
    X, y = X[:v.DEMO_ROWS], y[:v.DEMO_ROWS]
    splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    estimator = models.REGISTRY["logistic_regression"].call(None, 0).build()
    chosen = SelectKBest(f_classif, k=v.SELECT_K).fit_transform(StandardScaler().fit_transform(X), y)

    def leaky(train, test):
        return clone(estimator).fit(chosen[train], y[train]).predict(chosen[test])

    def honest(train, test):
        scaler = StandardScaler().fit(X[train])
        select = SelectKBest(f_classif, k=v.SELECT_K).fit(scaler.transform(X[train]), y[train])
        model = clone(estimator).fit(select.transform(scaler.transform(X[train])), y[train])
        return model.predict(select.transform(scaler.transform(X[test])))

    np.testing.assert_allclose(demo.leaky_folds, _manual(leaky, y, splits))
    np.testing.assert_allclose(demo.pipeline_folds, _manual(honest, y, splits))
    assert demo.leaky > 0.6 and abs(demo.honest - 0.5) < 0.12 and abs(demo.test - 0.5) < 0.06


def test_groups_demo_against_an_independent_loop_and_the_gap_grows():
    demo = v.groups_demo("knn", None, 0, 0.8)
    X, y, groups = v.grouped_table(2 * v.DEMO_GROUPS, v.DEMO_GROUP_ROWS, v.DEMO_GROUP_FEATURES, 0.8, 0)
    known = groups < v.DEMO_GROUPS
    Xk, yk, gk = pd.DataFrame(X[known], columns=[f"x{i + 1}" for i in range(X.shape[1])]), y[known], groups[known]

    def fit_predict(train, test):
        return models.build_pipeline("knn", None, 0).fit(Xk.iloc[train], yk[train]).predict(Xk.iloc[test])

    kfold = list(KFold(5, shuffle=True, random_state=0).split(Xk))
    grouped = list(GroupKFold(5).split(Xk, yk, gk))
    np.testing.assert_allclose(demo.leaky_folds, _manual(fit_predict, yk, kfold))
    np.testing.assert_allclose(demo.pipeline_folds, _manual(fit_predict, yk, grouped))
    gaps = [v.groups_demo("knn", None, 0, effect).inflation for effect in (0.0, 0.5, 1.0)]
    assert abs(gaps[0]) < 0.05 and gaps[2] > gaps[0] + 0.1


def test_time_demo_against_an_independent_loop():
    demo = v.time_demo("logistic_regression", None, 0)
    X, y = v.drifting_table(v.DEMO_TIME_ROWS, v.DEMO_PERIODS, 0)
    X, y = X.iloc[:800], y[:800]

    def fit_predict(train, test):
        return models.build_pipeline("logistic_regression", None, 0).fit(X.iloc[train], y[train]).predict(
            X.iloc[test])

    np.testing.assert_allclose(demo.leaky_folds,
                               _manual(fit_predict, y, KFold(5, shuffle=True, random_state=0).split(X)))
    np.testing.assert_allclose(demo.pipeline_folds, _manual(fit_predict, y, TimeSeriesSplit(5).split(X)))
    assert demo.leaky > demo.honest + 0.05 and abs(demo.test - demo.honest) < 0.1


# --- search ------------------------------------------------------------------------------------------------

def test_search_knobs_come_from_the_registry():
    assert [k.name for k in v.search_knobs("logistic_regression")] == ["C", "penalty"]
    assert [k.name for k in v.search_knobs("knn")] == ["n_neighbors", "weights"]
    assert [k.name for k in v.search_knobs("naive_bayes")] == ["var_smoothing"]
    for model_id in models.ids_for(models.CLASSIFIER):
        grid = v.search_grid(model_id)
        for knob, values in zip(grid.knobs, grid.values, strict=True):
            assert set(values) <= set(models.REGISTRY[model_id].knob(knob).grid)
            assert len(values) <= max(v.SEARCH_VALUES, len(models.REGISTRY[model_id].knob(knob).grid))


@pytest.fixture(scope="module")
def small_rows() -> v.CvRows:
    return v.cv_rows(datasets.load("breast_cancer"), "breast_cancer", 0, 0.25)


def test_heatmap_equals_grid_search_cv_results(small_rows):
    grid = v.search_grid("knn")
    with FitCounter() as fits:
        found = v.run_search("grid", small_rows, grid, None, 0, "stratified_kfold", 4, True, "roc_auc",
                             n_jobs=1)  # fits in this process: counted
    cells = int(np.prod(grid.shape))
    assert found.n_fits == fits.n == cells * 4 + 1 == v.search_fits("grid", grid, 4, len(small_rows.y))
    reference = GridSearchCV(models.build_pipeline("knn", None, 0),
                             {"model__n_neighbors": list(grid.values[0]), "model__weights": list(grid.values[1])},
                             cv=StratifiedKFold(4, shuffle=True, random_state=0), scoring="roc_auc")
    reference.fit(small_rows.X, small_rows.y)
    np.testing.assert_allclose(found.mean, reference.cv_results_["mean_test_score"].reshape(grid.shape))
    np.testing.assert_allclose(found.std, reference.cv_results_["std_test_score"].reshape(grid.shape))
    assert found.best_score == pytest.approx(reference.best_score_)
    assert found.best_cell == {"n_neighbors": reference.best_params_["model__n_neighbors"],
                               "weights": reference.best_params_["model__weights"]}
    assert found.test_score == pytest.approx(reference.score(small_rows.X_test, small_rows.y_test))


@pytest.mark.parametrize("kind", ["random", "halving"])
def test_random_and_halving_fits_are_said_up_front(small_rows, kind):
    grid = v.search_grid("decision_tree")
    with FitCounter() as fits:
        found = v.run_search(kind, small_rows, grid, None, 0, "kfold", 3, True, "accuracy", n_jobs=1)
    assert found.n_fits == fits.n == v.search_fits(kind, grid, 3, len(small_rows.y))
    evaluated = np.isfinite(found.mean).sum()
    assert evaluated == (v.RANDOM_ITER if kind == "random" else int(np.prod(grid.shape)))
    assert np.isfinite(found.mean[found.best])


def test_logistic_search_cells_are_the_registry_models():
    grid = v.search_grid("logistic_regression")
    calls = v.candidate_calls(grid, None, 0)
    l1 = calls[grid.cells.index({"C": 1.0, "penalty": "l1"})].build()
    assert l1.get_params() == models.REGISTRY["logistic_regression"].call({"C": 1.0, "penalty": "l1"}, 0).build().get_params()
    assert l1.l1_ratio == 1.0 and l1.C == 1.0


def test_nested_trial_against_a_hand_written_outer_loop(small_rows):
    grid = v.SearchGrid("knn", ("n_neighbors",), ((1, 5, 25),))
    X, y = v.nested_rows(small_rows, 0)
    with FitCounter() as fits:
        trial = v.nested_trial(X, y, grid, None, 0, 1, "accuracy")
    assert fits.n == (3 * v.NESTED_INNER + 1) * (1 + v.NESTED_OUTER)
    inner = StratifiedKFold(v.NESTED_INNER, shuffle=True, random_state=1)
    search = GridSearchCV(models.build_pipeline("knn", None, 0), {"model__n_neighbors": [1, 5, 25]}, cv=inner)
    assert trial.non_nested == pytest.approx(clone(search).fit(X, y).best_score_)
    outer = StratifiedKFold(v.NESTED_OUTER, shuffle=True, random_state=1)
    scores = [clone(search).fit(X.iloc[tr], y[tr]).score(X.iloc[te], y[te]) for tr, te in outer.split(X, y)]
    assert trial.nested == pytest.approx(np.mean(scores))
    assert v.nested_fits(grid) == v.NESTED_TRIALS * fits.n


# --- URL keys ----------------------------------------------------------------------------------------------

def test_params_are_valid_and_conditional():
    table = {p.name: p for p in v.PARAMS}
    assert table["n_splits"].applies({"cv": "kfold"}) and not table["n_splits"].applies({"cv": "leave_one_out"})
    assert table["shuffle"].applies({"cv": "group_kfold"}) and not table["shuffle"].applies({"cv": "shuffle_split"})
    assert table["group_effect"].applies({"dataset": "moons"}) and not table["group_effect"].applies(
        {"dataset": "iris", "demo": "time"})
    assert table["group_effect"].applies({"dataset": "iris", "demo": "groups"})
    assert table["cv"].problem("leave_one_out", {"dataset": "churn"})
    assert table["cv"].problem("group_kfold", {"dataset": "iris"})
    assert not table["cv"].problem("group_kfold", {"dataset": "churn"})


def test_page_keys_do_not_collide_with_generator_controls_or_knobs():
    controls = {c.name for spec in datasets.REGISTRY.values() for c in spec.controls}
    assert not {p.name for p in v.PARAMS} & (controls | models.all_knob_names())


@pytest.mark.parametrize("dataset_id", [d for d, spec in datasets.REGISTRY.items() if pages.classification_data(spec)])
def test_every_offered_splitter_on_every_dataset_folds_or_says_why(dataset_id):
    data = datasets.load(dataset_id)
    positive = data.classes[0] if len(data.classes) > 2 else None
    rows = v.cv_rows(data, dataset_id, 0, 0.25, positive)
    for cv in v.offered_cvs({"dataset": dataset_id}):
        for n_splits in (2, 5, 20):
            problem = v.cv_problem(cv, n_splits, rows)
            if problem:
                assert cv in problem
                continue
            found = v.folds(rows, cv, n_splits, True, 0)
            assert found.n_splits == (len(rows.y) if cv == "leave_one_out" else n_splits)
            for train, test in found.pairs():
                assert len(test) and len(train) and not set(train) & set(test)
