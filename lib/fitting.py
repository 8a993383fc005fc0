"""The evaluation protocol every classification page shares.

A stratified train/test split with `test_size` and `random_state=seed`, one
pipeline fitted on the training split, scores for the positive class on the
test split; cross-validation (curves, resampler comparison) runs on the training
split with the one splitter rule below. The same inputs always give the same numbers.
"""
from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from joblib import parallel_config
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC, LinearSVC, LinearSVR, _liblinear, _libsvm
from threadpoolctl import threadpool_limits

from lib import models
from lib.datasets import Dataset
from lib.errors import UserError

CV_FOLDS = 5
N_JOBS = 2  # both cores of the hosted machine
# One BLAS/OpenMP thread per computation: the server's parallelism is its sessions and the joblib threads of
# parallel_for, and BLAS's own threads on top oversubscribed the cores (a cold /validation search took 9.3 s
# of CPU instead of 5.3). loky's workers set the same limit for themselves.
threadpool_limits(1)


def seeds_a_shared_generator(estimator) -> bool:
    """liblinear, and libsvm when it computes probabilities, draw from one generator per process, seeded at
    each fit: in one process their fits take turns (SHARED_GENERATOR), so they parallelise only in processes."""
    model = estimator[-1] if isinstance(estimator, Pipeline) else estimator
    while getattr(model, "estimator", None) is not None:  # a meta-estimator (calibration): its inner model
        model = model.estimator
    return (getattr(model, "solver", None) == "liblinear" or isinstance(model, LinearSVC | LinearSVR)
            or (isinstance(model, SVC) and model.probability is True))  # its default is "deprecated"


# liblinear and libsvm draw from one C-level generator per process, seeded inside each fit (scikit-learn
# issue #8410). Two sessions fitting at once in the server's threads interleave its draws, and the same link
# then shows other numbers: two sessions' L1 logistic fits on breast_cancer had coefficients up to 8.8 apart
# from the same fits made alone (C from 0.01 to 1000, where the weak penalties stop at max_iter). One lock
# keeps each such fit whole (as Tribuo does for the same libraries); only the calls that draw take it (libsvm
# draws only for its own probabilities; no model here asks for them on sparse data).
SHARED_GENERATOR = threading.Lock()


def _one_at_a_time(solver, draws=None):
    if getattr(solver, "holds_shared_generator", False):  # a module reload must not wrap it twice
        return solver

    @functools.wraps(solver)
    def whole(*args, **kwargs):
        if draws is not None and not draws(kwargs):
            return solver(*args, **kwargs)
        with SHARED_GENERATOR:
            return solver(*args, **kwargs)
    whole.holds_shared_generator = True
    return whole


_liblinear.train_wrap = _one_at_a_time(_liblinear.train_wrap)
_libsvm.fit = _one_at_a_time(_libsvm.fit, lambda kwargs: bool(kwargs.get("probability")))


def parallel_for(*estimators):
    """joblib's backend for parallel fits of `estimators`: threads, or loky's worker processes when one of
    them seeds a shared generator. Starting those processes (each imports scikit-learn) took ~2 s of a cold
    server's first /fitting view, and again after each 300 s idle; the fits here are small and spend their
    time in numpy, scipy and the solvers, which release the GIL. The "Reproduce in code" scripts keep
    joblib's default."""
    shared = any(seeds_a_shared_generator(e) for e in estimators)
    return parallel_config(backend="loky" if shared else "threading")


class EvaluationError(UserError):
    """The data cannot be evaluated as asked; the message says why in plain words."""


@dataclass(frozen=True)
class Split:
    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: np.ndarray  # 1 = positive class, 0 = the rest
    y_test: np.ndarray


@dataclass(frozen=True)
class FittedModel:
    pipeline: Pipeline
    split: Split
    y_score: np.ndarray  # predicted probability of the positive class on the test split
    warnings: tuple[str, ...] = ()

    @property
    def y_true(self) -> np.ndarray:
        return self.split.y_test


def stratified_split(X: pd.DataFrame, y: np.ndarray, test_size: float, seed: int) -> Split:
    """`train_test_split(..., stratify=y, random_state=seed)`, with a readable error when impossible."""
    counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
    if (counts == 0).any():
        raise EvaluationError("The target has only one class here, so there is nothing to tell apart.")
    n_test = int(np.ceil(test_size * len(y)))
    if counts.min() < 2 or n_test < 2 or len(y) - n_test < 2:
        raise EvaluationError(
            f"Too few rows to split: the smaller class has {counts.min()} rows and the test split would hold "
            f"{n_test} of {len(y)}. Use more rows, a larger minority share or a different test size."
        )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)
    return Split(X_train, X_test, np.asarray(y_train), np.asarray(y_test))


def cv_splitter(y: np.ndarray, seed: int, folds: int = CV_FOLDS) -> StratifiedKFold:
    """The one cross-validation rule: stratified, shuffled with `seed`, `folds` folds (fewer when a class has
    fewer training rows than that, since every fold needs one of each)."""
    smallest = int(np.bincount(np.asarray(y, dtype=int), minlength=2).min())
    if smallest < 2:
        raise EvaluationError(
            f"The training split holds {smallest} row(s) of one class, too few for cross-validation. "
            "Use more rows, a larger share of that class, a smaller test size or another positive class."
        )
    return StratifiedKFold(n_splits=min(folds, smallest), shuffle=True, random_state=seed)


def fit_pipeline(pipeline: Pipeline, X: pd.DataFrame, y: np.ndarray) -> tuple[Pipeline, tuple[str, ...]]:
    """Fit, turning convergence warnings into notes the page can show instead of log noise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        pipeline.fit(X, y)
    notes = tuple(
        "The optimiser stopped before converging; the scores are still valid for the model it reached."
        for w in caught if issubclass(w.category, ConvergenceWarning)
    )
    return pipeline, tuple(dict.fromkeys(notes))


def positive_scores(pipeline: Pipeline, X: pd.DataFrame) -> np.ndarray:
    """Probability of class 1 (the positive class)."""
    proba = pipeline.predict_proba(X)
    column = list(pipeline.classes_).index(1)
    return proba[:, column]


def fit_and_score(
    dataset: Dataset,
    model_id: str,
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
    test_size: float = 0.25,
    positive: str | None = None,
) -> FittedModel:
    """Split `dataset` (one-vs-rest on `positive`), fit `model_id`, score the test split."""
    y = dataset.binary_target(positive)
    split = stratified_split(dataset.X, y, test_size, seed)
    pipeline = models.build_pipeline(model_id, params, seed)
    pipeline, notes = fit_pipeline(pipeline, split.X_train, split.y_train)
    return FittedModel(pipeline, split, positive_scores(pipeline, split.X_test), notes)
