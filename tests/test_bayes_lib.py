"""Bayes numbers against hand-worked examples, the closed form, scikit-learn on the natural-frequency population,
and the second test's update against the one-step joint posterior."""
import itertools
import math
import subprocess
import sys

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, precision_score, recall_score

from lib import bayes, links, live_checks
from lib.imbalance import MINORITY_GRID
from lib.plots import bayes as plots

# --- hand-worked examples ------------------------------------------------------------------------------------


def test_gigerenzer_screening_example():
    # 1% prevalence, sensitivity 90%, false positive rate 9%: of 1,000 women 10 have cancer, 9 test positive,
    # 89 of the 990 healthy test positive too, so 9 of 98 positives have it.
    r = bayes.evaluate(0.01, 0.9, 0.91)
    assert r.ppv == pytest.approx(0.009 / 0.0981, abs=1e-12) == pytest.approx(0.0917, abs=5e-5)
    assert r.p_positive == pytest.approx(0.0981)
    assert r.npv == pytest.approx(0.9009 / 0.9019)  # TN = 0.91 × 0.99, FN = 0.1 × 0.01
    assert r.accuracy == pytest.approx(0.009 + 0.9009)
    counts = bayes.natural_frequencies(1000, 0.01, 0.9, 0.91)
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (9, 1, 89, 901)
    assert counts.ppv == pytest.approx(9 / 98) == pytest.approx(0.0918, abs=5e-5)


def test_eddy_mammography_example():
    # Eddy (1982): prevalence 1%, sensitivity 80%, false positive rate 9.6% -> PPV about 7.8%, not 75%.
    r = bayes.evaluate(0.01, 0.8, 0.904)
    assert r.ppv == pytest.approx(0.008 / (0.008 + 0.09504)) == pytest.approx(0.0776, abs=1e-4)
    assert bayes.natural_frequencies(10_000, 0.01, 0.8, 0.904).values() == {
        "True positives": 80, "False positives": 950, "False negatives": 20, "True negatives": 8_950}  # 950.4 -> 950


def test_rare_disease_example_of_the_question_bank():
    # maths.toml "bayes-theorem": 1 in 1,000, 99% sensitive, 5% false positives -> about 2%.
    r = bayes.evaluate(0.001, 0.99, 0.95)
    assert r.ppv == pytest.approx(0.00099 / 0.05094) == pytest.approx(0.019, abs=5e-4)


def test_perfect_specificity_means_every_positive_is_real():
    r = bayes.evaluate(0.01, 0.9, 1.0)
    assert r.ppv == 1.0 and math.isinf(r.lr_positive) and r.break_even_prevalence == 0


# --- the closed form, everywhere on the controls' grids ----------------------------------------------------

RATES = (0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0)


@pytest.mark.parametrize("prevalence", bayes.PREVALENCE_GRID)
def test_closed_form_equals_the_definitions(prevalence):
    for s, c in itertools.product(RATES, RATES):
        r = bayes.evaluate(prevalence, s, c)
        joint = {"tp": prevalence * s, "fn": prevalence * (1 - s), "fp": (1 - prevalence) * (1 - c),
                 "tn": (1 - prevalence) * c}
        assert sum(joint.values()) == pytest.approx(1)
        assert r.p_positive == pytest.approx(joint["tp"] + joint["fp"])
        assert r.ppv == pytest.approx(joint["tp"] / (joint["tp"] + joint["fp"]))
        assert r.npv == pytest.approx(joint["tn"] / (joint["tn"] + joint["fn"]))
        assert r.accuracy == pytest.approx(joint["tp"] + joint["tn"])
        if c < 1:  # the odds form: posterior odds = prior odds × LR+
            assert r.ppv / (1 - r.ppv) == pytest.approx(prevalence / (1 - prevalence) * r.lr_positive)
            assert bayes.posterior(r.break_even_prevalence, s, c) == pytest.approx(0.5)


def test_curve_is_the_closed_form_and_passes_through_the_current_point():
    c = bayes.curve(0.9, 0.91, second=(0.95, 0.99))
    assert c.prevalence[0] == pytest.approx(0.001) and c.prevalence[-1] == pytest.approx(0.5)
    for i in (0, 57, 120, 240):
        r = bayes.evaluate(float(c.prevalence[i]), 0.9, 0.91)
        assert c.ppv[i] == pytest.approx(r.ppv) and c.npv[i] == pytest.approx(r.npv)
        assert c.ppv_two[i] == pytest.approx(bayes.joint_ppv(r.prevalence, [(0.9, 0.91), (0.95, 0.99)]))
    assert np.all(np.diff(c.ppv) > 0) and np.all(np.diff(c.npv) < 0)  # PPV rises, NPV falls with prevalence


# --- natural frequencies -------------------------------------------------------------------------------------

@pytest.mark.parametrize("population", bayes.POPULATION_GRID)
def test_counts_add_up_and_follow_the_rounding_rule(population):
    for prevalence, s, c in itertools.product(bayes.PREVALENCE_GRID, RATES, RATES):
        n = bayes.natural_frequencies(population, prevalence, s, c)
        assert min(n.tp, n.fp, n.fn, n.tn) >= 0 and n.population == population
        assert n.with_condition == math.floor(population * prevalence + 0.5 + 1e-9)
        assert abs(n.tp - n.with_condition * s) <= 0.5 + 1e-9
        assert abs(n.fp - n.without_condition * (1 - c)) <= 0.5 + 1e-9
        # every count within one person of its expected value
        assert abs(n.tp - population * prevalence * s) <= 1 and abs(n.fp - population * (1 - prevalence) * (1 - c)) <= 1


def test_halves_round_up_despite_float_noise():
    assert bayes.round_half_up(0.45 * 10) == 5 and bayes.round_half_up(2.5) == 3 and bayes.round_half_up(2.4999) == 2
    assert bayes.natural_frequencies(100, 0.05, 0.9, 0.95).tp == 5  # 5 × 0.9 = 4.5 -> 5


def test_scikit_learn_counts_the_population_back():
    n = bayes.natural_frequencies(2000, 0.05, 0.8, 0.95)
    y_true = np.repeat([1, 1, 0, 0], [n.tp, n.fn, n.fp, n.tn])
    y_pred = np.repeat([1, 0, 1, 0], [n.tp, n.fn, n.fp, n.tn])
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred, labels=[0, 1])
    assert (tp, fp, fn, tn) == (n.tp, n.fp, n.fn, n.tn)
    assert precision_score(y_true, y_pred) == pytest.approx(n.ppv)
    assert recall_score(y_true, y_pred) == pytest.approx(n.tp / n.with_condition) == pytest.approx(0.8)
    assert accuracy_score(y_true, y_pred) == pytest.approx(bayes.evaluate(0.05, 0.8, 0.95).accuracy)


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        bayes.evaluate(1.5, 0.9, 0.9)
    with pytest.raises(ValueError):
        bayes.natural_frequencies(0, 0.1, 0.9, 0.9)


# --- the second test ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("prevalence", "first", "second"), [
    (0.01, (0.9, 0.91), (0.9, 0.91)), (0.001, (0.99, 0.95), (0.95, 0.99)), (0.5, (0.95, 0.99), (0.9, 0.95)),
    (0.03, (0.6, 0.999), (1.0, 0.5)),
])
def test_second_test_posterior_is_the_joint_posterior(prevalence, first, second):
    r = bayes.evaluate(prevalence, *first)
    t = bayes.second_update(r, *second)
    assert t.prior == r.ppv
    assert t.ppv == pytest.approx(bayes.joint_ppv(prevalence, [first, second]))
    assert t.ppv == pytest.approx(bayes.joint_ppv(prevalence, [second, first]))  # order does not matter
    # P(D | +, −) from the joint probabilities
    hit = prevalence * first[0] * (1 - second[0])
    miss = (1 - prevalence) * (1 - first[1]) * second[1]
    assert t.after_negative == pytest.approx(hit / (hit + miss))


def test_retesting_with_the_same_screening_test():
    t = bayes.second_update(bayes.evaluate(0.01, 0.9, 0.91), 0.9, 0.91)
    assert t.ppv == pytest.approx(0.0081 / (0.0081 + 0.99 * 0.09**2)) == pytest.approx(0.5025, abs=1e-4)


# --- presets, link to the imbalance page, URL table -----------------------------------------------------------

def test_presets_are_valid_links_and_recognised():
    for preset in bayes.PRESETS.values():
        assert links.link_problems("bayes", dict(preset.values)) == []
        assert bayes.matching_preset({**bayes.DEFAULTS, **preset.values}) == preset.id
    assert bayes.matching_preset({**bayes.DEFAULTS, "specificity": 0.5}) is None
    assert bayes.matching_preset(bayes.DEFAULTS) == "screening"  # the defaults are the screening example


def test_imbalance_share_is_the_nearest_minority_value():
    assert bayes.imbalance_share(0.01) == (0.01, False)
    assert bayes.imbalance_share(0.001) == (0.005, True)
    assert bayes.imbalance_share(0.03) == (0.02, True)  # log(1.5) < log(5/3)
    for p in bayes.PREVALENCE_GRID:
        share, rounded = bayes.imbalance_share(p)
        assert share in MINORITY_GRID and rounded == (p not in MINORITY_GRID)
        assert links.link_problems("imbalance", {"minority": share}) == []


def test_url_table_declares_every_key_with_its_default():
    table = links.params_for("bayes")
    assert list(table) == list(bayes.KEYS)
    for key, default in bayes.DEFAULTS.items():
        assert table[key].default == default and table[key].problem(default, {}) is None
    assert table["prevalence"].domain.log and table["prevalence"].domain.values[0] == 0.001
    assert table["population"].default == 1000
    assert links.link_problems("bayes", {"prevalence": 0.7}) and links.link_problems("bayes", {"sensitivity": 0.2})


# --- pictures ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("population", bayes.POPULATION_GRID)
def test_icon_array_has_one_cell_per_person_in_reading_order(population):
    n = bayes.natural_frequencies(population, 0.02, 0.9, 0.91)
    cells, columns = plots.icon_cells(n)
    assert cells.size == population and cells.shape[1] == columns
    flat = cells.ravel()
    assert [int((flat == k).sum()) for k in range(4)] == [n.tp, n.fn, n.fp, n.tn]
    assert np.all(np.diff(flat) >= 0)


def test_figures_build():
    r, n = bayes.evaluate(0.01, 0.9, 0.91), bayes.natural_frequencies(1000, 0.01, 0.9, 0.91)
    t = bayes.second_update(r, 0.9, 0.91)
    assert plots.icon_array(n).data[0].z.shape == (25, 40)
    assert any("0.0917" in a.text for a in plots.probability_tree(r, n).layout.annotations)
    fig = plots.ppv_curve(bayes.curve(0.9, 0.91, (0.9, 0.91)), r, t)
    assert fig.layout.xaxis.type == "log" and {d.name for d in fig.data} >= {"PPV", "NPV", "PPV after two positives"}


# --- the script and the live checks ------------------------------------------------------------------------------

def run_script(code: str) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line and not line.startswith("#"))


@pytest.mark.parametrize(("prevalence", "s", "c", "population", "second"), [
    (0.01, 0.9, 0.91, 1000, None), (0.001, 0.99, 0.95, 10_000, (0.95, 0.99)), (0.5, 0.95, 1.0, 100, (0.9, 0.95)),
])
def test_script_prints_the_headline_numbers(prevalence, s, c, population, second):
    r = bayes.evaluate(prevalence, s, c)
    n = bayes.natural_frequencies(population, prevalence, s, c)
    t = bayes.second_update(r, *second) if second else None
    expected = {label: bayes.shown(value) for label, value in bayes.headline(r, n, t).items()}
    assert run_script(bayes.bayes_script(prevalence, s, c, population, second)) == expected


def test_live_checks_are_answered_by_the_shown_numbers():
    r, n = bayes.evaluate(0.01, 0.9, 0.91), bayes.natural_frequencies(1000, 0.01, 0.9, 0.91)
    checks = {c.key: c for c in bayes.bayes_checks(r, n, bayes.second_update(r, 0.9, 0.91)) if c}
    assert set(checks) == {"bayes_test_positive", "bayes_ppv", "bayes_npv", "bayes_more_likely", "bayes_break_even",
                           "bayes_second_positive"}
    assert live_checks.check(checks["bayes_test_positive"], "98").correct
    assert live_checks.check(checks["bayes_ppv"], bayes.shown(r.ppv)).correct  # the metric as shown
    assert live_checks.check(checks["bayes_ppv"], "9/98").correct
    assert not live_checks.check(checks["bayes_ppv"], "0.9").correct  # the base-rate fallacy
    assert live_checks.check(checks["bayes_npv"], bayes.shown(r.npv)).correct
    assert live_checks.check(checks["bayes_more_likely"], "A false positive").correct
    assert live_checks.check(checks["bayes_break_even"], "0.0909").correct
    assert live_checks.check(checks["bayes_second_positive"], "0.50").correct
    assert "bayes_break_even" not in {c.key for c in bayes.bayes_checks(bayes.evaluate(0.01, 0.9, 1.0), n) if c}


def test_every_imbalance_share_is_a_prevalence_the_page_offers():
    # the imbalance page links back here at its own share: the link must always be usable
    for share in MINORITY_GRID:
        assert links.link_problems("bayes", {"prevalence": share}) == []
        assert bayes.imbalance_share(share) == (share, False)
