"""`lib.markdown.escape`: user text shows as the characters it is, never as Markdown."""
import pytest
from markdown_it import MarkdownIt

from lib.markdown import escape, listing

HOSTILE = [
    "` ![i](http://127.0.0.1:8799/seed.png) `", "` [Click to fix](http://127.0.0.1:8799/x) `",
    "<img src=http://127.0.0.1:8799/x.png>", "**bold** _it_ ~~gone~~", ":red[alarm] :material/home:",
    "$x^2$", "# heading", "> quote", "[a]: http://127.0.0.1:8799/ref", "\u202eevil\u202c", "x" * 500,
    "line\nbreak\r\nthere", "\\` back `\\", "http://127.0.0.1:8799/bare", "www.example.com", "me@example.com",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_plain_text(text):
    html = MarkdownIt("commonmark").enable("linkify").render(f"The link's value {escape(text)} can't be used.")
    assert "<img" not in html and "<a " not in html and "<strong" not in html and "<em" not in html
    assert "<code" not in html and "<h1" not in html and "<blockquote" not in html
    assert "\u202e" not in html and len(escape(text)) < 200


def test_plain_words_stay_readable():
    assert escape("class_0") == r"class\_0"
    assert escape("  two   spaces ") == "two spaces"
    assert listing(["a", "b", "c"], 2) == "a, b and 1 more"
