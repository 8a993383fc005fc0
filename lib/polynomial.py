"""The classic over/underfitting picture: polynomial regression on noisy samples of a smooth curve.

A few noisy training points of sin(2πx), a polynomial of chosen degree fitted
with ridge regression (features standardised so `alpha` means the same at every
degree), and its error on fresh test points from the same curve.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.linalg import LinAlgWarning
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from lib.code import Call, Script
from lib.models import format_value, log_grid
from lib.params import Grid, Number, Param

N_TRAIN, N_TEST, NOISE = 15, 200, 0.25
DEGREES = tuple(range(1, 16))
DEFAULT_DEGREE = 3
ALPHAS = log_grid(-12, 2)  # 1e-12 (practically no penalty) to 100
DEFAULT_ALPHA = 1e-12
CURVE_POINTS = 400


def truth(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x)


@dataclass(frozen=True)
class Samples:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def samples(seed: int, n_train: int = N_TRAIN, n_test: int = N_TEST, noise: float = NOISE) -> Samples:
    """y = sin(2πx) + Gaussian noise, drawn with `seed`. Training x: one random point in each of `n_train`
    equal slices of [0, 1] (no wide gaps at the ends to extrapolate into); test x ~ U(0, 1)."""
    rng = np.random.default_rng(seed)
    x_train = (np.arange(n_train) + rng.uniform(0, 1, n_train)) / n_train
    x_test = rng.uniform(0, 1, n_test)
    return Samples(x_train, truth(x_train) + rng.normal(0, noise, n_train),
                   x_test, truth(x_test) + rng.normal(0, noise, n_test))


def model_call(degree: int, alpha: float) -> Call:
    return Call(make_pipeline, Call(PolynomialFeatures, degree, include_bias=False), Call(StandardScaler),
                Call(Ridge, alpha=float(alpha)))


@dataclass(frozen=True)
class PolynomialFit:
    degree: int
    alpha: float
    x: np.ndarray  # evenly spaced on [0, 1], for drawing
    fitted: np.ndarray
    train_mse: float
    test_mse: float


def fit(data: Samples, degree: int, alpha: float) -> PolynomialFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)  # a near-singular system is the point at tiny alpha
        pipeline = model_call(degree, alpha).build().fit(data.x_train[:, None], data.y_train)
    x = np.linspace(0, 1, CURVE_POINTS)
    return PolynomialFit(
        degree, alpha, x, pipeline.predict(x[:, None]),
        float(mean_squared_error(data.y_train, pipeline.predict(data.x_train[:, None]))),
        float(mean_squared_error(data.y_test, pipeline.predict(data.x_test[:, None]))),
    )


def error_by_degree(data: Samples, alpha: float, degrees=DEGREES) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(degrees, train MSE, test MSE) at fixed `alpha`: the U-shaped test error of the bias–variance trade-off."""
    fits = [fit(data, d, alpha) for d in degrees]
    return (np.asarray(degrees), np.array([f.train_mse for f in fits]), np.array([f.test_mse for f in fits]))


PARAMS = (
    Param("degree", Number(DEGREES[0], DEGREES[-1], 1, whole=True), DEFAULT_DEGREE, "Polynomial degree"),
    Param("alpha", Grid(ALPHAS, log=True), DEFAULT_ALPHA, "Ridge alpha (penalty)",
          help=f"{format_value(DEFAULT_ALPHA)} is practically no penalty."),
)


def polynomial_script(seed: int, degree: int, alpha: float) -> str:
    """A script that redraws the samples, fits the same polynomial and prints its train and test MSE."""
    script = Script().need("import numpy as np")
    script.line(
        f"rng = np.random.default_rng({seed})",
        f"x_train = (np.arange({N_TRAIN}) + rng.uniform(0, 1, {N_TRAIN})) / {N_TRAIN}  # one point per slice of [0, 1]",
        f"x_test = rng.uniform(0, 1, {N_TEST})",
        f"y_train = np.sin(2 * np.pi * x_train) + rng.normal(0, {NOISE}, {N_TRAIN})",
        f"y_test = np.sin(2 * np.pi * x_test) + rng.normal(0, {NOISE}, {N_TEST})")
    script.assign("model", model_call(degree, alpha))
    script.need("from sklearn.metrics import mean_squared_error")
    script.line("model.fit(x_train[:, None], y_train)",
                'print(f"Train MSE: {mean_squared_error(y_train, model.predict(x_train[:, None])):.3f}")',
                'print(f"Test MSE: {mean_squared_error(y_test, model.predict(x_test[:, None])):.3f}")')
    return script.text()
