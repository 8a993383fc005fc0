"""Benchmark: what a threshold move costs on the classification page.

Run: .venv/bin/python bench/bench_classification.py [--repeats N]

For breast_cancer and for a synthetic set with 100,000 test rows it prints
- cold time: first page run (fit + curves);
- warm page rerun after a threshold change (AppTest reruns the whole script: an upper
  bound, since in the browser only the st.fragment reruns), median over N moves;
- the fragment's own work per move (metrics from the sorted scores, every figure built
  and serialised to JSON as st.plotly_chart does), median over N moves;
- the number of estimator fits each threshold change caused (Pipeline.fit is counted).
Figures, not pass/fail.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io as pio  # noqa: E402

from lib import thresholds  # noqa: E402
from lib.plots import classification as plots  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

FITS = FitCounter().__enter__()  # counts every model fit for the whole run

CASES = {
    "breast_cancer (143 test rows)": {"dataset": "breast_cancer"},
    "classification, n_samples=200000, test_size=0.5 (100,000 test rows)":
        {"dataset": "classification", "n_samples": 200000, "test_size": 0.5},
}
MOVES = [0.31, 0.47, 0.52, 0.66, 0.12, 0.85, 0.5, 0.23, 0.74, 0.4, 0.05, 0.95]


def fragment_work(ev: thresholds.Evaluation, bases: dict, t: float) -> None:
    """What the explorer fragment computes per threshold move, without Streamlit."""
    at = thresholds.metrics_at(ev.scores, t)
    best = thresholds.min_cost(ev.scores, 1, 5)
    cost = thresholds.cost_curve(ev.scores, 1, 5)
    figures = [
        plots.confusion_figure(bases["confusion"], at.confusion),
        plots.score_histogram_figure(bases["histogram"], ev, t),
        plots.roc_figure(bases["roc"], at.confusion),
        plots.pr_figure(bases["pr"], at),
        plots.threshold_curves_figure(bases["curves"], t),
        plots.cost_figure(bases["cost"], ev.sweep.thresholds, cost, t, best.threshold),
        plots.calibration_figure(bases["calibration"]),
    ]
    for fig in figures:  # what st.plotly_chart does with a figure
        pio.to_json(fig.to_dict(), validate=False)


def bench(name: str, params: dict, repeats: int) -> None:
    # Record the exact cache key the page builds, to time the fragment's work on the same cached fit.
    seen = []
    cached_evaluation = cache.evaluation

    def recording(experiment):
        seen.append(experiment)
        return cached_evaluation(experiment)

    cache.evaluation = recording
    start = time.perf_counter()
    FITS.reset()
    at = open_page("classification", params, timeout=600)
    cold = time.perf_counter() - start
    assert not at.exception, at.exception
    cold_fits = FITS.n

    rerun_ms, fits_per_move = [], []
    for i in range(repeats):
        FITS.reset()
        t0 = time.perf_counter()
        at.slider(key="threshold").set_value(MOVES[i % len(MOVES)]).run()
        rerun_ms.append((time.perf_counter() - t0) * 1000)
        fits_per_move.append(FITS.n)
        assert not at.exception, at.exception

    FITS.reset()
    ev = cached_evaluation(seen[0])
    cache.evaluation = cached_evaluation
    assert FITS.n == 0, "the bench missed the page's cache"
    bases = plots.base_figures(ev)
    fragment_ms = []
    for i in range(repeats):
        t0 = time.perf_counter()
        fragment_work(ev, bases, MOVES[i % len(MOVES)])
        fragment_ms.append((time.perf_counter() - t0) * 1000)
    metric_ms = []
    for i in range(repeats):
        t0 = time.perf_counter()
        thresholds.metrics_at(ev.scores, MOVES[i % len(MOVES)])
        metric_ms.append((time.perf_counter() - t0) * 1000)

    print(f"\n{name}: {ev.n_test:,} test rows")
    print(f"  cold first run (fit + curves):             {cold:8.2f} s   fits: {cold_fits}")
    print(f"  warm full-page rerun per threshold move:  {statistics.median(rerun_ms):8.1f} ms  (median of {repeats}; "
          f"AppTest reruns the whole script)")
    print(f"  fragment work per threshold move:          {statistics.median(fragment_ms):8.1f} ms  (metrics + 7 "
          "figures built and serialised)")
    print(f"  metrics at a threshold (searchsorted):     {statistics.median(metric_ms):8.3f} ms")
    print(f"  estimator fits caused by threshold moves:  {sum(fits_per_move)} over {repeats} moves")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=12)
    args = parser.parse_args()
    for name, params in CASES.items():
        bench(name, params, args.repeats)


if __name__ == "__main__":
    main()
