"""Every kind of bad CSV gets its own plain-language message; usable quirks become notes."""
from pathlib import Path

import numpy as np
import pytest

from lib import fitting, upload

CSV = Path(__file__).parent / "data" / "csv"


def read(name: str) -> bytes:
    return (CSV / name).read_bytes()


@pytest.mark.parametrize("name, message", [
    ("empty.csv", "The file is empty"),
    ("whitespace_only.csv", "The file is empty"),
    ("excel_workbook.csv", "not a CSV file: it contains binary data"),
    ("few_rows.csv", "The file has 12 data rows; at least 20"),
    ("one_column.csv", "Only one column was found"),
    ("duplicate_columns.csv", "Column names must be unique, but `age` appears more than once"),
    ("ragged_rows.csv", "could not be read as CSV"),
])
def test_unusable_files_are_explained(name, message):
    with pytest.raises(upload.UploadError, match=message):
        upload.read_csv(read(name))


def test_too_large_file_states_the_limit():
    raw = b"a,b\n" + b"1,2\n" * 100
    with pytest.raises(upload.UploadError, match=r"the limit is 0 MB"):
        upload.read_csv(raw, max_bytes=200)
    big = b"a,b,label\n" + b"1.0,2.0,yes\n" * (upload.MAX_BYTES // 12 + 10)
    with pytest.raises(upload.UploadError, match=r"the limit is 10 MB"):
        upload.read_csv(big)


@pytest.mark.parametrize("name, target, message", [
    ("one_class_target.csv", "label", "has a single value"),
    ("continuous_target.csv", "price", "has 60 distinct values; this page handles up to 20"),
    ("missing_values.csv", "nonexistent", "There is no column `nonexistent`"),
])
def test_unusable_targets_are_explained(name, target, message):
    parsed = upload.read_csv(read(name))
    with pytest.raises(upload.UploadError, match=message):
        upload.make_dataset(parsed, target)


def test_no_class_column_means_no_target_candidates():
    parsed = upload.read_csv(read("no_class_column.csv"))
    assert upload.target_candidates(parsed.frame) == []


@pytest.mark.parametrize("name, note", [
    ("text_features.csv", "Text columns are one-hot encoded: `colour`, `size`"),
    ("missing_values.csv", "missing cells (in `a`, `b`) are imputed"),
    ("infinite_values.csv", "3 infinite values (in `a`, `b`) are treated as missing"),
    ("identifier_column.csv", "look like identifiers and are left out: `customer_id`"),
    ("missing_target_values.csv", "6 rows with no value in `label` are left out"),
])
def test_fixable_problems_become_notes_and_the_data_trains(name, note):
    parsed = upload.read_csv(read(name))
    target = upload.target_candidates(parsed.frame)[0]
    dataset = upload.make_dataset(parsed, target)
    assert any(note in line for line in dataset.notes), dataset.notes
    assert not np.isinf(dataset.X.select_dtypes("number").to_numpy(dtype=float)).any()
    model = fitting.fit_and_score(dataset, "logistic_regression", seed=0, test_size=0.25)
    assert model.y_score.shape == (len(model.y_true),)
    assert ((model.y_score >= 0) & (model.y_score <= 1)).all()


def test_separator_and_encoding_are_detected():
    semicolons = upload.read_csv(read("semicolon_separated.csv"))
    assert list(semicolons.frame.columns) == ["a", "b", "label"]
    legacy = upload.read_csv(read("cp1252_encoded.csv"))
    assert "città" in legacy.frame.columns
    assert set(legacy.frame["b"]) == {"café", "thé"}


def test_target_candidates_prefer_named_then_last_column():
    parsed = upload.read_csv(read("text_features.csv"))
    assert upload.target_candidates(parsed.frame)[0] == "label"


def test_binary_upload_takes_the_rarer_class_as_positive():
    dataset = upload.make_dataset(upload.read_csv(read("text_features.csv")), "label")
    assert dataset.positive == "yes"  # 1 in 4 rows
    assert dataset.binary_target().mean() == pytest.approx(0.25)


def test_clustering_upload_without_target_keeps_every_column():
    parsed = upload.read_csv(read("no_class_column.csv"))
    dataset = upload.make_dataset(parsed, None)
    assert list(dataset.X.columns) == ["a", "b", "c"]
