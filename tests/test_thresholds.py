"""Threshold metrics against scikit-learn / imbalanced-learn, and the threshold choosers by hand."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.metrics import geometric_mean_score
from sklearn.calibration import calibration_curve
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)

from lib import calibration, thresholds
from lib.thresholds import (
    ACCURACY,
    BALANCED_ACCURACY,
    F1,
    GEOMETRIC_MEAN,
    MCC,
    PR_AUC,
    PRECISION,
    RECALL,
    ROC_AUC,
    SPECIFICITY,
    SortedScores,
)


def sklearn_values(y_true, y_score, t):
    """What scikit-learn says at threshold t, and which values are undefined (sklearn's silent 0)."""
    y_pred = (y_score >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        values = {
            ACCURACY: accuracy_score(y_true, y_pred),
            PRECISION: precision_score(y_true, y_pred, zero_division=0),
            RECALL: recall_score(y_true, y_pred, zero_division=0),
            F1: f1_score(y_true, y_pred, zero_division=0),
            SPECIFICITY: recall_score(y_true, y_pred, pos_label=0, zero_division=0),
            BALANCED_ACCURACY: balanced_accuracy_score(y_true, y_pred),
            MCC: matthews_corrcoef(y_true, y_pred),
            GEOMETRIC_MEAN: geometric_mean_score(y_true, y_pred),
        }
    undefined = {
        PRECISION: tp + fp == 0,
        MCC: tp + fp == 0 or tn + fn == 0,
        F1: 2 * tp + fp + fn == 0,
    }
    return (int(tp), int(fp), int(fn), int(tn)), values, undefined


def assert_matches_sklearn(y_true, y_score, t):
    scores = SortedScores.from_scores(y_true, y_score)
    got = thresholds.metrics_at(scores, t)
    counts, expected, undefined = sklearn_values(y_true, y_score, t)
    c = got.confusion
    assert (c.tp, c.fp, c.fn, c.tn) == counts, t
    for label, value in expected.items():
        if undefined.get(label, False):
            assert got.values[label] is None, (label, t)
            assert got.reasons[label], (label, t)
        else:
            assert got.values[label] == pytest.approx(value, abs=1e-12), (label, t)
            assert label not in got.reasons


def score_sets():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    continuous = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1)
    tied = np.round(continuous, 1)  # many ties, and scores exactly on grid thresholds
    extremes = np.where(rng.random(300) < 0.3, y.astype(float), continuous)  # many exact 0s and 1s
    return [(y, continuous), (y, tied), (y, extremes)]


@pytest.mark.parametrize("case", range(3), ids=["continuous", "tied", "exact_0_and_1"])
def test_metrics_match_sklearn_at_many_thresholds(case):
    y, s = score_sets()[case]
    candidates = np.concatenate([thresholds.SLIDER_GRID, np.unique(s), [0.0, 1.0, -0.5, 1.5, 1 + 1e-9,
                                                                        np.nextafter(0.5, 1)]])
    for t in candidates:
        assert_matches_sklearn(y, s, float(t))


def test_extremes_are_undefined_not_zero():
    y, s = score_sets()[2]
    high = thresholds.metrics_at(SortedScores.from_scores(y, s), 1.01)  # nothing predicted positive
    assert high.values[PRECISION] is None and high.values[MCC] is None
    assert "nothing is predicted positive" in high.reasons[PRECISION]
    assert high.values[RECALL] == 0.0 and high.values[F1] == 0.0  # defined: 0 of the positives caught
    low = thresholds.metrics_at(SortedScores.from_scores(y, s), 0.0)  # everything positive
    assert low.values[RECALL] == 1.0 and low.values[SPECIFICITY] == 0.0
    assert low.values[MCC] is None and "everything is predicted positive" in low.reasons[MCC]
    assert low.values[PRECISION] == pytest.approx(y.mean())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 20)), min_size=2, max_size=40),
       st.integers(-1, 21))
def test_metrics_match_sklearn_property(rows, t_step):
    y = np.array([r[0] for r in rows])
    s = np.array([r[1] for r in rows]) / 20  # coarse scores: ties everywhere, thresholds on scores
    if len(np.unique(y)) < 2:
        y[0] = 1 - y[0]
    assert_matches_sklearn(y, s, t_step / 20)


def test_ranking_metrics_and_curves():
    y, s = score_sets()[0]
    evaluation = thresholds.evaluate(y, s)
    assert evaluation.ranking[ROC_AUC] == pytest.approx(roc_auc_score(y, s))
    assert evaluation.ranking[PR_AUC] == pytest.approx(average_precision_score(y, s))
    assert evaluation.scores.n_positive == y.sum() and evaluation.n_test == len(y)
    curves = evaluation.curves
    assert curves.fpr[0] == 0 and curves.fpr[-1] == 1 and curves.tpr[-1] == 1
    assert curves.recall[0] == 1 and curves.recall[-1] == 0
    assert evaluation.histogram.positive.sum() == y.sum() and evaluation.histogram.negative.sum() == len(y) - y.sum()


def test_curves_are_downsampled_for_large_test_sets():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 100_000)
    s = rng.random(100_000)
    curves = thresholds.curves(y, s)
    assert curves.n_roc_points > 5000
    assert len(curves.fpr) <= 2000 and len(curves.precision) <= 2000
    assert (curves.fpr[0], curves.tpr[0], curves.fpr[-1], curves.tpr[-1]) == (0, 0, 1, 1)


def test_single_class_is_undefined():
    ranking, reasons = thresholds.ranking_metrics(np.zeros(5, int), np.linspace(0, 1, 5))
    assert ranking == {ROC_AUC: None, PR_AUC: None} and "one class" in reasons[ROC_AUC]
    m = thresholds.metrics_at(SortedScores.from_scores(np.zeros(5, int), np.linspace(0, 1, 5)), 0.5)
    assert m.values[RECALL] is None and "no positive" in m.reasons[RECALL]


def test_sweep_matches_point_metrics():
    y, s = score_sets()[1]
    scores = SortedScores.from_scores(y, s)
    sweep = thresholds.sweep(scores)
    f1 = sweep.metrics[F1]
    for i in (0, 17, 50, 100):
        assert f1[i] == pytest.approx(thresholds.metrics_at(scores, sweep.thresholds[i]).values[F1])


# --- choosers, on a hand-worked example -------------------------------------------
# scores: 0.10 0.20 0.30 0.35 0.60 0.70 0.80 0.90
# truth:     0    0    0    1    0    1    1    1
# t in (0.30, 0.35]: TP 4 FP 1 FN 0 -> F1 8/9 (best), TPR 1, FPR 1/4 -> J 0.75
# t in (0.35, 0.60]: TP 3 FP 1 FN 1 -> F1 0.75
# t in (0.60, 0.70]: TP 3 FP 0 FN 1 -> F1 6/7, J 0.75 (ties with the first run)
HAND_Y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
HAND_S = np.array([0.10, 0.20, 0.30, 0.35, 0.60, 0.70, 0.80, 0.90])


@pytest.fixture
def hand():
    return SortedScores.from_scores(HAND_Y, HAND_S)


def test_best_f1_is_the_middle_of_the_best_plateau(hand):
    chosen = thresholds.best_f1(hand)
    assert chosen.threshold == 0.33  # plateau 0.31..0.35
    assert "0.889" in chosen.message


def test_youden_takes_the_first_best_plateau(hand):
    assert thresholds.best_youden(hand).threshold == 0.33


def test_youden_on_a_second_example():
    y = np.array([0, 0, 1, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.4, 0.45, 0.8, 0.9])
    # (0.45, 0.8]: TPR 2/3 FPR 0 -> 0.667; (0.2, 0.4]: TPR 1 FPR 1/3 -> 0.667; (0.4, 0.45]: TPR 2/3, FPR 1/3
    # both plateaus tie at 2/3; first is 0.21..0.40 (20 points) -> index 9 -> 0.30
    assert thresholds.best_youden(SortedScores.from_scores(y, s)).threshold == 0.30


@pytest.mark.parametrize("target, expected", [(0.75, 0.70), (1.0, 0.35), (0.5, 0.80), (0.2, 0.90)])
def test_target_recall(hand, target, expected):
    assert thresholds.for_target_recall(hand, target).threshold == expected


@pytest.mark.parametrize("target, expected", [(1.0, 0.61), (0.8, 0.31), (0.5, 0.0)])
def test_target_precision(hand, target, expected):
    assert thresholds.for_target_precision(hand, target).threshold == expected


def test_unreachable_precision_says_so():
    chosen = thresholds.for_target_precision(SortedScores.from_scores(np.array([1, 0]), np.array([0.2, 0.9])), 0.9)
    assert chosen.threshold is None and "0.500" in chosen.message


@pytest.mark.parametrize("cost_fp, cost_fn, expected, total", [(1, 5, 0.33, 1), (5, 1, 0.65, 1), (1, 1, 0.33, 1)])
def test_min_cost(hand, cost_fp, cost_fn, expected, total):
    chosen = thresholds.min_cost(hand, cost_fp, cost_fn)
    assert chosen.threshold == expected
    assert thresholds.cost_curve(hand, cost_fp, cost_fn).min() == total


def test_cost_curve_by_hand(hand):
    cost = thresholds.cost_curve(hand, 1, 5)
    grid = list(thresholds.SLIDER_GRID)
    assert cost[grid.index(0.0)] == 4  # all positive: 4 FP
    assert cost[grid.index(0.5)] == 1 + 5  # 1 FP, 1 FN
    assert cost[grid.index(1.0)] == 20  # all negative: 4 FN


def test_calibration_matches_sklearn():
    y, s = score_sets()[0]
    result = calibration.reliability(y, s)
    true, pred = calibration_curve(y, s, n_bins=10)
    np.testing.assert_allclose(result.fraction_positive, true)
    np.testing.assert_allclose(result.mean_predicted, pred)
    assert result.bin_counts.sum() == len(y) and len(result.bin_counts) == len(pred)
    assert math.isclose(result.brier, brier_score_loss(y, s))
    assert calibration.reliability(np.ones(4), np.ones(4)) is None


@pytest.mark.parametrize("n_positive, n_negative, warned", [
    (6, 9, True),  # a 60-row table's test split
    (4, 96, True),  # enough rows, too few positives
    (96, 3, True),  # too few negatives
    (5, 25, False), (15, 15, False), (50, 450, False),
])
def test_small_test_splits_are_flagged(n_positive, n_negative, warned):
    message = thresholds.small_test_message(n_positive, n_negative)
    assert (message is not None) == warned
    if warned:
        assert f"{n_positive + n_negative} rows ({n_positive} positive, {n_negative} negative)" in message
