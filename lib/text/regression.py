"""Words on the regression page: the protocol, what each picture shows when an assumption fails, metric help,
and captions built from the page's results."""
from __future__ import annotations

import math

from lib import regression as reg
from lib.markdown import code_span
from lib.models import format_value
from lib.regression import Diagnostics, RegressionMetrics, Verdict, shown
from lib.regularisation import CoefficientPaths

INTRO = (
    "Linear regression promises more than predictions: coefficients with standard errors, p-values and "
    "intervals. Those rest on assumptions about the errors. Turn up **one knob** below and watch exactly one "
    "diagnostic react: its picture bends, its number crosses its threshold, and the coefficients' intervals "
    "widen or mislead. Questions to answer out loud: *What does linear regression assume, and how do you check "
    "each assumption? R² or adjusted R²? RMSE or MAE?*"
)
KNOBS_INTRO = ("**Break one assumption.** Each knob runs from 0 (the assumption holds) to 1 (strongly broken); "
               "turn up one at a time. Rows, noise and seed are in the sidebar.")
KNOBS_ELSEWHERE = ("The six assumption knobs belong to the synthetic data, where the truth is known. On this "
                   "table, read the diagnostics as they are.")
LEAST_SQUARES_NOTE = ("The coefficients and diagnostics below always come from plain least squares (statsmodels "
                      "OLS) on the training rows, whichever model is chosen: the assumptions are about that model. "
                      "The model in the sidebar gives the metrics above.")


def protocol(n_train: int, n_test: int, test_size: float, seed: int) -> str:
    return (f"**Protocol.** A random train/test split (test_size={test_size:g}, random_state={seed}), **not "
            f"stratified**: the target is a number, so there are no classes to keep in proportion. "
            f"{n_train:,} training rows, {n_test:,} test rows, each part kept in the original row order (the time "
            "order Durbin–Watson reads). Metrics are on the test rows, `Train R²` and `Train RMSE` on the training "
            "rows. The same link always gives the same numbers.")


METRIC_HELP = {
    "R²": "1 − (squared error of the model)/(squared error of always predicting the test mean). 1 is perfect, 0 "
          "is no better than the mean, below 0 is worse. scikit-learn's r2_score on the test split.",
    "Adjusted R²": reg.ADJUSTED_R2_RULE + " It only rises when a new predictor helps more than chance would.",
    "RMSE": "Root mean squared error on the test split, in the target's units. Squaring makes large misses count "
            "most: one outlier can dominate it.",
    "MAE": "Mean absolute error on the test split, in the target's units. Every unit of error counts the same, "
           "so it is less swayed by a few large misses than RMSE.",
    "MAPE": "Mean absolute percentage error, as a fraction (0.064 = 6.4%): each error divided by |y|. "
            "Meaningless when some targets are near 0.",
    "Train R²": "R² of the same model on its own training rows: far above the test R² means overfitting.",
    "Train RMSE": "RMSE on the training rows, to compare with the test RMSE.",
}
DIAGNOSTIC_HELP = {
    "RESET p": "Ramsey's RESET: does adding ŷ² and ŷ³ improve the fit? A small p means a missing curve (linearity).",
    "Breusch–Pagan p": "Do the squared residuals depend on the features? A small p means the noise is uneven "
                       "(heteroscedasticity).",
    "Jarque–Bera p": "Do the residuals have the skewness and tails of a normal distribution? A small p means not.",
    "Shapiro–Wilk p": "Shapiro–Wilk test of normal residuals (used below 100 training rows). A small p means not.",
    "Durbin–Watson": "Correlation of each residual with the previous row's: about 2 means none, towards 0 positive "
                     "autocorrelation, towards 4 negative.",
    "Max VIF": "Largest variance inflation factor, 1/(1 − R²) of a feature regressed on the others: how much "
               "correlation with the others inflates its coefficient's variance.",
    "Cook's distance": "Largest Cook's distance: how far all the fitted values move when one row is left out. "
                       "Above 1, a single row steers the fit.",
}

# One sentence per picture: what a violated assumption looks like in it.
PICTURE = {
    "Residuals vs fitted": "When the model misses a curve, the smoother line bends into a U or an arch instead of "
                           "lying flat on the dashed zero line.",
    "Normal Q-Q": "Normal errors put the points on the dashed line; skewed or heavy-tailed errors bend the ends "
                  "away from it.",
    "Scale-location": "Uneven noise makes the smoother line rise (or fall) and the cloud fan out instead of "
                      "forming a level band.",
    "Residuals vs leverage": "A point beyond the dashed Cook's distance lines moves the whole fit on its own: "
                             "high leverage (far right) combined with a large residual. The ringed point has the "
                             "largest Cook's distance.",
    "Residuals in row order": "Independent errors look like noise along the rows; long runs above or below zero "
                              "mean each error follows the last (autocorrelation).",
}


def metric_reasons(metrics: RegressionMetrics) -> dict[str, str]:
    """Why an undefined headline metric is shown as —."""
    reasons = {"MAPE": metrics.mape_note} if metrics.mape_note else {}
    if metrics.adjusted_r2 is None:
        reasons["Adjusted R²"] = (f"Adjusted R² needs more test rows ({metrics.n_test}) than predictors + 1 "
                                  f"({metrics.n_predictors + 1}).")
    return reasons


def diagnostic_reasons(d: Diagnostics) -> dict[str, str]:
    """Why an undefined diagnostic is shown as —."""
    reasons = dict.fromkeys(("RESET p", "Breusch–Pagan p", d.normality_label, "Durbin–Watson", "Cook's distance"),
                            reg.EXACT_FIT_NOTE) if d.exact else {}
    if math.isinf(d.max_vif):
        reasons["Max VIF"] = ("Infinite: a feature is an exact linear combination of others (a duplicated or derived "
                              "column). Drop one of them.")
    return reasons


VERDICT_ICON = {reg.HOLDS: ":material/check_circle:", reg.DOUBTFUL: ":material/help:",
                reg.VIOLATED: ":material/cancel:", reg.UNDEFINED: ":material/remove_circle:"}


def verdict(v: Verdict) -> str:
    return (f"**{v.assumption}: {v.verdict}** ({v.label} = {shown(v.value)}). Rule: {v.rule}  \n"
            f"**What to do:** {v.remedy}")


def sample_note(d: Diagnostics) -> str:
    pictures = d.pictures
    if not pictures.sampled:
        return ""
    return (f"The pictures draw {len(pictures.rows):,} of the {pictures.n_rows:,} training rows (a fixed random "
            "sample that always keeps the most influential rows); the numbers use every row.")


def coefficients_caption(robust: bool) -> str:
    errors = ("**HC3 robust** standard errors: valid when the noise is uneven; the estimates are the same, only "
              "their uncertainty changes." if robust else
              "ordinary standard errors, which assume constant, independent noise: with uneven noise they are too "
              "narrow (turn on robust errors and compare).")
    return ("Estimates are per standard deviation of each feature (the shared preprocessing standardises them on "
            "the training rows); the intercept is the prediction at the training means. Intervals and p-values use "
            + errors)


def vif_caption(d: Diagnostics) -> str:
    if len(d.vif) < 2:
        return "With a single feature there is nothing for it to be correlated with: its VIF is 1."
    top = d.vif.idxmax()
    return (f"Most collinear: {code_span(top)} (VIF {shown(d.vif.max())}). A VIF of 10 means the coefficient's "
            "variance is 10 times what it would be with uncorrelated features, its standard error about 3.2 times: "
            "the predictions hardly change, but the single coefficients cannot be trusted.")


PATH_MODELS = ("ridge", "lasso", "elastic_net")
PATHS_ELSEWHERE = ("The paths show ridge and lasso coefficients against their penalty `alpha`, so they belong to the "
                   "regularised models. Switch the model to see them on this data, with its alpha marked.")


def paths_caption(paths: CoefficientPaths, alpha: float, model_id: str) -> str:
    at = paths.index(alpha)
    n = len(paths.features)
    lasso_zero = int((paths.coefs["lasso"][at] == 0).sum())
    mixed = (" Elastic net sits between the two: its L1 share sets how close to the lasso." if model_id == "elastic_net"
             else "")
    shown_note = f" The {min(n, 10)} features with the largest weights are drawn." if n > 10 else ""
    return (f"Dashed line: alpha = {format_value(alpha)}, where the lasso sets **{lasso_zero} of {n}** coefficients to "
            "exactly 0 and ridge none: L1's corners give exact zeros (feature selection), L2 only shrinks. With "
            f"correlated features ridge shares the weight between them while the lasso picks one.{mixed}{shown_note}")
