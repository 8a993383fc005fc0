"""Words on the clustering page: what each chart shows, and captions built from its results."""
from __future__ import annotations

from lib.clustering import EXACT_SILHOUETTE_MAX_ROWS, Evaluation, Projection


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






def found_caption(evaluation: Evaluation, algorithm: str) -> str:
    found = f"{evaluation.n_clusters} clusters found"
    if algorithm == "dbscan":
        found += f", {evaluation.n_noise:,} noise points" + (
            "" if evaluation.n_noise else " (none to leave out of the internal scores)")
    return f"{found}. {EXPLAIN['internal_external']}"


def sample_warning(n_sample: int, n_rows: int, seed: int) -> str:
    return (f"Agglomerative clustering needs memory for every pair of points, so it runs on a random sample of "
            f"{n_sample:,} of the {n_rows:,} rows (seed {seed}); every score and chart here is for that sample.")


def choosing_k_caption(algorithm: str, best_k: int | None) -> str:
    return EXPLAIN[f"choosing_k_{algorithm}"] + (f" Best mean silhouette here: **k = {best_k}**." if best_k else "")


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
