"""Gradient-descent page benchmark: the cost of one optimisation and one contour grid, and the warm rerun time
of every control (AppTest).

Run from the repository root:  .venv/bin/python bench/bench_gradient_descent.py
Prints figures (not pass/fail):
- the pieces called directly, cold: one run of 500 steps per surface and optimiser, one contour grid per surface
  (the logistic surface loads the data and fits scikit-learn once per process);
- AppTest: the first render, then for each control a move to a new value (one optimisation, perhaps a grid) and
  the median of moves between two visited values (everything cached: the warm time).
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

from lib import gradient_descent as gd  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402

# (widget kind, key, the view it is moved in, the two values visited)
CONTROLS = [
    ("selectbox", "surface", {}, ("rosenbrock", "quadratic")),
    ("selectbox", "optimizer", {}, ("adam", "gd")),
    ("select_slider", "learning_rate", {}, (0.05, 0.15)),
    ("slider", "momentum", {"optimizer": "momentum"}, (0.5, 0.9)),
    ("slider", "steps", {}, (500, 100)),
    ("select_slider", "batch_size", {"surface": "logistic", "optimizer": "sgd", "learning_rate": 0.5}, (128, 16)),
    ("slider", "condition", {}, (50, 10)),
    ("slider", "start_x", {}, (2.0, -1.5)),
    ("slider", "start_y", {}, (-2.5, 2.0)),
]
REPEATS = 4


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def cold_pieces() -> None:
    _, t = timed(lambda: gd._surface(gd.surface_code(gd.Setting(surface=gd.LOGISTIC))))
    print(f"  logistic surface: load breast_cancer + scikit-learn fit, once per process  {t * 1000:7.0f} ms")
    for surface in gd.SURFACES:
        for optimizer in gd.optimizers_for(surface):
            setting = gd.Setting(surface=surface, optimizer=optimizer, learning_rate=0.01, steps=gd.MAX_STEPS)
            _, t = timed(lambda s=setting: gd.run(s))
            print(f"  run {surface:<10} {optimizer:<9} {gd.MAX_STEPS} steps  {t * 1000:7.1f} ms")
        _, t = timed(lambda s=surface: gd.contour(gd.Setting(surface=s, start_x=0.3)))
        print(f"  contour grid {surface:<10} 50×50      {t * 1000:7.1f} ms")


def move(at, kind: str, key: str, value) -> float:
    """One move of a control and the rerun it causes, in seconds."""
    _, t = timed(lambda: getattr(at, kind)(key=key).set_value(value).run())
    assert not at.exception, at.exception
    return t


def control_moves() -> None:
    cache.clear_all()
    at, first = timed(lambda: open_page("gradient-descent", timeout=300))
    assert not at.exception, at.exception
    print(f"  first render (cold)  {first * 1000:7.0f} ms")
    for kind, key, view, (value, back) in CONTROLS:
        at = open_page("gradient-descent", {k: str(v) for k, v in view.items()},
                       timeout=300)
        new = move(at, kind, key, value)
        warm = [move(at, kind, key, v) for _ in range(REPEATS) for v in (back, value)]
        print(f"  {key:<14} new value {new * 1000:6.0f} ms   warm (visited values) median "
              f"{statistics.median(warm) * 1000:5.0f} ms  (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}, "
              f"{len(warm)} moves)")


def main() -> None:
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print("== the pieces, cold")
    cold_pieces()
    print("\n== AppTest reruns of the whole page per control")
    control_moves()


if __name__ == "__main__":
    main()
