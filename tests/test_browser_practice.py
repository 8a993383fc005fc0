"""In Chromium: the practice page answers, checks, links to a picture, times a mock interview."""
import re

import pytest
from playwright.sync_api import expect

from lib import pages
from lib.questions import bank
from tests.conftest import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


def test_practice_page_check_and_picture_link(page, app_url, shots_dir):
    page.goto(f"{app_url}/practice")
    wait_idle(page)
    assert_no_exception(page)
    cards = page.locator("[data-testid='stTextArea'] textarea")
    expect(cards).to_have_count(2, timeout=30_000)
    headings = [h.strip() for h in page.locator("h4").all_inner_texts()]
    shown = [q for q in bank() if q.question in headings]
    question = next(q for q in shown if q.question == headings[0])
    cards.first.fill(f"First, {question.key_points[0].phrasings[0]}. That is all I would say.")
    cards.first.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Check").first.click()
    wait_idle(page)
    assert_no_exception(page)
    # expect(): the click's rerun may not have been requested yet when wait_idle looks
    expect(page.get_by_text(re.compile(r"Key points — [1-6] of \d key points mentioned")).first).to_be_visible()
    expect(page.get_by_text("Model answer.").first).to_be_visible()
    page.get_by_role("button", name="Partly").first.click()
    wait_idle(page)
    expect(page.get_by_text("Last self-grade: Partly").first).to_be_visible()
    page.screenshot(path=str(shots_dir / "practice-checked.png"), full_page=True)

    links = page.get_by_role("link", name="Open the picture")
    assert links.count() == sum(q.picture is not None for q in shown)
    if links.count():
        href = links.first.get_attribute("href")
        assert href.split("?")[0] in pages.PAGES, href
        with page.context.expect_page() as opened:
            links.first.click()
        picture = opened.value
        picture.wait_for_load_state()
        assert picture.url.startswith(f"{app_url}/{href.split('?')[0]}?"), picture.url  # a new tab on that page
        picture.close()

    page.get_by_role("tab", name="Progress").click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"mode=Progress"))
    expect(page.locator("[data-testid='stMetricValue']").first).to_have_text("1")  # Answers given
    page.screenshot(path=str(shots_dir / "practice-progress.png"), full_page=True)


def test_drill_tab_reaches_the_url_and_mock_timer_counts_down(page, app_url, shots_dir):
    page.goto(f"{app_url}/practice")
    wait_idle(page)
    page.get_by_role("tab", name="Drill").click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"mode=Drill"))
    expect(page.get_by_text("questions match")).to_be_visible()

    page.get_by_role("tab", name="Mock interview").click()
    wait_idle(page)
    page.get_by_role("button", name="Start a mock interview").click()
    expect(page.frame_locator("iframe").first.locator("[data-testid='thinking-timer']")).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    clock = page.frame_locator("iframe").first.locator("[data-testid='thinking-timer']")
    before = clock.inner_text()
    clock.filter(has_not_text=before).wait_for(timeout=10_000)  # the countdown ticks every second
    after = clock.inner_text()
    assert re.match(r"^\d:\d\d$", before) and before != after, (before, after)
    page.screenshot(path=str(shots_dir / "practice-mock.png"), full_page=True)
