"""Practice logic: daily pair, drill filters and order, mock interview, spaced repetition, progress files."""
import codecs
import json
from datetime import date, timedelta

import pytest

from lib import practice
from lib.practice import Progress, ProgressError, read_progress
from lib.questions import bank

QUESTIONS = bank()
IDS = [q.id for q in QUESTIONS]
DAY = date(2025, 3, 14)


def test_two_a_day_is_deterministic_by_date_and_spans_two_categories():
    first = practice.two_a_day(QUESTIONS, DAY)
    assert first == practice.two_a_day(QUESTIONS, DAY)
    assert first[0].category != first[1].category
    month = [practice.two_a_day(QUESTIONS, DAY + timedelta(days=i)) for i in range(30)]
    assert len({(a.id, b.id) for a, b in month}) >= 25  # a different pair (almost) every day
    assert len({q.category for pair in month for q in pair}) == 8


def test_two_a_day_needs_two_categories():
    with pytest.raises(ValueError):
        practice.two_a_day([q for q in QUESTIONS if q.category == "maths"], DAY)


def test_matching_filters_by_category_and_difficulty():
    hard_maths = practice.matching(QUESTIONS, ["maths"], ["hard"])
    assert hard_maths and all(q.category == "maths" and q.difficulty == "hard" for q in hard_maths)
    assert len(practice.matching(QUESTIONS)) == len(QUESTIONS)
    both = practice.matching(QUESTIONS, ["maths", "why"], [])
    assert {q.category for q in both} == {"maths", "why"}
    assert practice.matching(QUESTIONS, ["nothing"]) == []


def test_mock_interview_mixes_categories_easiest_first():
    sequence = practice.mock_interview(QUESTIONS, seed=7)
    assert len(sequence) == practice.MOCK_LENGTH
    assert len({q.category for q in sequence}) == practice.MOCK_LENGTH
    ranks = [("easy", "medium", "hard").index(q.difficulty) for q in sequence]
    assert ranks == sorted(ranks)
    assert sequence == practice.mock_interview(QUESTIONS, seed=7)
    assert any(practice.mock_interview(QUESTIONS, seed=s) != sequence for s in range(8, 12))


def test_grades_schedule_reviews_missed_comes_back_soonest():
    p = Progress()
    p = p.grade("bayes-theorem", "missed", DAY).grade("roc-auc", "partly", DAY).grade("dbscan", "knew", DAY)
    assert p.answers == 3 and p.step == 3
    assert p.records["bayes-theorem"].box == 0 and p.records["bayes-theorem"].due == DAY
    assert p.records["roc-auc"].due == DAY + timedelta(days=1)
    assert p.records["dbscan"].due == DAY + timedelta(days=3)
    # missed: due today, but only after REVIEW_GAP further answers in this session
    assert not p.is_due("bayes-theorem", DAY)
    for i in range(practice.REVIEW_GAP):
        p = p.grade(IDS[i], "knew", DAY)
    assert p.is_due("bayes-theorem", DAY)
    assert not p.is_due("roc-auc", DAY) and p.is_due("roc-auc", DAY + timedelta(days=1))
    assert p.latest_grade("bayes-theorem") == "missed" and p.latest_grade("dbscan") == "knew"


def test_knowing_it_again_moves_up_a_box_until_the_top():
    p = Progress()
    boxes = []
    for _ in range(6):
        p = p.grade("dbscan", "knew", DAY)
        boxes.append(p.records["dbscan"].box)
    assert boxes == [2, 3, 4, 5, 5, 5]
    assert p.records["dbscan"].knew == 6
    p = p.grade("dbscan", "missed", DAY)
    assert p.records["dbscan"].box == 0 and p.records["dbscan"].missed == 1


def test_unknown_grade_is_refused():
    with pytest.raises(ValueError):
        Progress().grade("dbscan", "brilliant", DAY)


def test_review_queue_and_drill_order_put_due_reviews_first():
    p = Progress().grade("dbscan", "partly", DAY).grade("bayes-theorem", "missed", DAY)
    tomorrow = DAY + timedelta(days=1)
    queue = practice.review_queue(QUESTIONS, p, tomorrow)
    assert [q.id for q in queue] == ["bayes-theorem", "dbscan"]  # box 0 before box 1
    order = practice.drill_order(QUESTIONS, p, tomorrow, seed=1)
    assert [q.id for q in order[:2]] == ["bayes-theorem", "dbscan"]
    assert len(order) == len(QUESTIONS) and len({q.id for q in order}) == len(QUESTIONS)
    # the same day, nothing is due yet: the first questions are unseen ones, the graded ones come last
    same_day = practice.drill_order(QUESTIONS, p, DAY, seed=1)
    assert {q.id for q in same_day[-2:]} == {"bayes-theorem", "dbscan"}
    assert practice.drill_order(QUESTIONS, Progress(), DAY, 1) != practice.drill_order(QUESTIONS, Progress(), DAY, 2)


def test_by_category_counts_latest_grades():
    p = Progress().grade("bayes-theorem", "missed", DAY).grade("bayes-theorem", "knew", DAY)
    p = p.grade("gradient-descent", "partly", DAY).grade("dbscan", "knew", DAY)
    rows = {r.category: r for r in practice.by_category(QUESTIONS, p, DAY)}
    assert (rows["maths"].answered, rows["maths"].knew, rows["maths"].partly, rows["maths"].missed) == (2, 1, 1, 0)
    assert rows["algorithms"].knew == 1
    assert sum(r.questions for r in rows.values()) == len(QUESTIONS)


# --- export and import ---------------------------------------------------------

def _progress() -> Progress:
    return Progress().grade("bayes-theorem", "missed", DAY).grade("dbscan", "knew", DAY).grade("roc-auc", "partly", DAY)


def test_progress_json_round_trips():
    p = _progress()
    text = practice.progress_json(p, DAY)
    assert read_progress(text.encode(), IDS) == p
    document = json.loads(text)
    assert document["format"] == practice.FORMAT and document["saved"] == "2025-03-14"
    assert document["questions"]["dbscan"] == {"box": 2, "due": "2025-03-17", "after_step": 0,
                                               "last": "2025-03-14", "knew": 1, "partly": 0, "missed": 0}


def test_a_utf8_byte_order_mark_is_accepted():
    """Editors such as Notepad save UTF-8 with a byte-order mark; it is not part of the JSON."""
    assert read_progress(codecs.BOM_UTF8 + practice.progress_json(_progress(), DAY).encode(), IDS) == _progress()


def test_empty_progress_round_trips():
    assert read_progress(practice.progress_json(Progress(), DAY).encode(), IDS) == Progress()


def _document() -> dict:
    return json.loads(practice.progress_json(_progress(), DAY))


def _edited(edit) -> bytes:
    document = _document()
    edit(document)
    return json.dumps(document).encode()


BAD_FILES = {
    "too large": (b"{" + b" " * (practice.MAX_BYTES + 1) + b"}", "at most 256 KB"),
    "not utf-8": ("{}".encode("utf-16"), "not UTF-8"),
    "not json": (b"this is not json", "not valid JSON"),
    "pickle": (b"\x80\x04\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94", "not UTF-8"),
    "truncated": (practice.progress_json(_progress(), DAY).encode()[:50], "not valid JSON"),
    "a list": (b"[1, 2, 3]", "not a progress file"),
    "deep nesting": (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    "duplicate keys": (b'{"format": 1, "format": 2}', "repeats a key"),
    "NaN": (b'{"step": NaN}', "not a valid number"),
    "huge number": (b'{"step": ' + b"9" * 5000 + b"}", "far too large"),
    "wrong format": (_edited(lambda d: d.update(format="something-else")), "`format` must be"),
    "wrong version": (_edited(lambda d: d.update(version=2)), "version 1"),
    "bool version": (_edited(lambda d: d.update(version=True)), "version 1"),
    "extra key": (_edited(lambda d: d.update(evil="x")), "not a progress file"),
    "missing key": (_edited(lambda d: d.pop("step")), "not a progress file"),
    "step as text": (_edited(lambda d: d.update(step="3")), "`step` must be a whole number"),
    "negative step": (_edited(lambda d: d.update(step=-1)), "between 0"),
    "questions a list": (_edited(lambda d: d.update(questions=[])), "`questions` must be an object"),
    "unknown id": (_edited(lambda d: d["questions"].update({"made-up": d["questions"]["dbscan"]})),
                   "unknown question id 'made-up'"),
    "markdown in id": (_edited(lambda d: d["questions"].update({"[x](javascript:alert(1))": 1})),
                       "unknown question id 'xjavascript:alert1'"),
    "box too high": (_edited(lambda d: d["questions"]["dbscan"].update(box=9)), "box` must be between 0 and 5"),
    "box as float": (_edited(lambda d: d["questions"]["dbscan"].update(box=2.0)), "whole number"),
    "box as bool": (_edited(lambda d: d["questions"]["dbscan"].update(box=True)), "whole number"),
    "bad date": (_edited(lambda d: d["questions"]["dbscan"].update(due="2025-13-40")), "YYYY-MM-DD"),
    "date not text": (_edited(lambda d: d["questions"]["dbscan"].update(due=20250314)), "YYYY-MM-DD"),
    "far date": (_edited(lambda d: d["questions"]["dbscan"].update(due="9999-01-01")), "plausible"),
    "record extra key": (_edited(lambda d: d["questions"]["dbscan"].update(note="hi")), "exactly the keys"),
    "record not object": (_edited(lambda d: d["questions"].update(dbscan=3)), "exactly the keys"),
    "no answers": (_edited(lambda d: d["questions"]["dbscan"].update(knew=0)), "records no answers"),
    "count too big": (_edited(lambda d: d["questions"]["dbscan"].update(knew=10**9)), "between 0 and 100000"),
    "saved not a date": (_edited(lambda d: d.update(saved="yesterday")), "`saved` must be a date"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_or_hostile_progress_files_are_rejected_with_a_message(name):
    data, message = BAD_FILES[name]
    with pytest.raises(ProgressError, match=message.replace("(", r"\(").replace("[", r"\[")) as caught:
        read_progress(data, IDS)
    assert len(str(caught.value)) < 300
