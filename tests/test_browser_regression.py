"""In Chromium: turning up one assumption knob changes its own diagnostic, its verdict and the URL; the link
alone restores the view."""
import pytest

from tests.conftest import assert_no_exception, rerun_mark, wait_idle

pytestmark = pytest.mark.browser


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.first.locator("[data-testid='stMetricValue']").inner_text()


def test_turning_up_heteroscedasticity_trips_breusch_pagan_and_writes_the_url(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{app_url}/regression")
    wait_idle(page, timeout_ms=180_000)
    assert_no_exception(page)
    before = {label: metric(page, label) for label in ("Breusch–Pagan p", "Durbin–Watson", "R²")}
    assert float(before["Breusch–Pagan p"]) > 0.05
    assert page.get_by_text("Constant variance: holds").count() == 1
    page.screenshot(path=str(shots_dir / "regression-defaults.png"))

    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Heteroscedasticity").get_by_role("slider")
    thumb.focus()
    asked = rerun_mark(page)
    page.keyboard.press("End")  # the knob at 1: strongly broken
    wait_idle(page, after=asked, timeout_ms=180_000)
    page.wait_for_function("() => window.location.search.includes('heteroscedasticity=1')", timeout=30_000)
    assert_no_exception(page)

    after = {label: metric(page, label) for label in before}
    assert float(after["Breusch–Pagan p"]) < 0.01  # its own diagnostic crosses its threshold
    assert after["Durbin–Watson"] == before["Durbin–Watson"] or abs(float(after["Durbin–Watson"]) - 2) < 0.5
    assert page.get_by_text("Constant variance: violated").count() == 1
    page.screenshot(path=str(shots_dir / "regression-heteroscedasticity-1.png"))
    print(f"screenshots in {shots_dir}")

    page.reload()  # the link alone restores the moved knob and the same numbers
    wait_idle(page, timeout_ms=180_000)
    assert {label: metric(page, label) for label in before} == after
