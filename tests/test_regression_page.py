"""The regression page in AppTest: every model × dataset, URL parameters in, bad values, the script against the
page, a numeric-target upload, one knob → one diagnostic, picture links, live checks and fits per move."""
import io
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import links, models, pages, questions
from lib import regression as reg
from lib.params import url_text
from tests.conftest import ROOT, metric_values, open_page, text_of
from tests.test_house import printed_lines
from tests.test_rehearse_pages import answer_live_check, widget_value

PAGE = "regression"
MODELS = models.ids_for(models.REGRESSOR)
DATASETS = pages.page(PAGE).dataset_ids()
METRICS = ["R²", "Adjusted R²", "RMSE", "MAE", "MAPE", "Train R²", "Train RMSE"]
DIAGNOSTICS = ["RESET p", "Breusch–Pagan p", "Jarque–Bera p", "Durbin–Watson", "Max VIF", "Cook's distance"]
QUICK = {"n_estimators": 20}  # a smaller forest keeps the matrix quick; every other model at its defaults


def opened(params: dict | None = None, timeout: float = 180) -> AppTest:
    at = open_page(PAGE, {k: url_text(v) for k, v in (params or {}).items()}, timeout=timeout)
    assert not at.exception, at.exception
    return at


def verdicts(at: AppTest) -> dict[str, str]:
    """Assumption -> verdict, read from the page's verdict boxes ("**Linearity: violated** (...")."""
    found = {}
    for kind in ("success", "warning", "error", "info"):
        for box in getattr(at, kind):
            head = box.value.split("**")[1] if box.value.startswith("**") else ""
            assumption, _, verdict = head.partition(": ")
            if assumption in reg.ASSUMPTIONS:
                found[assumption] = verdict
    return found


def numbers(at: AppTest) -> dict[str, float]:
    return {k: float(v) for k, v in metric_values(at).items() if v != "—"}


# --- every model on every dataset ---------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", DATASETS)
@pytest.mark.parametrize("model_id", MODELS)
def test_every_model_on_every_dataset_renders(model_id, dataset_id):
    params = {"dataset": dataset_id, "model": model_id, **(QUICK if "forest" in model_id else {})}
    at = opened(params)
    shown = metric_values(at)
    assert set(METRICS) <= set(shown) and {"Durbin–Watson", "Max VIF", "Cook's distance"} <= set(shown)
    assert set(verdicts(at)) == set(reg.ASSUMPTIONS)
    assert len(at.get("plotly_chart")) >= 6  # four pictures, row order, coefficients (+ paths)
    assert any("Reproduce in code" in e.label for e in at.expander)
    assert at.main.subheader[-1].value == "Rehearse"  # the Rehearse panel is the page's last section


def test_defaults_show_the_textbook_model():
    at = opened()
    assert list(metric_values(at)) == METRICS + DIAGNOSTICS
    assert set(verdicts(at).values()) == {reg.HOLDS}
    assert "not stratified" in text_of(at)
    assert at.selectbox(key="dataset").options == [*DATASETS, "upload"]
    assert at.selectbox(key="model").options == MODELS


# --- URL parameters in, bad values out --------------------------------------------------------------------

ROUND_TRIP = {"dataset": "regression", "n_samples": 300, "noise": 2.5, "seed": 7, "test_size": 0.3,
              "model": "elastic_net", "alpha": 0.1, "l1_ratio": 0.25, "heteroscedasticity": 0.4,
              "collinearity": 0.65, "robust": True}


def test_url_parameters_round_trip():
    at = opened(ROUND_TRIP)
    for key, wanted in ROUND_TRIP.items():
        shown = widget_value(at, key)
        assert (shown == wanted) if isinstance(wanted, (bool, str)) else shown == pytest.approx(wanted), key
    assert not [w.value for w in at.warning if "can't be used" in w.value]
    # the same link in a second session gives the same numbers; so does reaching the view by moving controls
    assert metric_values(opened(ROUND_TRIP)) == metric_values(at)
    moved = opened({k: v for k, v in ROUND_TRIP.items() if k not in ("collinearity", "heteroscedasticity")})
    moved.slider(key="collinearity").set_value(0.65).run()
    moved.slider(key="heteroscedasticity").set_value(0.4).run()
    assert metric_values(moved) == metric_values(at)
    assert links.link_problems(PAGE, ROUND_TRIP) == []
    assert "HC3 robust" in text_of(at)


@pytest.mark.parametrize(("key", "value", "default"), [
    ("outliers", "7", 0.0), ("nonlinearity", "-0.5", 0.0), ("noise_tail", "abc", 0.0), ("autocorrelation", "nan", 0.0),
    ("robust", "maybe", False), ("dataset", "nope", "regression"), ("model", "ridgeback", "linear_regression"),
    ("n_samples", "-3", 500), ("noise", "0", 1.0), ("seed", "inf", 0), ("test_size", "0.99", 0.25),
])
def test_bad_link_values_fall_back_with_a_notice(key, value, default):
    at = opened({key: value})
    shown = widget_value(at, key)
    assert (shown == default) if isinstance(default, (bool, str)) else shown == pytest.approx(default)
    assert any("can't be used" in w.value and f"value for `{key}`" in w.value for w in at.warning), [w.value for w in at.warning]
    assert set(METRICS) <= set(metric_values(at))


def test_bad_model_knob_falls_back_too():
    at = opened({"model": "ridge", "alpha": "junk"})
    assert widget_value(at, "alpha") == 1.0 and any("value for `alpha` (“junk”)" in w.value for w in at.warning)


def test_knobs_on_a_real_table_are_not_read():
    at = opened({"dataset": "diabetes"})
    assert not [s for s in at.slider if s.key in reg.KNOBS]
    assert any("six assumption knobs" in c.value for c in at.caption)
    assert links.link_problems(PAGE, {"dataset": "diabetes", "outliers": 0.5})


# --- the script reproduces the page ------------------------------------------------------------------------

SCRIPT_VIEWS = [
    {},
    {"outliers": 1.0, "model": "ridge", "alpha": 10.0, "seed": 3},
    {"n_samples": 150, "nonlinearity": 0.8, "model": "polynomial", "degree": 3},  # Shapiro–Wilk
    {"dataset": "engel", "model": "lasso", "alpha": 1.0, "test_size": 0.3},
    {"dataset": "diabetes", "model": "random_forest_regressor", "n_estimators": 15, "max_depth": 4},
    {"noise": 5.0, "n_samples": 20000},  # MAPE undefined: — on both sides
]


def script_lines(at: AppTest, upload: bytes | None, folder: Path) -> dict[str, str]:
    """The page's script run in a subprocess (next to the uploaded file as `your_file.csv`): its `Label: value`s."""
    if upload is None:
        return printed_lines(at)
    (folder / "your_file.csv").write_bytes(upload)
    code = next(c.value for c in at.code if "print(" in c.value)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, timeout=300)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)


def assert_every_line_matches(at: AppTest, upload: bytes | None = None, folder: Path | None = None) -> None:
    shown, printed = metric_values(at), script_lines(at, upload, folder)
    assert set(shown) == set(printed), (shown, printed)
    assert shown == printed


@pytest.mark.parametrize("params", SCRIPT_VIEWS, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_the_script_prints_every_number_on_the_page(params):
    assert_every_line_matches(opened(params))


# --- uploads with a numeric target ---------------------------------------------------------------------

def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def noisy_table() -> bytes:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"size": rng.normal(size=120), "kind": rng.choice(["a", "b", "c"], 120),
                          "rooms": rng.integers(1, 5, 120)})
    frame["price"] = 50 + 4 * frame["size"] + frame["kind"].map({"a": 0, "b": 2, "c": -1}) + rng.normal(size=120)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode()


def test_a_numeric_target_upload_trains_and_its_script_matches(tmp_path):
    at = upload(opened({"dataset": "upload"}), "houses.csv", noisy_table())
    assert at.selectbox(key="upload_target").value == "price"
    assert at.selectbox(key="upload_target").options == ["price", "size", "rooms"]
    shown = numbers(at)
    assert shown["R²"] > 0.8 and set(METRICS) | {"Max VIF"} <= set(shown)
    assert "kind_b" in at.dataframe[0].value.index  # one-hot with a reference level in the coefficients table
    assert_every_line_matches(at, noisy_table(), tmp_path)
    at.selectbox(key="upload_target").set_value("size").run()  # the user can switch the target
    assert not at.exception and numbers(at)["R²"] > 0.8


def test_the_shipped_continuous_target_upload_trains(tmp_path):
    content = (ROOT / "tests" / "data" / "csv" / "continuous_target.csv").read_bytes()
    at = upload(opened({"dataset": "upload"}), "continuous_target.csv", content)
    assert at.selectbox(key="upload_target").value == "price"
    shown = metric_values(at)
    assert shown["R²"] == "1.000"  # price = 100 + 3.7·a exactly
    assert shown["Durbin–Watson"] == "—" and any(reg.EXACT_FIT_NOTE in e.value for e in at.info)
    assert verdicts(at)["Linearity"] == reg.UNDEFINED
    assert_every_line_matches(at, content, tmp_path)


def test_an_upload_without_numbers_to_predict_is_explained():
    content = b"colour,shape\n" + b"red,round\nblue,square\n" * 15
    at = upload(opened({"dataset": "upload"}), "t**x**t.csv", content)
    assert any("no column holds numbers that vary" in e.value and r"t\*\*x\*\*t" in e.value for e in at.error)


# --- the page's promise: one knob, one diagnostic ----------------------------------------------------------

OWN = {"nonlinearity": ("Linearity", "RESET p"), "heteroscedasticity": ("Constant variance", "Breusch–Pagan p"),
       "noise_tail": ("Normal errors", "Jarque–Bera p"), "autocorrelation": ("Independent errors", "Durbin–Watson"),
       "collinearity": ("No multicollinearity", "Max VIF"), "outliers": ("No influential points", "Cook's distance")}
CROSSED = {"RESET p": lambda v: v < 0.01, "Breusch–Pagan p": lambda v: v < 0.01, "Jarque–Bera p": lambda v: v < 0.01,
           "Durbin–Watson": lambda v: abs(v - 2) > 1, "Max VIF": lambda v: v >= 10, "Cook's distance": lambda v: v >= 1}


@pytest.mark.parametrize("knob", reg.KNOBS)
def test_each_knob_turned_up_alone_trips_its_own_diagnostic_on_the_page(knob):
    at = opened()
    before = numbers(at)
    at.slider(key=knob).set_value(1.0).run()
    assert not at.exception
    assumption, label = OWN[knob]
    after, shown = numbers(at), verdicts(at)
    assert CROSSED[label](after[label]) and not CROSSED[label](before[label]), (label, before[label], after[label])
    assert shown[assumption] == reg.VIOLATED
    assert all(v == reg.HOLDS for a, v in shown.items() if a != assumption), shown
    assert [lab for lab, crossed in CROSSED.items() if crossed(after[lab])] == [label]


def test_collinearity_widens_the_correlated_intervals_and_robust_errors_widen_uneven_ones():
    def std_errors(at):
        return at.dataframe[0].value["std error"]
    plain = std_errors(opened())
    collinear = std_errors(opened({"collinearity": 1.0}))
    assert (collinear[["x1", "x2"]] > 5 * plain[["x1", "x2"]]).all()
    assert (collinear[["x3", "x4"]] < 1.5 * plain[["x3", "x4"]]).all()
    ordinary = std_errors(opened({"heteroscedasticity": 1.0}))
    robust = std_errors(opened({"heteroscedasticity": 1.0, "robust": True}))
    assert (robust[["x1", "x2"]] > 1.02 * ordinary[["x1", "x2"]]).all()  # ordinary errors were too narrow


# --- live: one fit per knob move, nothing for the robust toggle ---------------------------------------------

@pytest.mark.usefixtures("cold_caches")
def test_a_data_knob_refits_one_model_and_the_toggle_none(fit_counter):
    at = opened()
    fit_counter.reset()
    at.slider(key="outliers").set_value(0.5).run()
    assert fit_counter.n == 1
    fit_counter.reset()
    at.toggle(key="robust").set_value(True).run()
    assert fit_counter.n == 0 and not at.exception
    at.slider(key="outliers").set_value(0.0).run()  # back to a visited view: all cached
    assert fit_counter.n == 0


# --- pictures and live checks --------------------------------------------------------------------------------

def picture(question_id: str, **changes) -> AppTest:
    page, params = questions.picture_params(questions.by_id()[question_id])
    assert page == PAGE
    return opened({**params, **changes})


def test_the_pictures_show_what_their_look_text_promises():
    assert verdicts(picture("checking-regression-assumptions"))["Linearity"] == reg.VIOLATED
    assert verdicts(picture("linear-regression-assumptions"))["Constant variance"] == reg.VIOLATED
    poly = numbers(picture("r2-vs-adjusted-r2"))
    assert poly["Adjusted R²"] < poly["R²"] - 0.2
    line = numbers(picture("r2-vs-adjusted-r2", degree=1))
    assert abs(line["Adjusted R²"] - line["R²"]) < 0.02
    engel = numbers(picture("rmse-vs-mae"))
    assert engel["RMSE"] > 1.8 * engel["MAE"]
    near_zero = picture("mape-near-zero")
    assert metric_values(near_zero)["MAPE"] == "—" and "MAPE is undefined" in text_of(near_zero)
    assert numbers(picture("multicollinearity-vif"))["Max VIF"] > 50
    hetero = picture("heteroscedasticity-remedies")
    assert numbers(hetero)["Breusch–Pagan p"] < 0.01 and "HC3 robust" in text_of(hetero)
    forest = numbers(picture("tree-vs-linear-regression"))
    linear = numbers(picture("tree-vs-linear-regression", model="linear_regression"))
    assert forest["R²"] > linear["R²"] + 0.1
    table = picture("interpreting-a-coefficient").dataframe[0].value
    assert table.loc["x1", "95% CI low"] < 2 < table.loc["x1", "95% CI high"] + 0.2
    assert table.loc["x4", "95% CI low"] < 0 < table.loc["x4", "95% CI high"]
    assert numbers(picture("autocorrelated-errors"))["Durbin–Watson"] < 1
    assert numbers(picture("influential-points"))["Cook's distance"] > 10


def test_live_checks_are_answered_by_the_page_numbers():
    at = opened({"heteroscedasticity": 1.0})
    assert answer_live_check(at, PAGE, "regression_violation", "Constant variance") == "success"
    assert answer_live_check(at, PAGE, "regression_violation", "Linearity") == "error"
    shown = numbers(at)
    assert answer_live_check(at, PAGE, "r2_from_rmse", shown["R²"]) == "success"
    assert answer_live_check(at, PAGE, "adjusted_r2", shown["Adjusted R²"]) == "success"
    assert answer_live_check(at, PAGE, "vif", shown["Max VIF"]) == "success"
    prompt = next(m.value for m in at.markdown if "training mean?" in m.value)
    train_mean, test_mean, test_sd = (float(x) for x in re.findall(r"\d+\.\d{3}", prompt)[:3])
    baseline = math.hypot(test_sd, test_mean - train_mean)  # RMSE² = SD² + (mean gap)²
    assert answer_live_check(at, PAGE, "mean_baseline_rmse", f"{baseline:.3f}") == "success"
    assert answer_live_check(at, PAGE, "mean_baseline_rmse", f"{test_sd * 0.5:.3f}") == "error"


def test_paths_mark_the_current_alpha_and_explain_elsewhere():
    at = opened({"model": "lasso", "alpha": 0.5})
    assert "Dashed line: alpha = 0.5" in text_of(at)
    assert "belong to the regularised models" in text_of(opened())
