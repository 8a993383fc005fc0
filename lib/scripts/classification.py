"""The classification page's script: data, split, model, metrics at the threshold, Brier score."""
from __future__ import annotations

from lib import thresholds
from lib.choices import Experiment
from lib.code import Script
from lib.datasets import Dataset
from lib.scripts import common


def classification_script(experiment: Experiment, positive: str, threshold: float, dataset: Dataset | None = None) -> str:
    """`dataset`: needed for an upload (its reading rules)."""
    script = Script()
    common.data(script, experiment.data, dataset)
    common.split_and_fit(script, experiment, positive)
    script.blank()
    common.threshold_metrics(script, threshold, thresholds.AT_THRESHOLD + thresholds.THRESHOLD_FREE)
    script.need("from sklearn.metrics import brier_score_loss")
    script.line('show("Brier score", brier_score_loss(y_test, y_score))')
    return script.text()
