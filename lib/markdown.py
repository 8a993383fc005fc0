"""The one way user-controlled text reaches Markdown: `escape`.

URL values, file and column names, class labels, typed answers and progress-file contents
are untrusted. Streamlit renders Markdown (never raw HTML) in st.markdown, captions,
alerts, metric labels and help texts, so a value like `` ` ![i](http://x/p.png) ` ``
would become an image the browser fetches, and `[fix](http://x)` a link inside the app's
own message. `escape` makes such text inert and shows it as the characters it is.
"""
from __future__ import annotations

import re
import unicodedata

# Every character CommonMark or Streamlit's Markdown gives a meaning to (Streamlit adds :colour[…],
# :material/…: icons and $…$ maths).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")
MAX_LENGTH = 80
# GitHub-flavoured Markdown turns bare addresses into links even when every character is escaped; a
# zero-width space inside the marker breaks the match and shows the same characters.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
_BREAK = "\u200b"


def _printable(char: str) -> bool:
    """Drop control and format characters (bidi overrides such as U+202E reorder what is shown)."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cs") or char == " "


def _clean(text: object, limit: int) -> str:
    """Control and bidi characters removed, whitespace runs folded to one space, cut to `limit` (with …)."""
    cleaned = " ".join("".join(c for c in str(text) if _printable(c) or c in "\n\t").split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def escape(text: object, limit: int = MAX_LENGTH) -> str:
    """`text` as inert Markdown: cleaned (see `_clean`), every Markdown special character backslash-escaped,
    bare addresses kept from turning into links."""
    return _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_BREAK, _clean(text, limit)))


def code_span(text: object, limit: int = MAX_LENGTH) -> str:
    """`text` as inline code (a column name, say): cleaned, fenced by more backticks than any run inside it,
    so nothing breaks out of the span (inside code, Markdown has no other special characters)."""
    cleaned = _clean(text, limit)
    longest = max((len(run) for run in re.findall(r"`+", cleaned)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if cleaned.startswith("`") or cleaned.endswith("`") or not cleaned else ""
    return f"{fence}{pad}{cleaned}{pad}{fence}"


def listing(names: list[object], limit: int = 5) -> str:
    """`a, b, c and 4 more`, each name escaped."""
    shown = ", ".join(escape(n, 40) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
