"""lib.clustering: every number equals scikit-learn's; undefined cases are None with a reason."""
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import (
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    normalized_mutual_info_score,
    silhouette_score,
)
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from lib import clustering as clu
from lib import datasets, models
from lib.choices import DataChoice
from lib.scripts.clustering import clustering_script
from tests.conftest import ROOT

ARI, NMI, SIL, DB, CH = clu.ARI, clu.NMI, clu.SILHOUETTE, clu.DAVIES_BOULDIN, clu.CALINSKI_HARABASZ


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=300, centers=3, cluster_std=1.0, random_state=1)
    return X, y.astype(str)


def test_metrics_equal_scikit_learn(blobs):
    X, y = blobs
    labels = KMeans(n_clusters=3, random_state=0).fit_predict(X)
    ev = clu.evaluate(X, labels, y, seed=0)
    assert ev.values[SIL] == pytest.approx(silhouette_score(X, labels), abs=1e-12)
    assert ev.values[DB] == pytest.approx(davies_bouldin_score(X, labels), abs=1e-12)
    assert ev.values[CH] == pytest.approx(calinski_harabasz_score(X, labels), abs=1e-9)
    assert ev.values[ARI] == pytest.approx(adjusted_rand_score(y, labels), abs=1e-12)
    assert ev.values[NMI] == pytest.approx(normalized_mutual_info_score(y, labels), abs=1e-12)
    assert not ev.reasons and not ev.silhouette_sampled and ev.n_clusters == 3
    assert list(ev.values) == [SIL, DB, CH, ARI, NMI]


def test_silhouette_on_large_data_uses_a_stated_random_sample():
    X, y = make_blobs(n_samples=900, centers=4, random_state=2)
    labels = KMeans(n_clusters=4, random_state=0).fit_predict(X)
    ev = clu.evaluate(X, labels, y.astype(str), seed=7, sample_size=250)
    rows = np.random.default_rng(7).choice(900, size=250, replace=False)
    assert ev.silhouette_sampled and ev.silhouette_rows == 250 and len(ev.silhouette_values) == 250
    assert ev.values[SIL] == pytest.approx(silhouette_score(X[rows], labels[rows]), abs=1e-12)
    assert ev.values[SIL] == pytest.approx(float(np.mean(ev.silhouette_values)), abs=1e-12)
    # the other scores are not sampled, and the exact silhouette is the full-data one
    assert ev.values[DB] == pytest.approx(davies_bouldin_score(X, labels), abs=1e-12)
    assert clu.exact_silhouette(X, labels) == pytest.approx(silhouette_score(X, labels), abs=1e-12)


@pytest.mark.parametrize("case, labels, reason", [
    ("one cluster", np.zeros(40, dtype=int), "only one cluster"),
    ("every point noise", -np.ones(40, dtype=int), "every point is noise"),
    ("noise and one cluster", np.r_[-np.ones(10, dtype=int), np.zeros(30, dtype=int)], "only one cluster"),
    ("every cluster a single point", np.arange(40), "single point"),
])
def test_undefined_internal_metrics_are_none_with_a_reason(case, labels, reason):
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = np.array(["a", "b"] * 20)
    ev = clu.evaluate(X, labels, y, seed=0)
    for label in clu.INTERNAL:
        assert ev.values[label] is None, case
        assert reason in ev.reasons[label], case
    # scikit-learn itself refuses these cases, which is why the page shows — and says why
    clustered = labels != -1
    with pytest.raises(ValueError):
        silhouette_score(X[clustered], labels[clustered])
    # the external scores stay defined: noise is one more group
    assert ev.values[ARI] == pytest.approx(adjusted_rand_score(y, labels), abs=1e-12)


def test_clusters_of_one_point_follow_scikit_learn_and_are_explained():
    X = np.r_[np.random.default_rng(0).normal(size=(30, 2)), [[20.0, 20.0], [-20.0, 20.0]]]
    labels = np.r_[np.zeros(30, dtype=int), [1, 2]]
    ev = clu.evaluate(X, labels, None)
    assert ev.values[SIL] == pytest.approx(silhouette_score(X, labels), abs=1e-12)
    assert ev.values[CH] == pytest.approx(calinski_harabasz_score(X, labels), abs=1e-9)
    assert any("2 clusters of a single point" in n and "counts it as 0" in n for n in ev.notes)


def test_noise_is_left_out_of_internal_scores_and_said_so():
    X, y = make_moons(n_samples=300, noise=0.08, random_state=0)
    labels = DBSCAN(eps=0.12, min_samples=5).fit_predict(X)
    assert (labels == -1).any()
    ev = clu.evaluate(X, labels, y.astype(str))
    kept = labels != -1
    assert ev.values[SIL] == pytest.approx(silhouette_score(X[kept], labels[kept]), abs=1e-12)
    assert ev.values[DB] == pytest.approx(davies_bouldin_score(X[kept], labels[kept]), abs=1e-12)
    assert ev.values[ARI] == pytest.approx(adjusted_rand_score(y.astype(str), labels), abs=1e-12)
    assert ev.n_noise == (~kept).sum()
    assert any("left out of Silhouette" in n and "noise as one more group" in n for n in ev.notes)


def test_without_true_labels_ari_and_nmi_are_undefined():
    X, _ = make_blobs(n_samples=60, centers=2, random_state=0)
    labels = KMeans(n_clusters=2, random_state=0).fit_predict(X)
    for y in (None, np.array(["all"] * 60)):
        ev = clu.evaluate(X, labels, y)
        assert ev.values[ARI] is None and ev.values[NMI] is None
        assert "no true labels" in ev.reasons[ARI]
        assert ev.values[SIL] is not None


def test_well_separated_blobs_best_silhouette_k_is_4_and_ari_near_1():
    dataset = datasets.load("blobs", 3, {"centers": 4, "cluster_std": 0.5, "n_samples": 400})
    feats = clu.prepare(dataset)
    for algorithm in ("kmeans", "agglomerative", "gmm"):
        sweep = clu.k_sweep(algorithm, feats.X, feats.y, seed=3)
        assert sweep.best_k == 4, algorithm
        assert sweep.evaluations[4].values[ARI] > 0.98, algorithm
        assert sweep.evaluations[3].values[ARI] < 0.9, algorithm


def test_k_sweep_numbers_are_the_estimators_own(blobs):
    X, y = blobs
    sweep = clu.k_sweep("kmeans", X, y, seed=0, ks=(2, 3, 5))
    for k in (2, 3, 5):
        model = KMeans(n_clusters=k, random_state=0).fit(X)
        row = sweep.table.set_index("k").loc[k]
        assert row["inertia"] == pytest.approx(model.inertia_)
        assert np.array_equal(sweep.fits[k].labels, model.labels_)
        assert row[SIL] == pytest.approx(silhouette_score(X, model.labels_), abs=1e-12)
    gmm = clu.k_sweep("gmm", X, y, seed=0, ks=(2, 4))
    model = GaussianMixture(n_components=4, random_state=0).fit(X)
    row = gmm.table.set_index("k").loc[4]
    assert row["bic"] == pytest.approx(model.bic(X)) and row["aic"] == pytest.approx(model.aic(X))
    assert gmm.table["inertia"].isna().all()


@pytest.mark.parametrize("linkage", clu.LINKAGES)
def test_one_tree_cut_at_each_k_equals_refitting(linkage):
    X = StandardScaler().fit_transform(datasets.load("iris").X)
    per_k = clu.agglomerative_per_k(X, linkage)
    for k in clu.K_VALUES:
        refit = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit_predict(X)
        assert adjusted_rand_score(refit, per_k[k].labels) == 1.0, k
        assert len(np.unique(per_k[k].labels)) == k


def test_k_distances_and_the_suggested_eps():
    X, _ = make_moons(n_samples=200, noise=0.05, random_state=0)
    d = clu.k_distances(X, 5)
    expected = np.sort(NearestNeighbors(n_neighbors=5).fit(X).kneighbors(X)[0][:, -1])
    assert np.allclose(d, expected)
    eps = clu.suggest_eps(d)
    assert eps in clu.EPS_GRID and d[0] <= eps <= d[-1]
    assert clu.snap_eps(0.26) == 0.25 and clu.snap_eps(1e9) == clu.EPS_GRID[-1]


def test_dbscan_refuses_an_eps_that_would_exhaust_memory():
    X = np.random.default_rng(0).normal(size=(20_000, 2))
    with pytest.raises(clu.DBSCANTooLarge, match="million neighbour pairs.*Lower eps"):
        clu.check_dbscan_memory(X, 5.0)
    clu.check_dbscan_memory(X, 0.02)  # fine: no exception


def test_agglomerative_samples_rows_above_its_limit():
    assert clu.rows_to_cluster("agglomerative", clu.AGGLOMERATIVE_MAX_ROWS, 0) is None
    assert clu.rows_to_cluster("kmeans", 50_000, 0) is None
    rows = clu.rows_to_cluster("agglomerative", 50_000, 0)
    assert len(rows) == clu.AGGLOMERATIVE_MAX_ROWS == len(np.unique(rows)) and np.all(np.diff(rows) > 0)


def test_features_scaled_unscaled_and_stretched():
    churn = datasets.load("churn")
    scaled = clu.prepare(churn, scale=True)
    assert np.allclose(scaled.X, models.preprocessor().fit_transform(churn.X))
    raw = clu.prepare(churn, scale=False)
    assert not np.isnan(raw.X).any() and raw.X.shape == scaled.X.shape  # imputed and one-hot encoded
    numeric = churn.X.select_dtypes("number")
    assert np.allclose(raw.X[:, : numeric.shape[1]], numeric.fillna(numeric.median()))  # no scaling
    blobs = datasets.load("blobs")
    stretched = clu.prepare(blobs, scale=False, anisotropy=1.0)
    assert np.allclose(stretched.X, blobs.X.to_numpy() @ np.array(clu.ANISOTROPIC_MAP))
    assert np.allclose(clu.prepare(blobs, scale=False).X, blobs.X)
    assert list(scaled.y) == list(churn.y) and scaled.has_truth


def test_projection_keeps_2d_data_and_uses_pca_otherwise():
    X = np.random.default_rng(0).normal(size=(50, 2))
    proj = clu.projection(X, ("x1", "x2"), None, 0)
    assert np.array_equal(proj.xy, X) and proj.explained is None and proj.axes == ("x1", "x2")
    wide = np.random.default_rng(0).normal(size=(8000, 5))
    proj = clu.projection(wide, tuple("abcde"), wide[:3], 0)
    assert proj.xy.shape == (clu.DISPLAY_MAX_POINTS, 2) and proj.centres.shape == (3, 2)
    assert 0 < proj.explained < 1 and proj.axes == ("PC 1", "PC 2")


def _printed(code: str) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.strip().splitlines())


def test_script_reproduces_stretched_unscaled_gmm():
    """The page tests cover the other algorithms; this adds the anisotropy map and the unscaled preprocessing."""
    settings, params, dataset_id = clu.Settings("gmm", n_clusters=4, anisotropy=0.6, scale=False), \
        (("n_samples", 300),), "blobs"
    choice = DataChoice(dataset_id, 2, params)
    feats = clu.prepare(datasets.load(dataset_id, 2, dict(params)), settings.scale, settings.anisotropy)
    result = clu.fit(settings.algorithm, feats.X, n_clusters=settings.n_clusters, eps=settings.eps,
                     min_samples=settings.min_samples, seed=2)
    ev = clu.evaluate(feats.X, result.labels, feats.y, seed=2)
    printed = _printed(clustering_script(choice, settings, feats.n_rows))
    assert printed == {label: ("—" if v is None else f"{v:.3f}") for label, v in ev.values.items()}


def test_script_for_an_upload_without_labels_skips_ari_and_nmi(tmp_path):
    from lib import upload
    frame = pd.DataFrame(make_blobs(n_samples=100, centers=3, random_state=0)[0], columns=["a", "b"])
    content = frame.to_csv(index=False).encode()
    choice = DataChoice(datasets.UPLOAD_ID, 0, (), "abc", None)
    dataset = upload.make_dataset(upload.read_csv(content), None)
    code = clustering_script(choice, clu.Settings("kmeans"), 100, dataset=dataset)
    assert 'pd.read_csv("your_file.csv", encoding=' in code and "adjusted_rand_score(" not in code.split("import")[-1]
    (tmp_path / "your_file.csv").write_bytes(content)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    printed = dict(line.split(": ", 1) for line in out.stdout.strip().splitlines())
    assert set(printed) == {SIL, DB, CH}
    labels = KMeans(n_clusters=3, random_state=0).fit_predict(StandardScaler().fit_transform(frame))
    assert printed[SIL] == f"{silhouette_score(StandardScaler().fit_transform(frame), labels):.3f}"


def test_neighbouring_cluster_colours_are_never_both_blue():
    from lib.plots import BLUE, SKY
    from lib.plots.clustering import CLUSTER_COLOURS
    for k in range(2, 11):
        used = [CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)] for i in range(min(k, len(CLUSTER_COLOURS)))]
        assert not (BLUE in used[:5] and SKY in used[:5]), k  # k = 5 drew clusters 0 and 4 in two blues
