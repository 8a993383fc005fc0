from lib import pages
from tests.conftest import open_page

PAGES = [p.url_path for p in pages.PAGES.values()]  # every page of the table, home at ""


def test_every_page_renders_with_defaults():
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, at.exception)
