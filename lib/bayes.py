"""Bayes' theorem and base rates: what a positive test means, in closed form and in natural frequencies.

A test with sensitivity s (P(positive | condition)) and specificity c (P(negative | no condition)) is applied
to a population where a share π (the prevalence, the base rate) has the condition. Bayes' theorem gives

    PPV = P(condition | positive) = s·π / (s·π + (1 − c)(1 − π))
    NPV = P(no condition | negative) = c(1 − π) / (c(1 − π) + (1 − s)π)

Every probability the page shows is this closed form. The natural-frequency picture ("10 of 1,000 have it,
9 of them test positive…") is the same split in whole people, rounded by the rule in `natural_frequencies`;
its count ratios can differ from the exact probabilities in the last digit, and the page says so.

A second independent test updates again: the first posterior is the new prior (`second_test`). PPV is what
a classifier's precision is, and prevalence its positive share: `imbalance_share` maps the prevalence to
the imbalance page's nearest `minority` value.

- `evaluate`, `posterior`, `natural_frequencies`, `second_update`, `curve`: the numbers;
- `PRESETS`, `PARAMS`: the page's controls; `bayes_script`, `bayes_checks`, `headline`: the page's outputs.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib import live_checks
from lib.imbalance import MINORITY_GRID
from lib.live_checks import LiveCheck
from lib.params import Grid, Number, Param, Toggle

# --- the controls --------------------------------------------------------------------------------------

PREVALENCE_GRID = (0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
POPULATION_GRID = (100, 200, 500, 1000, 2000, 5000, 10_000)
RATE = Number(0.5, 1.0, 0.001)  # sensitivity and specificity: a test below 0.5 on either is rarely of use
DEFAULTS = {"prevalence": 0.01, "sensitivity": 0.9, "specificity": 0.91, "population": 1000,
            "second_test": False, "second_sensitivity": 0.9, "second_specificity": 0.91}

PARAMS: tuple[Param, ...] = (
    Param("prevalence", Grid(PREVALENCE_GRID, log=True), DEFAULTS["prevalence"], "Prevalence (base rate)",
          help="The share of the population that has the condition before anyone is tested: the prior, "
               "P(condition). 0.01 is 1 in 100. The steps are roughly even on a log scale, from 1 in 1,000 to 1 in 2."),
    Param("sensitivity", RATE, DEFAULTS["sensitivity"], "Sensitivity (true positive rate)",
          help="P(positive | condition): the share of people with the condition the test flags. Also called "
               "recall or the true positive rate."),
    Param("specificity", RATE, DEFAULTS["specificity"], "Specificity (true negative rate)",
          help="P(negative | no condition): the share of people without the condition the test clears. "
               "1 − specificity is the false positive rate."),
    Param("population", Grid(POPULATION_GRID, log=True), DEFAULTS["population"], "Population (natural frequencies)",
          help="How many people the natural-frequency picture and the counts split. It changes only the counts, "
               "never the probabilities."),
    Param("second_test", Toggle(), DEFAULTS["second_test"], "Retest the positives with a second test",
          help="A second test, independent of the first given the condition, on everyone who tested positive: "
               "the first test's PPV becomes the new prior."),
    Param("second_sensitivity", RATE, DEFAULTS["second_sensitivity"], "Second test's sensitivity",
          help="P(positive on the second test | condition)."),
    Param("second_specificity", RATE, DEFAULTS["second_specificity"], "Second test's specificity",
          help="P(negative on the second test | no condition)."),
)
KEYS = tuple(p.name for p in PARAMS)


@dataclass(frozen=True)
class Preset:
    """A classic framing of the same arithmetic: the values it writes to the bound controls (and the URL)."""

    id: str
    label: str
    story: str
    values: Mapping[str, Any]


PRESETS: dict[str, Preset] = {p.id: p for p in [
    Preset("screening", "Screening (mammography)",
           "A screening programme: 1% of the women screened have breast cancer, the test finds 90% of them and "
           "wrongly flags 9% of the healthy (Gigerenzer's natural-frequency example). Retest: the same test again.",
           {"prevalence": 0.01, "sensitivity": 0.9, "specificity": 0.91, "second_sensitivity": 0.9,
            "second_specificity": 0.91}),
    Preset("rare_disease", "Rare disease (1 in 1,000)",
           "A rare disease: 1 in 1,000 has it, the test finds 99% of cases and wrongly flags 5% of the healthy. "
           "Retest: a more specific confirmatory test.",
           {"prevalence": 0.001, "sensitivity": 0.99, "specificity": 0.95, "second_sensitivity": 0.95,
            "second_specificity": 0.99}),
    Preset("spam", "Spam filter",
           "A spam filter: about half of all email is spam, the filter catches 95% of it and wrongly flags 1% of "
           "good mail. 'Positive' means 'flagged as spam'. Retest: a second, independent filter.",
           {"prevalence": 0.5, "sensitivity": 0.95, "specificity": 0.99, "second_sensitivity": 0.9,
            "second_specificity": 0.95}),
]}


def matching_preset(values: Mapping[str, Any]) -> str | None:
    """The preset whose values the view shows (None: a custom setting)."""
    for preset in PRESETS.values():
        if all(math.isclose(float(values.get(k, math.nan)), float(v)) for k, v in preset.values.items()):
            return preset.id
    return None


# --- closed form ---------------------------------------------------------------------------------------

def posterior(prior: float, sensitivity: float, specificity: float, positive: bool = True) -> float:
    """P(condition | result) by Bayes' theorem, for a positive (default) or a negative result."""
    if positive:
        hit, false_alarm = sensitivity * prior, (1 - specificity) * (1 - prior)
    else:
        hit, false_alarm = (1 - sensitivity) * prior, specificity * (1 - prior)
    evidence = hit + false_alarm
    return hit / evidence if evidence > 0 else math.nan


@dataclass(frozen=True)
class BayesResult:
    prevalence: float
    sensitivity: float
    specificity: float

    @property
    def p_positive(self) -> float:
        """P(positive test) = s·π + (1 − c)(1 − π): the evidence, Bayes' denominator (law of total probability)."""
        return self.sensitivity * self.prevalence + (1 - self.specificity) * (1 - self.prevalence)

    @property
    def ppv(self) -> float:
        return posterior(self.prevalence, self.sensitivity, self.specificity)

    @property
    def npv(self) -> float:
        return 1 - posterior(self.prevalence, self.sensitivity, self.specificity, positive=False)

    @property
    def accuracy(self) -> float:
        return self.sensitivity * self.prevalence + self.specificity * (1 - self.prevalence)

    @property
    def lr_positive(self) -> float:
        """Positive likelihood ratio s / (1 − c): posterior odds = prior odds × LR+ (inf for a perfect specificity)."""
        return self.sensitivity / (1 - self.specificity) if self.specificity < 1 else math.inf

    @property
    def break_even_prevalence(self) -> float:
        """The prevalence at which PPV = 0.5 (a positive is as likely true as false): (1 − c) / (s + 1 − c)."""
        return (1 - self.specificity) / (self.sensitivity + 1 - self.specificity)

    def values(self) -> dict[str, float]:
        return {"PPV": self.ppv, "NPV": self.npv, "P(positive test)": self.p_positive, "Accuracy": self.accuracy}


def evaluate(prevalence: float, sensitivity: float, specificity: float) -> BayesResult:
    for name, value in (("prevalence", prevalence), ("sensitivity", sensitivity), ("specificity", specificity)):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    return BayesResult(float(prevalence), float(sensitivity), float(specificity))


# --- natural frequencies ----------------------------------------------------------------------------------

ROUNDING_RULE = ("Counts are whole people, rounded down the tree: those with the condition = population × "
                 "prevalence, rounded to the nearest whole person (halves up), the rest without; of those with "
                 "it, test positive = their number × sensitivity, rounded the same way, the rest negative; of "
                 "those without it, test positive = their number × (1 − specificity), rounded, the rest negative. "
                 "So the four counts always add up to the population and each branch to its parent.")


def round_half_up(x: float) -> int:
    """Nearest whole number, halves up (1e-9 absorbs float noise such as 0.45 × 10 = 4.499999…)."""
    return math.floor(x + 0.5 + 1e-9)


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def population(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def with_condition(self) -> int:
        return self.tp + self.fn

    @property
    def without_condition(self) -> int:
        return self.fp + self.tn

    @property
    def test_positive(self) -> int:
        return self.tp + self.fp

    @property
    def test_negative(self) -> int:
        return self.fn + self.tn

    @property
    def ppv(self) -> float:
        """TP / (TP + FP) from the rounded counts (the picture's approximation of the exact PPV)."""
        return self.tp / self.test_positive if self.test_positive else math.nan

    @property
    def npv(self) -> float:
        return self.tn / self.test_negative if self.test_negative else math.nan

    def values(self) -> dict[str, int]:
        return {"True positives": self.tp, "False positives": self.fp, "False negatives": self.fn,
                "True negatives": self.tn}


def natural_frequencies(population: int, prevalence: float, sensitivity: float, specificity: float) -> Counts:
    """The population split into TP, FP, FN, TN in whole people (see ROUNDING_RULE)."""
    if population < 1 or int(population) != population:
        raise ValueError(f"population must be a positive whole number, got {population}")
    ill = round_half_up(population * prevalence)
    healthy = int(population) - ill
    tp = round_half_up(ill * sensitivity)
    fp = round_half_up(healthy * (1 - specificity))
    return Counts(tp=tp, fp=fp, fn=ill - tp, tn=healthy - fp)


# --- a second, independent test -----------------------------------------------------------------------

@dataclass(frozen=True)
class SecondTest:
    """The second test applied to everyone positive on the first; errors independent given the condition."""

    first: BayesResult
    sensitivity: float
    specificity: float

    @property
    def prior(self) -> float:
        return self.first.ppv

    @property
    def ppv(self) -> float:
        """P(condition | positive, positive): the first PPV updated by the second positive."""
        return posterior(self.prior, self.sensitivity, self.specificity)

    @property
    def after_negative(self) -> float:
        """P(condition | positive, then negative)."""
        return posterior(self.prior, self.sensitivity, self.specificity, positive=False)

    def values(self) -> dict[str, float]:
        return {"PPV after two positives": self.ppv, "P(condition | positive, then negative)": self.after_negative}

    def expected_retest(self, counts: Counts) -> tuple[float, float]:
        """Of the first test's positives, how many with and without the condition test positive again (expected,
        not rounded)."""
        return counts.tp * self.sensitivity, counts.fp * (1 - self.specificity)


def second_update(first: BayesResult, sensitivity: float, specificity: float) -> SecondTest:
    return SecondTest(first, float(sensitivity), float(specificity))


def joint_ppv(prevalence: float, tests: list[tuple[float, float]]) -> float:
    """P(condition | every test positive) in one step: π∏s / (π∏s + (1 − π)∏(1 − c)) (tests independent given the
    condition). Equal to updating one test at a time; the tests check that."""
    hit = prevalence * math.prod(s for s, _ in tests)
    false_alarm = (1 - prevalence) * math.prod(1 - c for _, c in tests)
    return hit / (hit + false_alarm)


# --- PPV and NPV against prevalence -------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Curve:
    prevalence: np.ndarray
    ppv: np.ndarray
    npv: np.ndarray
    ppv_two: np.ndarray | None  # after two positives (second test on)


def curve(sensitivity: float, specificity: float, second: tuple[float, float] | None = None,
          n: int = 241) -> Curve:
    """PPV and NPV at every prevalence from 0.1% to 50% (log-spaced), vectorised closed form."""
    pi = np.geomspace(PREVALENCE_GRID[0], PREVALENCE_GRID[-1], n)
    s, c = sensitivity, specificity
    ppv = s * pi / (s * pi + (1 - c) * (1 - pi))
    npv = c * (1 - pi) / (c * (1 - pi) + (1 - s) * pi)
    ppv_two = None
    if second is not None:
        s2, c2 = second
        ppv_two = s2 * ppv / (s2 * ppv + (1 - c2) * (1 - ppv))
    return Curve(pi, ppv, npv, ppv_two)


# --- the link to the imbalance page ---------------------------------------------------------------------

def imbalance_share(prevalence: float) -> tuple[float, bool]:
    """The imbalance page's `minority` value nearest to `prevalence` (on a log scale) and whether it was rounded."""
    nearest = min(MINORITY_GRID, key=lambda g: abs(math.log(g) - math.log(prevalence)))
    return nearest, not math.isclose(nearest, prevalence)


# --- headline numbers, as the page and the script show them --------------------------------------------

def headline(result: BayesResult, counts: Counts, second: SecondTest | None = None) -> dict[str, float | int]:
    values: dict[str, float | int] = {**result.values(), **counts.values()}
    if second is not None:
        values.update(second.values())
    return values


def shown(value: float | int | None) -> str:
    """A headline value as the page and the script print it: counts with thousands commas, probabilities to 3
    decimals, `—` when undefined."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "—" if value is None or not math.isfinite(value) else f"{value:.3f}"


# --- "Reproduce in code" -------------------------------------------------------------------------------------

def bayes_script(prevalence: float, sensitivity: float, specificity: float, population: int,
                 second: tuple[float, float] | None = None) -> str:
    """A self-contained script: the closed form, the rounded natural frequencies, scikit-learn's confusion matrix
    of that population as a cross-check, and every headline number as `Label: value`."""
    lines = [
        "import math",
        "",
        "import numpy as np",
        "from sklearn.metrics import confusion_matrix, precision_score",
        "",
        f"prevalence, sensitivity, specificity = {prevalence!r}, {sensitivity!r}, {specificity!r}",
        f"population = {int(population)!r}",
        "",
        "# Bayes' theorem: the exact probabilities",
        "p_positive = sensitivity * prevalence + (1 - specificity) * (1 - prevalence)  # the evidence",
        "ppv = sensitivity * prevalence / p_positive",
        "npv = specificity * (1 - prevalence) / (specificity * (1 - prevalence) + (1 - sensitivity) * prevalence)",
        "accuracy = sensitivity * prevalence + specificity * (1 - prevalence)",
        "",
        "# Natural frequencies: whole people, rounded down the tree (nearest, halves up), so they add up",
        "def round_half_up(x):",
        "    return math.floor(x + 0.5 + 1e-9)",
        "",
        "ill = round_half_up(population * prevalence)",
        "healthy = population - ill",
        "tp = round_half_up(ill * sensitivity)",
        "fp = round_half_up(healthy * (1 - specificity))",
        "fn, tn = ill - tp, healthy - fp",
        "",
        "# The same population as labels: scikit-learn counts it back and its precision is TP / (TP + FP)",
        "y_true = np.repeat([1, 1, 0, 0], [tp, fn, fp, tn])",
        "y_pred = np.repeat([1, 0, 1, 0], [tp, fn, fp, tn])",
        "(tn_, fp_), (fn_, tp_) = confusion_matrix(y_true, y_pred, labels=[0, 1])",
        "assert (tp_, fp_, fn_, tn_) == (tp, fp, fn, tn)",
        "print(f\"# precision of the rounded counts = {precision_score(y_true, y_pred, zero_division=np.nan):.4f} "
        "(exact PPV {ppv:.4f})\")",
        "",
        'metrics = {"PPV": ppv, "NPV": npv, "P(positive test)": p_positive, "Accuracy": accuracy,',
        '           "True positives": tp, "False positives": fp, "False negatives": fn, "True negatives": tn}',
    ]
    if second is not None:
        s2, c2 = second
        lines += [
            "",
            "# A second independent test on the positives: the first PPV is the new prior",
            f"sensitivity2, specificity2 = {s2!r}, {c2!r}",
            "prior = ppv",
            'metrics["PPV after two positives"] = sensitivity2 * prior / (sensitivity2 * prior + (1 - specificity2) '
            "* (1 - prior))",
            'metrics["P(condition | positive, then negative)"] = (1 - sensitivity2) * prior / ((1 - sensitivity2) '
            "* prior + specificity2 * (1 - prior))",
        ]
    lines += [
        "",
        "for label, value in metrics.items():",
        '    print(f"{label}: {value:,}" if isinstance(value, int) else f"{label}: {value:.3f}")',
    ]
    return "\n".join(lines) + "\n"


# --- live checks ---------------------------------------------------------------------------------------------

def _relative(expected: float) -> float:
    return max(live_checks.DEFAULT_TOLERANCE, 0.01 * abs(expected))


def bayes_checks(result: BayesResult, counts: Counts, second: SecondTest | None = None) -> list[LiveCheck | None]:
    """Questions on the current view, answered from the numbers the page shows."""
    n, pct = counts.population, f"{result.prevalence:.1%}".replace(".0%", "%")
    sens, spec = result.sensitivity, result.specificity
    checks: list[LiveCheck | None] = [
        LiveCheck(
            "bayes_test_positive", f"With prevalence {pct}, sensitivity {sens:g} and specificity {spec:g}, how "
            f"many of the {n:,} people test positive (in the natural-frequency picture)?",
            f"Test positive = true positives + false positives = {counts.tp:,} + {counts.fp:,} = "
            f"{counts.test_positive:,} (expected {n:,} × P(positive test) = {n:,} × {result.p_positive:.4f} = "
            f"{n * result.p_positive:,.1f}).", expected=float(counts.test_positive), tolerance=1.0),
        LiveCheck(
            "bayes_ppv", f"Prevalence {pct}, sensitivity {sens:g}, specificity {spec:g}. Someone tests positive: "
            "what is the probability that they have the condition (the PPV)?",
            f"PPV = s·π / (s·π + (1 − c)(1 − π)) = {sens:g}·{result.prevalence:g} / ({sens:g}·{result.prevalence:g} "
            f"+ {1 - spec:.3g}·{1 - result.prevalence:.3g}) = {result.ppv:.4f}. In people: {counts.tp:,} of the "
            f"{counts.test_positive:,} positives have it.", expected=result.ppv, tolerance=_relative(result.ppv)),
        LiveCheck(
            "bayes_npv", f"Prevalence {pct}, sensitivity {sens:g}, specificity {spec:g}. Someone tests negative: "
            "what is the probability that they are really free of the condition (the NPV)?",
            f"NPV = c(1 − π) / (c(1 − π) + (1 − s)π) = {spec:g}·{1 - result.prevalence:.3g} / ({spec:g}·"
            f"{1 - result.prevalence:.3g} + {1 - sens:.3g}·{result.prevalence:g}) = {result.npv:.4f}.",
            expected=result.npv, tolerance=0.002),
        live_checks.choice_check(
            "bayes_more_likely", f"With prevalence {pct}, sensitivity {sens:g} and specificity {spec:g}, is a "
            "positive result more likely a true positive or a false positive?",
            ("A true positive", "A false positive"),
            ["A true positive"] if result.ppv > 0.5 else ["A false positive"] if result.ppv < 0.5 else
            ["A true positive", "A false positive"],
            f"PPV = {result.ppv:.3f}: {'more' if result.ppv > 0.5 else 'less'} than half of the positives are "
            f"real ({counts.tp:,} true against {counts.fp:,} false in the picture). PPV passes 0.5 once the "
            f"prevalence exceeds (1 − c)/(s + 1 − c) = {result.break_even_prevalence:.4f}."),
    ]
    if spec < 1:
        p_half = result.break_even_prevalence
        checks.append(LiveCheck(
            "bayes_break_even", f"With this test (sensitivity {sens:g}, specificity {spec:g}), above what "
            "prevalence is a positive result more likely true than false (PPV = 0.5)?",
            f"PPV = 0.5 when s·π = (1 − c)(1 − π), so π = (1 − c)/(s + 1 − c) = {1 - spec:.3g}/({sens:g} + "
            f"{1 - spec:.3g}) = {p_half:.4f}. Equivalently, prior odds × LR+ = 1 with LR+ = s/(1 − c) = "
            f"{result.lr_positive:.3g}.", expected=p_half, tolerance=_relative(p_half)))
    if second is not None:
        checks.append(LiveCheck(
            "bayes_second_positive", f"The first test's PPV is {second.prior:.4f}. A second, independent test "
            f"(sensitivity {second.sensitivity:g}, specificity {second.specificity:g}) is also positive. What is "
            "the probability of the condition now?",
            f"The first posterior is the new prior: {second.sensitivity:g}·{second.prior:.4f} / "
            f"({second.sensitivity:g}·{second.prior:.4f} + {1 - second.specificity:.3g}·{1 - second.prior:.4f}) = "
            f"{second.ppv:.4f}.", expected=second.ppv, tolerance=_relative(second.ppv)))
    return checks
