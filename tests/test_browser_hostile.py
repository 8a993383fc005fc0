"""In Chromium: hostile text in links, uploads and typed answers never becomes an image, a link or formatting
in the app's own messages, and no request leaves for another host."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from lib import links, pages
from tests.conftest import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser

TRAP = "http://127.0.0.1:8799"  # nothing listens there: any request to it is a leak
HOSTILE = [
    f"` ![i]({TRAP}/img.png) `",
    f"` [Click to fix]({TRAP}/x) `",
    f"<img src={TRAP}/raw.png>",
    "**bold** _it_ :red[alarm] $x^2$",
    "\u202eevil\u202c" + "x" * 300,
]
# Elements the app did not make: media or links pointing at the trap, or formatting made from the text.
FOREIGN_ELEMENTS = """() => [
  ...[...document.querySelectorAll("img, a, iframe, source, video, audio, link")]
      .filter(e => (e.src || e.href || "").includes("8799")),
  ...[...document.querySelectorAll("strong, em, h1, h2, blockquote")]
      .filter(e => ["bold", "it", "alarm"].includes(e.textContent.trim())),
].map(e => e.outerHTML.slice(0, 160))"""


@pytest.fixture
def leaks(page, app_url):
    """Every request the page makes to a host other than the app's."""
    foreign = []
    page.on("request", lambda r: None if r.url.startswith(app_url) or r.url.startswith(("data:", "blob:"))
            else foreign.append(r.url))
    return foreign


def hostile_link(page_id: str, value: str) -> str:
    keys = list(links.params_for(page_id)) or ["mode"]
    return f"{pages.page(page_id).url_path}?{urlencode(dict.fromkeys(keys, value))}"


@pytest.mark.parametrize("page_id", [p.id for p in pages.PAGES.values() if p.id != pages.HOME])
def test_hostile_link_values_are_shown_as_text(page, app_url, shots_dir, leaks, page_id):
    for i, value in enumerate(HOSTILE):
        page.goto(f"{app_url}/{hostile_link(page_id, value)}")
        wait_idle(page, timeout_ms=180_000)
        assert_no_exception(page)
        assert page.evaluate(FOREIGN_ELEMENTS) == [], (page_id, value)
        notices = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
        assert any("can't be used" in n for n in notices), (page_id, value)
        assert not any("\u202e" in n for n in notices)
        if i == 0:
            page.screenshot(path=str(shots_dir / f"hostile-{page_id}.png"), full_page=True)
    assert leaks == []


HOSTILE_CSV = (
    "size,`![c](http://127.0.0.1:8799/col.png)`,label\n"
    + "".join(f"{i},{i % 7},{'![i](http://127.0.0.1:8799/label.png)' if i % 3 else '[phish](http://127.0.0.1:8799)'}\n"
              for i in range(60))
)


def test_hostile_upload_names_and_labels_are_shown_as_text(page, app_url, shots_dir, leaks, tmp_path):
    path = tmp_path / "![f](http__127.0.0.1_8799_file.png).csv"
    path.write_text(HOSTILE_CSV)
    page.goto(f"{app_url}/classification?dataset=upload")
    wait_idle(page)
    page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(str(path))
    page.get_by_text("Positive class:").wait_for(timeout=120_000)  # the upload's run has happened
    wait_idle(page, timeout_ms=120_000)
    assert_no_exception(page)
    assert page.evaluate(FOREIGN_ELEMENTS) == []
    page.screenshot(path=str(shots_dir / "hostile-upload.png"), full_page=True)
    assert leaks == []


def test_hostile_answers_and_progress_files_are_shown_as_text(page, app_url, leaks, tmp_path):
    page.goto(f"{app_url}/practice")
    wait_idle(page)
    box = page.locator("[data-testid='stTextArea'] textarea").first
    box.fill(HOSTILE[0] + HOSTILE[1])
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Check").first.click()
    wait_idle(page)
    assert page.evaluate(FOREIGN_ELEMENTS) == []

    page.get_by_role("tab", name="Progress").click()
    wait_idle(page)
    progress = tmp_path / "![p](http__127.0.0.1_8799_p.png).json"
    progress.write_text(json.dumps({"format": HOSTILE[1], "records": {HOSTILE[0]: 1}}))
    page.locator("input[type='file']").last.set_input_files(str(progress))
    wait_idle(page)
    assert_no_exception(page)
    assert page.evaluate(FOREIGN_ELEMENTS) == []
    assert leaks == []
