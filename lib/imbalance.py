"""Class imbalance: data rebuilt at an exact share of positives, resamplers inside an imblearn
Pipeline (training data only), what resampling did to the training set, a sweep over shares and a
cross-validated comparison of every resampler.

The rule this module enforces: resampling happens only inside `imblearn.pipeline.Pipeline.fit`,
so it touches the training split (or the training folds in cross-validation) and never the rows
a model is scored on.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.datasets import make_imbalance
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import NearMiss, RandomUnderSampler, TomekLinks
from sklearn.base import clone
from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier
from sklearn.metrics import make_scorer, precision_score
from sklearn.model_selection import cross_validate

from lib import models, thresholds
from lib.choices import Experiment
from lib.code import Call, Var
from lib.datasets import Dataset
from lib.fitting import EvaluationError, Split, cv_splitter, fit_pipeline, positive_scores, stratified_split
from lib.params import Choice, Grid, Param, Toggle
from lib.sampling import keeping_positives

# Shares of positives the `minority` control offers (URL values), and the ones the sweep fits.
MINORITY_GRID = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
DEFAULT_MINORITY = 0.1
SWEEP_SHARES = (0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005)
MIN_POSITIVES = 4  # one for the test split, a few to train on


class ResamplerError(EvaluationError):
    """A sampler cannot run on this data; the message says why and what to try instead."""


@dataclass(frozen=True)
class Resampler:
    id: str
    name: str
    description: str
    sampler: Callable[[int], Call] | None = None  # seed -> the imblearn sampler, built for the page, printed in scripts
    min_positives: int = 1  # positive training rows it needs (k_neighbors + 1 for SMOTE-like)


RESAMPLERS: dict[str, Resampler] = {r.id: r for r in [
    Resampler("none", "No resampling", "Train on the training split as it is."),
    Resampler("class_weight", 'class_weight="balanced"',
              "No rows change: the loss counts each positive as n_negative / n_positive negatives, so both classes "
              "weigh the same in training."),
    Resampler("random_over", "RandomOverSampler",
              "Duplicates randomly chosen positive training rows until both classes are equally frequent.",
              lambda seed: Call(RandomOverSampler, random_state=seed)),
    Resampler("smote", "SMOTE",
              "Creates synthetic positives on the line between a positive row and one of its 5 nearest positive "
              "neighbours.", lambda seed: Call(SMOTE, random_state=seed), 6),
    Resampler("adasyn", "ADASYN",
              "Like SMOTE, but creates more synthetic positives where positives are surrounded by negatives "
              "(the hard regions).", lambda seed: Call(ADASYN, random_state=seed), 6),
    Resampler("borderline_smote", "BorderlineSMOTE",
              "SMOTE only from positives near the class border (those with many negative neighbours).",
              lambda seed: Call(BorderlineSMOTE, random_state=seed), 6),
    Resampler("random_under", "RandomUnderSampler",
              "Deletes randomly chosen negative training rows until both classes are equally frequent.",
              lambda seed: Call(RandomUnderSampler, random_state=seed)),
    Resampler("near_miss", "NearMiss",
              "Keeps only the negatives closest to the positives (version 1: smallest mean distance to the 3 "
              "nearest positives), deleting the rest.", lambda _seed: Call(NearMiss), 3),
    Resampler("tomek", "TomekLinks",
              "Deletes negatives that form a Tomek link (mutual nearest neighbours of opposite classes): cleans the "
              "border, balances little.", lambda _seed: Call(TomekLinks)),
    Resampler("smote_enn", "SMOTEENN",
              "SMOTE, then Edited Nearest Neighbours deletes rows whose neighbours mostly disagree with them.",
              lambda seed: Call(SMOTEENN, random_state=seed), 6),
    Resampler("smote_tomek", "SMOTETomek",
              "SMOTE, then deletes both rows of every Tomek link.",
              lambda seed: Call(SMOTETomek, random_state=seed), 6),
]}

PARAMS = (
    Param("minority", Grid(MINORITY_GRID), DEFAULT_MINORITY, "Minority share (share of positive rows)",
          help="The data are subsampled (imblearn's make_imbalance) so that exactly this share of the rows are "
               "positive."),
    Param("resampler", Choice(tuple(RESAMPLERS)), "none", "Resampler (training split only)",
          help="How the training rows are rebalanced before the model sees them."),
    Param("sweep_resampler", Toggle(), False, "Sweep with the current resampler",
          help="Off: the sweep fits the model without resampling (computed once). On: with the chosen resampler, "
               "so changing it refits all eight shares."),
)


@dataclass(frozen=True)
class ImbalanceChoice:
    """Cache key of one imbalance experiment: the shared choices plus share and resampler."""

    experiment: Experiment
    minority: float = DEFAULT_MINORITY
    resampler: str = "none"

    def at_share(self, minority: float) -> ImbalanceChoice:
        return replace(self, minority=minority)

    def with_resampler(self, resampler: str) -> ImbalanceChoice:
        return replace(self, resampler=resampler)


# --- data ------------------------------------------------------------------------

def counts_for_share(n_positive: int, n_negative: int, share: float) -> tuple[int, int]:
    """(positives, negatives) to keep so positives are `share` of the rows, keeping as many rows as
    possible: all negatives if there are enough positives, otherwise all positives."""
    if not 0 < share < 1:
        raise ValueError(f"share must be between 0 and 1, not {share}")
    keep_positive = round(share * n_negative / (1 - share))
    if keep_positive <= n_positive:
        return keep_positive, n_negative
    return n_positive, min(n_negative, round(n_positive * (1 - share) / share))


@dataclass(frozen=True)
class ImbalancedData:
    X: pd.DataFrame
    y: np.ndarray  # 1 = positive

    @property
    def n_positive(self) -> int:
        return int(self.y.sum())

    @property
    def n_negative(self) -> int:
        return int(len(self.y) - self.y.sum())


def with_minority_share(dataset: Dataset, positive: str | None, share: float, seed: int) -> ImbalancedData:
    """The dataset subsampled (imblearn's `make_imbalance`) so that `share` of its rows are positive."""
    y = dataset.binary_target(positive)
    n_pos, n_neg = counts_for_share(int(y.sum()), int(len(y) - y.sum()), share)
    if n_pos < MIN_POSITIVES or n_neg < MIN_POSITIVES:
        raise EvaluationError(
            f"At {share:.1%} positives this dataset keeps only {n_pos} positive and {n_neg} negative rows; at least "
            f"{MIN_POSITIVES} of each are needed to train and test. Raise the minority share, or pick a bigger "
            "dataset (e.g. Synthetic classification with 20,000 samples).")
    X, y_new = make_imbalance(dataset.X, y, sampling_strategy={0: n_neg, 1: n_pos}, random_state=seed)
    return ImbalancedData(X, np.asarray(y_new))


# --- pipeline ---------------------------------------------------------------------

def supports_class_weight(model_id: str) -> bool:
    return bool(models.REGISTRY[model_id].class_weight_params)


def pipeline_call(model_id: str, params: Mapping[str, Any] | None, resampler_id: str, seed: int,
                  preprocess: Any = None) -> Call:
    """preprocessing -> [sampler] -> model, as an imblearn Pipeline: the sampler runs in `fit` only."""
    spec = models.REGISTRY[model_id]
    estimator = spec.call(params, seed)
    if resampler_id == "class_weight" and spec.class_weight_params:
        weights = {name: "balanced" for name in spec.class_weight_params}
        estimator = (estimator.with_kwargs(class_weight="balanced") if "class_weight" in weights
                     else _weighted_inner(estimator))
    steps: list = [("prep", preprocess if preprocess is not None else Var("preprocess", models.preprocessor_call()))]
    sampler = RESAMPLERS[resampler_id].sampler
    if sampler is not None:
        steps.append(("resample", sampler(seed)))
    return Call(Pipeline, steps + [("model", Var("estimator", estimator))])


def _weighted_inner(wrapper: Call) -> Call:
    """`class_weight='balanced'` on the estimator a wrapper holds (the SVM's calibration wrapper)."""
    inner, *rest = wrapper.args
    return Call(wrapper.target, inner.with_kwargs(class_weight="balanced"), *rest, **wrapper.kwargs)


def build_pipeline(model_id: str, params: Mapping[str, Any] | None, resampler_id: str, seed: int) -> Pipeline:
    return pipeline_call(model_id, params, resampler_id, seed).build()


def _problem(resampler_id: str, n_positive_train: int) -> str | None:
    """Why this sampler cannot run with so few positive training rows (None if it can)."""
    r = RESAMPLERS[resampler_id]
    if n_positive_train >= r.min_positives:
        return None
    why = ("interpolates between a positive row and its 5 nearest positive neighbours"
           if r.min_positives == 6 else "compares negatives with the 3 nearest positives")
    return (f"{r.name} {why}, so it needs at least {r.min_positives} positive training rows; here there are "
            f"{n_positive_train}. Raise the minority share, use more rows, or choose RandomOverSampler "
            "(which only duplicates rows) or class_weight.")


def fit_resampled(pipeline: Pipeline, resampler_id: str, X: pd.DataFrame, y: np.ndarray) -> tuple[Pipeline, tuple]:
    """`fit_pipeline`, turning a sampler's failure into a `ResamplerError` with advice."""
    problem = _problem(resampler_id, int(np.sum(y)))
    if problem:
        raise ResamplerError(problem)
    try:
        return fit_pipeline(pipeline, X, y)
    except (ValueError, RuntimeError) as exc:
        name = RESAMPLERS[resampler_id].name
        raise ResamplerError(
            f"{name} could not run on this training split ({exc}). This happens when the positives are too few or "
            "too isolated (ADASYN needs negatives among their neighbours). Raise the minority share, use more rows, "
            "or try RandomOverSampler or class_weight.") from exc


@dataclass(frozen=True)
class ImbalanceFit:
    choice: ImbalanceChoice
    data: ImbalancedData
    pipeline: Pipeline
    split: Split
    y_score: np.ndarray
    notes: tuple[str, ...]

    @property
    def y_true(self) -> np.ndarray:
        return self.split.y_test


def prepare(dataset: Dataset, choice: ImbalanceChoice) -> tuple[ImbalancedData, Split]:
    """The data at `choice.minority` and its stratified split (the same for every resampler)."""
    e = choice.experiment
    data = with_minority_share(dataset, e.positive, choice.minority, e.seed)
    split = stratified_split(data.X, data.y, e.test_size, e.seed)
    thresholds.require_both_classes(split.y_test)
    return data, split


def fit(dataset: Dataset, choice: ImbalanceChoice) -> ImbalanceFit:
    """Rebuild the data at `choice.minority`, split it, fit the resampling pipeline, score the test split."""
    e = choice.experiment
    data, split = prepare(dataset, choice)
    pipeline = build_pipeline(e.model_id, e.param_dict, choice.resampler, e.seed)
    pipeline, notes = fit_resampled(pipeline, choice.resampler, split.X_train, split.y_train)
    if choice.resampler == "class_weight" and not supports_class_weight(e.model_id):
        notes += (class_weight_note(e.model_id),)
    return ImbalanceFit(choice, data, pipeline, split, positive_scores(pipeline, split.X_test), notes)


def class_weight_note(model_id: str) -> str:
    without = ", ".join(spec.name for spec in models.REGISTRY.values()
                        if spec.task == models.CLASSIFIER and not spec.class_weight_params)
    return (f"{models.REGISTRY[model_id].name} has no class_weight parameter, so it is trained unweighted: exactly "
            f"as with 'none' (models without it here: {without}). Pick a resampler to rebalance this model.")


def majority_accuracy(split: Split) -> float:
    """Test accuracy of always predicting the training split's majority class (the accuracy paradox)."""
    dummy = DummyClassifier(strategy="most_frequent").fit(split.X_train, split.y_train)
    return float(dummy.score(split.X_test, split.y_test))


MIN_TEST_POSITIVES = 10  # below this, precision/recall/AUCs move in big jumps from one row to the next
LARGE_SYNTHETIC = {"dataset": "classification", "n_samples": 20000}  # enough positives even at 1%


def few_positives_message(split: Split) -> str | None:
    """A warning when the test split holds too few positives for its metrics to mean much."""
    n = int(split.y_test.sum())
    if n >= MIN_TEST_POSITIVES:
        return None
    return (f"Only {n} positive row{'s' if n != 1 else ''} in the test split: each one moves recall by "
            f"{1 / max(n, 1):.0%}, and the AUCs can hit 1.000 by luck. With rare positives you need many rows; "
            "for a steadier picture use the synthetic set with 20,000 rows.")


# --- what resampling did ------------------------------------------------------------

@dataclass(frozen=True)
class ResamplingView:
    """Training rows before and after the sampler, in 2-D, with synthetic and deleted rows marked."""

    counts_before: tuple[int, int]  # (negatives, positives)
    counts_after: tuple[int, int]
    n_synthetic: int
    n_removed: int
    n_duplicated: int
    axis_labels: tuple[str, str]
    before_xy: np.ndarray  # (m, 2), a display sample
    before_y: np.ndarray
    before_removed: np.ndarray  # bool: deleted by the sampler
    after_xy: np.ndarray
    after_y: np.ndarray
    after_synthetic: np.ndarray  # bool: created by the sampler
    n_shown_before: int
    n_shown_after: int


def _row_keys(X: np.ndarray) -> np.ndarray:
    """One comparable value per row (its raw bytes), to find which rows a sampler kept, copied or invented."""
    X = np.ascontiguousarray(X, dtype=float)
    return X.view(np.dtype((np.void, X.dtype.itemsize * X.shape[1]))).ravel()


def resampling_view(result: ImbalanceFit, max_points: int = 3000) -> ResamplingView:
    """Re-run a clone of the fitted sampler (same random_state, so the same output as inside `fit`) on the
    preprocessed training rows; match rows to tell kept, copied, synthetic and deleted rows apart."""
    prep = result.pipeline.named_steps["prep"]
    X_before = np.asarray(prep.transform(result.split.X_train), dtype=float)
    y_before = result.split.y_train
    if "resample" in result.pipeline.named_steps:
        X_after, y_after = clone(result.pipeline.named_steps["resample"]).fit_resample(X_before, y_before)
        X_after, y_after = np.asarray(X_after, dtype=float), np.asarray(y_after)
    else:
        X_after, y_after = X_before, y_before
    keys_before, keys_after = _row_keys(X_before), _row_keys(X_after)
    after_original = np.isin(keys_after, keys_before)
    kept = np.isin(keys_before, keys_after)
    if X_before.shape[1] == 2:
        names = prep.get_feature_names_out()
        project, labels = (lambda X: X), (f"{names[0]} (scaled)", f"{names[1]} (scaled)")
    else:
        pca = PCA(n_components=2, random_state=result.choice.experiment.seed).fit(X_before)
        share = pca.explained_variance_ratio_
        project, labels = pca.transform, (f"PC1 ({share[0]:.0%} of variance)", f"PC2 ({share[1]:.0%})")
    seed = result.choice.experiment.seed
    show_before, show_after = keeping_positives(y_before, max_points, seed), keeping_positives(y_after, max_points, seed)
    return ResamplingView(
        counts_before=(int((y_before == 0).sum()), int((y_before == 1).sum())),
        counts_after=(int((y_after == 0).sum()), int((y_after == 1).sum())),
        n_synthetic=int((~after_original).sum()), n_removed=int((~kept).sum()),
        n_duplicated=max(0, int(after_original.sum()) - int(kept.sum())),
        axis_labels=labels,
        before_xy=project(X_before[show_before]), before_y=y_before[show_before], before_removed=~kept[show_before],
        after_xy=project(X_after[show_after]), after_y=y_after[show_after], after_synthetic=~after_original[show_after],
        n_shown_before=len(show_before), n_shown_after=len(show_after),
    )


def class_counts(result: ImbalanceFit, view: ResamplingView) -> pd.DataFrame:
    """Negatives/positives at each stage: rebuilt data, training split before and after resampling, test split."""
    test = result.split.y_test
    rows = [("All rows at this share", result.data.n_negative, result.data.n_positive),
            ("Training, before resampling", *view.counts_before),
            ("Training, after resampling (the model learns from these)", *view.counts_after),
            ("Test (never resampled)", int((test == 0).sum()), int((test == 1).sum()))]
    frame = pd.DataFrame(rows, columns=["Rows", "Negatives", "Positives"])
    frame["Share positive"] = (frame["Positives"] / (frame["Negatives"] + frame["Positives"])).map("{:.1%}".format)
    return frame


# --- metrics against the share ----------------------------------------------------

@dataclass(frozen=True)
class SharePoint:
    """One share of the sweep: its test scores (sorted) and AUCs, or why it could not be fitted."""

    share: float
    scores: thresholds.SortedScores | None = None
    roc_auc: float | None = None
    pr_auc: float | None = None
    error: str | None = None

    def at(self, threshold: float) -> dict[str, float | None]:
        """Threshold-free AUCs plus F1, recall and balanced accuracy at `threshold` (O(log n))."""
        if self.scores is None:
            return {}
        m = thresholds.metrics_at(self.scores, threshold).values
        return {thresholds.ROC_AUC: self.roc_auc, thresholds.PR_AUC: self.pr_auc, thresholds.F1: m[thresholds.F1],
                thresholds.RECALL: m[thresholds.RECALL], thresholds.BALANCED_ACCURACY: m[thresholds.BALANCED_ACCURACY]}


def sweep_at(points: list[SharePoint], threshold: float) -> list[tuple[float, dict[str, float | None]]]:
    """(share, metrics at `threshold`) for every share of the sweep that could be fitted."""
    return [(p.share, p.at(threshold)) for p in points if p.scores is not None]


def share_point(share: float, result: ImbalanceFit | None, error: str | None = None) -> SharePoint:
    if result is None:
        return SharePoint(share, error=error)
    ranking, _ = thresholds.ranking_metrics(result.y_true, result.y_score)
    return SharePoint(share, thresholds.SortedScores.from_scores(result.y_true, result.y_score),
                      ranking[thresholds.ROC_AUC], ranking[thresholds.PR_AUC])


# --- resampler comparison (cross-validated) -------------------------------------------

COMPARISON_METRICS = {
    "PR-AUC": "average_precision",
    "Recall": "recall",
    # nan, not 0, when a fold predicts no positive: the table then says so instead of averaging a fake 0.
    "Precision": make_scorer(precision_score, zero_division=np.nan),
    "Balanced accuracy": "balanced_accuracy",
}


def compare_one(resampler_id: str, split: Split, model_id: str, params: Mapping[str, Any], seed: int) -> dict:
    """Cross-validate one resampler on the training split (the test split stays untouched).
    Returns a table row: mean and std per metric, mean fit time, and a note if it could not run."""
    cv = cv_splitter(split.y_train, seed)
    row: dict[str, Any] = {"Resampler": resampler_id, "Folds": cv.get_n_splits()}
    smallest_fold = min(int(split.y_train[train].sum()) for train, _ in cv.split(split.X_train, split.y_train))
    problem = _problem(resampler_id, smallest_fold)
    if problem is None:
        pipeline = build_pipeline(model_id, params, resampler_id, seed)
        start = time.perf_counter()
        try:
            scores = cross_validate(pipeline, split.X_train, split.y_train, cv=cv, scoring=COMPARISON_METRICS,
                                    error_score="raise")
        except (ValueError, RuntimeError) as exc:
            problem = f"{RESAMPLERS[resampler_id].name} failed in a fold: {exc}"
        else:
            for label in COMPARISON_METRICS:
                values = scores[f"test_{label}"]
                row[label] = float(np.nanmean(values)) if np.isfinite(values).any() else None
                row[f"{label} std"] = float(np.nanstd(values)) if np.isfinite(values).any() else None
                undefined = int(np.isnan(values).sum())
                if undefined:
                    row["Note"] = f"precision undefined in {undefined} fold(s): no positive predicted"
            row["Fit time (s)"] = float(np.mean(scores["fit_time"]))
            row["Wall time (s)"] = time.perf_counter() - start
    if problem:
        row["Note"] = problem
    return row


def comparison_table(rows: list[dict]) -> pd.DataFrame:
    """`mean ± std` strings per metric, in resampler order."""
    table = []
    for row in rows:
        line = {"Resampler": row["Resampler"], "Folds": row["Folds"]}
        for label in COMPARISON_METRICS:
            mean, std = row.get(label), row.get(f"{label} std")
            line[label] = "—" if mean is None else f"{mean:.3f} ± {std:.3f}"
        fit_time = row.get("Fit time (s)")
        line["Fit time (s)"] = "—" if fit_time is None else f"{fit_time:.3f}"
        line["Note"] = row.get("Note", "")
        table.append(line)
    return pd.DataFrame(table)


MAJORITY_LABEL = "Always-majority accuracy"
HEADLINE_HELP = {**thresholds.HELP, MAJORITY_LABEL: "Test accuracy of a dummy that always predicts the training "
                                                    "split's majority class."}


def headline_at(at: thresholds.ThresholdMetrics, majority_accuracy: float) -> dict[str, float | None]:
    """The page's headline numbers: accuracy beside the always-majority baseline, then the metrics that survive
    imbalance."""
    return {thresholds.ACCURACY: at.values[thresholds.ACCURACY], MAJORITY_LABEL: majority_accuracy,
            **at.pick((thresholds.PRECISION, thresholds.RECALL, thresholds.F1, thresholds.BALANCED_ACCURACY,
                       thresholds.MCC, thresholds.GEOMETRIC_MEAN))}


HEADLINE = (thresholds.ACCURACY, thresholds.PRECISION, thresholds.RECALL, thresholds.F1,
            thresholds.BALANCED_ACCURACY, thresholds.MCC, thresholds.ROC_AUC, thresholds.PR_AUC,
            thresholds.GEOMETRIC_MEAN)
