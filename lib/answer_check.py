"""Tick the key points a free-text answer mentions: a rough, explainable word match.

How it works (shown to users as "a rough guide", because it is one):

1. Both the answer and every phrasing of a key point are *normalised*: lower case,
   accents dropped, every run of characters other than letters and digits becomes a
   word break (so `ROC-AUC`, `roc auc` and `Roc/AUC` all read `roc auc`), and each
   word is cut to a crude stem (`overfitting`, `overfits`, `overfitted` -> `overfit`;
   `regularization` and `regularisation` agree; `probabilities` -> `probability`).
2. A key point is ticked when any of its phrasings appears in the answer as a run
   of consecutive stems. Each phrasing lists the ways people usually say the idea;
   the bank supplies them.

It cannot tell whether the idea was used correctly ("it is *not* overfitting" still
ticks overfitting), and it misses phrasings nobody listed. No library offers this
exact behaviour in a few lines (a full NLP stemmer such as NLTK's would be a new
dependency for little gain), so the few suffix rules below are written by hand and
applied identically to both sides, which matters more than linguistic accuracy.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHE_S = re.compile(r"['\u2019]s\b")
_KEEP_FINAL_S = ("ss", "us", "is", "as", "os")
_NO_UNDOUBLE = set("lsz")
_BRITISH_DOUBLE_L = {"modell": "model", "labell": "label", "cancell": "cancel", "travell": "travel"}


def stem(word: str) -> str:
    """A crude, consistent stem: British/American spelling merged, common suffixes cut."""
    if len(word) <= 2 or word.isdigit():
        return word
    w = re.sub(r"iz(e|es|ed|ing|ation|ations|er|ers)$", r"is\1", word)
    w = re.sub(r"yz(e|es|ed|ing)$", r"ys\1", w)
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(_KEEP_FINAL_S):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        base = w[: -len(suffix)]
        # the rest must still look like a word (thing, string, need, seed keep their ending)
        if w.endswith(suffix) and len(base) >= 2 and re.search("[aeiouy]", base) and not w.endswith("eed"):
            w = base
            if len(w) >= 2 and w[-1] == w[-2] and w[-1] not in _NO_UNDOUBLE and w[-1] not in "aeiou":
                w = w[:-1]  # fitting -> fitt -> fit
            break
    if len(w) > 5 and w.endswith("our"):
        w = w[:-3] + "or"  # colour/color, behaviour/behavior, neighbour/neighbor
    if w.endswith("e") and len(w) >= 3:
        w = w[:-1]  # scale/scaled/scaling all end as "scal"
    return _BRITISH_DOUBLE_L.get(w, w)


def normalise(text: str) -> list[str]:
    """Lower-case, accent-free word stems of `text`, in order."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    folded = _APOSTROPHE_S.sub("", folded.lower().replace("\u2019", "'"))
    return [stem(w) for w in _WORD.findall(folded)]


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    if n == 0:
        return False
    return any(list(words[i:i + n]) == list(phrase) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class PointResult:
    """One key point and the phrasing that ticked it (None: not found in the answer)."""

    point: str
    matched: str | None

    @property
    def ticked(self) -> bool:
        return self.matched is not None


@dataclass(frozen=True)
class CheckResult:
    points: tuple[PointResult, ...]

    @property
    def ticked(self) -> int:
        return sum(p.ticked for p in self.points)

    @property
    def total(self) -> int:
        return len(self.points)

    def summary(self) -> str:
        return f"{self.ticked} of {self.total} key points mentioned"


def check_answer(answer: str, key_points: Iterable[tuple[str, Sequence[str]]]) -> CheckResult:
    """Tick each `(point, phrasings)` for which any phrasing appears in `answer`."""
    words = normalise(answer)
    results = []
    for point, phrasings in key_points:
        matched = next((p for p in phrasings if _contains(words, normalise(p))), None)
        results.append(PointResult(point, matched))
    return CheckResult(tuple(results))
