"""Practice page and rehearsal pieces: how long loading, checking and rerunning take.

Run: .venv/bin/python bench/bench_practice.py   (prints figures; not a pass/fail test)
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import practice  # noqa: E402
from lib.answer_check import check_answer  # noqa: E402
from lib.questions import bank, load_bank  # noqa: E402
from tests.fits import FitCounter  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    print(f"bank: parse + validate 8 TOML files ({len(load_bank())} questions): median {ms(timed(load_bank))}")
    questions = bank()
    answers = [(q.answer, q.point_phrasings()) for q in questions]
    per_all = timed(lambda: [check_answer(a, p) for a, p in answers])
    print(f"answer check: all {len(answers)} model answers: median {ms(per_all)} "
          f"({ms(per_all / len(answers))} per answer)")

    progress = practice.Progress()
    for q in questions:
        progress = progress.grade(q.id, "partly", date.today())
    data = practice.progress_json(progress, date.today()).encode()
    ids = [q.id for q in questions]
    print(f"progress file with every question: {len(data) / 1024:.1f} KB, read + validate median "
          f"{ms(timed(lambda: practice.read_progress(data, ids)))}")
    hostile = b"[" * 50_000 + b"]" * 50_000
    print(f"hostile 100 KB nested file rejected in {ms(timed(lambda: _rejects(hostile, ids)))}")

    fits = FitCounter().__enter__()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    start = time.perf_counter()
    at.run()
    at.switch_page("views/practice.py")
    at.run()
    print(f"practice page (AppTest): first run via the router {ms(time.perf_counter() - start)}")
    today = practice.two_a_day(questions, date.today())[0]
    at.text_area(key=f"daily:{today.id}:answer").input(today.answer)
    check = timed(lambda: at.button(key=f"daily:{today.id}:check").click().run())
    print(f"practice page: Check click rerun median {ms(check)}")
    def grade_once() -> float:
        # Grading resets the card (the grade buttons go away), so each timed click follows a fresh Check.
        at.button(key=f"daily:{today.id}:check").click().run()
        start = time.perf_counter()
        at.button(key=f"daily:{today.id}:grade:partly").click().run()
        return time.perf_counter() - start

    grade = statistics.median(grade_once() for _ in range(5))
    print(f"practice page: self-grade click rerun median {ms(grade)}")
    at.session_state["mode"] = "Progress"
    progress_tab = timed(lambda: at.run())
    print(f"practice page: Progress tab rerun median {ms(progress_tab)}")
    print(f"model fits (Pipeline.fit) caused by the practice page: {fits['n']}")


def _rejects(data: bytes, ids: list[str]) -> None:
    try:
        practice.read_progress(data, ids)
    except practice.ProgressError:
        return
    raise AssertionError("accepted a hostile file")


if __name__ == "__main__":
    main()
