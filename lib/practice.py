"""Practice logic: two questions a day, drills, mock interviews, self-grades and a review queue.

Pure functions over the question bank and a small `Progress` value (no Streamlit),
so the page stays thin and everything here is unit-tested.

Spaced repetition is a Leitner box scheme, simple enough to explain in one line:
every self-grade moves a question between boxes 0–5, and box n comes back after
`INTERVAL_DAYS[n]` days. "Missed" drops it to box 0: due again today, after
`REVIEW_GAP` other answers, so it returns within the same session. "Partly" puts
it in box 1 (tomorrow); "knew it" moves it up a box (3, 7, 14, 30 days).

Progress is exported as a small JSON document and read back strictly (see
`read_progress`): it is user-supplied data, so size, structure, types, ranges and
question ids are all checked, and any problem becomes one clear message.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from lib.params import Choice, Param
from lib.questions import CATEGORIES, DIFFICULTIES, Question

GRADES = ("knew", "partly", "missed")
GRADE_LABELS = {"knew": "Knew it", "partly": "Partly", "missed": "Missed"}
INTERVAL_DAYS = (0, 1, 3, 7, 14, 30)  # by Leitner box
MAX_BOX = len(INTERVAL_DAYS) - 1
REVIEW_GAP = 3  # a missed question returns after this many other answers
THINKING_SECONDS = {"easy": 60, "medium": 90, "hard": 120}  # mock-interview timer per question
MOCK_LENGTH = 5

MODES = ("Two a day", "Drill", "Mock interview", "Progress")  # the page's tabs
PARAMS = (
    Param("mode", Choice(MODES), MODES[0], "Mode"),
    Param("category", Choice(("all", *CATEGORIES)), "all", "Area", when=lambda c: c.get("mode") == "Drill",
          help=" · ".join(f"{c.id}: {c.label}" for c in CATEGORIES.values())),
    Param("difficulty", Choice(("any", *DIFFICULTIES)), "any", "Difficulty", when=lambda c: c.get("mode") == "Drill"),
)

FORMAT = "ml-playground-practice-progress"
VERSION = 1
MAX_BYTES = 256 * 1024
_MAX_COUNT = 100_000
_MAX_STEP = 10_000_000
_RECORD_KEYS = {"box", "due", "after_step", "last", *GRADES}
_TOP_KEYS = {"format", "version", "saved", "step", "questions"}


# --- choosing questions ------------------------------------------------------

def _stable_int(text: str) -> int:
    """A hash that is the same in every process (Python's own `hash` is salted per run)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def two_a_day(questions: Sequence[Question], day: date) -> tuple[Question, Question]:
    """Two questions for `day`, from two different categories; the same all day, for everyone."""
    rng = random.Random(_stable_int(f"two-a-day:{day.isoformat()}"))
    categories = sorted({q.category for q in questions})
    if len(categories) < 2:
        raise ValueError("two a day needs questions from at least two categories")
    first, second = rng.sample(categories, 2)
    return (rng.choice([q for q in questions if q.category == first]),
            rng.choice([q for q in questions if q.category == second]))


def matching(questions: Iterable[Question], categories: Iterable[str] = (),
             difficulties: Iterable[str] = ()) -> list[Question]:
    """Questions in any of `categories` and any of `difficulties` (an empty filter allows all)."""
    categories, difficulties = set(categories), set(difficulties)
    return [q for q in questions
            if (not categories or q.category in categories) and (not difficulties or q.difficulty in difficulties)]


def mock_interview(questions: Sequence[Question], seed: int, length: int = MOCK_LENGTH) -> list[Question]:
    """`length` questions from different categories, easiest first, like a real interview's arc."""
    rng = random.Random(_stable_int(f"mock:{seed}"))
    categories = sorted({q.category for q in questions})
    picked = [rng.choice([q for q in questions if q.category == c])
              for c in rng.sample(categories, min(length, len(categories)))]
    return sorted(picked, key=lambda q: DIFFICULTIES.index(q.difficulty))


# --- progress ------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    """One question's history: its Leitner box, when it is due, and how often each grade was given."""

    box: int
    due: date
    after_step: int  # on the due day, not before this many answers in total (spacing within a session)
    last: date
    knew: int = 0
    partly: int = 0
    missed: int = 0

    @property
    def answers(self) -> int:
        return self.knew + self.partly + self.missed

    def count(self, grade: str) -> int:
        return getattr(self, grade)


@dataclass(frozen=True)
class Progress:
    """Everything the practice page remembers: a record per answered question and the answer count."""

    records: Mapping[str, Record] = field(default_factory=dict)
    step: int = 0  # answers given so far

    @property
    def answers(self) -> int:
        return sum(r.answers for r in self.records.values())

    def grade(self, question_id: str, grade: str, today: date) -> Progress:
        """A new Progress with `grade` recorded for `question_id` and its next review scheduled."""
        if grade not in GRADES:
            raise ValueError(f"unknown grade {grade!r}")
        old = self.records.get(question_id)
        if grade == "missed":
            box = 0
        elif grade == "partly":
            box = 1
        else:  # knew it: at least box 2 (three days), one box further each time
            box = min(max((old.box if old else 0) + 1, 2), MAX_BOX)
        step = self.step + 1
        counts = {g: (old.count(g) if old else 0) + (g == grade) for g in GRADES}
        record = Record(box=box, due=today + timedelta(days=INTERVAL_DAYS[box]),
                        after_step=step + REVIEW_GAP if grade == "missed" else 0, last=today, **counts)
        return replace(self, records={**self.records, question_id: record}, step=step)

    def is_due(self, question_id: str, today: date) -> bool:
        record = self.records.get(question_id)
        if record is None:
            return False
        return record.due < today or (record.due == today and self.step >= record.after_step)

    def latest_grade(self, question_id: str) -> str | None:
        """The grade a question's box reflects (box 0 = missed, 1 = partly, higher = knew it)."""
        record = self.records.get(question_id)
        if record is None:
            return None
        return "missed" if record.box == 0 else "partly" if record.box == 1 else "knew"


def review_queue(questions: Sequence[Question], progress: Progress, today: date) -> list[Question]:
    """Questions due for review now, lowest box (most recently missed) first."""
    due = [q for q in questions if progress.is_due(q.id, today)]
    return sorted(due, key=lambda q: (progress.records[q.id].box, progress.records[q.id].due))


def drill_order(questions: Sequence[Question], progress: Progress, today: date, seed: int = 0) -> list[Question]:
    """The drill's queue: due reviews first, then unseen questions (shuffled by `seed`), then the rest by due date."""
    due = review_queue(questions, progress, today)
    due_ids = {q.id for q in due}
    unseen = sorted((q for q in questions if q.id not in progress.records),
                    key=lambda q: _stable_int(f"drill:{seed}:{q.id}"))
    later = sorted((q for q in questions if q.id in progress.records and q.id not in due_ids),
                   key=lambda q: (progress.records[q.id].due, progress.records[q.id].after_step, q.id))
    return due + unseen + later


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    label: str
    questions: int  # in the bank
    answered: int  # distinct questions graded at least once
    knew: int  # latest grade per question
    partly: int
    missed: int
    due: int


def by_category(questions: Sequence[Question], progress: Progress, today: date) -> list[CategoryProgress]:
    rows = []
    for category in CATEGORIES.values():
        ids = [q.id for q in questions if q.category == category.id]
        latest = [progress.latest_grade(i) for i in ids]
        rows.append(CategoryProgress(
            category.id, category.label, len(ids), sum(g is not None for g in latest),
            latest.count("knew"), latest.count("partly"), latest.count("missed"),
            sum(progress.is_due(i, today) for i in ids),
        ))
    return rows


# --- export and import ---------------------------------------------------------

class ProgressError(ValueError):
    """An uploaded progress file cannot be used; the message says why, for the user."""


def progress_json(progress: Progress, today: date) -> str:
    """The progress as a JSON document that `read_progress` accepts."""
    questions = {
        qid: {"box": r.box, "due": r.due.isoformat(), "after_step": r.after_step, "last": r.last.isoformat(),
              **{g: r.count(g) for g in GRADES}}
        for qid, r in sorted(progress.records.items())
    }
    document = {"format": FORMAT, "version": VERSION, "saved": today.isoformat(), "step": progress.step,
                "questions": questions}
    return json.dumps(document, indent=1)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ProgressError("the file repeats a key inside one object, so it is ambiguous.")
    return dict(pairs)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 12:
        raise ProgressError("the file contains a number that is far too large.")
    return int(text)


def _reject_constant(name: str) -> Any:
    raise ProgressError(f"the file contains `{name}`, which is not a valid number here.")


def _shown(value: Any) -> str:
    """User-supplied text quoted in a message: letters, digits and -_.: only, so it cannot format the page."""
    text = "".join(c for c in str(value)[:40] if c.isalnum() or c in "-_.:")
    return f"'{text}'"


def _int(value: Any, where: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProgressError(f"`{where}` must be a whole number, not {type(value).__name__}.")
    if not low <= value <= high:
        raise ProgressError(f"`{where}` must be between {low} and {high}, not {value}.")
    return value


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ProgressError(f"`{where}` must be a date written YYYY-MM-DD.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ProgressError(f"`{where}` must be a date written YYYY-MM-DD, not {_shown(value)}.") from None
    if not 2000 <= parsed.year <= 2200:
        raise ProgressError(f"`{where}` ({value}) is not a plausible date.")
    return parsed


def _record(raw: Any, where: str) -> Record:
    if not isinstance(raw, dict) or set(raw) != _RECORD_KEYS:
        raise ProgressError(f"`{where}` must be an object with exactly the keys {', '.join(sorted(_RECORD_KEYS))}.")
    record = Record(
        box=_int(raw["box"], f"{where}.box", 0, MAX_BOX), due=_date(raw["due"], f"{where}.due"),
        after_step=_int(raw["after_step"], f"{where}.after_step", 0, _MAX_STEP),
        last=_date(raw["last"], f"{where}.last"),
        **{g: _int(raw[g], f"{where}.{g}", 0, _MAX_COUNT) for g in GRADES},
    )
    if record.answers == 0:
        raise ProgressError(f"`{where}` records no answers; questions appear only once they were graded.")
    return record


def read_progress(data: bytes, known_ids: Iterable[str]) -> Progress:
    """Parse an uploaded progress file strictly; raise `ProgressError` with a readable reason.

    Plain `json` only (never pickle); the size is capped before parsing; duplicate keys, NaN/Infinity,
    huge numbers, deep nesting, unknown fields and unknown question ids are all rejected.
    """
    if len(data) > MAX_BYTES:
        raise ProgressError(f"the file is {len(data) / 1024:.0f} KB; a progress file is at most "
                            f"{MAX_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Notepad and some editors add one) is not content
    except UnicodeDecodeError:
        raise ProgressError("the file is not UTF-8 text; choose the .json file this page saved.") from None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=_bounded_int,
                              parse_constant=_reject_constant)
    except ProgressError:
        raise
    except RecursionError:
        raise ProgressError("the file is nested too deeply to be a progress file.") from None
    except ValueError as exc:
        raise ProgressError(f"the file is not valid JSON ({exc.args[0] if exc.args else exc}).") from None
    if not isinstance(document, dict) or set(document) != _TOP_KEYS:
        raise ProgressError("this is JSON but not a progress file: expected the keys "
                            f"{', '.join(sorted(_TOP_KEYS))}.")
    if document["format"] != FORMAT:
        raise ProgressError(f"`format` must be {FORMAT!r}; this file was made by something else.")
    if document["version"] != VERSION or isinstance(document["version"], bool):
        raise ProgressError(f"this page reads progress files of version {VERSION}, not {_shown(document['version'])}.")
    _date(document["saved"], "saved")
    step = _int(document["step"], "step", 0, _MAX_STEP)
    raw_questions = document["questions"]
    if not isinstance(raw_questions, dict):
        raise ProgressError("`questions` must be an object mapping question ids to records.")
    known = set(known_ids)
    unknown = [k for k in raw_questions if k not in known]
    if unknown:
        shown = ", ".join(_shown(k) for k in unknown[:3])
        raise ProgressError(f"unknown question id {shown}{' and more' if len(unknown) > 3 else ''}; "
                            "the file does not belong to this question bank.")
    records = {qid: _record(raw, f"questions.{qid}") for qid, raw in raw_questions.items()}
    return Progress(records, step)
