"""Gradient descent and the learning rate: five optimisers on three loss surfaces, in plain numpy.

- The surfaces are Python source (`surface_code`): an ill-conditioned quadratic (a 30°-rotated bowl whose
  Hessian has eigenvalues 1 and `condition`), Rosenbrock's valley (scipy's `rosen`/`rosen_der`), and the real
  logistic-regression loss on two standardised breast-cancer columns (mean log-loss + the L2 penalty of
  scikit-learn's `C`, two weights, no intercept) whose optimum is scikit-learn's `LogisticRegression` solution.
- The optimisers are one numpy update each (`UPDATE`), run by one loop (`loop_code`).
- `run(setting)` executes exactly that source, so the page, the code it shows and the "Reproduce in code"
  script (`gradient_descent_script`) are the same program; it returns the path, the losses, the headline
  metrics and the contour grid as one frozen result.
- A path that runs 1,000 times further from the optimum than it started is stopped as diverged at that step
  (before any overflow), so no NaN or infinity ever reaches the page.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib import live_checks
from lib.live_checks import LiveCheck
from lib.params import Choice, Grid, Number, Param

QUADRATIC, ROSENBROCK, LOGISTIC = "quadratic", "rosenbrock", "logistic"
SURFACES = (QUADRATIC, ROSENBROCK, LOGISTIC)
SURFACE_NAMES = {QUADRATIC: "Ill-conditioned quadratic", ROSENBROCK: "Rosenbrock's valley",
                 LOGISTIC: "Logistic-regression loss (breast cancer)"}
GD, MOMENTUM, NESTEROV, ADAM, SGD = "gd", "momentum", "nesterov", "adam", "sgd"
OPTIMIZERS = (GD, MOMENTUM, NESTEROV, ADAM, SGD)
OPTIMIZER_NAMES = {GD: "Gradient descent", MOMENTUM: "Momentum (heavy ball)", NESTEROV: "Nesterov momentum",
                   ADAM: "Adam", SGD: "Mini-batch SGD"}
WITH_MOMENTUM = (MOMENTUM, NESTEROV)

# 1, 1.5, 2, 3, 4, 5, 7 per decade from 0.0001 to 10 (round numbers in the address bar)
LEARNING_RATES = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 1.5, 2, 3, 4, 5, 7)) + (10.0,)
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
MAX_STEPS = 500

TOLERANCE = 1e-6  # "converged": the loss stays within this of the minimum from that step on
FAR = 1000  # "diverged": 1,000 times further from the optimum than the start (at least 1,000)
ROTATION_DEGREES = 30
LOGISTIC_FEATURES = ("mean radius", "mean concave points")  # correlated (r = 0.82): an elongated valley
LOGISTIC_C = 1.0
SGD_SEED = 0
ADAM_BETA1, ADAM_BETA2, ADAM_EPS = 0.9, 0.999, 1e-8
SKLEARN_TOLERANCE = 1e-3  # a converged path's weights agree with scikit-learn's this closely (each one)

CONVERGED, DIVERGED, UNFINISHED = "converged", "diverged", "unfinished"
METRIC_LABELS = ("Final loss", "Steps to converge", "Distance to optimum", "λmax", "2 / λmax")


@dataclass(frozen=True)
class Setting:
    """One optimisation: every control of the page (the cache key)."""

    surface: str = QUADRATIC
    optimizer: str = GD
    learning_rate: float = 0.15
    momentum: float = 0.9
    steps: int = 100
    batch_size: int = 16
    condition: float = 10
    start_x: float = -1.5
    start_y: float = 2.0

    @property
    def start(self) -> tuple[float, float]:
        return (self.start_x, self.start_y)


def optimizers_for(surface: str) -> tuple[str, ...]:
    """Mini-batch SGD needs rows to sample: only the logistic loss has them."""
    return OPTIMIZERS if surface == LOGISTIC else tuple(o for o in OPTIMIZERS if o != SGD)


# --- the program: surface, update rule, loop, metrics (run here and printed in the script) -------------------

def surface_code(setting: Setting) -> str:
    """Defines `loss(w)`, `grad(w, rows)`, `optimum`, `min_loss` and `H`: the Hessian at the optimum (quadratic:
    everywhere; logistic: its bound over every w, since p(1 − p) ≤ ¼)."""
    if setting.surface == QUADRATIC:
        return f"""\
# f(w) = ½ wᵀHw: a bowl turned by {ROTATION_DEGREES}°, Hessian eigenvalues 1 and the condition number
condition = {float(setting.condition)!r}
turn = np.deg2rad({ROTATION_DEGREES})
R = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
H = R @ np.diag([1.0, condition]) @ R.T  # the (constant) Hessian


def loss(w):
    return 0.5 * w @ H @ w


def grad(w, rows=None):
    return H @ w


optimum, min_loss = np.zeros(2), 0.0
"""
    if setting.surface == ROSENBROCK:
        return """\
# f(x, y) = (1 − x)² + 100 (y − x²)²: a curved, flat-bottomed valley; minimum 0 at (1, 1)
from scipy.optimize import rosen, rosen_der, rosen_hess


def loss(w):
    return float(rosen(w))


def grad(w, rows=None):
    return rosen_der(w)


optimum, min_loss = np.ones(2), 0.0
H = rosen_hess(optimum)  # the Hessian at the minimum (it changes along the valley)
"""
    return f"""\
# Logistic regression on two standardised columns, two weights and no intercept. scikit-learn minimises
# C·Σ log-loss + ½‖w‖²; divided by C·n that is the mean log-loss + ‖w‖² / (2·C·n): the same minimum.
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

data = load_breast_cancer(as_frame=True)
X = StandardScaler().fit_transform(data.data[{list(LOGISTIC_FEATURES)!r}])
y = (data.target == 0).to_numpy(dtype=float)  # 1 = malignant
n, C = len(y), {LOGISTIC_C!r}


def loss(w):
    z = X @ w
    return float(np.mean(np.logaddexp(0, z) - y * z) + w @ w / (2 * C * n))


def grad(w, rows=None):  # rows: a mini-batch (SGD), else every row
    Xb, yb = (X, y) if rows is None else (X[rows], y[rows])
    return Xb.T @ (expit(Xb @ w) - yb) / len(yb) + w / (C * n)


model = LogisticRegression(C=C, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
optimum = model.coef_[0]
min_loss = loss(optimum)
# The Hessian is Xᵀ diag(p(1 − p)) X / n + I/(C·n) and p(1 − p) ≤ ¼: this bounds the curvature everywhere
H = X.T @ X / (4 * n) + np.eye(2) / (C * n)
"""


UPDATE = {
    GD: "w = w - lr * grad(w)",
    MOMENTUM: "v = momentum * v + grad(w)\nw = w - lr * v",
    NESTEROV: "v = momentum * v + grad(w - lr * momentum * v)  # the gradient where momentum is taking us\n"
              "w = w - lr * v",
    ADAM: "g = grad(w)\n"
          "m = beta1 * m + (1 - beta1) * g  # running mean of the gradient\n"
          "s = beta2 * s + (1 - beta2) * g**2  # running mean of its square, per coordinate\n"
          "m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)  # bias correction for the zero start\n"
          "w = w - lr * m_hat / (np.sqrt(s_hat) + eps)",
    SGD: "rows = rng.choice(n, size=batch_size, replace=False)  # a fresh mini-batch each step\n"
         "w = w - lr * grad(w, rows)",
}


def settings_code(setting: Setting) -> str:
    lines = [f"lr, steps = {float(setting.learning_rate)!r}, {int(setting.steps)!r}"]
    if setting.optimizer in WITH_MOMENTUM:
        lines.append(f"momentum = {float(setting.momentum)!r}")
    if setting.optimizer == ADAM:
        lines.append(f"beta1, beta2, eps = {ADAM_BETA1!r}, {ADAM_BETA2!r}, {ADAM_EPS!r}")
    if setting.optimizer == SGD:
        lines.append(f"batch_size, rng = {int(setting.batch_size)!r}, np.random.default_rng({SGD_SEED})")
    lines.append(f"w = np.array([{float(setting.start_x)!r}, {float(setting.start_y)!r}])")
    if setting.optimizer in (MOMENTUM, NESTEROV):
        lines.append("v = np.zeros(2)  # velocity")
    if setting.optimizer == ADAM:
        lines.append("m, s = np.zeros(2), np.zeros(2)")
    return "\n".join(lines) + "\n"


def update_code(optimizer: str) -> str:
    """The loop body the page shows: one step of `optimizer` (numpy)."""
    return UPDATE[optimizer]


def loop_code(setting: Setting) -> str:
    body = "\n".join("        " + line for line in UPDATE[setting.optimizer].splitlines())
    return f"""\
far = {FAR} * max(1.0, np.linalg.norm(w - optimum))  # this far out the path has blown up
path, losses, diverged_at = [w], [loss(w)], None
with np.errstate(over="raise", invalid="raise", divide="raise"):
    for t in range(1, steps + 1):
{body}
        if not np.all(np.isfinite(w)) or np.linalg.norm(w - optimum) > far:
            diverged_at = t  # stopped before anything overflows
            break
        path.append(w)
        losses.append(loss(w))
"""


METRICS_CODE = f"""\
gaps = np.array(losses) - min_loss
tolerance = {TOLERANCE!r}  # converged: the loss stays within this of the minimum from that step on
above = np.flatnonzero(gaps > tolerance)
converged = diverged_at is None and gaps[-1] <= tolerance
lam_max = float(np.linalg.eigvalsh(H).max())  # largest curvature at the optimum
metrics = {{
    "Final loss": None if diverged_at else losses[-1],
    "Steps to converge": (int(above[-1]) + 1 if above.size else 0) if converged else None,
    "Distance to optimum": None if diverged_at else float(np.linalg.norm(path[-1] - optimum)),
    "λmax": lam_max,
    "2 / λmax": 2 / lam_max,
}}
"""

SHOWN_CODE = '''\
def shown(value):
    """How the page writes a number: 4 decimals, scientific when tiny or huge, — when undefined."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}" if value == 0 or 1e-3 <= abs(value) < 1e5 else f"{value:.3e}"
'''


def shown(value: float | int | None) -> str:
    namespace: dict[str, Any] = {}
    exec(SHOWN_CODE, namespace)  # the script's own formatter, so page and script print alike
    return namespace["shown"](value)


# --- running it ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    setting: Setting
    path: np.ndarray  # (k + 1, 2): the start and every step taken before stopping
    losses: np.ndarray  # (k + 1,)
    optimum: np.ndarray
    min_loss: float
    hessian: np.ndarray  # at the optimum
    diverged_at: int | None
    metrics: dict[str, float | int | None]
    sklearn_coef: np.ndarray | None  # logistic only: scikit-learn's LogisticRegression solution

    @property
    def status(self) -> str:
        if self.diverged_at is not None:
            return DIVERGED
        return CONVERGED if self.metrics["Steps to converge"] is not None else UNFINISHED

    @property
    def lam_max(self) -> float:
        return float(self.metrics["λmax"])

    @property
    def gaps(self) -> np.ndarray:
        return np.maximum(self.losses - self.min_loss, 0.0)

    @property
    def end(self) -> np.ndarray:
        return self.path[-1]


def program(setting: Setting) -> str:
    """The whole computation as source: surface, settings, loop and metrics."""
    return "\n".join([surface_code(setting), settings_code(setting), loop_code(setting), METRICS_CODE])


@functools.lru_cache(maxsize=8)
def _surface(code: str) -> dict[str, Any]:
    """The surface source executed once (the logistic one loads the data and fits scikit-learn)."""
    ns: dict[str, Any] = {"np": np}
    exec(code, ns)  # our own source, with validated numbers only
    return ns


def run(setting: Setting) -> Run:
    """Execute `program(setting)`: the surface (once per surface), then the settings, loop and metrics."""
    checked(setting)
    ns = dict(_surface(surface_code(setting)))
    exec("\n".join([settings_code(setting), loop_code(setting), METRICS_CODE]), ns)
    path, losses = np.array(ns["path"], dtype=float), np.array(ns["losses"], dtype=float)
    optimum = np.asarray(ns["optimum"], dtype=float)
    return Run(setting, path, losses, optimum, float(ns["min_loss"]), np.asarray(ns["H"], dtype=float),
               ns["diverged_at"], dict(ns["metrics"]), optimum.copy() if setting.surface == LOGISTIC else None)


def view_box(setting: Setting, optimum: np.ndarray) -> tuple[float, float, float, float]:
    """The drawn square: start and optimum with a margin (quadratic: centred on the optimum; Rosenbrock: at least
    the classic −2…2 × −1…3)."""
    points = np.array([setting.start, optimum])
    if setting.surface == QUADRATIC:
        points = np.array([optimum - np.abs(np.subtract(setting.start, optimum)),
                           optimum + np.abs(np.subtract(setting.start, optimum))])
    low, high = points.min(axis=0), points.max(axis=0)
    if setting.surface == ROSENBROCK:
        low, high = np.minimum(low, [-2.0, -1.0]), np.maximum(high, [2.0, 3.0])
    centre, half = (low + high) / 2, max((high - low).max() / 2 * 1.35, 1.0)
    return centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half


@dataclass(frozen=True)
class Contour:
    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray  # (len(y), len(x))
    min_loss: float
    optimum: np.ndarray


def contour(setting: Setting, size: int = 50) -> Contour:
    """The loss on a `size`×`size` grid over the view box, vectorised (tests compare it with `loss`). It depends
    on the surface, its condition and the start only: the box does not follow the path, so a diverging path
    leaves the picture."""
    ns = _surface(surface_code(setting))
    optimum = np.asarray(ns["optimum"], dtype=float)
    x0, x1, y0, y1 = view_box(setting, optimum)
    gx, gy = np.linspace(x0, x1, size), np.linspace(y0, y1, size)
    X, Y = np.meshgrid(gx, gy)
    if setting.surface == QUADRATIC:
        H = ns["H"]
        Z = 0.5 * (H[0, 0] * X**2 + 2 * H[0, 1] * X * Y + H[1, 1] * Y**2)
    elif setting.surface == ROSENBROCK:
        Z = (1 - X) ** 2 + 100 * (Y - X**2) ** 2
    else:
        W = np.stack([X.ravel(), Y.ravel()])  # (2, cells)
        z = ns["X"] @ W  # (rows, cells)
        y = ns["y"][:, None]
        Z = (np.mean(np.logaddexp(0, z) - y * z, axis=0) + (W**2).sum(axis=0) / (2 * ns["C"] * ns["n"]))
        Z = Z.reshape(X.shape)
    return Contour(gx, gy, Z, float(ns["min_loss"]), optimum)


def checked(setting: Setting) -> Setting:
    """Reject settings the page never offers (the URL layer already falls back; this guards direct calls)."""
    if setting.surface not in SURFACES or setting.optimizer not in optimizers_for(setting.surface):
        raise ValueError(f"{setting.optimizer!r} does not run on the {setting.surface!r} surface")
    if not (0 < setting.learning_rate <= 10 and 1 <= setting.steps <= 5_000 and 0 <= setting.momentum < 1
            and 1 <= setting.batch_size <= 569 and 1 <= setting.condition <= 1_000
            and all(math.isfinite(v) and abs(v) <= 10 for v in setting.start)):
        raise ValueError(f"setting out of range: {setting}")
    return setting


def stable_limit(optimizer: str, momentum: float = 0.0) -> float | None:
    """On a quadratic, the optimiser is stable exactly when η·λmax is below this (None: no such fixed limit).

    Along an eigenvector with curvature λ and h = η·λ: gradient descent is w ← (1 − h)·w, stable for h < 2;
    heavy-ball momentum is w⁺ = (1 + β − h)·w − β·w⁻, stable for h < 2(1 + β); Nesterov (gradient at the
    look-ahead point) is w⁺ = (1 − h)(1 + β)·w − (1 − h)β·w⁻, stable for h < (2 + 2β)/(1 + 2β) (Jury's test)."""
    return {GD: 2.0, MOMENTUM: 2 * (1 + momentum),
            NESTEROV: (2 + 2 * momentum) / (1 + 2 * momentum)}.get(optimizer)


def gd_verdict(learning_rate: float, lam_max: float, optimizer: str = GD, momentum: float = 0.0) -> str:
    """Converges, oscillates forever (exactly on the limit) or diverges, on a quadratic with curvature λmax."""
    limit = stable_limit(optimizer, momentum)
    if limit is None:
        raise ValueError(f"{optimizer!r} has no fixed stability limit")
    product = learning_rate * lam_max
    if math.isclose(product, limit, rel_tol=1e-12):
        return "Oscillates forever"
    return "Converges" if product < limit else "Diverges"


VERDICTS = ("Converges", "Oscillates forever", "Diverges")


# --- "Reproduce in code" ----------------------------------------------------------------------------------

def gradient_descent_script(setting: Setting) -> str:
    return "\n".join([
        f'"""{OPTIMIZER_NAMES[setting.optimizer]} on the {SURFACE_NAMES[setting.surface].lower()}, from scratch '
        'in numpy, as on the page."""',
        "import numpy as np", "", program(setting),
        *( [] if setting.surface != LOGISTIC else [
            'print("Path end:", np.round(path[-1], 6), " scikit-learn coef_:", np.round(optimum, 6))', ""]),
        SHOWN_CODE,
        "print(\"Status:\", f\"diverged at step {diverged_at}\" if diverged_at else "
        "(\"converged\" if converged else \"not converged yet\"))",
        "for label, value in metrics.items():",
        '    print(f"{label}: {shown(value)}")',
        ""])


# --- live checks ------------------------------------------------------------------------------------------

def stability_check(r: Run) -> LiveCheck | None:
    """"Will plain GD with this learning rate converge on this quadratic?" (quadratic only)."""
    if r.setting.surface != QUADRATIC:
        return None
    lr, lam, s = r.setting.learning_rate, r.lam_max, r.setting
    if s.optimizer in WITH_MOMENTUM:
        beta, limit = s.momentum, stable_limit(s.optimizer, s.momentum)
        verdict = gd_verdict(lr, lam, s.optimizer, beta)
        rule = ("2(1 + β)" if s.optimizer == MOMENTUM else "(2 + 2β)/(1 + 2β)")
        return live_checks.choice_check(
            "gd_stability", f"On this quadratic the Hessian's eigenvalues are 1 and {lam:g}. With learning rate "
            f"{lr:g} and momentum β = {beta:g}, does {OPTIMIZER_NAMES[s.optimizer].lower()} converge?", VERDICTS,
            [verdict], f"On a quadratic it is stable exactly when η·λmax < {rule} = {limit:.4g}. Here η·λmax = "
            f"{lr:g}·{lam:g} = {lr * lam:.4g}: {verdict.lower()}. (Plain gradient descent needs η·λmax < 2.)")
    verdict = gd_verdict(lr, lam)
    return live_checks.choice_check(
        "gd_stability", f"On this quadratic the Hessian's eigenvalues are 1 and {lam:g}. With learning rate "
        f"{lr:g}, does plain gradient descent converge?", VERDICTS, [verdict],
        f"Each step multiplies the steepest direction by 1 − η·λmax = 1 − {lr:g}·{lam:g} = {1 - lr * lam:.3g}. "
        f"It shrinks when |1 − η·λmax| < 1, i.e. η < 2/λmax = {2 / lam:.4g}; at exactly 2/λmax it flips sign with "
        f"the same size forever; above, it grows. Here: {verdict.lower()}.")


def largest_rate_check(r: Run) -> LiveCheck:
    """"What is the largest learning rate plain GD tolerates here?" = 2/λmax (at the optimum)."""
    lam = r.lam_max
    where = {QUADRATIC: ("The Hessian", ""), ROSENBROCK: ("At the minimum the Hessian", " near the minimum"),
             LOGISTIC: ("The Hessian's bound XᵀX/(4n) + I/(C·n)", " for sure")}[r.setting.surface]
    return LiveCheck(
        "largest_rate", f"{where[0]} has largest eigenvalue λmax = {lam:.4g}. Below what learning rate "
        f"does plain gradient descent converge{where[1]}?",
        f"2 / λmax = 2 / {lam:.4g} = {2 / lam:.4g}. Steeper curvature demands smaller steps; the flattest "
        "direction then sets how slowly it crawls (the condition number).", expected=2 / lam,
        tolerance=max(live_checks.DEFAULT_TOLERANCE * 0.2, 0.01 * 2 / lam))


def factor_check(r: Run) -> LiveCheck | None:
    """"By what factor does each GD step scale the steep direction?" (quadratic, plain GD)."""
    if r.setting.surface != QUADRATIC or r.setting.optimizer != GD:
        return None
    lr, lam = r.setting.learning_rate, r.lam_max
    expected = 1 - lr * lam
    return LiveCheck(
        "steep_factor", f"Plain GD with learning rate {lr:g} on a quadratic whose steepest curvature is "
        f"λmax = {lam:g}: by what factor does one step multiply the distance along that direction (sign included)?",
        f"w ← w − η·λ·w = (1 − η·λ)·w, so the factor is 1 − {lr:g}·{lam:g} = {expected:.3f}. A negative factor "
        "means it jumps across the valley every step: the zig-zag.", expected=expected,
        tolerance=max(live_checks.DEFAULT_TOLERANCE, 0.005 * abs(expected)))


def start_loss_check(r: Run) -> LiveCheck | None:
    """"What is the loss at the start point?" (Rosenbrock: by hand)."""
    if r.setting.surface != ROSENBROCK:
        return None
    x, y = r.setting.start
    expected = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    return LiveCheck(
        "start_loss", f"Rosenbrock's loss is f(x, y) = (1 − x)² + 100·(y − x²)². What is it at the start "
        f"({x:g}, {y:g})?", f"f = (1 − {x:g})² + 100·({y:g} − {x:g}²)² = {(1 - x) ** 2:.4g} + "
        f"{100 * (y - x**2) ** 2:.4g} = {expected:.4g}.", expected=expected,
        tolerance=max(live_checks.DEFAULT_TOLERANCE, 0.005 * abs(expected)))


def adam_step_check(r: Run) -> LiveCheck | None:
    """"How far does Adam's first step move each coordinate?" = the learning rate (m̂/√ŝ = ±1 at t = 1)."""
    if r.setting.optimizer != ADAM:
        return None
    lr = r.setting.learning_rate
    return LiveCheck(
        "adam_first_step", f"Adam with learning rate {lr:g}: how far does its very first step move the x coordinate "
        "(ignore ε)?", f"At t = 1 the bias-corrected m̂ = g and ŝ = g², so the step is η·g/|g| = ±η = ±{lr:g} in "
        "every coordinate, whatever the gradient's size. That is why Adam's learning rate is a step length.",
        expected=lr, tolerance=max(1e-6, 0.01 * lr))


def penalty_check(r: Run) -> LiveCheck | None:
    """"The L2 penalty per row in mean-loss form" = 1/(C·n) (logistic only)."""
    if r.setting.surface != LOGISTIC:
        return None
    n = 569
    expected = 1 / (LOGISTIC_C * n)
    return LiveCheck(
        "penalty", f"scikit-learn's LogisticRegression with C = {LOGISTIC_C:g} on n = {n} rows minimises "
        "C·Σ log-loss + ½‖w‖². Written as the mean log-loss + (λ/2)‖w‖², what is λ?",
        f"Divide by C·n: mean log-loss + ‖w‖²/(2·C·n), so λ = 1/(C·n) = 1/({LOGISTIC_C:g}·{n}) = {expected:.5f}. "
        "Same minimiser, a loss on the scale of a mean.", expected=expected, tolerance=0.0001)


def gradient_descent_checks(r: Run) -> list[LiveCheck | None]:
    return [stability_check(r), factor_check(r), largest_rate_check(r), start_loss_check(r), adam_step_check(r),
            penalty_check(r)]


# --- the page's URL keys ---------------------------------------------------------------------------------------

def _value(context: Mapping[str, Any], name: str) -> Any:
    return context.get(name, DEFAULTS[name])


DEFAULTS = {"surface": QUADRATIC, "optimizer": GD}

PARAMS: tuple[Param, ...] = (
    Param("surface", Choice(SURFACES), QUADRATIC, "Loss surface",
          "quadratic: a bowl with one steep and one flat direction; rosenbrock: a curved valley; logistic: the "
          "real logistic-regression loss on two breast-cancer features (its minimum is scikit-learn's)."),
    Param("optimizer", lambda c: Choice(optimizers_for(_value(c, "surface"))), GD, "Optimizer",
          "gd: plain gradient descent; momentum and nesterov add a velocity; adam scales each coordinate by its "
          "gradient history; sgd (logistic only) uses a random mini-batch of rows per step."),
    Param("learning_rate", Grid(LEARNING_RATES, log=True), 0.15, "Learning rate",
          "The step size η (log scale). On the quadratic, plain GD converges only below 2/λmax."),
    Param("momentum", Number(0.0, 0.99, 0.01), 0.9, "Momentum",
          "β: how much of the previous velocity each step keeps (0 is plain gradient descent).",
          when=lambda c: _value(c, "optimizer") in WITH_MOMENTUM),
    Param("steps", Number(10, MAX_STEPS, 10, whole=True), 100, "Steps", "How many updates to run (at most 500)."),
    Param("batch_size", Grid(BATCH_SIZES), 16, "Batch size",
          "Rows per SGD step, drawn afresh each step (569 rows in all).",
          when=lambda c: _value(c, "surface") == LOGISTIC and _value(c, "optimizer") == SGD),
    Param("condition", Number(1, 100, 1, whole=True), 10, "Condition number",
          "λmax/λmin of the quadratic's Hessian (λmin = 1): how much steeper the steep direction is.",
          when=lambda c: _value(c, "surface") == QUADRATIC),
    Param("start_x", Number(-3.0, 3.0, 0.1), -1.5, "Start x (w₁)", "Where the path starts."),
    Param("start_y", Number(-3.0, 3.0, 0.1), 2.0, "Start y (w₂)", "Where the path starts."),
)
