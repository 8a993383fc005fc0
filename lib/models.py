"""Model registry: id -> pipeline factory, description and complexity knobs.

Every model is a scikit-learn `Pipeline` of the shared preprocessing and one
estimator with `predict_proba`, so every page reads a score in [0, 1] for the
positive class and a threshold means the same thing everywhere. Adding a model
is one `ModelSpec` entry in `REGISTRY`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier


def log_grid(low_exp: int, high_exp: int) -> tuple[float, ...]:
    """1-2-5 steps per decade from 10**low_exp to 10**high_exp: round numbers on a log scale."""
    values = [m * 10.0**e for e in range(low_exp, high_exp) for m in (1, 2, 5)]
    return tuple(float(f"{v:.12g}") for v in values) + (float(10.0**high_exp),)


def format_value(value: Any) -> str:
    """How a knob value is written in the URL and on screen: `0.001`, `1e-09`, `200`."""
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


@dataclass(frozen=True)
class Knob:
    """One model parameter the user can move; `name` is scikit-learn's and the URL key."""

    name: str
    label: str
    grid: tuple  # every value the control offers, in order
    default: Any
    log: bool = False
    help: str = ""
    path: str = ""  # where the parameter lives inside the estimator, if not at `name`
    complexity: str = "higher"  # which end of the grid is more flexible: "higher" / "lower" / "" (a choice)

    @property
    def is_choice(self) -> bool:
        return isinstance(self.default, str)

    @property
    def estimator_path(self) -> str:
        return self.path or self.name

    def coerce(self, value: Any) -> Any:
        """The grid value closest to `value` (or the default if it cannot be read)."""
        if self.is_choice:
            return value if value in self.grid else self.default
        try:
            number = float(value)
        except (TypeError, ValueError):
            return self.default
        if not np.isfinite(number):
            return self.default
        grid = np.asarray(self.grid, dtype=float)
        distance = np.abs(np.log(grid) - np.log(max(number, 1e-300))) if self.log else np.abs(grid - number)
        return self.grid[int(np.argmin(distance))]


@dataclass(frozen=True)
class ModelSpec:
    id: str
    name: str
    description: str
    knobs: tuple[Knob, ...]
    factory: Callable[[dict[str, Any], int], Any]  # (knob values, seed) -> estimator

    def defaults(self) -> dict[str, Any]:
        return {k.name: k.default for k in self.knobs}

    def knob(self, name: str) -> Knob:
        return next(k for k in self.knobs if k.name == name)

    def resolve(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Knob values for this model: given ones snapped to the grid, defaults elsewhere."""
        params = params or {}
        return {k.name: k.coerce(params[k.name]) if k.name in params else k.default for k in self.knobs}


def preprocessor() -> ColumnTransformer:
    """Impute + scale numbers, impute + one-hot categories: one pipeline for every model,
    fitted on training data only, so mixed-type tables such as `churn` work everywhere."""
    numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categorical = make_pipeline(
        SimpleImputer(strategy="most_frequent"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    return ColumnTransformer(
        [("numeric", numeric, make_column_selector(dtype_include=np.number)),
         ("categorical", categorical, make_column_selector(dtype_exclude=np.number))],
        verbose_feature_names_out=False,
    )


# --- factories ---------------------------------------------------------------

def _logistic(p: dict[str, Any], seed: int) -> LogisticRegression:
    l1_ratio = {"l2": 0.0, "l1": 1.0, "elasticnet": p["l1_ratio"]}[p["penalty"]]
    # lbfgs is fast for pure L2; only saga handles L1 and elastic-net (tol 1e-3 keeps it quick).
    if l1_ratio == 0.0:
        return LogisticRegression(C=p["C"], max_iter=5000, random_state=seed)
    return LogisticRegression(C=p["C"], l1_ratio=l1_ratio, solver="saga", tol=1e-3, max_iter=5000, random_state=seed)


def _tree(p: dict[str, Any], seed: int) -> DecisionTreeClassifier:
    return DecisionTreeClassifier(max_depth=p["max_depth"], min_samples_leaf=p["min_samples_leaf"], random_state=seed)


def _forest(p: dict[str, Any], seed: int) -> RandomForestClassifier:
    return RandomForestClassifier(n_estimators=p["n_estimators"], max_depth=p["max_depth"], random_state=seed, n_jobs=-1)


def _boosting(p: dict[str, Any], seed: int) -> GradientBoostingClassifier:
    return GradientBoostingClassifier(
        n_estimators=p["n_estimators"], learning_rate=p["learning_rate"], max_depth=p["max_depth"], random_state=seed
    )


def _svm(p: dict[str, Any], seed: int) -> CalibratedClassifierCV:
    # SVC has no probabilities of its own; Platt scaling (sigmoid) on 3 folds gives
    # scores in [0, 1], as scikit-learn recommends in place of SVC(probability=True).
    return CalibratedClassifierCV(SVC(C=p["C"], gamma=p["gamma"], random_state=seed), method="sigmoid", cv=3, ensemble=False)


def _knn(p: dict[str, Any], seed: int) -> KNeighborsClassifier:  # noqa: ARG001 - deterministic
    return KNeighborsClassifier(n_neighbors=p["n_neighbors"], weights=p["weights"])


def _naive_bayes(p: dict[str, Any], seed: int) -> GaussianNB:  # noqa: ARG001 - deterministic
    return GaussianNB(var_smoothing=p["var_smoothing"])


C_KNOB = Knob("C", "C (inverse regularisation strength)", log_grid(-4, 4), 1.0, log=True,
              help="Small C = strong regularisation (simpler model); large C = weak regularisation.")
DEPTH_HELP = "Maximum depth of a tree; deeper trees fit finer detail (and noise)."

REGISTRY: dict[str, ModelSpec] = {
    spec.id: spec
    for spec in [
        ModelSpec(
            "logistic_regression", "Logistic regression",
            "A weighted sum of the features passed through a sigmoid: the boundary is a straight line "
            "(hyperplane). Needs scaled features; regularisation (C, L1/L2) keeps the weights small.",
            (C_KNOB,
             Knob("penalty", "Penalty", ("l2", "l1", "elasticnet"), "l2", complexity="",
                  help="L2 shrinks all weights; L1 drives some exactly to zero; elastic-net mixes both."),
             Knob("l1_ratio", "L1 share (elastic-net)", tuple(round(i * 0.05, 2) for i in range(21)), 0.5,
                  complexity="", help="Only used with the elastic-net penalty: 0 = pure L2, 1 = pure L1.")),
            _logistic,
        ),
        ModelSpec(
            "decision_tree", "Decision tree",
            "Splits the data with yes/no questions on one feature at a time. Boundaries are axis-aligned "
            "steps; unlimited depth memorises the training set. Needs no scaling.",
            (Knob("max_depth", "max_depth", tuple(range(1, 21)), 5, help=DEPTH_HELP),
             Knob("min_samples_leaf", "min_samples_leaf", tuple(range(1, 51)), 1, complexity="lower",
                  help="Smallest number of training rows a leaf may hold; larger = smoother.")),
            _tree,
        ),
        ModelSpec(
            "random_forest", "Random forest",
            "Many deep trees, each on a bootstrap sample and random feature subsets, voting together. "
            "Averaging cuts the variance of single trees; more trees never overfit more, they only cost time.",
            (Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of trees."),
             Knob("max_depth", "max_depth", tuple(range(1, 21)), 10, help=DEPTH_HELP)),
            _forest,
        ),
        ModelSpec(
            "gradient_boosting", "Gradient boosting",
            "Shallow trees added one after another, each fitting the errors of the ones before. "
            "Strong on tables; many trees with a high learning rate overfit.",
            (Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of boosting stages."),
             Knob("learning_rate", "learning_rate", log_grid(-2, 0), 0.1, log=True,
                  help="How much each new tree corrects; smaller needs more trees."),
             Knob("max_depth", "max_depth", tuple(range(1, 11)), 3, help="Depth of each small tree.")),
            _boosting,
        ),
        ModelSpec(
            "svm", "Support vector machine (RBF)",
            "Finds the widest margin between classes after an RBF kernel maps points into a richer space. "
            "gamma sets how local each point's influence is; C how hard margin violations are punished. "
            "Scores are Platt-calibrated.",
            (replace(C_KNOB, path="estimator__C"),
             Knob("gamma", "gamma (kernel width)", log_grid(-4, 2), 0.1, log=True, path="estimator__gamma",
                  help="Large gamma = each point influences only its close neighbours (wiggly boundary).")),
            _svm,
        ),
        ModelSpec(
            "knn", "k-nearest neighbours",
            "Predicts from the labels of the k closest training points. Needs scaled features; "
            "small k follows every noisy point, large k smooths everything away.",
            (Knob("n_neighbors", "n_neighbors", tuple(range(1, 101)), 5, complexity="lower",
                  help="Number of neighbours that vote; 1 memorises the training set."),
             Knob("weights", "Vote weights", ("uniform", "distance"), "uniform", complexity="",
                  help="distance: closer neighbours count more.")),
            _knn,
        ),
        ModelSpec(
            "naive_bayes", "Gaussian naive Bayes",
            "Bayes' theorem with the 'naive' assumption that features are independent given the class, "
            "each Gaussian. Fast and robust with little data; its probabilities are often over-confident.",
            (Knob("var_smoothing", "var_smoothing", log_grid(-12, 0), 1e-9, log=True, complexity="lower",
                  help="Variance added to every feature for stability; large values flatten the model."),),
            _naive_bayes,
        ),
    ]
}

ALL_KNOB_NAMES = sorted({k.name for spec in REGISTRY.values() for k in spec.knobs})


def build_pipeline(model_id: str, params: Mapping[str, Any] | None = None, seed: int = 0) -> Pipeline:
    """Preprocessing + estimator for `model_id`, with knob values snapped to their grids."""
    spec = REGISTRY[model_id]
    return Pipeline([("prep", preprocessor()), ("model", spec.factory(spec.resolve(params), seed))])


def pipeline_param(model_id: str, knob_name: str) -> str:
    """The `Pipeline.set_params` / `validation_curve` name of a knob (e.g. `model__estimator__C`)."""
    return "model__" + REGISTRY[model_id].knob(knob_name).estimator_path
