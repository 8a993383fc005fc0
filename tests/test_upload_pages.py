"""Uploads of real shapes on the pages: the "Reproduce in code" script, run next to the same file, prints every
number the page shows (separator, encoding, label names, rows and columns left out all repeated)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import metric_values, open_page, text_of
from tests.upload_corpus import CORPUS


def uploaded(page: str, name: str, content: bytes, target: str | None = None,
             params: dict | None = None) -> AppTest:
    at = open_page(page, {"dataset": "upload", **(params or {})})
    at.file_uploader(key="upload_file").set_value((name, content, "text/csv"))
    at.run()
    if target is not None:
        at.selectbox(key="upload_target").set_value(target).run()
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if name in e.value], [e.value for e in at.error]  # no upload error
    return at


def printed(at: AppTest, content: bytes, folder: Path) -> dict[str, str]:
    """The page's script run in a subprocess next to the uploaded file (saved as your_file.csv)."""
    (folder / "your_file.csv").write_bytes(content)
    code = next(c.value for c in reversed(at.code) if "your_file.csv" in c.value)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return dict(re.findall(r"^([^\s:][^:\n]*): (\S+)$", out.stdout, flags=re.M))


def assert_script_matches(at: AppTest, content: bytes, folder: Path) -> dict[str, str]:
    shown, lines = metric_values(at), printed(at, content, folder)
    assert shown and set(shown) <= set(lines), (shown, lines)
    assert {label: lines[label] for label in shown} == shown
    return shown


@pytest.mark.parametrize("name", ["penguins_sex_with_blanks", "exam_float_labels", "semicolon_cp1252_ids",
                                  "utf16_cr_only"])
def test_classification_script_prints_the_pages_numbers_for_real_uploads(name, tmp_path):
    make, target = CORPUS[name]
    content = make()
    at = uploaded("classification", f"{name}.csv", content, target)
    assert_script_matches(at, content, tmp_path)
    text = text_of(at)
    small = [w.value for w in at.warning if "Small test split" in w.value]
    if name == "exam_float_labels":
        assert "Positive class: **1**" in text
        assert small and "15 rows" in small[0], [w.value for w in at.warning]  # 60 rows, test_size 0.25
    if name == "semicolon_cp1252_ids":
        assert not small, small  # 150 rows: 38 test rows
    if name == "penguins_sex_with_blanks":
        assert "11 rows with no value in `sex` are left out" in text
    if name == "utf16_cr_only":
        assert "differ only in upper and lower case are one class" in text


def test_penguins_default_target_is_species_not_year():
    at = uploaded("classification", "penguins.csv", CORPUS["penguins_species"][0]())
    assert at.selectbox(key="upload_target").value == "species"
    assert at.selectbox(key="upload_target").options[-1] == "year"


@pytest.mark.slow
@pytest.mark.parametrize("page, target, params", [
    ("imbalance", None, {"minority": 0.3}),
    ("fitting", None, {}),
    ("clustering", "achat", {}),
    ("regression", None, {}),
])
def test_other_pages_scripts_print_their_numbers_for_an_upload(page, target, params, tmp_path):
    content = CORPUS["semicolon_cp1252_ids"][0]()
    at = uploaded(page, "export.csv", content, target, params)
    if page == "regression":
        assert at.selectbox(key="upload_target").value == "dépense"  # not `id`
    assert_script_matches(at, content, tmp_path)
