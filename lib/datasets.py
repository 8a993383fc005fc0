"""Dataset registry: id -> loader, name, description, task type and pages.

Adding a dataset is one `DatasetSpec` entry in `REGISTRY`. Every loader returns a
`Dataset` whose target is a Series of class names (strings), so binary,
multiclass and clustering pages all read the same shape.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import datasets as skd

BINARY, MULTICLASS, CLUSTERING = "binary", "multiclass", "clustering"
CLASSIFICATION_PAGES = frozenset({"classification", "imbalance", "fitting"})
ALL_PAGES = CLASSIFICATION_PAGES | {"clustering"}
UPLOAD_ID = "upload"
CHURN_CSV = Path(__file__).resolve().parent.parent / "datasets" / "churn.csv"


@dataclass(frozen=True)
class Dataset:
    """Features, target (class names as strings) and what the user should know."""

    X: pd.DataFrame
    y: pd.Series
    positive: str | None = None  # the class a binary page calls "positive"
    notes: tuple[str, ...] = ()  # plain-language remarks (imputation, encoding...)

    @property
    def classes(self) -> list[str]:
        return sorted(self.y.unique().tolist(), key=_natural_key)

    def binary_target(self, positive: str | None = None) -> np.ndarray:
        """1 where the row belongs to `positive` (default: the dataset's own), else 0."""
        chosen = positive if positive is not None else (self.positive or self.classes[-1])
        return (self.y.to_numpy() == chosen).astype(int)


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


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    name: str
    description: str
    task: str
    loader: Callable[..., Dataset]
    pages: frozenset[str] = ALL_PAGES
    controls: tuple[Control, ...] = field(default_factory=tuple)

    @property
    def synthetic(self) -> bool:
        return bool(self.controls)


def _natural_key(label: str) -> tuple:
    return (0, float(label), "") if _is_number(label) else (1, 0.0, label)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _frame(X: np.ndarray, prefix: str = "x") -> pd.DataFrame:
    return pd.DataFrame(X, columns=[f"{prefix}{i + 1}" for i in range(X.shape[1])])


def _labels(y: np.ndarray, names: Mapping[int, str] | None = None) -> pd.Series:
    names = names or {}
    return pd.Series([names.get(int(v), str(int(v))) for v in y], name="target", dtype=object)


# --- loaders -----------------------------------------------------------------

def _breast_cancer(seed: int) -> Dataset:  # noqa: ARG001 - fixed data, seed unused
    bunch = skd.load_breast_cancer(as_frame=True)
    return Dataset(bunch.data, _labels(bunch.target.to_numpy(), {0: "malignant", 1: "benign"}), "malignant")


def _sklearn_multiclass(loader: Callable, names: Mapping[int, str] | None = None) -> Callable[[int], Dataset]:
    def load(seed: int) -> Dataset:  # noqa: ARG001 - fixed data
        bunch = loader(as_frame=True)
        X = bunch.data.copy()
        X.columns = [str(c) for c in X.columns]
        return Dataset(X, _labels(bunch.target.to_numpy(), names))
    return load


def _moons(seed: int, n_samples: int, noise: float) -> Dataset:
    X, y = skd.make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return Dataset(_frame(X), _labels(y), "1")


def _circles(seed: int, n_samples: int, noise: float, factor: float) -> Dataset:
    X, y = skd.make_circles(n_samples=n_samples, noise=noise, factor=factor, random_state=seed)
    return Dataset(_frame(X), _labels(y, {0: "outer", 1: "inner"}), "inner")


def _blobs(seed: int, n_samples: int, centers: int, cluster_std: float) -> Dataset:
    X, y = skd.make_blobs(n_samples=n_samples, centers=centers, cluster_std=cluster_std, random_state=seed)
    return Dataset(_frame(X), _labels(y))


def _classification(seed: int, n_samples: int, n_features: int, class_sep: float) -> Dataset:
    informative = max(2, n_features // 2)
    X, y = skd.make_classification(
        n_samples=n_samples, n_features=n_features, n_informative=informative,
        n_redundant=0, n_clusters_per_class=1 if n_features <= 3 else 2,
        class_sep=class_sep, random_state=seed,
    )
    return Dataset(_frame(X), _labels(y), "1")


def _churn(seed: int) -> Dataset:  # noqa: ARG001 - shipped file
    frame = pd.read_csv(CHURN_CSV)
    y = frame.pop("churn").astype(str)
    y.name = "target"
    n_missing = int(frame.isna().sum().sum())
    notes = (f"{n_missing} missing cells are imputed inside the model pipeline (training split only).",)
    return Dataset(frame, y.astype(object), "yes", notes)


def _n_samples(default: int) -> Control:
    return Control("n_samples", "Samples", 50, 200_000, default, 50,
                   "Rows to generate (the test split is a share of these).")


def _noise(default: float) -> Control:
    return Control("noise", "Noise", 0.0, 1.0, default, 0.01, "Standard deviation of Gaussian noise.")

REGISTRY: dict[str, DatasetSpec] = {
    spec.id: spec
    for spec in [
        DatasetSpec(
            "breast_cancer", "Breast cancer (Wisconsin)",
            "569 tumour biopsies described by 30 measurements of cell nuclei (radius, texture, "
            "smoothness...). Target: malignant (212, 37%, the positive class) or benign (357).",
            BINARY, _breast_cancer, CLASSIFICATION_PAGES,
        ),
        DatasetSpec(
            "wine", "Wine",
            "178 wines from three cultivars, 13 chemical measurements each (alcohol, flavanoids, "
            "colour intensity...). Target: cultivar class_0 (59), class_1 (71), class_2 (48).",
            MULTICLASS, _sklearn_multiclass(skd.load_wine, {0: "class_0", 1: "class_1", 2: "class_2"}),
            frozenset({"classification", "fitting", "clustering"}),
        ),
        DatasetSpec(
            "iris", "Iris",
            "150 iris flowers, four measurements each (sepal and petal length and width). "
            "Target: species setosa, versicolor, virginica, 50 of each; setosa is linearly separable.",
            MULTICLASS, _sklearn_multiclass(skd.load_iris, {0: "setosa", 1: "versicolor", 2: "virginica"}),
            frozenset({"classification", "fitting", "clustering"}),
        ),
        DatasetSpec(
            "digits", "Handwritten digits",
            "1,797 8×8 images of handwritten digits, 64 pixel intensities each. Target: the digit "
            "0–9, about 180 of each.",
            MULTICLASS, _sklearn_multiclass(skd.load_digits),
            frozenset({"classification", "fitting", "clustering"}),
        ),
        DatasetSpec(
            "moons", "Two moons (synthetic)",
            "Two interleaving half-circles in 2-D (make_moons). Target: which moon, 50/50. Not "
            "linearly separable: a straight boundary underfits, a very flexible one chases the noise.",
            BINARY, _moons, ALL_PAGES, (_n_samples(500), _noise(0.25)),
        ),
        DatasetSpec(
            "circles", "Concentric circles (synthetic)",
            "A small circle inside a larger one in 2-D (make_circles). Target: inner (positive) or "
            "outer, 50/50. No straight line separates them; k-means fails on them too.",
            BINARY, _circles, ALL_PAGES,
            (_n_samples(500), _noise(0.1),
             Control("factor", "Inner/outer radius", 0.1, 0.9, 0.5, 0.05, "Radius of the inner circle relative to the outer.")),
        ),
        DatasetSpec(
            "blobs", "Gaussian blobs (synthetic)",
            "Isotropic Gaussian clusters in 2-D (make_blobs). Target: the blob each point came "
            "from, equal sizes. The textbook case where k-means works.",
            MULTICLASS, _blobs, frozenset({"classification", "fitting", "clustering"}),
            (_n_samples(500),
             Control("centers", "Centres", 2, 10, 4, 1, "Number of blobs."),
             Control("cluster_std", "Spread (cluster_std)", 0.1, 5.0, 1.0, 0.1, "Standard deviation of each blob.")),
        ),
        DatasetSpec(
            "classification", "Synthetic classification",
            "Gaussian clusters of points per class (make_classification): half the features are "
            "informative, the rest noise. Target: 0 or 1 (positive), 50/50. class_sep sets how hard it is.",
            BINARY, _classification, CLASSIFICATION_PAGES,
            (_n_samples(1000),
             Control("n_features", "Features", 2, 50, 2, 1, "Number of features; half of them are informative."),
             Control("class_sep", "Class separation", 0.1, 3.0, 1.0, 0.1, "Larger values make the classes easier to separate.")),
        ),
        DatasetSpec(
            "churn", "Customer churn (shipped CSV)",
            "4,000 subscription customers: tenure, monthly and total charges, contract type, internet "
            "service, payment method, support calls... with some blanks. Target: churned (yes, 28%, "
            "positive) or stayed. Synthetic, from a documented story (datasets/README.md).",
            BINARY, _churn, ALL_PAGES,
        ),
    ]
}


def ids_for_page(page: str) -> list[str]:
    """Registry ids a page can use, in registry order."""
    return [spec.id for spec in REGISTRY.values() if page in spec.pages]


def resolve_params(spec: DatasetSpec, params: Mapping[str, float] | None = None) -> dict[str, float]:
    """The generator parameters for `spec`: given values clipped to range, defaults elsewhere."""
    params = dict(params or {})
    resolved = {}
    for c in spec.controls:
        value = params.get(c.name, c.default)
        value = min(max(float(value), c.low), c.high)
        resolved[c.name] = int(round(value)) if c.is_int else value
    return resolved


def load(dataset_id: str, seed: int = 0, params: Mapping[str, float] | None = None) -> Dataset:
    """Build a registered dataset. Synthetic ones are drawn with `seed` and `params`."""
    spec = REGISTRY[dataset_id]
    return spec.loader(seed, **resolve_params(spec, params))
