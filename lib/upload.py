"""Reading a user's CSV safely, with a plain-language message for every problem.

The bytes are parsed in memory (never written to disk, never unpickled). Problems
that make the file unusable raise `UploadError` with a message that says what is
wrong and what to do; problems the pipeline can handle (missing values, text
columns, infinities) become notes shown beside the data.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.datasets import Dataset
from lib.errors import UserError
from lib.markdown import code_span

MAX_BYTES = 10 * 1024 * 1024  # keep in step with server.maxUploadSize in .streamlit/config.toml
MIN_ROWS = 20
MAX_ROWS = 200_000
MAX_COLUMNS = 500
MAX_CLASSES = 20
TARGET_HINTS = ("target", "label", "class", "y", "churn", "outcome")


class UploadError(UserError):
    """The file cannot be used; the message explains why and what to do."""


@dataclass(frozen=True)
class ParsedCSV:
    frame: pd.DataFrame
    notes: tuple[str, ...]


def _listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(f"`{n}`" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:65536]:
        raise UploadError(
            "This is not a CSV file: it contains binary data (is it an Excel workbook, a zip or an image?). "
            "Save or export it as 'CSV (comma-separated values)' and upload that."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError("The file's text encoding could not be read. Save it as UTF-8 CSV and upload it again.")


def _delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_csv(raw: bytes, max_bytes: int = MAX_BYTES) -> ParsedCSV:
    """Parse uploaded bytes into a DataFrame, or raise `UploadError` saying what is wrong."""
    if len(raw) > max_bytes:
        raise UploadError(
            f"The file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.0f} MB. "
            "Upload a sample of the rows (a few thousand are plenty here)."
        )
    if not raw.strip():
        raise UploadError("The file is empty. Upload a CSV with a header row and at least "
                          f"{MIN_ROWS} rows of data.")
    text = _decode(raw)
    sep = _delimiter(text)

    header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    repeated = [name for name, n in Counter(h.strip() for h in header).items() if n > 1]
    if repeated:
        raise UploadError(
            f"Column names must be unique, but {_listing(repeated)} {'appears' if len(repeated) == 1 else 'appear'} "
            "more than once. "
            "Rename the repeated columns and upload again."
        )
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise UploadError("The file has no columns: it needs a header row followed by rows of data.") from None
    except (pd.errors.ParserError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1]
        raise UploadError(f"The file could not be read as CSV ({detail}). Check that every row has the same "
                          "number of fields as the header.") from None
    frame.columns = [str(c).strip() for c in frame.columns]

    if frame.shape[1] < 2:
        raise UploadError(
            "Only one column was found. A CSV needs at least one feature column and a target column, "
            "separated by commas (semicolons and tabs are detected too)."
        )
    if frame.shape[1] > MAX_COLUMNS:
        raise UploadError(f"The file has {frame.shape[1]} columns; the limit is {MAX_COLUMNS}.")
    if len(frame) < MIN_ROWS:
        raise UploadError(
            f"The file has {len(frame)} data rows; at least {MIN_ROWS} are needed to split it into "
            "training and test data."
        )
    if len(frame) > MAX_ROWS:
        raise UploadError(f"The file has {len(frame):,} rows; the limit is {MAX_ROWS:,}. Upload a sample.")

    notes = []
    numeric = frame.select_dtypes(include=np.number)
    infinite = numeric.columns[np.isinf(numeric.to_numpy(dtype=float)).any(axis=0)].tolist()
    if infinite:
        count = int(np.isinf(numeric[infinite].to_numpy(dtype=float)).sum())
        frame[infinite] = frame[infinite].replace([np.inf, -np.inf], np.nan)
        notes.append(f"{count} infinite values (in {_listing(infinite)}) are treated as missing.")
    empty = frame.columns[frame.isna().all()].tolist()
    if empty:
        frame = frame.drop(columns=empty)
        notes.append(f"Columns with no values at all are left out: {_listing(empty)}.")
    return ParsedCSV(frame, tuple(notes))


def target_candidates(frame: pd.DataFrame, max_classes: int = MAX_CLASSES) -> list[str]:
    """Columns that could be a class target, most likely first (named like a target, then the last column)."""
    usable = [c for c in frame.columns if 2 <= frame[c].nunique(dropna=True) <= max_classes]
    hinted = [c for c in usable if c.lower() in TARGET_HINTS]
    last = [frame.columns[-1]] if frame.columns[-1] in usable else []
    return list(dict.fromkeys(hinted + last + usable))


def _class_names(y: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(y) and (y.dropna() % 1 == 0).all():
        y = y.astype("Int64")  # 1.0 -> "1"
    return y.astype(str).astype(object)


def make_dataset(parsed: ParsedCSV, target: str | None, max_classes: int = MAX_CLASSES) -> Dataset:
    """Features and target from a parsed upload, or `UploadError` if `target` cannot be used.

    `target=None` is allowed for clustering: every column becomes a feature.
    """
    frame, notes = parsed.frame, list(parsed.notes)
    if target is None:
        X, y = frame, pd.Series(["all"] * len(frame), name="target", dtype=object)
    else:
        if target not in frame.columns:
            raise UploadError(f"There is no column `{target}` in the file. Pick the target from the list.")
        missing_target = frame[target].isna()
        if missing_target.any():
            notes.append(f"{int(missing_target.sum())} rows with no value in `{target}` are left out.")
            frame = frame.loc[~missing_target]
        n_classes = frame[target].nunique()
        if n_classes < 2:
            value = frame[target].iloc[0] if len(frame) else "nothing"
            raise UploadError(
                f"The target `{target}` has a single value (`{value}`), so there is nothing to predict. "
                "Pick a column with at least two classes."
            )
        if n_classes > max_classes:
            raise UploadError(
                f"The target `{target}` has {n_classes} distinct values; this page handles up to {max_classes} "
                "classes. It may be a number to predict (regression) rather than a class: pick a column of "
                "categories, or bin this one first."
            )
        if len(frame) < MIN_ROWS:
            raise UploadError(f"Only {len(frame)} rows have a target value; at least {MIN_ROWS} are needed.")
        X, y = frame.drop(columns=[target]), _class_names(frame[target]).rename("target")

    text_columns = X.select_dtypes(exclude=np.number).columns.tolist()
    identifiers = [c for c in text_columns if X[c].nunique() > max(50, 0.5 * len(X))]
    if identifiers:
        X = X.drop(columns=identifiers)
        notes.append(f"Text columns with a different value on almost every row look like identifiers and are "
                     f"left out: {_listing(identifiers)}.")
        text_columns = [c for c in text_columns if c not in identifiers]
    if X.shape[1] == 0:
        raise UploadError("No feature columns are left besides the target. The file needs at least one more column.")
    if text_columns:
        notes.append(f"Text columns are one-hot encoded: {_listing(text_columns)}.")
    missing = X.isna().sum()
    if missing.any():
        cols = missing[missing > 0].index.tolist()
        notes.append(f"{int(missing.sum())} missing cells (in {_listing(cols)}) are imputed: median for numbers, "
                     "most frequent value for text, fitted on the training split only.")
    X = X.reset_index(drop=True)
    y = y.reset_index(drop=True)
    positive = None
    if target is not None:
        counts = y.value_counts()
        # For two classes, the rarer one is the natural "positive" (fraud, churn, disease).
        positive = str(counts.idxmin()) if len(counts) == 2 else None
    return Dataset(X, y, positive, tuple(notes))


# --- a number to predict (the regression page) ---------------------------------------------------------

def regression_target_candidates(frame: pd.DataFrame, max_classes: int = MAX_CLASSES) -> list[str]:
    """Numeric columns the regression page can predict, most likely first: a numeric column with many distinct
    values (more than `max_classes`, so not a class label) named like a target, then the last column if it is
    one, then the other such columns; after them every other numeric column with at least two values, so the
    user can switch to it."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and
               not pd.api.types.is_bool_dtype(frame[c]) and frame[c].nunique(dropna=True) >= 2]
    continuous = [c for c in numeric if frame[c].nunique(dropna=True) > max_classes]
    hinted = [c for c in continuous if c.lower() in TARGET_HINTS]
    last = [frame.columns[-1]] if frame.columns[-1] in continuous else []
    return list(dict.fromkeys(hinted + last + continuous + numeric))


def make_regression_dataset(parsed: ParsedCSV, target: str) -> Dataset:
    """Features and a numeric target (floats) from a parsed upload, or `UploadError` saying why `target` cannot be
    predicted. Rows without a target value are left out; features are treated as for classification (identifier-
    like text columns left out, text one-hot encoded and missing cells imputed inside the model pipeline)."""
    frame, notes = parsed.frame, list(parsed.notes)
    if target not in frame.columns:
        raise UploadError(f"There is no column {code_span(target)} in the file. Pick the target from the list.")
    if not pd.api.types.is_numeric_dtype(frame[target]) or pd.api.types.is_bool_dtype(frame[target]):
        raise UploadError(f"The target {code_span(target)} holds text, not numbers, so there is no number to predict. Pick a "
                          "numeric column, or use a classification page to predict it as classes.")
    missing_target = frame[target].isna()
    if missing_target.any():
        notes.append(f"{int(missing_target.sum())} rows with no value in {code_span(target)} are left out.")
        frame = frame.loc[~missing_target]
    if frame[target].nunique() < 2:
        raise UploadError(f"The target {code_span(target)} has a single value, so there is nothing to predict. Pick a column "
                          "whose values vary.")
    if len(frame) < MIN_ROWS:
        raise UploadError(f"Only {len(frame)} rows have a target value; at least {MIN_ROWS} are needed.")
    X, feature_notes = _regression_features(frame.drop(columns=[target]))
    y = frame[target].astype(float).rename("target").reset_index(drop=True)
    return Dataset(X.reset_index(drop=True), y, None, tuple(notes + feature_notes))


def _code_listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(code_span(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _regression_features(X: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The feature columns and their notes, by the same rules as `make_dataset`'s."""
    notes = []
    text_columns = X.select_dtypes(exclude=np.number).columns.tolist()
    identifiers = [c for c in text_columns if X[c].nunique() > max(50, 0.5 * len(X))]
    if identifiers:
        X = X.drop(columns=identifiers)
        notes.append(f"Text columns with a different value on almost every row look like identifiers and are "
                     f"left out: {_code_listing(identifiers)}.")
        text_columns = [c for c in text_columns if c not in identifiers]
    if X.shape[1] == 0:
        raise UploadError("No feature columns are left besides the target. The file needs at least one more column.")
    if text_columns:
        notes.append(f"Text columns are one-hot encoded: {_code_listing(text_columns)}.")
    missing = X.isna().sum()
    if missing.any():
        cols = missing[missing > 0].index.tolist()
        notes.append(f"{int(missing.sum())} missing cells (in {_code_listing(cols)}) are imputed: median for numbers, "
                     "most frequent value for text, fitted on the training split only.")
    return X, notes
