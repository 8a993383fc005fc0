"""Regression page benchmark: cold and warm cost of an assumption-knob move, and fits per move.

Run from the repository root:  .venv/bin/python bench/bench_regression.py
Prints figures (not pass/fail) at 1,000 and 100,000 synthetic rows:
- the pieces called directly, cold: drawing the data, the split, one fit of the chosen model, the least squares
  diagnostics (OLS, HC3, RESET, Breusch–Pagan, Jarque–Bera, Durbin–Watson, VIF, Cook's distance, pictures) and
  the ridge/lasso paths (only drawn when a regularised model is chosen);
- AppTest: the first render, a knob move to a new value (new data: one fit + the diagnostics), and a move back to
  a visited value (everything cached), for linear regression and for ridge (whose paths follow the data too).
Fits are `Pipeline.fit` calls counted by tests.fits.FitCounter; the paths' estimators are fitted on the
preprocessed rows directly and counted apart.
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

from lib import regression as reg  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402
from tests.fits import FitCounter  # noqa: E402

SIZES = (1_000, 100_000)
MODELS = ("linear_regression", "ridge")
MOVES = (0.5, 1.0, 0.25)  # outliers values visited after the default 0


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def cold_pieces(n: int) -> None:
    (X, y), t_data = timed(lambda: reg.synthetic_table(0, n_samples=n, outliers=0.5))
    split, t_split = timed(lambda: reg.split_rows(X, y, 0.25, 0))
    print(f"  data {t_data * 1000:.0f} ms, split {t_split * 1000:.0f} ms ({len(split.y_train):,} training rows)")
    for model_id in MODELS:
        _, t = timed(lambda m=model_id: reg.metrics_for(reg.fit_model(m, {}, 0, split), split))
        print(f"  one fit + metrics ({model_id:<17}) {t * 1000:8.0f} ms   1 fit")
    _, t = timed(lambda: reg.diagnose(split))
    print(f"  least squares diagnostics           {t * 1000:8.0f} ms   0 model fits (statsmodels OLS + VIF "
          f"regressions)")
    _, t = timed(lambda: reg.regularisation_paths(split))
    print(f"  ridge and lasso paths               {t * 1000:8.0f} ms   {2 * len(reg.PATH_ALPHAS)} estimator fits")


def app_moves(n: int, model_id: str) -> None:
    cache.clear_all()
    with FitCounter() as fits:
        at, first = timed(lambda: open_page("regression", {"n_samples": n, "model": model_id}, timeout=900))
        assert not at.exception, at.exception
        print(f"  [{model_id}] first render (cold)      {first * 1000:8.0f} ms   fits: {fits.n}")
        new = []
        for value in MOVES:
            fits.reset()
            _, t = timed(lambda v=value: at.slider(key="outliers").set_value(v).run())
            assert not at.exception, at.exception
            new.append(t)
            print(f"  [{model_id}] outliers -> {value:<5g} (new)   {t * 1000:8.0f} ms   fits: {fits.n}")
        again = []
        for value in (0.0, *MOVES, 0.0, *MOVES):
            fits.reset()
            _, t = timed(lambda v=value: at.slider(key="outliers").set_value(v).run())
            assert fits.n == 0, fits.n
            again.append(t)
        print(f"  [{model_id}] move to a visited value  {statistics.median(again) * 1000:8.0f} ms median of "
              f"{len(again)} (min {min(again) * 1000:.0f}, max {max(again) * 1000:.0f}); 0 fits")
        print(f"  [{model_id}] move to a new value      {statistics.median(new) * 1000:8.0f} ms median of {len(new)}")


def main() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for n in SIZES:
        print(f"\n== {n:,} rows (synthetic `regression`, outliers knob)")
        cold_pieces(n)
        for model_id in MODELS:
            app_moves(n, model_id)


if __name__ == "__main__":
    main()
