"""Regularisation paths of logistic regression: every coefficient against C, for L1 and for L2.

Each point is the registry's own logistic regression (same preprocessing,
solver and tolerance as the page's model) fitted on the training split at one C,
so the path at the current C is exactly the model the page scores.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.exceptions import ConvergenceWarning

from lib import models
from lib.fitting import N_JOBS

PATH_C = models.log_grid(-4, 4)  # the C knob's own grid: 1-2-5 steps from 1e-4 to 1e4
PENALTIES = ("l1", "l2")


@dataclass(frozen=True)
class CoefficientPaths:
    C: np.ndarray  # (n_C,)
    coefs: dict[str, np.ndarray]  # penalty -> (n_C, n_features), on standardised features
    features: tuple[str, ...]

    def nonzero(self, penalty: str, C: float) -> int:
        """How many coefficients are not exactly zero at the grid C closest to `C`."""
        return int(np.count_nonzero(self.coefs[penalty][self.index(C)]))

    def index(self, C: float) -> int:
        return int(np.argmin(np.abs(np.log10(self.C) - np.log10(C))))

    def largest(self, n: int) -> list[int]:
        """Feature indices with the largest |coefficient| anywhere on either path (the ones worth drawing)."""
        peak = np.max([np.abs(c).max(axis=0) for c in self.coefs.values()], axis=0)
        return [int(i) for i in np.argsort(-peak, kind="stable")[:n]]


def _coefficients(X: pd.DataFrame, y: np.ndarray, penalty: str, C: float, seed: int) -> np.ndarray:
    pipeline = models.build_pipeline("logistic_regression", {"C": C, "penalty": penalty}, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # expected at tiny/huge C; coefficients still drawn
        pipeline.fit(X, y)
    return pipeline[-1].coef_[0].copy()


def coefficient_paths(X: pd.DataFrame, y: np.ndarray, seed: int, C_values=PATH_C,
                      n_jobs: int = N_JOBS) -> CoefficientPaths:
    """Fit L1 and L2 logistic regression at every C (in parallel) and collect the coefficients."""
    jobs = [(p, c) for p in PENALTIES for c in C_values]
    found = Parallel(n_jobs=n_jobs)(delayed(_coefficients)(X, y, p, c, seed) for p, c in jobs)
    coefs = {p: np.vstack(found[i * len(C_values):(i + 1) * len(C_values)]) for i, p in enumerate(PENALTIES)}
    features = tuple(str(n) for n in models.preprocessor().fit(X).get_feature_names_out())
    return CoefficientPaths(np.asarray(C_values, dtype=float), coefs, features)
