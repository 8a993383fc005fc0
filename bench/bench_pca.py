"""PCA page benchmark: the cost of each piece cold, and the warm rerun time of every control of the page.

Run from the repository root:  .venv/bin/python bench/bench_pca.py
Prints figures (not pass/fail):
- the pieces called directly, cold: preprocessing, the full decomposition (scikit-learn PCA, every component),
  the headline numbers at one n_components, the 2-D plane, the digits rebuilt; on the cloud (300 and 200,000
  rows), wine and digits;
- AppTest: the first render, then for each control a move to a new value (new work: one decomposition when the
  data or the scaling changes, nothing but reading otherwise) and moves back and forth between visited values
  (everything cached), median warm time per control. Absolute times on a shared 2-core machine are noise; the
  ratios between controls and to the first render are what to read.
"""
from __future__ import annotations

import logging
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from lib import datasets  # noqa: E402
from lib import pca as P  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402

REPEATS = 3  # visits back and forth per control for the warm median


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def cold_pieces(dataset_id: str, params: dict | None = None) -> None:
    data = datasets.load(dataset_id, 0, params)
    feats, t_prep = timed(lambda: P.prepare(data, True))
    d, t_fit = timed(lambda: P.decompose(feats.X))
    _, t_head = timed(lambda: P.headline(feats, d, min(2, d.n_components)))
    _, t_plane = timed(lambda: P.plane(feats.X[:, :2], feats.names[:2]))
    line = (f"  {dataset_id:<8} {feats.n_rows:>7,} × {feats.n_features:<3} prepare {t_prep * 1000:6.0f} ms   "
            f"decompose {t_fit * 1000:6.0f} ms   headline {t_head * 1000:5.0f} ms   2-D plane {t_plane * 1000:5.0f} ms")
    if dataset_id == "digits":
        _, t_img = timed(lambda: P.digit_images(feats, d, 10, P.sample_rows(feats.y)))
        line += f"   digits rebuilt {t_img * 1000:4.0f} ms"
    print(line)


def set_widget(at, kind: str, key: str, value: object) -> None:
    getattr(at, kind)(key=key).set_value(value).run()  # the element is found again after each run
    assert not at.exception, (key, at.exception)


def control_moves(params: dict, moves: list[tuple[str, str, object, object]]) -> None:
    """`moves`: (widget kind, key, new value, value to go back to)."""
    cache.clear_all()
    at, first = timed(lambda: open_page("pca", params, timeout=600))
    assert not at.exception, at.exception
    print(f"  first render (cold)                 {first * 1000:7.0f} ms")
    for kind, key, value, back in moves:
        _, new = timed(lambda k=kind, n=key, v=value: set_widget(at, k, n, v))
        warm = [timed(lambda k=kind, n=key, v=v: set_widget(at, k, n, v))[1]
                for _ in range(REPEATS) for v in (back, value)]
        print(f"  {key:<15} -> {str(value):<12} new {new * 1000:6.0f} ms   warm median {statistics.median(warm) * 1000:5.0f} "
              f"ms (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}, {len(warm)} moves)")


def main() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    np.seterr(all="ignore")
    print("== the pieces, cold (scaled)")
    cold_pieces("cloud")
    cold_pieces("cloud", {"n_samples": 200_000})
    cold_pieces("wine")
    cold_pieces("breast_cancer")
    cold_pieces("digits")

    print("\n== /pca (the 2-D cloud): every control")
    control_moves({}, [
        ("slider", "correlation", 0.3, 0.8), ("slider", "spread_ratio", 2.5, 1.0), ("slider", "rotation", 45, 0),
        ("toggle", "scale", True, False), ("slider", "n_components", 2, 1), ("toggle", "pc_coordinates", True, False),
        ("number_input", "n_samples", 5000, 300), ("number_input", "seed", 3, 0),
    ])
    print("\n== /pca?dataset=digits: every control")
    control_moves({"dataset": "digits"}, [
        ("slider", "n_components", 10, 2), ("toggle", "scale", False, True),
        ("selectbox", "feature_x", "pixel_3_3", "pixel_5_2"), ("selectbox", "feature_y", "pixel_4_4", "pixel_5_3"),
        ("toggle", "pc_coordinates", True, False),
    ])
    print("\n== /pca?dataset=wine: switching dataset")
    control_moves({"dataset": "wine"}, [("selectbox", "dataset", "breast_cancer", "wine")])


if __name__ == "__main__":
    main()
