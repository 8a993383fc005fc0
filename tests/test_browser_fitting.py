"""In Chromium: moving a complexity knob moves the curve marker, changes the scores and updates the URL."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_exception, live_charts, rerun_mark, wait_idle, wait_live_charts_drawn

pytestmark = pytest.mark.browser

# noise 0.3: a stump underfits (CV 0.78 against 0.90 reached) and a depth-20 tree overfits (gap 0.10); at the
# default noise a depth-20 tree on these moons is a good fit (gap 0.049), which the verdict rightly says
START = "fitting?dataset=moons&n_samples=300&noise=0.3&model=decision_tree&max_depth=1"


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.locator("[data-testid='stMetricValue']").inner_text()


def marker_caption(page) -> str:
    return page.get_by_text(re.compile(r"^Marker at max_depth")).inner_text()


def test_moving_a_knob_moves_the_marker_scores_and_url(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2600})  # the whole lab in one screenshot
    page.goto(f"{app_url}/{START}")
    wait_idle(page, timeout_ms=180_000)
    assert_no_exception(page)
    before = (metric(page, "Train score"), metric(page, "CV validation score"))
    assert "max_depth = 1:" in marker_caption(page)
    expect(page.locator(".legendtext", has_text="max_depth = 1")).to_have_count(1, timeout=30_000)  # the marker's trace
    assert "underfitting" in page.get_by_text(re.compile(r"^Verdict")).first.inner_text()
    page.screenshot(path=str(shots_dir / "fitting-max_depth-1.png"))

    thumb = page.locator("[data-testid='stSlider']").filter(has_text="max_depth").get_by_role("slider")
    thumb.focus()
    asked = rerun_mark(page)
    page.keyboard.press("End")  # the deepest tree
    wait_idle(page, after=asked, timeout_ms=180_000)
    page.wait_for_function("() => window.location.search.includes('max_depth=20')", timeout=30_000)
    assert_no_exception(page)

    assert "max_depth=20" in page.url and "dataset=moons" in page.url
    after = (metric(page, "Train score"), metric(page, "CV validation score"))
    assert after != before and after[0] == "1.000"  # a depth-20 tree memorises its training rows
    assert "max_depth = 20:" in marker_caption(page)
    expect(page.locator(".legendtext", has_text="max_depth = 20")).to_have_count(1, timeout=30_000)
    assert "overfitting" in page.get_by_text(re.compile(r"^Verdict")).first.inner_text()
    page.screenshot(path=str(shots_dir / "fitting-max_depth-20.png"))
    print(f"screenshots in {shots_dir}")

    page.reload()  # the link alone restores the moved knob
    wait_idle(page, timeout_ms=180_000)
    assert (metric(page, "Train score"), metric(page, "CV validation score")) == after


def test_a_knob_step_redraws_the_changed_charts_in_place(page, app_url):
    """A knob step re-draws the charts it changed on the same plot (Plotly.react) and leaves the others alone;
    st.plotly_chart would create every changed chart again, from scratch."""
    page.goto(f"{app_url}/{START}")
    wait_idle(page, timeout_ms=180_000)
    changed, unchanged = {"validation_curve", "boundary", "learning_curve"}, {"poly_fit", "poly_error"}
    wait_live_charts_drawn(page, changed | unchanged)
    before = live_charts(page)
    assert set(before) == changed | unchanged
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # every chart on the page is a live one

    thumb = page.locator("[data-testid='stSlider']").filter(has_text="max_depth").get_by_role("slider")
    thumb.focus()
    asked = rerun_mark(page)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".legendtext", has_text="max_depth = 2")).to_have_count(1, timeout=60_000)
    wait_idle(page, after=asked, timeout_ms=180_000)
    assert_no_exception(page)
    wait_live_charts_drawn(page, changed, before)
    after = live_charts(page)
    assert all(after[name]["same"] and after[name]["drawn"] for name in changed | unchanged), after
    assert all(after[name]["updates"] == before[name]["updates"] + 1 for name in changed), (before, after)
    assert all(after[name]["updates"] == before[name]["updates"] for name in unchanged), (before, after)


def test_the_code_is_sent_once_reproduce_in_code_is_opened(page, app_url):
    """A closed code expander holds no code (an st.code would make the browser load its 1.6 MB highlighter
    on every first view); opening it shows the script of the view on the page."""
    page.goto(f"{app_url}/{START}")
    wait_idle(page, timeout_ms=180_000)
    assert page.locator("[data-testid='stCode']").count() == 0
    page.get_by_text("Reproduce in code", exact=True).click()
    code = page.locator("[data-testid='stCode']")
    expect(code).to_have_count(1, timeout=60_000)
    expect(code).to_contain_text("DecisionTreeClassifier(max_depth=1")
    expect(code).to_contain_text('print(f"CV validation score')
    assert_no_exception(page)
