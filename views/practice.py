"""Practice: two questions a day, drills by topic, a timed mock interview, and progress you can save."""
import secrets
from datetime import date

import pandas as pd
import streamlit as st

from lib import practice
from lib.questions import bank
from lib.ui import practice_widgets as widgets
from lib.ui import rehearse
from lib.ui.url import bound

QUESTIONS = bank()
TODAY = date.today()

st.title("Practice")
st.markdown(
    f"{len(QUESTIONS)} interview questions in eight areas, each with the key points a strong answer makes. "
    "Answer out loud first, type the gist, then **Check**: the key points you mentioned are ticked (a rough word "
    "match), and the model answer and the likely follow-up appear. Grade yourself and missed questions come back "
    "sooner. Many questions have an **Open the picture** link to the page that shows the idea."
)
two_tab, drill_tab, mock_tab, progress_tab = widgets.mode_tabs()

with two_tab:
    if two_tab.open:
        st.caption(f"Today's two, {TODAY:%A %d %B %Y}: the same two for everyone all day, from two different "
                   "areas. Come back tomorrow for the next pair — two a day adds up.")
        for question in practice.two_a_day(QUESTIONS, TODAY):
            with st.container(border=True):
                rehearse.question_card(question, "daily")


def _skip(question_id: str) -> None:
    st.session_state["drill_skipped"] = [*st.session_state.get("drill_skipped", []), question_id]


with drill_tab:
    if drill_tab.open:
        left, right = st.columns(2)
        category = bound("practice", "category", {"mode": "Drill"}, container=left)
        difficulty = bound("practice", "difficulty", {"mode": "Drill"}, container=right)
        pool = practice.matching(QUESTIONS, [] if category == "all" else [category],
                                 [] if difficulty == "any" else [difficulty])
        progress = rehearse.progress()
        seed = st.session_state.setdefault("drill_seed", secrets.randbelow(1_000_000))
        queue = practice.drill_order(pool, progress, TODAY, seed)
        skipped = st.session_state.get("drill_skipped", [])
        queue = [q for q in queue if q.id not in skipped] + [q for q in queue if q.id in skipped]
        due = len(practice.review_queue(pool, progress, TODAY))
        st.caption(f"{len(pool)} questions match · {due} due for review · reviews come first, then questions "
                   "you have not seen. Grade a question to move on.")
        if not queue:
            st.info("No question matches this area and difficulty; widen the filter.", icon=":material/filter_alt:")
        else:
            with st.container(border=True):
                rehearse.question_card(queue[0], "drill")
            st.button("Skip for now", key="drill_skip", on_click=_skip, args=(queue[0].id,),
                      icon=":material/skip_next:")


def _start_mock() -> None:
    st.session_state["mock_seed"] = secrets.randbits(32)
    st.session_state["mock_index"] = 0


def _next_mock() -> None:
    st.session_state["mock_index"] = st.session_state.get("mock_index", 0) + 1


with mock_tab:
    if mock_tab.open:
        seed = st.session_state.get("mock_seed")
        if seed is None:
            st.markdown(f"A short interview: {practice.MOCK_LENGTH} questions from different areas, easiest first. "
                        "Each has a visible timer — answer out loud as you would to an interviewer, then check "
                        "and grade yourself.")
            st.button("Start a mock interview", key="mock_start", on_click=_start_mock, type="primary",
                      icon=":material/play_arrow:")
        else:
            sequence = practice.mock_interview(QUESTIONS, seed)
            index = st.session_state.get("mock_index", 0)
            if index < len(sequence):
                question = sequence[index]
                st.progress(index / len(sequence), text=f"Question {index + 1} of {len(sequence)}")
                widgets.thinking_timer(practice.THINKING_SECONDS[question.difficulty], f"{seed}:{index}")
                with st.container(border=True):
                    rehearse.question_card(question, f"mock:{seed}")
                last = "Finish the interview" if index + 1 == len(sequence) else "Next question"
                st.button(last, key="mock_next", on_click=_next_mock, icon=":material/arrow_forward:")
            else:
                st.success("Interview finished. How each answer went:", icon=":material/flag:")
                for question in sequence:
                    grade = st.session_state.get(f"graded:{question.id}")
                    st.markdown(f"- **{practice.GRADE_LABELS.get(grade, 'not graded')}** — {question.question}")
                st.button("Start another", key="mock_again", on_click=_start_mock, icon=":material/replay:")

with progress_tab:
    if progress_tab.open:
        progress = rehearse.progress()
        queue = practice.review_queue(QUESTIONS, progress, TODAY)
        c1, c2, c3 = st.columns(3)
        c1.metric("Answers given", progress.answers, border=True)
        c2.metric("Questions answered", f"{len(progress.records)} of {len(QUESTIONS)}", border=True)
        c3.metric("Due for review", len(queue), border=True)
        rows = pd.DataFrame(practice.by_category(QUESTIONS, progress, TODAY)).drop(columns="category")
        rows.columns = ["Area", "Questions", "Answered", "Knew it", "Partly", "Missed", "Due"]
        st.dataframe(rows, hide_index=True, width="stretch")
        st.caption("Knew it / Partly / Missed count each question's latest self-grade. Missed questions are due "
                   f"again after {practice.REVIEW_GAP} other answers, partly known ones tomorrow, known ones after "
                   "3, 7, 14 and 30 days.")
        st.subheader("Review again")
        waiting = sum(r.box == 0 and not progress.is_due(i, TODAY) for i, r in progress.records.items())
        if waiting:
            st.caption(f"{waiting} missed question(s) will come back after a few more answers.")
        if not queue:
            st.caption("Nothing is due now. Missed questions appear here once they come back.")
        for question in queue[:5]:
            with st.expander(question.question):
                rehearse.question_card(question, "review")
        st.subheader("Save or continue later")
        st.caption("Progress lives in this browser session only. Download it to keep it; upload it to continue.")
        widgets.save_progress(TODAY)
        widgets.load_progress(QUESTIONS)
