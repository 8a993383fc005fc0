"""Are the scores probabilities? Reliability diagram data and the Brier score."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

N_BINS = 10


@dataclass(frozen=True)
class Calibration:
    mean_predicted: np.ndarray  # per non-empty bin: mean score
    fraction_positive: np.ndarray  # per non-empty bin: observed share of positives
    bin_counts: np.ndarray  # rows per non-empty bin
    brier: float
    n_bins: int


def reliability(y_true: np.ndarray, y_score: np.ndarray, n_bins: int = N_BINS) -> Calibration | None:
    """`calibration_curve` with `n_bins` equal-width bins (empty bins dropped, as scikit-learn does)."""
    y_true = np.asarray(y_true)
    if len(np.unique(y_true)) < 2:
        return None
    fraction_positive, mean_predicted = calibration_curve(y_true, y_score, n_bins=n_bins, strategy="uniform")
    # Same binning as calibration_curve's "uniform" strategy, to label each point with its size.
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_ids = np.searchsorted(edges[1:-1], y_score)
    counts = np.bincount(bin_ids, minlength=n_bins)
    return Calibration(mean_predicted, fraction_positive, counts[counts > 0],
                       float(brier_score_loss(y_true, y_score)), n_bins)
