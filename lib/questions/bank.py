"""Load and validate the interview question bank: TOML files in this folder.

The questions are data, not code: a contributor adds one by copying an entry. A file
is named after a category (`<category>.toml`, holding `category = "<its name>"` and
its questions) or after a page (`<page>.toml`, the page's own questions, each with
its own `category = "..."`), then a list of `[[question]]` tables:

    id          unique, lower-case words joined by hyphens
    difficulty  easy | medium | hard
    topics      tags from TOPICS below (what the issue's topic areas are checked against)
    question    what the interviewer asks
    key_points  3–6 tables {point = "the idea", phrasings = ["ways people say it", ...]}
    answer      a concise model answer
    follow_up   the likely next question
    picture     optional {page = "...", params = {...}, look = "what to watch"}:
                the page and URL parameters that set up the view illustrating the answer,
                checked against the page's URL table (`lib/links.py`) when the bank loads

Loading is strict (unknown fields, missing fields, wrong types, duplicate ids all
raise `BankError` naming the file and the question), so a typo fails the tests
rather than silently hiding a question.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lib.answer_check import normalise
from lib.params import Value

FOLDER = Path(__file__).resolve().parent
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    blurb: str
    required_topics: tuple[str, ...]  # the brief's topic areas this category must cover


CATEGORIES: dict[str, Category] = {c.id: c for c in [
    Category("conceptual", "Concepts", "The ideas every answer rests on.",
             ("overfitting", "logistic_vs_tree", "linear_regression_assumptions")),
    Category("maths", "Maths and statistics", "Probability, optimisation and linear algebra behind the models.",
             ("bayes", "gradient_descent", "pca")),
    Category("evaluation", "Model evaluation", "Choosing and reading metrics.",
             ("precision_recall", "roc_auc", "clustering_evaluation", "imbalance")),
    Category("practical", "Practical work", "Preparing data, tuning, and writing it yourself.",
             ("preprocessing", "cross_validation", "leakage", "from_scratch")),
    Category("case_studies", "Case studies", "Whole problems, from framing to production.",
             ("recommendation", "deployment", "churn")),
    Category("algorithms", "Classic algorithms", "How the standard models work and when they fail.",
             ("trees_ensembles", "naive_bayes", "knn", "svm", "kmeans")),
    Category("recent", "Recent topics", "What senior interviews increasingly ask about.",
             ("foundation_models", "edge_ml", "responsible_ai", "interpretability")),
    Category("why", "Why did you choose…", "Defending a decision: metric, model, threshold, method.",
             ("why_choice",)),
]}
TOPICS = frozenset(t for c in CATEGORIES.values() for t in c.required_topics) | {
    "bias_variance", "regularisation", "validation", "probability", "optimisation", "linear_algebra",
    "calibration", "thresholds", "metrics", "feature_engineering", "tuning", "monitoring", "experimentation",
    "clustering", "linear_models", "fairness", "generative", "statistics", "dimensionality",
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ENTRY_FIELDS = {"id", "difficulty", "topics", "question", "key_points", "answer", "follow_up"}
_OPTIONAL_FIELDS = {"picture"}
_LIMITS = {"question": 400, "answer": 1600, "follow_up": 300, "point": 160, "phrasing": 60, "look": 300}


class BankError(ValueError):
    """The bank's data breaks the schema; the message names the file and the question."""


@dataclass(frozen=True)
class KeyPoint:
    point: str
    phrasings: tuple[str, ...]


@dataclass(frozen=True)
class Picture:
    page: str
    params: tuple[tuple[str, Value], ...]
    look: str = ""

    @property
    def url(self) -> str:
        from lib import links  # at use: the page table imports the pages' modules, which import this bank
        return links.link(self.page, dict(self.params))


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    difficulty: str
    topics: tuple[str, ...]
    question: str
    key_points: tuple[KeyPoint, ...]
    answer: str
    follow_up: str
    picture: Picture | None = None

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category].label

    def point_phrasings(self) -> list[tuple[str, tuple[str, ...]]]:
        """What `lib.answer_check.check_answer` takes."""
        return [(k.point, k.phrasings) for k in self.key_points]


def _text(where: str, entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BankError(f"{where}: `{name}` must be non-empty text")
    if len(value) > _LIMITS[name]:
        raise BankError(f"{where}: `{name}` is longer than {_LIMITS[name]} characters")
    return " ".join(value.split())


def _key_point(where: str, raw: Any) -> KeyPoint:
    if not isinstance(raw, dict) or set(raw) != {"point", "phrasings"}:
        raise BankError(f"{where}: each key point needs exactly `point` and `phrasings`")
    phrasings = raw["phrasings"]
    if not isinstance(phrasings, list) or not 1 <= len(phrasings) <= 12:
        raise BankError(f"{where}: `phrasings` must list 1–12 ways of saying the point")
    cleaned = tuple(_text(where, {"phrasing": p}, "phrasing") for p in phrasings)
    if any(not normalise(p) for p in cleaned):
        raise BankError(f"{where}: a phrasing has no words the answer checker can match")
    return KeyPoint(_text(where, raw, "point"), cleaned)


def _picture(where: str, raw: Any) -> Picture:
    if not isinstance(raw, dict) or not {"page", "params"} <= set(raw) <= {"page", "params", "look"}:
        raise BankError(f"{where}: `picture` needs `page` and `params` (and optionally `look`)")
    from lib import links, pages  # at use: the page table imports the pages' modules, which import this bank
    topic_pages = [p.id for p in pages.topic_pages()]
    if raw["page"] not in topic_pages:
        raise BankError(f"{where}: picture page {raw['page']!r} is not one of {', '.join(topic_pages)}")
    params = raw["params"]
    if not isinstance(params, dict) or not all(isinstance(v, (str, int, float)) for v in params.values()):
        raise BankError(f"{where}: picture `params` must map URL keys to single values")
    problems = links.link_problems(raw["page"], params)
    if problems:
        raise BankError(f"{where}: the picture link is not what the page shows: {'; '.join(problems)}")
    look = _text(where, raw, "look") if "look" in raw else ""
    return Picture(raw["page"], tuple(params.items()), look)


def _question(where: str, category: str | None, raw: Any) -> Question:
    if not isinstance(raw, dict):
        raise BankError(f"{where}: each [[question]] must be a table")
    where = f"{where} question {raw.get('id', '?')!r}"
    if category is None:  # a page's file: each question names its category
        category = raw.get("category")
        if category not in CATEGORIES:
            raise BankError(f"{where}: `category` must be one of {', '.join(CATEGORIES)}")
        raw = {k: v for k, v in raw.items() if k != "category"}
    missing, unknown = _ENTRY_FIELDS - set(raw), set(raw) - _ENTRY_FIELDS - _OPTIONAL_FIELDS
    if missing or unknown:
        raise BankError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]) or len(raw["id"]) > 60:
        raise BankError(f"{where}: `id` must be lower-case words joined by hyphens")
    if raw["difficulty"] not in DIFFICULTIES:
        raise BankError(f"{where}: `difficulty` must be one of {', '.join(DIFFICULTIES)}")
    topics = raw["topics"]
    if not isinstance(topics, list) or not topics or not set(topics) <= TOPICS:
        raise BankError(f"{where}: `topics` must be a non-empty list of known tags ({sorted(TOPICS)})")
    points = raw["key_points"]
    if not isinstance(points, list) or not 3 <= len(points) <= 6:
        raise BankError(f"{where}: a question needs 3–6 key points")
    return Question(
        id=raw["id"], category=category, difficulty=raw["difficulty"], topics=tuple(topics),
        question=_text(where, raw, "question"), key_points=tuple(_key_point(where, p) for p in points),
        answer=_text(where, raw, "answer"), follow_up=_text(where, raw, "follow_up"),
        picture=_picture(where, raw["picture"]) if "picture" in raw else None,
    )


def parse_file(path: Path) -> list[Question]:
    """A category's file (`category = ...` at the top) or a page's file (a category on every question)."""
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{where}: not valid TOML ({exc})") from exc
    if path.stem in CATEGORIES:
        if set(data) != {"category", "question"} or data["category"] != path.stem:
            raise BankError(f"{where}: needs `category = \"{path.stem}\"` and a list of [[question]] tables only")
        return [_question(where, path.stem, raw) for raw in data["question"]]
    if set(data) != {"question"}:
        raise BankError(f"{where}: a page's file holds a list of [[question]] tables only")
    return [_question(where, None, raw) for raw in data["question"]]


def load_bank(folder: Path = FOLDER) -> tuple[Question, ...]:
    """Every question of every file in `folder`, validated; category files in category order, then page files."""
    from lib import pages  # at use (see `_picture`)
    files = {p.stem: p for p in folder.glob("*.toml")}
    strays = set(files) - set(CATEGORIES) - set(pages.PAGES)
    if strays:
        raise BankError(f"{', '.join(sorted(strays))}: not a category or page file")
    order = [c for c in CATEGORIES if c in files] + [p for p in pages.PAGES if p in files]
    questions = [q for name in order for q in parse_file(files[name])]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise BankError(f"question id {q.id!r} is used twice")
        seen.add(q.id)
    return tuple(questions)


@cache
def bank() -> tuple[Question, ...]:
    """The shipped bank, loaded once per process."""
    return load_bank()


def by_id() -> dict[str, Question]:
    return {q.id: q for q in bank()}


def for_page(page: str) -> list[Question]:
    """Questions whose picture is on `page`."""
    return [q for q in bank() if q.picture is not None and q.picture.page == page]


def picture_params(question: Question) -> tuple[str, dict[str, Value]] | None:
    """The page and URL parameters the question's "Open the picture" link sets (None: no picture)."""
    if question.picture is None:
        return None
    return question.picture.page, dict(question.picture.params)
