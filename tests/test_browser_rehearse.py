"""In Chromium: answer a live check on the classification page with the page's own number."""
import pytest

from tests.conftest import assert_no_exception, wait_idle
from tests.test_browser_classification import metric

pytestmark = pytest.mark.browser


def test_live_check_on_the_classification_page(page, app_url, shots_dir):
    page.goto(f"{app_url}/classification?dataset=moons&threshold=0.42")
    wait_idle(page)
    precision = metric(page, "Precision")
    check = page.locator("[data-testid='stVerticalBlock']").filter(
        has_text="What is the precision?").last
    check.scroll_into_view_if_needed()
    answer = check.get_by_role("textbox", name="Your answer")
    answer.fill(precision)
    answer.press("Enter")
    wait_idle(page)
    check.get_by_role("button", name="Check").click()
    wait_idle(page)
    assert_no_exception(page)
    feedback = check.locator("[data-testid='stAlertContentSuccess']")
    assert f"Right: {precision}" in feedback.inner_text()
    assert "TP / (TP + FP)" in feedback.inner_text()
    check.screenshot(path=str(shots_dir / "rehearse_live_check_right.png"))

    answer.fill("0.01")
    answer.press("Enter")
    wait_idle(page)
    check.get_by_role("button", name="Check").click()
    wait_idle(page)
    assert "Not quite" in check.locator("[data-testid='stAlertContentError']").inner_text()
