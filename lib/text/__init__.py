"""The words beside the charts, one module per page: explanations and captions built from results.

Kept apart from the computation (which returns numbers) and the pages (which only place
text next to charts), so a sentence can be read, and tested, against the number it states.

User-controlled text (file and column names, URL values) goes into Markdown only through
`escape_markdown` or `code_span`, so it cannot add formatting, links or images to the app's messages.
"""
from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def escape_markdown(text: object) -> str:
    """`text` shown literally in Markdown (Streamlit's too: `:red[...]` directives, `$` maths, HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))


def code_span(text: object) -> str:
    """`text` as inline code: a fence longer than any run of backticks inside, so nothing breaks out."""
    text = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"
