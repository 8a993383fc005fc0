"""The question bank: schema, coverage of the brief's topic areas, and every picture link."""
from pathlib import Path

import pytest

from lib import links, models, pages
from lib.answer_check import check_answer
from lib.links import link_problems
from lib.questions import CATEGORIES, BankError, bank, load_bank, picture_params
from lib.questions.bank import FOLDER

QUESTIONS = bank()
WITH_PICTURE = [q for q in QUESTIONS if q.picture is not None]


def test_at_least_60_questions_with_unique_ids():
    assert len(QUESTIONS) >= 60
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))


def test_every_category_and_topic_area_of_the_brief_is_covered():
    for category in CATEGORIES.values():
        in_category = [q for q in QUESTIONS if q.category == category.id]
        assert len(in_category) >= 5, category.id
        covered = {t for q in in_category for t in q.topics}
        assert set(category.required_topics) <= covered, (category.id, set(category.required_topics) - covered)
    assert {"recommendation", "deployment", "churn"} <= {t for q in QUESTIONS for t in q.topics}
    assert {"easy", "medium", "hard"} == {q.difficulty for q in QUESTIONS}


def test_each_model_answer_mentions_all_of_its_own_key_points():
    """Keeps phrasings realistic: the bank's own answer must tick every point the checker looks for."""
    misses = {}
    for q in QUESTIONS:
        result = check_answer(q.answer, q.point_phrasings())
        if result.ticked != result.total:
            misses[q.id] = [p.point for p in result.points if not p.ticked]
    assert not misses


def test_every_topic_page_has_questions_to_rehearse():
    topic_pages = {p.id for p in pages.topic_pages()}
    assert {q.picture.page for q in WITH_PICTURE} == topic_pages
    for page in topic_pages:
        assert sum(q.picture.page == page for q in WITH_PICTURE) >= 5, page


@pytest.mark.parametrize("question", WITH_PICTURE, ids=lambda q: q.id)
def test_picture_link_uses_only_the_page_controls_with_valid_values(question):
    page, params = picture_params(question)
    assert link_problems(page, params) == []
    if "dataset" in params:
        assert params["dataset"] in pages.page(page).dataset_ids()
    if "model" in params:
        spec = models.REGISTRY[params["model"]]
        for knob in spec.knobs:
            if knob.name in params:
                assert knob.coerce(params[knob.name]) == params[knob.name]  # on the grid, not snapped
    assert question.picture.url.startswith(f"{page}?") or question.picture.url == page


def test_link_problems_catches_what_a_page_would_ignore():
    assert link_problems("classification", {"threshold": 0.3}) == []
    assert link_problems("classification", {"minority": 0.1})  # imbalance-only key
    assert link_problems("clustering", {"model": "svm"})  # clustering has no model picker
    assert link_problems("imbalance", {"dataset": "iris"})  # multiclass set not offered there
    assert link_problems("fitting", {"model": "svm", "max_depth": 3})  # knob of another model
    assert link_problems("fitting", {"model": "svm", "C": 0.3})  # not on log_grid(-4, 4)
    assert link_problems("fitting", {"model": "logistic_regression", "l1_ratio": 0.5})  # needs elasticnet
    assert link_problems("classification", {"threshold": 1.5})
    assert link_problems("clustering", {"dataset": "blobs", "centers": 11})  # generator range 2–10
    assert link_problems("clustering", {"algorithm": "spectral"})
    assert link_problems("imbalance", {"minority": 0.03})  # not one of the page's minority shares
    assert link_problems("clustering", {"eps": 0.33})  # not on the eps grid
    assert link_problems("fitting", {"degree": 40})
    assert link_problems("imbalance", {"minority": 0.02, "resampler": "smote"}) == []
    assert link_problems("nowhere", {}) == ["unknown page 'nowhere'"]


def test_the_pages_own_keys_are_valid_in_links():
    """Keys the old hand-kept copy of the rules lacked: the table has them because the pages bind them."""
    assert link_problems("clustering", {"scale": False, "dataset": "blobs", "anisotropy": 0.5}) == []
    assert link_problems("classification", {"cost_fp": 3, "cost_fn": 7}) == []
    assert link_problems("classification", {"dataset": "wine", "positive": "class_1"}) == []
    assert link_problems("imbalance", {"sweep_resampler": True}) == []
    assert link_problems("fitting", {"model": "knn", "curve_param": "n_neighbors"}) == []
    assert link_problems("fitting", {"model": "knn", "curve_param": "C"})  # not a knob of knn
    assert link_problems("clustering", {"anisotropy": 0.5})  # only read for blobs
    assert link_problems("classification", {"positive": "1"})  # breast_cancer is binary: no positive picker


def test_links_are_written_as_the_widgets_write_the_url():
    assert links.link("imbalance", {"minority": 0.02, "resampler": "none"}) == \
        "imbalance?minority=0.02&resampler=none"
    assert links.link("fitting", {"model": "naive_bayes", "var_smoothing": 1e-9}) == \
        "fitting?model=naive_bayes&var_smoothing=1e-09"
    assert links.link("clustering", {}) == "clustering"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD_ENTRY = '''
[[question]]
id = "q-one"
difficulty = "easy"
topics = ["overfitting"]
question = "Q?"
answer = "A."
follow_up = "F?"
key_points = [{ point = "p1", phrasings = ["one"] }, { point = "p2", phrasings = ["two"] }, { point = "p3", phrasings = ["three"] }]
'''


def test_a_minimal_valid_file_loads(tmp_path):
    questions = load_bank(_write(tmp_path, "conceptual", 'category = "conceptual"\n' + GOOD_ENTRY))
    assert [q.id for q in questions] == ["q-one"] and questions[0].category == "conceptual"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace('difficulty = "easy"', 'difficulty = "trivial"'), "difficulty"),
    (lambda t: t.replace('follow_up = "F?"\n', ""), "missing"),
    (lambda t: t.replace('follow_up = "F?"', 'follow_up = "F?"\nfollowup = "typo"'), "unknown"),
    (lambda t: t.replace('id = "q-one"', 'id = "Q One"'), "id"),
    (lambda t: t.replace('topics = ["overfitting"]', 'topics = ["astrology"]'), "topics"),
    (lambda t: t.replace(', { point = "p3", phrasings = ["three"] }', ""), "3–6 key points"),
    (lambda t: t.replace('["one"]', '["!!!"]'), "no words"),
    (lambda t: t + 'picture = { page = "nowhere", params = {} }\n', "picture page"),
    (lambda t: t + GOOD_ENTRY, "used twice"),
    (lambda t: t.replace('answer = "A."', 'answer = "A."\nanswer = "B."'), "not valid TOML"),
])
def test_schema_violations_are_rejected_with_a_message(tmp_path, change, message):
    with pytest.raises(BankError, match=message):
        load_bank(_write(tmp_path, "conceptual", 'category = "conceptual"\n' + change(GOOD_ENTRY)))


def test_file_must_be_a_known_category_named_after_itself(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(BankError, match="not a category or page file"):
        load_bank(_write(tmp_path / "a", "gossip", 'category = "gossip"\n' + GOOD_ENTRY))
    with pytest.raises(BankError, match='category = "maths"'):
        load_bank(_write(tmp_path / "b", "maths", 'category = "conceptual"\n' + GOOD_ENTRY))


def test_the_shipped_folder_has_one_file_per_category_and_per_page_at_most():
    stems = {p.stem for p in FOLDER.glob("*.toml")}
    assert set(CATEGORIES) <= stems <= set(CATEGORIES) | set(pages.PAGES)


def test_a_page_file_names_a_category_on_each_question(tmp_path):
    entry = GOOD_ENTRY.replace('id = "q-one"', 'id = "q-one"\ncategory = "practical"')
    questions = load_bank(_write(tmp_path, "fitting", entry))
    assert questions[0].category == "practical"
    with pytest.raises(BankError, match="category"):
        load_bank(_write(tmp_path, "fitting", GOOD_ENTRY))


def test_a_picture_the_page_would_not_show_is_rejected_on_load(tmp_path):
    bad = GOOD_ENTRY + 'picture = { page = "imbalance", params = { minority = 0.03 } }\n'
    with pytest.raises(BankError, match="minority"):
        load_bank(_write(tmp_path, "conceptual", 'category = "conceptual"\n' + bad))
