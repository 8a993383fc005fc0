"""In Chromium: moving the prevalence changes the PPV and the URL; a preset button writes its values to the URL;
the link alone restores the view."""
import pytest

from tests.conftest import assert_no_exception, rerun_mark, wait_idle

pytestmark = pytest.mark.browser


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label))
    return box.first.locator("[data-testid='stMetricValue']").inner_text()


LABELS = ("PPV", "NPV", "P(positive test)", "True positives", "False positives")


def test_moving_the_prevalence_changes_the_ppv_and_the_url(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/bayes")
    wait_idle(page)
    assert_no_exception(page)
    before = {label: metric(page, label) for label in LABELS}
    assert before["PPV"] == "0.092" and before["False positives"] == "89"
    page.screenshot(path=str(shots_dir / "bayes-defaults.png"))

    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Prevalence").get_by_role("slider")
    thumb.focus()
    asked = rerun_mark(page)
    page.keyboard.press("ArrowRight")  # 0.01 -> 0.02, the next grid value
    wait_idle(page, after=asked)
    page.wait_for_function("() => window.location.search.includes('prevalence=0.02')", timeout=30_000)
    assert_no_exception(page)
    after = {label: metric(page, label) for label in LABELS}
    assert after["PPV"] == "0.169" and after["True positives"] == "18"  # 0.018 / (0.018 + 0.0882)
    assert after["PPV"] != before["PPV"]
    page.screenshot(path=str(shots_dir / "bayes-prevalence-0.02.png"))

    page.reload()  # the link alone restores the moved control and the same numbers
    wait_idle(page)
    assert {label: metric(page, label) for label in LABELS} == after


def test_a_preset_writes_the_share_link(page, app_url):
    page.goto(f"{app_url}/bayes")
    wait_idle(page)
    asked = rerun_mark(page)
    page.get_by_role("button", name="Spam filter").click()
    page.wait_for_function("() => window.location.search.includes('prevalence=0.5')", timeout=30_000)
    wait_idle(page, after=asked)
    assert metric(page, "PPV") == "0.990"
    link = page.url
    for part in ("sensitivity=0.95", "specificity=0.99"):
        assert part in link
    page.goto(link)
    wait_idle(page)
    assert metric(page, "PPV") == "0.990" and metric(page, "NPV") == "0.952"
