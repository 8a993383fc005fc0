"""In Chromium: changing the splitter redraws the fold picture, changes `Mean CV score` and writes the URL; the
link alone restores the view."""
import pytest

from tests.conftest import assert_no_exception, live_charts, rerun_mark, wait_idle, wait_live_charts_drawn

pytestmark = pytest.mark.browser


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.first.locator("[data-testid='stMetricValue']").inner_text()


def fold_picture_rows(page) -> int:
    """Split rows drawn in the fold picture (its y tick labels `Split 1`, `Split 2`, …)."""
    chart = page.locator("[data-testid='live-chart'][data-chart='folds_chart']")
    return chart.locator("g.ytick text", has_text="Split").count()


def test_changing_the_splitter_redraws_the_folds_and_the_mean_cv_score(page, app_url, shots_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/validation?dataset=churn&model=naive_bayes")
    wait_idle(page, timeout_ms=240_000)
    assert_no_exception(page)
    before = metric(page, "Mean CV score")
    wait_live_charts_drawn(page, {"folds_chart"})
    drawn = live_charts(page)
    assert fold_picture_rows(page) == 5
    page.screenshot(path=str(shots_dir / "validation-stratified-kfold.png"))

    asked = rerun_mark(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="Splitter").click()
    page.get_by_role("option", name="time_series_split", exact=True).click()
    wait_idle(page, after=asked, timeout_ms=240_000)
    page.wait_for_function("() => window.location.search.includes('cv=time_series_split')", timeout=30_000)
    assert_no_exception(page)
    after = metric(page, "Mean CV score")
    assert after != before
    wait_live_charts_drawn(page, {"folds_chart"}, drawn)  # the picture of the new splitter, drawn in place
    assert live_charts(page)["folds_chart"]["same"]
    assert fold_picture_rows(page) == 5
    page.screenshot(path=str(shots_dir / "validation-time-series-split.png"))
    print(f"screenshots in {shots_dir}")

    page.reload()  # the link alone restores the splitter and the same numbers
    wait_idle(page, timeout_ms=240_000)
    assert metric(page, "Mean CV score") == after
