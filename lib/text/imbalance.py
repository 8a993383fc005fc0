"""Words on the imbalance page: what each chart shows, and captions built from its results."""
from __future__ import annotations

from lib import imbalance


def sample_note(view: imbalance.ResamplingView) -> str:
    """Says when the scatter shows a sample of the rows."""
    parts = [f"{shown:,} of {total:,} points {when}" for shown, total, when in (
        (view.n_shown_before, sum(view.counts_before), "before"), (view.n_shown_after, sum(view.counts_after), "after"))
        if shown < total]
    return f" Showing {' and '.join(parts)} (a random sample keeping the positives)." if parts else ""


def resampling_caption(view: imbalance.ResamplingView, resampler: imbalance.Resampler) -> str:
    if resampler.sampler is None:
        how = ("class_weight reweights the loss instead" if resampler.id == "class_weight"
               else "no resampler is chosen")
        return (f"Nothing to compare: {how}, so the model learns from exactly these rows. Pick a resampler to see "
                f"what it adds or deletes.{sample_note(view)}")
    return (f"{view.n_synthetic:,} synthetic rows created, {view.n_removed:,} rows deleted, {view.n_duplicated:,} "
            f"copies of existing rows added.{sample_note(view)} {EXPLAIN['view']}")


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
}

WHY = ("ROC-AUC compares positives with negatives one pair at a time, whatever their numbers, so in expectation it "
       "does not depend on the share; PR-AUC falls with the share because precision does: with fewer positives, the "
       "same false-positive rate buries them under more false alarms. Its no-skill level is the share itself "
       "(dashed), so always read PR-AUC against that line. Bands: 95% bootstrap intervals over the test rows.")


def sweep_caption(reading: imbalance.SweepReading, how: str) -> str:
    """What the sweep chart shows, said from its own numbers (and only over shares it can be trusted at)."""
    lead = f"Each point is this model refitted {how} on data with that share of positives."
    if reading.roc_change is None:
        return (f"{lead} Fewer than two shares leave {imbalance.MIN_TEST_POSITIVES} or more positives in the test "
                "split here, so this data cannot show the trend: use more rows (the synthetic set with 20,000 rows). "
                + WHY)
    span = f"{reading.reliable[0]:.1%} to {reading.reliable[-1]:.1%}"
    roc, pr = reading.roc_change, reading.pr_change
    if abs(roc) < abs(pr):
        seen = (f"From {span} positives, ROC-AUC moved by {roc:+.3f} while PR-AUC moved by {pr:+.3f}: the picture of "
                "the textbook.")
    else:
        seen = (f"From {span} positives, ROC-AUC moved by {roc:+.3f} and PR-AUC by {pr:+.3f}: here the model itself "
                "changed with the share (fewer positives to learn from), not only the metric.")
    return f"{lead} {seen} {WHY}"


def unreliable_warning(reading: imbalance.SweepReading) -> str | None:
    if not reading.unreliable:
        return None
    shares = ", ".join(f"{s:.1%}" for s in reading.unreliable)
    return (f"At {shares} the test split holds fewer than {imbalance.MIN_TEST_POSITIVES} positives (hollow points): "
            "their metrics jump by whole rows and the AUCs can hit 1.000 by luck, as the wide bands show. Read the "
            "trend from the filled points, or use more rows.")
