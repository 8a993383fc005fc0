"""The Bayes page in AppTest: the defaults, every control, presets, URL parameters in, bad values out, the script
against the page, the links to the imbalance and classification pages, and the live checks."""
import pytest
from streamlit.testing.v1 import AppTest

from lib import bayes, links, questions
from lib.params import url_text
from lib.ui.url import BOUND_KEYS
from tests.conftest import metric_values, open_page, text_of
from tests.test_house import printed_lines
from tests.test_rehearse_pages import answer_live_check, widget_value

PAGE = "bayes"
METRICS = ["PPV", "NPV", "P(positive test)", "Accuracy", "True positives", "False positives", "False negatives",
           "True negatives"]
SECOND = ["PPV after two positives", "P(condition | positive, then negative)"]


def opened(params: dict | None = None) -> AppTest:
    at = open_page(PAGE, {k: url_text(v) for k, v in (params or {}).items()}, timeout=60)
    assert not at.exception, at.exception
    return at


def expected(values: dict) -> dict[str, str]:
    """The headline numbers the lib gives for a view, as the page shows them."""
    v = {**bayes.DEFAULTS, **values}
    r = bayes.evaluate(v["prevalence"], v["sensitivity"], v["specificity"])
    n = bayes.natural_frequencies(v["population"], r.prevalence, r.sensitivity, r.specificity)
    t = bayes.second_update(r, v["second_sensitivity"], v["second_specificity"]) if v["second_test"] else None
    return {label: bayes.shown(value) for label, value in bayes.headline(r, n, t).items()}


def link_notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "can't be used" in w.value]


# --- defaults ----------------------------------------------------------------------------------------------

def test_defaults_show_the_screening_example():
    at = opened()
    shown = metric_values(at)
    assert list(shown) == METRICS
    assert shown == expected({}) and shown["PPV"] == "0.092" and shown["False positives"] == "89"
    assert sum(int(shown[k].replace(",", "")) for k in METRICS[4:]) == 1000
    assert len(at.get("plotly_chart")) == 3  # icon array, tree, PPV/NPV curve
    assert any("0.0917" in e.value for e in at.get("latex"))  # the formula with the numbers filled in
    assert "9 / 98 = 0.0918" in text_of(at) and "halves up" in text_of(at)  # the counts' PPV and the rounding rule
    assert "Screening (mammography)" in text_of(at)
    assert any("Reproduce in code" in e.label for e in at.expander)
    assert at.main.subheader[-1].value == "Rehearse"
    assert set(at.session_state[BOUND_KEYS]) == set(links.params_for(PAGE)) == set(bayes.KEYS)
    assert not link_notices(at)


# --- every control -------------------------------------------------------------------------------------------

MOVES = [("select_slider", "prevalence", 0.001), ("slider", "sensitivity", 0.8), ("slider", "specificity", 0.999),
         ("select_slider", "population", 10_000)]


def test_every_control_changes_what_it_should():
    at = opened()
    values: dict = {}
    for kind, key, value in MOVES:
        before = metric_values(at)
        getattr(at, kind)(key=key).set_value(value).run()
        assert not at.exception, at.exception
        values[key] = value
        after = metric_values(at)
        assert after == expected(values), key
        changed = {k for k in METRICS if after[k] != before[k]}
        if key == "population":  # only the counts move
            assert changed and changed <= set(METRICS[4:])
        else:
            assert "PPV" in changed, key
    assert metric_values(at)["True negatives"] == "9,980"  # 9,990 healthy − 10 false positives; thousands separator on counts


def test_second_test_toggle_and_its_controls():
    at = opened()
    assert at.slider(key="second_sensitivity").disabled and not any(k in metric_values(at) for k in SECOND)
    at.toggle(key="second_test").set_value(True).run()
    assert not at.slider(key="second_sensitivity").disabled
    assert list(metric_values(at)) == METRICS + SECOND
    assert metric_values(at)["PPV after two positives"] == "0.503"
    assert "the posterior becomes the prior" in text_of(at) and len(at.get("latex")) == 4  # + the update's formula
    for key, value in (("second_sensitivity", 0.99), ("second_specificity", 0.999)):
        before = metric_values(at)["PPV after two positives"]
        at.slider(key=key).set_value(value).run()
        assert metric_values(at)["PPV after two positives"] != before, key
    assert metric_values(at) == expected({"second_test": True, "second_sensitivity": 0.99,
                                          "second_specificity": 0.999})


@pytest.mark.parametrize("preset", list(bayes.PRESETS))
def test_presets_write_the_bound_controls(preset):
    at = opened({"specificity": 0.6})
    at.button(key=f"preset:{preset}").click().run()
    assert not at.exception, at.exception
    for key, value in bayes.PRESETS[preset].values.items():
        assert widget_value(at, key) == pytest.approx(value), key
    assert metric_values(at) == expected(dict(bayes.PRESETS[preset].values))
    assert bayes.PRESETS[preset].label in text_of(at)
    # the preset's view is a share link: the same values in a fresh session give the same numbers
    assert metric_values(opened(dict(bayes.PRESETS[preset].values))) == metric_values(at)


# --- URL parameters in, bad values out ---------------------------------------------------------------------

ROUND_TRIP = {"prevalence": 0.03, "sensitivity": 0.75, "specificity": 0.985, "population": 2000,
              "second_test": True, "second_sensitivity": 0.6, "second_specificity": 0.999}


def test_url_parameters_round_trip():
    at = opened(ROUND_TRIP)
    for key, wanted in ROUND_TRIP.items():
        assert widget_value(at, key) == pytest.approx(wanted), key
    assert not link_notices(at)
    assert metric_values(at) == expected(ROUND_TRIP)
    assert links.link_problems(PAGE, ROUND_TRIP) == []


BAD = {"prevalence": ("0.7", 0.01), "sensitivity": ("0.2", 0.9), "specificity": ("abc", 0.91),
       "population": ("12", 1000), "second_test": ("maybe", False), "second_sensitivity": ("nan", 0.9),
       "second_specificity": ("1.5", 0.91)}


def test_bad_link_values_fall_back_with_a_notice_each():
    at = opened({key: raw for key, (raw, _) in BAD.items()})
    notices = link_notices(at)
    for key, (_, default) in BAD.items():
        assert widget_value(at, key) == pytest.approx(default), key
        assert any(f"value for `{key}`" in n for n in notices), (key, notices)
    assert metric_values(at) == expected({})


@pytest.mark.parametrize(("key", "raw"), [("prevalence", "0.0015"), ("population", "inf"),
                                          ("sensitivity", "![x](http://example.com/p.png)")])
def test_one_bad_value_leaves_the_others(key, raw):
    at = opened({"specificity": 0.99, key: raw})
    assert len(link_notices(at)) == 1 and widget_value(at, "specificity") == pytest.approx(0.99)
    assert "](http" not in link_notices(at)[0]  # the link's text is escaped


# --- the script reproduces the page ----------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, ROUND_TRIP, {"prevalence": 0.5, "specificity": 1.0, "population": 100}])
def test_the_script_prints_the_page_numbers(params):
    at = opened(params)
    assert printed_lines(at) == metric_values(at)


# --- links to the rest of the app ------------------------------------------------------------------------------

@pytest.mark.parametrize(("prevalence", "share", "rounded"), [(0.01, 0.01, False), (0.001, 0.005, True),
                                                              (0.03, 0.02, True)])
def test_imbalance_link_opens_the_same_positive_share(prevalence, share, rounded):
    at = opened({"prevalence": prevalence})
    by_page = {p.proto.page: p.proto for p in at.get("page_link")}
    assert by_page["imbalance"].query_string == f"minority={share:g}"
    assert "classification" in by_page
    assert ("nearest share" in text_of(at)) == rounded


def test_the_imbalance_page_opens_at_that_share():
    at = open_page("imbalance", {"minority": "0.005"}, timeout=240)
    assert not at.exception and widget_value(at, "minority") == pytest.approx(0.005) and not link_notices(at)


# --- live checks ------------------------------------------------------------------------------------------------

def test_live_checks_are_answered_by_the_page_numbers():
    at = opened({"second_test": True})
    shown = metric_values(at)
    assert answer_live_check(at, PAGE, "bayes_ppv", shown["PPV"]) == "success"
    assert answer_live_check(at, PAGE, "bayes_npv", shown["NPV"]) == "success"
    positives = int(shown["True positives"]) + int(shown["False positives"])
    assert answer_live_check(at, PAGE, "bayes_test_positive", positives) == "success"
    assert answer_live_check(at, PAGE, "bayes_more_likely", "A false positive") == "success"
    assert answer_live_check(at, PAGE, "bayes_second_positive", shown["PPV after two positives"]) == "success"
    assert answer_live_check(at, PAGE, "bayes_ppv", "0.9") == "error"  # the base-rate fallacy


# --- the questions' pictures show what their `look` text promises -----------------------------------------------

LOOKS = {  # question id -> numbers its picture's `look` text names
    "positive-screening-test": {"PPV": "0.092", "True positives": "9", "False positives": "89"},
    "accurate-test-rare-disease": {"Accuracy": "0.990", "PPV": "0.090", "True positives": "10",
                                   "False positives": "100"},
    "second-independent-test": {"PPV": "0.092", "PPV after two positives": "0.503"},
    "precision-falls-as-positives-get-rare": {"PPV": "0.048"},
    "sensitivity-or-specificity-for-screening": {"PPV": "0.474", "True positives": "9", "False positives": "10"},
    "spam-filter-base-rate": {"PPV": "0.990"},
    "negative-result-rules-out": {"NPV": "1.000", "PPV": "0.024"},
    "bayes-odds-form": {"PPV": "0.092"},
}


def test_every_question_of_the_page_has_its_look_checked():
    assert set(LOOKS) == {q.id for q in questions.for_page(PAGE)} and len(LOOKS) >= 6


@pytest.mark.parametrize("question_id", list(LOOKS))
def test_picture_shows_what_its_look_says(question_id):
    page, params = questions.picture_params(questions.by_id()[question_id])
    at = opened(params)
    shown = metric_values(at)
    assert {k: shown[k] for k in LOOKS[question_id]} == LOOKS[question_id]
    for text in (v for v in LOOKS[question_id].values() if "." in v):
        assert text in questions.by_id()[question_id].picture.look


def test_picture_moves_the_looks_describe():
    at = opened(dict(questions.picture_params(questions.by_id()["precision-falls-as-positives-get-rare"])[1]))
    at.select_slider(key="prevalence").set_value(0.05).run()
    assert metric_values(at)["PPV"] == "0.345"
    at = opened(dict(questions.picture_params(questions.by_id()["spam-filter-base-rate"])[1]))
    at.select_slider(key="prevalence").set_value(0.02).run()
    assert metric_values(at)["PPV"] == "0.660"
    at = opened(dict(questions.picture_params(questions.by_id()["sensitivity-or-specificity-for-screening"])[1]))
    at.slider(key="specificity").set_value(0.99).run()
    assert metric_values(at)["PPV"] == "0.083"


def test_the_imbalance_page_links_back_at_the_same_prevalence():
    at = open_page("imbalance", {"minority": "0.05"}, timeout=240)
    assert not at.exception
    back = [p.proto for p in at.get("page_link") if p.proto.page == "bayes"]
    assert [b.query_string for b in back] == ["prevalence=0.05"]
    assert links.link_problems(PAGE, {"prevalence": 0.05}) == []
