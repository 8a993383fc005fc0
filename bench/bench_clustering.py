"""Clustering page: warm rerun times for a k change and an eps change, fits per interaction, cold costs.

Run: .venv/bin/python bench/bench_clustering.py   (prints figures; not a pass/fail test)

Reruns are timed with AppTest (`at.run()` after moving a widget), which reruns the whole script, so
they are an upper bound for the browser, where the controls live in an `st.fragment`. Estimator fits
are counted by wrapping `fit` of KMeans, GaussianMixture, AgglomerativeClustering and DBSCAN.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.cluster import KMeans  # noqa: E402

from lib import clustering as clu  # noqa: E402
from lib import datasets  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

FITS = FitCounter()


def count_fits() -> None:
    FITS.__enter__()


def timed(action) -> tuple[float, int]:
    """(milliseconds, estimator fits) for one action."""
    before = FITS.clusterings
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000, FITS.clusterings - before


def report(name: str, samples: list[tuple[float, int]]) -> None:
    ms = [s[0] for s in samples]
    fits = sorted({s[1] for s in samples})
    print(f"  {name:<44} median {statistics.median(ms):8.0f} ms  (min {min(ms):.0f}, max {max(ms):.0f}, "
          f"n={len(ms)})  fits per rerun: {fits}")


def bench_k(params: dict, label: str, ks=(4, 5, 3, 6, 2, 7)) -> None:
    cold = timed(lambda: open_page("clustering", params, timeout=600))
    print(f"{label}: first open (k sweep 2…10 fitted and cached) {cold[0]:.0f} ms, {cold[1]} fits")
    at = open_page("clustering", params, timeout=600)
    warm = [timed(lambda k=k: at.slider(key="n_clusters").set_value(k).run()) for k in ks]
    report("k change (warm, from the cached sweep)", warm)
    assert not at.exception


def bench_eps(params: dict, label: str, new_eps: list[float]) -> None:
    at = open_page("clustering", {**params, "algorithm": "dbscan"}, timeout=600)
    assert not at.exception, at.exception
    print(f"{label}: eps moves through {new_eps}, then through them again")
    first = [timed(lambda e=e: at.select_slider(key="eps").set_value(e).run()) for e in new_eps]
    report("eps change to a new value (DBSCAN refit)", first)
    again = [timed(lambda e=e: at.select_slider(key="eps").set_value(e).run()) for e in new_eps]
    report("eps change to a value seen before (cached)", again)
    assert not at.exception


def bench_library(n: int) -> None:
    feats = clu.prepare(datasets.load("blobs", 0, {"n_samples": n}))
    print(f"  library, {n:,} points, one k sweep (2…10, cold):", end="")
    for algorithm in ("kmeans", "gmm", "agglomerative"):
        X, y = clu.subset(feats, clu.rows_to_cluster(algorithm, len(feats.X), 0))
        ms, fits = timed(lambda a=algorithm, X=X, y=y: clu.k_sweep(a, X, y))
        print(f"  {algorithm} {ms:.0f} ms ({fits} fits, {len(X):,} rows)", end="")
    print()
    labels = KMeans(n_clusters=4, random_state=0).fit_predict(feats.X)
    ms, _ = timed(lambda: clu.evaluate(feats.X, labels, feats.y))
    exact, _ = timed(lambda: clu.exact_silhouette(feats.X, labels))
    print(f"  library, {n:,} points: metrics with a {clu.SILHOUETTE_SAMPLE_SIZE:,}-point silhouette {ms:.0f} ms; "
          f"exact silhouette on all points {exact:.0f} ms")


def main() -> None:
    count_fits()
    print("Default dataset (wine, 178 rows × 13 features), k-means:")
    bench_k({}, "  wine")
    print("Default dataset, DBSCAN:")
    bench_eps({}, "  wine", [2.0, 3.0, 4.0, 5.0])
    big = {"dataset": "blobs", "n_samples": 50_000}
    print("Blobs, 50,000 points, k-means:")
    bench_k(big, "  blobs 50k")
    print("Blobs, 50,000 points, Gaussian mixture:")
    bench_k({**big, "algorithm": "gmm"}, "  blobs 50k gmm", ks=(4, 5, 3))
    print("Blobs, 50,000 points, DBSCAN:")
    bench_eps(big, "  blobs 50k", [0.02, 0.03, 0.04])
    bench_library(50_000)


if __name__ == "__main__":
    main()
