"""The interview question bank (TOML data in this folder); links into the pages are `lib.links`.

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

__all__ = [
    "CATEGORIES", "DIFFICULTIES", "BankError", "Category", "KeyPoint", "Picture", "Question",
    "bank", "by_id", "for_page", "load_bank", "picture_params",
]
