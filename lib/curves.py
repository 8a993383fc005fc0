"""Validation and learning curves, and the over/underfitting verdict.

Both curves are scikit-learn's own (`validation_curve`, `learning_curve`) run on
the training split with one fixed `StratifiedKFold` splitter, so a point of a
curve is a plain cross-validated score anyone can recompute. The verdict reads
a train and a validation score against two stated thresholds.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning
from sklearn.metrics import get_scorer
from sklearn.model_selection import cross_val_score, cross_validate, learning_curve, train_test_split, validation_curve

from lib import models
from lib.choices import Experiment
from lib.fitting import N_JOBS, Split, cv_splitter, parallel_for, stratified_split
from lib.params import Choice, Param

CURVE_MAX_ROWS = 5_000  # curves run on a stratified sample of at most this many training rows
LEARNING_SIZES = (0.1, 0.325, 0.55, 0.775, 1.0)  # shares of each training fold (scikit-learn's default)
GAP_LIMIT = 0.05  # train − validation above this: overfitting
BIAS_MARGIN = 0.03  # train score this far below the best validation score on the curve: underfitting
SCORINGS = {"accuracy": "accuracy", "roc_auc": "ROC-AUC"}  # URL value -> how the page names it

UNDERFITTING, GOOD_FIT, OVERFITTING, UNDEFINED = "underfitting", "good fit", "overfitting", "undefined"


# --- which knob, which grid ------------------------------------------------------

def sweepable_knobs(model_id: str) -> list[str]:
    """Numeric knobs with a complexity direction, main knob first."""
    spec = models.REGISTRY[model_id]
    names = [k.name for k in spec.knobs if not k.is_choice and k.complexity]
    return sorted(names, key=lambda n: n != spec.main_knob)


def curve_grid(knob: models.Knob) -> tuple:
    """A short grid spanning the knob's whole range, so a curve costs a dozen fits, not hundreds.

    Log knobs: one value per decade (the full 1-2-5 grid when that gives fewer than 6).
    Whole-number knobs: every value when there are at most 15, 1-2-5 steps when they span two decades,
    else ~12 geometric steps.
    The knob's default is always on the grid, so the default view sits on a computed point.
    """
    grid = list(knob.grid)
    if knob.log:
        decades = [v for v in grid if np.isclose(np.log10(v), round(np.log10(v)))]
        values = decades if len(decades) >= 6 else grid
    else:
        low, high = int(grid[0]), int(grid[-1])
        if len(grid) <= 15:
            values = grid
        elif high / low >= 100:
            values = [m * 10**e for e in range(6) for m in (1, 2, 5) if low <= m * 10**e <= high] + [high]
        else:
            values = np.unique(np.round(np.geomspace(low, high, 12)).astype(int)).tolist()
        values = [v for v in values if v in knob.grid]
    return tuple(sorted(set(values) | {knob.default}))


def log_axis(knob: models.Knob) -> bool:
    """Draw (and interpolate) the knob on a log scale: log knobs, and whole numbers spanning two decades
    (n_estimators, n_neighbors), whose curve grid is geometric."""
    low, high = float(knob.grid[0]), float(knob.grid[-1])
    return knob.log or (not knob.is_choice and low > 0 and high / low >= 100)


def position(value: float, log: bool) -> float:
    """Where a knob value sits on the chart's x axis (log10 for log knobs)."""
    return float(np.log10(value)) if log else float(value)


# --- data and splitter ----------------------------------------------------------

def curve_sample(X: pd.DataFrame, y: np.ndarray, seed: int, max_rows: int = CURVE_MAX_ROWS
                 ) -> tuple[pd.DataFrame, np.ndarray]:
    """At most `max_rows` training rows, stratified, so curves on large data stay fast."""
    if len(y) <= max_rows:
        return X, np.asarray(y)
    X_sample, _, y_sample, _ = train_test_split(X, y, train_size=max_rows, stratify=y, random_state=seed)
    return X_sample, np.asarray(y_sample)


@dataclass(frozen=True)
class TrainingRows:
    """The rows the curves cross-validate on: the training split, or a stratified sample of it."""

    X: pd.DataFrame
    y: np.ndarray
    n_train: int  # rows in the whole training split

    @property
    def sampled(self) -> bool:
        return len(self.y) < self.n_train


def training_rows(X: pd.DataFrame, y: np.ndarray, test_size: float, seed: int) -> TrainingRows:
    """The protocol's training split (`y`: 0/1), sampled down to `CURVE_MAX_ROWS` for the curves."""
    split = stratified_split(X, y, test_size, seed)
    X_rows, y_rows = curve_sample(split.X_train, split.y_train, seed)
    return TrainingRows(X_rows, y_rows, len(split.y_train))


# --- scores of one fitted model -------------------------------------------------

def split_scores(pipeline, split: Split, scoring: str) -> tuple[float, float]:
    """(train score, validation score): the fitted model scored on its training split and on the
    held-out test split, with scikit-learn's scorer for `scoring`."""
    scorer = get_scorer(scoring)
    return float(scorer(pipeline, split.X_train, split.y_train)), float(scorer(pipeline, split.X_test, split.y_test))


# --- curves ---------------------------------------------------------------------

class _FoldScores:
    """Mean and std over folds (ignoring failed fits) of `train_scores` / `validation_scores`."""

    train_scores: np.ndarray
    validation_scores: np.ndarray

    @property
    def train_mean(self) -> np.ndarray:
        return _nanmean(self.train_scores)

    @property
    def train_std(self) -> np.ndarray:
        return _nanstd(self.train_scores)

    @property
    def validation_mean(self) -> np.ndarray:
        return _nanmean(self.validation_scores)

    @property
    def validation_std(self) -> np.ndarray:
        return _nanstd(self.validation_scores)


@dataclass(frozen=True)
class ValidationCurve(_FoldScores):
    param: str  # the knob's name (C, max_depth, ...)
    values: tuple  # the knob values, in grid order
    train_scores: np.ndarray  # (n_values, n_folds)
    validation_scores: np.ndarray  # (n_values, n_folds); NaN where a fit failed
    failures: int = 0  # (value, fold) fits that raised (e.g. n_neighbors > fold size)

    def best_index(self, complexity: str = "higher") -> int | None:
        """Index of the best mean validation score; ties go to the simpler model."""
        mean = self.validation_mean
        if np.isnan(mean).all():
            return None
        tied = np.flatnonzero(np.isclose(mean, np.nanmax(mean), rtol=0, atol=1e-12))
        return int(tied[-1] if complexity == "lower" else tied[0])

    def at(self, value: float, log: bool) -> tuple[float, float]:
        """(train mean, validation mean) at `value`: exact on grid points, linearly interpolated between
        them (on the log10 scale for log knobs)."""
        x = np.array([position(v, log) for v in self.values])
        where = position(value, log)
        return tuple(float(_interp(where, x, m)) for m in (self.train_mean, self.validation_mean))


@dataclass(frozen=True)
class LearningCurve(_FoldScores):
    sizes: np.ndarray  # absolute training-set sizes
    train_scores: np.ndarray  # (n_sizes, n_folds)
    validation_scores: np.ndarray
    failures: int = 0


def _nanmean(a: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows stay NaN: shown as gaps
        return np.nanmean(a, axis=1)


def _nanstd(a: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanstd(a, axis=1)


def _interp(where: float, x: np.ndarray, y: np.ndarray) -> float:
    ok = ~np.isnan(y)
    if not ok.any() or where < x[ok].min() or where > x[ok].max():
        return float("nan")
    return float(np.interp(where, x[ok], y[ok]))


def _quietly(run, pipeline):
    """Run a scikit-learn curve without log noise: failed fits become NaN scores (counted by the caller),
    convergence warnings are expected at extreme knob values. Parallel fits of `pipeline` run in threads
    where that is safe (`parallel_for`)."""
    with warnings.catch_warnings(), parallel_for(pipeline):
        warnings.simplefilter("ignore", FitFailedWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        return run()


def validation_curve_for(pipeline, X: pd.DataFrame, y: np.ndarray, model_id: str, knob: str,
                         values: Sequence, cv, scoring: str, n_jobs: int = N_JOBS
                         ) -> ValidationCurve:
    """scikit-learn's `validation_curve` of `pipeline` over `values` of `knob` (failed fits -> NaN)."""
    train, valid = _quietly(lambda: validation_curve(
        clone(pipeline), X, y, param_name=models.pipeline_param(model_id, knob), param_range=list(values),
        cv=cv, scoring=scoring, n_jobs=n_jobs, error_score=np.nan), pipeline)
    return ValidationCurve(knob, tuple(values), train, valid, int(np.isnan(valid).sum()))


def learning_curve_for(pipeline, X: pd.DataFrame, y: np.ndarray, cv, scoring: str, seed: int,
                       train_sizes: Sequence[float] = LEARNING_SIZES, n_jobs: int = N_JOBS) -> LearningCurve:
    """scikit-learn's `learning_curve` (subsets shuffled with `seed`, so small ones hold both classes)."""
    sizes, train, valid = _quietly(lambda: learning_curve(
        clone(pipeline), X, y, train_sizes=np.asarray(train_sizes, dtype=float), cv=cv, scoring=scoring,
        n_jobs=n_jobs, shuffle=True, random_state=seed, error_score=np.nan), pipeline)
    return LearningCurve(np.asarray(sizes), train, valid, int(np.isnan(valid).sum()))


@dataclass(frozen=True)
class CrossValidated:
    """Train and validation scores of one setting over the curves' folds (`cross_validate`)."""

    train_scores: np.ndarray  # (n_folds,)
    validation_scores: np.ndarray

    @property
    def train(self) -> float:
        return float(np.nanmean(self.train_scores)) if np.isfinite(self.train_scores).any() else float("nan")

    @property
    def validation(self) -> float:
        ok = np.isfinite(self.validation_scores)
        return float(np.nanmean(self.validation_scores)) if ok.any() else float("nan")


def cross_validated(rows: TrainingRows, experiment: Experiment, scoring: str, n_jobs: int = N_JOBS) -> CrossValidated:
    """`cross_validate` of the current setting on the curves' rows and folds, with training scores."""
    pipeline = models.build_pipeline(experiment.model_id, experiment.param_dict, experiment.seed)
    found = _quietly(lambda: cross_validate(pipeline, rows.X, rows.y, cv=cv_splitter(rows.y, experiment.seed),
                                            scoring=scoring, return_train_score=True, n_jobs=n_jobs,
                                            error_score=np.nan), pipeline)
    return CrossValidated(np.asarray(found["train_score"], dtype=float), np.asarray(found["test_score"], dtype=float))


PIECE = 2  # grid values (or training sizes) per piece: a cold curve can show progress between pieces


def pieces(values: Sequence) -> list[tuple]:
    return [tuple(values[i:i + PIECE]) for i in range(0, len(values), PIECE)]


def validation_piece(rows: TrainingRows, experiment: Experiment, knob: str, values: Sequence,
                     scoring: str) -> ValidationCurve:
    """The validation curve of `experiment`'s model over `values` of `knob`, on the curve rows and folds."""
    pipeline = models.build_pipeline(experiment.model_id, experiment.param_dict, experiment.seed)
    return validation_curve_for(pipeline, rows.X, rows.y, experiment.model_id, knob, values,
                                cv_splitter(rows.y, experiment.seed), scoring)


def learning_piece(rows: TrainingRows, experiment: Experiment, scoring: str, sizes: Sequence[float]) -> LearningCurve:
    pipeline = models.build_pipeline(experiment.model_id, experiment.param_dict, experiment.seed)
    return learning_curve_for(pipeline, rows.X, rows.y, cv_splitter(rows.y, experiment.seed), scoring,
                              experiment.seed, sizes)


def combine(parts: Sequence):
    """Join curves computed in pieces (for a progress bar) into one, as if computed in one call."""
    first = parts[0]
    train = np.concatenate([p.train_scores for p in parts])
    valid = np.concatenate([p.validation_scores for p in parts])
    failures = sum(p.failures for p in parts)
    if isinstance(first, ValidationCurve):
        return ValidationCurve(first.param, tuple(v for p in parts for v in p.values), train, valid, failures)
    return LearningCurve(np.concatenate([p.sizes for p in parts]), train, valid, failures)


# --- reading the scores ---------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    label: str  # underfitting / good fit / overfitting / undefined
    reason: str


def gap_se(train_folds: np.ndarray, validation_folds: np.ndarray) -> float:
    """Standard error of the mean train − validation gap over the folds (NaN folds left out)."""
    gaps = np.asarray(train_folds, dtype=float) - np.asarray(validation_folds, dtype=float)
    gaps = gaps[np.isfinite(gaps)]
    return float(np.std(gaps, ddof=1) / np.sqrt(len(gaps))) if len(gaps) > 1 else 0.0


def gap_threshold(se: float, gap_limit: float = GAP_LIMIT) -> float:
    """The gap that counts as overfitting: `gap_limit`, or two standard errors of the gap when the folds
    disagree more than that (a gap inside its own noise is not evidence of variance)."""
    return max(gap_limit, 2 * se)


def fit_verdict(train: float, validation: float, reference: float | None, gap_limit: float = GAP_LIMIT,
                bias_margin: float = BIAS_MARGIN, se: float = 0.0) -> Verdict:
    """Overfitting when train − validation exceeds `gap_threshold(se)`; else underfitting when the validation
    score is more than `bias_margin` below `reference` (the best validation score reached on this data): with a
    small gap the shortfall is bias, not variance; else good fit.
    `train` and `validation` are cross-validated means, `se` the standard error of their gap."""
    if not all(np.isfinite(v) for v in (train, validation)):
        return Verdict(UNDEFINED, "a score is undefined, so there is nothing to compare.")
    gap, limit = train - validation, gap_threshold(se, gap_limit)
    noise = f" (the larger of {gap_limit} and twice the gap's standard error over the folds, {se:.3f})"
    if gap > limit:
        return Verdict(OVERFITTING, f"train − validation = {gap:.3f} > {limit:.3f}{noise}: it fits the training "
                                    "data much better than new data (high variance).")
    if reference is not None and np.isfinite(reference) and validation < reference - bias_margin:
        return Verdict(UNDERFITTING, f"validation score {validation:.3f} < {reference:.3f} − {bias_margin} (the "
                                     "best validation score reached on this data) while the gap is small "
                                     f"({gap:.3f}): the shortfall is not variance, the model is too rigid for the "
                                     "data (high bias).")
    return Verdict(GOOD_FIT, f"gap {gap:.3f} ≤ {limit:.3f}{noise}, and the validation score is no more than "
                             f"{bias_margin} below the best reached on this data.")


def cv_verdict(current: CrossValidated, reference: float | None) -> Verdict:
    """The verdict at the current setting, from its cross-validated scores (the same fits as the validation
    curve's point there, so the curve's shading and the verdict agree)."""
    return fit_verdict(current.train, current.validation, reference,
                       se=gap_se(current.train_scores, current.validation_scores))


def point_verdicts(curve: ValidationCurve, reference: float | None, gap_limit: float = GAP_LIMIT,
                   bias_margin: float = BIAS_MARGIN) -> list[str]:
    """The verdict's rule applied to the curve's cross-validated means, one label per grid value."""
    return [fit_verdict(t, v, reference, gap_limit, bias_margin, gap_se(tf, vf)).label
            for t, v, tf, vf in zip(curve.train_mean, curve.validation_mean, curve.train_scores,
                                    curve.validation_scores, strict=True)]


def fit_regions(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of consecutive grid values with the same under/overfitting label: (label, first, last index)."""
    runs: list[tuple[str, int, int]] = []
    for i, label in enumerate(labels):
        if label not in (UNDERFITTING, OVERFITTING):
            continue
        if runs and runs[-1][0] == label and runs[-1][2] == i - 1:
            runs[-1] = (label, runs[-1][1], i)
        else:
            runs.append((label, i, i))
    return runs


def reference_score(curve: ValidationCurve, complexity: str, baseline: float | None) -> float | None:
    """What 'a good score on this data' means for the verdict: the best cross-validated score reached,
    by this model's validation curve or by the flexible baseline model."""
    best = curve.best_index(complexity)
    found = [float(curve.validation_mean[best])] if best is not None else []
    if baseline is not None and np.isfinite(baseline):
        found.append(float(baseline))
    return max(found) if found else None


BASELINE_MODEL = "random_forest"  # flexible, needs no tuning: a fair estimate of what the data allows


def baseline_score(X: pd.DataFrame, y: np.ndarray, cv, scoring: str, seed: int,
                   n_jobs: int = N_JOBS) -> float:
    """Cross-validated score of a default random forest on the same rows and folds as the curves."""
    pipeline = models.build_pipeline(BASELINE_MODEL, {}, seed)
    scores = _quietly(lambda: cross_val_score(pipeline, X, y, cv=cv, scoring=scoring, n_jobs=n_jobs,
                                              error_score=np.nan), pipeline)
    return float(np.nanmean(scores)) if not np.isnan(scores).all() else float("nan")


def learning_reading(curve: LearningCurve, reference: float | None = None, gap_limit: float = GAP_LIMIT,
                     bias_margin: float = BIAS_MARGIN) -> str:
    """One line saying what the learning curve suggests: more data, more flexibility, or neither."""
    train, valid = curve.train_mean, curve.validation_mean
    ok = ~(np.isnan(train) | np.isnan(valid))
    if ok.sum() < 2:
        return "Too few training sizes could be fitted to read a trend."
    gap_limit = gap_threshold(gap_se(curve.train_scores[ok][-1], curve.validation_scores[ok][-1]), gap_limit)
    train, valid = train[ok], valid[ok]
    gap = train[-1] - valid[-1]
    rising = valid[-1] - valid[len(valid) // 2] > 0.01
    low = reference is not None and np.isfinite(reference) and valid[-1] < reference - bias_margin
    if gap > gap_limit and rising:
        return (f"The gap ({gap:.3f}) is still closing as the training set grows: high variance — more data "
                "should help, and so would more regularisation.")
    if gap > gap_limit:
        return (f"A large gap ({gap:.3f}) that is no longer closing: high variance — regularise or simplify; "
                "more data helps only slowly.")
    if low:
        return ("Both curves meet and plateau low: high bias — more data will not help; use a more flexible "
                "model or better features.")
    if rising:
        return "Small gap and the validation score still rising: a little more data would still help."
    return (f"The curves meet (gap {gap:.3f}) and have levelled off: the model has enough data for its "
            "flexibility.")


PARAMS = (
    Param("scoring", Choice(tuple(SCORINGS)), "accuracy", "Score",
          help="accuracy: share of correct labels at the 0.5 threshold; roc_auc: ranking quality of the scores."),
    Param("curve_param", lambda c: Choice(tuple(sweepable_knobs(c["model"]))),
          lambda c: sweepable_knobs(c["model"])[0], "Validation curve sweeps",
          help="Which knob the validation curve varies; the others stay as set above."),
)
