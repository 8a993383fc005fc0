"""One home for counting model fits, for tests and benchmarks (AppTest runs the app in this process).

Every model the app trains is a scikit-learn or imbalanced-learn `Pipeline`, so counting `Pipeline.fit`
counts model fits; clustering estimators are counted by class name.
"""
from __future__ import annotations

from collections import Counter

import imblearn.pipeline
import sklearn.pipeline
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.mixture import GaussianMixture

PIPELINES = (sklearn.pipeline.Pipeline, imblearn.pipeline.Pipeline)
# The method each estimator's fitting goes through once (GaussianMixture.fit calls fit_predict; the
# others' fit_predict calls fit).
COUNTED = {**dict.fromkeys(PIPELINES, "fit"), KMeans: "fit", AgglomerativeClustering: "fit", DBSCAN: "fit",
           GaussianMixture: "fit_predict"}


class FitCounter:
    """`with FitCounter() as fits: ...` then `fits.n` (pipeline fits) and `fits.by_class["KMeans"]`."""

    def __init__(self) -> None:
        self.by_class: Counter[str] = Counter()
        self._originals: list[tuple[type, str, object | None]] = []

    @property
    def n(self) -> int:
        """Pipeline fits (scikit-learn's and imbalanced-learn's `Pipeline` share the name: counted once)."""
        return self.by_class["Pipeline"]

    def reset(self) -> None:
        self.by_class.clear()

    def __enter__(self) -> FitCounter:
        for cls, name in COUNTED.items():
            self._originals.append((cls, name, cls.__dict__.get(name)))  # None: inherited
            setattr(cls, name, self._counting(cls.__name__, getattr(cls, name)))
        return self

    def __exit__(self, *exc: object) -> None:
        for cls, name, original in reversed(self._originals):
            if original is None:
                delattr(cls, name)
            else:
                setattr(cls, name, original)
        self._originals.clear()

    @property
    def clusterings(self) -> int:
        return sum(n for name, n in self.by_class.items() if name != "Pipeline")

    def _counting(self, label: str, original):
        counter = self

        def counted(self, *args, **kwargs):
            counter.by_class[label] += 1
            return original(self, *args, **kwargs)
        return counted
