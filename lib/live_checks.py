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
