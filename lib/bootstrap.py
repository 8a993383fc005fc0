"""How sure is a test-split AUC? A stratified bootstrap band for ROC-AUC and PR-AUC.

Each resample redraws the test positives and the test negatives with replacement (their counts stay
fixed), so a test split with 3 positives shows how much its AUCs would move with 3 other positives.

The AUCs of all resamples are computed in one numpy pass, as weighted versions of scikit-learn's
`roc_auc_score` and `average_precision_score` (the weights are how often each row was drawn):
calling those 200 times per share of the imbalance sweep costs seconds, this costs milliseconds.
`tests/test_bootstrap.py` checks both against scikit-learn with `sample_weight` on tied and untied scores.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_RESAMPLES = 100
LEVEL = 0.95


@dataclass(frozen=True)
class Band:
    low: float
    high: float


def _groups(y_score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of the rows by descending score, and where each group of tied scores starts in that order."""
    order = np.argsort(-y_score, kind="mergesort")
    sorted_scores = y_score[order]
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    return order, starts


def weighted_aucs(y_true: np.ndarray, y_score: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ROC-AUC, average precision) for each row of `weights` (shape (B, n)): scikit-learn's definitions with
    `sample_weight=weights[b]`, ties included. NaN where a resample has no positive or no negative weight."""
    y_true = np.asarray(y_true).astype(bool)
    order, starts = _groups(np.asarray(y_score, dtype=float))
    w = np.atleast_2d(weights)[:, order].astype(float)
    positive = y_true[order]
    ends = np.r_[starts[1:], len(order)] - 1

    def per_group(values: np.ndarray) -> np.ndarray:  # (B, groups) sums, highest score first
        total = np.cumsum(values, axis=1)[:, ends]
        return np.diff(total, axis=1, prepend=0.0)

    pos, neg = per_group(w * positive), per_group(w * ~positive)
    total_pos, total_neg = pos.sum(axis=1), neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # ROC-AUC: each positive beats the negatives scored below it, and ties count half.
        neg_below = total_neg[:, None] - np.cumsum(neg, axis=1)
        roc = (pos * (neg_below + 0.5 * neg)).sum(axis=1) / (total_pos * total_neg)
        # Average precision: precision at each threshold, weighted by the recall gained there.
        tps, fps = np.cumsum(pos, axis=1), np.cumsum(neg, axis=1)
        precision = np.where(tps + fps > 0, tps / (tps + fps), 0.0)
        ap = (pos * precision).sum(axis=1) / total_pos
    undefined = (total_pos == 0) | (total_neg == 0)
    return np.where(undefined, np.nan, roc), np.where(total_pos == 0, np.nan, ap)


def stratified_weights(y_true: np.ndarray, n_resamples: int, seed: int) -> np.ndarray:
    """How often each row is drawn in each resample: positives and negatives redrawn separately."""
    y_true = np.asarray(y_true).astype(bool)
    rng = np.random.default_rng(seed)
    weights = np.zeros((n_resamples, len(y_true)))
    for mask in (y_true, ~y_true):
        n = int(mask.sum())
        if n:  # n draws with replacement per resample, counted per row
            drawn = rng.integers(0, n, size=(n_resamples, n)) + n * np.arange(n_resamples)[:, None]
            weights[:, mask] = np.bincount(drawn.ravel(), minlength=n * n_resamples).reshape(n_resamples, n)
    return weights


def auc_bands(y_true: np.ndarray, y_score: np.ndarray, seed: int = 0, n_resamples: int = N_RESAMPLES,
              level: float = LEVEL) -> tuple[Band | None, Band | None]:
    """Percentile bands (ROC-AUC, PR-AUC) over stratified bootstrap resamples of the test split."""
    roc, ap = weighted_aucs(y_true, y_score, stratified_weights(y_true, n_resamples, seed))
    tail = (1 - level) / 2 * 100

    def band(values: np.ndarray) -> Band | None:
        values = values[np.isfinite(values)]
        if not len(values):
            return None
        low, high = np.percentile(values, [tail, 100 - tail])
        return Band(float(low), float(high))

    return band(roc), band(ap)
