"""Every model builds, trains on mixed-type data and gives positive-class scores in [0, 1]."""
import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from lib import datasets, fitting, models

EXPECTED_IDS = {"logistic_regression", "decision_tree", "random_forest", "gradient_boosting", "svm", "knn",
                "naive_bayes"}
REGRESSOR_IDS = {"linear_regression", "ridge", "lasso", "elastic_net", "polynomial", "random_forest_regressor"}


def test_registry_has_exactly_the_contract_ids():
    assert set(models.ids_for(models.CLASSIFIER)) == EXPECTED_IDS
    assert set(models.ids_for(models.REGRESSOR)) == REGRESSOR_IDS
    assert set(models.REGISTRY) == EXPECTED_IDS | REGRESSOR_IDS


def test_regressors_have_no_class_weight_and_no_probabilities():
    for model_id in REGRESSOR_IDS:
        spec = models.REGISTRY[model_id]
        assert spec.class_weight_params == ()  # asked safely: read off the estimator
        assert not hasattr(models.build_pipeline(model_id), "predict_proba")


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_trains_on_churn_and_scores_in_unit_interval(model_id):
    data = datasets.load("churn")
    fitted = fitting.fit_and_score(data, model_id, {"n_estimators": 20}, seed=0, test_size=0.25)
    assert fitted.y_score.min() >= 0 and fitted.y_score.max() <= 1
    assert roc_auc_score(fitted.y_true, fitted.y_score) > 0.6  # better than chance on a learnable table
    assert models.REGISTRY[model_id].description


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_knobs_reach_the_estimator(model_id):
    spec = models.REGISTRY[model_id]
    for knob in spec.knobs:
        value = knob.grid[-1]
        pipeline = models.build_pipeline(model_id, {knob.name: value, "penalty": "elasticnet"})
        actual = pipeline.get_params()[models.pipeline_param(model_id, knob.name)]
        if knob.name == "penalty":
            continue  # mapped onto l1_ratio (scikit-learn 1.8 deprecated `penalty`)
        assert actual == value, (knob.name, actual, value)
        assert knob.default in knob.grid


def test_penalty_maps_onto_l1_ratio():
    get = lambda penalty: models.build_pipeline("logistic_regression", {"penalty": penalty, "l1_ratio": 0.3})[-1]  # noqa: E731
    assert get("l2").l1_ratio == 0.0 and get("l1").l1_ratio == 1.0 and get("elasticnet").l1_ratio == 0.3


def test_knob_ranges_cover_the_extremes_where_fitting_shows():
    span = {name: (models.REGISTRY[m].knob(name).grid[0], models.REGISTRY[m].knob(name).grid[-1])
            for m, name in [("logistic_regression", "C"), ("svm", "gamma"), ("decision_tree", "max_depth"),
                            ("knn", "n_neighbors"), ("random_forest", "n_estimators")]}
    assert span == {"C": (1e-4, 1e4), "gamma": (1e-4, 1e2), "max_depth": (1, 20), "n_neighbors": (1, 100),
                    "n_estimators": (1, 500)}


def test_coerce_snaps_to_the_grid_and_rejects_junk():
    c = models.REGISTRY["logistic_regression"].knob("C")
    assert c.coerce("0.011") == 0.01 and c.coerce(3e7) == 1e4 and c.coerce("junk") == c.default
    assert c.coerce(float("nan")) == c.default
    assert models.REGISTRY["knn"].knob("weights").coerce("bogus") == "uniform"


def test_log_grid_is_round_numbers():
    assert models.log_grid(-1, 1) == (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
    assert [models.format_value(v) for v in models.log_grid(-4, -3)] == ["0.0001", "0.0002", "0.0005", "0.001"]


def test_preprocessing_imputes_and_encodes_fitted_on_train_only():
    data = datasets.load("churn")
    prep = models.preprocessor().fit(data.X.iloc[:100])
    out = prep.transform(data.X)
    assert not np.isnan(out).any()
    assert any(name.startswith("contract_") for name in prep.get_feature_names_out())
