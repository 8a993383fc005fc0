"""The shared sidebar: URL parameters in -> the same choices out; bad values -> default + notice."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from lib import models, pages
from tests.conftest import ROOT, open_page, text_of


def sidebar_app(page: str):
    import json
    from dataclasses import asdict

    import streamlit as st

    from lib.ui import controls

    experiment = controls.sidebar(page)
    st.text(json.dumps(asdict(experiment) if experiment else None))


def run_sidebar(params: dict, page: str = "classification") -> tuple[AppTest, dict | None]:
    at = AppTest.from_function(sidebar_app, kwargs={"page": page}, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, at.exception
    return at, json.loads(at.text[-1].value)


def test_defaults():
    _, choice = run_sidebar({})
    assert choice["data"] == {"dataset_id": "breast_cancer", "seed": 0, "params": [], "upload_digest": None,
                              "target": None}
    assert choice["model_id"] == "logistic_regression" and choice["test_size"] == 0.25


def test_url_parameters_restore_the_sidebar():
    at, choice = run_sidebar({"dataset": "moons", "model": "svm", "seed": 42, "test_size": 0.4,
                              "n_samples": 800, "noise": 0.35, "C": 0.01, "gamma": 5})
    assert choice["data"]["dataset_id"] == "moons" and choice["data"]["seed"] == 42
    assert dict(choice["data"]["params"]) == {"n_samples": 800, "noise": 0.35}
    assert choice["model_id"] == "svm" and choice["test_size"] == 0.4
    assert dict(choice["model_params"]) == {"C": 0.01, "gamma": 5.0}
    assert at.selectbox(key="dataset").value == "moons"
    assert at.number_input(key="seed").value == 42
    assert not at.warning


def test_positive_class_for_multiclass_data():
    _, choice = run_sidebar({"dataset": "iris", "positive": "setosa"})
    assert choice["positive"] == "setosa"
    _, choice = run_sidebar({"dataset": "iris"})
    assert choice["positive"] == "virginica"


@pytest.mark.parametrize("key, value, field, default", [
    ("dataset", "no_such_data", ("data", "dataset_id"), "breast_cancer"),
    ("dataset", "wine", ("data", "dataset_id"), "breast_cancer"),  # not offered on the imbalance page
    ("model", "deep_net", ("model_id",), "logistic_regression"),
    ("seed", "-5", ("data", "seed"), 0),
    ("seed", "abc", ("data", "seed"), 0),
    ("seed", "10000000", ("data", "seed"), 0),
    ("test_size", "0.95", ("test_size",), 0.25),
    ("test_size", "half", ("test_size",), 0.25),
    ("C", "1e9", None, None),
    ("C", "0.0123", None, None),
])
def test_bad_values_fall_back_with_a_notice(key, value, field, default):
    at, choice = run_sidebar({key: value}, page="imbalance")
    notices = [w.value for w in at.warning]
    assert any(f"`{key}={value}`" in n and "can't be used" in n for n in notices), notices
    if field:
        got = choice
        for part in field:
            got = got[part]
        assert got == default
    else:
        assert dict(choice["model_params"])[key] == models.REGISTRY["logistic_regression"].knob(key).default


def test_junk_in_several_parameters_gives_one_notice_each():
    at, choice = run_sidebar({"dataset": "<script>", "model": "", "seed": "1e999", "test_size": "nan"})
    assert len(at.warning) >= 3
    assert choice["data"]["dataset_id"] == "breast_cancer" and choice["data"]["seed"] == 0


def test_synthetic_controls_reject_out_of_range_values():
    at, choice = run_sidebar({"dataset": "moons", "n_samples": "10", "noise": "7"})
    assert dict(choice["data"]["params"]) == {"n_samples": 500, "noise": 0.25}
    assert len(at.warning) == 2


def test_upload_choice_asks_for_a_file_and_is_not_shared():
    at, choice = run_sidebar({"dataset": "upload"})
    assert choice is None
    assert "Choose a CSV file" in text_of(at)


@pytest.mark.parametrize("page", ["classification", "imbalance", "fitting", "clustering"])
def test_pages_restore_shared_parameters_from_the_url(page):
    dataset = "churn"
    at = open_page(page, {"dataset": dataset, "seed": 3})
    assert not at.exception
    assert at.selectbox(key="dataset").value == dataset
    assert at.number_input(key="seed").value == 3


def test_home_page_links_every_page_with_a_topic():
    at = open_page("")
    assert not at.exception
    assert "Model-evaluation playground" in text_of(at)
    linked = [link.proto.page for link in at.get("page_link")]
    wanted = [p.url_path for p in pages.PAGES.values() for _ in p.topics]
    assert linked == wanted and set(linked) >= {p.id for p in pages.topic_pages()}


JUNK = ["1e999", "-inf", "nan", "", "\x00", "𝔘nicode", "9" * 40, "1,5", "<b>x</b>"]


@pytest.mark.parametrize("key", ["dataset", "model", "seed", "test_size", "n_samples", "noise", "C", "penalty",
                                 "max_depth"])
def test_junk_never_raises(key):
    base = {"dataset": "moons", "model": "decision_tree" if key == "max_depth" else "logistic_regression"}
    for junk in JUNK:
        at, choice = run_sidebar({**base, key: junk}) if key not in base else run_sidebar({key: junk})
        assert choice is not None


def upload_in_sidebar(name: str, page: str = "classification") -> tuple[AppTest, dict | None]:
    at = AppTest.from_function(sidebar_app, kwargs={"page": page}, default_timeout=30)
    at.query_params["dataset"] = "upload"
    at.run()
    content = (ROOT / "tests" / "data" / "csv" / name).read_bytes()
    at.file_uploader(key="upload_file").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at, json.loads(at.text[-1].value)


def test_bad_upload_gets_its_message_in_the_app():
    at, choice = upload_in_sidebar("excel_workbook.csv")
    assert choice is None
    assert any("not a CSV file" in e.value for e in at.error)
    at, choice = upload_in_sidebar("few_rows.csv")
    assert choice is None and any("at least 20" in e.value for e in at.error)


def test_good_upload_is_keyed_by_content_hash_and_target():
    import hashlib
    at, choice = upload_in_sidebar("text_features.csv")
    content = (ROOT / "tests" / "data" / "csv" / "text_features.csv").read_bytes()
    assert choice["data"]["dataset_id"] == "upload"
    assert choice["data"]["upload_digest"] == hashlib.sha256(content).hexdigest()
    assert choice["data"]["target"] == "label"
    assert at.selectbox(key="upload_target").options[0] == "label"


def test_an_upload_is_not_visible_to_another_session():
    upload_in_sidebar("text_features.csv")
    _, choice = run_sidebar({"dataset": "upload"})
    assert choice is None
