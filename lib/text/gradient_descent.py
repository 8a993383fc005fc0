"""Words on the gradient-descent page: the intro, metric help, the status of a run, the stability rule on the
quadratic and the comparison with scikit-learn on the logistic loss."""
from __future__ import annotations

from lib import gradient_descent as gd
from lib.gradient_descent import Run, shown

INTRO = (
    "Gradient descent steps against the gradient, w ← w − η·∇L(w). Pick a surface and an optimiser in the sidebar, "
    "move the **learning rate**, and watch the path on the contours and the loss per step. Questions to answer out "
    "loud: *Why did my loss explode? Why does it zig-zag, and what does momentum fix? What does Adam adapt? Why is "
    "SGD noisy?*"
)

METRIC_HELP = {
    "Final loss": "The loss after the last step (the logistic loss is the mean log-loss plus the L2 penalty).",
    "Steps to converge": f"The first step after which the loss stays within {gd.TOLERANCE:g} of the minimum for "
                         "every remaining step.",
    "Distance to optimum": "‖w − w*‖ after the last step, w* the true minimiser (logistic: scikit-learn's "
                           "LogisticRegression solution).",
    "λmax": "The largest eigenvalue of the Hessian: the steepest curvature. Quadratic: the same everywhere; "
            "Rosenbrock: at the minimum (1, 1); logistic: its bound over every w, XᵀX/(4n) + I/(C·n).",
    "2 / λmax": "The largest learning rate at which plain gradient descent is stable on a quadratic with this "
                "curvature (logistic: below it GD is guaranteed to converge; Rosenbrock: near the minimum).",
}


def metric_reasons(run: Run) -> dict[str, str]:
    if run.status == gd.DIVERGED:
        why = f"the path diverged at step {run.diverged_at}."
        return dict.fromkeys(("Final loss", "Steps to converge", "Distance to optimum"), why)
    if run.status == gd.UNFINISHED:
        return {"Steps to converge": f"the loss is not within {gd.TOLERANCE:g} of the minimum after "
                                     f"{run.setting.steps} steps."}
    return {}


def status(run: Run) -> tuple[str, str]:
    """("error" | "warning" | "success", message) for the run's outcome."""
    s = run.setting
    if run.status == gd.DIVERGED:
        return "error", (f"**Diverged at step {run.diverged_at}.** The path ran more than {gd.FAR:,} times further "
                         f"from the optimum than it started, so it was stopped there (before any number overflows). "
                         f"Learning rate {s.learning_rate:g} is too large here: try one below "
                         f"2/λmax = {shown(2 / run.lam_max)}.")
    if run.status == gd.UNFINISHED:
        advice = ("With a constant learning rate mini-batch SGD hovers around the optimum: a larger batch or a "
                  "smaller rate shrinks the cloud." if s.optimizer == gd.SGD
                  else "More steps, a better learning rate, or another optimiser.")
        return "warning", (f"**Not converged after {s.steps} steps**: the loss is still "
                           f"{shown(float(run.gaps[-1]))} above the minimum (tolerance {gd.TOLERANCE:g}). {advice}")
    return "success", (f"**Converged in {run.metrics['Steps to converge']} steps**: from then on the loss stays "
                       f"within {gd.TOLERANCE:g} of the minimum.")


def stability(run: Run) -> str:
    """Why plain gradient descent converges or diverges on the quadratic, with the current numbers."""
    s, lam = run.setting, run.lam_max
    factor = 1 - s.learning_rate * lam
    line = (f"**Stability.** The Hessian H has eigenvalues 1 and λmax = {shown(lam)} (condition number "
            f"{s.condition:g}). Plain gradient descent multiplies the steep direction by 1 − η·λmax = "
            f"1 − {s.learning_rate:g}·{shown(lam)} = {factor:.3g} per step and the flat one by "
            f"1 − η = {1 - s.learning_rate:.3g}: it converges exactly when η < 2/λmax = {shown(2 / lam)}. "
            f"Verdict for η = {s.learning_rate:g}: **{gd.gd_verdict(s.learning_rate, lam).lower()}**.")
    if factor < 0 and abs(factor) < 1:
        line += " The factor is negative, so it jumps across the valley every step: the zig-zag."
    if s.optimizer in gd.WITH_MOMENTUM:
        limit = gd.stable_limit(s.optimizer, s.momentum)
        rule = "2(1 + β)" if s.optimizer == gd.MOMENTUM else "(2 + 2β)/(1 + 2β)"
        verdict = gd.gd_verdict(s.learning_rate, lam, s.optimizer, s.momentum).lower()
        line += (f" With {gd.OPTIMIZER_NAMES[s.optimizer].lower()} (β = {s.momentum:g}) the limit is η < {rule}/λmax"
                 f" = {limit / lam:.4g} instead: **{verdict}**. The velocity adds up the steps along the valley "
                 "floor and cancels the ones that flip across it.")
    elif s.optimizer == gd.ADAM:
        line += (" Adam has no such fixed limit: it divides each coordinate's step by that coordinate's recent "
                 "gradient size, so its steps are about η long wherever it is.")
    return line


ROSENBROCK_NOTE = ("Rosenbrock's minimum sits at (1, 1) at the bottom of a curved, nearly flat valley. The walls "
                   "are steep (λmax ≈ 1,000 at the minimum, more on the way), so plain gradient descent needs η "
                   "below about 2/λmax ≈ 0.002 and then crawls along the floor; the curvature is not constant, so "
                   "the 2/λmax rule only holds near the minimum. Momentum gathers speed along the floor; Adam's "
                   "steps are about η long whatever the gradient, so a larger η is safe but it wobbles near the "
                   "end.")

LOGISTIC_NOTE = (f"The loss is scikit-learn's own objective for `LogisticRegression(C={gd.LOGISTIC_C:g}, "
                 f"fit_intercept=False)` on the two standardised breast-cancer columns "
                 f"{', '.join(f'`{c}`' for c in gd.LOGISTIC_FEATURES)} (569 rows, 1 = malignant), divided by C·n: "
                 "the mean log-loss + ‖w‖²/(2·C·n). Two weights and no intercept, so the whole surface is the "
                 "picture. The optimum marked ★ is scikit-learn's solution.")


def sklearn_caption(run: Run) -> str:
    if run.status == gd.DIVERGED:
        return "The path diverged, so there is no end point to compare."
    gap = float(abs(run.end - run.sklearn_coef).max())
    if gap <= gd.SKLEARN_TOLERANCE:
        return (f"The from-scratch end point agrees with scikit-learn to {shown(gap)} in every weight (the tests "
                f"require {gd.SKLEARN_TOLERANCE:g} for a converged path).")
    return (f"The path has not arrived yet: its weights differ from scikit-learn's by up to {shown(gap)} "
            f"(converged paths agree to {gd.SKLEARN_TOLERANCE:g}).")


def update_caption(optimizer: str) -> str:
    extra = {
        gd.GD: "One step against the full gradient.",
        gd.MOMENTUM: "The velocity v accumulates past gradients: steps along a consistent direction grow, "
                     "steps that alternate cancel.",
        gd.NESTEROV: "Like momentum, but the gradient is taken where the velocity is about to carry w: it brakes "
                     "earlier.",
        gd.ADAM: f"Per-coordinate steps: m is momentum, s scales by the gradient's size (β₁ = {gd.ADAM_BETA1}, "
                 f"β₂ = {gd.ADAM_BETA2}, ε = {gd.ADAM_EPS:g}).",
        gd.SGD: f"Each step sees only a random mini-batch of rows (seed {gd.SGD_SEED}): cheap and noisy, so with "
                "a constant learning rate it hovers around the optimum instead of settling.",
    }[optimizer]
    return f"The loop this page runs (the same code is in \"Reproduce in code\"). {extra}"
