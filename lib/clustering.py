"""Clustering: the algorithm registry, fits, a k sweep, internal and external metrics.

The algorithm never sees the true labels (`Dataset.y`); they are used only for
ARI and NMI afterwards. Every metric is scikit-learn's own function; undefined
cases come back as `None` with a one-line reason instead of an exception.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import (
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    normalized_mutual_info_score,
    silhouette_samples,
)
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from lib import models, snippets
from lib.datasets import Dataset

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
    uses_k: bool  # takes n_clusters (and gets a k sweep)
    centres: str = ""  # what the fitted model marks in the scatter, if anything


ALGORITHMS: dict[str, Algorithm] = {
    a.id: a for a in [
        Algorithm("kmeans", "k-means",
                  "Places k centroids and assigns each point to the nearest one, minimising the within-cluster "
                  "sum of squared distances (inertia). Assumes round clusters of similar size; sensitive to "
                  "feature scale.", True, "centroids"),
        Algorithm("agglomerative", "Agglomerative (hierarchical)",
                  "Starts with every point as its own cluster and repeatedly merges the closest two. The linkage "
                  "decides what 'closest' means: ward (smallest increase in variance), complete (farthest "
                  "points), average, single (nearest points, follows chains and odd shapes).", True),
        Algorithm("dbscan", "DBSCAN (density-based)",
                  "Grows clusters from 'core' points that have at least min_samples neighbours within eps. "
                  "Finds the number of clusters itself, follows any shape and marks sparse points as noise; "
                  "one eps cannot fit clusters of very different densities.", False),
        Algorithm("gmm", "Gaussian mixture",
                  "Models the data as k Gaussian blobs, each with its own shape (full covariance), fitted by "
                  "expectation–maximisation. Soft assignments; handles stretched (anisotropic) clusters that "
                  "k-means splits wrongly. BIC/AIC help choose k.", True, "means"),
    ]
}


# --- features ------------------------------------------------------------------------------

def anisotropy_matrix(amount: float) -> np.ndarray:
    """2×2 map from round blobs (0) to scikit-learn's stretched example (1)."""
    return (1 - amount) * np.eye(2) + amount * np.array(ANISOTROPIC_MAP)


def unscaled_preprocessor() -> ColumnTransformer:
    """`lib.models.preprocessor()` without the StandardScaler: impute, one-hot categories, nothing else."""
    categorical = make_pipeline(SimpleImputer(strategy="most_frequent"),
                                OneHotEncoder(handle_unknown="ignore", sparse_output=False))
    return ColumnTransformer(
        [("numeric", SimpleImputer(strategy="median"), make_column_selector(dtype_include=np.number)),
         ("categorical", categorical, make_column_selector(dtype_exclude=np.number))],
        verbose_feature_names_out=False,
    )


@dataclass(frozen=True)
class Features:
    """What the algorithm sees (`X`) and what only the external metrics see (`y`)."""

    X: np.ndarray
    y: np.ndarray  # true labels as strings; one constant class when there are none
    names: tuple[str, ...]
    scaled: bool
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
    prep = models.preprocessor() if scale else unscaled_preprocessor()
    matrix = np.asarray(prep.fit_transform(X), dtype=float)
    names = tuple(str(n) for n in prep.get_feature_names_out())
    # The dataset's own notes speak of a training split; clustering has none, so say it for this page.
    notes = [n for n in dataset.notes if "imput" not in n]
    missing = int(X.isna().sum().sum())
    if missing:
        notes.append(f"{missing:,} missing cells are imputed (median for numbers, most frequent value for text) "
                     "from all rows before clustering.")
    return Features(matrix, dataset.y.astype(str).to_numpy(), names, scale, tuple(notes))


def rows_to_cluster(algorithm: str, n_rows: int, seed: int) -> np.ndarray | None:
    """Agglomerative clustering above `AGGLOMERATIVE_MAX_ROWS` runs on a random sample of rows; None = all rows."""
    if algorithm != "agglomerative" or n_rows <= AGGLOMERATIVE_MAX_ROWS:
        return None
    return np.sort(np.random.default_rng(seed).choice(n_rows, size=AGGLOMERATIVE_MAX_ROWS, replace=False))


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
    """One fit of `algorithm` on `X`, with the same estimator the page's script prints."""
    def run() -> Clustering:
        if algorithm == "kmeans":
            model = KMeans(n_clusters=n_clusters, random_state=seed)
            labels = model.fit_predict(X)
            return Clustering(labels, model.cluster_centers_, inertia=float(model.inertia_))
        if algorithm == "gmm":
            model = GaussianMixture(n_components=n_clusters, random_state=seed)
            labels = model.fit_predict(X)
            return Clustering(labels, model.means_, bic=float(model.bic(X)), aic=float(model.aic(X)))
        if algorithm == "agglomerative":
            return Clustering(AgglomerativeClustering(n_clusters=n_clusters, linkage=linkage).fit_predict(X))
        if algorithm == "dbscan":
            return Clustering(DBSCAN(eps=eps, min_samples=min_samples).fit_predict(X))
        raise KeyError(algorithm)
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


def dbscan_too_large(X: np.ndarray, eps: float, seed: int = 0) -> str | None:
    """A message if DBSCAN at this eps would hold too many neighbour pairs in memory, else None."""
    probe = np.random.default_rng(seed).choice(len(X), size=min(200, len(X)), replace=False)
    index = NearestNeighbors().fit(X)
    per_point = float(np.mean([len(n) for n in index.radius_neighbors(X[probe], eps, return_distance=False)]))
    pairs = per_point * len(X)
    if pairs <= DBSCAN_MAX_PAIRS:
        return None
    return (f"With eps = {models.format_value(eps)} each point has about {per_point:,.0f} neighbours, so DBSCAN "
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
    rows = np.arange(len(X)) if len(X) <= max_points else np.sort(
        np.random.default_rng(seed).choice(len(X), size=max_points, replace=False))
    if X.shape[1] <= 2:
        xy = X if X.shape[1] == 2 else np.column_stack([X[:, 0], np.zeros(len(X))])
        axes = (names[0], names[1] if X.shape[1] == 2 else "(one feature only)")
        c = None if centres is None else (centres if X.shape[1] == 2 else np.column_stack([centres[:, 0], 0 * centres[:, 0]]))
        return Projection(xy[rows], c, axes, None, rows)
    pca = PCA(n_components=2, random_state=seed).fit(X)
    explained = float(np.nan_to_num(pca.explained_variance_ratio_.sum()))  # NaN when every feature is constant
    return Projection(pca.transform(X[rows]), None if centres is None else pca.transform(centres),
                      ("PC 1", "PC 2"), explained, rows)


# --- the page's settings and its script -------------------------------------------------------

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


_SCRIPT_IMPORTS = """\
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score,
                             normalized_mutual_info_score, silhouette_score)
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
"""

_UNSCALED_CODE = """\
categorical = make_pipeline(SimpleImputer(strategy='most_frequent'),
                            OneHotEncoder(handle_unknown='ignore', sparse_output=False))
preprocess = ColumnTransformer(  # no StandardScaler: features keep their own units
    [('numeric', SimpleImputer(strategy='median'), make_column_selector(dtype_include=np.number)),
     ('categorical', categorical, make_column_selector(dtype_exclude=np.number))],
    verbose_feature_names_out=False)
"""

_SCORING_CODE = """\

def internal(metric, X, labels):
    # Undefined with fewer than two clusters, or when every cluster is a single point.
    return metric(X, labels) if 2 <= len(np.unique(labels)) < len(labels) else None


def show(label, value):
    print(f"{label}: {'—' if value is None else f'{value:.3f}'}")


clustered = cluster != -1  # DBSCAN marks noise as -1: internal scores leave it out
Xc, cc = features[clustered], cluster[clustered]
"""


def _estimator_code(settings: Settings, seed: int) -> str:
    k = settings.n_clusters
    return {
        "kmeans": f"KMeans(n_clusters={k}, random_state={seed})",
        "gmm": f"GaussianMixture(n_components={k}, random_state={seed})",
        "agglomerative": f"AgglomerativeClustering(n_clusters={k}, linkage={settings.linkage!r})",
        "dbscan": f"DBSCAN(eps={float(settings.eps)!r}, min_samples={int(settings.min_samples)})",
    }[settings.algorithm]


def script(choice, settings: Settings, n_rows: int, *, exact_silhouette: bool = False,
           sample_size: int = SILHOUETTE_SAMPLE_SIZE) -> str:
    """A self-contained script that rebuilds the page's clustering and prints each metric as `Label: value`.

    `choice` is the page's `DataChoice`; `n_rows` the dataset's row count (decides the samples).
    """
    seed = choice.seed
    has_truth = not (choice.is_upload and choice.target is None)
    if has_truth:
        data = snippets.dataset_code(choice)
    else:
        data = ('# Your uploaded file: put it next to this script.\nX = pd.read_csv("your_file.csv")\n'
                "labels = None  # no true labels: ARI and NMI cannot be computed\n")
    parts = [_SCRIPT_IMPORTS, "\n", data]
    if settings.anisotropy and choice.dataset_id == "blobs":
        a = float(settings.anisotropy)
        parts.append(f"# Stretch the blobs (scikit-learn's anisotropic-blobs map, blended by {a!r})\n"
                     f"transform = (1 - {a!r}) * np.eye(2) + {a!r} * np.array({[list(r) for r in ANISOTROPIC_MAP]})\n"
                     "X = pd.DataFrame(X.to_numpy(dtype=float) @ transform, columns=X.columns)\n")
    parts.append(snippets.preprocessing_code() if settings.scale else _UNSCALED_CODE)
    parts.append("features = preprocess.fit_transform(X)  # every row: clustering has no train/test split\n")
    if has_truth:
        parts.append("true_labels = labels.astype(str).to_numpy()  # hidden from the algorithm\n")
    if rows_to_cluster(settings.algorithm, n_rows, seed) is not None:
        parts.append(f"# Agglomerative clustering needs n² memory: cluster a random sample of rows\n"
                     f"rows = np.sort(np.random.default_rng({seed}).choice(len(features), "
                     f"size={AGGLOMERATIVE_MAX_ROWS}, replace=False))\n"
                     "features = features[rows]\n"
                     + ("true_labels = true_labels[rows]\n" if has_truth else ""))
    parts.append(f"model = {_estimator_code(settings, seed)}\n"
                 "cluster = model.fit_predict(features)\n")
    parts.append(_SCORING_CODE)
    if not exact_silhouette:
        parts.append(f"# Silhouette is O(n²): on more than {sample_size:,} points use a random sample of them\n"
                     f"if len(Xc) > {sample_size}:\n"
                     f"    sample = np.random.default_rng({seed}).choice(len(Xc), size={sample_size}, replace=False)\n"
                     "    show('Silhouette', internal(silhouette_score, Xc[sample], cc[sample]))\n"
                     "else:\n"
                     "    show('Silhouette', internal(silhouette_score, Xc, cc))\n")
    else:
        parts.append("show('Silhouette', internal(silhouette_score, Xc, cc))\n")
    parts.append("show('Davies–Bouldin', internal(davies_bouldin_score, Xc, cc))\n"
                 "show('Calinski–Harabasz', internal(calinski_harabasz_score, Xc, cc))\n")
    if has_truth:
        parts.append("# External metrics: compare with the true labels (noise counts as one more group)\n"
                     "show('ARI', adjusted_rand_score(true_labels, cluster))\n"
                     "show('NMI', normalized_mutual_info_score(true_labels, cluster))\n")
    return "".join(parts)


def silhouette_caption(evaluation: Evaluation, exact: bool, seed: int) -> str:
    n = evaluation.n_clustered
    if exact:
        return (f"Silhouette: exact, on all {n:,} clustered points (the plot still uses the "
                f"{evaluation.silhouette_rows:,}-point sample).")
    limit = "" if n <= EXACT_SILHOUETTE_MAX_ROWS else f" The exact value is offered up to {EXACT_SILHOUETTE_MAX_ROWS:,} points."
    return (f"Silhouette on a random sample of {evaluation.silhouette_rows:,} of the {n:,} clustered points "
            f"(seed {seed}), so the page stays fast.{limit}")


def projection_caption(proj: Projection, n_features: int, n_rows: int) -> str:
    where = ("the two features as the algorithm sees them" if proj.explained is None else
             f"a PCA projection of the {n_features} features onto two components (keeping {proj.explained:.0%} of "
             f"the variance); the algorithm worked in all {n_features} dimensions, so clusters that overlap here "
             "may be apart there")
    drawn = "" if len(proj.rows) == n_rows else f" {len(proj.rows):,} of {n_rows:,} points drawn."
    return f"Points coloured by cluster on {where}.{drawn}"


def subset(features: Features, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows and true labels the algorithm works on (all rows when `rows` is None)."""
    return (features.X, features.y) if rows is None else (features.X[rows], features.y[rows])


# --- words beside the charts -------------------------------------------------------------------

EXPLAIN = {
    "intro": "How do you evaluate a clustering, and how do you choose k? Pick data and an algorithm, move k (or "
             "eps for DBSCAN) and watch the scores. The algorithm never sees the true labels; they only score the "
             "result afterwards.",
    "protocol": "Clustering has no train/test split: the algorithm groups every row using the features only "
                "(missing values imputed, categories one-hot encoded, standardised if the toggle is on).",
    "internal_external": "**Internal** scores (Silhouette, Davies–Bouldin, Calinski–Harabasz) use only the "
                         "features and the clusters: what you have in practice. They reward compact, well-separated, "
                         "roughly round clusters, so they can prefer a wrong answer on moons or circles. "
                         "**External** scores (ARI, NMI) compare with known true labels: only possible when "
                         "labels exist, as in a benchmark or a labelled sample.",
    "silhouette": "Each point's silhouette is (b − a) / max(a, b): a = mean distance to its own cluster, b = mean "
                  "distance to the nearest other cluster. Near 1: well inside its cluster; near 0: on a border; "
                  "below 0: probably in the wrong cluster. Good clusters have thick knives that all pass the mean "
                  "line; thin or negative ones are suspect.",
    "choosing_k_kmeans": "**Elbow**: inertia (within-cluster sum of squares) always falls as k grows; look for the k "
                         "after which it falls slowly. The elbow is often vague, so check the **silhouette** too: "
                         "its highest point is a k where clusters are both tight and apart.",
    "choosing_k_gmm": "**BIC and AIC** trade the likelihood against the number of parameters: the lowest point is "
                      "the preferred k (BIC punishes extra components harder than AIC). The mean silhouette on the "
                      "right is the same check as for k-means.",
    "choosing_k_agglomerative": "Agglomerative clustering builds one merge tree; each k is a cut of it (cut once "
                                "here, not refitted). **Calinski–Harabasz** and the **silhouette** are the usual "
                                "guides: higher is better for both.",
    "k_distance": "**Choosing eps**: sort every point's distance to its min_samples-th nearest neighbour (the point "
                  "itself counts as the first, as in DBSCAN). Points in dense regions have small distances; the "
                  "curve bends sharply where noise starts. An eps near that knee makes dense regions clusters and "
                  "the rest noise; points above the red line are noise unless a core point reaches them. The knee is a "
                  "starting point found by a rule of thumb: try values around it.",
    "scaling_off": "Scaling is off: distances use each feature in its own units, so the feature with the largest "
                   "numbers dominates k-means and every distance-based score. The internal scores can even look "
                   "better (one dominant feature splits neatly) while ARI shows the clusters no longer match the "
                   "true groups: compare with scaling on.",
}
