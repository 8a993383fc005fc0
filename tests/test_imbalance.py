"""lib.imbalance: exact shares, resampling only on training rows, sampler failures, diagnostics, metrics."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score, roc_auc_score

from lib import datasets, imbalance, thresholds
from lib.choices import DataChoice, Experiment
from lib.datasets import Dataset
from lib.fitting import EvaluationError
from lib.imbalance import ImbalanceChoice

BREAST = datasets.load("breast_cancer")  # 212 malignant (positive), 357 benign


def choice(resampler="none", minority=0.1, model="logistic_regression", dataset_id="breast_cancer", seed=0):
    return ImbalanceChoice(Experiment(DataChoice(dataset_id, seed), model), minority, resampler)


@pytest.mark.parametrize("n_pos, n_neg", [(212, 357), (500, 500), (30, 1000), (1000, 30)])
@pytest.mark.parametrize("share", imbalance.MINORITY_GRID)
def test_counts_for_share_are_exact_and_keep_as_many_rows_as_possible(n_pos, n_neg, share):
    pos, neg = imbalance.counts_for_share(n_pos, n_neg, share)
    assert pos <= n_pos and neg <= n_neg
    assert pos == n_pos or neg == n_neg  # one class is kept whole
    assert abs(pos - share * (pos + neg)) <= 1  # exact up to rounding to whole rows


@pytest.mark.parametrize("share", [0.5, 0.3, 0.1, 0.05, 0.02, 0.01])
def test_data_builder_hits_the_share_with_original_rows(share):
    data = imbalance.with_minority_share(BREAST, None, share, seed=0)
    assert abs(data.n_positive - share * len(data.y)) <= 1
    assert data.X.index.isin(BREAST.X.index).all() and data.X.index.is_unique
    original_y = BREAST.binary_target()[data.X.index]
    np.testing.assert_array_equal(original_y, data.y)  # labels travel with their rows


def test_data_builder_refuses_too_few_positives_with_advice():
    with pytest.raises(EvaluationError, match="Raise the minority share"):
        imbalance.with_minority_share(BREAST, None, 0.005, seed=0)  # would keep 2 positives


def test_synthetic_data_at_one_percent():
    big = datasets.load("classification", 0, {"n_samples": 20000})
    y = big.binary_target()
    data = imbalance.with_minority_share(big, None, 0.01, seed=0)
    assert data.n_negative == len(y) - y.sum()  # every negative kept
    assert data.n_positive == round(0.01 * data.n_negative / 0.99) > 90
    assert abs(data.n_positive / len(data.y) - 0.01) < 1e-4


@pytest.fixture
def resample_spy(monkeypatch):
    """Records how many rows each resampling step of an imblearn Pipeline receives (the module
    function Pipeline.fit calls per sampler step; samplers nested inside SMOTEENN & co. are not counted)."""
    import imblearn.pipeline

    seen: list[int] = []
    original = imblearn.pipeline._fit_resample_one

    def spy(sampler, X, y, *args, **kwargs):
        seen.append(len(y))
        return original(sampler, X, y, *args, **kwargs)

    monkeypatch.setattr(imblearn.pipeline, "_fit_resample_one", spy)
    return seen


@pytest.mark.parametrize("resampler", list(imbalance.RESAMPLERS))
def test_resampling_touches_training_rows_only(resampler, resample_spy):
    baseline = imbalance.fit(BREAST, choice("none", 0.2))
    result = imbalance.fit(BREAST, choice(resampler, 0.2))
    # The test split is the same rows with the same labels whatever the resampler.
    pd.testing.assert_index_equal(result.split.X_test.index, baseline.split.X_test.index)
    np.testing.assert_array_equal(result.split.y_test, baseline.split.y_test)
    assert np.bincount(result.split.y_test).tolist() == np.bincount(baseline.split.y_test).tolist()
    # The pipeline's sampler ran once, on exactly the training rows; scoring the test rows never resamples.
    assert resample_spy == ([len(result.split.y_train)] if imbalance.RESAMPLERS[resampler].sampler else [])
    assert len(result.y_score) == len(result.split.y_test)


def test_cross_validation_resamples_inside_training_folds_only(resample_spy):
    result = imbalance.fit(BREAST, choice("none", 0.2))
    row = imbalance.compare_one("random_over", result.split, "logistic_regression", {}, 0)
    n_train = len(result.split.y_train)
    assert row["Folds"] == 5 and len(resample_spy) == 5  # once per training fold
    assert all(round(n_train * 0.8) - 1 <= n <= round(n_train * 0.8) + 1 for n in resample_spy), (resample_spy, n_train)
    assert 0 <= row["PR-AUC"] <= 1 and row["Fit time (s)"] > 0


def test_comparison_explains_samplers_that_cannot_run():
    result = imbalance.fit(BREAST, choice("none", 0.05))  # 14 positive training rows -> ~11 per fold
    rows = {rid: imbalance.compare_one(rid, result.split, "logistic_regression", {}, 0)
            for rid in ("none", "class_weight", "smote")}
    assert "PR-AUC" in rows["smote"] and not rows["smote"].get("Note", "").startswith("SMOTE")
    tiny = imbalance.fit(BREAST, choice("none", 0.02))  # 5 positive training rows
    row = imbalance.compare_one("smote", tiny.split, "logistic_regression", {}, 0)
    assert "needs at least 6 positive training rows" in row["Note"] and "PR-AUC" not in row
    table = imbalance.comparison_table([rows["none"], row])
    assert list(table.columns) == ["Resampler", "Folds", "PR-AUC", "Recall", "Precision", "Balanced accuracy",
                                   "Fit time (s)", "Note"]
    assert re_match(r"\d\.\d{3} ± \d\.\d{3}", table.loc[0, "PR-AUC"]) and table.loc[1, "PR-AUC"] == "—"


def re_match(pattern, text):
    import re
    return re.fullmatch(pattern, text) is not None


def test_smote_with_too_few_positives_is_a_clear_error():
    with pytest.raises(imbalance.ResamplerError, match="at least 6 positive training rows; here there are 3"):
        imbalance.fit(BREAST, choice("smote", 0.01))


def test_adasyn_without_neighbours_is_a_clear_error():
    # Positives far away from every negative: ADASYN finds no negative neighbour and refuses.
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(50, 1, (40, 2))])
    y = pd.Series(["0"] * 300 + ["1"] * 40, name="target")
    data = Dataset(pd.DataFrame(X, columns=["x1", "x2"]), y, "1")
    with pytest.raises(imbalance.ResamplerError, match="ADASYN could not run") as info:
        imbalance.fit(data, choice("adasyn", 0.1))
    assert "RandomOverSampler" in str(info.value)


def test_class_weight_is_balanced_where_supported():
    for model_id in ("logistic_regression", "decision_tree", "random_forest", "svm"):
        pipeline = imbalance.build_pipeline(model_id, {}, "class_weight", 0)
        weights = {k: v for k, v in pipeline.get_params().items() if k.endswith("class_weight")}
        assert weights and set(weights.values()) == {"balanced"}, model_id
    for model_id in ("knn", "naive_bayes", "gradient_boosting"):
        assert not imbalance.supports_class_weight(model_id)
    weighted = imbalance.fit(BREAST, choice("class_weight", 0.1, "knn"))
    plain = imbalance.fit(BREAST, choice("none", 0.1, "knn"))
    np.testing.assert_array_equal(weighted.y_score, plain.y_score)
    assert any("no class_weight parameter" in n for n in weighted.notes)


def test_class_weight_changes_a_logistic_regression():
    weighted = imbalance.fit(BREAST, choice("class_weight", 0.1))
    plain = imbalance.fit(BREAST, choice("none", 0.1))
    assert weighted.y_score.mean() > plain.y_score.mean()  # positives weigh more: scores shift up


@pytest.mark.parametrize("resampler, check", [
    ("smote", lambda v: v.n_synthetic == v.counts_after[1] - v.counts_before[1] and v.n_removed == 0),
    ("random_over", lambda v: v.n_duplicated == v.counts_after[1] - v.counts_before[1] and v.n_synthetic == 0),
    ("random_under", lambda v: v.n_removed == v.counts_before[0] - v.counts_after[0] and v.n_synthetic == 0),
    ("tomek", lambda v: v.n_removed == sum(v.counts_before) - sum(v.counts_after) and v.counts_after[1] == v.counts_before[1]),
    ("none", lambda v: v.counts_after == v.counts_before and v.n_synthetic == v.n_removed == 0),
])
def test_resampling_view_counts(resampler, check):
    view = imbalance.resampling_view(imbalance.fit(BREAST, choice(resampler, 0.1)))
    assert check(view), view.counts_before
    assert view.before_xy.shape == (view.n_shown_before, 2) and view.after_xy.shape == (view.n_shown_after, 2)
    assert view.after_synthetic.sum() == min(view.n_synthetic, view.n_shown_after)
    if resampler == "smote":
        assert view.counts_after[0] == view.counts_after[1]


def test_resampling_view_samples_large_training_sets():
    big = datasets.load("classification", 0, {"n_samples": 20000})
    result = imbalance.fit(big, ImbalanceChoice(Experiment(DataChoice("classification", 0, (("n_samples", 20000),))),
                                                0.05, "smote"))
    view = imbalance.resampling_view(result, max_points=3000)
    assert view.n_shown_before == 3000 and view.n_shown_after == 3000
    assert view.before_y.sum() == min(view.counts_before[1], 1500)  # positives kept first


def test_metrics_of_a_resampled_fit_match_sklearn_and_imblearn():
    result = imbalance.fit(BREAST, choice("smote", 0.1))
    y, s = result.y_true, result.y_score
    scores = thresholds.SortedScores.from_scores(y, s)
    for t in (0.1, 0.3, 0.5, 0.9):
        m = thresholds.metrics_at(scores, t).values
        y_pred = (s >= t).astype(int)
        assert m[thresholds.RECALL] == pytest.approx(recall_score(y, y_pred))
        assert m[thresholds.F1] == pytest.approx(f1_score(y, y_pred))
        assert m[thresholds.GEOMETRIC_MEAN] == pytest.approx(geometric_mean_score(y, y_pred))
        if y_pred.any():
            assert m[thresholds.PRECISION] == pytest.approx(precision_score(y, y_pred))
    point = imbalance.share_point(0.1, result)
    assert point.roc_auc == pytest.approx(roc_auc_score(y, s)) and point.pr_auc == pytest.approx(average_precision_score(y, s))
    assert point.at(0.5)[thresholds.RECALL] == thresholds.metrics_at(scores, 0.5).values[thresholds.RECALL]


def test_majority_accuracy_is_the_test_share_of_the_majority():
    result = imbalance.fit(BREAST, choice("smote", 0.1))
    assert imbalance.majority_accuracy(result.split) == pytest.approx(1 - result.split.y_test.mean())


def test_class_counts_table():
    result = imbalance.fit(BREAST, choice("random_under", 0.1))
    table = imbalance.class_counts(result, imbalance.resampling_view(result))
    assert table["Positives"].tolist()[1] == table["Positives"].tolist()[2]  # under-sampling keeps positives
    assert table["Negatives"].tolist()[2] == table["Positives"].tolist()[2]
    shares = [float(v.rstrip("%")) for v in table["Share positive"]]
    assert abs(shares[0] - 10) <= 0.1 and abs(shares[3] - 10) <= 0.1 and shares[2] == 50.0  # 40/397 -> 10.1%
