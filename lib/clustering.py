"""Clustering: the algorithm registry, fits, a k sweep, internal and external metrics.

The algorithm never sees the true labels (`Dataset.y`); they are used only for
ARI and NMI afterwards. Every metric is scikit-learn's own function; undefined
cases come back as `None` with a one-line reason instead of an exception.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import (
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    normalized_mutual_info_score,
    silhouette_samples,
)
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors

from lib import models, params
from lib.code import Call
from lib.datasets import Dataset
from lib.errors import UserError
from lib.params import Choice, Grid, Number, Param
from lib.sampling import random_rows

SILHOUETTE, DAVIES_BOULDIN, CALINSKI_HARABASZ, ARI, NMI = (
    "Silhouette", "Davies–Bouldin", "Calinski–Harabasz", "ARI", "NMI")
INTERNAL = (SILHOUETTE, DAVIES_BOULDIN, CALINSKI_HARABASZ)
EXTERNAL = (ARI, NMI)
METRIC_HELP = {
    SILHOUETTE: "Higher is better (−1 to 1): how much closer each point is to its own cluster than to the next one.",
    DAVIES_BOULDIN: "Lower is better (0 is best): each cluster's spread relative to its distance from the most "
                    "similar other cluster, averaged.",
    CALINSKI_HARABASZ: "Higher is better (no upper limit): spread between cluster centres ÷ spread within clusters, "
                       "adjusted for the number of clusters and points.",
    ARI: "Higher is better: 1 = the same grouping as the true labels, about 0 = chance, below 0 = worse than chance.",
    NMI: "Higher is better (0 to 1): how much knowing the cluster tells you about the true label.",
}

K_VALUES = tuple(range(2, 11))
DEFAULT_K = 3
LINKAGES = ("ward", "complete", "average", "single")
MIN_SAMPLES = dict(low=2, high=50, default=5)
SILHOUETTE_SAMPLE_SIZE = 2_000  # silhouette is O(n²): above this many points it is computed on a random sample
EXACT_SILHOUETTE_MAX_ROWS = 60_000  # the "exact" button is offered up to here (about a minute of work)
AGGLOMERATIVE_MAX_ROWS = 5_000  # the linkage tree needs n² / 2 distances in memory (5,000 rows ≈ 100 MB)
DBSCAN_MAX_PAIRS = 20_000_000  # DBSCAN keeps every neighbour pair within eps in memory
DISPLAY_MAX_POINTS = 5_000  # points drawn in the scatter
# 10 round values per decade from 0.01 to 1000: fine enough for DBSCAN, which is sensitive to eps.
EPS_GRID = tuple(float(f"{m * 10.0**e:.12g}") for e in range(-2, 3) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)) \
    + (1000.0,)
# The linear map of scikit-learn's "anisotropically distributed blobs" example; anisotropy a blends
# the identity (a = 0, round blobs) into it (a = 1).
ANISOTROPIC_MAP = ((0.60834549, -0.63667341), (-0.40887718, 0.85253229))
ANISOTROPY = dict(low=0.0, high=1.0, default=0.0, step=0.1)


@dataclass(frozen=True)
class Algorithm:
    id: str
    name: str
    description: str
    estimator: Callable[[Mapping[str, Any], int], Call]  # (settings, seed) -> the estimator, built and printed
    uses_k: bool  # takes n_clusters (and gets a k sweep)
    centres: str = ""  # what the fitted model marks in the scatter, if anything
    centres_attribute: str = ""  # where the fitted estimator keeps them


ALGORITHMS: dict[str, Algorithm] = {
    a.id: a for a in [
        Algorithm("kmeans", "k-means",
                  "Places k centroids and assigns each point to the nearest one, minimising the within-cluster "
                  "sum of squared distances (inertia). Assumes round clusters of similar size; sensitive to "
                  "feature scale.", lambda s, seed: Call(KMeans, n_clusters=s["n_clusters"], random_state=seed),
                  True, "centroids", "cluster_centers_"),
        Algorithm("agglomerative", "Agglomerative (hierarchical)",
                  "Starts with every point as its own cluster and repeatedly merges the closest two. The linkage "
                  "decides what 'closest' means: ward (smallest increase in variance), complete (farthest "
                  "points), average, single (nearest points, follows chains and odd shapes).",
                  lambda s, _seed: Call(AgglomerativeClustering, n_clusters=s["n_clusters"], linkage=s["linkage"]),
                  True),
        Algorithm("dbscan", "DBSCAN (density-based)",
                  "Grows clusters from 'core' points that have at least min_samples neighbours within eps. "
                  "Finds the number of clusters itself, follows any shape and marks sparse points as noise; "
                  "one eps cannot fit clusters of very different densities.",
                  lambda s, _seed: Call(DBSCAN, eps=float(s["eps"]), min_samples=int(s["min_samples"])), False),
        Algorithm("gmm", "Gaussian mixture",
                  "Models the data as k Gaussian blobs, each with its own shape (full covariance), fitted by "
                  "expectation–maximisation. Soft assignments; handles stretched (anisotropic) clusters that "
                  "k-means splits wrongly. BIC/AIC help choose k.",
                  lambda s, seed: Call(GaussianMixture, n_components=s["n_clusters"], random_state=seed),
                  True, "means", "means_"),
    ]
}


def _is_dbscan(context: Mapping[str, Any]) -> bool:
    return context.get("algorithm") == "dbscan"


PARAMS = (
    Param("algorithm", Choice(tuple(ALGORITHMS)), "kmeans", "Algorithm",
          help="kmeans, agglomerative, dbscan or gmm (Gaussian mixture)."),
    Param("n_clusters", Number(K_VALUES[0], K_VALUES[-1], 1, whole=True), DEFAULT_K, "Number of clusters (k)",
          when=lambda c: not _is_dbscan(c)),
    Param("linkage", Choice(LINKAGES), "ward", "Linkage",
          help="How the distance between two clusters is measured when merging.",
          when=lambda c: c.get("algorithm") == "agglomerative"),
    Param("eps", Grid(EPS_GRID, log=True), 0.5, "eps (neighbourhood radius)",
          help="Points closer than eps are neighbours. The default is the knee of the k-distance plot below.",
          when=_is_dbscan),
    Param("min_samples", Number(MIN_SAMPLES["low"], MIN_SAMPLES["high"], 1, whole=True), MIN_SAMPLES["default"],
          "min_samples", help="Neighbours (the point itself included) a core point needs within eps.", when=_is_dbscan),
    params.SCALE,
    Param("anisotropy", Number(ANISOTROPY["low"], ANISOTROPY["high"], ANISOTROPY["step"]), ANISOTROPY["default"],
          "Anisotropy (stretch)", when=lambda c: c.get("dataset") == "blobs",
          help="0 = round blobs; 1 = the stretched blobs of scikit-learn's example, where k-means cuts across "
               "clusters and a Gaussian mixture does not."),
)


# --- features ------------------------------------------------------------------------------

def anisotropy_matrix(amount: float) -> np.ndarray:
    """2×2 map from round blobs (0) to scikit-learn's stretched example (1)."""
    return (1 - amount) * np.eye(2) + amount * np.array(ANISOTROPIC_MAP)


@dataclass(frozen=True)
class Features:
    """What the algorithm sees (`X`) and what only the external metrics see (`y`)."""

    X: np.ndarray
    y: np.ndarray  # true labels as strings; one constant class when there are none
    names: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def has_truth(self) -> bool:
        return len(np.unique(self.y)) > 1

    @property
    def n_rows(self) -> int:
        return len(self.X)


def prepare(dataset: Dataset, scale: bool = True, anisotropy: float = 0.0) -> Features:
    """Impute/encode (and standardise if `scale`) every row; stretch 2-D data by `anisotropy` first."""
    X = dataset.X
    if anisotropy and X.shape[1] == 2 and all(pd.api.types.is_numeric_dtype(t) for t in X.dtypes):
        X = pd.DataFrame(X.to_numpy(dtype=float) @ anisotropy_matrix(anisotropy), columns=X.columns)
    prep = models.preprocessor(scale)
    matrix = np.asarray(prep.fit_transform(X), dtype=float)
    names = tuple(str(n) for n in prep.get_feature_names_out())
    # The dataset's own notes speak of a training split; clustering has none, so say it for this page.
    notes = [n for n in dataset.notes if "imput" not in n]
    missing = int(X.isna().sum().sum())
    if missing:
        notes.append(f"{missing:,} missing cells are imputed (median for numbers, most frequent value for text) "
                     "from all rows before clustering.")
    return Features(matrix, dataset.y.astype(str).to_numpy(), names, tuple(notes))


def rows_to_cluster(algorithm: str, n_rows: int, seed: int) -> np.ndarray | None:
    """Agglomerative clustering above `AGGLOMERATIVE_MAX_ROWS` runs on a random sample of rows; None = all rows."""
    return random_rows(n_rows, AGGLOMERATIVE_MAX_ROWS, seed) if algorithm == "agglomerative" else None


# --- fitting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # one per clustered row; -1 = noise (DBSCAN)
    centres: np.ndarray | None = None  # k-means centroids / GMM means, in feature space
    inertia: float | None = None
    bic: float | None = None
    aic: float | None = None
    warnings: tuple[str, ...] = ()


def _collecting_warnings(fit: Callable[[], Clustering]) -> Clustering:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        result = fit()
    notes = tuple(dict.fromkeys(str(w.message).split(".")[0] + "." for w in caught
                                if issubclass(w.category, ConvergenceWarning)))
    return Clustering(result.labels, result.centres, result.inertia, result.bic, result.aic, notes)


def fit(algorithm: str, X: np.ndarray, *, n_clusters: int = DEFAULT_K, linkage: str = "ward", eps: float = 0.5,
        min_samples: int = MIN_SAMPLES["default"], seed: int = 0) -> Clustering:
    """One fit of `algorithm` on `X`, with the registry's estimator (the one the page's script prints)."""
    spec = ALGORITHMS[algorithm]
    settings = dict(n_clusters=n_clusters, linkage=linkage, eps=eps, min_samples=min_samples)

    def run() -> Clustering:
        model = spec.estimator(settings, seed).build()
        labels = model.fit_predict(X)
        centres = getattr(model, spec.centres_attribute) if spec.centres_attribute else None
        inertia = getattr(model, "inertia_", None)
        has_bic = hasattr(model, "bic")
        return Clustering(labels, centres, None if inertia is None else float(inertia),
                          float(model.bic(X)) if has_bic else None, float(model.aic(X)) if has_bic else None)
    return _collecting_warnings(run)


def cut_tree(children: np.ndarray, n_leaves: int, n_clusters: int) -> np.ndarray:
    """Labels for `n_clusters` from a full merge tree (`AgglomerativeClustering.children_`).

    Written here because scikit-learn's cut is private: applying the first n - k merges of one
    tree gives the same partition as refitting with n_clusters=k, without rebuilding the O(n²) tree.
    """
    parent = np.arange(2 * n_leaves - 1)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for step, (a, b) in enumerate(children[: n_leaves - n_clusters]):
        node = n_leaves + step
        parent[root(int(a))] = node
        parent[root(int(b))] = node
    roots = np.array([root(i) for i in range(n_leaves)])
    return np.unique(roots, return_inverse=True)[1]


def agglomerative_per_k(X: np.ndarray, linkage: str, ks: Sequence[int] = K_VALUES) -> dict[int, Clustering]:
    """One full tree, cut at every k."""
    model = AgglomerativeClustering(n_clusters=min(ks), linkage=linkage, compute_full_tree=True).fit(X)
    return {k: Clustering(cut_tree(model.children_, len(X), k)) for k in ks}


# --- metrics -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    values: dict[str, float | None]  # the DESIGN.md labels, in display order
    reasons: dict[str, str]  # why a value is undefined
    notes: tuple[str, ...]  # caveats about defined values (noise left out, sampling, singletons)
    n_clusters: int
    n_noise: int
    n_clustered: int  # points in a cluster (not noise)
    silhouette_rows: int  # points the silhouette was computed on
    silhouette_values: np.ndarray | None = None  # per point of that sample, for the silhouette plot
    silhouette_labels: np.ndarray | None = None

    @property
    def silhouette_sampled(self) -> bool:
        return self.silhouette_rows < self.n_clustered


def silhouette_rows(n_points: int, sample_size: int | None, seed: int) -> np.ndarray | None:
    """The random sample the silhouette is computed on (None = all points)."""
    if sample_size is None or n_points <= sample_size:
        return None
    return np.random.default_rng(seed).choice(n_points, size=sample_size, replace=False)


def _count_phrase(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def evaluate(X: np.ndarray, labels: np.ndarray, y_true: np.ndarray | None, *, seed: int = 0,
             sample_size: int | None = SILHOUETTE_SAMPLE_SIZE) -> Evaluation:
    """Silhouette, Davies–Bouldin, Calinski–Harabasz (noise left out) and ARI, NMI (noise as its own group)."""
    labels = np.asarray(labels)
    clustered = labels != -1
    n_noise = int((~clustered).sum())
    Xc, lc = X[clustered], labels[clustered]
    sizes = np.unique(lc, return_counts=True)[1]
    n_clusters = len(sizes)
    values: dict[str, float | None] = dict.fromkeys(INTERNAL)
    reasons: dict[str, str] = {}
    notes: list[str] = []

    if n_clusters == 0:
        reason = "every point is noise, so there is no cluster to measure."
    elif n_clusters == 1:
        reason = "there is only one cluster; these scores compare clusters with each other."
    elif n_clusters == len(Xc):
        reason = "every cluster holds a single point, so there is no within-cluster spread to compare."
    else:
        reason = ""
    sil_values = sil_labels = None
    sil_n = len(Xc)
    if reason:
        reasons.update(dict.fromkeys(INTERNAL, reason))
    else:
        values[DAVIES_BOULDIN] = float(davies_bouldin_score(Xc, lc))
        values[CALINSKI_HARABASZ] = float(calinski_harabasz_score(Xc, lc))
        rows = silhouette_rows(len(Xc), sample_size, seed)
        Xs, ls = (Xc, lc) if rows is None else (Xc[rows], lc[rows])
        sil_n = len(Xs)
        n_in_sample = len(np.unique(ls))
        if 2 <= n_in_sample < len(Xs):
            sil_values, sil_labels = silhouette_samples(Xs, ls), ls
            values[SILHOUETTE] = float(np.mean(sil_values))  # = silhouette_score(Xs, ls)
        else:
            reasons[SILHOUETTE] = (f"the random sample of {sil_n:,} points holds only one cluster; compute it on "
                                   "all points.")
        singletons = int((sizes == 1).sum())
        if singletons:
            notes.append(f"{_count_phrase(singletons, 'cluster')} of a single point: a lone point's silhouette is "
                         "undefined and scikit-learn counts it as 0, which pulls the mean towards 0.")
    if n_noise:
        notes.append(f"{_count_phrase(n_noise, 'noise point')} ({n_noise / len(labels):.0%}) are left out of "
                     "Silhouette, Davies–Bouldin and Calinski–Harabasz; ARI and NMI count noise as one more group.")

    if y_true is None or len(np.unique(y_true)) < 2:
        external_reason = "there are no true labels to compare with (this needs a column of known classes)."
        values.update(dict.fromkeys(EXTERNAL))
        reasons.update(dict.fromkeys(EXTERNAL, external_reason))
    else:
        values[ARI] = float(adjusted_rand_score(y_true, labels))
        values[NMI] = float(normalized_mutual_info_score(y_true, labels))
    return Evaluation(values, reasons, tuple(notes), n_clusters, n_noise, len(Xc), sil_n, sil_values, sil_labels)


def exact_silhouette(X: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean silhouette on every clustered (non-noise) point: `silhouette_score` without sampling."""
    clustered = np.asarray(labels) != -1
    n = len(np.unique(labels[clustered]))
    if not 2 <= n < clustered.sum():
        return None
    return float(np.mean(silhouette_samples(X[clustered], labels[clustered])))


# --- choosing k ----------------------------------------------------------------------------

@dataclass(frozen=True)
class KSweep:
    """Every k in `K_VALUES` fitted once: the page moves along it without refitting."""

    algorithm: str
    fits: dict[int, Clustering]
    evaluations: dict[int, Evaluation]
    table: pd.DataFrame  # one row per k: inertia / bic / aic / the five metrics

    @property
    def best_k(self) -> int | None:
        """The k with the highest mean silhouette (None if it is undefined everywhere)."""
        scores = self.table[SILHOUETTE].astype(float)
        return None if scores.isna().all() else int(self.table.loc[scores.idxmax(), "k"])


Point = tuple[Clustering, Evaluation]  # one k of a sweep: the fit and its scores


def sweep_point(algorithm: str, X: np.ndarray, y_true: np.ndarray | None, k: int, *, seed: int = 0,
                sample_size: int | None = SILHOUETTE_SAMPLE_SIZE) -> Point:
    """Fit k-means or a Gaussian mixture at one k and score it (the silhouette sample is the same for every k)."""
    fitted = fit(algorithm, X, n_clusters=k, seed=seed)
    return fitted, evaluate(X, fitted.labels, y_true, seed=seed, sample_size=sample_size)


def agglomerative_points(X: np.ndarray, y_true: np.ndarray | None, linkage: str, ks: Sequence[int] = K_VALUES, *,
                         seed: int = 0, sample_size: int | None = SILHOUETTE_SAMPLE_SIZE) -> dict[int, Point]:
    """Every k from one merge tree, scored."""
    return {k: (f, evaluate(X, f.labels, y_true, seed=seed, sample_size=sample_size))
            for k, f in agglomerative_per_k(X, linkage, ks).items()}


def sweep_of(algorithm: str, points: dict[int, Point]) -> KSweep:
    """Collect the points of a sweep into one table."""
    fits = {k: p[0] for k, p in points.items()}
    evaluations = {k: p[1] for k, p in points.items()}
    table = pd.DataFrame([{"k": k, "inertia": f.inertia, "bic": f.bic, "aic": f.aic, **evaluations[k].values}
                          for k, f in fits.items()])
    return KSweep(algorithm, fits, evaluations, table)


def k_sweep(algorithm: str, X: np.ndarray, y_true: np.ndarray | None, *, seed: int = 0, linkage: str = "ward",
            ks: Sequence[int] = K_VALUES, sample_size: int | None = SILHOUETTE_SAMPLE_SIZE) -> KSweep:
    """Fit `algorithm` for each k and evaluate every fit (silhouette on the same sample for every k)."""
    if algorithm == "agglomerative":
        points = agglomerative_points(X, y_true, linkage, ks, seed=seed, sample_size=sample_size)
    else:
        points = {k: sweep_point(algorithm, X, y_true, k, seed=seed, sample_size=sample_size) for k in ks}
    return sweep_of(algorithm, points)


# --- DBSCAN --------------------------------------------------------------------------------

def k_distances(X: np.ndarray, min_samples: int) -> np.ndarray:
    """Each point's distance to its `min_samples`-th nearest neighbour (itself counted, as DBSCAN does), sorted."""
    k = min(min_samples, len(X))
    distances, _ = NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)
    return np.sort(distances[:, -1])


def suggest_eps(sorted_distances: np.ndarray) -> float:
    """The knee of the k-distance curve, snapped to `EPS_GRID`.

    By hand because scikit-learn has no knee finder: the point farthest below the straight line
    from the first to the 99th-percentile distance (the last 1% are outliers that flatten the curve).
    """
    top = max(int(0.99 * len(sorted_distances)), 2)
    curve = sorted_distances[:top]
    x = np.linspace(0.0, 1.0, len(curve))
    span = curve[-1] - curve[0]
    y = (curve - curve[0]) / span if span > 0 else np.zeros_like(curve)
    return snap_eps(float(curve[int(np.argmax(x - y))]))


def snap_eps(value: float) -> float:
    grid = np.asarray(EPS_GRID)
    return float(grid[int(np.argmin(np.abs(np.log(grid) - np.log(max(value, 1e-12)))))])


class DBSCANTooLarge(UserError):
    """DBSCAN at this eps would hold too many neighbour pairs in memory."""


def check_dbscan_memory(X: np.ndarray, eps: float, seed: int = 0) -> None:
    """Raise `DBSCANTooLarge` (saying what to do) if DBSCAN at this eps would hold too many neighbour pairs."""
    probe = np.random.default_rng(seed).choice(len(X), size=min(200, len(X)), replace=False)
    index = NearestNeighbors().fit(X)
    per_point = float(np.mean([len(n) for n in index.radius_neighbors(X[probe], eps, return_distance=False)]))
    pairs = per_point * len(X)
    if pairs > DBSCAN_MAX_PAIRS:
        raise DBSCANTooLarge(
            f"With eps = {models.format_value(eps)} each point has about {per_point:,.0f} neighbours, so DBSCAN "
            f"would hold about {pairs / 1e6:,.0f} million neighbour pairs in memory (the limit here is "
            f"{DBSCAN_MAX_PAIRS / 1e6:.0f} million). Lower eps (see the k-distance plot) or use fewer samples.")


# --- pictures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Projection:
    xy: np.ndarray
    centres: np.ndarray | None
    axes: tuple[str, str]
    explained: float | None = None  # share of variance the two components keep (PCA only)
    rows: np.ndarray = field(default_factory=lambda: np.arange(0))  # which rows are drawn


def projection(X: np.ndarray, names: Sequence[str], centres: np.ndarray | None, seed: int,
               max_points: int = DISPLAY_MAX_POINTS) -> Projection:
    """2-D data as it is; more dimensions through PCA (fitted on every row). At most `max_points` rows drawn."""
    sample = random_rows(len(X), max_points, seed)
    rows = np.arange(len(X)) if sample is None else sample
    if X.shape[1] <= 2:
        xy = X if X.shape[1] == 2 else np.column_stack([X[:, 0], np.zeros(len(X))])
        axes = (names[0], names[1] if X.shape[1] == 2 else "(one feature only)")
        c = None if centres is None else (centres if X.shape[1] == 2 else np.column_stack([centres[:, 0], 0 * centres[:, 0]]))
        return Projection(xy[rows], c, axes, None, rows)
    pca = PCA(n_components=2, random_state=seed).fit(X)
    explained = float(np.nan_to_num(pca.explained_variance_ratio_.sum()))  # NaN when every feature is constant
    return Projection(pca.transform(X[rows]), None if centres is None else pca.transform(centres),
                      ("PC 1", "PC 2"), explained, rows)


# --- the page's settings -------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """Everything on the page besides the data: a small frozen cache key and the script's input."""

    algorithm: str = "kmeans"
    n_clusters: int = DEFAULT_K
    linkage: str = "ward"
    eps: float = 0.5
    min_samples: int = MIN_SAMPLES["default"]
    scale: bool = True
    anisotropy: float = 0.0

    @property
    def estimator_settings(self) -> dict[str, Any]:
        return dict(n_clusters=self.n_clusters, linkage=self.linkage, eps=self.eps, min_samples=self.min_samples)


def subset(features: Features, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows and true labels the algorithm works on (all rows when `rows` is None)."""
    return (features.X, features.y) if rows is None else (features.X[rows], features.y[rows])
