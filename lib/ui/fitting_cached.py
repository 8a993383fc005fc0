"""Cached computations of the fitting page, keyed on small frozen choices.

Curves are cached in pieces (a couple of grid values or training sizes each) so
a cold curve can show a progress bar between pieces while a warm one is only a
few cache look-ups. Streamlit calls stay outside the cached functions: cached
functions that draw would replay their elements on every hit.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from sklearn.model_selection import StratifiedKFold

from lib import boundary, curves, fitting, models, polynomial, regularisation
from lib.choices import DataChoice, Experiment
from lib.ui import cached

PIECE = 2  # grid values (or training sizes) per cached piece


def tuned(experiment: Experiment, params: tuple[tuple[str, Any], ...]) -> Experiment:
    """`experiment` with the page's knob values, resolved onto their grids (one cache key per setting)."""
    resolved = models.REGISTRY[experiment.model_id].resolve(dict(params))
    return Experiment(experiment.data, experiment.model_id, tuple(sorted(resolved.items())),
                      experiment.test_size, experiment.positive)


def without(experiment: Experiment, knob: str) -> Experiment:
    """The cache key of a curve that sweeps `knob`: the experiment minus that knob's value."""
    kept = tuple((k, v) for k, v in experiment.model_params if k != knob)
    return Experiment(experiment.data, experiment.model_id, kept, experiment.test_size, experiment.positive)


@dataclass(frozen=True)
class TrainingRows:
    X: pd.DataFrame  # the curves' rows: the training split, or a stratified sample of it
    y: np.ndarray
    n_train: int  # rows in the whole training split
    cv: StratifiedKFold

    @property
    def sampled(self) -> bool:
        return len(self.y) < self.n_train


@st.cache_resource(max_entries=16, show_spinner=False)
def training_rows(data: DataChoice, test_size: float, positive: str | None) -> TrainingRows:
    dataset = cached.dataset(data)
    split = fitting.stratified_split(dataset.X, dataset.binary_target(positive), test_size, data.seed)
    X, y = curves.curve_sample(split.X_train, split.y_train, data.seed)
    return TrainingRows(X, y, len(split.y_train), curves.cv_splitter(y, data.seed))


def rows_for(experiment: Experiment) -> TrainingRows:
    return training_rows(experiment.data, experiment.test_size, experiment.positive)


@st.cache_data(max_entries=64, show_spinner=False)
def scores(experiment: Experiment, scoring: str) -> tuple[float, float]:
    """(train score, validation score) of the one model fitted at these knob values."""
    fitted = cached.fitted(experiment)
    return curves.split_scores(fitted.pipeline, fitted.split, scoring)


def fit_notes(experiment: Experiment) -> tuple[str, ...]:
    return cached.fitted(experiment).warnings


@st.cache_data(max_entries=600, show_spinner=False)
def _curve_piece(key: Experiment, knob: str, values: tuple, scoring: str) -> curves.ValidationCurve:
    rows = rows_for(key)
    pipeline = models.build_pipeline(key.model_id, key.param_dict, key.seed)
    return curves.validation_curve_for(pipeline, rows.X, rows.y, key.model_id, knob, values, rows.cv, scoring)


@st.cache_data(max_entries=300, show_spinner=False)
def _learning_piece(experiment: Experiment, scoring: str, sizes: tuple) -> curves.LearningCurve:
    rows = rows_for(experiment)
    pipeline = models.build_pipeline(experiment.model_id, experiment.param_dict, experiment.seed)
    return curves.learning_curve_for(pipeline, rows.X, rows.y, rows.cv, scoring, experiment.seed, sizes)


def _in_pieces(label: str, items: Sequence, compute: Callable[[tuple], Any]) -> list:
    """Compute `items` a piece at a time; a spinner (after 0.5 s) and a progress bar appear only when slow."""
    pieces = [tuple(items[i:i + PIECE]) for i in range(0, len(items), PIECE)]
    slot, start, results = st.empty(), time.perf_counter(), []
    with st.spinner(label):
        for done, piece in enumerate(pieces, start=1):
            results.append(compute(piece))
            if time.perf_counter() - start > 0.3 and done < len(pieces):
                slot.progress(done / len(pieces), text=f"{label} {done} of {len(pieces)} parts done")
    slot.empty()
    return results


def validation_curve(experiment: Experiment, knob: str, scoring: str) -> curves.ValidationCurve:
    """The validation curve over `knob`'s curve grid, the other knobs as in `experiment`."""
    key, grid = without(experiment, knob), curves.curve_grid(models.REGISTRY[experiment.model_id].knob(knob))
    folds = rows_for(experiment).cv.get_n_splits()
    label = f"Validation curve: {len(grid)} values × {folds} folds = {len(grid) * folds} fits…"
    return curves.combine(_in_pieces(label, grid, lambda piece: _curve_piece(key, knob, piece, scoring)))


def learning_curve(experiment: Experiment, scoring: str) -> curves.LearningCurve:
    folds = rows_for(experiment).cv.get_n_splits()
    sizes = curves.LEARNING_SIZES
    label = f"Learning curve: {len(sizes)} sizes × {folds} folds = {len(sizes) * folds} fits…"
    return curves.combine(_in_pieces(label, sizes, lambda piece: _learning_piece(experiment, scoring, piece)))


@st.cache_data(max_entries=48, show_spinner="Drawing the decision boundary…")
def decision_boundary(experiment: Experiment) -> boundary.Boundary:
    fitted = cached.fitted(experiment)
    if boundary.is_two_dimensional(fitted.split.X_train):
        return boundary.in_feature_plane(fitted.pipeline, fitted.split, experiment.seed)
    return boundary.in_pca_plane(experiment.model_id, experiment.param_dict, fitted.split, experiment.seed)


@st.cache_data(max_entries=16, show_spinner="Fitting L1 and L2 logistic regression at 25 values of C…")
def coefficient_paths(data: DataChoice, test_size: float, positive: str | None) -> regularisation.CoefficientPaths:
    rows = training_rows(data, test_size, positive)
    return regularisation.coefficient_paths(rows.X, rows.y, data.seed)


@st.cache_data(max_entries=64, show_spinner=False)
def polynomial_demo(seed: int, degree: int, alpha: float):
    data = polynomial.samples(seed)
    return data, polynomial.fit(data, degree, alpha), polynomial.error_by_degree(data, alpha)


@st.cache_data(max_entries=32, show_spinner="Cross-validating a default random forest as a reference…")
def baseline(data: DataChoice, test_size: float, positive: str | None, scoring: str) -> float:
    """The reference model's CV score on the curves' rows and folds (once per data and score)."""
    rows = training_rows(data, test_size, positive)
    return curves.baseline_score(rows.X, rows.y, rows.cv, scoring, data.seed)
