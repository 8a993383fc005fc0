"""Bayes page benchmark: the warm time of each control, and what the pieces cost.

Run from the repository root:  .venv/bin/python bench/bench_bayes.py [--repeats N]
Prints figures (not pass/fail):
- the pieces called directly: the closed form, the natural frequencies, the PPV/NPV curve, and building and
  serialising each figure (the icon array at 1,000 and at 10,000 people);
- AppTest (a whole-script rerun, as the browser does for this page: it has no fragment): the first render, then
  for each control the median warm rerun after moving it (prevalence, sensitivity, specificity, population,
  second_test, second_sensitivity, second_specificity, and a preset button).
Nothing is fitted on this page: there is no model, only closed-form arithmetic.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io as pio  # noqa: E402

from lib import bayes  # noqa: E402
from lib.plots import bayes as plots  # noqa: E402
from lib.ui import cache  # noqa: E402
from tests.conftest import open_page  # noqa: E402

# (widget kind, key, values visited in turn)
MOVES = [
    ("select_slider", "prevalence", (0.001, 0.05, 0.5, 0.01)),
    ("slider", "sensitivity", (0.8, 0.99, 0.9)),
    ("slider", "specificity", (0.999, 0.8, 0.91)),
    ("select_slider", "population", (10_000, 100, 1000)),
    ("toggle", "second_test", (True, False)),
]
SECOND_MOVES = [("slider", "second_sensitivity", (0.99, 0.7, 0.9)), ("slider", "second_specificity", (0.99, 0.7, 0.91))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def timed(fn, repeats: int = 1) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pieces(repeats: int) -> None:
    print("== pieces (median of", repeats, "calls)")
    r = bayes.evaluate(0.01, 0.9, 0.91)
    print(f"  closed form (PPV, NPV, P(+), accuracy)   {ms(timed(lambda: r.values() and bayes.evaluate(0.01, 0.9, 0.91).values(), repeats))}")
    print(f"  natural frequencies (10,000 people)      "
          f"{ms(timed(lambda: bayes.natural_frequencies(10_000, 0.01, 0.9, 0.91), repeats))}")
    print(f"  PPV/NPV curve (241 prevalences, 2 tests) {ms(timed(lambda: bayes.curve(0.9, 0.91, (0.9, 0.91)), repeats))}")
    for population in (1000, 10_000):
        n = bayes.natural_frequencies(population, 0.01, 0.9, 0.91)
        t = timed(lambda n=n: pio.to_json(plots.icon_array(n)), repeats)
        print(f"  icon array at {population:>6,} people, built + JSON {ms(t)}")
    n = bayes.natural_frequencies(1000, 0.01, 0.9, 0.91)
    print(f"  probability tree, built + JSON           {ms(timed(lambda: pio.to_json(plots.probability_tree(r, n)), repeats))}")
    c = bayes.curve(0.9, 0.91, (0.9, 0.91))
    second = bayes.second_update(r, 0.9, 0.91)
    print(f"  PPV/NPV figure, built + JSON             {ms(timed(lambda: pio.to_json(plots.ppv_curve(c, r, second)), repeats))}")


def app(repeats: int) -> None:
    print("\n== AppTest: whole-page reruns (the page has no fragment; nothing is fitted)")
    cache.clear_all()
    start = time.perf_counter()
    at = open_page("bayes")
    assert not at.exception, at.exception
    print(f"  first render (cold caches)               {ms(time.perf_counter() - start)}")
    at.run()
    print(f"  plain rerun, nothing moved               {ms(timed(at.run, repeats))}")

    def move(kind: str, key: str, values: tuple) -> float:
        times = []
        for _ in range(repeats):
            for value in values:
                start = time.perf_counter()
                getattr(at, kind)(key=key).set_value(value).run()
                times.append(time.perf_counter() - start)
                assert not at.exception, at.exception
        return statistics.median(times)

    for kind, key, values in MOVES:
        print(f"  {key:<20} warm move                {ms(move(kind, key, values))}")
    at.toggle(key="second_test").set_value(True).run()
    for kind, key, values in SECOND_MOVES:
        print(f"  {key:<20} warm move (2nd on)      {ms(move(kind, key, values))}")
    times = []
    for _ in range(repeats):
        for preset in bayes.PRESETS:
            start = time.perf_counter()
            at.button(key=f"preset:{preset}").click().run()
            times.append(time.perf_counter() - start)
    print(f"  preset button (writes 5 controls)        {ms(statistics.median(times))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    pieces(max(args.repeats, 20))
    app(args.repeats)


if __name__ == "__main__":
    main()
