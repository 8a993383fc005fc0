"""Small display helpers shared by the pages: headline metrics, notes, the code expander."""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator, Mapping

import streamlit as st

from lib import pages

UNDEFINED = "—"


def format_metric(value: float | None, digits: int = 3) -> str:
    """Plain decimal (`0.912`), or `—` when the value is undefined."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return UNDEFINED
    return f"{value:.{digits}f}"


def metrics(values: Mapping[str, float | None], helps: Mapping[str, str] | None = None,
            reasons: Mapping[str, str] | None = None, per_row: int = 4) -> None:
    """One `st.metric` per label (the DESIGN.md labels); undefined ones show `—` and their reason."""
    helps, reasons = helps or {}, reasons or {}
    items = list(values.items())
    for start in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, (label, value) in zip(columns, items[start:start + per_row], strict=False):
            help_text = helps.get(label)
            if format_metric(value) == UNDEFINED and label in reasons:
                help_text = f"{reasons[label]} {help_text or ''}".strip()
            column.metric(label, format_metric(value), help=help_text, border=True)
    undefined = [f"**{label}**: {reasons[label]}" for label, v in items
                 if format_metric(v) == UNDEFINED and label in reasons]
    if undefined:
        st.caption("  \n".join(["— means undefined here."] + undefined))


def notes(lines: Iterable[str]) -> None:
    for line in lines:
        st.caption(f"ℹ️ {line}")


REPRODUCE = "reproduce"  # session_state keys of the code expanders: True while open
REPRODUCE_POLYNOMIAL = "reproduce_polynomial"
CODE_EXPANDERS = (REPRODUCE, REPRODUCE_POLYNOMIAL)


def code_expander(label: str, code: str, key: str, caption: str | None = None) -> None:
    """A collapsed expander that shows `code` once opened. The code is sent only while it is open: an
    `st.code` in a closed expander still makes the browser fetch and run its highlighter (1.6 MB of
    JavaScript, ~0.4 s of a first view's main thread, measured on /fitting)."""
    with st.expander(label, icon=":material/code:", key=key, on_change="rerun") as box:
        if box.open:
            if caption:
                st.caption(caption)
            st.code(code, language="python")


def reproduce(code: str) -> None:
    """The 'Reproduce in code' expander every page ends with."""
    code_expander("Reproduce in code", code, REPRODUCE,
                  caption="A self-contained script (scikit-learn, imbalanced-learn, pandas) that rebuilds this "
                          "view's result and prints each headline number as `Label: value`.")


_RAN = "_ran_on_request"  # session_state: the settings run on request in this session


def on_request(key: tuple, label: str, needed: bool = True) -> bool:
    """True when the slow step `key` may run: not `needed`, asked for with the button now, or asked before in
    this session (a button drawn with `label` otherwise)."""
    ran = st.session_state.setdefault(_RAN, set())
    if not needed or key in ran:
        return True
    if st.button(label, key=f"run:{hash(key)}", icon=":material/play_arrow:"):
        ran.add(key)
        return True
    return False


@contextlib.contextmanager
def stop_on_error(*readable: type[Exception]) -> Iterator[None]:
    """Turn the data/model errors a page can meet into a message and stop the page (never a traceback).

    `readable` errors carry a message written for users; any other ValueError comes from a model
    that cannot fit this data.
    """
    try:
        yield
    except readable as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    except ValueError as exc:
        st.error(f"The model could not be trained on this data: {exc}", icon=":material/error:")
        st.stop()


MATHS_PAGES = ("bayes", "gradient-descent", "pca")  # the maths pages, linked to one another


def related_pages(current: str, page_ids: Iterable[str] = MATHS_PAGES) -> None:
    """A row of links to the other pages of a group (titles and icons from the page table)."""
    others = [pages.page(p) for p in page_ids if p != current and p in pages.PAGES]
    if not others:
        return
    st.markdown("**More maths, one slider away**")
    for column, page in zip(st.columns(len(others)), others, strict=True):
        column.page_link(page.view, label=page.title, icon=page.icon)
