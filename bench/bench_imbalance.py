"""Benchmark: what the imbalance page's controls cost.

Run: .venv/bin/python bench/bench_imbalance.py [--repeats N]

For breast_cancer (10% positives) and a synthetic set (classification, n_samples=20000, 5%
positives) it prints
- cold first page run (the fit at the current share plus the 8-share sweep) and its fits;
- threshold change: warm full-page rerun (AppTest reruns the whole script; in the browser only
  the st.fragment reruns), the fragment's own work (metrics + sweep figure, serialised), and fits;
- resampler change: the first switch to each resampler (one refit), and switching back to one
  already fitted (cached), with the fits each caused;
- the cross-validated resampler comparison (cold), once.
Fits are counted by patching Pipeline.fit of scikit-learn and imbalanced-learn.
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

from lib import datasets, imbalance, thresholds  # noqa: E402
from lib.choices import DataChoice, Experiment  # noqa: E402
from lib.fitting import EvaluationError  # noqa: E402
from lib.plots import imbalance as plots  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

FITS = FitCounter().__enter__()  # counts every model fit for the whole run

CASES = {
    "breast_cancer, 10% positives": {"dataset": "breast_cancer", "minority": 0.1},
    "classification, n_samples=20000, 5% positives": {"dataset": "classification", "n_samples": 20000,
                                                      "minority": 0.05},
}
MOVES = [0.31, 0.47, 0.52, 0.66, 0.12, 0.85, 0.5, 0.23, 0.74, 0.4, 0.05, 0.95]
RESAMPLERS = ["random_over", "smote", "random_under", "class_weight", "tomek", "smote_tomek", "near_miss",
              "adasyn", "borderline_smote", "smote_enn"]


def timed(action) -> tuple[float, int]:
    FITS["n"] = 0
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000, FITS["n"]


def bench(name: str, params: dict, repeats: int) -> None:
    holder = {}
    cold_ms, cold_fits = timed(lambda: holder.setdefault("at", open_page("imbalance", params, timeout=900)))
    at = holder["at"]
    assert not at.exception, at.exception

    moves = (MOVES * (repeats // len(MOVES) + 1))[:repeats]
    threshold = [timed(lambda t=t: at.slider(key="threshold").set_value(t).run()) for t in moves]
    assert not at.exception, at.exception

    first_switch = [timed(lambda r=r: at.selectbox(key="resampler").set_value(r).run()) for r in RESAMPLERS]
    errors = [e.value for e in at.error]
    back_and_forth = [timed(lambda r=RESAMPLERS[i % 3]: at.selectbox(key="resampler").set_value(r).run())
                      for i in range(repeats)]

    # The fragment's own work on a threshold move, without Streamlit (the fits here are not timed).
    choice = imbalance.ImbalanceChoice(_experiment(params), params["minority"], "none")
    data = datasets.load(params["dataset"], 0, params)
    result = imbalance.fit(data, choice)
    ev = thresholds.evaluate(result.y_true, result.y_score)
    points = []
    for share in imbalance.SWEEP_SHARES:
        try:
            points.append(imbalance.share_point(share, imbalance.fit(data, choice.at_share(share))))
        except EvaluationError:
            continue
    base = plots.sweep_base(points, choice.minority)
    fragment = []
    for t in moves:
        start = time.perf_counter()
        thresholds.metrics_at(ev.scores, t)
        pio.to_json(plots.sweep_figure(base, imbalance.sweep_at(points, t), t).to_dict(), validate=False)
        fragment.append((time.perf_counter() - start) * 1000)

    compare_ms, compare_fits = timed(
        lambda: next(b for b in at.button if b.label.startswith("Compare all")).click().run())

    med = statistics.median
    print(f"\n{name}: {ev.n_test:,} test rows")
    print(f"  cold first run (fit + 8-share sweep):       {cold_ms / 1000:8.2f} s    fits: {cold_fits}")
    print(f"  threshold change, full-page rerun:          {med([m for m, _ in threshold]):8.1f} ms   "
          f"fits: {sum(f for _, f in threshold)} over {repeats} moves")
    print(f"  threshold change, fragment work only:       {med(fragment):8.1f} ms")
    print(f"  resampler change, first time (refit):       {med([m for m, _ in first_switch]):8.1f} ms   "
          f"(median; max {max(m for m, _ in first_switch):.0f} ms) fits: "
          f"{[f for _, f in first_switch]} for {RESAMPLERS}")
    print(f"  resampler change, back to a fitted one:     {med([m for m, _ in back_and_forth]):8.1f} ms   "
          f"fits: {sum(f for _, f in back_and_forth)} over {repeats} changes")
    print(f"  resampler comparison (11 x CV, cold):       {compare_ms / 1000:8.2f} s    fits: {compare_fits}")
    if errors:
        print(f"  (messages shown while switching: {len(errors)})")


def _experiment(params: dict) -> Experiment:
    """The page's default experiment on this dataset (the model and split the bench's pages use)."""
    return Experiment(DataChoice(params["dataset"], 0, tuple(sorted(datasets.REGISTRY[params["dataset"]].resolve(
        params).items()))), "logistic_regression")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=12)
    args = parser.parse_args()
    for name, params in CASES.items():
        bench(name, params, args.repeats)


if __name__ == "__main__":
    main()
