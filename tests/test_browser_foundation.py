"""In Chromium: every page opens, the sidebar's dataset change reaches the URL, the URL restores it."""
import pytest

from lib import pages
from tests.conftest import assert_no_exception, rerun_mark, wait_idle

pytestmark = pytest.mark.browser

PAGES = [p.id for p in pages.PAGES.values() if "churn" in p.dataset_ids()]  # pages that offer the churn table


def other_dataset(path: str) -> str:
    """churn, unless it is the page's default (a default is left out of the URL): then the next offered table."""
    page = pages.PAGES[path]
    return next(d for d in ["churn", *page.dataset_ids()] if d != page.default_dataset)


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label` (Streamlit renders it as a combobox)."""
    asked = rerun_mark(page)
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page, after=asked)


def test_home_and_practice_open(page, app_url, shots_dir):
    for path in ["", "practice"]:
        page.goto(f"{app_url}/{path}")
        wait_idle(page)
        assert_no_exception(page)
        page.screenshot(path=str(shots_dir / f"foundation-{path or 'home'}.png"), full_page=True)
    page.goto(app_url)
    wait_idle(page)
    page.get_by_role("link", name="Imbalance").first.click()
    wait_idle(page)
    assert page.url.rstrip("/").endswith("/imbalance")


@pytest.mark.parametrize("path", PAGES)
def test_dataset_change_reaches_the_url_and_reload_restores_it(page, app_url, shots_dir, path):
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    assert_no_exception(page)
    dataset = other_dataset(path)
    choose(page, "Dataset", dataset)
    assert f"dataset={dataset}" in page.url
    assert_no_exception(page)

    share = page.frame_locator("[data-testid='stSidebar'] iframe").locator("[data-testid='share-link']")
    page.wait_for_function(  # the mirror refreshes every 400 ms
        """url => [...document.querySelectorAll("[data-testid='stSidebar'] iframe")].some(
            f => f.contentDocument && f.contentDocument.querySelector("[data-testid='share-link']")?.value === url)""",
        arg=page.url, timeout=10_000)
    assert share.input_value() == page.url

    page.reload()
    wait_idle(page)
    assert page.get_by_role("combobox", name="Dataset", exact=True).input_value() == dataset
    page.screenshot(path=str(shots_dir / f"foundation-{path}-{dataset}.png"), full_page=True)


def test_seed_in_the_url_is_a_whole_number(page, app_url):
    page.goto(f"{app_url}/classification")
    wait_idle(page)
    seed = page.locator("[data-testid='stSidebar'] [data-testid='stNumberInput'] input").first
    asked = rerun_mark(page)
    seed.fill("7")
    seed.press("Enter")
    wait_idle(page, after=asked)
    assert "seed=7" in page.url and "seed=7.0" not in page.url


def test_bad_link_shows_a_notice_not_a_traceback(page, app_url):
    page.goto(f"{app_url}/classification?dataset=nope&seed=1e999&test_size=2")
    wait_idle(page)
    assert_no_exception(page)
    notices = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
    assert len(notices) >= 3, notices


def test_a_deep_link_as_the_first_request_gets_the_real_app(page):
    """A share link may be the first request a sleeping hosted copy sees: it must still run app.py
    (router, titles, wide layout), not Streamlit's old pages/-folder mode."""
    from tests.conftest import running_app

    with running_app() as fresh:
        page.goto(f"{fresh}/fitting?dataset=moons")
        wait_idle(page)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Over- and underfitting" in nav and "Class imbalance" in nav, nav
        assert page.get_by_role("combobox", name="Dataset", exact=True).input_value() == "moons"
