from tests.conftest import open_page

PAGES = ["", "classification", "imbalance", "fitting", "clustering", "regression", "practice"]


def test_every_page_renders_with_defaults():
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, at.exception)
