"""Reading a user's CSV safely, with a plain-language message for every problem.

The bytes are parsed in memory (never written to disk, never unpickled). Problems
that make the file unusable raise `UploadError` with a message that says what is
wrong and what to do; problems the pipeline can handle (missing values, text
columns, infinities) become notes shown beside the data.
"""
from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib.code import Script, kwargs_code
from lib.datasets import Dataset
from lib.errors import UserError
from lib.markdown import code_span

# One limit, one source. The app reads at most MAX_BYTES; Streamlit's own cap (`server.maxUploadSize` in
# .streamlit/config.toml, and the uploader widget's `max_upload_size`) is set a little above it, so a file just
# over the limit reaches the app and gets the message below instead of Streamlit's generic refusal. Streamlit's
# "MB" is 1024² bytes on the server but 1000² in the browser on most systems: the cap is above MAX_BYTES in both.
MAX_BYTES = 10 * 1024 * 1024
STREAMLIT_UPLOAD_MB = math.ceil(MAX_BYTES / 1_000_000) + 1  # 12; tests check config.toml says the same
MIN_ROWS = 20
MAX_ROWS = 200_000
MAX_COLUMNS = 500
MAX_CLASSES = 20
TARGET_HINTS = ("target", "label", "class", "y", "churn", "outcome")

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark); Python's codecs drop the mark.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ENCODING_NAMES = {"utf-32": "UTF-32", "utf-16": "UTF-16", "utf-8-sig": "UTF-8 (with a byte-order mark)",
                   "utf-8": "UTF-8", "cp1252": "Windows-1252"}


class UploadError(UserError):
    """The file cannot be used; the message explains why and what to do."""


@dataclass(frozen=True)
class Reading:
    """How the page read an upload, step by step: `write` prints the same steps into the "Reproduce in code"
    script, so the script's table is the page's table (same separator, encoding, rows, labels and columns)."""

    encoding: str
    sep: str
    infinite: bool = False  # infinite numbers were read and are treated as missing
    target: str | None = None  # None: no target (clustering without true labels)
    numeric_target: bool = False  # a number to predict (the regression page)
    missing_target: int = 0  # rows without a target value, left out
    integer_labels: bool = False  # labels stored as floats (0.0/1.0) are named as integers (0/1)
    stripped: int = 0  # labels that had surrounding whitespace
    case_folded: tuple[tuple[str, str], ...] = ()  # (spelling, the class it joins): labels differing only in case
    columns: tuple[str, ...] = ()  # the feature columns the page used, in order
    empty: tuple[str, ...] = ()  # columns without a single value, left out
    identifiers: tuple[str, ...] = ()  # columns that look like identifiers, left out

    def read(self, raw: bytes) -> pd.DataFrame:
        """The table as pandas reads it: the one call the script repeats (`write`)."""
        frame = pd.read_csv(io.BytesIO(raw), sep=self.sep, encoding=self.encoding, skipinitialspace=True)
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame

    def labels(self, y: pd.Series) -> pd.Series:
        """Class names as the page shows them (the script's label lines do the same)."""
        if self.integer_labels:
            y = y.astype("Int64")
        names = y.astype(str).str.strip()
        return names.replace(dict(self.case_folded)).astype(object)

    def write(self, script: Script) -> None:
        """Lines that define `X` (DataFrame) and `labels` (class names as strings), or `y` (floats) for a number
        to predict, or `X` and `labels = None` without a target: the page's reading rules, each commented."""
        script.need("import pandas as pd")
        options = {**({"sep": self.sep} if self.sep != "," else {}), "encoding": self.encoding,
                   "skipinitialspace": True}
        script.line("# Your uploaded file: put it next to this script as your_file.csv. It is read with the rules the",
                    f"# page used: {_ENCODING_NAMES.get(self.encoding, self.encoding)} text, separator "
                    f"{self.sep!r}, spaces after a separator ignored.",
                    f'frame = pd.read_csv("your_file.csv", {kwargs_code(options)})',
                    "frame.columns = [str(c).strip() for c in frame.columns]")
        if self.infinite:
            script.need("import numpy as np")
            script.line("frame = frame.replace([np.inf, -np.inf], np.nan)  # infinite values count as missing")
        target = self.target
        if target is not None:
            script.line(f"target = frame.pop({target!r})")
            if self.missing_target:
                rows = f"{self.missing_target} row{'s' if self.missing_target != 1 else ''}"
                script.line(f"keep = target.notna()  # the page leaves out the {rows} with no value in {target!r}",
                            "frame, target = frame[keep], target[keep]")
            if self.numeric_target:
                script.line("y = target.to_numpy(dtype=float)  # the number to predict")
            else:
                if self.integer_labels:
                    script.line('target = target.astype("Int64")  # stored as 1.0, 0.0...: the page names the '
                                "classes 1, 0...")
                script.line("labels = target.astype(str).str.strip()  # class names; surrounding spaces are not "
                            "part of a label")
                if self.case_folded:
                    script.line("# Labels that differ only in case are one class, named by the most common spelling",
                                f"labels = labels.replace({script.expr(dict(self.case_folded))})")
        left_out = []
        if self.identifiers:
            left_out.append(f"{_names(self.identifiers)} (a different value on almost every row: identifiers)")
        if self.empty:
            left_out.append(f"{_names(self.empty)} (no values at all)")
        if left_out:
            script.comment(f"Left out, as on the page: {'; '.join(left_out)}")
        script.comment("The feature columns the page used")
        script.line(f"X = frame[{script.expr(list(self.columns))}]")
        if target is None:
            script.line("labels = None  # no true labels: ARI and NMI cannot be computed")


def _names(names: tuple[str, ...]) -> str:
    """Column names for a script comment: as Python literals, so no name can end the comment (a newline in it)."""
    return ", ".join(repr(n) for n in names)


@dataclass(frozen=True)
class ParsedCSV:
    frame: pd.DataFrame
    notes: tuple[str, ...]
    reading: Reading = Reading("utf-8", ",")


def _listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(code_span(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _encoding(raw: bytes) -> str:
    """The text encoding: by byte-order mark, else UTF-8, else Windows-1252; `UploadError` for binary data."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                raise UploadError(f"The file starts with a {_ENCODING_NAMES[encoding]} byte-order mark but the rest is "
                                  "not valid text in that encoding. Save it again as UTF-8 CSV.") from None
            return encoding
    head = raw[:65536]
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
            raise UploadError("This looks like UTF-16 text without a byte-order mark, which cannot be told apart "
                              "from binary data safely. Save it as 'CSV UTF-8' (or UTF-16 with a byte-order mark) "
                              "and upload that.")
        raise UploadError(
            "This is not a CSV file: it contains binary data (is it an Excel workbook, a zip or an image?). "
            "Save or export it as 'CSV (comma-separated values)' and upload that."
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            raw.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UploadError("The file's text encoding could not be read. Save it as UTF-8 CSV and upload it again.")


def _delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _unreadable(exc: Exception) -> UploadError:
    lines = str(exc).strip().splitlines()
    detail = f" ({lines[-1][:200]})" if lines else ""
    return UploadError(f"The file could not be read as CSV{detail}. Check that every row has the same number of "
                       "fields as the header.")


def read_csv(raw: bytes, max_bytes: int = MAX_BYTES) -> ParsedCSV:
    """Parse uploaded bytes into a DataFrame, or raise `UploadError` saying what is wrong.

    Every way of failing to parse ends in an `UploadError`; line endings may be \\n, \\r\\n or an old Mac's \\r.
    """
    if len(raw) > max_bytes:
        raise UploadError(
            f"The file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.0f} MB. "
            "Upload a sample of the rows (a few thousand are plenty here)."
        )
    encoding = _encoding(raw)
    text = raw.decode(encoding)
    if not text.strip():
        raise UploadError("The file is empty. Upload a CSV with a header row and at least "
                          f"{MIN_ROWS} rows of data.")
    sep = _delimiter(text)

    try:  # newline=None: \r, \n and \r\n all end a line, as in pandas
        header = next(csv.reader(io.StringIO(text, newline=None), delimiter=sep), [])
    except csv.Error as exc:
        raise _unreadable(exc) from None
    repeated = [name for name, n in Counter(h.strip() for h in header).items() if n > 1]
    if repeated:
        raise UploadError(
            f"Column names must be unique, but {_listing(repeated)} {'appears' if len(repeated) == 1 else 'appear'} "
            "more than once. "
            "Rename the repeated columns and upload again."
        )
    reading = Reading(encoding, sep)
    try:
        frame = reading.read(raw)
    except pd.errors.EmptyDataError:
        raise UploadError("The file has no columns: it needs a header row followed by rows of data.") from None
    except Exception as exc:  # noqa: BLE001 - whatever pandas raises on a user's file becomes a message
        raise _unreadable(exc) from None
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
    return ParsedCSV(frame, tuple(notes), replace(reading, infinite=bool(infinite), empty=tuple(empty)))


_TIME_NAME = re.compile(r"(?i)(^|[^a-z])(year|yr|date|time|timestamp|datetime|month|day|week|quarter)s?([^a-z]|$)")
_ID_NAME = re.compile(r"(?i)(^|[^a-z])(id|ids|uuid|guid|key|index|row)([^a-z]|$)")
_ID_SUFFIX = re.compile(r"[a-z]I[dD]$")  # PassengerId, customerID
_DATE_VALUE = re.compile(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]|$)")


def _looks_like_id(name: str) -> bool:
    return bool(_ID_NAME.search(name) or _ID_SUFFIX.search(name))


def looks_like_time_or_id(column: pd.Series) -> bool:
    """A date, a year or an identifier: never the default thing to predict (named so, or holding dates or
    whole numbers between 1800 and 2100)."""
    name = str(column.name)
    if _TIME_NAME.search(name) or _looks_like_id(name):
        return True
    values = column.dropna()
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) and len(values):
        return bool((values % 1 == 0).all() and values.between(1800, 2100).all())
    if len(values) and not pd.api.types.is_numeric_dtype(values):
        return bool(values.astype(str).str.match(_DATE_VALUE).mean() > 0.9)
    return False


def _categorical(column: pd.Series) -> bool:
    """Text or a yes/no column (booleans, or numbers that are only 0 and 1)."""
    values = column.dropna()
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return True
    return bool(values.isin([0, 1]).all())


def target_candidates(frame: pd.DataFrame, max_classes: int = MAX_CLASSES) -> list[str]:
    """Columns that could be a class target, most likely first: named like a target; then text or yes/no
    columns with few values (the last column first if it is one); then the last column; then the other columns
    with 2 to `max_classes` values. Columns that look like a date, a year or an identifier come last, so they are
    never the default."""
    usable = [c for c in frame.columns if 2 <= frame[c].nunique(dropna=True) <= max_classes]
    plausible = [c for c in usable if not looks_like_time_or_id(frame[c])]
    hinted = [c for c in plausible if c.lower() in TARGET_HINTS]
    categorical = [c for c in plausible if _categorical(frame[c])]
    last = frame.columns[-1]
    return list(dict.fromkeys(hinted + [c for c in categorical if c == last] + categorical +
                              [c for c in plausible if c == last] + plausible + usable))


def _label_rules(y: pd.Series) -> tuple[bool, int, tuple[tuple[str, str], ...]]:
    """How a target's values become class names (`y` has no missing values): floats that are whole numbers are
    named as integers (1.0 -> "1"); surrounding whitespace is removed (how many labels had some); spellings that
    differ only in case join the most common one (ties: lower case, then the first in sorted order)."""
    integer = bool(pd.api.types.is_float_dtype(y) and (y % 1 == 0).all())
    names = (y.astype("Int64") if integer else y).astype(str)
    stripped = names.str.strip()
    n_stripped = int((stripped != names).sum())
    folded: dict[str, str] = {}
    for _, group in stripped.groupby(stripped.str.casefold()):
        counts = group.value_counts()
        if len(counts) > 1:
            canonical = min(counts.index, key=lambda v: (-counts[v], v != v.lower(), v))
            folded.update({str(v): str(canonical) for v in counts.index if v != canonical})
    return integer, n_stripped, tuple(sorted(folded.items()))


def _label_notes(target: str, integer: bool, n_stripped: int, folded: tuple[tuple[str, str], ...]) -> list[str]:
    notes = []
    if integer:
        notes.append(f"The labels in {code_span(target)} are stored as decimals (1.0, 0.0…): the classes are named "
                     "as whole numbers (1, 0…).")
    if n_stripped:
        notes.append(f"Spaces around {n_stripped} label{'s' if n_stripped != 1 else ''} in {code_span(target)} are "
                     "removed: they are not part of the class name.")
    if folded:
        joined = "; ".join(f"{code_span(a)} counts as {code_span(b)}" for a, b in folded[:5])
        more = f" and {len(folded) - 5} more" if len(folded) > 5 else ""
        notes.append(f"Labels in {code_span(target)} that differ only in upper and lower case are one class (the "
                     f"most common spelling names it): {joined}{more}.")
    return notes


def make_dataset(parsed: ParsedCSV, target: str | None, max_classes: int = MAX_CLASSES) -> Dataset:
    """Features and target from a parsed upload, or `UploadError` if `target` cannot be used.

    `target=None` is allowed for clustering: every column becomes a feature. The dataset's `reading` records
    every rule applied (rows left out, label names, columns), for the script.
    """
    frame, notes, reading = parsed.frame, list(parsed.notes), parsed.reading
    if target is None:
        X, y = frame, pd.Series(["all"] * len(frame), name="target", dtype=object)
    else:
        if target not in frame.columns:
            raise UploadError(f"There is no column {code_span(target)} in the file. Pick the target from the list.")
        missing_target = frame[target].isna()
        if missing_target.any():
            notes.append(f"{int(missing_target.sum())} rows with no value in {code_span(target)} are left out.")
            frame = frame.loc[~missing_target]
        integer, n_stripped, folded = _label_rules(frame[target])
        reading = replace(reading, target=target, missing_target=int(missing_target.sum()), integer_labels=integer,
                          stripped=n_stripped, case_folded=folded)
        labels = reading.labels(frame[target])
        n_classes = labels.nunique()
        if n_classes < 2:
            value = labels.iloc[0] if len(labels) else "nothing"
            raise UploadError(
                f"The target {code_span(target)} has a single value ({code_span(value)}), so there is nothing to "
                "predict. Pick a column with at least two classes."
            )
        if n_classes > max_classes:
            raise UploadError(
                f"The target {code_span(target)} has {n_classes} distinct values; this page handles up to "
                f"{max_classes} classes. It may be a number to predict (regression) rather than a class: pick a "
                "column of categories, or bin this one first."
            )
        if len(frame) < MIN_ROWS:
            raise UploadError(f"Only {len(frame)} rows have a target value; at least {MIN_ROWS} are needed.")
        notes += _label_notes(target, integer, n_stripped, folded)
        X, y = frame.drop(columns=[target]), labels.rename("target")

    X, feature_notes = _features(X)
    reading = replace(reading, columns=tuple(X.columns),
                      identifiers=tuple(c for c in frame.columns if c not in X.columns and c != target))
    X = X.reset_index(drop=True)
    y = y.reset_index(drop=True)
    positive = _positive(y) if target is not None else None
    return Dataset(X, y, positive, tuple(notes + feature_notes), reading)


# Two labels that say which one is positive: 1 over 0, yes over no, true over false...
_POSITIVE_NAMES = {frozenset(pair): pair[1] for pair in
                   (("0", "1"), ("no", "yes"), ("false", "true"), ("n", "y"), ("negative", "positive"))}


def _positive(y: pd.Series) -> str | None:
    """For two classes: the one its name calls positive (`1`, `yes`, `true`), else the rarer one (fraud, churn,
    disease); None for more classes (the page picks one-vs-rest)."""
    counts = y.value_counts()
    if len(counts) != 2:
        return None
    by_name = {str(c).casefold(): str(c) for c in counts.index}
    named = _POSITIVE_NAMES.get(frozenset(by_name))
    return by_name[named] if named else str(counts.idxmin())


def _features(X: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The feature columns and their notes: identifier-like columns left out (text with a different value on
    almost every row; whole numbers named like an id, all different), text one-hot encoded and missing cells
    imputed inside the model pipeline."""
    notes = []
    text_columns = X.select_dtypes(exclude=np.number).columns.tolist()
    identifiers = [c for c in X.columns if
                   (c in text_columns and X[c].nunique() > max(50, 0.5 * len(X))) or
                   (c not in text_columns and _looks_like_id(c) and not pd.api.types.is_bool_dtype(X[c]) and
                    (X[c].dropna() % 1 == 0).all() and X[c].nunique() == X[c].notna().sum())]
    if identifiers:
        X = X.drop(columns=identifiers)
        notes.append(f"Columns with a different value on almost every row look like identifiers and are left out: "
                     f"{_listing(identifiers)}.")
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
    return X, notes


# --- a number to predict (the regression page) ---------------------------------------------------------

def regression_target_candidates(frame: pd.DataFrame, max_classes: int = MAX_CLASSES) -> list[str]:
    """Numeric columns the regression page can predict, most likely first: a numeric column with many distinct
    values (more than `max_classes`, so not a class label) named like a target, then the last column if it is
    one, then the other such columns; after them every other numeric column with at least two values, so the
    user can switch to it. Columns that look like a date, a year or an identifier come last."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and
               not pd.api.types.is_bool_dtype(frame[c]) and frame[c].nunique(dropna=True) >= 2]
    numeric = [c for c in numeric if not looks_like_time_or_id(frame[c])] + \
        [c for c in numeric if looks_like_time_or_id(frame[c])]
    continuous = [c for c in numeric if frame[c].nunique(dropna=True) > max_classes and
                  not looks_like_time_or_id(frame[c])]
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
    X, feature_notes = _features(frame.drop(columns=[target]))
    reading = replace(parsed.reading, target=target, numeric_target=True, missing_target=int(missing_target.sum()),
                      columns=tuple(X.columns),
                      identifiers=tuple(c for c in frame.columns if c not in X.columns and c != target))
    y = frame[target].astype(float).rename("target").reset_index(drop=True)
    return Dataset(X.reset_index(drop=True), y, None, tuple(notes + feature_notes), reading)
