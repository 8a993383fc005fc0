"""The gradient-descent page in Chromium: raise the learning rate past 2/λmax and watch the metrics, the diverged
state and the address change; the play button animates the path; the link alone restores the view."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_exception, live_charts, rerun_mark, wait_idle, wait_live_charts_drawn

pytestmark = pytest.mark.browser


def metrics(page) -> dict[str, str]:
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMetric']\").length >= 5",
                           timeout=30_000)
    cards = page.locator("[data-testid='stMetric']")
    return {cards.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip():
            cards.nth(i).locator("[data-testid='stMetricValue']").inner_text().strip() for i in range(cards.count())}


def test_raising_the_learning_rate_past_2_over_lambda_max_diverges(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{app_url}/gradient-descent")
    wait_idle(page, timeout_ms=120_000)
    assert_no_exception(page)
    before = metrics(page)
    assert before["Steps to converge"] == "33" and before["2 / λmax"] == "0.2000", before
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)  # plotly.js mounts after the run
    contour_paths = "() => document.querySelector('.js-plotly-plot').querySelectorAll('.contourlayer path').length"
    assert page.evaluate(contour_paths) > 0
    at_step = ("(n) => [...document.querySelectorAll('.js-plotly-plot text')]"
               ".some(e => new RegExp('^step\\\\s+' + n + '$').test(e.textContent.trim()))")
    assert page.evaluate(at_step, 100)  # the slider starts on the last step: the whole path is drawn
    page.locator(".js-plotly-plot").first.get_by_text("Play").click()  # the animation runs in the browser
    page.wait_for_function(f"() => !({at_step})(100)", timeout=10_000)  # it restarts from the first step ...
    page.wait_for_function(f"() => ({at_step})(100)", timeout=30_000)  # ... and plays to the last
    page.wait_for_function(f"() => ({contour_paths})() > 0", timeout=10_000)  # the surface is still drawn
    assert_no_exception(page)
    page.screenshot(path=str(shots_dir / "gradient-descent-defaults.png"))

    charts = live_charts(page)
    rate = page.get_by_role("slider", name=re.compile("Learning rate"))
    rate.focus()
    asked = rerun_mark(page)
    rate.press("ArrowRight")  # 0.15 → 0.2: exactly 2/λmax, it bounces forever
    page.wait_for_function("() => window.location.search.includes('learning_rate=0.2')", timeout=30_000)
    wait_idle(page, after=asked)
    wait_live_charts_drawn(page, {"contour", "loss"}, charts)  # the same two plots, redrawn in place
    assert all(chart["same"] for chart in live_charts(page).values())
    edge = metrics(page)
    assert edge["Steps to converge"] == "—" and edge["Final loss"] != before["Final loss"], edge
    asked = rerun_mark(page)
    rate.press("ArrowRight")  # 0.3: above 2/λmax
    page.wait_for_function("() => window.location.search.includes('learning_rate=0.3')", timeout=30_000)
    wait_idle(page, after=asked)
    expect(page.get_by_text("Diverged at step 10").first).to_be_visible(timeout=60_000)  # the run at 0.3 is shown
    assert_no_exception(page)
    after = metrics(page)
    assert after["Final loss"] == after["Distance to optimum"] == "—", after
    assert not re.search(r"\b(nan|inf)\b", " ".join(after.values()), re.IGNORECASE)
    page.screenshot(path=str(shots_dir / "gradient-descent-diverged.png"))
    print(f"screenshots in {shots_dir}")

    page.reload()  # the link alone restores the view and its numbers
    wait_idle(page, timeout_ms=120_000)
    assert metrics(page) == after
