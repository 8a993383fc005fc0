from lib import pages
from lib.ui import show
from tests.conftest import open_page

PAGES = [p.url_path for p in pages.PAGES.values()]  # every page of the table, home at ""


def test_every_page_renders_with_defaults():
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, at.exception)


def test_the_maths_pages_link_to_one_another():
    for page in show.MATHS_PAGES:
        linked = {link.proto.page for link in open_page(page).get("page_link")}
        assert set(show.MATHS_PAGES) - {page} <= linked, page
