"""The clustering page in Chromium: move k, see the metrics and the address change; screenshots to look at."""
import re

import plotly
import pytest

from tests.conftest import assert_no_exception, live_charts, rerun_mark, wait_idle, wait_live_charts_drawn

PLOTLY_JS = plotly.offline.get_plotlyjs_version()


def metrics(page) -> dict[str, str]:
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMetric']\").length >= 5",
                           timeout=30_000)
    cards = page.locator("[data-testid='stMetric']")
    values = {}
    for i in range(cards.count()):
        label = cards.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip()
        values[label] = cards.nth(i).locator("[data-testid='stMetricValue']").inner_text().strip()
    return values


def shoot(page, path) -> None:
    page.set_viewport_size({"width": 1400, "height": 3400})  # the app scrolls inside its own container
    wait_idle(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


@pytest.mark.browser
def test_moving_k_changes_the_metrics_and_the_url(page, app_url, shots_dir):
    page.goto(f"{app_url}/clustering?dataset=blobs&n_clusters=3")
    wait_idle(page)
    assert_no_exception(page)
    before = metrics(page)
    assert set(before) >= {"Silhouette", "Davies–Bouldin", "Calinski–Harabasz", "ARI", "NMI"}
    assert all(re.fullmatch(r"-?\d+\.\d{3}", before[k]) for k in ("Silhouette", "ARI")), before
    shoot(page, shots_dir / "clustering_k3.png")

    slider = page.get_by_role("slider", name=re.compile("Number of clusters"))
    slider.focus()
    asked = rerun_mark(page)
    slider.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('n_clusters=4')", timeout=20_000)
    wait_idle(page, after=asked)
    assert_no_exception(page)
    after = metrics(page)
    assert after["Silhouette"] != before["Silhouette"] and after["ARI"] != before["ARI"], (before, after)
    assert float(after["ARI"]) > float(before["ARI"])  # blobs with 4 centres: k = 4 matches them better
    assert "n_clusters=4" in page.url and "dataset=blobs" in page.url
    shoot(page, shots_dir / "clustering_k4.png")
    print(f"screenshots: {shots_dir}")


@pytest.mark.browser
def test_dbscan_view_in_the_browser(page, app_url, shots_dir):
    page.goto(f"{app_url}/clustering?dataset=moons&algorithm=dbscan&noise=0.08&eps=0.25")
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("Choosing eps: the k-distance plot").is_visible()
    values = metrics(page)
    assert values["ARI"] == "1.000", values  # clean moons at this eps: DBSCAN finds both exactly
    assert "eps=0.25" in page.url
    shoot(page, shots_dir / "clustering_dbscan.png")


@pytest.mark.browser
def test_a_k_step_redraws_the_charts_in_place(page, app_url):
    """Moving k re-draws the clusters, the silhouette plot and the choice-of-k marker on the same plots."""
    page.goto(f"{app_url}/clustering?dataset=blobs&n_clusters=3")
    wait_idle(page)
    charts = {"clusters", "silhouette", "choosing_k"}
    wait_live_charts_drawn(page, charts)
    before = live_charts(page)
    assert set(before) == charts and page.locator("[data-testid='stPlotlyChart']").count() == 0
    slider = page.get_by_role("slider", name=re.compile("Number of clusters"))
    slider.focus()
    asked = rerun_mark(page)
    slider.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('n_clusters=4')", timeout=20_000)
    wait_idle(page, after=asked)
    wait_live_charts_drawn(page, charts, before)
    after = live_charts(page)
    assert all(after[name]["same"] and after[name]["updates"] == before[name]["updates"] + 1 for name in charts), \
        (before, after)


@pytest.mark.browser
def test_a_webgl_scatter_loads_the_full_plotly_js_and_is_drawn(page, app_url):
    """Up to SVG_MAX_POINTS markers the charts draw with the cartesian bundle; 5,000 drawn points are a WebGL
    scatter, which only the full plotly.js draws: that chart loads it, the others keep the cartesian one."""
    bundles = []
    page.on("request", lambda r: bundles.append(r.url.rsplit("/", 1)[-1]) if "/plotly-" in r.url else None)
    page.goto(f"{app_url}/clustering?dataset=blobs&n_samples=6000&n_clusters=3")
    wait_idle(page, timeout_ms=120_000)
    assert_no_exception(page)
    wait_live_charts_drawn(page, {"clusters", "silhouette", "choosing_k"})
    clusters = page.locator("[data-testid='live-chart'][data-chart='clusters']")
    assert clusters.locator("canvas.gl-canvas-context").count() == 1  # drawn by WebGL
    assert clusters.locator(".legendtext", has_text="cluster 2").count() == 1
    assert sorted(set(bundles)) == [f"plotly-{PLOTLY_JS}.min.js", f"plotly-cartesian-{PLOTLY_JS}.min.js"], bundles
