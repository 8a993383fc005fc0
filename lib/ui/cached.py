"""Cached wrappers: each expensive result is computed once per distinct small key.

Keys are the frozen choices from `lib.choices` (ids and numbers). An upload is
keyed by the sha256 of its bytes; the bytes themselves come from this session's
state and are never written to disk, so a cached entry can only be reached by a
session that holds the very same file.
"""
from __future__ import annotations

import streamlit as st

from lib import datasets, fitting, upload
from lib.choices import DataChoice, Experiment

UPLOAD_STATE = "_upload"  # session_state: (digest, raw bytes) of the current upload


def upload_bytes(choice: DataChoice) -> bytes | None:
    current = st.session_state.get(UPLOAD_STATE)
    if choice.is_upload and current and current[0] == choice.upload_digest:
        return current[1]
    return None


@st.cache_resource(max_entries=8, show_spinner="Reading the CSV…")
def _parsed(digest: str, _raw: bytes) -> upload.ParsedCSV | upload.UploadError:  # noqa: ARG001 - digest is the key
    try:
        return upload.read_csv(_raw)
    except upload.UploadError as exc:
        return exc  # remembered too: a bad file is not re-parsed on every rerun


def parsed_upload(digest: str, raw: bytes) -> upload.ParsedCSV:
    """The uploaded bytes parsed once per content hash (raises `UploadError` for an unusable file)."""
    result = _parsed(digest, raw)
    if isinstance(result, upload.UploadError):
        raise result
    return result


@st.cache_resource(max_entries=12, show_spinner=False)  # datasets up to 200,000 rows: keep few
def _dataset(choice: DataChoice, _raw: bytes | None) -> datasets.Dataset:
    if choice.is_upload:
        if _raw is None or choice.upload_digest is None:
            raise upload.UploadError("The uploaded file is no longer in this session; upload it again.")
        return upload.make_dataset(parsed_upload(choice.upload_digest, _raw), choice.target)
    return datasets.load(choice.dataset_id, choice.seed, choice.param_dict)


def dataset(choice: DataChoice) -> datasets.Dataset:
    """The dataset for `choice` (raises `UploadError` for an unusable upload)."""
    return _dataset(choice, upload_bytes(choice))


@st.cache_resource(max_entries=16, show_spinner="Training the model…")  # each holds its split
def _fitted(experiment: Experiment, _raw: bytes | None) -> fitting.FittedModel:
    data = _dataset(experiment.data, _raw)
    return fitting.fit_and_score(
        data, experiment.model_id, experiment.param_dict, experiment.seed, experiment.test_size, experiment.positive
    )


def fitted(experiment: Experiment) -> fitting.FittedModel:
    """The model fitted on the training split with its test-set scores, fitted once per experiment."""
    return _fitted(experiment, upload_bytes(experiment.data))
