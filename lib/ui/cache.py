"""The one caching layer: every expensive result is computed once per distinct small key.

- `cached(...)` wraps `st.cache_resource` (or `st.cache_data`) with one convention for a failure: a
  user-facing error (`UserError`, or a model's `ValueError`) raised while computing is remembered like a
  result and raised again to every caller, so a setting that cannot work is not retried on every rerun.
- Keys are the frozen choices from `lib.choices` (ids and numbers), never DataFrames.
- An upload is keyed by the sha256 of its bytes. The bytes live in this session's state only (never on
  disk); `dataset()` reads them from there, so a cached entry is only reached by a session that holds
  the very same file.
- `progress()` fills cached pieces one by one with a progress bar, only while something is computed.

Page-specific cached steps are small functions decorated with `cached` next to the page that uses them.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from lib import curves, datasets, fitting, thresholds, upload
from lib.choices import DataChoice, Experiment
from lib.errors import UserError

UPLOAD_STATE = "_upload"  # session_state: (digest, raw bytes) of the current upload


class MissingUpload(upload.UploadError):
    """This session no longer holds the uploaded bytes a key names."""


@dataclass(frozen=True)
class _Failure:
    error: Exception

    def raise_again(self) -> None:
        raise type(self.error)(*self.error.args)


def cached(max_entries: int, spinner: str | bool = False, *, data: bool = False) -> Callable:
    """Decorator: cache `fn` per distinct arguments (`data=True`: `st.cache_data`, results copied per caller;
    default `st.cache_resource`, one shared read-only object). Failures are cached too (see the module note)."""
    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def remembering(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except MissingUpload:
                raise  # about this session, not about the key: never remembered
            except (UserError, ValueError) as exc:
                return _Failure(exc)

        store = (st.cache_data if data else st.cache_resource)(max_entries=max_entries,
                                                               show_spinner=spinner)(remembering)

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            result = store(*args, **kwargs)
            if isinstance(result, _Failure):
                result.raise_again()
            return result

        call.clear = store.clear
        return call
    return decorate


def clear_all() -> None:
    """Empty every cache (tests use it for a cold start)."""
    st.cache_data.clear()
    st.cache_resource.clear()


def progress(label: str, items: Sequence, compute: Callable[[Any], Any], *, after: float = 0.3) -> list:
    """`[compute(item) for item in items]` with a spinner, and a progress bar once it has taken `after`
    seconds: cached items come back at once and show nothing."""
    slot, start, results = st.empty(), time.perf_counter(), []
    with st.spinner(label):
        for done, item in enumerate(items, start=1):
            results.append(compute(item))
            if time.perf_counter() - start > after and done < len(items):
                slot.progress(done / len(items), text=f"{label} {done} of {len(items)} done")
    slot.empty()
    return results


# --- uploads ----------------------------------------------------------------------------------

def remember_upload(raw: bytes) -> str:
    """Keep the uploaded bytes in this session (only the latest file) and return their digest."""
    digest = hashlib.sha256(raw).hexdigest()
    st.session_state[UPLOAD_STATE] = (digest, raw)
    return digest


def _upload_bytes(digest: str | None) -> bytes:
    current = st.session_state.get(UPLOAD_STATE)
    if digest is None or not current or current[0] != digest:
        raise MissingUpload("The uploaded file is no longer in this session; upload it again.")
    return current[1]


@cached(max_entries=8, spinner="Reading the CSV…")
def parsed_upload(digest: str) -> upload.ParsedCSV:
    """The uploaded bytes parsed once per content hash (raises `UploadError` for an unusable file)."""
    return upload.read_csv(_upload_bytes(digest))


# --- results every page shares ----------------------------------------------------------------

@cached(max_entries=12)  # datasets up to 200,000 rows: keep few
def dataset(choice: DataChoice) -> datasets.Dataset:
    """The dataset for `choice` (raises `UploadError` for an unusable upload)."""
    if choice.is_upload:
        return upload.make_dataset(parsed_upload(choice.upload_digest), choice.target)
    return datasets.load(choice.dataset_id, choice.seed, choice.param_dict)


@cached(max_entries=16, spinner="Training the model…")  # each holds its split
def fitted(experiment: Experiment) -> fitting.FittedModel:
    """The model fitted on the training split with its test-set scores, fitted once per experiment."""
    return fitting.fit_and_score(dataset(experiment.data), experiment.model_id, experiment.param_dict,
                                 experiment.seed, experiment.test_size, experiment.positive)


@cached(max_entries=32, spinner="Sorting the test scores and computing the curves…")
def evaluation(experiment: Experiment) -> thresholds.Evaluation:
    """Sorted scores, curves and AUCs of the experiment's fitted model: what every threshold move reads."""
    model = fitted(experiment)
    return thresholds.evaluate(model.y_true, model.y_score)


@cached(max_entries=16)
def training_rows(data: DataChoice, test_size: float, positive: str | None) -> curves.TrainingRows:
    """The training split (sampled for large data) that cross-validated curves run on."""
    data_set = dataset(data)
    return curves.training_rows(data_set.X, data_set.binary_target(positive), test_size, data.seed)
