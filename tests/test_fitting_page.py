"""The fitting page in AppTest: every knob via the URL, headline numbers, snippet, bad links, live reuse."""
import re
import subprocess
import sys

import pytest

from lib import curves, models
from lib.models import format_value
from tests.conftest import ROOT, metric_values, open_page, text_of

SMALL = {"dataset": "moons", "n_samples": 200}  # keeps the heaviest knob settings quick


def _knob_cases():
    """(model, knob, value) for every knob of every model at its minimum, default and maximum."""
    cases = []
    for model_id in models.ids_for(models.CLASSIFIER):  # the models the fitting page offers
        spec = models.REGISTRY[model_id]
        for knob in spec.knobs:
            for value in dict.fromkeys((knob.grid[0], knob.default, knob.grid[-1])):
                cases.append(pytest.param(model_id, knob.name, value, id=f"{model_id}-{knob.name}={value}"))
    return cases


def _widget_value(at, key):
    for kind in ("select_slider", "slider", "selectbox"):
        try:
            return getattr(at, kind)(key=key).value
        except KeyError:
            continue
    raise KeyError(key)


def _number(text: str) -> float:
    return float(text)


def _alerts(at) -> str:
    return "\n".join(e.value for kind in (at.error, at.warning, at.success) for e in kind)


@pytest.mark.slow
@pytest.mark.parametrize("model_id, knob, value", _knob_cases())
def test_every_knob_from_the_url_renders(model_id, knob, value):
    params = {**SMALL, "model": model_id, knob: format_value(value)}
    if knob == "l1_ratio":
        params["penalty"] = "elasticnet"  # the only penalty that shows it
    if knob in curves.sweepable_knobs(model_id):
        params["curve_param"] = knob  # the curve is then shared by the three values (cached)
    at = open_page("fitting", params, timeout=300)
    assert not at.exception, at.exception
    assert not [w.value for w in at.warning if "can't be used" in w.value]
    assert _widget_value(at, knob) == value
    shown = metric_values(at)
    assert list(shown) == ["Train score", "CV validation score", "Gap", "Test score"]
    train, validation, gap, test = (_number(shown[k]) for k in shown)
    assert 0 <= train <= 1 and 0 <= validation <= 1 and 0 <= test <= 1
    assert gap == pytest.approx(train - validation, abs=0.0015)
    assert "Verdict:" in _alerts(at)
    assert len(at.get("plotly_chart")) >= 4


def _snippet(at) -> str:
    return next(c.value for c in at.code if "print(f\"CV validation score" in c.value)


def _run(code: str) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         check=True).stdout
    return dict(line.split(": ", 1) for line in out.strip().splitlines())


@pytest.mark.parametrize("params", [
    {},  # breast cancer, logistic regression, accuracy
    {"dataset": "iris", "positive": "versicolor", "model": "knn", "n_neighbors": 15, "scoring": "roc_auc",
     "seed": 3},
    {**SMALL, "model": "decision_tree", "max_depth": 9, "curve_param": "min_samples_leaf", "test_size": 0.3},
], ids=["defaults", "iris-knn-roc_auc", "moons-tree-leaf-curve"])
def test_snippet_reproduces_the_page(params):
    at = open_page("fitting", params, timeout=300)
    assert not at.exception
    printed = _run(_snippet(at))
    shown = metric_values(at)
    for label in ("Train score", "CV validation score", "Gap", "Test score"):
        assert printed[label] == shown[label], label
    best_line = next(k for k in printed if k.startswith("Best "))
    knob = best_line.split()[1]
    best_value = printed[best_line].split()[0]
    assert f"Best {knob} on the curve's grid = **{best_value}**" in text_of(at)


def test_scoring_and_curve_param_are_read_from_the_url():
    at = open_page("fitting", {**SMALL, "model": "svm", "scoring": "roc_auc", "curve_param": "C"})
    assert not at.exception
    assert at.selectbox(key="scoring").value == "roc_auc"
    assert at.selectbox(key="curve_param").value == "C"
    assert at.metric[0].help.startswith("ROC-AUC on the rows each model was fitted on")
    assert "Marker at C = **1**" in text_of(at)


@pytest.mark.parametrize("key, value", [("C", "junk"), ("C", "1e9"), ("scoring", "f1"),
                                        ("curve_param", "penalty"), ("degree", "40"), ("alpha", "-1")])
def test_bad_link_values_fall_back_with_a_notice(key, value):
    at = open_page("fitting", {**SMALL, key: value})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any(f"value for `{key}`" in n for n in notices), notices
    assert metric_values(at)["Train score"] != "—"


def test_a_knob_move_reuses_the_cached_curve(monkeypatch):
    """Moving the swept knob changes the scores and the marker; the validation curve is not recomputed."""
    calls = []
    original = curves.validation_curve_for
    monkeypatch.setattr(curves, "validation_curve_for", lambda *a, **k: calls.append(a[4]) or original(*a, **k))
    at = open_page("fitting", {**SMALL, "seed": 4242, "model": "decision_tree", "max_depth": 2})
    assert calls and not at.exception
    before, n_calls = metric_values(at), len(calls)
    assert "Marker at max_depth = **2**" in text_of(at)
    at.slider(key="max_depth").set_value(12).run()
    assert not at.exception
    assert len(calls) == n_calls  # the curve came from the cache
    assert metric_values(at) != before
    assert "Marker at max_depth = **12**" in text_of(at)
    assert "Verdict: overfitting" in "\n".join(e.value for e in at.error)


def test_regularisation_paths_mark_the_current_c():
    at = open_page("fitting", {"C": 0.01, "penalty": "l1"})
    assert not at.exception
    match = re.search(r"At C = 0.01: L1 keeps \*\*(\d+) of 30\*\* coefficients non-zero, L2 keeps \*\*30 of 30",
                      text_of(at))
    assert match and int(match.group(1)) < 30
    assert "Verdict: underfitting" in "\n".join(e.value for e in at.warning)


def test_polynomial_demo_from_the_url():
    at = open_page("fitting", {**SMALL, "degree": 15, "alpha": "1e-12"})
    assert not at.exception
    assert at.slider(key="degree").value == 15
    text = text_of(at)
    train, test = (float(x) for x in re.search(r"train MSE \*\*([\d.]+)\*\*, test MSE \*\*([\d.]+)\*\*", text).groups())
    assert test > 5 * train  # degree 15 with no penalty overfits 15 points
    code = next(c.value for c in at.code if "PolynomialFeatures(15" in c.value)
    assert _run(code) == {"Train MSE": f"{train:.3f}", "Test MSE": f"{test:.3f}"}


def test_wide_data_says_the_boundary_is_a_projection():
    at = open_page("fitting", {"dataset": "wine", "model": "naive_bayes"})
    assert not at.exception
    assert "refitted on the first two principal components" in text_of(at)


def test_switching_model_resets_the_swept_knob():
    at = open_page("fitting", {**SMALL, "model": "decision_tree", "curve_param": "min_samples_leaf"})
    assert at.selectbox(key="curve_param").value == "min_samples_leaf"
    at.selectbox(key="model").set_value("knn").run()
    assert not at.exception
    assert at.selectbox(key="curve_param").value == "n_neighbors"
    assert "Marker at n_neighbors = **5**" in text_of(at)


def test_a_setting_the_data_cannot_support_is_explained():
    """100 neighbours on 37 training rows cannot be fitted: a message, not a traceback."""
    at = open_page("fitting", {"dataset": "moons", "n_samples": 50, "model": "knn", "n_neighbors": 100})
    assert not at.exception
    assert any("cannot be evaluated on this data" in e.value and "n_neighbors" in e.value for e in at.error)


def test_a_small_test_split_is_flagged_beside_its_test_score():
    small = open_page("fitting", {"dataset": "moons", "n_samples": 50, "test_size": 0.2})
    assert not small.exception
    assert any("Small test split: 10 rows" in w.value for w in small.warning)
    assert not any("Small test split" in w.value for w in open_page("fitting", SMALL).warning)
