"""Objects written once: a `Call` both builds a Python object and prints the code that builds it.

Every estimator, sampler, loader and preprocessing step in a registry is a `Call`
tree, e.g. `Call(SVC, C=1.0, gamma=0.1, random_state=0)`. `build()` gives the
object the page uses; `Script.expr(call)` gives the source the "Reproduce in
code" script prints, and records the import it needs. Because both come from the
same tree, a script cannot drift from the page.

    script = Script()
    model = script.expr(Call(LogisticRegression, C=0.1, max_iter=5000))  # "LogisticRegression(C=0.1, ...)"
    script.line(f"model = {model}")
    script.text()  # imports first ("from sklearn.linear_model import LogisticRegression"), then the body

Written here because no library renders constructor calls as source with their imports.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

LINE = 100  # wrap a rendered call past this many characters


@dataclass(frozen=True)
class Ref:
    """A named value a script refers to rather than constructs: `np.number`, `np.inf`."""


    value: Any
    code: str
    imports: tuple[str, ...] = ()


NP_NUMBER = Ref(np.number, "np.number", ("import numpy as np",))


@dataclass(frozen=True)
class Var:
    """A value a script assigns to `name` once (on first use) and then refers to: it builds as `value`."""

    name: str
    value: Any


class Call:
    """`target(*args, **kwargs)`, where arguments may themselves be `Call`s, `Ref`s, lists, tuples or dicts."""

    __slots__ = ("args", "kwargs", "target")

    def __init__(self, target: Callable, *args: Any, **kwargs: Any) -> None:
        self.target, self.args, self.kwargs = target, args, kwargs

    def build(self) -> Any:
        return self.target(*(_build(a) for a in self.args), **{k: _build(v) for k, v in self.kwargs.items()})

    def with_kwargs(self, **changes: Any) -> Call:
        return Call(self.target, *self.args, **{**self.kwargs, **changes})

    def __repr__(self) -> str:
        return Script().expr(self)



def _build(value: Any) -> Any:
    if isinstance(value, Call):
        return value.build()
    if isinstance(value, Ref):
        return value.value
    if isinstance(value, Var):
        return _build(value.value)
    if isinstance(value, list):
        return [_build(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_build(v) for v in value)
    if isinstance(value, dict):
        return {k: _build(v) for k, v in value.items()}
    return value


@cache
def public_module(target: Callable) -> str:
    """The shortest public module that exports `target`: `sklearn.linear_model`, not `sklearn.linear_model._logistic`."""
    parts = target.__module__.split(".")
    for end in range(1, len(parts) + 1):
        name = ".".join(parts[:end])
        if any(p.startswith("_") for p in parts[1:end]):
            break
        try:
            if getattr(importlib.import_module(name), target.__name__, None) is target:
                return name
        except ImportError:
            continue
    return target.__module__


def literal(value: Any) -> str:
    """A Python literal for a plain value (numpy scalars become plain numbers)."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if value is None or isinstance(value, str):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}: wrap it in a Ref")


# A second class of the same name (imblearn's Pipeline beside scikit-learn's) is imported under an alias.
_ALIAS_PREFIX = {"imblearn": "Imb", "sklearn": "Sk", "statsmodels": "Sm"}


class Script:
    """A script being written: body lines, and the imports the expressions in them need."""

    def __init__(self) -> None:
        self._imports: dict[str, None] = {}  # plain import lines, in first-use order
        self._names: dict[tuple[str, str], str] = {}  # (module, name) -> name used in the script
        self._body: list[str] = []
        self._pending: list[str] = []  # definitions of `Var`s met in an expression, written before its line
        self._defined: set[str] = set()

    # --- imports ---
    def need(self, *lines: str) -> Script:
        """Plain import lines (`import numpy as np`)."""
        for line in lines:
            self._imports.setdefault(line, None)
        return self

    def name(self, target: Callable) -> str:
        """The name `target` has in this script, importing it from its public module."""
        key = (public_module(target), target.__name__)
        if key not in self._names:
            used = set(self._names.values())
            alias = key[1]
            if alias in used:
                alias = _ALIAS_PREFIX.get(key[0].split(".")[0], "_") + alias
            self._names[key] = alias
        return self._names[key]

    # --- expressions ---
    def expr(self, value: Any, indent: int = 0) -> str:
        """Source for `value`, wrapped across lines when long."""
        if isinstance(value, Call):
            return self._call(value, indent)
        if isinstance(value, Ref):
            self.need(*value.imports)
            return value.code
        if isinstance(value, Var):
            if value.name not in self._defined:
                self._defined.add(value.name)
                self._pending.append(f"{value.name} = {self.expr(value.value)}")
            return value.name
        if isinstance(value, (list, tuple)):
            items = [self.expr(v, indent + 4) for v in value]
            open_, close = ("[", "]") if isinstance(value, list) else ("(", ",)" if len(value) == 1 else ")")
            return _wrap(open_, items, close, indent)
        if isinstance(value, dict):
            return _wrap("{", [f"{self.expr(k)}: {self.expr(v, indent + 4)}" for k, v in value.items()], "}", indent)
        if isinstance(value, type) or callable(value):
            return self.name(value)
        return literal(value)

    def _call(self, call: Call, indent: int) -> str:
        name = self.name(call.target)
        items = [self.expr(a, indent + 4) for a in call.args]
        items += [f"{k}={self.expr(v, indent + 4)}" for k, v in call.kwargs.items()]
        return _wrap(f"{name}(", items, ")", indent)

    # --- body ---
    def line(self, *lines: str) -> Script:
        pending, self._pending = self._pending, []
        for text in [*pending, *lines]:
            self._body.extend(text.rstrip("\n").split("\n"))
        return self

    def blank(self) -> Script:
        return self.line("")

    def comment(self, text: str) -> Script:
        return self.line(f"# {text}")

    def assign(self, target: str, value: Any, comment: str = "") -> Script:
        return self.line(f"{target} = {self.expr(value)}" + (f"  # {comment}" if comment else ""))

    def text(self) -> str:
        imports = [line for line in self._imports if line.startswith("import ")]
        grouped: dict[str, set[str]] = {}
        for (module, name), alias in self._names.items():
            grouped.setdefault(module, set()).add(name if alias == name else f"{name} as {alias}")
        for line in self._imports:
            if line.startswith("from "):
                module, names = line[len("from "):].split(" import ")
                grouped.setdefault(module, set()).update(n.strip() for n in names.split(","))
        froms = [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(grouped.items())]
        head = sorted(imports) + froms
        return "\n".join(head + ["", ""] + self._body).rstrip() + "\n"


def _wrap(open_: str, items: Iterable[str], close: str, indent: int) -> str:
    items = list(items)
    one_line = open_ + ", ".join(items) + close
    if len(one_line) + indent <= LINE and "\n" not in one_line:
        return one_line
    pad = " " * (indent + 4)
    return open_ + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + close.lstrip(",")


def kwargs_code(values: Mapping[str, Any]) -> str:
    """`a=1, b='x'` for plain values."""
    return ", ".join(f"{k}={literal(v)}" for k, v in values.items())
