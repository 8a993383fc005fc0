"""Words on the fitting page: the protocol, the verdict's rules, and captions built from its results."""
from __future__ import annotations

import numpy as np

from lib import curves, polynomial
from lib.boundary import Boundary
from lib.curves import TrainingRows, ValidationCurve
from lib.fitting import CV_FOLDS
from lib.models import Knob, format_value
from lib.regularisation import CoefficientPaths


def fmt(value: float | None) -> str:
    """Plain decimal, or — when undefined (as the metric cards show it)."""
    return "—" if value is None or value != value else f"{value:.3f}"


INTRO = (
    "Move a model's complexity knob and watch the **train** and **validation** scores part ways. Too simple: "
    "both are low (*underfitting*, high bias). Too flexible: the model memorises the training rows and the gap "
    "opens (*overfitting*, high variance). Regularisation (C, L1/L2, depth limits, more neighbours) pulls a "
    "model back toward simple."
)
PROTOCOL = (
    "Protocol: a stratified train/test split (test size and seed in the sidebar). The curves, **Train score** and "
    f"**CV validation score** use {CV_FOLDS}-fold stratified cross-validation (shuffled with the seed) on the "
    "training split only: the mean over the folds of the score on each fold's training part and on its held-out "
    "part. The verdict reads those. **Test score** is the model fitted on the whole training split and scored "
    "once on the held-out test split, which nothing on this page tunes on. The same link always gives the same "
    "numbers."
)


def score_helps(score_name: str) -> dict[str, str]:
    return {"Train score": f"{score_name} on the rows each model was fitted on, mean over the {CV_FOLDS} "
                           "cross-validation folds.",
            "CV validation score": f"{score_name} on each fold's held-out rows, mean over the {CV_FOLDS} folds "
                                   "(the validation curve's value at this setting).",
            "Gap": "Train score − CV validation score.",
            "Test score": f"{score_name} of the model fitted on the whole training split, on the held-out test "
                          "split."}


def verdict_rules(reference: float | None, baseline: float | None, score_name: str) -> str:
    return (f"Rules, on the cross-validated scores: **overfitting** if train − validation is above "
            f"{curves.GAP_LIMIT} and above twice its standard error over the folds (a gap inside its own noise "
            f"is not evidence); else **underfitting** if the validation score is more than {curves.BIAS_MARGIN} "
            f"below the best cross-validated score reached on this data ({fmt(reference)}: the best of this "
            f"model's validation curve and a default random forest, {fmt(baseline)}): with a small gap, falling "
            "short is bias, not variance; else **good fit**. The validation "
            f"curve's shading applies the same rules at every grid value. Scores are {score_name}, on "
            "one-vs-rest labels for multiclass data.")


def sample_note(rows: TrainingRows) -> str:
    return (f" Curves use a stratified sample of {len(rows.y):,} of the {rows.n_train:,} training rows to stay fast."
            if rows.sampled else "")


def marker_caption(curve: ValidationCurve, knob: Knob, current, at_current: tuple[float, float],
                   best: int | None, score_name: str) -> str:
    log = curves.log_axis(knob)
    best_text = (f"Best {knob.name} on the curve's grid = **{format_value(curve.values[best])}** (CV {score_name} "
                 f"{curve.validation_mean[best]:.3f}; ties go to the simpler model)." if best is not None else "")
    return (f"Marker at {knob.name} = **{format_value(current)}**: train {fmt(at_current[0])}, validation "
            f"{fmt(at_current[1])} (CV means; exact on the {len(curve.values)} grid points, linearly interpolated "
            f"between them{' on the log scale' if log else ''}). {best_text} Shaded: where the verdict's rules, "
            "applied to the CV means, say under- or overfitting.")


def failures_note(curve: ValidationCurve) -> str | None:
    if not curve.failures:
        return None
    return (f"{curve.failures} of {curve.validation_scores.size} fits failed at some values (e.g. more neighbours "
            "than rows in a fold) and are left out.")


def reading(knob: Knob) -> str:
    simple_end, flexible_end = ("left", "right") if knob.complexity == "higher" else ("right", "left")
    return (f"Toward the {simple_end} the model is too rigid: both lines sit low (bias). Toward the {flexible_end} "
            "the train line keeps rising while validation stalls or falls: the model starts to fit noise "
            "(variance). The curve is computed once per dataset, model and *other* knobs; moving this knob only "
            "moves the marker.")


def boundary_caption(shape: Boundary) -> str:
    if shape.projected:
        return (f"This data has more than two features, so no flat picture shows the real boundary. Shown: the same "
                f"model, same knobs, **refitted on the first two principal components** (they keep "
                f"{sum(shape.explained):.0%} of the variance); its test accuracy in this plane is "
                f"{shape.plane_accuracy:.3f}. It illustrates the knob's effect, not the exact model above.")
    return ("The model above, evaluated on a grid over its two features. Circles: training rows; crosses: test rows. "
            "Colour: P(positive); black line: P = 0.5.")


BOUNDARY_READING = ("A flexible setting (deep tree, tiny `n_neighbors`, large `gamma` or `C`) bends around single "
                    "points; a rigid one (a stump, huge regularisation) draws a line through the overlap.")
PATHS_ELSEWHERE = ("Coefficient paths belong to **logistic regression**: every weight against C, for L1 and L2. "
                   "Switch the model to see them on this data.")


def paths_caption(paths: CoefficientPaths, C: float, shown: list[int]) -> str:
    n = len(paths.features)
    return (f"At C = {format_value(C)}: L1 keeps **{paths.nonzero('l1', C)} of {n}** coefficients non-zero, L2 "
            f"keeps **{paths.nonzero('l2', C)} of {n}**. "
            + (f"The {len(shown)} features with the largest weights are drawn. " if n > len(shown) else "")
            + "Small C = strong penalty: L1 (lasso) sets weights to exactly 0, a built-in feature selection; "
              "L2 (ridge) shrinks them all smoothly toward 0 but keeps every feature.")


def learning_caption(score_name: str, rows: TrainingRows) -> str:
    return (f"At the current knob values; train and validation {score_name} (CV mean ± std) as the model gets more "
            "training rows." + sample_note(rows))


POLYNOMIAL_INTRO = (
    f"{polynomial.N_TRAIN} noisy training points of a smooth curve (sin 2πx, noise σ = {polynomial.NOISE}); a "
    "polynomial of the chosen degree is fitted by ridge regression (features standardised). Low degree: a "
    "straight-ish line misses the curve (bias). High degree with little penalty: the curve threads every point "
    "and swings wildly between them (variance). A larger `alpha` tames a high degree."
)


def polynomial_caption(fit: polynomial.PolynomialFit, degrees, train_mse, test_mse) -> str:
    """What the two charts show, read from the numbers: train error falls with the degree only when the penalty
    lets it (with a larger alpha, the extra terms are penalised and it can rise)."""
    head = (f"Degree {fit.degree}, alpha {format_value(fit.alpha)}: train MSE **{fit.train_mse:.3f}**, test MSE "
            f"**{fit.test_mse:.3f}** on {polynomial.N_TEST} fresh points. ")
    rises = [(int(a), int(b), x, y) for a, b, x, y in zip(degrees, degrees[1:], train_mse, train_mse[1:], strict=False)
             if y > x * 1.01]  # rises under 1% are the solver's rounding at high degree, not the penalty
    if not rises:
        train = ("Train error falls as the degree grows (no rise above 1%): every extra term lets the curve fit "
                 "the training points more closely.")
    else:
        a, b, x, y = rises[0]
        train = (f"With this penalty train error does not only fall: from degree {a} to {b} it rises ({x:.4f} → "
                 f"{y:.4f}): a penalised fit trades training error for smaller weights, so more terms need not "
                 "fit the training points better.")
    best = int(degrees[int(np.argmin(test_mse))])
    return head + train + f" Test error is lowest at degree {best}: the U of the bias–variance trade-off."
