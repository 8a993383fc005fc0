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
from sklearn.exceptions import ConvergenceWarning

from lib import models

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


def _coefficients(pipeline, X: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, bool]:
    """The fitted weights, and whether the solver converged: it stopped before its iteration cap, the test
    behind its ConvergenceWarning (read from n_iter_: every session's thread shares the warnings' state)."""
    model = pipeline.fit(X, y)[-1]
    return model.coef_[0].copy(), bool(np.max(model.n_iter_) < model.max_iter)


def coefficient_paths(X: pd.DataFrame, y: np.ndarray, seed: int, C_values=PATH_C) -> CoefficientPaths:
    """Fit L1 and L2 logistic regression at every C and collect the coefficients, one fit after another:
    liblinear's L1 fits take turns in any case (fitting.SHARED_GENERATOR), and in threads beside them the L2 fits
    took longer than in turn (1.5 s against 1.3 s on breast_cancer); processes cost ~2 s to start."""
    with warnings.catch_warnings():  # convergence is read from each fit
        warnings.simplefilter("ignore", ConvergenceWarning)
        found = [_coefficients(models.build_pipeline("logistic_regression", {"C": c, "penalty": p}, seed), X, y)
                 for p in PENALTIES for c in C_values]
    n = len(C_values)
    coefs = {p: np.vstack([w for w, _ in found[i * n:(i + 1) * n]]) for i, p in enumerate(PENALTIES)}
    unconverged = {p: tuple(float(c) for c, (_, ok) in zip(C_values, found[i * n:(i + 1) * n], strict=True) if not ok)
                   for i, p in enumerate(PENALTIES)}
    features = tuple(str(n) for n in models.preprocessor().fit(X).get_feature_names_out())
    return CoefficientPaths("C", np.asarray(C_values, dtype=float), coefs, features, unconverged)
