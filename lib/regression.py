"""Regression: the assumptions of linear regression, broken one at a time, and the numbers that notice.

- The data are registry datasets with a numeric target: `regression` (`lib.assumptions.make_assumptions`,
  one knob per assumption, the knobs bound as this page's URL keys), `diabetes` and `engel`; or an upload.
- `split_rows` is the evaluation protocol: a random (unstratified: the target is continuous) train/test
  split with `test_size` and `random_state=seed`, rows kept in their original (time) order.
- `fit_model` + `regression_metrics` score a registry regressor (`lib.models`, task REGRESSOR) on the test
  split (scikit-learn metrics).
- `diagnose` fits plain least squares (statsmodels OLS) on the training rows once and returns every
  diagnostic, the coefficients table and the data of the four diagnostic pictures as one frozen result.
- `regularisation_paths`, `regression_script`, `regression_checks` and `PARAMS` serve the page.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import (
    mean_absolute_error,
    mean_absolute_percentage_error,
    r2_score,
    root_mean_squared_error,
)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from statsmodels.nonparametric.smoothers_lowess import lowess
from statsmodels.stats.diagnostic import het_breuschpagan, linear_reset
from statsmodels.stats.outliers_influence import OLSInfluence, variance_inflation_factor
from statsmodels.stats.stattools import durbin_watson, jarque_bera

from lib import datasets, live_checks, models
from lib.assumptions import FEATURES, KNOBS, make_assumptions  # noqa: F401 - the page's names
from lib.choices import DataChoice, Experiment
from lib.code import NP_NUMBER, Call, Script
from lib.datasets import Dataset
from lib.live_checks import LiveCheck
from lib.markdown import code_span
from lib.params import Number, Param, Toggle
from lib.regularisation import CoefficientPaths

# --- the data: registry tables (numeric targets) ---------------------------------------------------

SYNTHETIC_ID = "regression"  # lib.assumptions.make_assumptions, with its knobs as this page's URL keys


def synthetic_table(random_state: int = 0, **generator: Any) -> tuple[pd.DataFrame, pd.Series]:
    """The registry's `regression` dataset: `make_assumptions` as a DataFrame x1…x4 and a float target."""
    data = datasets.load(SYNTHETIC_ID, random_state, generator)
    return data.X, data.y


def load_table(dataset_id: str, seed: int = 0, generator: Mapping[str, Any] | None = None
               ) -> tuple[pd.DataFrame, pd.Series]:
    """A registry regression table by id (the synthetic one drawn with `seed` and `generator` arguments)."""
    data = datasets.load(dataset_id, seed, generator)
    return data.X, data.y


# --- split, models, metrics ---------------------------------------------------------------------

class RegressionError(ValueError):
    """The data cannot be evaluated as asked; the message says why in plain words."""


@dataclass(frozen=True, eq=False)
class Split:
    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: np.ndarray
    y_test: np.ndarray
    train_rows: np.ndarray  # positions in the original table, ascending (time order)
    test_rows: np.ndarray


def split_rows(X: pd.DataFrame, y: pd.Series | np.ndarray, test_size: float = 0.25, seed: int = 0) -> Split:
    """`train_test_split` of the row numbers (`random_state=seed`), each part kept in the original row order:
    the order is time for the autocorrelation knob, and Durbin–Watson reads residuals in that order."""
    target = pd.to_numeric(pd.Series(np.asarray(y)), errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(target).all():
        raise RegressionError("The target has missing or non-numeric values; regression needs a number in every row.")
    n_test = math.ceil(test_size * len(target))
    if len(target) - n_test < max(10, X.shape[1] + 3) or n_test < 2:
        raise RegressionError(f"Too few rows ({len(target)}) for a train/test split with {X.shape[1]} features: "
                              "use more rows or a smaller test size.")
    train_rows, test_rows = (np.sort(part) for part in
                             train_test_split(np.arange(len(target)), test_size=test_size, random_state=seed))
    return Split(X.iloc[train_rows], X.iloc[test_rows], target[train_rows], target[test_rows], train_rows, test_rows)


def preprocessor_call(drop_first: bool = False) -> Call:
    """The app's shared preprocessing (lib.models.preprocessor) as a Call tree: impute + scale numbers,
    impute + one-hot categories. `drop_first` drops each category's first level, so an OLS design with an
    intercept has full rank (the dropped level is the reference the others are compared with)."""
    onehot = dict(handle_unknown="ignore", sparse_output=False) | ({"drop": "first"} if drop_first else {})
    numeric = Call(make_pipeline, Call(SimpleImputer, strategy="median"), Call(StandardScaler))
    categorical = Call(make_pipeline, Call(SimpleImputer, strategy="most_frequent"), Call(OneHotEncoder, **onehot))
    return Call(ColumnTransformer,
                [("numeric", numeric, Call(make_column_selector, dtype_include=NP_NUMBER)),
                 ("categorical", categorical, Call(make_column_selector, dtype_exclude=NP_NUMBER))],
                verbose_feature_names_out=False)


def model_call(model_id: str, params: Mapping[str, Any] | None = None, seed: int = 0) -> Call:
    """Shared preprocessing + the registry estimator, as one Pipeline Call (what the page fits and the script prints)."""
    return models.pipeline_call(model_id, params, seed)


def fit_model(model_id: str, params: Mapping[str, Any] | None, seed: int, split: Split) -> Pipeline:
    pipeline = model_call(model_id, params, seed).build()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # lasso at tiny alpha; the fit is still usable
        pipeline.fit(split.X_train, split.y_train)
    return pipeline


def n_predictors(pipeline: Pipeline) -> int:
    """p in adjusted R²: the fitted model's coefficients (polynomial: its expanded terms), or for a model
    without coefficients (a forest) the number of features it reads."""
    final = pipeline[-1]
    if isinstance(final, Pipeline):
        final = final[-1]
    return int(np.size(final.coef_)) if hasattr(final, "coef_") else int(final.n_features_in_)


MAPE_NEAR_ZERO = 0.05  # a test target closer to 0 than 5% of the median |y| makes MAPE meaningless
MAPE_RULE = ("MAPE divides each error by |y|, so it is left undefined when some test target is within "
             f"{MAPE_NEAR_ZERO:.0%} of the median |y| of zero: a single such row would dominate the average.")


def mape_problem(y_true: np.ndarray) -> str:
    """Why MAPE is meaningless for these targets ('' when it is fine)."""
    magnitude = np.abs(np.asarray(y_true, dtype=float))
    typical = float(np.median(magnitude))
    if typical == 0 or magnitude.min() < MAPE_NEAR_ZERO * typical:
        return (f"MAPE is undefined here: the smallest |y| in the test split is {magnitude.min():.3g}, against a "
                f"median |y| of {typical:.3g}. {MAPE_RULE}")
    return ""


@dataclass(frozen=True)
class RegressionMetrics:
    r2: float
    adjusted_r2: float | None  # None when there are too few test rows for the model's p
    rmse: float
    mae: float
    mape: float | None  # None when targets near zero make it meaningless (see mape_note)
    train_r2: float
    train_rmse: float
    n_test: int
    n_predictors: int
    mape_note: str = ""

    def values(self) -> dict[str, float | None]:
        return {"R²": self.r2, "Adjusted R²": self.adjusted_r2, "RMSE": self.rmse, "MAE": self.mae, "MAPE": self.mape,
                "Train R²": self.train_r2, "Train RMSE": self.train_rmse}


ADJUSTED_R2_RULE = "Adjusted R² = 1 − (1 − R²)·(n − 1)/(n − p − 1), with n test rows and p the model's predictors."


def regression_metrics(y_train: np.ndarray, train_pred: np.ndarray, y_test: np.ndarray, test_pred: np.ndarray,
                       p: int) -> RegressionMetrics:
    """Test-split metrics (scikit-learn's functions) with train R² and RMSE beside them."""
    r2 = float(r2_score(y_test, test_pred))
    n = len(y_test)
    adjusted = 1 - (1 - r2) * (n - 1) / (n - p - 1) if n - p - 1 > 0 else None
    note = mape_problem(y_test)
    mape = None if note else float(mean_absolute_percentage_error(y_test, test_pred))
    return RegressionMetrics(r2, adjusted, float(root_mean_squared_error(y_test, test_pred)),
                             float(mean_absolute_error(y_test, test_pred)), mape,
                             float(r2_score(y_train, train_pred)), float(root_mean_squared_error(y_train, train_pred)),
                             n, p, note)


def metrics_for(pipeline: Pipeline, split: Split) -> RegressionMetrics:
    return regression_metrics(split.y_train, pipeline.predict(split.X_train), split.y_test,
                              pipeline.predict(split.X_test), n_predictors(pipeline))


# --- least squares with statsmodels: coefficients and diagnostics ----------------------------------

HOLDS, DOUBTFUL, VIOLATED, UNDEFINED = "holds", "doubtful", "violated", "undefined"
SMALL_N = 100  # below this many training rows, normality is checked with Shapiro–Wilk instead of Jarque–Bera
COOKS_LEVELS = (0.5, 1.0)  # the contour lines of the leverage picture, and the doubtful/violated thresholds
MAX_POINTS = 2000  # points per diagnostic picture sent to the browser
COEFFICIENT_COLUMNS = ("estimate", "std error", "t", "p-value", "95% CI low", "95% CI high")


@dataclass(frozen=True)
class Verdict:
    assumption: str
    label: str  # the headline number it rests on
    value: float | None
    verdict: str  # holds / doubtful / violated
    rule: str
    remedy: str
    picture: str  # which picture shows it


@dataclass(frozen=True, eq=False)
class Pictures:
    """Data of the four diagnostic pictures (a sample of at most MAX_POINTS rows, always with the most
    influential ones)."""

    rows: np.ndarray  # original row numbers of the points drawn, ascending (time order)
    fitted: np.ndarray
    residuals: np.ndarray
    standardized: np.ndarray  # internally studentised residuals
    leverage: np.ndarray
    cooks: np.ndarray
    residual_smoother: tuple[np.ndarray, np.ndarray]  # lowess of residuals on fitted (x, y)
    scale: np.ndarray  # sqrt(|standardised residual|)
    scale_smoother: tuple[np.ndarray, np.ndarray]
    qq_theoretical: np.ndarray  # normal quantiles (scipy.stats.probplot), downsampled
    qq_sample: np.ndarray  # ordered standardised residuals
    qq_line: tuple[float, float]  # slope, intercept of probplot's least-squares line
    cooks_contours: dict[float, tuple[np.ndarray, np.ndarray]]  # level -> (leverage, +standardised residual)
    most_influential: int  # index (into the arrays above) of the largest Cook's distance
    n_params: int
    n_rows: int  # all training rows (more than drawn when sampled)

    @property
    def sampled(self) -> bool:
        return len(self.rows) < self.n_rows


@dataclass(frozen=True, eq=False)
class Diagnostics:
    """Plain least squares on the training rows, fitted once: coefficients, diagnostics, verdicts, pictures.

    Coefficients are per standard deviation of each feature (the shared preprocessing standardises numbers
    on the training rows); the intercept is the prediction at the training means.
    """

    features: tuple[str, ...]
    design: np.ndarray  # the OLS design: a constant column, then the preprocessed features
    y: np.ndarray  # training targets, in time order
    ols: Any  # statsmodels RegressionResults (ordinary standard errors)
    coefficients: pd.DataFrame  # COEFFICIENT_COLUMNS by term (intercept first), ordinary standard errors
    robust_coefficients: pd.DataFrame  # the same with HC3 (heteroscedasticity-robust) standard errors
    reset_p: float
    breusch_pagan_p: float
    normality_test: str  # "Jarque–Bera" or "Shapiro–Wilk"
    normality_p: float
    durbin_watson: float
    vif: pd.Series  # by feature
    max_vif: float
    max_cooks: float
    max_cooks_row: int  # original row number of the most influential point
    verdicts: tuple[Verdict, ...]
    pictures: Pictures
    exact: bool = False  # a perfect fit: the residual tests are undefined (EXACT_FIT_NOTE)

    @property
    def normality_label(self) -> str:
        return f"{self.normality_test} p"

    @property
    def residuals(self) -> np.ndarray:
        return self.ols.resid

    def coefficient_table(self, robust: bool = False) -> pd.DataFrame:
        return self.robust_coefficients if robust else self.coefficients

    def values(self) -> dict[str, float]:
        return {"RESET p": self.reset_p, "Breusch–Pagan p": self.breusch_pagan_p, self.normality_label: self.normality_p,
                "Durbin–Watson": self.durbin_watson, "Max VIF": self.max_vif, "Cook's distance": self.max_cooks}

    def verdict(self, assumption: str) -> Verdict:
        return next(v for v in self.verdicts if v.assumption == assumption)

    def verdict_for(self, picture: str) -> Verdict:
        """The verdict a picture (by its `Verdict.picture` name) shows."""
        return next(v for v in self.verdicts if v.picture == picture)

    @property
    def violated(self) -> list[str]:
        return [v.assumption for v in self.verdicts if v.verdict == VIOLATED]


def _p_verdict(p: float) -> str:
    if math.isnan(p):
        return UNDEFINED
    return VIOLATED if p < 0.01 else DOUBTFUL if p < 0.05 else HOLDS


def _band_verdict(value: float, doubtful: float, violated: float) -> str:
    if math.isnan(value):
        return UNDEFINED
    return VIOLATED if value >= violated else DOUBTFUL if value >= doubtful else HOLDS


def _dw_verdict(dw: float) -> str:
    if math.isnan(dw):
        return UNDEFINED
    distance = abs(dw - 2.0)  # 2 means no first-order autocorrelation
    return VIOLATED if distance > 1.0 else DOUBTFUL if distance > 0.5 else HOLDS


P_RULE = "p ≥ 0.05 holds, 0.01 ≤ p < 0.05 doubtful, p < 0.01 violated"
ASSUMPTIONS = ("Linearity", "Constant variance", "Normal errors", "Independent errors", "No multicollinearity",
               "No influential points")
# knob -> the assumption it breaks (the page's promise)
KNOB_ASSUMPTION = dict(zip(KNOBS, ASSUMPTIONS, strict=True))


def _verdicts(d: dict[str, Any]) -> tuple[Verdict, ...]:
    normality = d["normality_test"]
    return (
        Verdict("Linearity", "RESET p", d["reset_p"], _p_verdict(d["reset_p"]),
                f"Ramsey's RESET adds ŷ² and ŷ³ to the model (HC3 errors, so uneven noise alone does not trip it): "
                f"{P_RULE}.", "Add the missing term (a square, an interaction, a spline), transform a feature or y, "
                "or use a model that bends (polynomial, trees).", "Residuals vs fitted"),
        Verdict("Constant variance", "Breusch–Pagan p", d["breusch_pagan_p"], _p_verdict(d["breusch_pagan_p"]),
                f"Breusch–Pagan (Koenker's robust form) regresses the squared residuals on the features: {P_RULE}.",
                "Use robust (HC3) standard errors, model log(y), or weighted least squares.", "Scale-location"),
        Verdict("Normal errors", f"{normality} p", d["normality_p"], _p_verdict(d["normality_p"]),
                f"{normality} on the residuals (Shapiro–Wilk below {SMALL_N} training rows, Jarque–Bera from "
                f"{SMALL_N}): {P_RULE}. With many rows any small departure is 'significant': read the Q-Q plot.",
                "Mostly matters for intervals with few rows: transform y, bootstrap the intervals, or use a robust loss.",
                "Normal Q-Q"),
        Verdict("Independent errors", "Durbin–Watson", d["durbin_watson"], _dw_verdict(d["durbin_watson"]),
                "Durbin–Watson on residuals in row (time) order; 2 means no autocorrelation: within 2 ± 0.5 holds, "
                "2 ± 1 doubtful, further violated.", "Add lagged or time features, use HAC (Newey–West) errors, or a "
                "time-series model; validate on later rows, not a random split.", "Residuals in row order"),
        Verdict("No multicollinearity", "Max VIF", d["max_vif"], _band_verdict(d["max_vif"], 5.0, 10.0),
                "Variance inflation factor, 1/(1 − R²) of each feature regressed on the others: below 5 holds, "
                "5–10 doubtful, 10 or more violated.", "Drop or combine correlated features, regularise (ridge), "
                "or use principal components; predictions are fine, single coefficients are not.", "Coefficients"),
        Verdict("No influential points", "Cook's distance", d["max_cooks"],
                _band_verdict(d["max_cooks"], *COOKS_LEVELS),
                "Largest Cook's distance (how far all fitted values move without that row): below 0.5 holds, "
                "0.5–1 doubtful, 1 or more violated.", "Check the row for an error first; then drop or down-weight it "
                "with care (Huber loss) and report the fit with and without it.", "Residuals vs leverage"),
    )


def _table(results: Any, names: list[str]) -> pd.DataFrame:
    intervals = np.asarray(results.conf_int(0.05))
    return pd.DataFrame({"estimate": results.params, "std error": results.bse, "t": results.tvalues,
                         "p-value": results.pvalues, "95% CI low": intervals[:, 0], "95% CI high": intervals[:, 1]},
                        index=pd.Index(names, name="term"))


def design_matrix(X_train: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """The preprocessed training features (one-hot with a reference level), without columns that do not vary."""
    prep = preprocessor_call(drop_first=True).build()
    Z = np.asarray(prep.fit_transform(X_train), dtype=float)
    varies = Z.std(axis=0) > 0  # a constant column adds nothing but a singular design
    names = [str(n) for n, keep in zip(prep.get_feature_names_out(), varies, strict=True) if keep]
    return Z[:, varies], names


def _sample(n: int, cooks: np.ndarray) -> np.ndarray:
    if n <= MAX_POINTS:
        return np.arange(n)
    rng = np.random.default_rng(0)  # the same points on every rerun
    influential = np.argsort(-np.nan_to_num(cooks, nan=-1.0))[:20]
    return np.unique(np.concatenate([rng.choice(n, MAX_POINTS - 20, replace=False), influential]))


def _smoother(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # frac 2/3, 3 robustifying iterations, delta 1% of the range: the smoother R's plot.lm draws
    curve = lowess(y, x, frac=2 / 3, it=3, delta=0.01 * float(np.ptp(x)))
    return curve[:, 0], curve[:, 1]


def _pictures(ols: Any, influence: OLSInfluence, rows: np.ndarray) -> Pictures:
    fitted, residuals = np.asarray(ols.fittedvalues), np.asarray(ols.resid)
    standardized = np.asarray(influence.resid_studentized_internal)
    leverage = np.asarray(influence.hat_matrix_diag)
    cooks = np.asarray(influence.cooks_distance[0])
    keep = _sample(len(fitted), cooks)
    scale = np.sqrt(np.abs(standardized))
    (theoretical, ordered), (slope, intercept, _) = stats.probplot(standardized, dist="norm")
    shown = np.unique(np.linspace(0, len(ordered) - 1, min(len(ordered), MAX_POINTS)).round().astype(int))
    p = int(ols.df_model + 1)
    h = np.linspace(max(leverage.min(), 1e-3), min(max(leverage.max() * 1.05, 0.05), 0.999), 60)
    # Cook's D = r² h / (p (1 − h)) for standardised residual r, solved for r at each level
    contours = {level: (h, np.sqrt(level * p * (1 - h) / h)) for level in COOKS_LEVELS}
    return Pictures(rows[keep], fitted[keep], residuals[keep], standardized[keep], leverage[keep], cooks[keep],
                    _smoother(fitted[keep], residuals[keep]), scale[keep], _smoother(fitted[keep], scale[keep]),
                    theoretical[shown], ordered[shown], (float(slope), float(intercept)), contours,
                    int(np.nanargmax(cooks[keep])), p, len(fitted))


EXACT_FIT = 1e-12  # residual SS below this share of the total SS: a perfect fit, the residuals are rounding noise
EXACT_FIT_NOTE = ("The target is an exact linear function of the features here (training R² = 1 up to rounding): "
                  "the residuals are rounding noise, so the tests on them are undefined.")


def diagnose(split: Split) -> Diagnostics:
    """Fit OLS (statsmodels) on the training rows and compute every diagnostic once."""
    Z, names = design_matrix(split.X_train)
    design = sm.add_constant(Z, has_constant="add")
    ols = sm.OLS(split.y_train, design).fit()
    robust = sm.OLS(split.y_train, design).fit(cov_type="HC3")
    influence = OLSInfluence(ols)
    resid = np.asarray(ols.resid)
    exact = bool(ols.ssr <= EXACT_FIT * ols.centered_tss)
    normality_test = "Shapiro–Wilk" if len(resid) < SMALL_N else "Jarque–Bera"
    with np.errstate(divide="ignore", invalid="ignore"):  # a perfectly collinear feature has VIF = inf
        vif = pd.Series([variance_inflation_factor(design, i) for i in range(1, design.shape[1])], index=names,
                        name="VIF", dtype=float)
        cooks = np.asarray(influence.cooks_distance[0])
    worst = int(np.nanargmax(cooks)) if np.isfinite(cooks).any() else 0
    if exact:
        tests = dict.fromkeys(("reset_p", "breusch_pagan_p", "normality_p", "durbin_watson", "max_cooks"), math.nan)
    else:
        tests = dict(
            reset_p=float(linear_reset(ols, power=3, test_type="fitted", use_f=True, cov_type="HC3").pvalue),
            breusch_pagan_p=float(het_breuschpagan(resid, design)[1]),
            normality_p=float(stats.shapiro(resid).pvalue if len(resid) < SMALL_N else jarque_bera(resid)[1]),
            durbin_watson=float(durbin_watson(resid)),
            max_cooks=float(cooks[worst]),
        )
    numbers = dict(tests, normality_test=normality_test, max_vif=float(vif.max()) if len(vif) else 1.0)
    terms = ["intercept", *names]
    return Diagnostics(tuple(names), design, split.y_train, ols, _table(ols, terms), _table(robust, terms), vif=vif,
                       max_cooks_row=int(split.train_rows[worst]), verdicts=_verdicts(numbers), exact=exact,
                       pictures=_pictures(ols, influence, split.train_rows), **numbers)


def headline(metrics: RegressionMetrics, diagnostics: Diagnostics) -> dict[str, float | None]:
    """Every headline number in the page's (and the script's) order."""
    return metrics.values() | diagnostics.values()


def shown(value: float | None) -> str:
    """A headline value as the page and the script print it: 3 decimals, `—` when undefined."""
    return "—" if value is None or not math.isfinite(value) else f"{value:.3f}"


# --- regularisation paths -------------------------------------------------------------------------

PATH_ALPHAS = models.ALPHA_GRID  # the alpha knob's own grid


def regularisation_paths(split: Split, alphas: tuple[float, ...] = PATH_ALPHAS, seed: int = 0) -> CoefficientPaths:
    """Ridge and lasso coefficients at every alpha: the registry's own estimators on the shared preprocessing,
    so the path at the page's alpha is exactly the page's model."""
    prep = models.preprocessor()
    Z = prep.fit_transform(split.X_train)
    coefs = {}
    for model_id in ("lasso", "ridge"):  # the L1 family first, as the fitting page draws it
        rows = []
        for alpha in alphas:
            estimator = models.REGISTRY[model_id].call({"alpha": alpha}, seed).build()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                rows.append(np.ravel(estimator.fit(Z, split.y_train).coef_))
        coefs[model_id] = np.vstack(rows)
    return CoefficientPaths("alpha", np.asarray(alphas, dtype=float), coefs,
                            tuple(str(n) for n in prep.get_feature_names_out()))


# --- "Reproduce in code" ----------------------------------------------------------------------------

def _data_lines(script: Script, choice: DataChoice, dataset: Dataset | None) -> None:
    """Lines that define `X` (DataFrame) and `y` (float array): the registry dataset's own, or for an upload the
    page's reading rules (`dataset.reading`: separator, encoding, rows without a target, feature columns)."""
    if not choice.is_upload:
        datasets.REGISTRY[choice.dataset_id].write(script, choice.seed, choice.param_dict)
        return
    if dataset is None or dataset.reading is None:
        raise ValueError("an upload's script needs the dataset the page read from it")
    dataset.reading.write(script)


def regression_script(experiment: Experiment, dataset: Dataset | None = None) -> str:
    """A self-contained script that rebuilds data, split and model and prints every headline number.
    `dataset`: needed for an upload (the script repeats how the page read it)."""
    seed, test_size = experiment.seed, experiment.test_size
    s = Script().need("import numpy as np", "import statsmodels.api as sm")
    _data_lines(s, experiment.data, dataset)
    s.blank().comment("Random split of the row numbers (not stratified: the target is a number); each part stays "
                      "in row (time) order.")
    s.line("rows = np.arange(len(y))")
    s.line(f"train_rows, test_rows = (np.sort(part) for part in {s.name(train_test_split)}(rows, "
           f"test_size={test_size!r}, random_state={seed!r}))")
    s.line("X_train, X_test, y_train, y_test = X.iloc[train_rows], X.iloc[test_rows], y[train_rows], y[test_rows]")
    s.blank().assign("model", model_call(experiment.model_id, experiment.param_dict, seed))
    s.line("model.fit(X_train, y_train)", "pred, train_pred = model.predict(X_test), model.predict(X_train)")
    s.comment("p: the model's coefficients (polynomial: its expanded terms), else the features it reads")
    s.line('final = model[-1][-1] if hasattr(model[-1], "steps") else model[-1]',
           'p = final.coef_.size if hasattr(final, "coef_") else final.n_features_in_', "n = len(y_test)")
    names = {f: s.name(f) for f in (r2_score, root_mean_squared_error, mean_absolute_error,
                                    mean_absolute_percentage_error)}
    s.line(f"r2 = {names[r2_score]}(y_test, pred)")
    s.comment(f"MAPE is undefined when a test target is within {MAPE_NEAR_ZERO:.0%} of the median |y| of zero")
    s.line(f"mape_ok = np.abs(y_test).min() >= {MAPE_NEAR_ZERO!r} * np.median(np.abs(y_test)) > 0")
    s.line("metrics = {",
           '    "R²": r2,',
           '    "Adjusted R²": 1 - (1 - r2) * (n - 1) / (n - p - 1) if n - p - 1 > 0 else None,',
           f'    "RMSE": {names[root_mean_squared_error]}(y_test, pred),',
           f'    "MAE": {names[mean_absolute_error]}(y_test, pred),',
           f'    "MAPE": {names[mean_absolute_percentage_error]}(y_test, pred) if mape_ok else None,',
           f'    "Train R²": {names[r2_score]}(y_train, train_pred),',
           f'    "Train RMSE": {names[root_mean_squared_error]}(y_train, train_pred),',
           "}")
    s.blank().comment("Diagnostics: plain least squares (statsmodels) on the training rows, one-hot with a "
                      "reference level.")
    s.assign("prep", preprocessor_call(drop_first=True))
    s.line("Z = prep.fit_transform(X_train)", "Z = Z[:, Z.std(axis=0) > 0]  # drop columns that do not vary",
           'design = sm.add_constant(Z, has_constant="add")', "ols = sm.OLS(y_train, design).fit()")
    s.line(f"exact = ols.ssr <= {EXACT_FIT!r} * ols.centered_tss  # a perfect fit: residuals are rounding noise")
    fn = {f: s.name(f) for f in (linear_reset, het_breuschpagan, jarque_bera, durbin_watson,
                                 variance_inflation_factor, OLSInfluence)}
    s.need("from scipy import stats")
    s.line(f'normality = "Shapiro–Wilk p" if len(y_train) < {SMALL_N} else "Jarque–Bera p"  # Shapiro–Wilk for '
           "small samples",
           "if exact:  # a perfect fit: the residuals are rounding noise, there is nothing to test",
           '    metrics.update(dict.fromkeys(["RESET p", "Breusch–Pagan p", normality, "Durbin–Watson"]))',
           "else:",
           f'    metrics["RESET p"] = {fn[linear_reset]}(ols, power=3, test_type="fitted", use_f=True, '
           'cov_type="HC3").pvalue',
           f'    metrics["Breusch–Pagan p"] = {fn[het_breuschpagan]}(ols.resid, design)[1]',
           f"    metrics[normality] = (stats.shapiro(ols.resid).pvalue if len(y_train) < {SMALL_N}",
           f"                          else {fn[jarque_bera]}(ols.resid)[1])",
           f'    metrics["Durbin–Watson"] = {fn[durbin_watson]}(ols.resid)',
           f'metrics["Max VIF"] = max([{fn[variance_inflation_factor]}(design, i) for i in range(1, design.shape[1])], '
           "default=1.0)",
           f'metrics["Cook\'s distance"] = None if exact else np.nanmax({fn[OLSInfluence]}(ols).cooks_distance[0])')
    s.blank().line("for label, value in metrics.items():",
                   '    print(f"{label}: {value:.3f}" if value is not None and np.isfinite(value) else f"{label}: —")')
    return s.text()


# --- live checks --------------------------------------------------------------------------------

NO_VIOLATION = "None: all hold"


def violation_check(diagnostics: Diagnostics) -> LiveCheck | None:
    """"Which assumption do these residual pictures violate?" (any violated one; if none, 'none' or a doubtful one).
    None for a perfect fit: the residual tests are undefined."""
    if diagnostics.exact:
        return None
    violated = diagnostics.violated
    accepted = violated or [NO_VIOLATION] + [v.assumption for v in diagnostics.verdicts if v.verdict == DOUBTFUL]
    listing = "; ".join(f"{v.assumption}: {v.label} {shown(v.value)} ({v.verdict})" for v in diagnostics.verdicts)
    return live_checks.choice_check(
        "regression_violation", "Look at the four diagnostic pictures. Which assumption of linear regression does "
        "this data violate?", [*ASSUMPTIONS, NO_VIOLATION], accepted, f"The numbers behind the pictures — {listing}.")


def _relative_tolerance(expected: float) -> float:
    return max(live_checks.DEFAULT_TOLERANCE, 0.005 * abs(expected))


def mean_baseline_check(y_train: np.ndarray, y_test: np.ndarray) -> LiveCheck:
    """"What is the RMSE if every prediction were the training mean?", from the rounded numbers shown."""
    train_mean, test_mean, test_sd = (round(float(v), 3) for v in (np.mean(y_train), np.mean(y_test), np.std(y_test)))
    expected = math.sqrt(test_sd**2 + (test_mean - train_mean) ** 2)
    exact = float(root_mean_squared_error(y_test, np.full(len(y_test), np.mean(y_train))))
    return LiveCheck(
        "mean_baseline_rmse", f"The training targets have mean {train_mean:.3f}. The test targets have mean "
        f"{test_mean:.3f} and standard deviation {test_sd:.3f} (dividing by n). What would the test RMSE be if every "
        "prediction were the training mean?",
        f"RMSE² = SD² + (test mean − training mean)² = {test_sd:.3f}² + ({test_mean:.3f} − {train_mean:.3f})², so "
        f"RMSE = {expected:.3f} (scikit-learn on the raw numbers: {exact:.3f}). Any useful model must beat it; "
        "R² compares a model with this baseline.", expected=expected, tolerance=_relative_tolerance(expected))


def r2_from_rmse_check(rmse: float, y_test: np.ndarray) -> LiveCheck:
    """"Test RMSE and the SD of the test targets: what is R²?" (R² = 1 − RMSE²/SD², scikit-learn's r2_score)."""
    rmse_shown, sd = round(float(rmse), 3), round(float(np.std(y_test)), 3)
    expected = 1 - (rmse_shown / sd) ** 2
    return LiveCheck(
        "r2_from_rmse", f"The test RMSE is {rmse_shown:.3f} and the test targets' standard deviation is {sd:.3f} "
        "(dividing by n). What is the test R²?",
        f"R² = 1 − RMSE²/SD² = 1 − {rmse_shown:.3f}²/{sd:.3f}² = {expected:.3f}: the share of the variance around "
        "the test mean that the model explains.", expected=expected, tolerance=live_checks.DEFAULT_TOLERANCE)


def adjusted_r2_check(r2: float, n: int, p: int) -> LiveCheck | None:
    """"R², n and p: what is adjusted R²?"."""
    if n - p - 1 <= 0:
        return None
    r2_shown = round(float(r2), 3)
    expected = 1 - (1 - r2_shown) * (n - 1) / (n - p - 1)
    return LiveCheck(
        "adjusted_r2", f"On {n} test rows a model with {p} predictors has R² = {r2_shown:.3f}. What is its "
        "adjusted R²?", f"Adjusted R² = 1 − (1 − R²)(n − 1)/(n − p − 1) = 1 − (1 − {r2_shown:.3f})·{n - 1}/"
        f"{n - p - 1} = {expected:.3f}. Each extra predictor must earn its place.", expected=expected,
        tolerance=live_checks.DEFAULT_TOLERANCE)


def vif_check(diagnostics: Diagnostics) -> LiveCheck | None:
    """"Regressing the most collinear feature on the others gives R²_j: what is its VIF?"."""
    if len(diagnostics.vif) < 2 or not math.isfinite(diagnostics.max_vif):
        return None
    feature = str(diagnostics.vif.idxmax())
    r2_j = round(1 - 1 / diagnostics.max_vif, 3)
    if r2_j >= 1:
        return None
    expected = 1 / (1 - r2_j)
    return LiveCheck(
        "vif", f"Regressing {code_span(feature)} on the other features gives R² = {r2_j:.3f}. What is its variance "
        "inflation factor (VIF)?", f"VIF = 1/(1 − R²) = 1/(1 − {r2_j:.3f}) = {expected:.3f}: its coefficient's "
        f"variance is {expected:.3g} times what it would be with uncorrelated features.", expected=expected,
        tolerance=_relative_tolerance(expected))


def regression_checks(split: Split, metrics: RegressionMetrics, diagnostics: Diagnostics) -> list[LiveCheck | None]:
    return [violation_check(diagnostics), mean_baseline_check(split.y_train, split.y_test),
            r2_from_rmse_check(metrics.rmse, split.y_test),
            adjusted_r2_check(metrics.r2, metrics.n_test, metrics.n_predictors), vif_check(diagnostics)]


# --- the page's own URL keys (the generator's n_samples and noise are the dataset's sidebar controls) -------

def _synthetic(context: Mapping[str, Any]) -> bool:
    return context.get("dataset", SYNTHETIC_ID) == SYNTHETIC_ID


_KNOB_HELP = {
    "nonlinearity": "Adds a bend (x1² − x4²) that a straight line cannot follow. Watch the residuals-vs-fitted "
                    "smoother curve and RESET p fall.",
    "heteroscedasticity": "Makes the noise grow with the signal. Watch the scale-location line rise and "
                          "Breusch–Pagan p fall; ordinary intervals become too narrow.",
    "noise_tail": "Moves the errors from normal to skewed and long-tailed. Watch the Q-Q plot bend and "
                  "Jarque–Bera p fall.",
    "autocorrelation": "Makes each error follow the previous row's (rows are a time order). Watch Durbin–Watson "
                       "fall from 2.",
    "collinearity": "Correlates x2 with x1 (VIF ≈ 100^collinearity). Watch Max VIF and the intervals of x1 and x2 "
                    "widen while predictions barely change.",
    "outliers": "Moves three rows far out in feature space and off the plane. Watch them cross the Cook's "
                "distance lines and pull the coefficients.",
}

PARAMS: tuple[Param, ...] = (
    *(Param(name, Number(0.0, 1.0, 0.05), 0.0, name.replace("_", " ").capitalize(), _KNOB_HELP[name],
            when=_synthetic) for name in KNOBS),
    Param("robust", Toggle(), False, "Robust (HC3) standard errors",
          "Heteroscedasticity-consistent standard errors for the coefficients table: the usual remedy when the "
          "noise is uneven. The estimates do not change, only their uncertainty."),
)
