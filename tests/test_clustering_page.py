"""The clustering page in AppTest: every algorithm on every dataset, URL values in, bad values, caching,
and the "Reproduce in code" script printing the page's numbers."""
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

from lib import clustering as clu
from lib import datasets, pages
from tests.conftest import ROOT, metric_values, open_page, text_of

LABELS = [clu.SILHOUETTE, clu.DAVIES_BOULDIN, clu.CALINSKI_HARABASZ, clu.ARI, clu.NMI]
SMALL = {"n_samples": 150}  # datasets with a generator get few rows so the matrix stays fast


def check(at) -> dict[str, str]:
    assert not at.exception, [e.value for e in at.exception]
    values = metric_values(at)
    assert [label for label in values if label in LABELS] == LABELS
    for label in LABELS:
        value = values[label]
        assert re.fullmatch(r"—|-?\d+\.\d{3}", value), (label, value)  # a plain decimal or —
    return values


def page(params: dict | None = None):
    return open_page("clustering", params)


@pytest.fixture
def quick_sweep(monkeypatch):
    """k = 2…4 instead of 2…10: the matrix checks rendering, the full sweep is checked elsewhere."""
    monkeypatch.setattr(clu, "K_VALUES", (2, 3, 4))


@pytest.mark.slow
@pytest.mark.usefixtures("quick_sweep")
@pytest.mark.parametrize("dataset_id", pages.page("clustering").dataset_ids())
@pytest.mark.parametrize("algorithm", list(clu.ALGORITHMS))
def test_every_algorithm_renders_on_every_dataset(algorithm, dataset_id):
    params = {"dataset": dataset_id, "algorithm": algorithm}
    if any(c.name == "n_samples" for c in datasets.REGISTRY[dataset_id].controls):
        params.update(SMALL)
    at = page(params)
    values = check(at)
    assert at.selectbox(key="algorithm").value == algorithm and at.selectbox(key="dataset").value == dataset_id
    assert not at.warning, [w.value for w in at.warning]
    assert len(at.get("plotly_chart")) >= 2  # clusters and (silhouette or) k / k-distance
    assert values[clu.ARI] != "—"  # every registered dataset has true labels
    if algorithm == "dbscan":
        assert at.select_slider(key="eps") and at.slider(key="min_samples")
        assert "k-distance" in text_of(at)
    else:
        assert at.slider(key="n_clusters").value == clu.DEFAULT_K
        assert "Choosing k" in text_of(at)


def _upload(at, frame: pd.DataFrame, labels: str):
    at.file_uploader(key="upload_file").set_value(("points.csv", frame.to_csv(index=False).encode(), "text/csv"))
    at.run()
    at.selectbox(key="upload_target").set_value(labels).run()
    return at


@pytest.mark.usefixtures("quick_sweep")
@pytest.mark.parametrize("algorithm", list(clu.ALGORITHMS))
def test_an_uploaded_csv_with_and_without_true_labels(algorithm):
    X, y = make_blobs(n_samples=120, centers=3, random_state=0)
    frame = pd.DataFrame(X, columns=["a", "b"]).assign(colour=np.where(X[:, 0] > 0, "red", "blue"), group=y)
    at = page({"dataset": "upload", "algorithm": algorithm})
    values = check(_upload(at, frame, "group"))
    assert values[clu.ARI] != "—"
    values = check(_upload(at, frame, "(none)"))
    assert values[clu.ARI] == values[clu.NMI] == "—"
    assert "no true labels" in text_of(at)


def test_only_the_chosen_algorithms_controls_are_shown():
    at = page({"dataset": "iris", "algorithm": "kmeans"})
    keys = {w.key for w in at.slider} | {w.key for w in at.selectbox} | {w.key for w in at.select_slider}
    assert "n_clusters" in keys and not {"linkage", "eps", "min_samples"} & keys
    at = page({"dataset": "iris", "algorithm": "agglomerative", "linkage": "single", "n_clusters": 5})
    assert at.selectbox(key="linkage").value == "single" and at.slider(key="n_clusters").value == 5
    at = page({"dataset": "iris", "algorithm": "dbscan", "eps": 0.8, "min_samples": 7})
    keys = {w.key for w in at.slider} | {w.key for w in at.select_slider}
    assert "n_clusters" not in keys
    assert at.select_slider(key="eps").value == 0.8 and at.slider(key="min_samples").value == 7
    check(at)


@pytest.mark.parametrize("key, value", [("algorithm", "spectral"), ("n_clusters", "42"), ("n_clusters", "two"),
                                        ("linkage", "ward2"), ("eps", "-1"), ("eps", "0.33"), ("min_samples", "0"),
                                        ("scale", "maybe"), ("anisotropy", "7")])
def test_bad_url_values_fall_back_with_a_notice(key, value):
    params = {"dataset": "blobs", **SMALL, "algorithm": {"linkage": "agglomerative", "eps": "dbscan",
                                                         "min_samples": "dbscan"}.get(key, "kmeans"), key: value}
    at = page(params)
    check(at)
    assert any(f"`{key}={value}`" in w.value and "can't be used" in w.value for w in at.warning), \
        [w.value for w in at.warning]


def test_url_values_change_the_numbers():
    base = check(page({"dataset": "wine"}))
    assert check(page({"dataset": "wine", "n_clusters": 5})) != base
    unscaled = check(page({"dataset": "wine", "scale": "false"}))
    assert float(unscaled[clu.ARI]) < float(base[clu.ARI]) - 0.3  # k-means on raw wine: proline dominates
    stretched = page({"dataset": "blobs", "anisotropy": 1.0, "n_clusters": 4})
    assert check(stretched) != check(page({"dataset": "blobs", "n_clusters": 4}))


def test_undefined_metrics_show_a_dash_and_the_reason():
    at = page({"dataset": "blobs", **SMALL, "algorithm": "dbscan", "eps": 0.01})
    values = check(at)
    assert values[clu.SILHOUETTE] == values[clu.DAVIES_BOULDIN] == values[clu.CALINSKI_HARABASZ] == "—"
    assert "every point is noise" in text_of(at)


def test_moving_k_reuses_the_sweep_and_eps_refits_dbscan_once(monkeypatch):
    fits = []
    real_fit = clu.fit
    monkeypatch.setattr(clu, "fit", lambda *a, **kw: fits.append(a[0]) or real_fit(*a, **kw))
    at = page({"dataset": "blobs", "n_samples": 300, "seed": 11})
    first = check(at)
    assert fits.count("kmeans") == len(clu.K_VALUES)  # the sweep: one fit per k
    for k in (5, 2, 9):
        at.slider(key="n_clusters").set_value(k).run()
        assert check(at) != first
    assert fits.count("kmeans") == len(clu.K_VALUES)  # no refit when k moves
    at.selectbox(key="algorithm").set_value("dbscan").run()
    check(at)
    at.select_slider(key="eps").set_value(0.3).run()
    check(at)
    at.select_slider(key="eps").set_value(0.4).run()
    check(at)
    at.select_slider(key="eps").set_value(0.3).run()  # back to a value seen before: cached
    check(at)
    assert fits.count("dbscan") == 3  # the default eps, 0.3 and 0.4


def test_large_data_samples_the_silhouette_and_agglomerative(monkeypatch):
    monkeypatch.setattr(clu, "K_VALUES", (2, 3))
    at = page({"dataset": "blobs", "n_samples": 6000})
    check(at)
    assert f"random sample of {clu.SILHOUETTE_SAMPLE_SIZE:,} of the 6,000" in text_of(at)
    feats = clu.prepare(datasets.load("blobs", 0, {"n_samples": 6000}))
    labels = KMeans(n_clusters=clu.DEFAULT_K, random_state=0).fit_predict(feats.X)
    rows = np.random.default_rng(0).choice(6000, size=clu.SILHOUETTE_SAMPLE_SIZE, replace=False)
    assert metric_values(at)[clu.SILHOUETTE] == f"{silhouette_score(feats.X[rows], labels[rows]):.3f}"
    button = next(b for b in at.button if "Exact value on all 6,000" in b.label)
    button.click().run()
    assert "exact, on all 6,000" in text_of(at)
    assert metric_values(at)[clu.SILHOUETTE] == f"{silhouette_score(feats.X, labels):.3f}"
    assert _run_script(at)[clu.SILHOUETTE] == f"{silhouette_score(feats.X, labels):.3f}"  # the script follows
    at = page({"dataset": "blobs", "n_samples": 6000, "algorithm": "agglomerative"})
    shown = check(at)
    assert f"random sample of {clu.AGGLOMERATIVE_MAX_ROWS:,} of the 6,000 rows" in text_of(at)
    assert _run_script(at) == {label: shown[label] for label in LABELS}  # the script samples the same rows


def _run_script(at) -> dict[str, str]:
    code = next(c.value for c in at.code if "print(" in c.value or "show(" in c.value)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.strip().splitlines())


@pytest.mark.parametrize("params", [
    {},
    {"dataset": "churn", "algorithm": "agglomerative", "linkage": "average", "n_clusters": 4, "scale": "false"},
    {"dataset": "moons", "algorithm": "dbscan", "eps": 0.2, "min_samples": 4, "seed": 3},
])
def test_reproduce_in_code_prints_the_pages_metrics(params):
    at = page(params)
    shown = check(at)
    assert _run_script(at) == {label: shown[label] for label in LABELS}


def test_the_knee_button_sets_eps():
    at = page({"dataset": "iris", "algorithm": "dbscan", "eps": 0.5})
    check(at)
    knee = clu.suggest_eps(clu.k_distances(clu.prepare(datasets.load("iris")).X, clu.MIN_SAMPLES["default"]))
    button = next(b for b in at.button if "Use the knee" in b.label)
    assert f"eps = {knee:g}" in button.label
    button.click().run()
    check(at)
    assert at.select_slider(key="eps").value == knee
    assert not any("Use the knee" in b.label for b in at.button)  # already there
