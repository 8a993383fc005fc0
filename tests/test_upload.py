"""Every kind of bad CSV gets its own plain-language message; usable quirks become notes."""
from pathlib import Path

import numpy as np
import pandas as pd
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


# --- real shapes: line endings, encodings, labels, limits (issue 12) ------------------------------------------

def test_cr_only_line_endings_are_read():
    """An old Mac / Excel export ends lines with a bare CR; Python's csv module used to raise on it."""
    raw = read("text_features.csv").replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    assert b"\n" not in raw
    parsed = upload.read_csv(raw)
    assert parsed.frame.equals(upload.read_csv(read("text_features.csv")).frame)


@pytest.mark.parametrize("raw", [
    b'a,b,label\r1,"2\r3,yes\r' * 30,  # an unclosed quote across CR line ends
    b'"a","b\n1,2\n',
    b"a,b\n" + b"1,2\n" * 30 + b'3,"4\n',
    b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le")[:-1],  # odd UTF-16 byte count
    b"\xef\xbb\xbf\xff\xfe",
    b"a\tb\r\n" + b"1\t2\t3\t4\r\n" * 25,
    bytes(range(1, 256)) * 40,
    b"\r\r\r\n\n\r",
    b",,,\n,,,\n" * 30,
    b"a,b,c\n" + b"1,2,x\n" * 30 + b"1,2,3,4,5,6\n",
], ids=lambda raw: repr(raw[:12]))
def test_every_parse_path_ends_in_a_message(raw):
    try:
        parsed = upload.read_csv(raw)
    except upload.UploadError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert parsed.frame.shape[1] >= 2 and len(parsed.frame) >= upload.MIN_ROWS


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_is_read(encoding):
    import codecs
    text = read("cp1252_encoded.csv").decode("cp1252")
    bom = {"utf-16": b"", "utf-32": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE,
           "utf-8-sig": b""}[encoding]
    parsed = upload.read_csv(bom + text.encode(encoding))
    assert "città" in parsed.frame.columns and set(parsed.frame["b"]) == {"café", "thé"}


def test_utf16_without_a_byte_order_mark_is_named_not_called_binary():
    raw = read("text_features.csv").decode().encode("utf-16-le")
    with pytest.raises(upload.UploadError, match="UTF-16 text without a byte-order mark"):
        upload.read_csv(raw)


def test_labels_differing_in_whitespace_or_case_are_one_class_with_notes():
    from tests.upload_corpus import messy_labels_csv, messy_labels_frame
    dataset = upload.make_dataset(upload.read_csv(messy_labels_csv()), "answer")
    assert dataset.classes == ["no", "yes"]
    raw = messy_labels_frame()["answer"]
    assert (dataset.y == np.where(raw.str.strip().str.lower() == "yes", "yes", "no")).all()
    notes = " ".join(dataset.notes)
    assert "Spaces around" in notes and "are removed" in notes
    assert "differ only in upper and lower case are one class" in notes and "`YES` counts as `yes`" in notes


def test_labels_stored_as_floats_are_named_as_integers():
    from tests.upload_corpus import exam_scores_csv
    dataset = upload.make_dataset(upload.read_csv(exam_scores_csv()), "passed")
    assert dataset.classes == ["0", "1"]
    assert dataset.reading.integer_labels


def test_streamlit_upload_cap_agrees_with_the_apps_limit():
    """Streamlit rejects files above `server.maxUploadSize` MB before the app sees them (1024² bytes per MB on
    the server, 1000² in most browsers): the cap must sit above the app's own limit in both units, so a file
    just too large gets the app's message, and the uploader widget must use the same cap."""
    import tomllib
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())
    cap = config["server"]["maxUploadSize"]
    assert cap == upload.STREAMLIT_UPLOAD_MB
    assert min(cap * 1000 ** 2, cap * 1024 ** 2) > upload.MAX_BYTES
    assert cap * 1000 ** 2 - upload.MAX_BYTES < 3 * 1024 ** 2  # a little above, not a second limit
    source = (Path(__file__).parent.parent / "lib" / "ui" / "controls.py").read_text()
    assert "max_upload_size=upload.STREAMLIT_UPLOAD_MB" in source
    just_over = b"a,b,label\n" + b"1.0,2.0,yes\n" * (upload.MAX_BYTES // 12 + 1000)
    assert upload.MAX_BYTES < len(just_over) < cap * 1000 ** 2
    with pytest.raises(upload.UploadError, match=r"the limit is 10 MB"):
        upload.read_csv(just_over)


# --- choosing what to predict -----------------------------------------------------------------------------

def test_default_target_is_a_category_never_a_year():
    from tests.upload_corpus import penguins
    frame = penguins()
    candidates = upload.target_candidates(frame)
    assert candidates[0] in ("species", "sex")
    assert candidates.index("year") > candidates.index("sex") and candidates.index("year") > candidates.index("island")
    assert upload.target_candidates(frame[[c for c in frame.columns if c != "species"]])[0] in ("island", "sex")


@pytest.mark.parametrize("name", ["year", "date", "order_date", "Month", "customer_id", "ID", "PassengerId"])
def test_dates_years_and_ids_are_never_the_default_target(name):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.normal(size=40), "y2": rng.normal(size=40),
                          name: rng.choice([1, 2, 3], 40)})
    assert upload.target_candidates(frame)[-1] == name
    assert upload.target_candidates(frame).index(name) == len(upload.target_candidates(frame)) - 1
    dates = pd.DataFrame({"when": rng.choice(["2021-01-03", "2021-02-04", "2022-03-01"], 40),
                          "x": rng.normal(size=40), "kind": rng.choice(["a", "b"], 40), "n": rng.integers(0, 5, 40)})
    assert upload.target_candidates(dates)[0] == "kind"
    assert upload.target_candidates(dates)[-1] == "when"


def test_a_last_column_of_zeros_and_ones_is_the_default_over_text_features():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"colour": rng.choice(["red", "blue"], 40), "x": rng.normal(size=40),
                          "passed": rng.choice([0.0, 1.0], 40)})
    assert upload.target_candidates(frame)[0] == "passed"


def test_numeric_id_columns_are_left_out_of_the_features():
    from tests.upload_corpus import european_export_csv
    parsed = upload.read_csv(european_export_csv())
    assert upload.target_candidates(parsed.frame)[0] == "achat"
    dataset = upload.make_dataset(parsed, "achat")
    assert list(dataset.X.columns) == ["ville", "dépense", "visites"]
    assert any("look like identifiers and are left out: `id`, `client`" in n for n in dataset.notes), dataset.notes


# --- the script's table is the page's table --------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(__import__("tests.upload_corpus", fromlist=["CORPUS"]).CORPUS))
def test_the_scripts_reading_lines_rebuild_the_pages_table(name, tmp_path, monkeypatch):
    from lib.code import Script
    from tests.upload_corpus import CORPUS
    make, target = CORPUS[name]
    raw = make()
    parsed = upload.read_csv(raw)
    target = target or upload.target_candidates(parsed.frame)[0]
    dataset = upload.make_dataset(parsed, target)
    script = Script()
    dataset.reading.write(script)
    code = script.text()
    assert "your_file.csv" in code and "#" in code
    (tmp_path / "your_file.csv").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "script", "exec"), namespace)  # noqa: S102 - the script the page shows
    pd.testing.assert_frame_equal(namespace["X"].reset_index(drop=True), dataset.X, check_dtype=True)
    assert namespace["labels"].tolist() == dataset.y.tolist()


def test_hostile_column_names_cannot_escape_the_scripts_comments_or_strings():
    from lib.code import Script
    rng = np.random.default_rng(0)
    evil = 'id\nimport os; os.system("echo pwned")  #'
    frame = pd.DataFrame({evil: [f"r{i}" for i in range(60)], "x": rng.normal(size=60),
                          "label'\n": rng.choice(["a", "b"], 60)})
    parsed = upload.read_csv(frame.to_csv(index=False).encode())
    dataset = upload.make_dataset(parsed, "label'")  # names are stripped of surrounding whitespace
    script = Script()
    dataset.reading.write(script)
    code = script.text()
    assert not any(line.startswith("import os") for line in code.splitlines())
    compile(code, "script", "exec")
