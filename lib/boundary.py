"""Decision boundary of a classifier in a plane: the data's own two features, or a PCA projection.

With two numeric features the boundary is the page's own fitted model evaluated
on a grid. With more features no plane shows the real boundary, so the same
model (same knobs) is refitted on the first two principal components of the
preprocessed training data, and the page says so.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline

from lib import models
from lib.fitting import EvaluationError, Split, fit_pipeline, positive_scores
from lib.sampling import random_rows

RESOLUTION = 120  # grid points per axis: 14,400 predictions, smooth enough to see a wiggle
MAX_POINTS = 1_500  # drawn per split; the boundary itself uses every training row
PLANE_COLUMNS = ("PC1", "PC2")


@dataclass(frozen=True)
class Boundary:
    xs: np.ndarray  # grid coordinates along the horizontal axis
    ys: np.ndarray
    proba: np.ndarray  # (len(ys), len(xs)) probability of the positive class
    train: pd.DataFrame  # columns x, y, label (0/1), drawn sample of the training split
    test: pd.DataFrame
    axis_names: tuple[str, str]
    projected: bool  # True: PCA plane with a refitted model
    explained: tuple[float, float] | None = None  # PCA explained-variance ratios
    plane_accuracy: float | None = None  # accuracy of the refitted 2-D model on the test split
    notes: tuple[str, ...] = ()


def is_two_dimensional(X: pd.DataFrame) -> bool:
    """Two numeric columns: the model's own input space is a plane."""
    return X.shape[1] == 2 and all(pd.api.types.is_numeric_dtype(t) for t in X.dtypes)


def _grid(points: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    low, high = np.nanmin(points, axis=0), np.nanmax(points, axis=0)
    pad = 0.08 * np.where(high > low, high - low, 1.0)
    return (np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
            np.linspace(low[1] - pad[1], high[1] + pad[1], resolution))


def _drawn(points: np.ndarray, labels: np.ndarray, seed: int) -> pd.DataFrame:
    """At most MAX_POINTS rows (a seeded random sample) for the scatter."""
    sample = random_rows(len(labels), MAX_POINTS, seed)
    keep = np.arange(len(labels)) if sample is None else sample
    return pd.DataFrame({"x": points[keep, 0], "y": points[keep, 1], "label": np.asarray(labels)[keep]})


def _on_grid(pipeline, xs: np.ndarray, ys: np.ndarray, columns) -> np.ndarray:
    gx, gy = np.meshgrid(xs, ys)
    grid = pd.DataFrame({columns[0]: gx.ravel(), columns[1]: gy.ravel()})
    return positive_scores(pipeline, grid).reshape(gx.shape)


def in_feature_plane(pipeline, split: Split, seed: int, resolution: int = RESOLUTION) -> Boundary:
    """The fitted `pipeline`'s boundary over its own two features."""
    columns = list(split.X_train.columns)
    train, test = split.X_train.to_numpy(dtype=float), split.X_test.to_numpy(dtype=float)
    xs, ys = _grid(np.vstack([train, test]), resolution)
    return Boundary(xs, ys, _on_grid(pipeline, xs, ys, columns), _drawn(train, split.y_train, seed),
                    _drawn(test, split.y_test, seed + 1), (str(columns[0]), str(columns[1])), projected=False)


def in_pca_plane(model_id: str, params: dict, split: Split, seed: int,
                 resolution: int = RESOLUTION) -> Boundary:
    """Project on the first two principal components of the preprocessed training split, refit the same
    model there, and draw that model's boundary."""
    prep = models.preprocessor().fit(split.X_train)
    if prep.transform(split.X_train.head(1)).shape[1] < 2:
        raise EvaluationError("A plane needs at least two features; this data has one.")
    projector = make_pipeline(prep, PCA(n_components=2, random_state=seed))
    train = projector.fit_transform(split.X_train)
    test = projector.transform(split.X_test)
    frame = pd.DataFrame(train, columns=PLANE_COLUMNS)
    model, notes = fit_pipeline(models.build_pipeline(model_id, params, seed), frame, split.y_train)
    xs, ys = _grid(np.vstack([train, test]), resolution)
    accuracy = float(model.score(pd.DataFrame(test, columns=PLANE_COLUMNS), split.y_test))
    ratios = projector[-1].explained_variance_ratio_
    return Boundary(xs, ys, _on_grid(model, xs, ys, PLANE_COLUMNS), _drawn(train, split.y_train, seed),
                    _drawn(test, split.y_test, seed + 1), PLANE_COLUMNS, projected=True,
                    explained=(float(ratios[0]), float(ratios[1])), plane_accuracy=accuracy, notes=notes)


def for_model(pipeline, model_id: str, params: dict, split: Split, seed: int) -> Boundary:
    """The fitted model's own boundary on two-feature data, else the same model refitted in the PCA plane."""
    if is_two_dimensional(split.X_train):
        return in_feature_plane(pipeline, split, seed)
    return in_pca_plane(model_id, params, split, seed)
