"""The "Rehearse" panel and its pieces: question cards, live checks, session progress.

    from lib.ui.rehearse import rehearse_panel
    rehearse_panel("classification", live_checks=[...])   # at the end of a page

A question card shows the question, an **Open the picture** link (a new tab with the
page set up as the question needs), a box for the answer, and **Check**, which ticks
the key points the answer mentions (`lib.answer_check`, a rough word match) and then
reveals the model answer and the follow-up. Self-grades go into this session's
progress (`lib.practice.Progress`), shared with the practice page.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import streamlit as st

from lib import live_checks as lc
from lib import practice
from lib.answer_check import check_answer
from lib.questions import Question, for_page

PROGRESS_KEY = "practice_progress"
# Material icons rather than emoji: they render in every browser (headless Chromium has no emoji font).
TICKED, MISSING = ":green[:material/check_circle:]", ":gray[:material/radio_button_unchecked:]"
MATCHER_NOTE = ("A rough guide: a point is ticked when your answer uses one of its usual phrasings (ignoring case, "
                "punctuation and word endings). It cannot judge whether you used the idea correctly.")


# --- session progress ----------------------------------------------------------

def progress() -> practice.Progress:
    return st.session_state.get(PROGRESS_KEY) or practice.Progress()


def set_progress(value: practice.Progress) -> None:
    st.session_state[PROGRESS_KEY] = value


def _record_grade(question_id: str, grade: str, prefix: str) -> None:
    set_progress(progress().grade(question_id, grade, date.today()))
    st.session_state[f"graded:{question_id}"] = grade
    # When the question comes back for review, it must start blank, not with the answer showing.
    st.session_state.pop(f"{prefix}:checked", None)
    st.session_state.pop(f"{prefix}:answer", None)


# --- question card ---------------------------------------------------------------

def picture_link(question: Question, key: str) -> None:
    """The "Open the picture" button (new tab) and what to look at there."""
    if question.picture is None:
        return
    st.link_button("Open the picture", question.picture.url, icon=":material/open_in_new:", key=key,
                   help=f"Opens the {question.picture.page} page set up for this question, in a new tab.")
    if question.picture.look:
        st.caption(question.picture.look)


def key_points(question: Question, answer: str) -> None:
    result = check_answer(answer, question.point_phrasings())
    st.markdown(f"**Key points** — {result.summary()}" if answer.strip() else
                "**Key points** — nothing typed; compare what you said out loud with this list.")
    # One line per point, the tick as its marker (a Markdown list would draw a bullet before the tick).
    st.markdown("  \n".join(f"{TICKED if p.ticked else MISSING} {p.point}" for p in result.points))
    st.caption(MATCHER_NOTE)


def question_card(question: Question, context: str, *, grading: bool = True, picture: bool = True) -> None:
    """One question to answer: link, answer box, Check (key points, model answer, follow-up), self-grade."""
    prefix = f"{context}:{question.id}"
    st.markdown(f"#### {question.question}")
    st.caption(f"{question.category_label} · {question.difficulty}")
    if picture:
        picture_link(question, f"{prefix}:picture")
    answer = st.text_area("Your answer", key=f"{prefix}:answer", height=120, max_chars=5000,
                          placeholder="Say it out loud first, then type the gist here (or paste a transcript).")
    if st.button("Check", key=f"{prefix}:check", icon=":material/fact_check:"):
        st.session_state[f"{prefix}:checked"] = True
    last = st.session_state.get(f"graded:{question.id}")
    if last and grading:
        st.caption(f"Last self-grade: {practice.GRADE_LABELS[last]}. Your progress is on the Practice page's Progress tab.")
    if not st.session_state.get(f"{prefix}:checked"):
        return
    key_points(question, answer or "")
    st.markdown(f"**Model answer.** {question.answer}")
    st.markdown(f"**Likely follow-up:** {question.follow_up}")
    if grading:
        grade_buttons(question, prefix)


def grade_buttons(question: Question, prefix: str) -> None:
    st.markdown("**How did it go?** Grade yourself honestly: missed questions come back sooner.")
    columns = st.columns(len(practice.GRADES))
    for column, grade in zip(columns, practice.GRADES, strict=True):
        column.button(practice.GRADE_LABELS[grade], key=f"{prefix}:grade:{grade}", on_click=_record_grade,
                      args=(question.id, grade, prefix), width="stretch")


# --- live checks -------------------------------------------------------------------

def live_check(live: lc.LiveCheck, context: str) -> None:
    """A live check: the prompt, an answer widget, Check, and feedback with the worked formula."""
    prefix = f"live:{context}:{live.key}"
    # The numbers change when the view does; feedback only shows for the prompt it was asked about.
    fingerprint = hashlib.sha256(live.prompt.encode()).hexdigest()[:16]
    st.markdown(live.prompt)
    if live.kind == lc.CHOICE:
        answer = st.radio("Your answer", live.choices, index=None, horizontal=True, key=f"{prefix}:answer")
    else:
        answer = st.text_input("Your answer", key=f"{prefix}:answer", max_chars=40, width=320,
                               placeholder="e.g. 0.86, 86% or 49/57",
                               help=f"Accepted within {live.tolerance_text}.")
    if st.button("Check", key=f"{prefix}:check", icon=":material/calculate:"):
        st.session_state[f"{prefix}:checked"] = fingerprint
    if st.session_state.get(f"{prefix}:checked") != fingerprint:
        return
    feedback = lc.check(live, answer)
    show = {True: st.success, False: st.error, None: st.warning}[feedback.correct]
    show(feedback.message, icon={True: ":material/check_circle:", False: ":material/cancel:",
                                 None: ":material/help:"}[feedback.correct])


def live_check_list(checks: Sequence[lc.LiveCheck | None], context: str) -> None:
    for live in (c for c in checks if c is not None):
        with st.container(border=True):
            live_check(live, context)


# --- the panel -----------------------------------------------------------------------

def rehearse_panel(page: str, live_checks: Sequence[lc.LiveCheck | None] = (), *, questions: bool = True) -> None:
    """The page's rehearsal block: live checks on the current view, then its interview questions.
    `questions=False` draws the checks only: a page whose checks rerun with a fragment draws the questions,
    which do not change with the view, after it with `question_panel`."""
    st.subheader("Rehearse", anchor="rehearse")
    st.caption("Explain this page out loud as if in an interview, then check yourself.")
    if any(c is not None for c in live_checks):
        st.markdown("**Check yourself on this view** — the numbers come from what the page shows right now.")
        live_check_list(live_checks, page)
    if questions:
        question_panel(page)


def question_panel(page: str) -> None:
    """The interview questions the page illustrates, one card at a time."""
    questions = for_page(page)
    if not questions:
        return
    st.markdown(f"**Interview questions this page illustrates** ({len(questions)})")
    by_id = {q.id: q for q in questions}
    chosen = st.selectbox("Question", list(by_id), format_func=lambda i: by_id[i].question,
                          key=f"rehearse:{page}:question", label_visibility="collapsed")
    with st.container(border=True):
        question_card(by_id[chosen], f"rehearse:{page}")
