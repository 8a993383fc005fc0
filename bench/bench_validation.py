"""Validation page benchmark: cold and warm time of each view, and fits per interaction.

Run from the repository root:  .venv/bin/python bench/bench_validation.py
Prints figures (not pass/fail) for the default view (churn, logistic regression) and for 20,000 synthetic rows
(`classification`, 15,000 training rows, cross-validated on a stratified sample of 5,000):
- the pieces called directly, cold: the rows, the folds (no fit), the fold scores (one fit per split), the fold
  picture (no fit), each leakage demo, the grid / random / halving search, one nested repetition;
- AppTest: the first render (cold), the same link again (warm), and one move of each control — splitter,
  n_splits, scoring, demo, search — to a new value and back to a visited one.
Fits are `Pipeline.fit` calls counted by tests.fits.FitCounter.
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

from lib import datasets  # noqa: E402
from lib import validation as v  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

CASES = (("churn (default)", "churn", {}), ("20,000 synthetic rows", "classification", {"n_samples": 20_000}))
MODEL = "logistic_regression"


def timed(fn):
    with FitCounter() as fits:
        start = time.perf_counter()
        result = fn()
        return result, time.perf_counter() - start, fits.n


def line(label: str, seconds: float, fits: int) -> None:
    print(f"  {label:<44} {seconds * 1000:8.0f} ms   fits: {fits}")


def pieces(dataset_id: str, params: dict) -> None:
    data = datasets.load(dataset_id, 0, params)
    rows, t, n = timed(lambda: v.cv_rows(data, dataset_id, 0, 0.25))
    line(f"rows ({len(rows.y):,} CV rows of {rows.n_train:,})", t, n)
    found, t, n = timed(lambda: v.folds(rows, "stratified_kfold", 5, True, 0))
    line("folds (stratified_kfold, 5)", t, n)
    _, t, n = timed(lambda: v.picture(found, rows.y, rows.groups))
    line("fold picture", t, n)
    _, t, n = timed(lambda: v.fold_scores(rows, found, MODEL, None, 0))
    line("fold scores (all four scorings)", t, n)
    _, t, n = timed(lambda: v.test_scores(rows, MODEL, None, 0))
    line("test score", t, n)
    for demo in v.DEMOS:
        _, t, n = timed(lambda d=demo: v.run_demo(d, MODEL, None, 0, "accuracy"))
        line(f"demo {demo}", t, n)
    grid = v.search_grid(MODEL)
    for kind in v.SEARCHES:
        _, t, n = timed(lambda k=kind: v.run_search(k, rows, grid, None, 0, "stratified_kfold", 5, True, "accuracy"))
        line(f"search {kind}", t, n)
    X, y = v.nested_rows(rows, 0)
    _, t, n = timed(lambda: v.nested_trial(X, y, grid, None, 0, 0, "accuracy"))
    line(f"nested CV, one of {v.NESTED_TRIALS} repetitions", t, n)


MOVES = (("selectbox", "cv", "kfold", "stratified_kfold"), ("slider", "n_splits", 3, 5),
         ("selectbox", "scoring", "roc_auc", "accuracy"), ("selectbox", "demo", "groups", "preprocessing"),
         ("selectbox", "search", "random", "grid"))


def app(dataset_id: str, params: dict) -> None:
    cache.clear_all()
    link = {"dataset": dataset_id, "model": MODEL, **params}
    at, t, n = timed(lambda: open_page("validation", link, timeout=1200))
    assert not at.exception, at.exception
    line("first render (cold)", t, n)
    again, t, n = timed(lambda: open_page("validation", link, timeout=1200))
    line("same link again (warm)", t, n)
    for kind, key, new, back in MOVES:
        _, t, n = timed(lambda k=kind, key=key, val=new: getattr(again, k)(key=key).set_value(val).run())
        assert not again.exception, again.exception
        line(f"{key} -> {new} (new)", t, n)
        warm = []
        for value in (back, new, back):
            _, t, n = timed(lambda k=kind, key=key, val=value: getattr(again, k)(key=key).set_value(val).run())
            warm.append((t, n))
        line(f"{key} back and forth (visited, median of 3)", statistics.median(w[0] for w in warm),
             max(w[1] for w in warm))


def main() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for title, dataset_id, params in CASES:
        print(f"\n== {title}: pieces, cold")
        pieces(dataset_id, params)
        print(f"== {title}: the page in AppTest")
        app(dataset_id, params)


if __name__ == "__main__":
    main()
