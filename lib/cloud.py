"""The PCA page's synthetic data: a correlated 2-D Gaussian cloud whose covariance the page's knobs set.

Kept apart (numpy and scikit-learn only, no other playground code) so that the page's "Reproduce in code"
script can carry this module's code as it is and run anywhere.
"""
import numpy as np
from sklearn.utils import check_random_state


def cloud_covariance(correlation: float = 0.8, spread_ratio: float = 1.0, rotation: float = 0.0) -> np.ndarray:
    """The cloud's true covariance: x1 with SD 1, x2 with SD `spread_ratio` and correlation `correlation`,
    then the whole cloud turned by `rotation` degrees (anticlockwise)."""
    s, r = float(spread_ratio), float(correlation)
    before = np.array([[1.0, r * s], [r * s, s * s]])
    angle = np.deg2rad(rotation)
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return turn @ before @ turn.T


def make_cloud(n_samples: int = 300, correlation: float = 0.8, spread_ratio: float = 1.0, rotation: float = 0.0,
               random_state: int | np.random.RandomState | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """`n_samples` points of a 2-D Gaussian with covariance `cloud_covariance(...)`, and one label (0) for all."""
    rng = check_random_state(random_state)
    z = rng.standard_normal((n_samples, 2))
    s, r = float(spread_ratio), float(correlation)
    x1 = z[:, 0]
    x2 = s * (r * z[:, 0] + np.sqrt(1.0 - r * r) * z[:, 1])
    angle = np.deg2rad(rotation)
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return np.column_stack([x1, x2]) @ turn.T, np.zeros(n_samples, dtype=int)
