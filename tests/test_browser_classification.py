"""The classification page in headless Chromium: key the threshold slider, a chooser button,
check that a shown metric and the address bar change, and save screenshots."""
from __future__ import annotations

import re

import pytest

from tests.conftest import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


METRIC_JS = """label => {
  const live = document.querySelector(`[data-metric='${label}']`);
  if (live) return live.innerText.trim();
  for (const card of document.querySelectorAll("[data-testid='stMetric']")) {
    const name = card.querySelector("[data-testid='stMetricLabel']");
    if (name && name.innerText.trim() === label) return card.querySelector("[data-testid='stMetricValue']").innerText.trim();
  }
  return null;
}"""


def metric(page, label: str) -> str:
    """A shown number by its label: the live view's `data-metric` value, else an st.metric card (waits for it)."""
    return page.wait_for_function(METRIC_JS, arg=label, timeout=60_000).json_value()


def threshold_thumb(page):
    page.wait_for_selector("[data-testid='threshold-view-slider']", timeout=120_000)
    return page.locator("[data-testid='threshold-view-slider']")


def wait_for_url(page, pattern: str, timeout_ms: int = 20_000) -> None:
    page.wait_for_function("p => new RegExp(p).test(window.location.search)", arg=pattern, timeout=timeout_ms)


def test_keying_the_threshold_updates_metrics_and_url(page, app_url, shots_dir):
    page.goto(f"{app_url}/classification?threshold=0.5")
    wait_idle(page)
    assert_no_exception(page)
    before = {label: metric(page, label) for label in ("Precision", "Recall", "ROC-AUC")}
    page.screenshot(path=str(shots_dir / "classification_before.png"), full_page=True)

    thumb = threshold_thumb(page)
    thumb.focus()
    for _ in range(45):  # 0.50 -> 0.05, one 0.01 step per key press
        page.keyboard.press("ArrowLeft")  # not thumb.press: that waits for the re-rendered thumb every time
    wait_for_url(page, r"threshold=0\.05(&|$)")
    wait_idle(page)
    page.wait_for_function("v => document.querySelector(\"[data-metric='Recall']\").innerText !== v",
                           arg=before["Recall"], timeout=20_000)
    assert_no_exception(page)
    after = {label: metric(page, label) for label in ("Precision", "Recall", "ROC-AUC")}
    assert after["Recall"] != before["Recall"] and after["Precision"] != before["Precision"]
    assert after["ROC-AUC"] == before["ROC-AUC"]  # threshold-free
    assert "threshold=0.05" in page.url
    assert page.get_by_text("Metrics at threshold 0.05").is_visible()
    page.screenshot(path=str(shots_dir / "classification_after_keys.png"), full_page=True)

    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_url(page, r"threshold=0\.06(&|$)")


def test_chooser_button_moves_slider_and_url(page, app_url, shots_dir):
    page.goto(f"{app_url}/classification?dataset=moons&threshold=0.1")
    wait_idle(page)
    recall_before = metric(page, "Recall")
    page.get_by_role("button", name="Max F1").click()
    page.wait_for_selector("[data-testid='stAlertContentSuccess']", timeout=20_000)
    wait_idle(page)
    message = page.locator("[data-testid='stAlertContentSuccess']").inner_text()
    chosen = re.search(r"is at (\d\.\d\d)", message).group(1)
    assert chosen != "0.10"
    wait_for_url(page, rf"threshold={re.escape(chosen.rstrip('0').rstrip('.'))}(&|$)")
    assert page.get_by_text(f"Metrics at threshold {chosen}").is_visible()
    assert metric(page, "Recall") != recall_before or chosen == "0.10"
    assert_no_exception(page)
    page.screenshot(path=str(shots_dir / "classification_max_f1.png"), full_page=True)
