"""Widgets bound to the URL, with a notice when a link carries a value we cannot use.

Streamlit's `bind="query-params"` already seeds a widget from the URL, drops
values it cannot parse or that fall outside the widget's range, and keeps the
address bar in step with the widget. What it does not do is tell the user; the
`bound_*` helpers add that: if the link asked for something else than what the
widget now shows, a short notice says what was ignored and why.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from lib.models import format_value


def _link_value(key: str) -> str | None:
    """The URL's value for `key`, but only on the run that first shows the widget."""
    if key in st.session_state:
        return None
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def _same(raw: str, value: Any, shown: str) -> bool:
    text = raw.strip()
    if text == shown:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return False


def _notify(key: str, raw: str, expected: str, shown: str) -> None:
    st.warning(
        f"The link's `{key}={raw[:40]}` can't be used here (expected {expected}), so **{shown}** is shown instead.",
        icon=":material/link_off:",
    )


def _bound(widget: str, key: str, expected: str, fmt: Callable[[Any], str],
           container: Any, *args: Any, **kwargs: Any) -> Any:
    """Create `container.<widget>(...)` bound to the URL under `key`; warn if the link's value was not used."""
    raw = _link_value(key)
    value = getattr(container, widget)(*args, key=key, bind="query-params", **kwargs)
    if raw is not None and not _same(raw, value, fmt(value)):
        _notify(key, raw, expected, fmt(value))
    return value


def bound_select(label: str, options: Sequence[Any], key: str, *, default: Any = None, container: Any = st,
                 expected: str | None = None, **kwargs: Any) -> Any:
    """A selectbox whose options are the URL values themselves (ids such as `breast_cancer`)."""
    options = list(options)
    index = options.index(default) if default in options else 0
    expected = expected or "one of " + ", ".join(f"`{o}`" for o in options[:12]) + ("…" if len(options) > 12 else "")
    return _bound("selectbox", key, expected, str, container, label, options, index=index, **kwargs)


def bound_slider(label: str, low: float, high: float, default: float, step: float, key: str, *,
                 container: Any = st, **kwargs: Any) -> Any:
    kind = "a whole number" if isinstance(step, int) else "a number"
    expected = f"{kind} from {format_value(low)} to {format_value(high)} in steps of {format_value(step)}"
    return _bound("slider", key, expected, format_value, container, label, low, high, default, step, **kwargs)


def bound_number(label: str, low: int, high: int, default: int, key: str, *, container: Any = st,
                 **kwargs: Any) -> int:
    """A whole-number input. Float-typed underneath on purpose: Streamlit 1.67's int number_input
    crashes (OverflowError) when a link says `seed=inf`; the float one rejects it like any junk."""
    expected = f"a whole number from {low} to {high}"
    raw = _link_value(key)
    value = container.number_input(label, float(low), float(high), float(default), 1.0, format="%.0f",
                                               key=key, bind="query-params", **kwargs)
    whole = int(round(value))
    if raw is not None and not _same(raw, whole, str(whole)):
        _notify(key, raw, expected, str(whole))
    return whole


def bound_grid(label: str, grid: Sequence[Any], default: Any, key: str, *, container: Any = st,
               **kwargs: Any) -> Any:
    """A select_slider over a fixed grid (log-scale knobs): the URL holds the formatted value, e.g. `C=0.01`."""
    expected = f"one of {format_value(grid[0])}, {format_value(grid[1])}, … {format_value(grid[-1])}"
    return _bound("select_slider", key, expected, format_value, container, label,
                  options=list(grid), value=default, format_func=format_value, **kwargs)


def bound_toggle(label: str, default: bool, key: str, *, container: Any = st, **kwargs: Any) -> bool:
    return _bound("toggle", key, "`true` or `false`", lambda v: str(v).lower(), container, label, default, **kwargs)
