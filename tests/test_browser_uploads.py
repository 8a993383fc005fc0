"""In Chromium: real upload shapes through the real file picker: an old Mac's UTF-16 file with CR-only line
endings and hand-typed labels, a table without a target-like name, and a file just over the app's limit (which
must reach the app and get its own message, not Streamlit's refusal)."""
from __future__ import annotations

import pytest

from lib import upload
from tests.conftest import assert_no_exception, wait_idle
from tests.upload_corpus import old_mac_utf16_csv, penguins_csv

pytestmark = pytest.mark.browser


def _upload(page, app_url, path) -> None:
    page.goto(f"{app_url}/classification?dataset=upload")
    wait_idle(page)
    page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(str(path))
    wait_idle(page, timeout_ms=120_000)
    assert_no_exception(page)


def test_an_old_mac_utf16_file_with_hand_typed_labels_trains(page, app_url, shots_dir, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(old_mac_utf16_csv())
    _upload(page, app_url, path)
    page.get_by_text("Positive class:").wait_for(timeout=120_000)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Positive class: yes" in text
    assert "differ only in upper and lower case are one class" in text
    page.screenshot(path=str(shots_dir / "upload-utf16-cr.png"), full_page=True)


def test_penguins_default_to_species_and_the_year_is_never_the_target(page, app_url, shots_dir, tmp_path):
    path = tmp_path / "penguins.csv"
    path.write_bytes(penguins_csv())
    _upload(page, app_url, path)
    page.get_by_text("This dataset has 3 classes").first.wait_for(timeout=120_000)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "This dataset has 3 classes: Gentoo" in text  # species (Adelie, Chinstrap, Gentoo), not 2007–2009
    page.screenshot(path=str(shots_dir / "upload-penguins.png"), full_page=True)


def test_a_file_just_over_the_limit_gets_the_apps_message(page, app_url, tmp_path):
    path = tmp_path / "big.csv"
    row = b"1.0,2.0,yes\n"
    path.write_bytes(b"a,b,label\n" + row * ((upload.MAX_BYTES + 400_000) // len(row)))
    assert upload.MAX_BYTES < path.stat().st_size < upload.STREAMLIT_UPLOAD_MB * 1000 ** 2
    _upload(page, app_url, path)
    page.get_by_text("the limit is 10 MB").wait_for(timeout=120_000)
