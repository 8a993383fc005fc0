"""The clustering page's script: features as the algorithm saw them, the fit, internal and external scores."""
from __future__ import annotations

from lib import clustering as clu
from lib.choices import DataChoice
from lib.clustering import Settings
from lib.code import Script
from lib.datasets import Dataset
from lib.scripts import common

_SCORING = """\

def internal(metric, X, labels):
    # Undefined with fewer than two clusters, or when every cluster is a single point.
    return metric(X, labels) if 2 <= len(np.unique(labels)) < len(labels) else None


def show(label, value):
    print(f"{label}: {'—' if value is None else f'{value:.3f}'}")


clustered = cluster != -1  # DBSCAN marks noise as -1: internal scores leave it out
Xc, cc = features[clustered], cluster[clustered]"""


def clustering_script(choice: DataChoice, settings: Settings, n_rows: int, *, exact_silhouette: bool = False,
                      sample_size: int = clu.SILHOUETTE_SAMPLE_SIZE, dataset: Dataset | None = None) -> str:
    """Rebuilds the page's clustering and prints each metric as `Label: value` (`n_rows`: the dataset's row count,
    which decides the samples; `dataset`: needed for an upload, whose reading rules the script repeats)."""
    seed = choice.seed
    has_truth = not (choice.is_upload and choice.target is None)
    script = Script().need("import numpy as np", "import pandas as pd")
    common.data(script, choice, dataset)  # an upload without true labels sets labels = None
    if settings.anisotropy and choice.dataset_id == "blobs":
        a = float(settings.anisotropy)
        script.line(f"# Stretch the blobs (scikit-learn's anisotropic-blobs map, blended by {a!r})",
                    f"transform = (1 - {a!r}) * np.eye(2) + {a!r} * np.array({[list(r) for r in clu.ANISOTROPIC_MAP]})",
                    "X = pd.DataFrame(X.to_numpy(dtype=float) @ transform, columns=X.columns)")
    preprocess = script.expr(common.preprocess_var(settings.scale))
    script.line(f"features = {preprocess}.fit_transform(X)  # every row: clustering has no train/test split")
    if has_truth:
        script.line("true_labels = labels.astype(str).to_numpy()  # hidden from the algorithm")
    if clu.rows_to_cluster(settings.algorithm, n_rows, seed) is not None:
        script.line("# Agglomerative clustering needs n² memory: cluster a random sample of rows",
                    f"rows = np.sort(np.random.default_rng({seed}).choice(len(features), "
                    f"size={clu.AGGLOMERATIVE_MAX_ROWS}, replace=False))",
                    "features = features[rows]", *(["true_labels = true_labels[rows]"] if has_truth else []))
    script.assign("model", clu.ALGORITHMS[settings.algorithm].estimator(settings.estimator_settings, seed))
    script.line("cluster = model.fit_predict(features)", _SCORING)
    script.need("from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score")
    if exact_silhouette:
        script.line("show('Silhouette', internal(silhouette_score, Xc, cc))")
    else:
        script.line(f"# Silhouette is O(n²): on more than {sample_size:,} points use a random sample of them",
                    f"if len(Xc) > {sample_size}:",
                    f"    sample = np.random.default_rng({seed}).choice(len(Xc), size={sample_size}, replace=False)",
                    "    show('Silhouette', internal(silhouette_score, Xc[sample], cc[sample]))",
                    "else:",
                    "    show('Silhouette', internal(silhouette_score, Xc, cc))")
    script.line("show('Davies–Bouldin', internal(davies_bouldin_score, Xc, cc))",
                "show('Calinski–Harabasz', internal(calinski_harabasz_score, Xc, cc))")
    if has_truth:
        script.need("from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score")
        script.line("# External metrics: compare with the true labels (noise counts as one more group)",
                    "show('ARI', adjusted_rand_score(true_labels, cluster))",
                    "show('NMI', normalized_mutual_info_score(true_labels, cluster))")
    return script.text()
