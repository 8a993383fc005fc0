"""Fitting page benchmark: cold cost of the curves, warm cost of a knob move.

Run from the repository root:  .venv/bin/python bench/bench_fitting.py
Prints figures (not pass/fail) for the default view (breast cancer, logistic regression, sweeping C)
and for a 20,000-row synthetic set (dataset=classification, n_samples=20000):
- cold time of each expensive piece, called directly (validation curve, learning curve, random-forest
  reference, L1/L2 paths, decision boundary, the one fit) and how many estimator fits it makes;
- AppTest: first page render, a knob move to a new value (one fit + boundary + the learning curve at that
  value; the validation curve comes from the cache), and a move back to a visited value (all cached).
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

from joblib import Parallel, delayed  # noqa: E402

from lib import boundary, curves, datasets, fitting, models, regularisation  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

CONFIGS = {
    "default (breast_cancer, logistic_regression)": {},
    "20,000-row synthetic (classification)": {"dataset": "classification", "n_samples": 20000},
}
MOVES = (10.0, 0.1, 100.0)  # C values visited after the default C = 1


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def start_workers() -> None:
    """The joblib worker pool starts once per server process; time it apart from the curves."""
    _, t = timed(lambda: Parallel(n_jobs=curves.N_JOBS)(delayed(abs)(i) for i in range(4)))
    print(f"joblib worker pool start (once per server process): {t * 1000:.0f} ms")


def cold_pieces(params: dict) -> None:
    dataset_id = params.get("dataset", "breast_cancer")
    data = datasets.load(dataset_id, 0, {k: v for k, v in params.items() if k != "dataset"})
    split = fitting.stratified_split(data.X, data.binary_target(), 0.25, 0)
    X, y = curves.curve_sample(split.X_train, split.y_train, 0)
    cv = curves.cv_splitter(y, 0)
    folds = cv.get_n_splits()
    grid = curves.curve_grid(models.REGISTRY["logistic_regression"].knob("C"))
    pipeline = models.build_pipeline("logistic_regression", {}, 0)
    print(f"  rows: {len(data.X):,} ({len(split.y_train):,} train; curves on {len(y):,})")
    _, t = timed(lambda: fitting.fit_pipeline(models.build_pipeline("logistic_regression", {}, 0),
                                              split.X_train, split.y_train))
    print(f"  one fit (the headline model)          {t * 1000:8.0f} ms   1 fit")
    _, t = timed(lambda: curves.validation_curve_for(pipeline, X, y, "logistic_regression", "C", grid, cv,
                                                     "accuracy"))
    print(f"  validation curve, cold               {t * 1000:8.0f} ms   {len(grid) * folds} fits "
          f"({len(grid)} values × {folds} folds, n_jobs={curves.N_JOBS})")
    _, t = timed(lambda: curves.learning_curve_for(pipeline, X, y, cv, "accuracy", 0))
    print(f"  learning curve, cold                 {t * 1000:8.0f} ms   {len(curves.LEARNING_SIZES) * folds} fits")
    _, t = timed(lambda: curves.baseline_score(X, y, cv, "accuracy", 0))
    print(f"  random-forest reference, cold        {t * 1000:8.0f} ms   {folds} fits")
    _, t = timed(lambda: regularisation.coefficient_paths(X, y, 0))
    print(f"  L1/L2 paths, cold                    {t * 1000:8.0f} ms   {2 * len(regularisation.PATH_C)} fits")
    fitted = fitting.fit_and_score(data, "logistic_regression", {}, 0)
    if boundary.is_two_dimensional(data.X):
        _, t = timed(lambda: boundary.in_feature_plane(fitted.pipeline, fitted.split, 0))
        extra = "0 fits (the model's own plane)"
    else:
        _, t = timed(lambda: boundary.in_pca_plane("logistic_regression", {}, fitted.split, 0))
        extra = "1 fit (PCA plane)"
    print(f"  decision boundary, cold              {t * 1000:8.0f} ms   {extra}")


def app_moves(params: dict) -> None:
    """AppTest reruns after moving C. Counts: curve pieces computed (cache misses), Pipeline.fit calls
    in this process (the headline model, a PCA-plane boundary), time spent in the learning curve."""
    counts = {"validation": 0, "learning": 0, "learning_fits": 0, "learning_s": 0.0}
    original_v, original_l = curves.validation_curve_for, curves.learning_curve_for
    original_lp = curves.learning_piece
    fits = FitCounter().__enter__()

    def count_v(*a, **k):
        counts["validation"] += 1
        return original_v(*a, **k)

    def count_l(pipeline, X, y, cv, scoring, seed, train_sizes=curves.LEARNING_SIZES, **k):
        counts["learning"] += 1
        counts["learning_fits"] += len(train_sizes) * cv.get_n_splits()
        return original_l(pipeline, X, y, cv, scoring, seed, train_sizes, **k)

    def timed_lp(*a, **k):
        result, t = timed(lambda: original_lp(*a, **k))
        counts["learning_s"] += t
        return result

    curves.validation_curve_for, curves.learning_curve_for, curves.learning_piece = count_v, count_l, timed_lp
    try:
        at, first = timed(lambda: open_page("fitting", params, timeout=900))
        assert not at.exception, at.exception
        print(f"  AppTest first render (cold)          {first * 1000:8.0f} ms")
        new, new_without_learning, again = [], [], []
        for value in MOVES:
            before, fits_before = dict(counts), fits.n
            _, t = timed(lambda v=value: at.select_slider(key="C").set_value(v).run())
            assert not at.exception, at.exception
            learning = counts["learning_s"] - before["learning_s"]
            new.append(t)
            new_without_learning.append(t - learning)
            print(f"  move C -> {value:<6g} (new value)         {t * 1000:8.0f} ms   of which learning curve "
                  f"{learning * 1000:.0f} ms; validation-curve pieces computed: "
                  f"{counts['validation'] - before['validation']}; fits here: {fits.n - fits_before}, "
                  f"learning-curve fits in workers: {counts['learning_fits'] - before['learning_fits']}")
        for value in (1.0, *MOVES, 1.0, *MOVES):
            before, fits_before = dict(counts), fits.n
            _, t = timed(lambda v=value: at.select_slider(key="C").set_value(v).run())
            assert fits.n == fits_before and counts["learning"] == before["learning"]
            again.append(t)
        print(f"  move C to a visited value (warm)     {statistics.median(again) * 1000:8.0f} ms median of "
              f"{len(again)} (min {min(again) * 1000:.0f}, max {max(again) * 1000:.0f}); 0 fits")
        print(f"  move C to a new value                {statistics.median(new) * 1000:8.0f} ms median of {len(new)}; "
              f"without the learning curve {statistics.median(new_without_learning) * 1000:.0f} ms")
    finally:
        curves.validation_curve_for, curves.learning_curve_for, curves.learning_piece = original_v, original_l, original_lp
        fits.__exit__()


def main() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    start_workers()
    for label, params in CONFIGS.items():
        print(f"\n== {label}")
        cold_pieces(params)
        app_moves(params)


if __name__ == "__main__":
    main()
