"""What the user picked, as small frozen values: cache keys and snippet inputs.

They hold ids and numbers only (never data), so they hash fast and a cached
result can be found again from a URL.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lib import datasets, models


@dataclass(frozen=True)
class DataChoice:
    dataset_id: str
    seed: int = 0
    params: tuple[tuple[str, Any], ...] = ()  # synthetic generator parameters
    upload_digest: str | None = None  # sha256 of an uploaded file's bytes
    target: str | None = None  # the uploaded file's target column

    @property
    def is_upload(self) -> bool:
        return self.dataset_id == datasets.UPLOAD_ID

    @property
    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class Experiment:
    """A dataset, a model with its knob values, and the evaluation protocol."""

    data: DataChoice
    model_id: str = "logistic_regression"
    model_params: tuple[tuple[str, Any], ...] = ()
    test_size: float = 0.25
    positive: str | None = None  # one-vs-rest positive class; None = the dataset's own

    @property
    def seed(self) -> int:
        return self.data.seed

    @property
    def param_dict(self) -> dict[str, Any]:
        return models.REGISTRY[self.model_id].resolve(dict(self.model_params))

    def tuned(self, params: tuple[tuple[str, Any], ...]) -> Experiment:
        """This experiment with `params` as its knob values, resolved onto their grids (one cache key per setting)."""
        resolved = models.REGISTRY[self.model_id].resolve(dict(params))
        return replace(self, model_params=tuple(sorted(resolved.items())))

    def without(self, knob: str) -> Experiment:
        """The cache key of a curve that sweeps `knob`: this experiment minus that knob's value."""
        return replace(self, model_params=tuple((k, v) for k, v in self.model_params if k != knob))
