"""The interview question bank (TOML data in this folder) and the links into the pages.

    from lib.questions import bank, by_id, for_page, picture_params
"""
from lib.questions.bank import (
    CATEGORIES,
    DIFFICULTIES,
    BankError,
    Category,
    KeyPoint,
    Picture,
    Question,
    bank,
    by_id,
    for_page,
    load_bank,
    picture_params,
)
from lib.questions.links import LINK_PAGES, allowed_keys, link_problems, page_links

__all__ = [
    "CATEGORIES", "DIFFICULTIES", "LINK_PAGES", "BankError", "Category", "KeyPoint", "Picture", "Question",
    "allowed_keys", "bank", "by_id", "for_page", "link_problems", "load_bank", "page_links", "picture_params",
]
