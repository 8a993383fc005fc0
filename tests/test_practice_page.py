"""The practice page and the Rehearse panel in AppTest."""
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from lib import practice
from lib.answer_check import check_answer
from lib.questions import bank, by_id, for_page
from lib.ui.rehearse import MISSING, TICKED
from tests.conftest import metric_values, open_page, text_of

QUESTIONS = bank()


def _open(mode: str | None = None, **params) -> AppTest:
    at = open_page("practice", {**({"mode": mode} if mode else {}), **params})
    assert not at.exception
    return at


def _switch(at: AppTest, mode: str) -> AppTest:
    at.session_state["mode"] = mode
    at.run()
    assert not at.exception
    return at


def _headings(at: AppTest) -> list[str]:
    return [m.value.removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")]


def _progress(at: AppTest) -> practice.Progress:
    return at.session_state["practice_progress"]


@pytest.mark.parametrize("mode", [None, *practice.MODES])
def test_every_tab_renders_without_exception(mode):
    _open(mode)


def test_two_a_day_shows_todays_two_questions_with_picture_links():
    at = _open()
    expected = practice.two_a_day(QUESTIONS, date.today())
    assert _headings(at) == [q.question for q in expected]
    assert len(at.text_area) == 2
    urls = [b.proto.url for b in at.get("link_button")]
    assert urls == [q.picture.url for q in expected if q.picture is not None]


def test_check_reveals_key_points_ticked_from_the_answer_then_the_model_answer():
    at = _open()
    question = practice.two_a_day(QUESTIONS, date.today())[0]
    phrase = question.key_points[0].phrasings[0]
    at.text_area[0].input(f"My answer mentions {phrase} and nothing else.").run()
    assert "Model answer" not in text_of(at)
    at.button(key=f"daily:{question.id}:check").click().run()
    text = text_of(at)
    expected = check_answer(f"My answer mentions {phrase} and nothing else.", question.point_phrasings())
    assert f"{TICKED} {question.key_points[0].point}" in text
    assert f"- {TICKED}" not in text and f"- {MISSING}" not in text  # ticks are the markers, not bullets
    assert text.count(TICKED) == expected.ticked < len(question.key_points)
    assert text.count(MISSING) == len(question.key_points) - expected.ticked
    assert question.answer in text and question.follow_up in text
    assert "rough guide" in text


def test_self_grade_updates_progress_and_the_progress_tab():
    at = _open()
    question = practice.two_a_day(QUESTIONS, date.today())[1]
    at.text_area(key=f"daily:{question.id}:answer").input("Some attempt.").run()
    at.button(key=f"daily:{question.id}:check").click().run()
    assert question.answer in text_of(at)
    at.button(key=f"daily:{question.id}:grade:missed").click().run()
    progress = _progress(at)
    assert progress.answers == 1 and progress.latest_grade(question.id) == "missed"
    assert "Last self-grade: Missed" in text_of(at)
    # graded: the card starts blank again, so a question that comes back for review is a real test
    assert question.answer not in text_of(at)
    assert at.text_area(key=f"daily:{question.id}:answer").value == ""
    _switch(at, "Progress")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers given"] == "1"
    assert metrics["Questions answered"] == f"1 of {len(QUESTIONS)}"
    table = at.dataframe[0].value.set_index("Area")
    assert table.loc[question.category_label, "Missed"] == 1
    assert table["Answered"].sum() == 1


def test_drill_filter_shows_only_matching_questions():
    at = _open("Drill", category="maths", difficulty="hard")
    pool = practice.matching(QUESTIONS, ["maths"], ["hard"])
    assert f"{len(pool)} questions match" in text_of(at)
    shown = _headings(at)
    assert len(shown) == 1 and shown[0] in {q.question for q in pool}


def test_drill_moves_on_after_grading_and_skipping():
    at = _open("Drill", category="why")
    first = _headings(at)[0]
    question = next(q for q in QUESTIONS if q.question == first)
    at.button(key=f"drill:{question.id}:check").click().run()
    at.button(key=f"drill:{question.id}:grade:knew").click().run()
    second = _headings(at)[0]
    assert second != first and _progress(at).latest_grade(question.id) == "knew"
    at.button(key="drill_skip").click().run()
    assert _headings(at)[0] not in {first, second}


def test_drill_bad_filter_in_link_gets_a_notice():
    at = _open("Drill", category="astrology")
    assert "can't be used here" in text_of(at)
    assert "questions match" in text_of(at)


def test_bad_mode_in_link_gets_a_notice_and_the_first_tab():
    at = _open("Karaoke")
    assert "value for `mode` (“Karaoke”) can't be used here" in text_of(at)
    assert len(_headings(at)) == 2


def test_mock_interview_runs_a_timed_sequence_to_the_end():
    at = _open("Mock interview")
    at.button(key="mock_start").click().run()
    seed = at.session_state["mock_seed"]
    sequence = practice.mock_interview(QUESTIONS, seed)
    for index, question in enumerate(sequence):
        assert f"Question {index + 1} of {len(sequence)}" in at.get("progress")[0].proto.text
        assert _headings(at) == [question.question]
        assert "to think aloud" in text_of(at)  # the timer's caption; the countdown itself runs in the browser
        if index == 0:
            at.button(key=f"mock:{seed}:{question.id}:check").click().run()
            at.button(key=f"mock:{seed}:{question.id}:grade:partly").click().run()
        at.button(key="mock_next").click().run()
    text = text_of(at)
    assert "Interview finished" in text and f"**Partly** — {sequence[0].question}" in text


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="progress_upload").set_value((name, data, "application/json"))
    at.run()
    assert not at.exception
    return at


def test_uploading_a_saved_file_restores_progress():
    saved = practice.Progress().grade("dbscan", "knew", date.today()).grade("roc-auc", "missed", date.today())
    at = _switch(_open(), "Progress")
    _upload(at, "practice-progress.json", practice.progress_json(saved, date.today()).encode())
    assert "Loaded" in text_of(at) and "2 answers to 2 questions" in text_of(at)
    assert _progress(at) == saved
    at.run()  # the same file is not applied again on later reruns
    assert _progress(at) == saved


def test_loading_a_file_updates_the_progress_metrics_in_the_same_run():
    """The metrics sit above the uploader: they must show the loaded progress at once, not on the next rerun."""
    saved = practice.Progress().grade("dbscan", "knew", date.today()).grade("roc-auc", "missed", date.today())
    at = _switch(_open(), "Progress")
    assert metric_values(at)["Answers given"] == "0"
    _upload(at, "practice-progress.json", practice.progress_json(saved, date.today()).encode())
    shown = metric_values(at)
    assert shown["Answers given"] == "2" and shown["Questions answered"].startswith("2 of ")


def test_a_progress_file_saved_with_a_utf8_bom_is_accepted():
    saved = practice.Progress().grade("dbscan", "knew", date.today())
    at = _switch(_open(), "Progress")
    _upload(at, "notepad.json", b"\xef\xbb\xbf" + practice.progress_json(saved, date.today()).encode())
    assert "Loaded" in text_of(at) and not at.error, [e.value for e in at.error]
    assert _progress(at) == saved


@pytest.mark.parametrize(("data", "message"), [
    (b"not json at all", "not valid JSON"),
    (b'{"format": "x"}', "not a progress file"),
    (b"\x80\x04\x95pickle", "not UTF-8"),
])
def test_bad_upload_gets_a_clear_message_and_keeps_progress(data, message):
    at = _switch(_open(), "Progress")
    _upload(at, "evil[name](x).json", data)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and "can't be used" in errors[0]
    assert "[name]" not in errors[0]  # the file name is shown as plain text
    assert "practice_progress" not in at.session_state  # nothing was loaded


def test_download_button_offers_the_progress_json():
    at = _switch(_open(), "Progress")
    buttons = at.get("download_button")
    assert buttons and "Download progress" in buttons[0].proto.label


# --- the Rehearse panel, as the other pages will use it --------------------------------

def _panel_app(page: str, tp: int, fp: int) -> None:
    from lib import live_checks
    from lib.ui.rehearse import rehearse_panel
    rehearse_panel(page, [live_checks.precision_check(tp, fp, 0.42),
                          live_checks.best_k_check([2, 3, 4], [0.3, 0.6, 0.5]),
                          live_checks.precision_check(0, 0, 0.99)])  # undefined: skipped


def _panel(page: str = "classification", tp: int = 49, fp: int = 8) -> AppTest:
    at = AppTest.from_function(_panel_app, args=(page, tp, fp), default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_rehearse_panel_lists_the_page_questions_with_picture_links():
    at = _panel()
    picker = at.selectbox(key="rehearse:classification:question")
    assert picker.options == [q.question for q in for_page("classification")]
    first = for_page("classification")[0]
    assert at.get("link_button")[0].proto.url == first.picture.url
    assert first.picture.url.startswith("classification?")
    assert len(at.text_input) == 1 and len(at.radio) == 1  # two live checks drawn, the undefined one skipped


def test_rehearse_panel_live_check_feedback_shows_the_formula():
    at = _panel()
    at.text_input(key="live:classification:precision:answer").input("0.86").run()
    at.button(key="live:classification:precision:check").click().run()
    assert "49 / (49 + 8)" in at.success[0].value and "Right" in at.success[0].value
    at.text_input(key="live:classification:precision:answer").input("0.80").run()
    at.button(key="live:classification:precision:check").click().run()
    assert not at.success and "Not quite" in at.error[0].value
    at.radio(key="live:classification:best_k:answer").set_value("3").run()
    at.button(key="live:classification:best_k:check").click().run()
    assert any("Right" in s.value and "k = 3" in s.value for s in at.success)


def test_live_check_feedback_hides_when_the_view_changes():
    """Feedback belongs to the numbers it was given for: a check made on another view is not shown."""
    at = AppTest.from_function(_panel_app, args=("classification", 50, 8))
    at.session_state["live:classification:precision:answer"] = "0.86"
    at.session_state["live:classification:precision:checked"] = "fingerprint-of-another-prompt"
    at.run()
    assert not at.exception and not at.success and not at.error


def test_rehearse_panel_question_card_checks_an_answer():
    at = _panel("clustering")
    question = by_id()[at.selectbox(key="rehearse:clustering:question").value]
    at.text_area(key=f"rehearse:clustering:{question.id}:answer").input(question.answer).run()
    at.button(key=f"rehearse:clustering:{question.id}:check").click().run()
    assert f"{len(question.key_points)} of {len(question.key_points)} key points mentioned" in text_of(at)


def test_missed_question_waits_then_appears_in_the_review_list():
    today = date.today()
    at = _open()
    missed = practice.Progress().grade("bayes-theorem", "missed", today)
    at.session_state["practice_progress"] = missed
    _switch(at, "Progress")
    assert "1 missed question(s) will come back" in text_of(at)
    assert not [e for e in at.expander if e.label == by_id()["bayes-theorem"].question]
    later = missed
    for question_id in ("dbscan", "roc-auc", "kmeans-how"):
        later = later.grade(question_id, "knew", today)
    at.session_state["practice_progress"] = later
    at.run()
    assert [e.label for e in at.expander] == [by_id()["bayes-theorem"].question]
    assert {m.label: m.value for m in at.metric}["Due for review"] == "1"
