"""Model registry: id -> estimator (as a `Call`), knobs, main complexity knob, description, task.

Every classifier is a scikit-learn `Pipeline` of the shared preprocessing and one
estimator with `predict_proba`, so every page reads a score in [0, 1] for the
positive class and a threshold means the same thing everywhere. Regressors
(`task=REGRESSOR`) sit behind the same preprocessing, so a linear model's
coefficients are per standard deviation of a feature. Adding a model is one
`ModelSpec` entry in `REGISTRY`: the pages that offer its task, the URL table, the
curves and the "Reproduce in code" scripts all read it from there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, PolynomialFeatures, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from lib.code import NP_NUMBER, Call, Var

CLASSIFIER, REGRESSOR = "classifier", "regressor"


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
    when: tuple[str, Any] | None = None  # shown (and read from the URL) only when knob when[0] has value when[1]

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
    """Everything about one model: what it is, its knobs, and its estimator as a `Call` (built for the page,
    printed for the scripts from the same tree)."""

    id: str
    name: str
    description: str
    knobs: tuple[Knob, ...]
    estimator: Callable[[dict[str, Any], int], Call]  # (resolved knob values, seed) -> the estimator
    main_knob: str | None  # the complexity knob a validation curve sweeps (None: a model without knobs)
    task: str = CLASSIFIER

    def knob(self, name: str) -> Knob:
        return next(k for k in self.knobs if k.name == name)

    def resolve(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Knob values for this model: given ones snapped to the grid, defaults elsewhere."""
        params = params or {}
        return {k.name: k.coerce(params[k.name]) if k.name in params else k.default for k in self.knobs}

    def call(self, params: Mapping[str, Any] | None = None, seed: int = 0) -> Call:
        return self.estimator(self.resolve(params), seed)

    def shown_knobs(self, values: Mapping[str, Any]) -> list[Knob]:
        """The knobs a page shows, given the values of the others (l1_ratio only with elastic-net)."""
        return [k for k in self.knobs if k.when is None or values.get(k.when[0]) == k.when[1]]

    @property
    def class_weight_params(self) -> tuple[str, ...]:
        """The estimator's parameters called `class_weight` (`estimator__class_weight` inside the SVM's
        calibration wrapper); empty when the model has none (every regressor). Read off the estimator, so it
        cannot drift."""
        return _class_weight_params(self.call().build())


def _class_weight_params(estimator: Any) -> tuple[str, ...]:
    return tuple(name for name in estimator.get_params(deep=True) if name.split("__")[-1] == "class_weight")


def preprocessor_call(scale: bool = True) -> Call:
    """Impute (+ scale) numbers, impute + one-hot categories: one pipeline for every model, fitted on
    training data only, so mixed-type tables such as `churn` work everywhere. Clustering and PCA can
    turn the scaling off."""
    numeric = Var("numeric", Call(make_pipeline, Call(SimpleImputer, strategy="median"), Call(StandardScaler))
                  if scale else Call(SimpleImputer, strategy="median"))
    categorical = Var("categorical", Call(make_pipeline, Call(SimpleImputer, strategy="most_frequent"),
                                          Call(OneHotEncoder, handle_unknown="ignore", sparse_output=False)))
    return Call(ColumnTransformer,
                [("numeric", numeric, Call(make_column_selector, dtype_include=NP_NUMBER)),
                 ("categorical", categorical, Call(make_column_selector, dtype_exclude=NP_NUMBER))],
                verbose_feature_names_out=False)


def preprocessor(scale: bool = True) -> ColumnTransformer:
    return preprocessor_call(scale).build()


# --- estimators -----------------------------------------------------------------

def _logistic(p: dict[str, Any], seed: int) -> Call:
    l1_ratio = {"l2": 0.0, "l1": 1.0, "elasticnet": p["l1_ratio"]}[p["penalty"]]
    # lbfgs is fast for pure L2. For pure L1, liblinear's coordinate descent converges where saga at a loose
    # tolerance stops far from the optimum with no warning (its L1 weights plateaued near 2 at C = 1e4 while
    # L2's reached 50); with a weak penalty a non-converged fit warns. Only saga handles elastic-net.
    if l1_ratio == 0.0:
        return Call(LogisticRegression, C=p["C"], max_iter=5000, random_state=seed)
    if l1_ratio == 1.0:
        # liblinear stops when the gradient falls by `tol` relative to the first one, which grows with C: a
        # fixed tol stops early at weak penalties without a warning, so it shrinks as C grows.
        return Call(LogisticRegression, C=p["C"], l1_ratio=1.0, solver="liblinear", tol=1e-4 / max(1.0, p["C"]),
                    max_iter=30, random_state=seed)
    return Call(LogisticRegression, C=p["C"], l1_ratio=float(l1_ratio), solver="saga", tol=1e-3, max_iter=5000,
                random_state=seed)


def _svm(p: dict[str, Any], seed: int) -> Call:
    # SVC has no probabilities of its own; Platt scaling (sigmoid) on 3 folds gives
    # scores in [0, 1], as scikit-learn recommends in place of SVC(probability=True).
    return Call(CalibratedClassifierCV, Call(SVC, C=p["C"], gamma=p["gamma"], random_state=seed),
                method="sigmoid", cv=3, ensemble=False)


# --- regressors: knob names and grids shared with the classifiers where the URL key is the same -------

ALPHA_GRID = log_grid(-4, 4)  # one grid for ridge, lasso and elastic-net (one URL key `alpha`)
ALPHA_HELP = ("Penalty strength on the coefficients (scikit-learn's `alpha`): near 0 it is plain least squares, "
              "large values shrink every coefficient towards 0.")
MAX_ITER = 10_000  # coordinate descent at tiny alpha needs more than the default 1,000 sweeps


def alpha_knob(default: float) -> Knob:
    return Knob("alpha", "alpha (regularisation strength)", ALPHA_GRID, default, log=True, complexity="lower",
                help=ALPHA_HELP)


def _polynomial(p: dict[str, Any], _seed: int) -> Call:  # deterministic
    # Scale the expanded terms again: x1**3 and x1 live on very different scales.
    return Call(make_pipeline, Call(PolynomialFeatures, degree=p["degree"], include_bias=False), Call(StandardScaler),
                Call(LinearRegression))


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
                  complexity="", when=("penalty", "elasticnet"),
                  help="Only used with the elastic-net penalty: 0 = pure L2, 1 = pure L1.")),
            _logistic, "C",
        ),
        ModelSpec(
            "decision_tree", "Decision tree",
            "Splits the data with yes/no questions on one feature at a time. Boundaries are axis-aligned "
            "steps; unlimited depth memorises the training set. Needs no scaling.",
            (Knob("max_depth", "max_depth", tuple(range(1, 21)), 5, help=DEPTH_HELP),
             Knob("min_samples_leaf", "min_samples_leaf", tuple(range(1, 51)), 1, complexity="lower",
                  help="Smallest number of training rows a leaf may hold; larger = smoother.")),
            lambda p, seed: Call(DecisionTreeClassifier, **p, random_state=seed), "max_depth",
        ),
        ModelSpec(
            "random_forest", "Random forest",
            "Many deep trees, each on a bootstrap sample and random feature subsets, voting together. "
            "Averaging cuts the variance of single trees; more trees never overfit more, they only cost time.",
            (Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of trees."),
             Knob("max_depth", "max_depth", tuple(range(1, 21)), 10, help=DEPTH_HELP)),
            lambda p, seed: Call(RandomForestClassifier, **p, random_state=seed, n_jobs=-1), "max_depth",
        ),
        ModelSpec(
            "gradient_boosting", "Gradient boosting",
            "Shallow trees added one after another, each fitting the errors of the ones before. "
            "Strong on tables; many trees with a high learning rate overfit.",
            (Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of boosting stages."),
             Knob("learning_rate", "learning_rate", log_grid(-2, 0), 0.1, log=True,
                  help="How much each new tree corrects; smaller needs more trees."),
             Knob("max_depth", "max_depth", tuple(range(1, 11)), 3, help="Depth of each small tree.")),
            lambda p, seed: Call(GradientBoostingClassifier, **p, random_state=seed), "n_estimators",
        ),
        ModelSpec(
            "svm", "Support vector machine (RBF)",
            "Finds the widest margin between classes after an RBF kernel maps points into a richer space. "
            "gamma sets how local each point's influence is; C how hard margin violations are punished. "
            "Scores are Platt-calibrated.",
            (replace(C_KNOB, path="estimator__C"),
             Knob("gamma", "gamma (kernel width)", log_grid(-4, 2), 0.1, log=True, path="estimator__gamma",
                  help="Large gamma = each point influences only its close neighbours (wiggly boundary).")),
            _svm, "gamma",
        ),
        ModelSpec(
            "knn", "k-nearest neighbours",
            "Predicts from the labels of the k closest training points. Needs scaled features; "
            "small k follows every noisy point, large k smooths everything away.",
            (Knob("n_neighbors", "n_neighbors", tuple(range(1, 101)), 5, complexity="lower",
                  help="Number of neighbours that vote; 1 memorises the training set."),
             Knob("weights", "Vote weights", ("uniform", "distance"), "uniform", complexity="",
                  help="distance: closer neighbours count more.")),
            lambda p, _seed: Call(KNeighborsClassifier, **p), "n_neighbors",  # deterministic: no seed
        ),
        ModelSpec(
            "naive_bayes", "Gaussian naive Bayes",
            "Bayes' theorem with the 'naive' assumption that features are independent given the class, "
            "each Gaussian. Fast and robust with little data; its probabilities are often over-confident.",
            (Knob("var_smoothing", "var_smoothing", log_grid(-12, 0), 1e-9, log=True, complexity="lower",
                  help="Variance added to every feature for stability; large values flatten the model."),),
            lambda p, _seed: Call(GaussianNB, **p), "var_smoothing",
        ),
        ModelSpec(
            "linear_regression", "Linear regression (least squares)",
            "A weighted sum of the features plus an intercept, with the weights that minimise the squared "
            "errors on the training rows. No knobs: the baseline every assumption of linear regression is about.",
            (), lambda _p, _seed: Call(LinearRegression), None, task=REGRESSOR,
        ),
        ModelSpec(
            "ridge", "Ridge regression (L2)",
            "Least squares plus alpha × the sum of squared coefficients: every weight shrinks, none becomes "
            "exactly 0. Steadies the estimates when features are correlated.",
            (alpha_knob(1.0),), lambda p, _seed: Call(Ridge, alpha=p["alpha"]), "alpha", task=REGRESSOR,
        ),
        ModelSpec(
            "lasso", "Lasso regression (L1)",
            "Least squares plus alpha × the sum of absolute coefficients: weak features get a weight of exactly "
            "0, so it also selects features.",
            (alpha_knob(0.01),),
            lambda p, seed: Call(Lasso, alpha=p["alpha"], max_iter=MAX_ITER, random_state=seed), "alpha",
            task=REGRESSOR,
        ),
        ModelSpec(
            "elastic_net", "Elastic net (L1 + L2)",
            "A mix of the lasso and ridge penalties: selects features like the lasso but shares weight between "
            "correlated features like ridge.",
            (alpha_knob(0.01),
             Knob("l1_ratio", "L1 share", tuple(round(i * 0.05, 2) for i in range(21)), 0.5, complexity="",
                  help="0 = pure ridge (L2), 1 = pure lasso (L1).")),
            lambda p, seed: Call(ElasticNet, alpha=p["alpha"], l1_ratio=p["l1_ratio"], max_iter=MAX_ITER,
                                 random_state=seed), "alpha", task=REGRESSOR,
        ),
        ModelSpec(
            "polynomial", "Polynomial regression",
            "Least squares on the features and all their products and powers up to `degree`: follows curves a "
            "straight line cannot, and with a high degree the noise as well.",
            (Knob("degree", "degree", tuple(range(1, 7)), 2, path="polynomialfeatures__degree",
                  help="Highest power (and product) of the features; 1 is plain linear regression."),),
            _polynomial, "degree", task=REGRESSOR,
        ),
        ModelSpec(
            "random_forest_regressor", "Random forest (regression)",
            "Many deep trees on bootstrap samples, averaged: follows curves and interactions without assuming "
            "their shape, but has no coefficients to interpret and cannot extrapolate beyond the training range.",
            (Knob("n_estimators", "n_estimators", tuple(range(1, 501)), 100, help="Number of trees."),
             Knob("max_depth", "max_depth", tuple(range(1, 21)), 10, help=DEPTH_HELP)),
            lambda p, seed: Call(RandomForestRegressor, **p, random_state=seed, n_jobs=-1), "max_depth",
            task=REGRESSOR,
        ),
    ]
}



def register(spec: ModelSpec) -> ModelSpec:
    """Add a model (tests register throwaway ones); every page that offers its task picks it up."""
    REGISTRY[spec.id] = spec
    return spec


def ids_for(task: str) -> list[str]:
    return [spec.id for spec in REGISTRY.values() if spec.task == task]


def all_knob_names() -> set[str]:
    return {k.name for spec in REGISTRY.values() for k in spec.knobs}


def pipeline_call(model_id: str, params: Mapping[str, Any] | None = None, seed: int = 0,
                  preprocess: Any = None) -> Call:
    """Preprocessing + estimator as one `Call`; a script prints the preprocessing as `preprocess = ...` first."""
    prep = preprocess if preprocess is not None else Var("preprocess", preprocessor_call())
    return Call(Pipeline, [("prep", prep), ("model", Var("estimator", REGISTRY[model_id].call(params, seed)))])


def build_pipeline(model_id: str, params: Mapping[str, Any] | None = None, seed: int = 0) -> Pipeline:
    """Preprocessing + estimator for `model_id`, with knob values snapped to their grids."""
    return pipeline_call(model_id, params, seed).build()


def pipeline_param(model_id: str, knob_name: str) -> str:
    """The `Pipeline.set_params` / `validation_curve` name of a knob (e.g. `model__estimator__C`)."""
    return "model__" + REGISTRY[model_id].knob(knob_name).estimator_path
