"""Regularisation paths: every coefficient against the penalty knob, for L1 and for L2 (here: logistic
regression against C; `lib.regression` builds the lasso/ridge paths against alpha in the same type).

Each point is the registry's own logistic regression (same preprocessing,
solver and tolerance as the page's model) fitted on the training split at one C,
so the path at the current C is exactly the model the page scores.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.exceptions import ConvergenceWarning

from lib import models
from lib.fitting import N_JOBS

PATH_C = models.log_grid(-4, 4)  # the C knob's own grid: 1-2-5 steps from 1e-4 to 1e4
PENALTIES = ("l1", "l2")


@dataclass(frozen=True, eq=False)
class CoefficientPaths:
    """Every coefficient against a regularisation knob, for an L1 and an L2 family of the same model.
    Shared by the fitting page (logistic regression against C) and the regression page (lasso and ridge against
    alpha), so both draw the same picture from the same code (`lib.plots.paths`)."""

    knob: str  # "C" (larger = weaker penalty) or "alpha" (larger = stronger)
    values: np.ndarray  # (n_values,) the knob's grid
    coefs: dict[str, np.ndarray]  # family ("l1"/"l2", "lasso"/"ridge") -> (n_values, n_features); L1 family first
    features: tuple[str, ...]
    unconverged: dict[str, tuple[float, ...]] = field(default_factory=dict)  # family -> knob values that warned

    def unconverged_note(self) -> str | None:
        """Which points of the paths the solver left before convergence (drawn, but not the optimum)."""
        parts = [f"{p.upper()} at {self.knob} = {', '.join(models.format_value(c) for c in cs)}"
                 for p, cs in self.unconverged.items() if cs]
        if not parts:
            return None
        return ("The solver stopped at its iteration cap before converging for " + "; ".join(parts)
                + ": those points are close to, but not exactly, the optimum.")

    def index(self, value: float) -> int:
        """The grid position closest to `value` (on the log scale)."""
        return int(np.argmin(np.abs(np.log10(self.values) - np.log10(value))))

    def nonzero(self, family: str, value: float) -> int:
        """How many coefficients are not exactly zero at the grid value closest to `value`."""
        return int(np.count_nonzero(self.coefs[family][self.index(value)]))

    def largest(self, n: int) -> list[int]:
        """Feature indices with the largest |coefficient| anywhere on either path (the ones worth drawing)."""
        peak = np.max([np.abs(c).max(axis=0) for c in self.coefs.values()], axis=0)
        return [int(i) for i in np.argsort(-peak, kind="stable")[:n]]


def _coefficients(X: pd.DataFrame, y: np.ndarray, penalty: str, C: float, seed: int) -> tuple[np.ndarray, bool]:
    """The fitted weights, and whether the solver converged (its ConvergenceWarning, kept rather than hidden)."""
    pipeline = models.build_pipeline("logistic_regression", {"C": C, "penalty": penalty}, seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        pipeline.fit(X, y)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return pipeline[-1].coef_[0].copy(), converged


def coefficient_paths(X: pd.DataFrame, y: np.ndarray, seed: int, C_values=PATH_C,
                      n_jobs: int = N_JOBS) -> CoefficientPaths:
    """Fit L1 and L2 logistic regression at every C (in parallel) and collect the coefficients."""
    jobs = [(p, c) for p in PENALTIES for c in C_values]
    found = Parallel(n_jobs=n_jobs)(delayed(_coefficients)(X, y, p, c, seed) for p, c in jobs)
    n = len(C_values)
    coefs = {p: np.vstack([w for w, _ in found[i * n:(i + 1) * n]]) for i, p in enumerate(PENALTIES)}
    unconverged = {p: tuple(float(c) for c, (_, ok) in zip(C_values, found[i * n:(i + 1) * n], strict=True) if not ok)
                   for i, p in enumerate(PENALTIES)}
    features = tuple(str(n) for n in models.preprocessor().fit(X).get_feature_names_out())
    return CoefficientPaths("C", np.asarray(C_values, dtype=float), coefs, features, unconverged)
