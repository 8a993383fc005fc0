"""Live checks: answers parsed in the usual notations, accepted exactly at the tolerance edges."""
import pytest

from lib import live_checks as lc


@pytest.mark.parametrize(("text", "value"), [
    ("0.86", 0.86), (".86", 0.86), ("0,86", 0.86), ("86%", 0.86), (" 86 % ", 0.86), ("49/57", 49 / 57),
    ("1e-2", 0.01), ("-0.5", -0.5), ("57", 57.0),
])
def test_numbers_are_read_in_common_notations(text, value):
    assert lc.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "0.8.6", "1/0", "1/2/3", "nan", "inf", "1e999", "9" * 50, "0x10"])
def test_junk_is_not_a_number(text):
    assert lc.parse_number(text) is None


def test_precision_check_numbers_and_formula():
    live = lc.precision_check(tp=49, fp=8, threshold=0.42)
    assert live.expected == pytest.approx(49 / 57)
    assert "0.42" in live.prompt and "57" in live.prompt and "49" in live.prompt
    assert "TP / (TP + FP) = 49 / (49 + 8) = 49 / 57 = 0.860" in live.explanation
    feedback = lc.check(live, "49/57")
    assert feedback.correct and "0.860" in feedback.message and "49 / 57" in feedback.message


def test_recall_and_majority_baseline_checks():
    recall = lc.recall_check(tp=49, fn=12, threshold=0.42)
    assert recall.expected == pytest.approx(49 / 61) and "61" in recall.prompt
    baseline = lc.majority_baseline_check(n_majority=980, n_total=1000)
    assert baseline.expected == pytest.approx(0.98) and lc.check(baseline, "98%").correct


def test_undefined_ratios_give_no_check():
    assert lc.precision_check(tp=0, fp=0, threshold=0.99) is None
    assert lc.recall_check(tp=0, fn=0, threshold=0.5) is None


def test_tolerance_edges():
    live = lc.LiveCheck("k", "?", "because", expected=0.86, tolerance=0.005)
    for accepted in ("0.855", "0.865", "0.86", "86.5%"):
        assert lc.check(live, accepted).correct, accepted
    for rejected in ("0.8549", "0.8651", "0.87", "0.5"):
        assert lc.check(live, rejected).correct is False, rejected
    exact = lc.LiveCheck("k", "?", "because", expected=57, tolerance=0)
    assert lc.check(exact, "57").correct and lc.check(exact, "56.9").correct is False


def test_wrong_answer_feedback_gives_the_answer_and_a_percent_hint():
    live = lc.precision_check(tp=49, fp=8, threshold=0.42)
    feedback = lc.check(live, "86")
    assert feedback.correct is False
    assert "0.860" in feedback.message and "between 0 and 1" in feedback.message
    assert lc.check(live, "").correct is None and lc.check(live, "lots").correct is None


def test_choice_checks_including_ties():
    best = lc.best_k_check([2, 3, 4, 5], [0.41, 0.55, 0.55, 0.30])
    assert best.accepted == {"3", "4"} and best.choices == ("2", "3", "4", "5")
    assert lc.check(best, "4").correct and lc.check(best, "2").correct is False
    assert "k=3: 0.550" in best.explanation
    assert lc.check(best, None).correct is None
    assert lc.best_k_check([2, 3], [float("nan"), float("nan")]) is None


def test_fit_verdict_check():
    live = lc.fit_verdict_check(0.99, 0.80, "Overfitting", "A gap above 0.10 counts as overfitting.")
    assert lc.check(live, "Overfitting").correct and not lc.check(live, "Good fit").correct
    assert "0.190" in live.explanation


def test_malformed_checks_are_refused():
    with pytest.raises(ValueError):
        lc.LiveCheck("k", "?", "x", expected=None)
    with pytest.raises(ValueError):
        lc.LiveCheck("k", "?", "x", expected=float("nan"))
    with pytest.raises(ValueError):
        lc.LiveCheck("k", "?", "x", kind=lc.CHOICE, choices=("a",), accepted=frozenset({"b"}))
    with pytest.raises(ValueError):
        lc.LiveCheck("k", "?", "x", kind="essay")


def test_page_check_builders_compute_the_textbook_formulas():
    assert lc.specificity_check(tn=90, fp=10, threshold=0.5).expected == pytest.approx(0.9)
    assert lc.f1_check(tp=40, fp=10, fn=20, threshold=0.5).expected == pytest.approx(80 / 110)
    assert lc.prevalence_check(n_positive=5, n_total=100).expected == pytest.approx(0.05)
    assert lc.gap_check(0.9871, 0.9012).expected == pytest.approx(0.987 - 0.901)
    assert lc.noise_share_check(n_noise=12, n_total=400).expected == pytest.approx(0.03)
    assert lc.largest_cluster_check([10, 30, 60]).expected == pytest.approx(0.6)
    assert lc.f1_check(tp=0, fp=0, fn=0, threshold=0.5) is None
    assert lc.largest_cluster_check([]) is None


@pytest.mark.parametrize(("silhouette", "band"), [(0.71, 0), (0.70, 1), (0.5001, 1), (0.5, 2), (0.26, 2),
                                                  (0.25, 3), (-0.2, 3)])
def test_silhouette_bands_at_their_edges(silhouette, band):
    live = lc.silhouette_strength_check(silhouette)
    assert live.accepted == {lc.SILHOUETTE_BANDS[band]}
    assert lc.silhouette_strength_check(None) is None


def test_best_value_check_and_page_sets():
    live = lc.best_value_check("max_depth", ["1", "5", "20"], [0.8, 0.93, 0.9], 1)
    assert live.accepted == {"5"} and lc.check(live, "5").correct and not lc.check(live, "20").correct
    assert lc.best_value_check("C", ["1"], [0.5], None) is None
    assert [c.key for c in lc.classification_checks(5, 2, 3, 10, 0.5)] == ["precision", "recall", "specificity", "f1"]
    assert [c.key for c in lc.imbalance_checks(5, 2, 3, 90, 0.5)] == ["majority_baseline", "prevalence", "recall"]
    fit = lc.fitting_checks(0.99, 0.8, "overfitting", "gap > 0.05", "C", ["1", "10"], [0.8, 0.79], 0)
    assert [c.key for c in fit] == ["gap", "fit_verdict", "best_value"] and fit[1].accepted == {"Overfitting"}
    clusters = lc.clustering_checks(0.6, [50, 50], 0, 100, [2, 3], [0.6, 0.4])
    assert [c.key for c in clusters] == ["silhouette_strength", "largest_cluster", "best_k"]
    dbscan = lc.clustering_checks(0.6, [50, 40], 10, 100)
    assert dbscan[-1].key == "noise_share"
