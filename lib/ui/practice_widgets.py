"""Pieces of the practice page: the thinking-aloud timer, the tab choice, saving and loading progress."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import streamlit as st

from lib import practice
from lib.questions import Question
from lib.ui import rehearse
from lib.ui.url import bound_tabs

_UPLOAD_STATE = "practice_upload_result"
_UPLOADER_KEY = "progress_upload"

# Counts down in the browser, so the server does no work while the user talks; a new `token`
# (question) gives a new iframe and restarts the clock. Only numbers are substituted in.
_TIMER = """
<style>
  body { margin: 0; font-family: "Source Sans Pro", sans-serif; color: #31333f; }
  .row { display: flex; align-items: center; gap: 10px; }
  .clock { font-size: 28px; font-variant-numeric: tabular-nums; font-weight: 600; min-width: 86px; }
  .late { color: #D55E00; }
  .note { font-size: 14px; color: #555; flex: 1; }
  button { padding: 4px 10px; border: 1px solid #c9ccd3; border-radius: 6px; background: white; cursor: pointer; }
</style>
<div class="row" data-token="__TOKEN__">
  <span class="clock" id="clock" role="timer" aria-live="off" data-testid="thinking-timer"></span>
  <span class="note" id="note">Think aloud: say your answer as you would in the interview.</span>
  <button id="pause" type="button">Pause</button>
  <button id="restart" type="button">Restart</button>
</div>
<script>
  const total = __SECONDS__;
  let left = total, running = true;
  const clock = document.getElementById("clock"), note = document.getElementById("note");
  function show() {
    const s = Math.abs(left), text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    clock.textContent = (left < 0 ? "+" : "") + text;
    clock.classList.toggle("late", left <= 0);
    if (left <= 0) note.textContent = "Time is up: wrap up in a sentence, then press Check.";
  }
  show();
  setInterval(() => { if (running) { left -= 1; show(); } }, 1000);
  document.getElementById("pause").addEventListener("click", (e) => {
    running = !running; e.target.textContent = running ? "Pause" : "Resume";
  });
  document.getElementById("restart").addEventListener("click", () => {
    left = total; running = true; document.getElementById("pause").textContent = "Pause";
    note.textContent = "Think aloud: say your answer as you would in the interview."; show();
  });
</script>
"""


def thinking_timer(seconds: int, token: str) -> None:
    """A visible countdown for thinking aloud (keeps counting, in orange, past zero)."""
    safe_token = hashlib.sha256(token.encode()).hexdigest()[:12]
    st.iframe(_TIMER.replace("__SECONDS__", str(int(seconds))).replace("__TOKEN__", safe_token), height=48)
    st.caption(f"Timer: {seconds // 60}:{seconds % 60:02d} to think aloud — about what an interviewer allows.")


def mode_tabs() -> list:
    """The page's four tabs, bound to the URL as `mode`; a link with an unknown mode gets a notice."""
    return bound_tabs(practice.PARAMS[0])


def save_progress(today: date) -> None:
    st.download_button(
        "Download progress (JSON)", practice.progress_json(rehearse.progress(), today),
        file_name=f"practice-progress-{today.isoformat()}.json", mime="application/json",
        icon=":material/download:", on_click="ignore", key="progress_download",
    )


def _plain(name: str) -> str:
    """A file name safe to show inside Markdown (it is user-chosen)."""
    return "".join(c for c in name[:60] if c.isalnum() or c in " .-") or "the file"


def _apply_upload(name: str, raw: bytes, known_ids: tuple[str, ...]) -> tuple[str, bool, str]:
    """Read a progress file into this session once per distinct file; the (digest, loaded, message) to show."""
    digest = hashlib.sha256(raw).hexdigest()
    stored = st.session_state.get(_UPLOAD_STATE)
    if stored is None or stored[0] != digest:
        try:
            loaded = practice.read_progress(raw, known_ids)
        except practice.ProgressError as exc:
            stored = (digest, False, f"**{_plain(name)}** can't be used: {exc}")
        else:
            rehearse.set_progress(loaded)
            stored = (digest, True, f"Loaded **{_plain(name)}**: {loaded.answers} answers to "
                                    f"{len(loaded.records)} questions. It replaced this session's progress.")
        st.session_state[_UPLOAD_STATE] = stored
    return stored


def _on_upload(known_ids: tuple[str, ...]) -> None:
    """Runs before the rerun a new file causes, so the Progress metrics drawn above the uploader already show
    the loaded progress in that run."""
    file = st.session_state.get(_UPLOADER_KEY)
    if file is not None:
        _apply_upload(file.name, file.getvalue(), known_ids)


def load_progress(questions: Sequence[Question]) -> None:
    """Upload a saved file to continue; it replaces this session's progress once per distinct file."""
    known_ids = tuple(q.id for q in questions)
    file = st.file_uploader("Continue from a saved progress file", type=["json"], key=_UPLOADER_KEY,
                            max_upload_size=1, on_change=_on_upload, args=(known_ids,),
                            help=f"The .json file saved above, up to "
                            f"{practice.MAX_BYTES // 1024} KB. Read as plain JSON and checked strictly.")
    if file is None:
        return
    _, loaded, message = _apply_upload(file.name, file.getvalue(), known_ids)  # already applied by the callback
    (st.success if loaded else st.error)(message)
