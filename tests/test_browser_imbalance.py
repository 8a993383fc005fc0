"""The imbalance page in headless Chromium: change the minority share and the resampler, check that
the metrics and the address bar change, and save screenshots."""
from __future__ import annotations

import re

import pytest

from tests.conftest import assert_no_exception, wait_idle
from tests.test_browser_classification import METRIC_JS, metric, wait_for_url

pytestmark = pytest.mark.browser


def wait_for_metric_change(page, label: str, old: str, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(f"([label, old]) => {{ const v = ({METRIC_JS})(label); return v !== null && v !== old; }}",
                           arg=[label, old], timeout=timeout_ms)


def test_minority_share_and_resampler_change_metrics_and_url(page, app_url, shots_dir):
    page.goto(f"{app_url}/imbalance?minority=0.1")
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("The data at 10.1% positives").is_visible()  # 40 of 397 rows: whole rows
    start = {label: metric(page, label) for label in ("Accuracy", "Recall", "PR-AUC", "Always-majority accuracy")}
    page.screenshot(path=str(shots_dir / "imbalance_start.png"), full_page=True)

    # Minority share: key the select slider one step down (0.1 -> 0.05).
    slider = page.locator("[data-testid='stSlider']").filter(has_text="Minority share")
    slider.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_url(page, r"minority=0\.05(&|$)")
    wait_idle(page)
    page.get_by_text(re.compile(r"The data at 5\.\d% positives")).wait_for(timeout=60_000)
    wait_for_metric_change(page, "Always-majority accuracy", start["Always-majority accuracy"])
    assert_no_exception(page)
    at_five = {label: metric(page, label) for label in ("Precision", "Recall", "PR-AUC", "Always-majority accuracy")}
    assert float(at_five["Always-majority accuracy"]) > float(start["Always-majority accuracy"])  # rarer positives
    assert at_five["PR-AUC"] != start["PR-AUC"]
    page.screenshot(path=str(shots_dir / "imbalance_five_percent.png"), full_page=True)

    # Resampler: pick random_over in the select box.
    page.locator("[data-testid='stSelectbox']").filter(has_text="Resampler").click()
    page.get_by_role("option", name="random_over", exact=True).click()
    wait_for_url(page, r"resampler=random_over(&|$)")
    wait_idle(page)
    page.get_by_text("RandomOverSampler", exact=False).first.wait_for(timeout=60_000)
    # Breast cancer at 5%: perfect without resampling; over-sampling shifts scores up and adds false positives.
    wait_for_metric_change(page, "Precision", at_five["Precision"])
    assert_no_exception(page)
    assert "minority=0.05" in page.url and "resampler=random_over" in page.url
    # The before/after caption counts the copies RandomOverSampler added to the training rows.
    assert page.get_by_text(re.compile(r"[1-9][\d,]* copies of existing rows added")).first.is_visible()
    # The test split is untouched by resampling: the majority baseline does not move.
    assert metric(page, "Always-majority accuracy") == at_five["Always-majority accuracy"]
    page.screenshot(path=str(shots_dir / "imbalance_random_over.png"), full_page=True)
