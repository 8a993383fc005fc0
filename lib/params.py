"""URL state: what a bound control is (its name, kind of value, default, range or grid, label).

In the manner of TensorFlow Playground's `state.ts`, every key the app binds to the
address bar is a `Param`, declared once: the shared ones here, each page's own in
its lib module (listed by its entry in `lib/pages.py`), model knobs and generator
controls derived from the registries. The bound widgets (`lib/ui/url.py`), the
question-link checks and the link writers (`lib/links.py`) all read these.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lib.models import Knob, format_value

Value = str | int | float | bool
Context = Mapping[str, Any]  # the other values of the view (dataset, model, algorithm...)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --- kinds of value ----------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One of a few ids (a selectbox)."""

    options: tuple[str, ...]

    def problem(self, value: Any) -> str | None:
        return None if value in self.options else f"{value!r} is not one of {', '.join(map(str, self.options))}"

    @property
    def expected(self) -> str:
        shown = ", ".join(f"`{o}`" for o in self.options[:12])
        return "one of " + shown + ("…" if len(self.options) > 12 else "")


@dataclass(frozen=True)
class Grid:
    """One value of a fixed, ordered grid (a select_slider); `log` grids are drawn on a log scale."""

    values: tuple
    log: bool = False

    def problem(self, value: Any) -> str | None:
        if not _is_number(value) or not any(math.isclose(value, g, rel_tol=1e-9) for g in self.values):
            return f"{value!r} is not on the grid ({format_value(self.values[0])} … {format_value(self.values[-1])})"
        return None

    @property
    def expected(self) -> str:
        return f"one of {format_value(self.values[0])}, {format_value(self.values[1])}, … {format_value(self.values[-1])}"


@dataclass(frozen=True)
class Number:
    """A number in [low, high] on `step`s from `low` (a slider or number input)."""

    low: float
    high: float
    step: float
    whole: bool = False

    def problem(self, value: Any) -> str | None:
        if not _is_number(value) or (self.whole and not float(value).is_integer()):
            return f"expected {'a whole number' if self.whole else 'a number'}, got {value!r}"
        if not self.low <= value <= self.high:
            return f"{value} is outside {format_value(self.low)}–{format_value(self.high)}"
        steps = (value - self.low) / self.step
        if abs(steps - round(steps)) > 1e-6:
            return f"{value} is not on the {format_value(self.step)} steps from {format_value(self.low)}"
        return None

    @property
    def expected(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {format_value(self.low)} to {format_value(self.high)} in steps of {format_value(self.step)}"


@dataclass(frozen=True)
class Toggle:
    """On or off (`true` / `false` in the URL)."""

    def problem(self, value: Any) -> str | None:
        return None if isinstance(value, bool) or value in ("true", "false") else f"{value!r} is not true or false"

    @property
    def expected(self) -> str:
        return "`true` or `false`"


@dataclass(frozen=True)
class Label:
    """A class name of the current data (known only once the data is loaded)."""

    def problem(self, value: Any) -> str | None:
        return None if isinstance(value, str) and value.strip() else f"{value!r} is not a class name"

    @property
    def expected(self) -> str:
        return "one of the data's classes"


Domain = Choice | Grid | Number | Toggle | Label


@dataclass(frozen=True)
class Param:
    """One URL key: its value domain (or a function of the view's other values giving it), default and label."""

    name: str
    domain: Domain | Callable[[Context], Domain]
    default: Any
    label: str = ""
    help: str = ""
    when: Callable[[Context], bool] | None = None  # read only in views where this holds
    widget: str = ""  # "number" for a typed whole number instead of a slider

    def domain_in(self, context: Context) -> Domain:
        return self.domain(context) if callable(self.domain) else self.domain

    def default_in(self, context: Context) -> Any:
        return self.default(context) if callable(self.default) else self.default

    def applies(self, context: Context) -> bool:
        return self.when is None or bool(self.when(context))

    def problem(self, value: Any, context: Context) -> str | None:
        return self.domain_in(context).problem(value)


# --- the shared keys ---------------------------------------------------------------------

SEED_MAX = 99_999
SEED = Param("seed", Number(0, SEED_MAX, 1, whole=True), 0, "Random seed", widget="number",
             help="Drives the synthetic data, the train/test split and the model: same seed, same numbers.")
TEST_SIZE = Param("test_size", Number(0.1, 0.5, 0.05), 0.25, "Test size",
                  help="Share of rows held out (stratified) to measure the model.")
THRESHOLD = Param("threshold", Number(0.0, 1.0, 0.01), 0.5, "Decision threshold",
                  help="A row is predicted positive when its score (the model's predicted probability of the "
                       "positive class) is at least this value, scikit-learn's convention.")
COST_FP = Param("cost_fp", Number(0, 10_000, 1, whole=True), 1, "Cost of a false positive", widget="number",
                help="E.g. an unnecessary follow-up test or a blocked legitimate payment.")
COST_FN = Param("cost_fn", Number(0, 10_000, 1, whole=True), 5, "Cost of a false negative", widget="number",
                help="E.g. a missed tumour or an undetected fraud.")
POSITIVE = Param("positive", Label(), None, "Positive class (one-vs-rest)",
                 help="This dataset has more than two classes: the chosen class is 'positive', all others together "
                      "are 'negative'.")
SCALE = Param("scale", Toggle(), True, "Scale features",
              help="Rescale every feature to mean 0, standard deviation 1 first.")


def choice_param(name: str, options: Sequence[str] | Callable[[Context], Sequence[str]], label: str,
                 default: Any = None, **kwargs: Any) -> Param:
    """A selectbox over ids; the default is the first option unless given."""
    def domain(context: Context) -> Choice:
        return Choice(tuple(options(context) if callable(options) else options))

    def first(context: Context) -> Any:
        return default if default is not None else domain(context).options[0]

    return Param(name, domain, first, label, **kwargs)


# --- keys derived from the registries ---------------------------------------------------------

def knob_param(knob: Knob) -> Param:
    """A model knob, bound under its scikit-learn name."""
    if knob.is_choice:
        domain: Domain = Choice(tuple(knob.grid))
    elif knob.log or not all(isinstance(v, int) for v in knob.grid):
        domain = Grid(tuple(knob.grid), knob.log)
    else:
        domain = Number(knob.grid[0], knob.grid[-1], 1, whole=True)
    when = None if knob.when is None else (lambda c, w=knob.when: c.get(w[0]) == w[1])
    return Param(knob.name, domain, knob.default, knob.label, knob.help, when)


def control_param(control) -> Param:
    """A synthetic generator's own control (`n_samples`, `noise`, …)."""
    widget = "number" if control.is_int and control.name == "n_samples" else ""
    low, high, step = (int(v) if control.is_int else float(v) for v in (control.low, control.high, control.step))
    default = int(control.default) if control.is_int else float(control.default)
    return Param(control.name, Number(low, high, step, whole=control.is_int), default, control.label, control.help,
                 widget=widget)


def url_text(value: Any) -> str:
    """How a value is written in the address bar (`0.01`, `1e-09`, `200`, `true`)."""
    if isinstance(value, bool):
        return str(value).lower()
    return format_value(value)


def read_value(text: str) -> Value:
    """A URL value as the number or flag it spells (links in the question bank use these types)."""
    if text in ("true", "false"):
        return text == "true"
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
