"""The gradient-descent page in AppTest: defaults, every control, URL parameters in, bad values out, the
diverged state, scikit-learn side by side on the logistic loss, the script against the page, live checks."""
import pytest
from streamlit.testing.v1 import AppTest

from lib import gradient_descent as gd
from lib import links
from lib.params import url_text
from tests.conftest import metric_values, open_page, text_of
from tests.test_house import printed_lines
from tests.test_rehearse_pages import answer_live_check, widget_value

PAGE = "gradient-descent"
METRICS = list(gd.METRIC_LABELS)


def opened(params: dict | None = None) -> AppTest:
    at = open_page(PAGE, {k: url_text(v) for k, v in (params or {}).items()}, timeout=120)
    assert not at.exception, at.exception
    return at


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "can't be used" in w.value]


def test_defaults_converge_with_the_stability_rule_shown():
    at = opened()
    shown = metric_values(at)
    assert list(shown) == METRICS
    assert shown == {k: gd.shown(v) for k, v in gd.run(gd.Setting()).metrics.items()}
    assert shown["λmax"] == "10.0000" and shown["2 / λmax"] == "0.2000" and shown["Steps to converge"] == "33"
    assert any("Converged in 33 steps" in s.value for s in at.success)
    assert "η < 2/λmax = 0.2000" in text_of(at) and "zig-zag" in text_of(at)
    assert len(at.get("plotly_chart")) == 2
    assert any("w = w - lr * grad(w)" in c.value for c in at.code)
    assert at.main.subheader[-1].value == "Rehearse"
    assert set(at.session_state["_bound_keys"]) == set(links.params_for(PAGE, {}))


def test_every_control_changes_the_view():
    at = opened()
    before = metric_values(at)
    at.select_slider(key="learning_rate").set_value(0.05).run()
    assert not at.exception and metric_values(at)["Steps to converge"] != before["Steps to converge"]
    at.slider(key="condition").set_value(20).run()
    assert metric_values(at)["λmax"] == "20.0000"
    at.slider(key="steps").set_value(20).run()
    assert metric_values(at)["Steps to converge"] == "—" and at.warning
    at.slider(key="start_x").set_value(1.0).run()
    at.slider(key="start_y").set_value(-1.0).run()
    expected = gd.run(gd.Setting(learning_rate=0.05, condition=20, steps=20, start_x=1.0, start_y=-1.0))
    assert metric_values(at)["Final loss"] == gd.shown(expected.metrics["Final loss"])
    at.selectbox(key="optimizer").set_value("momentum").run()
    assert not at.exception and "momentum" in {s.key for s in at.slider}
    at.slider(key="momentum").set_value(0.5).run()
    expected = gd.run(gd.Setting(optimizer="momentum", momentum=0.5, learning_rate=0.05, condition=20, steps=20,
                                 start_x=1.0, start_y=-1.0))
    assert metric_values(at)["Final loss"] == gd.shown(expected.metrics["Final loss"])
    assert "sgd" not in at.selectbox(key="optimizer").options
    at.selectbox(key="surface").set_value("logistic").run()
    assert not at.exception and "condition" not in {s.key for s in at.slider}
    at.selectbox(key="optimizer").set_value("sgd").run()
    at.select_slider(key="batch_size").set_value(64).run()
    assert not at.exception
    expected = gd.run(gd.Setting(surface="logistic", optimizer="sgd", batch_size=64, learning_rate=0.05, steps=20,
                                 start_x=1.0, start_y=-1.0))
    assert metric_values(at) == {k: gd.shown(v) for k, v in expected.metrics.items()}
    at.selectbox(key="surface").set_value("rosenbrock").run()  # sgd is not offered there: back to gd
    assert not at.exception and at.selectbox(key="optimizer").value == "gd"


def test_a_learning_rate_above_2_over_lambda_max_shows_the_diverged_state():
    at = opened({"condition": 10, "learning_rate": 0.3})
    shown = metric_values(at)
    assert shown["Final loss"] == shown["Steps to converge"] == shown["Distance to optimum"] == "—"
    assert any("Diverged at step 10" in e.value for e in at.error)
    assert not any(word in " ".join(shown.values()).lower() for word in ("nan", "inf"))
    assert "**diverges**" in text_of(at)


def test_logistic_shows_the_path_end_beside_sklearn():
    at = opened({"surface": "logistic", "learning_rate": 2.0, "steps": 300})
    table = at.dataframe[0].value
    assert list(table.columns) == ["Path end (numpy)", "scikit-learn coef_", "Difference"]
    run = gd.run(gd.Setting(surface="logistic", learning_rate=2.0, steps=300))
    assert table["scikit-learn coef_"].to_numpy() == pytest.approx(run.sklearn_coef)
    assert table["Difference"].abs().max() <= gd.SKLEARN_TOLERANCE
    assert "agrees with scikit-learn" in text_of(at)


URL_VIEW = {"surface": "logistic", "optimizer": "sgd", "learning_rate": 0.5, "batch_size": 8, "steps": 200,
            "start_x": 0.5, "start_y": -2.0}


def test_url_parameters_round_trip_and_the_script_matches():
    at = opened(URL_VIEW)
    for key, wanted in URL_VIEW.items():
        assert widget_value(at, key) == (wanted if isinstance(wanted, str) else pytest.approx(wanted)), key
    assert not notices(at)
    printed = printed_lines(at)
    assert {k: printed[k] for k in METRICS} == metric_values(at)


@pytest.mark.parametrize(("key", "value", "default"), [
    ("surface", "saddle", "quadratic"), ("optimizer", "lbfgs", "gd"), ("learning_rate", "0.123", 0.15),
    ("learning_rate", "inf", 0.15), ("momentum", "1.5", 0.9), ("steps", "100000", 100), ("steps", "abc", 100),
    ("condition", "0", 10), ("start_x", "nan", -1.5), ("start_y", "9", 2.0),
])
def test_bad_link_values_fall_back_with_a_notice(key, value, default):
    extra = {"optimizer": "momentum"} if key == "momentum" else {}
    at = opened({**extra, key: value})
    shown = widget_value(at, key)
    assert shown == (default if isinstance(default, str) else pytest.approx(default))
    assert any(f"value for `{key}`" in n for n in notices(at)), notices(at)
    assert list(metric_values(at)) == METRICS


def test_sgd_on_a_surface_without_rows_falls_back_and_batch_size_junk_too():
    at = opened({"surface": "quadratic", "optimizer": "sgd"})
    assert widget_value(at, "optimizer") == "gd" and any("value for `optimizer`" in n for n in notices(at))
    at = opened({"surface": "logistic", "optimizer": "sgd", "batch_size": "3"})
    assert widget_value(at, "batch_size") == 16 and any("value for `batch_size`" in n for n in notices(at))


@pytest.mark.parametrize("context", [{"surface": "logistic", "optimizer": "sgd"}, {"optimizer": "nesterov"},
                                     {"surface": "rosenbrock", "optimizer": "adam"}], ids=str)
def test_every_key_the_view_binds_is_in_its_url_table(context):
    at = opened(context)
    assert set(at.session_state["_bound_keys"]) == set(links.params_for(PAGE, context))


def test_live_checks_use_the_page_numbers():
    at = opened({"condition": 10, "learning_rate": 0.3})
    assert answer_live_check(at, PAGE, "gd_stability", "Diverges") == "success"
    assert answer_live_check(at, PAGE, "largest_rate", "0.2") == "success"
    assert answer_live_check(at, PAGE, "steep_factor", "-2") == "success"
    assert answer_live_check(at, PAGE, "steep_factor", "2") == "error"
