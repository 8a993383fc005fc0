"""Metrics at a decision threshold, computed from scores sorted once.

Convention (scikit-learn's): a row is predicted positive iff `score >= threshold`.

The expensive part (sorting the test scores, the ROC and precision–recall curves,
the AUCs) happens once per fitted model in `evaluate`. After that, the confusion
counts at any threshold are two binary searches (`np.searchsorted`) on the sorted
scores of each class, so moving the threshold costs O(log n) whatever the size of
the test set, and nothing is refitted or recomputed.

Counts are turned into metrics here rather than by calling `precision_score` & co.
on a fresh `y_pred` each time, because those need O(n) work per threshold; the
formulas are the textbook ones and `tests/test_thresholds.py` checks them against
scikit-learn at many thresholds. Where scikit-learn returns 0 by convention for an
undefined value (precision with nothing predicted positive, MCC when one class is
never predicted), we return None with a reason instead, so the page can show `—`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

from lib import calibration
from lib.fitting import EvaluationError
from lib.sampling import downsample_indices

ACCURACY, PRECISION, RECALL, F1 = "Accuracy", "Precision", "Recall", "F1"
SPECIFICITY, BALANCED_ACCURACY, MCC = "Specificity", "Balanced accuracy", "MCC"
ROC_AUC, PR_AUC, GEOMETRIC_MEAN = "ROC-AUC", "PR-AUC", "Geometric mean"
AT_THRESHOLD = (ACCURACY, PRECISION, RECALL, F1, SPECIFICITY, BALANCED_ACCURACY, MCC)
THRESHOLD_FREE = (ROC_AUC, PR_AUC)

# Every value the threshold slider can take (0.00, 0.01, ... 1.00): the curves against
# the threshold and the threshold choosers use exactly these, so a chosen threshold is
# one the slider can show and its metrics are the ones on screen.
SLIDER_GRID = np.round(np.arange(101) / 100, 2)

HELP = {
    ACCURACY: "Share of all test rows classified correctly: (TP + TN) / all.",
    PRECISION: "Of the rows predicted positive, the share that really are: TP / (TP + FP).",
    RECALL: "Of the real positives, the share the model catches: TP / (TP + FN). Also called sensitivity or TPR.",
    F1: "Harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN).",
    SPECIFICITY: "Of the real negatives, the share correctly left negative: TN / (TN + FP). Equals 1 − FPR.",
    BALANCED_ACCURACY: "Mean of recall and specificity: accuracy that weighs both classes equally.",
    MCC: "Matthews correlation between truth and prediction, from −1 to 1; 0 = no better than chance. "
         "Uses all four cells of the confusion matrix.",
    ROC_AUC: "Probability that a random positive scores higher than a random negative. Threshold-free.",
    PR_AUC: "Area under the precision–recall curve (average precision). Threshold-free; "
            "no-skill level = share of positives.",
    GEOMETRIC_MEAN: "√(recall × specificity) (imbalanced-learn's geometric_mean_score): 0 when either class is "
                    "entirely missed.",
}


@dataclass(frozen=True)
class SortedScores:
    """The test scores of each class, sorted ascending: enough to count a confusion matrix fast."""

    positive: np.ndarray
    negative: np.ndarray

    @classmethod
    def from_scores(cls, y_true: np.ndarray, y_score: np.ndarray) -> SortedScores:
        y_true = np.asarray(y_true).astype(bool)
        y_score = np.asarray(y_score, dtype=float)
        return cls(np.sort(y_score[y_true]), np.sort(y_score[~y_true]))

    @property
    def n_positive(self) -> int:
        return len(self.positive)

    @property
    def n_negative(self) -> int:
        return len(self.negative)

    @property
    def prevalence(self) -> float:
        return self.n_positive / max(1, self.n_positive + self.n_negative)


@dataclass(frozen=True)
class Confusion:
    """Confusion counts at one threshold (positive = score >= threshold)."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def counts_at(scores: SortedScores, thresholds: np.ndarray | float) -> tuple[np.ndarray, ...]:
    """(tp, fp, fn, tn) at each threshold, vectorised: `searchsorted(side="left")` counts scores < t."""
    t = np.asarray(thresholds, dtype=float)
    tp = scores.n_positive - np.searchsorted(scores.positive, t, side="left")
    fp = scores.n_negative - np.searchsorted(scores.negative, t, side="left")
    return tp, fp, scores.n_positive - tp, scores.n_negative - fp


def confusion_at(scores: SortedScores, threshold: float) -> Confusion:
    tp, fp, fn, tn = counts_at(scores, threshold)
    return Confusion(float(threshold), int(tp), int(fp), int(fn), int(tn))


def _ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (undefined, not 0)."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def rates(tp, fp, fn, tn) -> dict[str, np.ndarray]:
    """Every at-threshold metric from confusion counts (arrays or scalars); NaN = undefined."""
    tp, fp, fn, tn = (np.asarray(v, dtype=float) for v in (tp, fp, fn, tn))
    recall = _ratio(tp, tp + fn)
    specificity = _ratio(tn, tn + fp)
    # Float products: four counts of 10^5 multiplied overflow int64.
    mcc_denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {
        ACCURACY: _ratio(tp + tn, tp + fp + fn + tn),
        PRECISION: _ratio(tp, tp + fp),
        RECALL: recall,
        F1: _ratio(2 * tp, 2 * tp + fp + fn),
        SPECIFICITY: specificity,
        BALANCED_ACCURACY: (recall + specificity) / 2,
        MCC: _ratio(tp * tn - fp * fn, mcc_denominator),
        GEOMETRIC_MEAN: np.sqrt(recall * specificity),
    }


def _reason(label: str, c: Confusion) -> str:
    predicted_positive, predicted_negative = c.tp + c.fp, c.fn + c.tn
    if label == PRECISION or (label == MCC and predicted_positive == 0):
        return (f"nothing is predicted positive at threshold {c.threshold:.2f} (every score is below it), "
                "so there is no prediction to be precise about; lower the threshold.")
    if label == MCC and predicted_negative == 0:
        return (f"everything is predicted positive at threshold {c.threshold:.2f}, so the prediction does not "
                "vary and no correlation can be measured; raise the threshold.")
    if c.tp + c.fn == 0:
        return "the test split holds no positive row, so rates over positives are undefined."
    return "the test split holds no negative row, so rates over negatives are undefined."


@dataclass(frozen=True)
class ThresholdMetrics:
    """Metric values at one threshold (None = undefined) and, for undefined ones, why."""

    confusion: Confusion
    values: dict[str, float | None]
    reasons: dict[str, str] = field(default_factory=dict)

    def pick(self, labels: tuple[str, ...]) -> dict[str, float | None]:
        return {label: self.values[label] for label in labels}


def metrics_at(scores: SortedScores, threshold: float) -> ThresholdMetrics:
    """Accuracy … MCC and the geometric mean at `threshold`, in O(log n)."""
    c = confusion_at(scores, threshold)
    values: dict[str, float | None] = {}
    reasons: dict[str, str] = {}
    for label, value in rates(c.tp, c.fp, c.fn, c.tn).items():
        if np.isfinite(value):
            values[label] = float(value)
        else:
            values[label] = None
            reasons[label] = _reason(label, c)
    return ThresholdMetrics(c, values, reasons)


# --- threshold-free ------------------------------------------------------------

@dataclass(frozen=True)
class Curves:
    """ROC and precision–recall curves, downsampled for the browser."""

    fpr: np.ndarray
    tpr: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    n_roc_points: int  # before downsampling
    n_pr_points: int


def ranking_metrics(y_true: np.ndarray, y_score: np.ndarray) -> tuple[dict[str, float | None], dict[str, str]]:
    """ROC-AUC and PR-AUC (average precision); None when the test split has a single class."""
    if len(np.unique(y_true)) < 2:
        reason = "the test split holds only one class, so there is no ranking of positives above negatives to score."
        return {ROC_AUC: None, PR_AUC: None}, {ROC_AUC: reason, PR_AUC: reason}
    return {ROC_AUC: float(roc_auc_score(y_true, y_score)),
            PR_AUC: float(average_precision_score(y_true, y_score))}, {}


def curves(y_true: np.ndarray, y_score: np.ndarray) -> Curves | None:
    if len(np.unique(y_true)) < 2:
        return None
    fpr, tpr, _ = roc_curve(y_true, y_score)
    precision, recall, _ = precision_recall_curve(y_true, y_score)
    roc_keep, pr_keep = downsample_indices(len(fpr)), downsample_indices(len(precision))
    return Curves(fpr[roc_keep], tpr[roc_keep], precision[pr_keep], recall[pr_keep], len(fpr), len(precision))


@dataclass(frozen=True)
class ScoreHistogram:
    edges: np.ndarray
    positive: np.ndarray  # counts per bin
    negative: np.ndarray


def score_histogram(scores: SortedScores, bins: int = 50) -> ScoreHistogram:
    """Binned once, so the chart sends 2×`bins` bars rather than every score."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    return ScoreHistogram(edges, np.histogram(scores.positive, edges)[0], np.histogram(scores.negative, edges)[0])


@dataclass(frozen=True)
class Sweep:
    """Metrics at every slider threshold (for the 'metric against threshold' charts)."""

    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray

    @property
    def metrics(self) -> dict[str, np.ndarray]:
        return rates(self.tp, self.fp, self.fn, self.tn)


def sweep(scores: SortedScores, grid: np.ndarray = SLIDER_GRID) -> Sweep:
    return Sweep(np.asarray(grid, dtype=float), *counts_at(scores, grid))


@dataclass(frozen=True)
class Evaluation:
    """Everything a threshold view needs, computed once per fitted model."""

    scores: SortedScores
    ranking: dict[str, float | None]
    ranking_reasons: dict[str, str]
    curves: Curves | None
    sweep: Sweep
    histogram: ScoreHistogram
    calibration: calibration.Calibration | None

    @property
    def n_test(self) -> int:
        return self.scores.n_positive + self.scores.n_negative


def require_both_classes(y_test: np.ndarray) -> None:
    """Every headline metric needs positives and negatives in the test split; say so plainly if not."""
    n_positive = int(np.sum(y_test))
    if n_positive == 0 or n_positive == len(y_test):
        missing = "positive" if n_positive == 0 else "negative"
        raise EvaluationError(
            f"The test split holds no {missing} row, so recall, specificity and the AUCs are undefined. "
            "Use more rows, a larger test size or a larger minority share.")


MIN_TEST_ROWS = 30  # below this, one row more or less right moves accuracy by more than 3 points
MIN_TEST_PER_CLASS = 5  # below this, one row moves recall (or specificity) by 20 points or more


def small_test_message(n_positive: int, n_negative: int) -> str | None:
    """A warning when the test split is too small for its metrics to mean much (None when it is large enough)."""
    n_test, smallest = n_positive + n_negative, min(n_positive, n_negative)
    if n_test >= MIN_TEST_ROWS and smallest >= MIN_TEST_PER_CLASS:
        return None
    side = "recall" if n_positive <= n_negative else "specificity"
    return (f"**Small test split: {n_test} rows ({n_positive} positive, {n_negative} negative).** One row more or "
            f"less right moves accuracy by {1 / n_test:.0%} and {side} by {1 / max(smallest, 1):.0%}, so these "
            "numbers are rough, and another seed can change them a lot. Use more rows or a larger test_size "
            f"(at least {MIN_TEST_ROWS} test rows and {MIN_TEST_PER_CLASS} of each class).")


def evaluate(y_true: np.ndarray, y_score: np.ndarray) -> Evaluation:
    """Raises `EvaluationError` when the test split holds a single class."""
    require_both_classes(y_true)
    scores = SortedScores.from_scores(y_true, y_score)
    ranking, reasons = ranking_metrics(y_true, y_score)
    return Evaluation(scores, ranking, reasons, curves(y_true, y_score), sweep(scores), score_histogram(scores),
                      calibration.reliability(y_true, y_score))


# --- choosing a threshold -------------------------------------------------------

@dataclass(frozen=True)
class Chosen:
    threshold: float | None  # None: no threshold meets the request (message says why)
    message: str


def _middle_of_best_run(values: np.ndarray, grid: np.ndarray) -> float | None:
    """The grid point in the middle of the first run of consecutive maxima (NaN ignored).

    Scores often leave plateaus where many thresholds give the same counts; the middle of
    the plateau is the choice least sensitive to small changes in the scores.
    """
    if not np.isfinite(values).any():
        return None
    best = np.nanmax(values)
    hits = np.flatnonzero(np.isclose(values, best, rtol=0, atol=1e-12))
    run_end = 0
    while run_end + 1 < len(hits) and hits[run_end + 1] == hits[run_end] + 1:
        run_end += 1
    return float(grid[hits[(run_end) // 2]])


def best_f1(scores: SortedScores, grid: np.ndarray = SLIDER_GRID) -> Chosen:
    f1 = sweep(scores, grid).metrics[F1]
    t = _middle_of_best_run(f1, grid)
    if t is None:
        return Chosen(None, "F1 is undefined at every threshold (no positives in the test split).")
    return Chosen(t, f"Highest F1 ({np.nanmax(f1):.3f}) among the slider's thresholds is at {t:.2f}.")


def best_youden(scores: SortedScores, grid: np.ndarray = SLIDER_GRID) -> Chosen:
    m = sweep(scores, grid).metrics
    j = m[RECALL] - (1 - m[SPECIFICITY])
    t = _middle_of_best_run(j, grid)
    if t is None:
        return Chosen(None, "Youden's J needs both classes in the test split.")
    return Chosen(t, f"Highest Youden's J = TPR − FPR ({np.nanmax(j):.3f}) is at {t:.2f}.")


def for_target_recall(scores: SortedScores, target: float, grid: np.ndarray = SLIDER_GRID) -> Chosen:
    """The highest threshold whose recall is still >= target (recall only falls as the threshold rises,
    so this keeps the fewest false positives while meeting the target)."""
    recall = sweep(scores, grid).metrics[RECALL]
    ok = np.flatnonzero(recall >= target - 1e-12)
    if len(ok) == 0:
        return Chosen(None, f"No threshold reaches recall {target:.2f}.")
    t = float(grid[ok[-1]])
    return Chosen(t, f"Threshold {t:.2f} is the highest with recall ≥ {target:.2f} (recall {recall[ok[-1]]:.3f}).")


def for_target_precision(scores: SortedScores, target: float, grid: np.ndarray = SLIDER_GRID) -> Chosen:
    """The lowest threshold whose precision is >= target (recall only falls as the threshold rises,
    so this catches the most positives while meeting the target)."""
    precision = sweep(scores, grid).metrics[PRECISION]
    ok = np.flatnonzero(precision >= target - 1e-12)  # NaN (nothing predicted positive) never qualifies
    if len(ok) == 0:
        best = np.nanmax(precision) if np.isfinite(precision).any() else float("nan")
        return Chosen(None, f"No threshold reaches precision {target:.2f}; the best this model gets is "
                            f"{best:.3f}. Lower the target or try another model.")
    t = float(grid[ok[0]])
    return Chosen(t, f"Threshold {t:.2f} is the lowest with precision ≥ {target:.2f} "
                     f"(precision {precision[ok[0]]:.3f}).")


def cost_curve(scores: SortedScores, cost_fp: float, cost_fn: float, grid: np.ndarray = SLIDER_GRID) -> np.ndarray:
    """Total cost cost_fp·FP + cost_fn·FN on the test split at every grid threshold."""
    s = sweep(scores, grid)
    return cost_fp * s.fp + cost_fn * s.fn


def min_cost(scores: SortedScores, cost_fp: float, cost_fn: float, grid: np.ndarray = SLIDER_GRID) -> Chosen:
    cost = cost_curve(scores, cost_fp, cost_fn, grid)
    t = _middle_of_best_run(-cost, grid)
    return Chosen(t, f"Lowest total cost ({cost.min():g}) with FP = {cost_fp:g}, FN = {cost_fn:g} is at {t:.2f}.")


def cost_threshold(cost_fp: float, cost_fn: float) -> float:
    """The cheapest threshold for well-calibrated probabilities: cost(FP) / (cost(FP) + cost(FN)) (0.5 if both 0)."""
    return cost_fp / (cost_fp + cost_fn) if cost_fp + cost_fn else 0.5
