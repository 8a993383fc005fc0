"""Words on the Bayes page: the intro, metric help, the formulas with the current numbers filled in, captions."""
from __future__ import annotations

from lib import bayes
from lib.bayes import BayesResult, Counts, SecondTest

INTRO = (
    "“The test is 90% accurate, so a positive means 90%?” Not unless half the people tested have the condition. "
    "Bayes' theorem combines what the test does (**sensitivity**, **specificity**) with how common the condition "
    "is before anyone is tested (the **prevalence**, or base rate). Move the prevalence and watch the "
    "positives fill up with false alarms while the test itself stays exactly as good. Questions to answer out "
    "loud: *A positive test for a rare disease: how worried should you be? Why does a second test help so much? "
    "Why is precision low when positives are rare?*"
)
PRESETS_INTRO = "**Classic framings** — each sets the controls (and so the link you can share):"
SECOND_OFF = "Turn this on to retest everyone who tested positive with a second, independent test."

METRIC_HELP = {
    "PPV": "Positive predictive value, P(condition | positive test) = s·π / P(positive test). Exact, from the "
           "probabilities. In a classifier's terms it is the precision.",
    "NPV": "Negative predictive value, P(no condition | negative test) = c(1 − π) / P(negative test).",
    "P(positive test)": "The share of everyone tested who tests positive: s·π + (1 − c)(1 − π) (true plus false "
                        "positives). Bayes' denominator, the evidence.",
    "Accuracy": "The share of correct results, s·π + c(1 − π). With a rare condition it is close to the specificity "
                "whatever the PPV: a test that calls everyone negative scores 1 − π.",
    "True positives": "People with the condition who test positive (natural-frequency count).",
    "False positives": "People without the condition who test positive: the false alarms.",
    "False negatives": "People with the condition the test misses.",
    "True negatives": "People without the condition who test negative.",
    "PPV after two positives": "P(condition | positive on both tests): the first PPV is the prior of the second "
                               "test, whose errors are assumed independent of the first's given the condition.",
    "P(condition | positive, then negative)": "The chance the condition is there after a positive first test and a "
                                              "negative second one.",
}


def _pct(x: float) -> str:
    return f"{x:.4g}"


def ppv_formula(r: BayesResult) -> str:
    """LaTeX: Bayes' theorem for the PPV with the page's numbers."""
    s, c, p = r.sensitivity, r.specificity, r.prevalence
    hit, false_alarm = s * p, (1 - c) * (1 - p)
    return (r"\text{PPV} = P(D \mid +) = \frac{s\,\pi}{s\,\pi + (1-c)(1-\pi)}"
            rf" = \frac{{{_pct(s)} \times {_pct(p)}}}{{{_pct(s)} \times {_pct(p)} + {_pct(1 - c)} \times {_pct(1 - p)}}}"
            rf" = \frac{{{hit:.5g}}}{{{hit + false_alarm:.5g}}} = {r.ppv:.4f}")


def npv_formula(r: BayesResult) -> str:
    s, c, p = r.sensitivity, r.specificity, r.prevalence
    return (r"\text{NPV} = P(\bar D \mid -) = \frac{c\,(1-\pi)}{c\,(1-\pi) + (1-s)\,\pi}"
            rf" = \frac{{{_pct(c)} \times {_pct(1 - p)}}}{{{_pct(c)} \times {_pct(1 - p)} + {_pct(1 - s)} \times "
            rf"{_pct(p)}}} = {r.npv:.4f}")


def odds_formula(r: BayesResult) -> str:
    """The odds form: posterior odds = prior odds × LR+."""
    prior_odds = r.prevalence / (1 - r.prevalence)
    if r.specificity >= 1:
        return (r"\text{LR}^+ = \frac{s}{1-c} = \infty"
                r"\quad\Rightarrow\quad\text{every positive is a true positive (PPV} = 1\text{)}")
    post = prior_odds * r.lr_positive
    return (r"\underbrace{\frac{\text{PPV}}{1-\text{PPV}}}_{\text{posterior odds}} = "
            r"\underbrace{\frac{\pi}{1-\pi}}_{\text{prior odds}} \times \underbrace{\frac{s}{1-c}}_{\text{LR}^+}"
            rf" = {prior_odds:.4g} \times {r.lr_positive:.4g} = {post:.4g}")


def second_formula(t: SecondTest) -> str:
    s, c, p = t.sensitivity, t.specificity, t.prior
    return (r"P(D \mid +,+) = \frac{s_2\,\text{PPV}}{s_2\,\text{PPV} + (1-c_2)(1-\text{PPV})}"
            rf" = \frac{{{_pct(s)} \times {p:.4f}}}{{{_pct(s)} \times {p:.4f} + {_pct(1 - c)} \times {1 - p:.4f}}}"
            rf" = {t.ppv:.4f}")


def counts_caption(r: BayesResult, n: Counts) -> str:
    """What the counts are and how they relate to the exact PPV shown above them."""
    ppv_counts = "undefined (nobody tests positive)" if n.test_positive == 0 else \
        f"{n.tp:,} / {n.test_positive:,} = {n.ppv:.4f}"
    return (f"**Natural frequencies.** Of {n.population:,} people, {n.with_condition:,} have the condition and "
            f"{n.without_condition:,} do not; {n.test_positive:,} test positive, of whom {n.tp:,} have it. "
            f"{bayes.ROUNDING_RULE} The metrics above are the exact probabilities; from the rounded counts the PPV "
            f"is {ppv_counts} (exact: {r.ppv:.4f}).")


def icon_caption(n: Counts, columns: int) -> str:
    return (f"Each square is one person ({n.population:,} in {columns} columns), in reading order: true positives, "
            "false negatives (both have the condition), false positives, true negatives. The test positives are "
            "the vermillion and blue squares: count how few of them are vermillion.")


TREE_CAPTION = ("The probability tree: the first split is the prevalence, the second the test's sensitivity "
                "(condition) or 1 − specificity (no condition). Each leaf gives its probability and its count. PPV "
                "is the true-positive leaf divided by both positive leaves.")


def curve_caption(r: BayesResult) -> str:
    return (f"PPV and NPV at every prevalence from 0.1% to 50% (log scale) for this test; the markers are the "
            f"current prevalence. PPV passes 0.5 at π = (1 − c)/(s + 1 − c) = {r.break_even_prevalence:.4f}. "
            "The test's sensitivity and specificity never change along the curve: only the base rate does.")


def second_caption(t: SecondTest, n: Counts) -> str:
    again_ill, again_healthy = t.expected_retest(n)
    return (f"Retest the {n.test_positive:,} positives: about {again_ill:,.1f} of the {n.tp:,} with the condition "
            f"and {again_healthy:,.1f} of the {n.fp:,} without test positive again (expected counts). The first "
            f"posterior, {t.prior:.4f}, is the second test's prior. This assumes the second test's errors are "
            "independent of the first's given the condition — a repeat of the same test on the same person often "
            "is not (the same benign lump fools it twice), so real confirmatory tests work differently.")


def precision_note(r: BayesResult) -> str:
    return (f"**PPV is precision; prevalence is the positive share.** A classifier that flags rows is a test: its "
            f"recall is the sensitivity, 1 − its false positive rate the specificity. Keep recall at "
            f"{r.sensitivity:g} and the false positive rate at {1 - r.specificity:.3g} (the ROC point does not move) "
            "and let positives get rarer: precision follows the PPV curve down, because the false positives come "
            "from the ever larger negative class. That is why PR-AUC falls on rare positives while ROC-AUC stays "
            "put.")


def share_note(prevalence: float, share: float, rounded: bool) -> str:
    if not rounded:
        return f"The imbalance page opens at the same positive share, minority = {share:g}."
    return (f"The imbalance page's `minority` control offers {', '.join(f'{g:g}' for g in bayes.MINORITY_GRID)}; "
            f"the link opens the nearest share, {share:g}, to this prevalence ({prevalence:g}).")
