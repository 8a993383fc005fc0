"""The regression page's synthetic data: a textbook linear model with one knob per assumption.

Kept apart (numpy, scipy and scikit-learn only, no other playground code) so that the page's
"Reproduce in code" script can carry this module's code as it is and run anywhere.
"""
import math

import numpy as np
from scipy.signal import lfilter
from sklearn.utils import check_random_state

FEATURES = ("x1", "x2", "x3", "x4")
COEFFICIENTS = np.array([2.0, 1.0, -1.0, 0.0])  # x4 has no effect: its p-value should be large
INTERCEPT = 20.0  # keeps y well away from 0, so MAPE is meaningful on the textbook model
KNOBS = ("nonlinearity", "heteroscedasticity", "noise_tail", "autocorrelation", "collinearity", "outliers")

CURVATURE = 1.0  # size of the x1² − x4² term at nonlinearity = 1 (y units)
SPREAD = 0.6  # noise SD ∝ exp(SPREAD · standardised signal) at heteroscedasticity = 1
MAX_AUTOCORRELATION = 0.9  # AR(1) coefficient at autocorrelation = 1
MAX_VIF = 100.0  # the x1–x2 correlation gives VIF ≈ MAX_VIF ** collinearity
OUTLIER_LEVERAGE = 0.8  # leverage of each outlier at outliers = 1
OUTLIER_SHIFT = 5.0  # how far (in noise SDs) each outlier sits off the plane at outliers = 1
# Three directions orthogonal to the coefficients and to each other: an outlier moved along one keeps an
# ordinary fitted value, so it shows as leverage (Cook's distance), not as curvature (RESET).
OUTLIER_DIRECTIONS = np.array([[0.0, 0.0, 0.0, 1.0], [1.0, -2.0, 0.0, 0.0], [2.0, 1.0, 5.0, 0.0]])
OUTLIER_DIRECTIONS /= np.linalg.norm(OUTLIER_DIRECTIONS, axis=1, keepdims=True)


def _rerank(values: np.ndarray, order_by: np.ndarray) -> np.ndarray:
    """`values` re-ordered so they rank like `order_by`: same pooled distribution, new pattern."""
    return np.sort(values)[np.argsort(np.argsort(order_by, kind="stable"), kind="stable")]


def make_assumptions(n_samples: int = 500, noise: float = 1.0, nonlinearity: float = 0.0,
                     heteroscedasticity: float = 0.0, noise_tail: float = 0.0, autocorrelation: float = 0.0,
                     collinearity: float = 0.0, outliers: float = 0.0,
                     random_state: int | np.random.RandomState | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Data for y = 20 + 2·x1 + x2 − x3 (+ 0·x4) + noise, with one knob per assumption of linear regression.

    With every knob at 0: four independent uniform features (mean 0, SD 1), y = 20 + 2·x1 + 1·x2 − 1·x3
    + 0·x4 + noise · N(0, 1). Each knob runs from 0 (the assumption holds) to 1 (strongly broken):

    - nonlinearity: adds CURVATURE · (x1² − x4²), a bend the straight line misses;
    - heteroscedasticity: the noise grows with the signal (SD ∝ exp(0.6 · standardised signal));
    - noise_tail: the errors move from normal to a skewed, long-tailed (centred exponential) shape;
    - autocorrelation: errors follow an AR(1) along the row order (coefficient 0.9 at 1): rows are time;
    - collinearity: x2 becomes correlated with x1, so that their VIF ≈ 100 ** collinearity;
    - outliers: three rows move far out in feature space (leverage 0.8 at 1) and 5 noise SDs off the plane.

    Every random number is drawn before any knob is applied, so a knob moves only its own part of the
    data. Autocorrelation and heteroscedasticity re-order the same error values rather than draw new ones,
    so the pooled errors (and Jarque–Bera) change only with noise_tail. Returns X of shape
    (n_samples, 4) and y of shape (n_samples,), deterministic for an int `random_state`.
    """
    if int(n_samples) != n_samples or n_samples < 20:
        raise ValueError(f"n_samples must be a whole number of at least 20, got {n_samples!r}")
    if not (math.isfinite(noise) and noise > 0):
        raise ValueError(f"noise must be a positive number, got {noise!r}")
    knobs = dict(nonlinearity=nonlinearity, heteroscedasticity=heteroscedasticity, noise_tail=noise_tail,
                 autocorrelation=autocorrelation, collinearity=collinearity, outliers=outliers)
    for name, value in knobs.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    n = int(n_samples)
    rng = check_random_state(random_state)
    base = rng.uniform(-math.sqrt(3), math.sqrt(3), size=(n, len(FEATURES)))  # mean 0, SD 1
    normal = rng.standard_normal(n)
    skewed = rng.standard_exponential(n) - 1.0  # mean 0, SD 1, skewness 2

    X = base.copy()
    rho = math.sqrt(1.0 - MAX_VIF ** -collinearity)  # VIF = 1 / (1 − rho²)
    X[:, 1] = rho * base[:, 0] + math.sqrt(1.0 - rho**2) * base[:, 1]

    angle = noise_tail * math.pi / 2  # cos² + sin² = 1: the error SD stays 1 along the way
    innovations = math.cos(angle) * normal + math.sin(angle) * skewed
    errors = innovations
    if autocorrelation > 0:
        phi = MAX_AUTOCORRELATION * autocorrelation
        gain = math.sqrt(1.0 - phi**2)  # stationary: the AR(1) series keeps SD 1
        series, _ = lfilter([gain], [1.0, -phi], innovations, zi=[(1.0 - gain) * innovations[0]])
        errors = _rerank(innovations, series)
    signal = X @ COEFFICIENTS
    if heteroscedasticity > 0:
        z = (signal - signal.mean()) / signal.std()
        errors = _rerank(errors, np.exp(SPREAD * heteroscedasticity * z) * errors)

    y = INTERCEPT + signal + CURVATURE * nonlinearity * (X[:, 0] ** 2 - X[:, 3] ** 2) + noise * errors
    if outliers > 0:
        leverage = OUTLIER_LEVERAGE * outliers
        distance = math.sqrt(n * leverage / (1.0 - leverage))  # a lone point at this distance has that leverage
        for k, direction in enumerate(OUTLIER_DIRECTIONS):
            row = int((k + 0.5) * n / len(OUTLIER_DIRECTIONS))  # spread along the time order
            moved = distance * direction
            y[row] += COEFFICIENTS @ (moved - X[row]) + OUTLIER_SHIFT * outliers * noise
            X[row] = moved
    return X, y
