"""The imbalance page in AppTest: every resampler at 50/10/1 % via the URL, same numbers as the lib,
fits per interaction, bad links, the comparison table and the "Reproduce in code" script."""
from __future__ import annotations

import re

import pytest

from lib import datasets, imbalance, thresholds
from lib.choices import DataChoice, Experiment
from lib.imbalance import ImbalanceChoice
from tests.conftest import metric_values, open_page, text_of
from tests.test_classification_page import run_script

LABELS = ["ROC-AUC", "PR-AUC",  # threshold-free, above the explorer
          "Accuracy", "Always-majority accuracy", "Precision", "Recall", "F1", "Balanced accuracy", "MCC",
          "Geometric mean"]


@pytest.mark.slow
@pytest.mark.parametrize("minority", ["0.5", "0.1", "0.01"])
@pytest.mark.parametrize("resampler", list(imbalance.RESAMPLERS))
def test_every_resampler_renders_at_every_share(resampler, minority):
    at = open_page("imbalance", {"resampler": resampler, "minority": minority})
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "can't be used" in w.value]
    assert not notices, notices  # the link's values were all usable
    values = metric_values(at)
    if values:
        assert list(values) == LABELS
    else:  # a sampler that cannot run here: a message with a way out, never a traceback
        message = at.error[0].value
        assert "needs at least" in message and ("RandomOverSampler" in message or "minority share" in message)
        assert resampler in {"smote", "adasyn", "borderline_smote", "smote_enn", "smote_tomek"} and minority == "0.01"


def test_url_parameters_give_the_library_numbers():
    at = open_page("imbalance", {"minority": 0.2, "resampler": "random_under", "threshold": 0.4, "seed": 3})
    assert not at.exception
    choice = ImbalanceChoice(Experiment(DataChoice("breast_cancer", 3)), 0.2, "random_under")
    result = imbalance.fit(datasets.load("breast_cancer"), choice)
    m = thresholds.metrics_at(thresholds.SortedScores.from_scores(result.y_true, result.y_score), 0.4).values
    shown = metric_values(at)
    for label in ("Accuracy", "Precision", "Recall", "F1", "Balanced accuracy", "MCC", "Geometric mean"):
        assert shown[label] == f"{m[label]:.3f}", label
    assert shown["Always-majority accuracy"] == f"{imbalance.majority_accuracy(result.split):.3f}"
    text = text_of(at)
    assert "The data at 20.0% positives" in text and "imblearn `Pipeline`" in text


@pytest.mark.usefixtures("cold_caches")
def test_threshold_moves_never_refit_and_a_resampler_change_refits_once(fit_counter):
    at = open_page("imbalance", {"minority": 0.1})
    assert not at.exception
    # the sweep without resampling includes this fit; at 0.5% breast_cancer keeps too few positives to fit
    assert fit_counter.n == len(imbalance.SWEEP_SHARES) - 1
    fit_counter.reset()
    before = metric_values(at)
    at.slider(key="threshold").set_value(0.02).run()
    after = metric_values(at)
    assert fit_counter.n == 0
    assert (after["Precision"], after["Recall"]) != (before["Precision"], before["Recall"])
    assert after["PR-AUC"] == before["PR-AUC"] and after["ROC-AUC"] == before["ROC-AUC"]
    at.selectbox(key="resampler").set_value("smote").run()
    assert not at.exception and fit_counter.n == 1
    at.select_slider(key="minority").set_value(0.05).run()
    assert not at.exception and fit_counter.n == 2
    at.selectbox(key="resampler").set_value("none").run()  # back to a cached fit
    assert fit_counter.n == 2


def test_sweep_with_the_resampler_is_opt_in():
    at = open_page("imbalance", {"resampler": "random_over", "sweep_resampler": "true"})
    assert not at.exception
    assert "refitted with RandomOverSampler" in text_of(at)
    at = open_page("imbalance", {"resampler": "random_over"})
    assert "refitted without resampling" in text_of(at)


@pytest.mark.parametrize("key, raw", [("minority", "0.33"), ("minority", "lots"), ("resampler", "magic")])
def test_bad_links_fall_back_with_a_notice(key, raw):
    at = open_page("imbalance", {key: raw})
    assert not at.exception
    assert any(f"value for `{key}`" in w.value for w in at.warning)
    assert metric_values(at)  # the page still works, on the defaults
    assert at.select_slider(key="minority").value == imbalance.DEFAULT_MINORITY
    assert at.selectbox(key="resampler").value == "none"


def test_class_weight_on_a_model_without_it_says_so():
    at = open_page("imbalance", {"resampler": "class_weight", "model": "knn"})
    assert "has no class_weight parameter" in text_of(at)
    at = open_page("imbalance", {"resampler": "class_weight"})
    assert "each positive counts" in text_of(at)


def test_too_few_rows_at_the_smallest_share_is_explained():
    at = open_page("imbalance", {"minority": 0.005})
    assert not at.exception
    assert "at least 4 of each are needed" in at.error[0].value


def test_resampler_comparison_on_request():
    at = open_page("imbalance", {"dataset": "moons", "n_samples": 400, "minority": 0.2})
    assert not at.dataframe[-1:] or len(at.dataframe) == 1  # only the class-count table before the request
    next(b for b in at.button if b.label.startswith("Compare all resamplers")).click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert table["Resampler"].tolist() == list(imbalance.RESAMPLERS)
    assert all(re.fullmatch(r"\d\.\d{3} ± \d\.\d{3}", v) for v in table["PR-AUC"]), table["PR-AUC"].tolist()
    assert "Stratified 5-fold cross-validation on the training split only" in text_of(at)
    at.slider(key="threshold").set_value(0.3).run()  # the table stays (cached) when the threshold moves
    assert at.dataframe[-1].value["Resampler"].tolist() == list(imbalance.RESAMPLERS)


@pytest.mark.parametrize("params", [
    {"minority": 0.1, "resampler": "smote", "threshold": 0.3},
    {"minority": 0.05, "resampler": "class_weight", "model": "svm", "threshold": 0.2, "seed": 2},
    {"dataset": "churn", "minority": 0.2, "resampler": "smote_tomek", "model": "decision_tree", "max_depth": 4},
    {"minority": 0.02, "resampler": "near_miss", "threshold": 0.9},
], ids=["smote", "class_weight_svm", "churn_smote_tomek", "near_miss_rare"])
def test_reproduce_script_prints_the_page_numbers(params):
    at = open_page("imbalance", params)
    assert not at.exception
    printed = run_script(at.code[-1].value)
    shown = metric_values(at)
    assert list(shown) == LABELS
    for label in LABELS:
        assert printed[label] == shown[label], (label, printed, shown)


def test_too_few_test_positives_are_flagged_with_a_steadier_setup():
    at = open_page("imbalance", {"dataset": "classification", "minority": 0.02})
    assert any("Only 3 positive rows in the test split" in w.value for w in at.warning)
    steady = open_page("imbalance", {"dataset": "classification", "n_samples": 20000, "minority": 0.02})
    assert not any("positive rows in the test split" in w.value for w in steady.warning)
    shown = metric_values(steady)
    assert float(shown["ROC-AUC"]) > 0.9 > 0.5 > float(shown["PR-AUC"])  # the picture the question bank links to
