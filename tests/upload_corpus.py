"""Uploads shaped like real files: what people export from spreadsheets, lab notebooks and old Macs.

Each entry is the file's bytes and the target a user would pick. Shared by the lib tests (the script's table is
the page's table) and the page tests (the script prints the page's numbers).
"""
from __future__ import annotations

import codecs

import numpy as np
import pandas as pd


def _csv(frame: pd.DataFrame, sep: str = ",", line_end: str = "\n") -> str:
    return frame.to_csv(index=False, sep=sep, lineterminator=line_end)


def penguins(n: int = 120, blank_sex: int = 11) -> pd.DataFrame:
    """Like Palmer penguins: species, island, four measurements, sex (with blanks) and year; no column is named
    like a target."""
    rng = np.random.default_rng(7)
    species = rng.choice(["Adelie", "Chinstrap", "Gentoo"], n, p=[0.45, 0.2, 0.35])
    size = pd.Series(species).map({"Adelie": 0.0, "Chinstrap": 0.5, "Gentoo": 1.5}).to_numpy()
    sex = rng.choice(["male", "female"], n)
    male = (sex == "male").astype(float)
    frame = pd.DataFrame({
        "species": species,
        "island": rng.choice(["Biscoe", "Dream", "Torgersen"], n),
        "bill_length_mm": np.round(39 + 5 * size + 2.5 * male + rng.normal(0, 2.5, n), 1),
        "bill_depth_mm": np.round(18 - 2 * size + 1.0 * male + rng.normal(0, 1.0, n), 1),
        "flipper_length_mm": np.round(190 + 12 * size + 5 * male + rng.normal(0, 6, n)).astype(int),
        "body_mass_g": np.round(3700 + 900 * size + 500 * male + rng.normal(0, 300, n), -1).astype(int),
        "sex": sex.astype(object),
        "year": rng.choice([2007, 2008, 2009], n),
    })
    frame.loc[rng.choice(n, blank_sex, replace=False), "sex"] = None
    return frame


def penguins_csv() -> bytes:
    return _csv(penguins()).encode()


def exam_scores_csv() -> bytes:
    """A small table of exam results whose pass/fail column was saved as floats (0.0/1.0)."""
    rng = np.random.default_rng(11)
    n = 60
    hours = np.round(rng.uniform(0, 10, n), 1)
    prior = np.round(rng.normal(60, 12, n), 0)
    passed = ((hours * 6 + prior + rng.normal(0, 12, n)) > 85).astype(float)
    return _csv(pd.DataFrame({"hours": hours, "prior_score": prior, "passed": passed})).encode()


def european_export_csv() -> bytes:
    """A `;`-separated Windows-1252 export (accented categories) with a text ID and a numeric ID column."""
    rng = np.random.default_rng(5)
    n = 150
    city = rng.choice(["Genève", "Zürich", "Besançon", "Köln"], n)
    spend = np.round(rng.gamma(2.0, 40, n), 2)
    visits = rng.integers(1, 12, n)
    bought = np.where(spend / 40 + visits / 4 + rng.normal(0, 1, n) > 4, "oui", "non")
    frame = pd.DataFrame({"id": np.arange(1, n + 1), "client": [f"CL-{i:05d}" for i in rng.permutation(n)],
                          "ville": city, "dépense": spend, "visites": visits, "achat": bought})
    return _csv(frame, sep=";", line_end="\r\n").encode("cp1252")


def messy_labels_frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 80
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    yes = x1 + 0.5 * x2 + rng.normal(0, 0.8, n) > 0.3
    spellings = np.where(yes, rng.choice([" yes", "yes", "YES", "Yes "], n, p=[0.2, 0.5, 0.15, 0.15]),
                         rng.choice(["no", "No ", " NO"], n, p=[0.6, 0.2, 0.2]))
    return pd.DataFrame({"x1": np.round(x1, 3), "x2": np.round(x2, 3), "answer": spellings})


def messy_labels_csv() -> bytes:
    """Labels typed by hand: ` yes`, `YES`, `No ` (six spellings of two classes), quoted so the spaces survive."""
    frame = messy_labels_frame()
    lines = ["x1,x2,answer"] + [f'{a},{b},"{c}"' for a, b, c in frame.itertuples(index=False)]
    return ("\n".join(lines) + "\n").encode()


def old_mac_utf16_csv() -> bytes:
    """The messy labels saved by an old spreadsheet: UTF-16 with a byte-order mark and CR-only line endings."""
    text = messy_labels_csv().decode().replace("\n", "\r")
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


# name -> (bytes, the target to pick; None: the page's default)
CORPUS = {
    "penguins_species": (penguins_csv, None),
    "penguins_sex_with_blanks": (penguins_csv, "sex"),
    "exam_float_labels": (exam_scores_csv, None),
    "semicolon_cp1252_ids": (european_export_csv, None),
    "messy_labels": (messy_labels_csv, None),
    "utf16_cr_only": (old_mac_utf16_csv, None),
}
