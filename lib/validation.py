"""Cross-validation and tuning: the splitters drawn fold by fold, their fold scores, three leakage demos, a
hyperparameter search over two knobs of the model, and nested against non-nested CV.

Everything here is scikit-learn's own: the splitter objects (`KFold`, `GroupKFold`, …) give the fold indices,
`cross_validate` gives the fold scores, `GridSearchCV` / `RandomizedSearchCV` / `HalvingGridSearchCV` give the
search scores, so every number the page shows is one a reader can recompute. The protocol is the app's:
a stratified train/test split of `test_size` with `random_state=seed`; cross-validation and search run on the
training rows (a stratified sample of `CV_MAX_ROWS` of them on large data), the test rows give `Test score`.
"""
from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning, UndefinedMetricWarning
from sklearn.experimental import enable_halving_search_cv  # noqa: F401 - makes HalvingGridSearchCV importable
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.metrics import get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    HalvingGridSearchCV,
    KFold,
    LeaveOneOut,
    RandomizedSearchCV,
    ShuffleSplit,
    StratifiedGroupKFold,
    StratifiedKFold,
    StratifiedShuffleSplit,
    TimeSeriesSplit,
    cross_val_score,
    cross_validate,
    train_test_split,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from lib import curves, datasets, live_checks, models
from lib.code import Call
from lib.datasets import Dataset
from lib.errors import UserError
from lib.fitting import N_JOBS, parallel_for
from lib.live_checks import LiveCheck
from lib.params import Choice, Context, Number, Param, Toggle


@dataclass(frozen=True)
class CvSetting:
    """The validation page's splitter settings: with the experiment, the cache key of every step."""

    cv: str
    n_splits: int
    shuffle: bool
    scoring: str
    group_effect: float


# --- the page's vocabulary -------------------------------------------------------------------------

CV_IDS = ("kfold", "stratified_kfold", "group_kfold", "stratified_group_kfold", "shuffle_split",
          "stratified_shuffle_split", "time_series_split", "leave_one_out")
SPLITTER_CLASS = {"kfold": KFold, "stratified_kfold": StratifiedKFold, "group_kfold": GroupKFold,
                  "stratified_group_kfold": StratifiedGroupKFold, "shuffle_split": ShuffleSplit,
                  "stratified_shuffle_split": StratifiedShuffleSplit, "time_series_split": TimeSeriesSplit,
                  "leave_one_out": LeaveOneOut}
SHUFFLES = ("kfold", "stratified_kfold", "group_kfold", "stratified_group_kfold")  # take `shuffle`
GROUPED = ("group_kfold", "stratified_group_kfold")
STRATIFIED = ("stratified_kfold", "stratified_group_kfold", "stratified_shuffle_split")
SCORINGS = {"accuracy": "accuracy", "roc_auc": "ROC-AUC", "f1": "F1", "average_precision": "average precision"}
DEMOS = ("preprocessing", "groups", "time")
SEARCHES = ("grid", "random", "halving")

CV_MAX_ROWS = 5_000  # cross-validation runs on a stratified sample of at most this many training rows
LOO_MAX_ROWS = 200  # leave-one-out is offered for datasets of at most this many rows (one fit per row)
SHUFFLE_SPLIT_TEST = 0.2  # test share of each ShuffleSplit / StratifiedShuffleSplit split
N_GROUPS = 12  # generated groups of a synthetic dataset
PICTURE_COLUMNS = 300  # the fold picture draws at most this many columns (blocks of consecutive rows)
FIT_BUDGET = 300  # a search of more fits than this runs only when asked (a button)
SEARCH_VALUES = 5  # values per knob in the search grid
RANDOM_ITER = 10  # candidates a randomised search draws from the grid
HALVING_FACTOR = 3
NESTED_TRIALS, NESTED_INNER, NESTED_OUTER = 3, 3, 3
NESTED_MAX_ROWS = 1_000


# The search runs on both cores (fitting.parallel_for): it is most of the page's default view (~4 s of ~5
# when cold, on one core).
# Read at call time, so a test counting fits in its own process can set it to 1.
SEARCH_JOBS = N_JOBS

class ValidationError(UserError):
    """This splitter, search or setting cannot run on this data; the message says why."""


def quietly(run: Callable[[], Any]) -> Any:
    """Run scikit-learn without log noise: undefined fold scores become NaN (the page says why)."""
    with warnings.catch_warnings():
        for category in (FitFailedWarning, ConvergenceWarning, UndefinedMetricWarning, UserWarning, RuntimeWarning):
            warnings.simplefilter("ignore", category)
        return run()


# --- groups and time order of a dataset ---------------------------------------------------------------

def generates_groups(dataset_id: str) -> bool:
    """Synthetic classification sets get generated groups (with a `group_effect`)."""
    spec = datasets.REGISTRY.get(dataset_id)
    return spec is not None and spec.synthetic and not spec.numeric_target and not spec.structure.groups


def has_groups(dataset_id: str) -> bool:
    spec = datasets.REGISTRY.get(dataset_id)
    return spec is not None and (bool(spec.structure.groups) or generates_groups(dataset_id))


def has_time(dataset_id: str) -> bool:
    spec = datasets.REGISTRY.get(dataset_id)
    return spec is not None and bool(spec.structure.time)


def groups_name(dataset_id: str) -> str:
    spec = datasets.REGISTRY.get(dataset_id)
    if spec is None or not has_groups(dataset_id):
        return ""
    return spec.structure.groups_name or f"generated group (one of {N_GROUPS})"


def make_groups(n_rows, n_groups, seed):
    """Each row's group: drawn uniformly from `n_groups`, from its own stream of the seed."""
    return np.random.default_rng([seed, 1]).integers(0, n_groups, size=n_rows)


def add_group_effect(features, groups, group_effect, seed):
    """Rows of one group alike: every group gets its own random shift of every feature, `group_effect`
    feature standard deviations in size (0: no effect, the data unchanged)."""
    features = np.asarray(features, dtype=float)
    shifts = np.random.default_rng([seed, 2]).normal(size=(int(groups.max()) + 1, features.shape[1]))
    return features + group_effect * features.std(axis=0) * shifts[groups]


@functools.lru_cache(maxsize=32)
def _fixed_rows(dataset_id: str) -> int:
    return len(datasets.load(dataset_id).y)


def dataset_rows(context: Context) -> int | None:
    """Rows of the view's dataset (None: not known from the URL, e.g. an upload)."""
    dataset_id = context.get("dataset", DEFAULT_DATASET)
    spec = datasets.REGISTRY.get(dataset_id)
    if spec is None:
        return None
    if spec.synthetic:
        return int(spec.resolve({k: v for k, v in context.items() if k == "n_samples"})["n_samples"])
    return _fixed_rows(dataset_id)


def offered_cvs(context: Context) -> tuple[str, ...]:
    """The splitters the view offers: group splitters with a group column, `time_series_split` with a time
    order, `leave_one_out` for at most `LOO_MAX_ROWS` rows."""
    dataset_id = context.get("dataset", DEFAULT_DATASET)
    rows = dataset_rows(context)
    return tuple(cv for cv in CV_IDS
                 if (cv not in GROUPED or has_groups(dataset_id))
                 and (cv != "time_series_split" or has_time(dataset_id))
                 and (cv != "leave_one_out" or (rows is not None and rows <= LOO_MAX_ROWS)))


def not_offered(context: Context) -> dict[str, str]:
    """Splitter -> why this view does not offer it."""
    dataset_id, rows = context.get("dataset", DEFAULT_DATASET), dataset_rows(context)
    why = {}
    for cv in CV_IDS:
        if cv in GROUPED and not has_groups(dataset_id):
            why[cv] = "this dataset has no group column"
        elif cv == "time_series_split" and not has_time(dataset_id):
            why[cv] = "this dataset's rows have no time order"
        elif cv == "leave_one_out" and not (rows is not None and rows <= LOO_MAX_ROWS):
            why[cv] = f"it takes one fit per row; offered for at most {LOO_MAX_ROWS} rows"
    return why


# --- the rows cross-validation runs on ----------------------------------------------------------------

@dataclass(frozen=True)
class CvRows:
    """The training rows in the order the splitter sees them (time order when the table has one), with
    their 0/1 target and groups; the test rows for `Test score`."""

    X: pd.DataFrame
    y: np.ndarray
    groups: np.ndarray | None
    X_test: pd.DataFrame
    y_test: np.ndarray
    n_train: int  # rows in the whole training split
    time_ordered: bool = False

    @property
    def sampled(self) -> bool:
        return len(self.y) < self.n_train

    @property
    def n_groups(self) -> int:
        return 0 if self.groups is None else len(np.unique(self.groups))


def cv_rows(dataset: Dataset, dataset_id: str, seed: int, test_size: float, positive: str | None = None,
            group_effect: float = 0.0) -> CvRows:
    """The protocol's stratified split (as `lib.fitting.stratified_split`), groups attached, large training
    splits sampled down to `CV_MAX_ROWS` (stratified), time-ordered tables sorted by their time key."""
    X, y = dataset.X.reset_index(drop=True), dataset.binary_target(positive)
    spec = datasets.REGISTRY.get(dataset_id)
    groups = None
    if spec is not None and spec.structure.groups:
        groups = spec.structure.evaluate(spec.structure.groups, X)
    elif generates_groups(dataset_id):
        groups = make_groups(len(y), N_GROUPS, seed)
        if group_effect:
            X = pd.DataFrame(add_group_effect(X, groups, group_effect, seed), columns=X.columns)
    if np.bincount(y, minlength=2).min() < 2:
        raise ValidationError("The target has fewer than two rows of one class here, so there is nothing to "
                              "cross-validate. Use more rows or another positive class.")
    train, test = train_test_split(np.arange(len(y)), test_size=test_size, random_state=seed, stratify=y)
    n_train = len(train)
    if n_train > CV_MAX_ROWS:
        train = train_test_split(train, train_size=CV_MAX_ROWS, stratify=y[train], random_state=seed)[0]
    timed = spec is not None and bool(spec.structure.time)
    if timed:
        key = spec.structure.evaluate(spec.structure.time, X)
        train = train[np.argsort(key[train], kind="stable")]
        test = test[np.argsort(key[test], kind="stable")]
    return CvRows(X.iloc[train].reset_index(drop=True), y[train], None if groups is None else groups[train],
                  X.iloc[test].reset_index(drop=True), y[test], n_train, timed)


# --- splitters and their folds ------------------------------------------------------------------------

def splitter_call(cv: str, n_splits: int = 5, shuffle: bool = True, seed: int = 0) -> Call:
    """The scikit-learn splitter for `cv` as a `Call` (built for the page, printed for the script)."""
    cls = SPLITTER_CLASS[cv]
    if cv == "leave_one_out":
        return Call(cls)
    if cv in SHUFFLES:
        return Call(cls, n_splits=n_splits, shuffle=shuffle, random_state=seed if shuffle else None)
    if cv in ("shuffle_split", "stratified_shuffle_split"):
        return Call(cls, n_splits=n_splits, test_size=SHUFFLE_SPLIT_TEST, random_state=seed)
    return Call(cls, n_splits=n_splits)  # time_series_split: the future is always the test part


def splitter(cv: str, n_splits: int = 5, shuffle: bool = True, seed: int = 0):
    return splitter_call(cv, n_splits, shuffle, seed).build()


def cv_problem(cv: str, n_splits: int, rows: CvRows) -> str | None:
    """Why `cv` with `n_splits` cannot run on these rows (None: it can)."""
    n, smallest = len(rows.y), int(np.bincount(rows.y, minlength=2).min())
    if cv in GROUPED:
        if rows.groups is None:
            return f"`{cv}` needs a group column: this dataset has no group column."
        if rows.n_groups < n_splits:
            return (f"`{cv}` puts each group in exactly one test fold, so it needs at least as many groups as "
                    f"splits: the training rows hold {rows.n_groups} groups and you asked for {n_splits} splits. "
                    f"Use at most {rows.n_groups} splits.")
    if cv in ("stratified_kfold", "stratified_group_kfold") and smallest < n_splits:
        return (f"`{cv}` puts rows of each class in every test fold, but the smaller class has only {smallest} "
                f"training rows for {n_splits} splits. Use at most {smallest} splits.")
    if cv == "kfold" and n < n_splits:
        return f"`kfold` needs at least one row per fold: {n} rows for {n_splits} splits."
    if cv == "time_series_split" and n < n_splits + 1:
        return f"`time_series_split` needs more rows than splits: {n} rows for {n_splits} splits."
    if cv == "leave_one_out" and n > LOO_MAX_ROWS:
        return f"`leave_one_out` takes one fit per row: {n} training rows is more than {LOO_MAX_ROWS}."
    return None


@dataclass(frozen=True)
class Folds:
    """The splitter's own train and test indices, split by split (positions in `CvRows`)."""

    cv: str
    train: tuple[np.ndarray, ...]
    test: tuple[np.ndarray, ...]
    n_rows: int

    @property
    def n_splits(self) -> int:
        return len(self.test)

    def pairs(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return list(zip(self.train, self.test, strict=True))

    def roles(self) -> np.ndarray:
        """(split, row): 0 = not used, 1 = train, 2 = test (the picture's colours)."""
        out = np.zeros((self.n_splits, self.n_rows), dtype=np.int8)
        for i, (train, test) in enumerate(self.pairs()):
            out[i, train], out[i, test] = 1, 2
        return out


def folds(rows: CvRows, cv: str, n_splits: int = 5, shuffle: bool = True, seed: int = 0) -> Folds:
    """The folds of `cv` on these rows (raises `ValidationError` saying why when it cannot run)."""
    if problem := cv_problem(cv, n_splits, rows):
        raise ValidationError(problem)
    split = splitter(cv, n_splits, shuffle, seed)
    pairs = quietly(lambda: list(split.split(rows.X, rows.y, rows.groups)))
    return Folds(cv, tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), len(rows.y))


@dataclass(frozen=True)
class FoldBalance:
    n_train: np.ndarray  # rows per split
    n_test: np.ndarray
    train_positive: np.ndarray  # share of the positive class
    test_positive: np.ndarray


def fold_balance(found: Folds, y: np.ndarray) -> FoldBalance:
    """Per split: sizes and the positive share of its train and test parts."""
    return FoldBalance(np.array([len(t) for t in found.train]), np.array([len(t) for t in found.test]),
                       np.array([y[t].mean() for t in found.train]), np.array([y[t].mean() for t in found.test]))


@dataclass(frozen=True)
class Picture:
    """The fold picture's columns: every `step`-th row in the splitter's order (every row when `step` is 1)."""

    rows: np.ndarray  # the drawn rows' positions
    roles: np.ndarray  # (split, column): 0 not used, 1 train, 2 test
    classes: np.ndarray  # (column,): 1 = positive class
    groups: np.ndarray | None  # (column,): the row's group (codes 0 … n_groups − 1)
    step: int


def picture(found: Folds, y: np.ndarray, groups: np.ndarray | None, columns: int = PICTURE_COLUMNS) -> Picture:
    """At most `columns` columns: every `ceil(n / columns)`-th row (rows 0, step, 2·step, …), drawn exactly as
    the splitter assigned it, so each colour's share of a split row is that of the sampled rows."""
    n = found.n_rows
    step = max(1, math.ceil(n / columns))
    rows = np.arange(0, n, step)
    codes = None if groups is None else np.unique(groups, return_inverse=True)[1][rows]
    return Picture(rows, found.roles()[:, rows], np.asarray(y)[rows], codes, step)


# --- fold scores --------------------------------------------------------------------------------------

def scoring_dict() -> dict[str, str]:
    return {name: name for name in SCORINGS}


@dataclass(frozen=True)
class FoldScores:
    """`cross_validate`'s test scores per split for every scoring (one set of fits serves all four)."""

    scores: Mapping[str, np.ndarray]
    fit_time: np.ndarray

    def of(self, scoring: str) -> np.ndarray:
        return np.asarray(self.scores[scoring], dtype=float)

    def mean(self, scoring: str) -> float:
        values = self.of(scoring)
        return float(np.mean(values)) if np.isfinite(values).all() else float("nan")

    def std(self, scoring: str) -> float:
        """Standard deviation over splits (dividing by n, as `cv_results_['std_test_score']`)."""
        values = self.of(scoring)
        return float(np.std(values)) if np.isfinite(values).all() else float("nan")

    @property
    def n_fits(self) -> int:
        return len(self.fit_time)


def fold_scores(rows: CvRows, found: Folds, model_id: str, params: Mapping[str, Any] | None, seed: int
                ) -> FoldScores:
    """`cross_validate` of the model's pipeline on the folds (undefined scores, e.g. ROC-AUC of a one-row
    leave-one-out fold, are NaN)."""
    pipeline = models.build_pipeline(model_id, params, seed)
    result = quietly(lambda: cross_validate(pipeline, rows.X, rows.y, cv=found.pairs(), scoring=scoring_dict(),
                                            error_score=np.nan, n_jobs=1))
    return FoldScores({name: np.asarray(result[f"test_{name}"], dtype=float) for name in SCORINGS},
                      np.asarray(result["fit_time"]))


def test_scores(rows: CvRows, model_id: str, params: Mapping[str, Any] | None, seed: int) -> dict[str, float]:
    """The model fitted on the rows cross-validation ran on, scored on the test split (every scoring)."""
    pipeline = quietly(lambda: models.build_pipeline(model_id, params, seed).fit(rows.X, rows.y))
    return {name: float(quietly(lambda n=name: get_scorer(n)(pipeline, rows.X_test, rows.y_test)))
            for name in SCORINGS}


def undefined_reason(cv: str, scoring: str, scores: FoldScores) -> str | None:
    if math.isfinite(scores.mean(scoring)):
        return None
    if cv == "leave_one_out" and scoring != "accuracy":
        return (f"{SCORINGS[scoring]} needs both classes in a test fold, and a leave-one-out fold holds one row: "
                "use accuracy, or pool the left-out predictions.")
    return f"{SCORINGS[scoring]} is undefined on at least one fold (a test fold with one class, or a failed fit)."


def lowest_fold(scores: FoldScores, scoring: str) -> int | None:
    values = scores.of(scoring)
    return None if not np.isfinite(values).any() else int(np.nanargmin(values))


# --- leakage demos --------------------------------------------------------------------------------------

DEMO_ROWS, DEMO_TEST_ROWS, DEMO_FOLDS, SELECT_K = 200, 1_000, 5, 20
DEMO_GROUPS, DEMO_GROUP_ROWS, DEMO_GROUP_FEATURES = 20, 25, 10
DEMO_TIME_ROWS, DEMO_PERIODS = 1_000, 20


@dataclass(frozen=True)
class Demo:
    demo: str
    leaky_folds: np.ndarray
    pipeline_folds: np.ndarray
    test: float  # both procedures end with the same final model: one test score
    n_fits: int

    @property
    def leaky(self) -> float:
        return float(np.mean(self.leaky_folds))

    @property
    def honest(self) -> float:
        return float(np.mean(self.pipeline_folds))

    @property
    def inflation(self) -> float:
        return self.leaky - self.honest

    def values(self) -> dict[str, float]:
        return {"Leaky CV score": self.leaky, "Pipeline CV score": self.honest, "Test score": self.test,
                "Leakage": self.inflation}


def noise_table(n_rows, n_features, seed):
    """Pure noise: features and labels independent (scikit-learn's "common pitfalls" setting)."""
    rng = np.random.default_rng([seed, 3])
    return rng.normal(size=(n_rows, n_features)), rng.integers(0, 2, size=n_rows)


def grouped_table(n_groups, rows_per_group, n_features, group_effect, seed):
    """Rows in groups (patients, customers): one real feature drives the label for everyone; each group also
    has its own centre in the other features and its own push on the label, both scaled by `group_effect`.
    A model can learn a group's push only by having seen that group."""
    rng = np.random.default_rng([seed, 4])
    groups = np.repeat(np.arange(n_groups), rows_per_group)
    centres, pushes = rng.normal(size=(n_groups, n_features)), rng.normal(size=n_groups)
    signal = rng.normal(size=groups.size)
    others = 3 * group_effect * centres[groups] + rng.normal(size=(groups.size, n_features))
    logit = 1.5 * signal + 4 * group_effect * pushes[groups]
    y = (rng.random(groups.size) < 1 / (1 + np.exp(-logit))).astype(int)
    return np.column_stack([signal, others]), y, groups


def drifting_table(n_rows, n_periods, seed):
    """Rows in time order over `n_periods` periods (months): one feature keeps its weight throughout, and each
    period has its own push on the label (a season, a campaign, a price change) that the `period` column
    reveals. A model learns a period's push only by having seen rows from it: the future brings new ones."""
    rng = np.random.default_rng([seed, 5])
    period = np.repeat(np.arange(n_periods), n_rows // n_periods)
    X = rng.normal(size=(period.size, 2))
    logit = 1.0 * X[:, 0] + 0.5 * X[:, 1] + 1.5 * rng.normal(size=n_periods)[period]
    y = (rng.random(period.size) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1], "period": [f"p{p:02d}" for p in period]})
    return frame, y


def _estimator(model_id: str, params: Mapping[str, Any] | None, seed: int):
    return models.REGISTRY[model_id].call(params, seed).build()


def _cv_scores(estimator, X, y, cv, scoring: str, groups=None) -> np.ndarray:
    return quietly(lambda: cross_val_score(estimator, X, y, cv=cv, scoring=scoring, groups=groups, n_jobs=1))


def preprocessing_demo(model_id: str, params: Mapping[str, Any] | None, seed: int, n_features: int,
                       scoring: str = "accuracy") -> Demo:
    """Scaling and `SelectKBest` fitted on all rows before cross-validation, versus inside a `Pipeline`."""
    X, y = noise_table(DEMO_ROWS + DEMO_TEST_ROWS, n_features, seed)
    X_test, y_test, X, y = X[DEMO_ROWS:], y[DEMO_ROWS:], X[:DEMO_ROWS], y[:DEMO_ROWS]
    cv = StratifiedKFold(DEMO_FOLDS, shuffle=True, random_state=seed)
    chosen = SelectKBest(f_classif, k=SELECT_K).fit_transform(StandardScaler().fit_transform(X), y)  # the leak
    leaky = _cv_scores(Pipeline([("model", _estimator(model_id, params, seed))]), chosen, y, cv, scoring)
    pipeline = Pipeline([("scale", StandardScaler()), ("select", SelectKBest(f_classif, k=SELECT_K)),
                         ("model", _estimator(model_id, params, seed))])
    honest = _cv_scores(pipeline, X, y, cv, scoring)
    final = quietly(lambda: clone(pipeline).fit(X, y))
    return Demo("preprocessing", leaky, honest, float(quietly(lambda: get_scorer(scoring)(final, X_test, y_test))),
                2 * DEMO_FOLDS + 1)


def groups_demo(model_id: str, params: Mapping[str, Any] | None, seed: int, group_effect: float,
                scoring: str = "accuracy") -> Demo:
    """`kfold` (shuffled) versus `group_kfold` on grouped rows; the test rows are new groups."""
    X, y, groups = grouped_table(2 * DEMO_GROUPS, DEMO_GROUP_ROWS, DEMO_GROUP_FEATURES, group_effect, seed)
    train = groups < DEMO_GROUPS  # the first half of the groups are known, the second half are new
    pipeline = models.build_pipeline(model_id, params, seed)
    Xf = pd.DataFrame(X, columns=[f"x{i + 1}" for i in range(X.shape[1])])
    leaky = _cv_scores(pipeline, Xf[train], y[train], KFold(DEMO_FOLDS, shuffle=True, random_state=seed), scoring)
    honest = _cv_scores(pipeline, Xf[train], y[train], GroupKFold(DEMO_FOLDS), scoring, groups[train])
    final = quietly(lambda: clone(pipeline).fit(Xf[train], y[train]))
    test = float(quietly(lambda: get_scorer(scoring)(final, Xf[~train], y[~train])))
    return Demo("groups", leaky, honest, test, 2 * DEMO_FOLDS + 1)


def time_demo(model_id: str, params: Mapping[str, Any] | None, seed: int, scoring: str = "accuracy") -> Demo:
    """Shuffled `kfold` versus `time_series_split` on a drifting table; the test rows are the last 20% (the
    last four periods)."""
    Xf, y = drifting_table(DEMO_TIME_ROWS, DEMO_PERIODS, seed)
    cut = int(0.8 * len(y))
    pipeline = models.build_pipeline(model_id, params, seed)
    leaky = _cv_scores(pipeline, Xf[:cut], y[:cut], KFold(DEMO_FOLDS, shuffle=True, random_state=seed), scoring)
    honest = _cv_scores(pipeline, Xf[:cut], y[:cut], TimeSeriesSplit(DEMO_FOLDS), scoring)
    final = quietly(lambda: clone(pipeline).fit(Xf[:cut], y[:cut]))
    test = float(quietly(lambda: get_scorer(scoring)(final, Xf[cut:], y[cut:])))
    return Demo("time", leaky, honest, test, 2 * DEMO_FOLDS + 1)


def run_demo(demo: str, model_id: str, params: Mapping[str, Any] | None, seed: int, scoring: str,
             n_features: int = 2_000, group_effect: float = 0.5) -> Demo:
    if demo == "preprocessing":
        return preprocessing_demo(model_id, params, seed, n_features, scoring)
    if demo == "groups":
        return groups_demo(model_id, params, seed, group_effect, scoring)
    return time_demo(model_id, params, seed, scoring)


# --- hyperparameter search ----------------------------------------------------------------------------

def search_knobs(model_id: str) -> list[models.Knob]:
    """Up to two knobs to search: the numeric ones with a complexity direction (main knob first), then
    choices; knobs shown only beside another value (l1_ratio) are left out."""
    spec = models.REGISTRY[model_id]
    numeric = [spec.knob(n) for n in curves.sweepable_knobs(model_id)]
    choices = [k for k in spec.knobs if k.is_choice]
    return [k for k in numeric + choices if k.when is None][:2]


def knob_values(knob: models.Knob, n: int = SEARCH_VALUES) -> tuple:
    """Every option of a choice knob; else `n` values spread evenly over the knob's curve grid."""
    if knob.is_choice:
        return tuple(knob.grid)
    grid = curves.curve_grid(knob)
    if len(grid) <= n:
        return grid
    return tuple(grid[i] for i in np.unique(np.round(np.linspace(0, len(grid) - 1, n)).astype(int)))


@dataclass(frozen=True)
class SearchGrid:
    model_id: str
    knobs: tuple[str, ...]  # one or two knob names
    values: tuple[tuple, ...]  # the values of each knob

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def cells(self) -> list[dict[str, Any]]:
        """Knob settings, row-major over (first knob, second knob)."""
        return [dict(zip(self.knobs, combo, strict=True)) for combo in _product(self.values)]


def _product(values: Sequence[tuple]) -> list[tuple]:
    out: list[tuple] = [()]
    for options in values:
        out = [(*done, v) for done in out for v in options]
    return out


def search_grid(model_id: str) -> SearchGrid:
    knobs = search_knobs(model_id)
    return SearchGrid(model_id, tuple(k.name for k in knobs), tuple(knob_values(k) for k in knobs))


def candidate_calls(grid: SearchGrid, params: Mapping[str, Any] | None, seed: int) -> list[Call]:
    """One registry estimator per grid cell (the model's other knobs at their current values). Searching over
    whole estimators keeps each cell exactly the model the registry builds (e.g. logistic regression's penalty
    also picks its solver)."""
    spec = models.REGISTRY[grid.model_id]
    return [spec.call({**(params or {}), **cell}, seed) for cell in grid.cells]


def search_fits(kind: str, grid: SearchGrid, n_splits: int, n_rows: int) -> int:
    """Fits a search will take, said up front (cross-validation fits plus the refit of the best)."""
    cells = int(np.prod(grid.shape)) if grid.knobs else 1
    if kind == "random":
        return min(RANDOM_ITER, cells) * n_splits + 1
    if kind == "halving":
        return sum(halving_candidates(cells, n_rows, n_splits)) * n_splits + 1
    return cells * n_splits + 1


def halving_candidates(cells: int, n_rows: int, n_splits: int) -> list[int]:
    """Candidates per iteration of `HalvingGridSearchCV(factor=3)` with its default resources (as it plans)."""
    min_resources = 2 * n_splits * 2  # scikit-learn's 'smallest' for a classifier: 2 × n_splits × n_classes
    possible = 1 + int(math.floor(math.log(max(1, n_rows // min_resources), HALVING_FACTOR)))
    required = 1 + int(math.floor(math.log(cells, HALVING_FACTOR)))
    left, out = cells, []
    for _ in range(min(possible, required)):
        out.append(left)
        left = max(1, math.ceil(left / HALVING_FACTOR))
    return out


@dataclass(frozen=True)
class SearchResult:
    kind: str
    grid: SearchGrid
    mean: np.ndarray  # grid.shape; NaN where the search did not evaluate a cell
    std: np.ndarray
    best: tuple[int, ...]  # the cell the search picked
    best_score: float
    test_score: float
    n_fits: int

    @property
    def optimism(self) -> float:
        return self.best_score - self.test_score

    @property
    def best_cell(self) -> dict[str, Any]:
        return self.grid.cells[int(np.ravel_multi_index(self.best, self.grid.shape))]


def search_object(kind: str, pipeline: Pipeline, candidates: list, cv, scoring: str, seed: int,
                  n_jobs: int | None = None):
    grid = {"model": candidates}
    common = dict(cv=cv, scoring=scoring, error_score=np.nan, n_jobs=SEARCH_JOBS if n_jobs is None else n_jobs)
    if kind == "random":
        return RandomizedSearchCV(pipeline, grid, n_iter=min(RANDOM_ITER, len(candidates)), random_state=seed,
                                  **common)
    if kind == "halving":
        return HalvingGridSearchCV(pipeline, grid, factor=HALVING_FACTOR, random_state=seed, **common)
    return GridSearchCV(pipeline, grid, **common)


def cell_scores(search, candidates: list, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """`cv_results_` mean and std test scores laid out on the grid (halving: each candidate's last round)."""
    results = search.cv_results_
    mean, std = np.full(len(candidates), np.nan), np.full(len(candidates), np.nan)
    rounds = results.get("iter", np.zeros(len(results["params"]), dtype=int))
    reached = np.full(len(candidates), -1)
    for row, chosen in enumerate(results["params"]):
        index = next(i for i, c in enumerate(candidates) if c is chosen["model"])
        if rounds[row] >= reached[index]:
            reached[index] = rounds[row]
            mean[index], std[index] = results["mean_test_score"][row], results["std_test_score"][row]
    return mean.reshape(shape), std.reshape(shape)


def run_search(kind: str, rows: CvRows, grid: SearchGrid, params: Mapping[str, Any] | None, seed: int,
               cv: str, n_splits: int, shuffle: bool, scoring: str, n_jobs: int | None = None) -> SearchResult:
    """The search over the grid with the page's splitter, then the best model on the test split (`n_jobs`
    threads or processes, default SEARCH_JOBS)."""
    if problem := cv_problem(cv, n_splits, rows):
        raise ValidationError(problem)
    if not grid.knobs:
        raise ValidationError("This model has no knob to search.")
    candidates = [c.build() for c in candidate_calls(grid, params, seed)]
    pipeline = models.build_pipeline(grid.model_id, params, seed)
    search = search_object(kind, pipeline, candidates, splitter(cv, n_splits, shuffle, seed), scoring, seed, n_jobs)
    with parallel_for(pipeline, *candidates):
        quietly(lambda: search.fit(rows.X, rows.y, groups=rows.groups))
    mean, std = cell_scores(search, candidates, grid.shape)
    best_index = next(i for i, c in enumerate(candidates) if c is search.best_params_["model"])
    best = tuple(int(i) for i in np.unravel_index(best_index, grid.shape))
    test = float(quietly(lambda: get_scorer(scoring)(search.best_estimator_, rows.X_test, rows.y_test)))
    n_splits_run = search.n_splits_
    n_fits = len(search.cv_results_["params"]) * n_splits_run + 1
    return SearchResult(kind, grid, mean, std, best, float(search.best_score_), test, n_fits)


# --- nested versus non-nested ---------------------------------------------------------------------------

def nested_rows(rows: CvRows, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """At most `NESTED_MAX_ROWS` of the cross-validation rows (stratified sample)."""
    if len(rows.y) <= NESTED_MAX_ROWS:
        return rows.X, rows.y
    X, _, y, _ = train_test_split(rows.X, rows.y, train_size=NESTED_MAX_ROWS, stratify=rows.y, random_state=seed)
    return X, np.asarray(y)


def nested_fits(grid: SearchGrid) -> int:
    cells = int(np.prod(grid.shape))
    per_search = cells * NESTED_INNER + 1
    return NESTED_TRIALS * per_search * (1 + NESTED_OUTER)


@dataclass(frozen=True)
class NestedTrial:
    non_nested: float  # best_score_ of the search on all rows
    nested: float  # mean over outer folds of the searched model's outer-fold score


def nested_trial(X: pd.DataFrame, y: np.ndarray, grid: SearchGrid, params: Mapping[str, Any] | None, seed: int,
                 trial: int, scoring: str) -> NestedTrial:
    """scikit-learn's "Nested versus non-nested cross-validation", one repetition: inner and outer
    `StratifiedKFold` shuffled with `random_state=seed + trial`."""
    candidates = [c.build() for c in candidate_calls(grid, params, seed)]
    inner = StratifiedKFold(NESTED_INNER, shuffle=True, random_state=seed + trial)
    outer = StratifiedKFold(NESTED_OUTER, shuffle=True, random_state=seed + trial)
    search = GridSearchCV(models.build_pipeline(grid.model_id, params, seed), {"model": candidates}, cv=inner,
                          scoring=scoring, error_score=np.nan, n_jobs=1)
    non_nested = float(quietly(lambda: clone(search).fit(X, y)).best_score_)
    nested = float(np.mean(_cv_scores(search, X, y, outer, scoring)))
    return NestedTrial(non_nested, nested)


@dataclass(frozen=True)
class Nested:
    trials: tuple[NestedTrial, ...]
    n_fits: int

    @property
    def non_nested(self) -> float:
        return float(np.mean([t.non_nested for t in self.trials]))

    @property
    def nested(self) -> float:
        return float(np.mean([t.nested for t in self.trials]))

    def values(self) -> dict[str, float]:
        return {"Non-nested CV score": self.non_nested, "Nested CV score": self.nested,
                "Difference": self.non_nested - self.nested}


# --- live checks ----------------------------------------------------------------------------------------

def lowest_fold_check(scores: FoldScores | None, scoring: str) -> LiveCheck | None:
    """"Which split has the lowest score?" (ties: any of them), from the scores beside the picture."""
    if scores is None or scores.n_fits > 30 or not np.isfinite(scores.of(scoring)).all():
        return None
    shown = np.round(scores.of(scoring), 3)
    names = [f"Split {i + 1}" for i in range(len(shown))]
    accepted = [names[i] for i in np.flatnonzero(shown == shown.min())]
    listing = ", ".join(f"{n}: {s:.3f}" for n, s in zip(names, shown, strict=True))
    return live_checks.choice_check(
        "validation_lowest_fold", f"Beside the fold picture: which split has the lowest {SCORINGS[scoring]}? Look at "
        "its test fold's class share and size: why might it be lowest?", names, accepted,
        f"{listing}. A fold's score depends on which rows it tests: a fold with a different class share, or (with "
        "groups and time) different groups or a different period, can score lower through no fault of the model.")


def mean_check(scores: FoldScores | None, scoring: str) -> LiveCheck | None:
    """"The split scores are …: what is the Mean CV score?"."""
    if scores is None or scores.n_fits > 10 or not np.isfinite(scores.of(scoring)).all():
        return None
    shown = [round(float(s), 3) for s in scores.of(scoring)]
    expected = float(np.mean(shown))
    return LiveCheck("validation_mean", f"The split scores are {', '.join(f'{s:.3f}' for s in shown)}. What is the "
                     "Mean CV score?", f"Mean = ({' + '.join(f'{s:.3f}' for s in shown)}) / {len(shown)} = "
                     f"{expected:.3f}.", expected=expected)


def leakage_check(demo: Demo | None) -> LiveCheck | None:
    if demo is None:
        return None
    leaky, honest = round(demo.leaky, 3), round(demo.honest, 3)
    return LiveCheck("validation_leakage", "In the leakage demo: by how much did the leak inflate the "
                     "cross-validated score (Leaky CV score − Pipeline CV score)?",
                     f"{leaky:.3f} − {honest:.3f} = {leaky - honest:.3f}. The test score ({demo.test:.3f}) shows which "
                     "estimate told the truth.", expected=leaky - honest)


def search_fits_check(result: SearchResult | None, cv: str) -> LiveCheck | None:
    if result is None:
        return None
    cells = int(np.isfinite(result.mean).sum())
    how = ("each evaluated cell once per split, plus one refit of the best" if result.kind != "halving" else
           "every candidate of every round once per split, plus one refit of the best")
    return LiveCheck("validation_search_fits", f"How many model fits did this {result.kind} search take "
                     f"({cells} cells on the heatmap, splitter `{cv}`)?",
                     f"{result.n_fits:,} fits: {how}.", expected=float(result.n_fits), tolerance=0.0)


def validation_checks(scores: FoldScores | None, demo: Demo | None, result: SearchResult | None, scoring: str,
                      cv: str) -> list[LiveCheck | None]:
    return [lowest_fold_check(scores, scoring), mean_check(scores, scoring), leakage_check(demo),
            search_fits_check(result, cv)]


# --- the page's URL keys --------------------------------------------------------------------------------

DEFAULT_DATASET = "churn"


def _takes_splits(context: Context) -> bool:
    return context.get("cv", "stratified_kfold") != "leave_one_out"


def _takes_shuffle(context: Context) -> bool:
    return context.get("cv", "stratified_kfold") in SHUFFLES


def _group_effect_read(context: Context) -> bool:
    return generates_groups(context.get("dataset", DEFAULT_DATASET)) or context.get("demo") == "groups"


def _cv_domain(context: Context) -> Choice:
    return Choice(offered_cvs(context))


PARAMS: tuple[Param, ...] = (
    Param("cv", _cv_domain, "stratified_kfold", "Splitter",
          "How the training rows are cut into folds. Group splitters need a group column, time_series_split a "
          "time order; leave_one_out is offered for small datasets only."),
    Param("n_splits", Number(2, 20, 1, whole=True), 5, "n_splits", "Number of splits (folds).",
          when=_takes_splits),
    Param("shuffle", Toggle(), True, "Shuffle rows first",
          "Shuffle the rows (random_state = seed) before cutting folds; off: folds are consecutive blocks.",
          when=_takes_shuffle),
    Param("scoring", Choice(tuple(SCORINGS)), "accuracy", "Scoring",
          "The score every fold, the search and the test split report (scikit-learn's scoring name)."),
    Param("group_effect", Number(0.0, 1.0, 0.05), 0.5, "Group effect",
          "How alike rows of one group are: each group's features are shifted by this many standard deviations "
          "(synthetic data), and in the groups demo each group also pushes its own labels.",
          when=_group_effect_read),
    Param("demo", Choice(DEMOS), "preprocessing", "Leakage demo",
          "preprocessing: scaling and feature selection before the split; groups: one group on both sides; "
          "time: shuffled folds on drifting data."),
    Param("noise_features", Number(100, 10_000, 100, whole=True), 2_000, "Noise features",
          "Pure-noise features in the preprocessing demo (200 rows): the more there are, the more a selection "
          "on all rows finds by chance.", when=lambda c: c.get("demo", "preprocessing") == "preprocessing"),
    Param("search", Choice(SEARCHES), "grid", "Search",
          "grid: every cell; random: 10 cells drawn from the grid; halving: successive halving, all cells on few "
          "rows, the best third on three times as many, …"),
)
