"""The bootstrap band's one-pass AUCs equal scikit-learn's weighted ones, ties included."""
import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from lib.bootstrap import auc_bands, stratified_weights, weighted_aucs


@pytest.mark.parametrize("tied", [False, True])
def test_weighted_aucs_equal_scikit_learn(tied):
    rng = np.random.default_rng(1)
    y = (rng.random(300) < 0.2).astype(int)
    s = rng.random(300) + 0.4 * y
    if tied:
        s = np.round(s, 1)  # a tree's few distinct scores
    weights = stratified_weights(y, 25, seed=3)
    roc, ap = weighted_aucs(y, s, weights)
    for b in range(len(weights)):
        assert roc[b] == pytest.approx(roc_auc_score(y, s, sample_weight=weights[b]), abs=1e-12)
        assert ap[b] == pytest.approx(average_precision_score(y, s, sample_weight=weights[b]), abs=1e-12)


def test_resamples_keep_the_class_counts():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    w = stratified_weights(y, 10, seed=0)
    assert (w[:, y == 1].sum(axis=1) == 3).all() and (w[:, y == 0].sum(axis=1) == 5).all()


def test_few_positives_give_a_wide_band_many_a_narrow_one():
    rng = np.random.default_rng(0)
    wide = []
    for n_pos in (3, 300):
        y = np.r_[np.ones(n_pos), np.zeros(1000)].astype(int)
        s = rng.normal(size=len(y)) + 1.0 * y
        roc, pr = auc_bands(y, s, seed=0)
        assert roc.low <= roc_auc_score(y, s) <= roc.high and pr.low <= average_precision_score(y, s) <= pr.high
        wide.append(roc.high - roc.low)
    assert wide[0] > 1.5 * wide[1]
