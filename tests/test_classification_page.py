"""The classification page in AppTest: URL in -> same metrics out, threshold moves without refits,
choosers, undefined values, one-vs-rest, and the "Reproduce in code" script run in a subprocess."""
from __future__ import annotations

import re
import subprocess
import sys
import warnings

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)

from lib import datasets, fitting, thresholds
from lib.plots import classification as plots
from tests.conftest import ROOT, metric_values, open_page, text_of

LABELS = ["Accuracy", "Precision", "Recall", "F1", "Specificity", "Balanced accuracy", "MCC", "ROC-AUC", "PR-AUC",
          "Brier score"]


def expected_metrics(dataset_id, model_id, threshold, params=None, seed=0, test_size=0.25, positive=None,
                     data_params=None):
    """The same experiment computed directly with scikit-learn's metric functions."""
    fitted = fitting.fit_and_score(datasets.load(dataset_id, seed, data_params), model_id, params, seed, test_size,
                                   positive)
    y, s = fitted.y_true, fitted.y_score
    y_pred = (s >= threshold).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return {
            "Accuracy": accuracy_score(y, y_pred), "Precision": precision_score(y, y_pred, zero_division=0),
            "Recall": recall_score(y, y_pred), "F1": f1_score(y, y_pred),
            "Specificity": recall_score(y, y_pred, pos_label=0),
            "Balanced accuracy": balanced_accuracy_score(y, y_pred), "MCC": matthews_corrcoef(y, y_pred),
            "ROC-AUC": roc_auc_score(y, s), "PR-AUC": average_precision_score(y, s),
        }


def test_defaults_render_every_headline_metric():
    at = open_page("classification")
    assert not at.exception, at.exception
    values = metric_values(at)
    assert list(values) == LABELS
    assert all(re.fullmatch(r"-?\d\.\d{3}", v) for v in values.values()), values
    assert at.slider(key="threshold").value == 0.5
    text = text_of(at)
    assert "Stratified train/test split" in text and "Threshold-free" in text
    assert "Positive class: **malignant**" in text


@pytest.mark.parametrize("params, call", [
    ({"dataset": "moons", "model": "decision_tree", "seed": 3, "threshold": 0.3, "max_depth": 3, "n_samples": 400},
     dict(dataset_id="moons", model_id="decision_tree", threshold=0.3, params={"max_depth": 3}, seed=3,
          data_params={"n_samples": 400})),
    ({"dataset": "breast_cancer", "model": "logistic_regression", "threshold": 0.72, "test_size": 0.4, "C": 0.1},
     dict(dataset_id="breast_cancer", model_id="logistic_regression", threshold=0.72, params={"C": 0.1},
          test_size=0.4)),
])
def test_url_parameters_give_the_same_metrics_as_sklearn(params, call):
    at = open_page("classification", params)
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    shown = metric_values(at)
    for label, value in expected_metrics(**call).items():
        assert shown[label] == f"{value:.3f}", label


def test_moving_the_threshold_changes_precision_and_recall_but_not_the_aucs(fit_counter):
    at = open_page("classification", {"threshold": 0.5})
    before = metric_values(at)
    assert fit_counter.n <= 1  # the first run fits once (or reuses the cache)
    fit_counter.reset()
    at.slider(key="threshold").set_value(0.05).run()
    assert not at.exception
    after = metric_values(at)
    assert after["Precision"] != before["Precision"] and after["Recall"] != before["Recall"]
    assert after["ROC-AUC"] == before["ROC-AUC"] and after["PR-AUC"] == before["PR-AUC"]
    assert after["Brier score"] == before["Brier score"]
    at.slider(key="threshold").set_value(0.95).run()
    assert metric_values(at)["Recall"] != after["Recall"]
    assert fit_counter.n == 0, "a threshold move refitted the model"


def test_nothing_predicted_positive_shows_a_dash_with_the_reason():
    at = open_page("classification", {"threshold": 1.0})  # logistic regression's scores stay below 1
    values = metric_values(at)
    assert values["Precision"] == "—" and values["MCC"] == "—"
    assert values["Recall"] == "0.000"  # defined: none of the positives is caught
    assert "nothing is predicted positive" in text_of(at)


def test_everything_predicted_positive_makes_mcc_undefined():
    at = open_page("classification", {"threshold": 0.0})
    values = metric_values(at)
    assert values["MCC"] == "—" and values["Recall"] == "1.000" and values["Specificity"] == "0.000"
    assert "everything is predicted positive" in text_of(at)


@pytest.mark.parametrize("raw", ["abc", "1.5", "-0.2"])
def test_bad_threshold_in_the_link_falls_back_with_a_notice(raw):
    at = open_page("classification", {"threshold": raw})
    assert not at.exception
    assert at.slider(key="threshold").value == 0.5
    assert any(f"`threshold={raw}`" in w.value for w in at.warning)


def test_multiclass_data_is_one_vs_rest_and_says_so():
    at = open_page("classification", {"dataset": "iris", "positive": "versicolor", "threshold": 0.4})
    assert not at.exception
    assert "One-vs-rest" in text_of(at) and "**versicolor** is the positive class" in text_of(at)
    expected = expected_metrics("iris", "logistic_regression", 0.4, positive="versicolor")
    assert metric_values(at)["Recall"] == f"{expected['Recall']:.3f}"


def _button(at, label):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("label, chooser", [
    ("Max F1", thresholds.best_f1),
    ("Max Youden's J", thresholds.best_youden),
])
def test_chooser_buttons_move_the_slider(label, chooser):
    at = open_page("classification", {"dataset": "moons", "threshold": 0.1})
    fitted = fitting.fit_and_score(datasets.load("moons"), "logistic_regression")
    expected = chooser(thresholds.SortedScores.from_scores(fitted.y_true, fitted.y_score)).threshold
    _button(at, label).click().run()
    assert not at.exception
    assert at.slider(key="threshold").value == pytest.approx(expected)
    assert at.success and f"{expected:.2f}" in at.success[0].value


def test_target_recall_and_minimum_cost():
    at = open_page("classification", {"dataset": "moons", "cost_fp": 1, "cost_fn": 20})
    fitted = fitting.fit_and_score(datasets.load("moons"), "logistic_regression")
    scores = thresholds.SortedScores.from_scores(fitted.y_true, fitted.y_score)
    at.number_input(key="_target_recall").set_value(0.95).run()
    _button(at, "Reach recall").click().run()
    assert at.slider(key="threshold").value == pytest.approx(thresholds.for_target_recall(scores, 0.95).threshold)
    _button(at, "Jump to the minimum-cost threshold").click().run()
    assert at.slider(key="threshold").value == pytest.approx(thresholds.min_cost(scores, 1, 20).threshold)
    assert not at.exception


def test_unreachable_precision_warns_and_keeps_the_threshold():
    # A straight line cannot separate concentric circles: logistic regression's best precision is ~0.57.
    at = open_page("classification", {"dataset": "circles", "threshold": 0.4})
    at.number_input(key="_target_precision").set_value(0.95).run()
    _button(at, "Reach precision").click().run()
    assert not at.exception
    assert "No threshold reaches precision 0.95" in at.warning[0].value
    assert at.slider(key="threshold").value == 0.4


def run_script(code: str) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(re.findall(r"^([A-Za-z][\w\- ]*): (\S+)$", result.stdout, flags=re.M))


@pytest.mark.parametrize("params", [
    {"threshold": 0.3},
    {"dataset": "iris", "positive": "virginica", "model": "svm", "threshold": 0.64, "seed": 7},
    {"dataset": "churn", "model": "random_forest", "n_estimators": 30, "max_depth": 4, "threshold": 0.35},
    {"threshold": 1.0},  # undefined precision and MCC: the script prints — too
], ids=["breast_cancer", "iris_ovr_svm", "churn_forest", "undefined"])
def test_reproduce_script_prints_the_page_numbers(params):
    at = open_page("classification", params)
    assert not at.exception
    code = at.code[-1].value
    printed = run_script(code)
    shown = metric_values(at)
    for label in LABELS:
        assert printed[label] == shown[label], (label, printed, shown)


def test_assembled_figures_are_valid_plotly():
    """The per-move traces are added without validation for speed; validate them here."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500)
    s = np.clip(rng.normal(0.3 + 0.4 * y, 0.2), 0, 1)
    ev = thresholds.evaluate(y, s)
    bases = plots.base_figures(ev, "yes")
    for t in (0.0, 0.5, 1.0):
        at = thresholds.metrics_at(ev.scores, t)
        cost = thresholds.cost_curve(ev.scores, 1, 5)
        figures = [plots.confusion_figure(bases["confusion"], at.confusion),
                   plots.score_histogram_figure(bases["histogram"], ev, t),
                   plots.roc_figure(bases["roc"], at.confusion), plots.pr_figure(bases["pr"], at),
                   plots.threshold_curves_figure(bases["curves"], t),
                   plots.cost_figure(bases["cost"], ev.sweep.thresholds, cost, t, 0.4),
                   plots.calibration_figure(bases["calibration"])]
        for fig in figures:
            go.Figure(fig.to_dict())  # raises on any invalid property
    roc = plots.roc_figure(bases["roc"], thresholds.confusion_at(ev.scores, 0.5)).to_dict()
    assert len(roc["data"]) == 3 and roc["data"][-1]["mode"] == "markers"
