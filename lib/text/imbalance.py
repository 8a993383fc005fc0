"""Words on the imbalance page: what each chart shows, and captions built from its results."""
from __future__ import annotations

from lib import imbalance


def sample_note(view: imbalance.ResamplingView) -> str:
    """Says when the scatter shows a sample of the rows."""
    parts = [f"{shown:,} of {total:,} points {when}" for shown, total, when in (
        (view.n_shown_before, sum(view.counts_before), "before"), (view.n_shown_after, sum(view.counts_after), "after"))
        if shown < total]
    return f" Showing {' and '.join(parts)} (a random sample keeping the positives)." if parts else ""


def class_weight_caption(view: imbalance.ResamplingView) -> str:
    n_neg, n_pos = view.counts_before
    return (f"class_weight='balanced' leaves the rows alone: in the loss each positive counts {n_neg / n_pos:.1f}× as "
            "much as a negative.")


def comparison_caption(folds: int, seed: int) -> str:
    return (f"Stratified {folds}-fold cross-validation on the training split only (shuffled, random_state={seed}); "
            "each resampler runs inside every training fold, never on the held-out fold. Mean ± standard deviation "
            "over folds. Recall and precision use `predict`, i.e. threshold 0.5.")


EXPLAIN = {
    "data": (
        "The positive class is subsampled to the chosen share (the other class keeps as many rows as possible), "
        "then split with stratification, so the test split has the same share. Resampling happens later, inside "
        "the model's imblearn Pipeline, on the training rows only: the test rows keep the real-world imbalance "
        "the model will face."),
    "view": (
        "SMOTE-style samplers draw new positives on the lines between neighbouring positives (yellow diamonds): "
        "they fill in the minority region rather than copying it. Under-samplers delete negatives (grey crosses), "
        "throwing information away. RandomOverSampler only copies rows, so its new points sit exactly on old ones "
        "and are invisible here."),
    "paradox": (
        "With 1% positives that is 99% accuracy and 0 recall, so a '99% accurate' fraud model may be worthless. "
        "Judge imbalanced problems by recall, precision, PR-AUC, balanced accuracy or MCC instead."),
    "comparison": (
        "class_weight or resampling? Both make the model pay more attention to positives; class_weight does it "
        "without changing a row and costs nothing, over-samplers add rows (slower fits), under-samplers throw "
        "negatives away (faster, noisier). Rebalancing mostly shifts the scores upwards, so recall rises and "
        "precision falls at a fixed threshold; PR-AUC, which ignores the threshold, often barely changes. Moving "
        "the threshold is the cheapest fix of all."),
    "sweep": (
        "ROC-AUC hardly moves: it compares positives with negatives one pair at a time, whatever their numbers. PR-AUC "
        "falls with the share because precision does: with fewer positives, the same false-positive rate buries "
        "them under more false alarms. Its no-skill level is the share itself (dashed), so always read PR-AUC "
        "against that line."),
}
