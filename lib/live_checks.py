"""Live checks: small questions built from the numbers a page is showing right now.

A page builds `LiveCheck`s from its own cached results (e.g. the confusion matrix at
the current threshold) and passes them to `lib.ui.rehearse.rehearse_panel`; the
user answers, `check` says whether the answer is right within the stated tolerance,
and the feedback shows the formula with the page's numbers filled in.

Numeric answers may be typed as `0.86`, `.86`, `0,86`, `86%` or a fraction `49/57`.
An answer is accepted when |answer − expected| ≤ tolerance (plus 1e-9 for floating
point), so `0.855` is accepted for 0.860 ± 0.005 and `0.8549` is not.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

NUMBER, CHOICE = "number", "choice"
DEFAULT_TOLERANCE = 0.005  # any answer rounded to two decimals is accepted
_FLOAT_SLACK = 1e-9
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class LiveCheck:
    """One question about the current view.

    `key` is stable for the same kind of question (widget keys use it); `explanation` is shown after
    an answer and should give the formula with the numbers filled in.
    """

    key: str
    prompt: str
    explanation: str
    kind: str = NUMBER
    expected: float | None = None  # NUMBER: the right value
    tolerance: float = DEFAULT_TOLERANCE  # NUMBER: accepted distance from `expected`
    choices: tuple[str, ...] = ()  # CHOICE: what the user picks from
    accepted: frozenset[str] = frozenset()  # CHOICE: the right picks (several when tied)

    def __post_init__(self) -> None:
        if self.kind == NUMBER:
            if self.expected is None or not math.isfinite(self.expected) or self.tolerance < 0:
                raise ValueError("a numeric live check needs a finite expected value and a tolerance >= 0")
        elif self.kind == CHOICE:
            if not self.accepted or not self.accepted <= set(self.choices):
                raise ValueError("a choice live check needs accepted answers among its choices")
        else:
            raise ValueError(f"unknown live-check kind {self.kind!r}")

    @property
    def tolerance_text(self) -> str:
        return f"±{self.tolerance:g}"


@dataclass(frozen=True)
class Feedback:
    correct: bool | None  # None: the answer could not be read
    message: str


def parse_number(text: str) -> float | None:
    """Read `0.86`, `.86`, `0,86`, `86%`, `49/57` (or None when it is not a number)."""
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned or len(cleaned) > 40:
        return None
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # decimal comma
    if cleaned.count("/") == 1:
        top, bottom = cleaned.split("/")
        if not (_NUMBER.match(top) and _NUMBER.match(bottom)) or float(bottom) == 0:
            return None
        value = float(top) / float(bottom)
    elif _NUMBER.match(cleaned):
        value = float(cleaned)
    else:
        return None
    if percent:
        value /= 100
    return value if math.isfinite(value) else None


def check(live: LiveCheck, answer: str | float | None) -> Feedback:
    """Is `answer` right for `live`? The message always ends with the worked explanation."""
    if live.kind == CHOICE:
        if answer is None or answer == "":
            return Feedback(None, "Pick one of the options first.")
        right = str(answer) in live.accepted
        verdict = "Right." if right else f"Not quite: the answer is {' or '.join(sorted(live.accepted))}."
        return Feedback(right, f"{verdict} {live.explanation}")
    value = answer if isinstance(answer, (int, float)) else parse_number(str(answer or ""))
    if value is None or not math.isfinite(value):
        return Feedback(None, "Type a number, for example 0.86, 86% or 49/57.")
    assert live.expected is not None
    right = abs(value - live.expected) <= live.tolerance + _FLOAT_SLACK
    shown = f"{live.expected:.3f}" if abs(live.expected) < 10 else f"{live.expected:g}"
    if right:
        verdict = f"Right: {shown} (accepted within {live.tolerance_text})."
    else:
        hint = ""
        if 0 <= live.expected <= 1 and 1 < value <= 100:
            hint = " Give shares as a decimal between 0 and 1 (or add %)."
        verdict = f"Not quite: you wrote {value:g}, the answer is {shown} (accepted within {live.tolerance_text}).{hint}"
    return Feedback(right, f"{verdict} {live.explanation}")


# --- builders the pages can use with their own cached numbers ------------------

def _ratio_check(key: str, prompt: str, name: str, formula: str, top: int, bottom: int,
                 tolerance: float) -> LiveCheck | None:
    if bottom <= 0:
        return None  # undefined (0/0): nothing sensible to ask
    value = top / bottom
    return LiveCheck(key, prompt, f"{name} = {formula} = {top} / {bottom} = {value:.3f}.",
                     expected=value, tolerance=tolerance)


def precision_check(tp: int, fp: int, threshold: float, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"At threshold t the model flags TP+FP rows, TP of them correct: precision?" (None if nothing is flagged)."""
    flagged = tp + fp
    return _ratio_check(
        "precision", f"At threshold {threshold:.2f} the model flags {flagged} test rows as positive, and {tp} of "
        "them really are positive. What is the precision?", "Precision", f"TP / (TP + FP) = {tp} / ({tp} + {fp})",
        tp, flagged, tolerance)


def recall_check(tp: int, fn: int, threshold: float, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"There are TP+FN positives and the model catches TP at threshold t: recall?" (None without positives)."""
    positives = tp + fn
    return _ratio_check(
        "recall", f"The test split has {positives} positive rows. At threshold {threshold:.2f} the model catches "
        f"{tp} of them. What is the recall?", "Recall", f"TP / (TP + FN) = {tp} / ({tp} + {fn})",
        tp, positives, tolerance)


def majority_baseline_check(n_majority: int, n_total: int, majority_label: str = "the majority class",
                            tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"What accuracy does always predicting the majority class get here?"."""
    return _ratio_check(
        "majority_baseline", f"The test split has {n_total} rows, {n_majority} of them {majority_label}. What "
        "accuracy does a model get that always predicts the majority class?", "Accuracy of always predicting the "
        "majority", "majority rows / all rows", n_majority, n_total, tolerance)


def choice_check(key: str, prompt: str, choices: Sequence[str], accepted: Sequence[str],
                 explanation: str) -> LiveCheck:
    return LiveCheck(key, prompt, explanation, kind=CHOICE, choices=tuple(choices), accepted=frozenset(accepted))


def best_k_check(ks: Sequence[int], silhouettes: Sequence[float]) -> LiveCheck | None:
    """"Which k has the best silhouette?" from a k sweep (ties all accepted; None if nothing is defined)."""
    pairs = [(int(k), float(s)) for k, s in zip(ks, silhouettes, strict=True) if s is not None and math.isfinite(s)]
    if not pairs:
        return None
    best = max(s for _, s in pairs)
    winners = [str(k) for k, s in pairs if math.isclose(s, best, abs_tol=1e-12)]
    listing = ", ".join(f"k={k}: {s:.3f}" for k, s in pairs)
    return choice_check("best_k", "Which number of clusters k has the highest mean silhouette in the sweep?",
                        [str(k) for k, _ in pairs], winners,
                        f"Mean silhouette by k — {listing}. The highest is {best:.3f} at k = {', '.join(winners)}.")


FIT_VERDICTS = ("Underfitting", "Good fit", "Overfitting")


def fit_verdict_check(train: float, validation: float, verdict: str, rule: str) -> LiveCheck:
    """"Is this model under- or overfitting?" — `verdict` and `rule` come from the fitting page's own rule."""
    return choice_check(
        "fit_verdict", f"Train score {train:.3f}, validation score {validation:.3f}. Is this model underfitting, "
        "fitting well, or overfitting?", FIT_VERDICTS, [verdict],
        f"Gap = {train:.3f} − {validation:.3f} = {train - validation:.3f}. {rule}")


def specificity_check(tn: int, fp: int, threshold: float, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"Of the N negatives, the model leaves TN unflagged at threshold t: specificity?"."""
    negatives = tn + fp
    return _ratio_check(
        "specificity", f"The test split has {negatives} negative rows. At threshold {threshold:.2f} the model "
        f"wrongly flags {fp} of them as positive. What is the specificity (true negative rate)?", "Specificity",
        f"TN / (TN + FP) = {tn} / ({tn} + {fp})", tn, negatives, tolerance)


def f1_check(tp: int, fp: int, fn: int, threshold: float, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"TP, FP, FN at threshold t: F1?" (the harmonic mean of precision and recall, in counts)."""
    denominator = 2 * tp + fp + fn
    return _ratio_check(
        "f1", f"At threshold {threshold:.2f}: {tp} true positives, {fp} false positives, {fn} false negatives. "
        "What is the F1 score?", "F1", f"2·TP / (2·TP + FP + FN) = 2·{tp} / (2·{tp} + {fp} + {fn})",
        2 * tp, denominator, tolerance)


def prevalence_check(n_positive: int, n_total: int, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"Where is PR-AUC's no-skill line?" — the share of positives."""
    return _ratio_check(
        "prevalence", f"The test split has {n_total} rows, {n_positive} of them positive. At what precision does "
        "the PR curve's no-skill line sit (the PR-AUC a random scorer gets)?", "No-skill precision",
        "positives / all rows", n_positive, n_total, tolerance)


def gap_check(train: float, validation: float, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck:
    """"Train and validation scores shown: what is the gap?"."""
    gap = round(train, 3) - round(validation, 3)  # from the numbers as shown
    return LiveCheck("gap", f"Train score {train:.3f}, validation score {validation:.3f}. How large is the gap "
                     "that signals overfitting?", f"Gap = train − validation = {train:.3f} − {validation:.3f} = "
                     f"{gap:.3f}.", expected=gap, tolerance=tolerance)


def best_value_check(param: str, values: Sequence[str], validation: Sequence[float],
                     best: int | None) -> LiveCheck | None:
    """"Which value of the knob has the best cross-validated score?" from the validation curve."""
    if best is None:
        return None
    listing = ", ".join(f"{v}: {s:.3f}" for v, s in zip(values, validation, strict=True) if math.isfinite(s))
    return choice_check(
        "best_value", f"On the validation curve, which `{param}` has the best cross-validated score?", list(values),
        [values[best]], f"Cross-validated means — {listing}. The best is {param} = {values[best]} (ties go to the "
        "simpler model).")


SILHOUETTE_BANDS = ("Strong (above 0.70)", "Reasonable (0.50–0.70)", "Weak (0.25–0.50)", "No real structure (below 0.25)")


def silhouette_strength_check(silhouette: float | None) -> LiveCheck | None:
    """"How strong is the structure?" from the mean silhouette, with Kaufman & Rousseeuw's rule-of-thumb bands."""
    if silhouette is None or not math.isfinite(silhouette):
        return None
    band = next(i for i, low in enumerate((0.70, 0.50, 0.25, -1.0)) if silhouette > low or low == -1.0)
    return choice_check(
        "silhouette_strength", f"The mean silhouette here is {silhouette:.3f}. By the usual rule of thumb, how "
        "strong is the cluster structure?", SILHOUETTE_BANDS, [SILHOUETTE_BANDS[band]],
        f"Silhouette {silhouette:.3f} falls in '{SILHOUETTE_BANDS[band]}' (Kaufman & Rousseeuw's bands). It only "
        "measures compact, well-separated clusters: moons or rings can score low and still be found correctly.")


def noise_share_check(n_noise: int, n_total: int, tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"What share of the points did DBSCAN call noise?"."""
    return _ratio_check(
        "noise_share", f"DBSCAN labels {n_noise} of the {n_total} points as noise. What share of the points is "
        "that?", "Noise share", "noise points / all points", n_noise, n_total, tolerance)


def largest_cluster_check(sizes: Sequence[int], tolerance: float = DEFAULT_TOLERANCE) -> LiveCheck | None:
    """"What share of the clustered points is in the largest cluster?" (a quick balance check)."""
    sizes = [int(s) for s in sizes if s > 0]
    if not sizes:
        return None
    return _ratio_check(
        "largest_cluster", f"The clusters hold {', '.join(str(s) for s in sorted(sizes, reverse=True))} points. "
        "What share of the clustered points is in the largest one?", "Largest cluster's share",
        "largest cluster / clustered points", max(sizes), sum(sizes), tolerance)


# --- the checks each page offers (built from numbers the page already shows) -------------

def classification_checks(tp: int, fp: int, fn: int, tn: int, threshold: float) -> list[LiveCheck | None]:
    return [precision_check(tp, fp, threshold), recall_check(tp, fn, threshold),
            specificity_check(tn, fp, threshold), f1_check(tp, fp, fn, threshold)]


def imbalance_checks(tp: int, fp: int, fn: int, tn: int, threshold: float) -> list[LiveCheck | None]:
    n_positive, n_negative = tp + fn, tn + fp
    majority = "negative" if n_negative >= n_positive else "positive"
    return [majority_baseline_check(max(n_positive, n_negative), n_positive + n_negative, majority),
            prevalence_check(n_positive, n_positive + n_negative), recall_check(tp, fn, threshold)]


def fitting_checks(train: float, validation: float, verdict: str, rule: str, param: str,
                   values: Sequence[str], validation_means: Sequence[float], best: int | None) -> list[LiveCheck | None]:
    label = verdict.capitalize()
    return [gap_check(train, validation),
            fit_verdict_check(train, validation, label, rule) if label in FIT_VERDICTS else None,
            best_value_check(param, values, validation_means, best)]


def clustering_checks(silhouette: float | None, cluster_sizes: Sequence[int], n_noise: int, n_total: int,
                      ks: Sequence[int] = (), k_silhouettes: Sequence[float] = ()) -> list[LiveCheck | None]:
    checks = [silhouette_strength_check(silhouette), largest_cluster_check(cluster_sizes)]
    if ks:
        checks.append(best_k_check(ks, k_silhouettes))
    else:  # DBSCAN: no k, but noise
        checks.append(noise_share_check(n_noise, n_total))
    return checks
