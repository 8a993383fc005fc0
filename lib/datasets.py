"""Dataset registry: id -> source (loader and its script code), name, description, task.

Adding a dataset is one `DatasetSpec` entry in `REGISTRY`. Its `source` both loads
the data for the page and writes the lines of the "Reproduce in code" script that
load the same data, so the two cannot drift. Every classification target is a
Series of class names (strings), so binary, multiclass and clustering pages all
read the same shape; a regression table's target (task `REGRESSION`) is a Series of
floats, and its script lines define `y` (numbers) instead of `labels`. Which pages
offer a dataset follows from its `task` (and `clusterable`): see `lib/pages.py`.
"""
from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn import datasets as skd

from lib import assumptions, cloud
from lib.code import Call, Script, kwargs_code

if TYPE_CHECKING:
    from lib.upload import Reading

BINARY, MULTICLASS, REGRESSION = "binary", "multiclass", "regression"
UNLABELLED = "unlabelled"  # points without classes or a target (the PCA page's 2-D cloud)
UPLOAD_ID = "upload"
ROOT = Path(__file__).resolve().parent.parent
CHURN_CSV = ROOT / "datasets" / "churn.csv"


def natural_key(label: str) -> tuple:
    """Sort class names numerically when they are numbers (`2` before `10`), else alphabetically."""
    try:
        return (0, float(label), "")
    except ValueError:
        return (1, 0.0, label)


@dataclass(frozen=True)
class Dataset:
    """Features, target (class names as strings; floats for a regression table) and what the user should know."""

    X: pd.DataFrame
    y: pd.Series
    positive: str | None = None  # the class a binary page calls "positive"
    notes: tuple[str, ...] = ()  # plain-language remarks (imputation, encoding...)
    reading: Reading | None = None  # an upload: how the page read it (the script repeats it)

    @property
    def classes(self) -> list[str]:
        return sorted(self.y.unique().tolist(), key=natural_key)

    def positive_class(self, chosen: str | None = None) -> str:
        """The one rule for "which class is positive": the page's choice, else the dataset's own, else the
        last class in natural order."""
        if chosen is not None:
            return chosen
        return self.positive if self.positive in self.classes else self.classes[-1]

    def binary_target(self, positive: str | None = None) -> np.ndarray:
        """1 where the row belongs to the positive class, else 0."""
        return (self.y.to_numpy() == self.positive_class(positive)).astype(int)


@dataclass(frozen=True)
class Control:
    """A synthetic generator's own parameter, bound to the URL under `name`."""

    name: str
    label: str
    low: float
    high: float
    default: float
    step: float
    help: str = ""

    @property
    def is_int(self) -> bool:
        return all(float(v).is_integer() for v in (self.low, self.high, self.default, self.step))

    def clip(self, value: Any) -> float | int:
        value = min(max(float(value), self.low), self.high)
        return int(round(value)) if self.is_int else value


# --- sources: each loads the data and writes the script lines that load it -------------------

def _class_names(y: pd.Series, names: Mapping[int, str] | None) -> pd.Series:
    """Integer class codes -> names (or the codes as text). The script's `labels = ...` line does the same."""
    codes = pd.Series(np.asarray(y)).astype(int)
    return (codes.map(dict(names)) if names else codes.astype(str)).astype(object).rename("target")


def _labels_code(expression: str, names: Mapping[int, str] | None) -> str:
    mapping = f".map({dict(names)!r})" if names else ".astype(str)"
    return f"labels = pd.Series({expression}).astype(int){mapping}  # class names, as the page shows them"


def _target(y: Any, names: Mapping[int, str] | None, numeric: bool) -> pd.Series:
    """The page's target: class names, or (`numeric`, a regression table) the numbers as floats."""
    if numeric:
        return pd.Series(np.asarray(y, dtype=float), name="target")
    return _class_names(y, names)


def _target_code(expression: str, names: Mapping[int, str] | None, numeric: bool) -> str:
    if numeric:
        return f"y = np.asarray({expression}, dtype=float)  # the number to predict"
    return _labels_code(expression, names)


@dataclass(frozen=True)
class Bundled:
    """A table that ships with scikit-learn (`load_iris`, …): no download."""

    loader: Callable
    class_names: Mapping[int, str] | None = None

    def load(self, seed: int, params: Mapping[str, Any],  # noqa: ARG002
             numeric: bool = False) -> tuple[pd.DataFrame, pd.Series]:
        bunch = Call(self.loader, as_frame=True).build()
        X = bunch.data.copy()
        X.columns = [str(c) for c in X.columns]
        return X, _target(bunch.target, self.class_names, numeric)

    def write(self, script: Script, seed: int, params: Mapping[str, Any],  # noqa: ARG002
              numeric: bool = False) -> None:
        script.need("import numpy as np" if numeric else "import pandas as pd")
        script.assign("bunch", Call(self.loader, as_frame=True))
        script.line("X = bunch.data", "X.columns = [str(c) for c in X.columns]",
                    _target_code("bunch.target", self.class_names, numeric))


def _generator_arguments(params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    return {**params, "random_state": seed}


def _module_code(module: Any) -> tuple[list[str], str]:
    """A small module's import lines, and its code after them as written (comments kept), to copy into a script."""
    source = inspect.getsource(module)
    imports = [node for node in ast.parse(source).body if isinstance(node, (ast.Import, ast.ImportFrom))]
    body = source.splitlines()[imports[-1].end_lineno:] if imports else source.splitlines()
    return [ast.get_source_segment(source, node) for node in imports], "\n".join(body).strip()


@dataclass(frozen=True)
class Generated:
    """Drawn by a generator (scikit-learn's `make_moons`, …) from the seed and the generator's own controls.

    `copied`: the generator is the playground's own (a self-contained module such as `lib.assumptions`), so
    the script carries its code instead of importing it from the playground.
    """

    make: Callable
    class_names: Mapping[int, str] | None = None
    arguments: Callable[[Mapping[str, Any], int], dict[str, Any]] = _generator_arguments  # (controls, seed) -> kwargs
    copied: bool = False

    def call(self, seed: int, params: Mapping[str, Any]) -> Call:
        return Call(self.make, **self.arguments(params, seed))

    def load(self, seed: int, params: Mapping[str, Any], numeric: bool = False) -> tuple[pd.DataFrame, pd.Series]:
        features, y = self.call(seed, params).build()
        X = pd.DataFrame(features, columns=[f"x{i + 1}" for i in range(features.shape[1])])
        return X, _target(y, self.class_names, numeric)

    def write(self, script: Script, seed: int, params: Mapping[str, Any], numeric: bool = False) -> None:
        script.need("import pandas as pd", *(["import numpy as np"] if numeric else []))
        if self.copied:
            imports, code = _module_code(inspect.getmodule(self.make))
            script.need(*imports)
            path = self.make.__module__.replace(".", "/") + ".py"
            script.comment(f"The playground's generator, copied from its {path} so this script runs anywhere.")
            script.line(code, "", "")
            arguments = ",\n    ".join(kwargs_code({k: v}) for k, v in self.arguments(params, seed).items())
            call = f"{self.make.__name__}(\n    {arguments},\n)"
        else:
            call = script.expr(self.call(seed, params))
        script.line(f"features, y = {call}",
                    'X = pd.DataFrame(features, columns=[f"x{i + 1}" for i in range(features.shape[1])])',
                    _target_code("y", self.class_names, numeric))


@dataclass(frozen=True)
class CsvFile:
    """A CSV file shipped in this repository's `datasets/` folder."""

    path: Path
    target: str

    def load(self, seed: int, params: Mapping[str, Any],  # noqa: ARG002
             numeric: bool = False) -> tuple[pd.DataFrame, pd.Series]:
        frame = pd.read_csv(self.path)
        y = frame[self.target]
        target = y.astype(float) if numeric else y.astype(str).astype(object)
        return frame.drop(columns=[self.target]), target.rename("target")

    def write(self, script: Script, seed: int, params: Mapping[str, Any],  # noqa: ARG002
              numeric: bool = False) -> None:
        relative = self.path.relative_to(ROOT).as_posix()
        script.need("import pandas as pd", *(["import numpy as np"] if numeric else []))
        script.line(f"# {relative} from the playground's repository",
                    f"frame = pd.read_csv({relative!r})",
                    f"y = frame.pop({self.target!r}).to_numpy(dtype=float)" if numeric else
                    f"labels = frame.pop({self.target!r}).astype(str)",
                    "X = frame")


@dataclass(frozen=True)
class StatsmodelsTable:
    """A table that ships inside statsmodels (`statsmodels.datasets.<name>`): no download."""

    name: str  # the module in statsmodels.datasets
    features: tuple[str, ...]
    target: str

    def load(self, seed: int, params: Mapping[str, Any],  # noqa: ARG002
             numeric: bool = False) -> tuple[pd.DataFrame, pd.Series]:
        table = importlib.import_module(f"statsmodels.datasets.{self.name}").load_pandas().data
        y = table[self.target]
        target = y.astype(float) if numeric else y.astype(str).astype(object)
        return table[list(self.features)].copy(), target.rename("target").reset_index(drop=True)

    def write(self, script: Script, seed: int, params: Mapping[str, Any],  # noqa: ARG002
              numeric: bool = False) -> None:
        script.need("import pandas as pd", f"from statsmodels.datasets import {self.name}",
                    *(["import numpy as np"] if numeric else []))
        script.line(f"table = {self.name}.load_pandas().data  # shipped inside statsmodels",
                    f"X = table[{list(self.features)!r}]",
                    f"y = table[{self.target!r}].to_numpy(dtype=float)" if numeric else
                    f"labels = table[{self.target!r}].astype(str)")


@dataclass(frozen=True)
class RowStructure:
    """What a table knows about its rows beyond the features: a group column (rows of one customer, patient or
    cohort) and a time order, each as a pandas expression in `X` that the page evaluates and the "Reproduce in
    code" scripts print as written (so the two cannot drift). Empty: the table has none."""

    groups: str = ""  # e.g. `(X["tenure_months"] // 12).astype(int)`
    groups_name: str = ""  # what a group is, in words
    time: str = ""  # a sort key: rows in ascending order of it are in time order
    time_name: str = ""

    def evaluate(self, expression: str, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(eval(expression, {"np": np, "pd": pd}, {"X": X}))  # noqa: S307 - registry code, not input


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    name: str
    description: str
    task: str  # BINARY / MULTICLASS / REGRESSION / UNLABELLED: decides which pages offer it
    source: Bundled | Generated | CsvFile | StatsmodelsTable
    positive: str | None = None  # the class binary pages call positive (None: the last class)
    controls: tuple[Control, ...] = field(default_factory=tuple)
    clusterable: bool = False  # has groups worth clustering (offered on the clustering page)
    # Generator arguments a page binds as its own URL keys (the regression page's assumption knobs), passed
    # through when given; the sidebar draws only `controls`.
    page_arguments: tuple[str, ...] = ()
    structure: RowStructure = RowStructure()  # a group column and a time order, if the table has them

    @property
    def synthetic(self) -> bool:
        return bool(self.controls)

    @property
    def numeric_target(self) -> bool:
        return self.task == REGRESSION

    def resolve(self, params: Mapping[str, Any] | None = None) -> dict[str, float | int]:
        """The generator parameters: given values clipped to range, defaults elsewhere (page arguments only
        when given: the generator has their defaults)."""
        params = params or {}
        return ({c.name: c.clip(params.get(c.name, c.default)) for c in self.controls}
                | {name: params[name] for name in self.page_arguments if name in params})

    def load(self, seed: int = 0, params: Mapping[str, Any] | None = None) -> Dataset:
        X, y = self.source.load(seed, self.resolve(params), numeric=self.numeric_target)
        notes = ()
        missing = int(X.isna().sum().sum())
        if missing:
            notes = (f"{missing} missing cells are imputed inside the model pipeline (training split only).",)
        return Dataset(X, y, self.positive, notes)

    def write(self, script: Script, seed: int = 0, params: Mapping[str, Any] | None = None) -> None:
        """Script lines that define `X` (DataFrame) and `labels` (Series of class names as strings), or for a
        regression table `y` (a float array)."""
        self.source.write(script, seed, self.resolve(params), numeric=self.numeric_target)


def n_samples(default: int) -> Control:
    return Control("n_samples", "Samples", 50, 200_000, default, 50,
                   "Rows to generate (the test split is a share of these).")


def noise(default: float) -> Control:
    return Control("noise", "Noise", 0.0, 1.0, default, 0.01, "Standard deviation of Gaussian noise.")


def _assumption_arguments(p: Mapping[str, Any], seed: int) -> dict[str, Any]:
    knobs = {name: float(p[name]) for name in assumptions.KNOBS if name in p}
    return dict(n_samples=p["n_samples"], noise=float(p["noise"]), **knobs, random_state=seed)


def _classification_arguments(p: Mapping[str, Any], seed: int) -> dict[str, Any]:
    return dict(n_samples=p["n_samples"], n_features=p["n_features"], n_informative=max(2, p["n_features"] // 2),
                n_redundant=0, n_clusters_per_class=1 if p["n_features"] <= 3 else 2, class_sep=p["class_sep"],
                random_state=seed)


REGISTRY: dict[str, DatasetSpec] = {
    spec.id: spec
    for spec in [
        DatasetSpec(
            "breast_cancer", "Breast cancer (Wisconsin)",
            "569 tumour biopsies described by 30 measurements of cell nuclei (radius, texture, "
            "smoothness...). Target: malignant (212, 37%, the positive class) or benign (357).",
            BINARY, Bundled(skd.load_breast_cancer, {0: "malignant", 1: "benign"}), positive="malignant",
        ),
        DatasetSpec(
            "wine", "Wine",
            "178 wines from three cultivars, 13 chemical measurements each (alcohol, flavanoids, "
            "colour intensity...). Target: cultivar class_0 (59), class_1 (71), class_2 (48).",
            MULTICLASS, Bundled(skd.load_wine, {0: "class_0", 1: "class_1", 2: "class_2"}), clusterable=True,
        ),
        DatasetSpec(
            "iris", "Iris",
            "150 iris flowers, four measurements each (sepal and petal length and width). "
            "Target: species setosa, versicolor, virginica, 50 of each; setosa is linearly separable.",
            MULTICLASS, Bundled(skd.load_iris, {0: "setosa", 1: "versicolor", 2: "virginica"}), clusterable=True,
        ),
        DatasetSpec(
            "digits", "Handwritten digits",
            "1,797 8×8 images of handwritten digits, 64 pixel intensities each. Target: the digit "
            "0–9, about 180 of each.",
            MULTICLASS, Bundled(skd.load_digits), clusterable=True,
        ),
        DatasetSpec(
            "moons", "Two moons (synthetic)",
            "Two interleaving half-circles in 2-D (make_moons). Target: which moon, 50/50. Not "
            "linearly separable: a straight boundary underfits, a very flexible one chases the noise.",
            BINARY, Generated(skd.make_moons), positive="1", controls=(n_samples(500), noise(0.25)), clusterable=True,
        ),
        DatasetSpec(
            "circles", "Concentric circles (synthetic)",
            "A small circle inside a larger one in 2-D (make_circles). Target: inner (positive) or "
            "outer, 50/50. No straight line separates them; k-means fails on them too.",
            BINARY, Generated(skd.make_circles, {0: "outer", 1: "inner"}), positive="inner", clusterable=True,
            controls=(n_samples(500), noise(0.1),
                      Control("factor", "Inner/outer radius", 0.1, 0.9, 0.5, 0.05,
                              "Radius of the inner circle relative to the outer.")),
        ),
        DatasetSpec(
            "blobs", "Gaussian blobs (synthetic)",
            "Isotropic Gaussian clusters in 2-D (make_blobs). Target: the blob each point came "
            "from, equal sizes. The textbook case where k-means works.",
            MULTICLASS, Generated(skd.make_blobs), clusterable=True,
            controls=(n_samples(500),
                      Control("centers", "Centres", 2, 10, 4, 1, "Number of blobs."),
                      Control("cluster_std", "Spread (cluster_std)", 0.1, 5.0, 1.0, 0.1,
                              "Standard deviation of each blob.")),
        ),
        DatasetSpec(
            "classification", "Synthetic classification",
            "Gaussian clusters of points per class (make_classification): half the features are "
            "informative, the rest noise. Target: 0 or 1 (positive), 50/50. class_sep sets how hard it is.",
            BINARY, Generated(skd.make_classification, arguments=_classification_arguments), positive="1",
            controls=(n_samples(1000),
                      Control("n_features", "Features", 2, 50, 2, 1, "Number of features; half of them are informative."),
                      Control("class_sep", "Class separation", 0.1, 3.0, 1.0, 0.1,
                              "Larger values make the classes easier to separate.")),
        ),
        DatasetSpec(
            "churn", "Customer churn (shipped CSV)",
            "4,000 subscription customers: tenure, monthly and total charges, contract type, internet "
            "service, payment method, support calls... with some blanks. Target: churned (yes, 28%, "
            "positive) or stayed. Synthetic, from a documented story (datasets/README.md).",
            BINARY, CsvFile(CHURN_CSV, "churn"), positive="yes", clusterable=True,
            # Signup date = today − tenure: the customers' signup order, and their signup-year cohort as a group.
            structure=RowStructure(groups='(X["tenure_months"] // 12).astype(int)',
                                   groups_name="signup-year cohort (tenure in whole years)",
                                   time='-X["tenure_months"]', time_name="signup date (longest tenure first)"),
        ),
        DatasetSpec(
            "regression", "Assumptions of linear regression (synthetic)",
            "y = 20 + 2·x1 + x2 − x3 + 0·x4 + noise, four independent features: a textbook linear model. Each "
            "of the page's six knobs breaks one assumption (a bend, uneven or skewed noise, errors correlated "
            "along the row order, correlated features, a few high-leverage outliers); at 0 all of them hold.",
            REGRESSION, Generated(assumptions.make_assumptions, arguments=_assumption_arguments, copied=True),
            controls=(n_samples(500),
                      Control("noise", "Noise (error SD)", 0.1, 5.0, 1.0, 0.1,
                              "Standard deviation of the errors around the plane.")),
            page_arguments=assumptions.KNOBS,
        ),
        DatasetSpec(
            "cloud", "Correlated 2-D cloud (synthetic)",
            "Points of a 2-D Gaussian: x1 with standard deviation 1, x2 with standard deviation spread_ratio and "
            "correlation `correlation` with x1, the whole cloud turned by `rotation` degrees. No classes: the "
            "PCA page's picture of a covariance matrix and its eigenvectors.",
            UNLABELLED, Generated(cloud.make_cloud, {0: "cloud"}, copied=True), controls=(n_samples(300),),
            page_arguments=("correlation", "spread_ratio", "rotation"),
        ),
        DatasetSpec(
            "diabetes", "Diabetes progression",
            "442 diabetes patients, 10 baseline measurements (age, sex, BMI, blood pressure, six blood serum "
            "values; scikit-learn ships them centred and scaled). Target: a measure of disease progression one "
            "year later (25–346). Ships with scikit-learn.",
            REGRESSION, Bundled(skd.load_diabetes),
        ),
        DatasetSpec(
            "engel", "Engel food expenditure (1857)",
            "235 Belgian working-class households in 1857: annual income and annual food expenditure (Belgian "
            "francs). The classic case of heteroscedasticity: richer households vary more in what they spend "
            "on food. Ships inside statsmodels (statsmodels.datasets.engel, from Koenker and Bassett 1982 via "
            "the R package quantreg).",
            REGRESSION, StatsmodelsTable("engel", ("income",), "foodexp"),
        ),
    ]
}


def register(spec: DatasetSpec) -> DatasetSpec:
    """Add a dataset (tests register throwaway ones); every page that offers its task picks it up."""
    REGISTRY[spec.id] = spec
    return spec


def load(dataset_id: str, seed: int = 0, params: Mapping[str, Any] | None = None) -> Dataset:
    """Build a registered dataset. Synthetic ones are drawn with `seed` and `params`."""
    return REGISTRY[dataset_id].load(seed, params)
