"""Widgets bound to the URL, drawn from the URL table, with a notice when a link carries a value we cannot use.

`bound(page, name)` looks the key up in the page's URL table (`lib.links.params_for`)
and draws the widget its kind of value calls for: a selectbox for ids, a
select_slider for grids, a slider or a number input for numbers, a toggle. A page can
only bind keys its table declares. Streamlit's `bind="query-params"` seeds the widget
from the URL, drops values it cannot use and keeps the address bar in step; what it
does not do is tell the user, so `bound` adds a short notice saying what was ignored.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import streamlit as st

from lib import links
from lib.markdown import escape
from lib.params import Choice, Context, Grid, Label, Number, Param, Toggle, url_text

BOUND_KEYS = "_bound_keys"  # session_state: every key bound in this session (tests compare it with the table)


def _link_value(key: str) -> str | None:
    """The URL's value for `key`, but only on the run that first shows the widget."""
    if key in st.session_state:
        return None
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def _same(raw: str, value: Any) -> bool:
    text = raw.strip()
    if text == url_text(value) or text == str(value):
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return False


_collected: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("link_notices", default=None)


def notice_text(key: str, raw: str, expected: str, shown: str) -> str:
    """The notice for a link value the page cannot use; the link's own text goes through `escape`."""
    return (f"The link's value for `{key}` (“{escape(raw, 40)}”) can't be used here (expected {expected}), so "
            f"**{escape(shown, 40)}** is shown instead.")


def _notify(key: str, raw: str, expected: str, shown: str) -> None:
    text = notice_text(key, raw, expected, shown)
    collected = _collected.get()
    if collected is not None:
        collected.append(text)
    else:
        st.warning(text, icon=":material/link_off:")


@contextlib.contextmanager
def notices_at_top(box: Any) -> Iterator[None]:
    """Notices of the widgets drawn inside go to `box` (at the top of the page), not beside widgets the user
    may not see (the sidebar, a collapsed "Model settings")."""
    token = _collected.set([])
    try:
        yield
    finally:
        for text in _collected.get() or []:
            box.warning(text, icon=":material/link_off:")
        _collected.reset(token)


def drop_unread(page: str, context: Context) -> None:
    """Remove URL keys this view does not read (e.g. `n_samples` after falling back from a synthetic set to
    wine), so the address stays the share link of what is shown."""
    table = links.params_for(page, context)
    for key in [k for k in st.query_params if k not in table]:
        del st.query_params[key]


def widget(param: Param, context: Context | None = None, *, container: Any = st, default: Any = None,
           options: Sequence[Any] | None = None, **kwargs: Any) -> Any:
    """Draw `param`'s widget bound to the URL; `default`/`options` override the table's for this view
    (e.g. eps defaults to the data's knee, a positive class is one of the data's classes)."""
    context = context or {}
    domain = param.domain_in(context)
    value = param.default_in(context) if default is None else default
    label, key = param.label or param.name, param.name
    kwargs.setdefault("help", param.help or None)
    st.session_state.setdefault(BOUND_KEYS, set()).add(key)
    raw = _link_value(key)
    common = dict(key=key, bind="query-params", **kwargs)
    if isinstance(domain, (Choice, Label)):
        choices = list(options if options is not None else domain.options)
        if key in st.session_state and st.session_state[key] not in choices:
            st.session_state[key] = value if value in choices else choices[0]  # e.g. a knob of the previous model
        index = choices.index(value) if value in choices else 0
        shown = container.selectbox(label, choices, index=index, **common)
        expected = Choice(tuple(map(str, choices))).expected
    elif isinstance(domain, Grid):
        shown = container.select_slider(label, options=list(domain.values), value=value, format_func=url_text,
                                        **common)
        expected = domain.expected
    elif isinstance(domain, Toggle):
        shown = container.toggle(label, bool(value), **common)
        expected = domain.expected
    elif isinstance(domain, Number) and param.widget == "number":
        # Float-typed underneath on purpose: Streamlit's int number_input crashes (OverflowError) when a
        # link says `seed=inf`; the float one rejects it like any junk.
        typed = container.number_input(label, float(domain.low), float(domain.high), float(value),
                                       float(domain.step), format="%.0f", **common)
        shown = int(round(typed))
        expected = domain.expected
    elif isinstance(domain, Number):
        cast = int if domain.whole else float
        if key in st.session_state and not domain.low <= st.session_state[key] <= domain.high:
            st.session_state[key] = cast(value)  # a range that follows the view (n_components of a smaller dataset)
        shown = container.slider(label, cast(domain.low), cast(domain.high), cast(value), cast(domain.step), **common)
        expected = domain.expected
    else:
        raise TypeError(f"no widget for {domain!r}")
    if raw is not None and not _same(raw, shown):
        _notify(key, raw, expected, url_text(shown))
    return shown


def forget_on_change(marker: str, value: Any, keys: Sequence[str]) -> None:
    """Forget the widgets `keys` when `value` differs from the last run's (e.g. a dataset whose default for
    them differs), so they show the new view's default instead of the old view's state."""
    previous = st.session_state.get(marker, value)
    if previous != value:
        for key in keys:
            st.session_state.pop(key, None)
    st.session_state[marker] = value


def bound(page: str, name: str, context: Context | None = None, **kwargs: Any) -> Any:
    """The widget of key `name` as the page's URL table declares it (KeyError if the page does not read it)."""
    return widget(links.params_for(page, context)[name], context, **kwargs)


def bound_tabs(param: Param) -> list:
    """`st.tabs` bound to the URL under `param` (the practice page's `mode`), with the same notice."""
    st.session_state.setdefault(BOUND_KEYS, set()).add(param.name)
    raw = _link_value(param.name)
    options = list(param.domain_in({}).options)
    if raw is not None and raw not in options:
        _notify(param.name, raw, param.domain_in({}).expected, options[0])
    return st.tabs(options, key=param.name, bind="query-params")


def query() -> Mapping[str, str]:
    return st.query_params.to_dict()
