"""PCA: the covariance matrix, its eigenvectors and the variance they explain.

- `prepare` turns a dataset into the matrix PCA sees: every row (PCA is unsupervised: no train/test split, the
  classes only colour the pictures), numbers imputed with the median and, with `scale`, standardised; text
  columns one-hot encoded (the same preprocessing as every other page, `lib.models.preprocessor`).
- `decompose` is scikit-learn's `PCA(svd_solver="full")` on that matrix, every component kept; moving
  `n_components` only reads it (`headline`, `reconstruction`).
- `eigen_of_covariance` and `svd_of_centred` are the two from-scratch routes (numpy only); the tests hold them
  equal to scikit-learn (components up to sign, `align_signs`).
- `plane` is the 2-D view: the covariance of two columns, its eigen-decomposition, the ellipse and arrows.
- `pca_script`, `pca_checks` and `PARAMS` serve the page.

Reconstruction error, as the page and its script define it: the mean over every row and every feature of the
squared difference between the matrix PCA sees (standardised when `scale` is on) and its reconstruction from
the first `n_components` components, `np.mean((Z - pca.inverse_transform(pca.transform(Z))) ** 2)`. It equals
(n − 1) / (n · p) times the sum of the discarded eigenvalues.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from lib import datasets, live_checks, models, params
from lib.choices import DataChoice
from lib.code import Call, Script
from lib.errors import UserError
from lib.live_checks import LiveCheck
from lib.params import Label, Number, Param, Toggle

CLOUD_ID = "cloud"
PC1, PC2, CUMULATIVE, RECONSTRUCTION = ("PC1 explained variance", "PC2 explained variance",
                                        "Cumulative explained variance", "Reconstruction error")
LABELS = (PC1, PC2, CUMULATIVE, RECONSTRUCTION)
KEEP_SHARE = 0.9  # the "how many components keep 90% of the variance?" line
MAX_UPLOAD_COMPONENTS = 100  # the n_components slider's end for an upload (clipped to its feature count)
ELLIPSE_SD = 2.0  # the covariance ellipse is drawn at 2 standard deviations along each eigenvector


class PCAError(UserError):
    """PCA cannot run on this data; the message says why in plain words."""


# --- the matrix PCA sees ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Features:
    X: np.ndarray  # every row, preprocessed (standardised when `scaled`)
    names: tuple[str, ...]
    y: np.ndarray  # class names (strings), only to colour the pictures
    scaled: bool
    raw_mean: np.ndarray  # the imputed columns' means and SDs before scaling (to turn digits back into pixels)
    raw_sd: np.ndarray
    notes: tuple[str, ...] = ()

    @property
    def n_rows(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    def column(self, name: str) -> np.ndarray:
        return self.X[:, self.names.index(name)]


def prepare(dataset: datasets.Dataset, scale: bool) -> Features:
    """The matrix PCA sees: every row, imputed/encoded, standardised if `scale` (raises `PCAError` if unusable)."""
    if len(dataset.X) < 3:
        raise PCAError("PCA needs at least 3 rows.")
    raw = models.preprocessor(False)
    unscaled = np.asarray(raw.fit_transform(dataset.X), dtype=float)
    names = tuple(str(n) for n in raw.get_feature_names_out())
    if unscaled.shape[1] == 0 or not np.all(np.isfinite(unscaled)):
        raise PCAError("No usable feature columns: PCA needs numeric (or text) columns with values.")
    sd = unscaled.std(axis=0)
    if not np.any(sd > 0):
        raise PCAError("Every feature column is constant, so there is no variance to explain.")
    mean, safe_sd = unscaled.mean(axis=0), np.where(sd > 0, sd, 1.0)  # StandardScaler leaves constant columns at 0
    X = np.asarray(models.preprocessor(True).fit_transform(dataset.X), dtype=float) if scale else unscaled
    notes = [n for n in dataset.notes if "imput" not in n]
    missing = int(dataset.X.isna().sum().sum())
    if missing:
        notes.append(f"{missing:,} missing cells are imputed (median for numbers, most frequent value for text) "
                     "from all rows before PCA.")
    constant = int(np.sum(sd == 0))
    if constant:
        notes.append(f"{constant} of the {len(sd)} features never vary here (e.g. the digits' border pixels): they "
                     "add nothing to any component.")
    return Features(X, names, dataset.y.astype(str).to_numpy(), scale, mean, safe_sd, tuple(notes))


# --- the decomposition: scikit-learn's, and the two from-scratch routes -----------------------------------

@dataclass(frozen=True, eq=False)
class Decomposition:
    """scikit-learn's PCA with every component (`components[i]` is the i-th eigenvector, a row)."""

    components: np.ndarray  # (m, p), scikit-learn's components_
    eigenvalues: np.ndarray  # (m,) explained_variance_: variances along the components (ddof = 1)
    ratio: np.ndarray  # (m,) explained_variance_ratio_
    mean: np.ndarray  # (p,)
    scores: np.ndarray  # (n, m): every row in principal-component coordinates
    total_variance: float  # sum of the features' variances (ddof = 1) = trace of the covariance matrix

    @property
    def n_components(self) -> int:
        return len(self.eigenvalues)

    def cumulative(self, k: int) -> float:
        return float(np.sum(self.ratio[:k]))

    def components_for(self, share: float = KEEP_SHARE) -> int:
        """The fewest components whose cumulative explained variance reaches `share`."""
        reached = np.cumsum(self.ratio) >= share - 1e-12
        return int(np.argmax(reached)) + 1 if reached.any() else self.n_components


def decompose(X: np.ndarray) -> Decomposition:
    pca = PCA(svd_solver="full").fit(X)
    total = float(np.var(X, axis=0, ddof=1).sum())
    return Decomposition(pca.components_, pca.explained_variance_, pca.explained_variance_ratio_, pca.mean_,
                         pca.transform(X), total)


def eigen_of_covariance(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From scratch: eigenvalues (descending) and unit eigenvectors (rows) of the covariance matrix (ddof = 1)."""
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False).reshape(X.shape[1], X.shape[1]))
    order = np.argsort(values)[::-1]
    return values[order], vectors[:, order].T


def svd_of_centred(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From scratch: the SVD of the centred data; its right singular vectors are the components and
    singular value² / (n − 1) the eigenvalues."""
    _, s, vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    return s**2 / (len(X) - 1), vt


def align_signs(vectors: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """`vectors` (rows) flipped where they point against `reference`'s rows: an eigenvector's sign is arbitrary."""
    k = min(len(vectors), len(reference))
    signs = np.sign(np.sum(vectors[:k] * reference[:k], axis=1))
    return vectors[:k] * np.where(signs == 0, 1.0, signs)[:, None]


# --- what n_components reads ---------------------------------------------------------------------------

def reconstruction(d: Decomposition, k: int) -> np.ndarray:
    """Every row rebuilt from its first `k` principal-component coordinates (= PCA(k).inverse_transform)."""
    return d.mean + d.scores[:, :k] @ d.components[:k]


def reconstruction_error(X: np.ndarray, d: Decomposition, k: int) -> float:
    return float(np.mean((X - reconstruction(d, k)) ** 2))


def headline(features: Features, d: Decomposition, k: int) -> dict[str, float | None]:
    return {PC1: float(d.ratio[0]), PC2: float(d.ratio[1]) if d.n_components > 1 else None,
            CUMULATIVE: d.cumulative(k), RECONSTRUCTION: reconstruction_error(features.X, d, k)}


def loadings(d: Decomposition, names: Sequence[str], n: int) -> pd.DataFrame:
    """The first `n` components' entries (scikit-learn's components_), one row per component."""
    n = min(n, d.n_components)
    return pd.DataFrame(d.components[:n], index=[f"PC{i + 1}" for i in range(n)], columns=list(names))


def eigen_table(d: Decomposition) -> pd.DataFrame:
    return pd.DataFrame({"eigenvalue": d.eigenvalues, "explained variance": d.ratio,
                         "cumulative": np.cumsum(d.ratio)}, index=[f"PC{i + 1}" for i in range(d.n_components)])


DIGIT_SIDE = 8


def sample_rows(y: np.ndarray, n: int = 10) -> np.ndarray:
    """The first row of each of the first `n` classes (in natural order): one image per digit."""
    classes = sorted(np.unique(y).tolist(), key=datasets.natural_key)[:n]
    return np.array([int(np.flatnonzero(y == c)[0]) for c in classes])


def digit_images(features: Features, d: Decomposition, k: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Original and reconstructed images (pixel units, 8 × 8) of `rows`."""
    rebuilt = reconstruction(d, k)[rows]
    original = features.X[rows]
    if features.scaled:
        rebuilt = rebuilt * features.raw_sd + features.raw_mean
        original = original * features.raw_sd + features.raw_mean
    shape = (len(rows), DIGIT_SIDE, DIGIT_SIDE)
    return original.reshape(shape), rebuilt.reshape(shape)


# --- the 2-D view ------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Plane:
    names: tuple[str, str]
    points: np.ndarray  # (n, 2) in the feature space (standardised when scaling is on)
    mean: np.ndarray
    covariance: np.ndarray  # 2 × 2, ddof = 1
    eigenvalues: np.ndarray  # descending
    vectors: np.ndarray  # rows v1, v2: unit eigenvectors, signs as scikit-learn's PCA gives them
    scores: np.ndarray  # (n, 2): the points in principal-component coordinates

    @property
    def angle(self) -> float:
        """Direction of the first eigenvector, in degrees from the x axis (−90 to 90)."""
        angle = math.degrees(math.atan2(self.vectors[0, 1], self.vectors[0, 0]))
        return (angle + 90) % 180 - 90

    @property
    def pc1_share(self) -> float:
        return float(self.eigenvalues[0] / np.trace(self.covariance)) if np.trace(self.covariance) > 0 else 1.0

    def ellipse(self, pc: bool = False, n_sd: float = ELLIPSE_SD, n: int = 121) -> np.ndarray:
        """Points of the covariance ellipse at `n_sd` standard deviations (in PC coordinates when `pc`)."""
        t = np.linspace(0, 2 * np.pi, n)
        circle = n_sd * np.column_stack([np.sqrt(self.eigenvalues[0]) * np.cos(t),
                                         np.sqrt(self.eigenvalues[1]) * np.sin(t)])
        return circle if pc else self.mean + circle @ self.vectors

    def arrows(self, pc: bool = False) -> np.ndarray:
        """(2, 2, 2): for each eigenvector, its start (the mean) and end, √eigenvalue long."""
        ends = np.sqrt(np.maximum(self.eigenvalues, 0))[:, None] * (np.eye(2) if pc else self.vectors)
        start = np.zeros(2) if pc else self.mean
        return np.stack([np.stack([start, start + e]) for e in ends])


def plane(points: np.ndarray, names: Sequence[str]) -> Plane:
    """The covariance of two columns and its eigen-decomposition (signs as scikit-learn's PCA(2))."""
    points = np.asarray(points, dtype=float)
    covariance = np.cov(points, rowvar=False)
    values, vectors = eigen_of_covariance(points)
    reference = PCA(n_components=2, svd_solver="full").fit(points).components_
    vectors = align_signs(vectors, reference)
    mean = points.mean(axis=0)
    return Plane((str(names[0]), str(names[1])), points, mean, covariance, np.maximum(values, 0.0), vectors,
                 (points - mean) @ vectors.T)


def default_columns(dataset: datasets.Dataset, names: Sequence[str]) -> tuple[str, str]:
    """The 2-D view's default pair: the two numeric columns with the largest raw variance."""
    numeric = [c for c in dataset.X.columns if pd.api.types.is_numeric_dtype(dataset.X[c]) and str(c) in names]
    if len(numeric) < 2:
        return (names[0], names[1])
    top = dataset.X[numeric].var().sort_values(ascending=False, kind="stable").index[:2]
    first, second = sorted(top, key=numeric.index)
    return str(first), str(second)


# --- "Reproduce in code" ----------------------------------------------------------------------------------

def _data_lines(script: Script, choice: DataChoice, columns: Sequence[str]) -> None:
    """Lines that define `X` (the DataFrame PCA starts from)."""
    if not choice.is_upload:
        datasets.REGISTRY[choice.dataset_id].write(script, choice.seed, choice.param_dict)
        return
    script.need("import numpy as np", "import pandas as pd")
    script.line("# Your uploaded file: put it next to this script (add sep=';' if it uses semicolons).",
                'frame = pd.read_csv("your_file.csv", skipinitialspace=True)',
                "frame = frame.replace([np.inf, -np.inf], np.nan)  # infinite values count as missing")
    if choice.target:
        script.line(f"frame = frame[frame[{choice.target!r}].notna()]  # rows with no label are left out (as the "
                    "page does)")
    script.line(f"X = frame[{list(columns)!r}]  # the feature columns the page used"
                + ("; the label column only colours the page's pictures" if choice.target else ""))


def pca_script(choice: DataChoice, scale: bool, n_components: int, columns: Sequence[str] = ()) -> str:
    """A self-contained script that rebuilds the page's PCA and prints every headline number."""
    s = Script().need("import numpy as np")
    _data_lines(s, choice, columns)
    s.blank().comment("PCA is unsupervised: it is fitted on every row (no train/test split, no labels)"
                      + ("; features standardised first." if scale else "; features in their own units."))
    s.assign("prep", models.preprocessor_call(scale))
    s.line("Z = prep.fit_transform(X)")
    s.assign("pca", Call(PCA, svd_solver="full"))
    s.line("pca.fit(Z)  # every component", "ratio = pca.explained_variance_ratio_")
    s.blank().comment("Reconstruction error: mean squared difference between Z and its rebuild from the first "
                      "n_components components")
    s.line(f"n_components = {int(n_components)}")
    s.line(f"kept = {s.name(PCA)}(n_components=n_components, svd_solver=\"full\").fit(Z)",
           "Z_rebuilt = kept.inverse_transform(kept.transform(Z))")
    s.line("metrics = {",
           f'    "{PC1}": ratio[0],',
           f'    "{PC2}": ratio[1] if len(ratio) > 1 else None,',
           f'    "{CUMULATIVE}": ratio[:n_components].sum(),',
           f'    "{RECONSTRUCTION}": np.mean((Z - Z_rebuilt) ** 2),',
           "}")
    s.blank().comment("The from-scratch route: eigenvectors of the covariance matrix give the same components")
    s.line("values, vectors = np.linalg.eigh(np.cov(Z, rowvar=False).reshape(Z.shape[1], Z.shape[1]))",
           "values, vectors = values[::-1], vectors[:, ::-1].T  # largest first, one eigenvector per row",
           "assert np.allclose(values[:len(ratio)], pca.explained_variance_, atol=1e-8)")
    s.blank().line("for label, value in metrics.items():",
                   '    print(f"{label}: {value:.3f}" if value is not None else f"{label}: —")')
    return s.text()


# --- live checks -----------------------------------------------------------------------------------------

def keep_share_check(d: Decomposition, share: float = KEEP_SHARE) -> LiveCheck | None:
    if d.n_components < 2:
        return None
    k = d.components_for(share)
    listing = ", ".join(f"{c:.3f}" for c in np.cumsum(d.ratio)[:min(k + 1, d.n_components)])
    return LiveCheck("keep_share", f"How many principal components keep at least {share:.0%} of the variance here? "
                     "(Read the scree plot.)",
                     f"Cumulative explained variance of the first components: {listing}. The first to reach "
                     f"{share:.2f} is component {k}, so {k} components.", expected=float(k), tolerance=0)


def largest_eigenvalue_check(p: Plane) -> LiveCheck:
    (a, b), (_, c) = p.covariance
    value = (a + c) / 2 + math.sqrt(((a - c) / 2) ** 2 + b * b)
    return LiveCheck("largest_eigenvalue",
                     f"The 2-D view's covariance matrix is [[{a:.3f}, {b:.3f}], [{b:.3f}, {c:.3f}]]. What is its larger "
                     "eigenvalue (the variance along PC1)?",
                     f"For [[a, b], [b, c]]: λ₁ = (a + c)/2 + √(((a − c)/2)² + b²) = ({a:.3f} + {c:.3f})/2 + "
                     f"√((({a:.3f} − {c:.3f})/2)² + {b:.3f}²) = {value:.3f}.",
                     expected=value, tolerance=0.005 + 0.01 * abs(value))


def pc1_share_check(p: Plane) -> LiveCheck:
    (a, _), (_, c) = p.covariance
    lam = float(p.eigenvalues[0])
    return LiveCheck("pc1_share_2d",
                     f"In the 2-D view the eigenvalues are λ₁ = {lam:.3f} and λ₂ = {p.eigenvalues[1]:.3f}. What share "
                     "of the variance does PC1 explain?",
                     f"Share = λ₁ / (λ₁ + λ₂) = λ₁ / trace = {lam:.3f} / ({a:.3f} + {c:.3f}) = {p.pc1_share:.3f}: the "
                     "eigenvalues add up to the total variance, the diagonal of the covariance matrix.",
                     expected=p.pc1_share)


def reconstruction_check(features: Features, d: Decomposition, k: int) -> LiveCheck | None:
    """With standardised features that all vary, the reconstruction error is 1 − the cumulative share."""
    if not features.scaled or np.any(features.X.std(axis=0) == 0) or k >= features.n_features:
        return None
    cumulative = d.cumulative(k)
    return LiveCheck("reconstruction", f"The features are standardised and the first {k} components explain "
                     f"{cumulative:.3f} of the variance. What is the reconstruction error (mean squared error per "
                     "feature value)?",
                     f"Each standardised feature has variance 1 (ddof 0), so the total is p and the discarded share "
                     f"is what is lost on average per feature: 1 − {cumulative:.3f} = {1 - cumulative:.3f}.",
                     expected=1 - cumulative)


MAX_CHOICES = 16


def top_loading_check(features: Features, d: Decomposition) -> LiveCheck | None:
    if features.n_features > MAX_CHOICES or features.n_features < 2:
        return None
    weights = np.abs(d.components[0])
    best = float(weights.max())
    winners = [n for n, w in zip(features.names, weights, strict=True) if math.isclose(w, best, rel_tol=1e-9)]
    top = ", ".join(f"{n} {d.components[0][i]:+.2f}" for i, n in
                    sorted(enumerate(features.names), key=lambda t: -weights[t[0]])[:3])
    why = "" if features.scaled else (" Unscaled, the feature with the largest variance (its units) tends to take "
                                      "PC1 for itself.")
    return live_checks.choice_check("top_loading", "Which feature has the largest weight (in absolute value) in PC1?",
                                    list(features.names), winners,
                                    f"PC1's largest entries: {top}.{why}")


def pca_checks(features: Features, d: Decomposition, k: int, p: Plane | None) -> list[LiveCheck | None]:
    """`p`: the 2-D view (None when the data has a single feature)."""
    planar = [largest_eigenvalue_check(p), pc1_share_check(p)] if p is not None else []
    return [keep_share_check(d), *planar, reconstruction_check(features, d, k), top_loading_check(features, d)]


# --- the page's URL keys ----------------------------------------------------------------------------------

def _cloud(context: Mapping[str, Any]) -> bool:
    return context.get("dataset", CLOUD_ID) == CLOUD_ID


@functools.lru_cache(maxsize=32)
def _registry_features(dataset_id: str) -> int:
    spec = datasets.REGISTRY.get(dataset_id)
    if spec is None:
        return MAX_UPLOAD_COMPONENTS
    return int(models.preprocessor(False).fit_transform(spec.load(0).X).shape[1])


def max_components(context: Mapping[str, Any]) -> int:
    dataset_id = context.get("dataset", CLOUD_ID)
    if dataset_id == datasets.UPLOAD_ID:
        return MAX_UPLOAD_COMPONENTS
    return _registry_features(dataset_id)


CORRELATION = Param("correlation", Number(-0.95, 0.95, 0.05), 0.8, "Correlation of x1 and x2",
                    help="Before the rotation: how strongly x2 follows x1 (−0.95 to 0.95).", when=_cloud)
SPREAD_RATIO = Param("spread_ratio", Number(0.2, 5.0, 0.1), 1.0, "Spread ratio (SD of x2 / SD of x1)",
                     help="Before the rotation: x2's standard deviation relative to x1's (which is 1).", when=_cloud)
ROTATION = Param("rotation", Number(-90, 90, 5, whole=True), 0, "Rotation (degrees)",
                 help="Turns the whole cloud anticlockwise: the eigenvectors turn with it (unless scaled).",
                 when=_cloud)
PARAMS: tuple[Param, ...] = (
    # The clustering page's `scale` key; on the 2-D cloud it starts off: standardising two columns leaves only
    # their correlation, so the eigenvectors would always lie on the diagonals.
    replace(params.SCALE, default=lambda c: not _cloud(c)),
    Param("n_components", lambda c: Number(1, max_components(c), 1, whole=True),
          lambda c: 1 if _cloud(c) else 2, "Components kept (n_components)",
          help="How many principal components to keep: the cumulative explained variance and the reconstruction "
               "error are read at this number."),
    CORRELATION, SPREAD_RATIO, ROTATION,
    Param("feature_x", Label(), None, "2-D view: x column", when=lambda c: not _cloud(c),
          help="Any column of the data (after preprocessing); the default is the column with the largest variance."),
    Param("feature_y", Label(), None, "2-D view: y column", when=lambda c: not _cloud(c),
          help="Any other column; the default is the column with the second largest variance."),
    Param("pc_coordinates", Toggle(), False, "Show principal-component coordinates",
          help="Redraw the 2-D view in the eigenvectors' own axes: the cloud turns so that PC1 is horizontal, "
               "and the covariance matrix becomes diagonal (the eigenvalues)."),
)
