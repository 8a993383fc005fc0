"""In Chromium: a knob of the 2-D cloud changes PC1's explained variance and the URL; turning scaling off on wine
hands PC1 to proline and writes `scale=false`; the link alone restores each view."""
import pytest

from tests.conftest import assert_no_exception, live_charts, rerun_mark, wait_idle, wait_live_charts_drawn

pytestmark = pytest.mark.browser
LABELS = ("PC1 explained variance", "PC2 explained variance", "Cumulative explained variance", "Reconstruction error")


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.first.locator("[data-testid='stMetricValue']").inner_text()


def metrics(page) -> dict[str, str]:
    return {label: metric(page, label) for label in LABELS}


def test_correlation_knob_moves_pc1_and_the_url(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{app_url}/pca")
    wait_idle(page, timeout_ms=180_000)
    assert_no_exception(page)
    before = metrics(page)
    assert before["PC1 explained variance"] == "0.903"
    page.screenshot(path=str(shots_dir / "pca-defaults.png"))

    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Correlation of x1 and x2").get_by_role("slider")
    thumb.focus()
    asked = rerun_mark(page)
    page.keyboard.press("End")  # correlation 0.95: a thin cloud, PC1 takes almost everything
    wait_idle(page, after=asked, timeout_ms=180_000)
    page.wait_for_function("() => window.location.search.includes('correlation=0.95')", timeout=30_000)
    assert_no_exception(page)
    after = metrics(page)
    assert float(after["PC1 explained variance"]) > float(before["PC1 explained variance"]) + 0.05
    assert float(after["Reconstruction error"]) < float(before["Reconstruction error"])
    page.screenshot(path=str(shots_dir / "pca-correlation-0.95.png"))

    page.reload()  # the link alone restores the knob and the numbers
    wait_idle(page, timeout_ms=180_000)
    assert metrics(page) == after


def test_scaling_off_on_wine_writes_the_url_and_hands_pc1_to_proline(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{app_url}/pca?dataset=wine")
    wait_idle(page, timeout_ms=180_000)
    assert_no_exception(page)
    assert metric(page, "PC1 explained variance") == "0.362"
    asked = rerun_mark(page)
    page.locator("[data-testid='stCheckbox']").filter(has_text="Scale features").locator("label").click()
    wait_idle(page, after=asked, timeout_ms=180_000)
    page.wait_for_function("() => window.location.search.includes('scale=false')", timeout=30_000)
    assert_no_exception(page)
    assert metric(page, "PC1 explained variance") == "0.998"
    assert page.get_by_text("which alone holds").count() == 1
    page.screenshot(path=str(shots_dir / "pca-wine-unscaled.png"))
    page.reload()
    wait_idle(page, timeout_ms=180_000)
    assert metric(page, "PC1 explained variance") == "0.998"


def test_a_components_step_redraws_the_scree_and_loadings_in_place(page, app_url):
    page.goto(f"{app_url}/pca?dataset=breast_cancer&n_components=3")
    wait_idle(page, timeout_ms=180_000)
    charts = {"scree", "loadings"}
    wait_live_charts_drawn(page, charts)
    before, shown = live_charts(page), metric(page, "Cumulative explained variance")
    slider = page.locator("[data-testid='stSlider']").filter(has_text="Components kept").get_by_role("slider")
    slider.focus()
    asked = rerun_mark(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('n_components=4')", timeout=30_000)
    wait_idle(page, after=asked)
    assert_no_exception(page)
    wait_live_charts_drawn(page, charts, before)
    after = live_charts(page)
    assert all(after[n]["same"] and after[n]["updates"] == before[n]["updates"] + 1 for n in charts), (before, after)
    assert metric(page, "Cumulative explained variance") != shown
