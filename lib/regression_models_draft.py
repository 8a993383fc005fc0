"""Regression models for the model registry (task "regressor"), drafted here for the lead to move into lib/models.py.

Each entry's `estimator` is `(knob values, seed) -> Call`: the page builds the estimator from it and the
"Reproduce in code" script prints the same tree. The app's shared preprocessing (impute + scale numbers,
one-hot categories) runs before every estimator, so linear coefficients are per standard deviation of a
feature. Knob names and grids reuse the classifiers' where they share a URL key (`l1_ratio`,
`n_estimators`, `max_depth`), so one key keeps one grid.
"""
from __future__ import annotations

from typing import Any

from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from lib.code import Call
from lib.models import Knob, log_grid

REGRESSOR = "regressor"

# One alpha grid for ridge, lasso and elastic-net (one URL key `alpha`); their defaults differ.
ALPHA_GRID = log_grid(-4, 4)
ALPHA_HELP = ("Penalty strength on the coefficients (scikit-learn's `alpha`): 0 would be plain least squares, "
              "large values shrink every coefficient towards 0.")
MAX_ITER = 10_000  # coordinate descent at tiny alpha needs more than the default 1,000 sweeps


def _alpha(default: float) -> Knob:
    return Knob("alpha", "alpha (regularisation strength)", ALPHA_GRID, default, log=True, complexity="lower",
                help=ALPHA_HELP)


def _linear(p: dict[str, Any], seed: int) -> Call:  # noqa: ARG001 - no knobs, deterministic
    return Call(LinearRegression)


def _ridge(p: dict[str, Any], seed: int) -> Call:  # noqa: ARG001 - deterministic solver
    return Call(Ridge, alpha=p["alpha"])


def _lasso(p: dict[str, Any], seed: int) -> Call:
    return Call(Lasso, alpha=p["alpha"], max_iter=MAX_ITER, random_state=seed)


def _elastic_net(p: dict[str, Any], seed: int) -> Call:
    return Call(ElasticNet, alpha=p["alpha"], l1_ratio=p["l1_ratio"], max_iter=MAX_ITER, random_state=seed)


def _polynomial(p: dict[str, Any], seed: int) -> Call:  # noqa: ARG001 - deterministic
    # Scale the expanded terms again: x1**3 and x1 live on very different scales.
    return Call(make_pipeline, Call(PolynomialFeatures, degree=p["degree"], include_bias=False), Call(StandardScaler),
                Call(LinearRegression))


def _forest(p: dict[str, Any], seed: int) -> Call:
    return Call(RandomForestRegressor, n_estimators=p["n_estimators"], max_depth=p["max_depth"], random_state=seed,
                n_jobs=-1)


ENTRIES: list[dict[str, Any]] = [
    dict(id="linear_regression", name="Linear regression (least squares)",
         description="A weighted sum of the features plus an intercept, with the weights that minimise the squared "
                     "errors on the training rows. No knobs: the baseline every assumption on this page is about.",
         knobs=(), estimator=_linear, main_knob=None),
    dict(id="ridge", name="Ridge regression (L2)",
         description="Least squares plus alpha × the sum of squared coefficients: every weight shrinks, none "
                     "becomes exactly 0. Steadies the estimates when features are correlated.",
         knobs=(_alpha(1.0),), estimator=_ridge, main_knob="alpha"),
    dict(id="lasso", name="Lasso regression (L1)",
         description="Least squares plus alpha × the sum of absolute coefficients: weak features get a weight of "
                     "exactly 0, so it also selects features.",
         knobs=(_alpha(0.01),), estimator=_lasso, main_knob="alpha"),
    dict(id="elastic_net", name="Elastic net (L1 + L2)",
         description="A mix of the lasso and ridge penalties: selects features like the lasso but shares weight "
                     "between correlated features like ridge.",
         knobs=(_alpha(0.01),
                Knob("l1_ratio", "L1 share", tuple(round(i * 0.05, 2) for i in range(21)), 0.5, complexity="",
                     help="0 = pure ridge (L2), 1 = pure lasso (L1).")),
         estimator=_elastic_net, main_knob="alpha"),
    dict(id="polynomial", name="Polynomial regression",
         description="Least squares on the features and all their products and powers up to `degree`: curves a "
                     "straight line cannot follow, and with a high degree the noise as well.",
         knobs=(Knob("degree", "degree", tuple(range(1, 7)), 2, path="polynomialfeatures__degree",
                     help="Highest power (and product) of the features; 1 is plain linear regression."),),
         estimator=_polynomial, main_knob="degree"),
    dict(id="random_forest_regressor", name="Random forest (regression)",
         description="Many deep trees on bootstrap samples, averaged: follows curves and interactions with no "
                     "assumptions about their shape, but has no coefficients to interpret and cannot extrapolate.",
         knobs=(Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of trees."),
                Knob("max_depth", "max_depth", tuple(range(1, 21)), 10,
                     help="Maximum depth of each tree; deeper trees follow finer detail (and noise).")),
         estimator=_forest, main_knob="max_depth"),
]

BY_ID: dict[str, dict[str, Any]] = {entry["id"]: entry for entry in ENTRIES}


def resolve(model_id: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Knob values for `model_id`: given ones snapped to their grids, defaults elsewhere."""
    params = params or {}
    return {k.name: k.coerce(params[k.name]) if k.name in params else k.default for k in BY_ID[model_id]["knobs"]}


def estimator_call(model_id: str, params: dict[str, Any] | None = None, seed: int = 0) -> Call:
    return BY_ID[model_id]["estimator"](resolve(model_id, params), seed)
