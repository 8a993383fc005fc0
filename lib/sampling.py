"""Which rows or points to keep when there are too many to draw or to compute on, always seeded."""
from __future__ import annotations

import numpy as np

MAX_CURVE_POINTS = 2000  # points per curve sent to the browser


def downsample_indices(n: int, max_points: int = MAX_CURVE_POINTS) -> np.ndarray:
    """Evenly spaced indices into a curve of `n` points, always keeping both ends."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def random_rows(n: int, max_rows: int, seed: int) -> np.ndarray | None:
    """A sorted random sample of `max_rows` of `n` row indices, or None when all `n` fit."""
    if n <= max_rows:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=max_rows, replace=False))


def keeping_positives(y: np.ndarray, max_points: int, seed: int) -> np.ndarray:
    """Indices of at most `max_points` rows, keeping (up to half the budget) every positive."""
    if len(y) <= max_points:
        return np.arange(len(y))
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    n_pos = min(len(pos), max_points // 2)
    keep = np.concatenate([rng.choice(pos, n_pos, replace=False), rng.choice(neg, max_points - n_pos, replace=False)])
    return np.sort(keep)
