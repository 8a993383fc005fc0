"""The gradient-descent computations against closed forms, scipy and scikit-learn: the 2/λmax boundary on the
quadratic (and the momentum and Nesterov limits), Rosenbrock against scipy, the logistic loss and its optimum
against scikit-learn, divergence stopped before any overflow, the script against the page's numbers."""
import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy.optimize import approx_fprime, rosen, rosen_der, rosen_hess
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

from lib import gradient_descent as gd
from lib import live_checks as lc
from lib.gradient_descent import Setting

CONDITIONS = (1, 3, 10, 50, 100)


def surface(setting: Setting) -> dict:
    return gd._surface(gd.surface_code(setting))


def breast_cancer_pair():
    data = load_breast_cancer(as_frame=True)
    X = StandardScaler().fit_transform(data.data[list(gd.LOGISTIC_FEATURES)])
    return X, (data.target == 0).to_numpy(dtype=float)


# --- the quadratic: λmax from the Hessian, and the divergence boundary at 2/λmax ---------------------------------

@pytest.mark.parametrize("condition", CONDITIONS)
def test_quadratic_hessian_has_eigenvalues_one_and_the_condition_number(condition):
    ns = surface(Setting(condition=condition))
    assert np.linalg.eigvalsh(ns["H"]) == pytest.approx([1.0, condition])
    w = np.array([0.7, -1.3])
    numeric = approx_fprime(w, ns["loss"], 1e-7)
    assert ns["grad"](w) == pytest.approx(numeric, rel=1e-5, abs=1e-5)
    r = gd.run(Setting(condition=condition))
    assert r.metrics["λmax"] == pytest.approx(condition) and r.metrics["2 / λmax"] == pytest.approx(2 / condition)


@pytest.mark.parametrize("condition", CONDITIONS)
def test_plain_gd_converges_just_below_2_over_lambda_max_and_diverges_just_above(condition):
    limit = 2 / condition
    below = gd.run(Setting(condition=condition, learning_rate=0.99 * limit, steps=3000))
    above = gd.run(Setting(condition=condition, learning_rate=1.01 * limit, steps=3000))
    assert below.status == gd.CONVERGED and below.metrics["Distance to optimum"] < 1e-3
    assert above.status == gd.DIVERGED and above.diverged_at is not None
    assert gd.gd_verdict(0.99 * limit, condition) == "Converges"
    assert gd.gd_verdict(1.01 * limit, condition) == "Diverges"
    assert gd.gd_verdict(limit, condition) == "Oscillates forever"


def test_exactly_at_the_limit_it_neither_converges_nor_diverges():
    r = gd.run(Setting(condition=10, learning_rate=0.2, steps=500))
    assert r.status == gd.UNFINISHED
    assert r.losses[-1] == pytest.approx(r.losses[-101], rel=1e-9)  # the steep part bounces with the same size


@pytest.mark.parametrize(("optimizer", "beta"), [("momentum", 0.5), ("momentum", 0.9), ("nesterov", 0.5),
                                                 ("nesterov", 0.9)])
def test_momentum_and_nesterov_limits_on_the_quadratic(optimizer, beta):
    limit = gd.stable_limit(optimizer, beta) / 50
    below = gd.run(Setting(condition=50, optimizer=optimizer, momentum=beta, learning_rate=0.98 * limit, steps=3000))
    above = gd.run(Setting(condition=50, optimizer=optimizer, momentum=beta, learning_rate=1.02 * limit, steps=3000))
    assert below.status == gd.CONVERGED and above.status == gd.DIVERGED


def test_the_page_default_zig_zags_and_converges():
    r = gd.run(Setting())
    assert r.status == gd.CONVERGED and r.metrics["Steps to converge"] == 33
    steep = np.linalg.eigh(r.hessian)[1][:, 1]
    along = r.path[:6] @ steep
    assert np.all(np.sign(along[1:]) != np.sign(along[:-1]))  # it jumps across the valley every step


# --- the tolerance and the definition of "Steps to converge" -------------------------------------------------------

def test_steps_to_converge_is_the_first_step_after_which_the_loss_stays_within_tolerance():
    r = gd.run(Setting(condition=20, optimizer="momentum", momentum=0.9, learning_rate=0.05, steps=500))
    k = r.metrics["Steps to converge"]
    assert k is not None
    assert np.all(r.gaps[k:] <= gd.TOLERANCE) and r.gaps[k - 1] > gd.TOLERANCE


def test_an_unfinished_run_has_no_steps_to_converge_but_a_loss():
    r = gd.run(Setting(learning_rate=0.001, steps=50))
    assert r.status == gd.UNFINISHED and r.metrics["Steps to converge"] is None
    assert r.metrics["Final loss"] == pytest.approx(0.5 * r.end @ r.hessian @ r.end)


# --- divergence: stopped at a step, never NaN, inf or an overflow warning -------------------------------------

@pytest.mark.parametrize("setting", [
    Setting(learning_rate=10.0, steps=500), Setting(condition=100, optimizer="momentum", learning_rate=10.0),
    Setting(surface="rosenbrock", learning_rate=10.0), Setting(surface="rosenbrock", optimizer="nesterov",
                                                               learning_rate=1.0, momentum=0.99),
    Setting(surface="rosenbrock", optimizer="momentum", learning_rate=0.01, start_x=-3.0, start_y=-3.0),
], ids=lambda s: f"{s.surface}-{s.optimizer}-{s.learning_rate}")
def test_divergence_stops_the_path_without_overflow(setting):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid) fails the test
        r = gd.run(setting)
    assert r.status == gd.DIVERGED and 1 <= r.diverged_at <= setting.steps
    assert len(r.path) == r.diverged_at  # the start and every step before the blow-up
    assert np.all(np.isfinite(r.path)) and np.all(np.isfinite(r.losses))
    assert r.metrics["Final loss"] is None and r.metrics["Distance to optimum"] is None
    assert all(gd.shown(v) in ("—",) or math.isfinite(float(gd.shown(v))) for v in r.metrics.values())


# --- Rosenbrock against scipy -------------------------------------------------------------------------------

def test_rosenbrock_is_scipys():
    ns = surface(Setting(surface="rosenbrock"))
    for w in (np.array([-1.5, 2.0]), np.array([0.3, -0.7]), np.ones(2)):
        assert ns["loss"](w) == pytest.approx(rosen(w))
        assert ns["grad"](w) == pytest.approx(rosen_der(w))
        assert ns["loss"](w) == pytest.approx((1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2)
    assert np.linalg.eigvalsh(rosen_hess(np.ones(2))).max() == pytest.approx(gd.run(Setting(
        surface="rosenbrock")).metrics["λmax"])
    grid = gd.contour(Setting(surface="rosenbrock"))
    i, j = 7, 31
    assert grid.loss[i, j] == pytest.approx(rosen(np.array([grid.x[j], grid.y[i]])))


def test_rosenbrock_momentum_gets_closer_than_plain_gd_at_the_same_rate():
    plain = gd.run(Setting(surface="rosenbrock", learning_rate=0.001, steps=500))
    heavy = gd.run(Setting(surface="rosenbrock", optimizer="momentum", learning_rate=0.001, steps=500))
    assert heavy.metrics["Distance to optimum"] < plain.metrics["Distance to optimum"] / 5


# --- the logistic loss: scikit-learn's objective and its solution ------------------------------------------------

def test_logistic_loss_is_sklearns_log_loss_plus_the_scaled_penalty():
    X, y = breast_cancer_pair()
    ns = surface(Setting(surface="logistic"))
    assert np.allclose(ns["X"], X) and np.array_equal(ns["y"], y) and ns["n"] == 569
    for w in (np.array([0.0, 0.0]), np.array([1.5, -2.0]), np.array([2.1, 3.0])):
        p = 1 / (1 + np.exp(-(X @ w)))
        expected = log_loss(y, p) + w @ w / (2 * gd.LOGISTIC_C * len(y))
        assert ns["loss"](w) == pytest.approx(expected, rel=1e-10)
        assert ns["grad"](w) == pytest.approx(approx_fprime(w, ns["loss"], 1e-7), abs=1e-6)
    grid = gd.contour(Setting(surface="logistic"))
    i, j = 11, 40
    assert grid.loss[i, j] == pytest.approx(ns["loss"](np.array([grid.x[j], grid.y[i]])), rel=1e-10)


def test_logistic_hessian_bound_is_above_the_true_curvature_everywhere():
    ns = surface(Setting(surface="logistic"))
    bound = np.linalg.eigvalsh(ns["H"]).max()
    X, n = ns["X"], ns["n"]
    for w in (np.zeros(2), np.array([2.0, 3.0]), np.array([-1.0, 0.5])):
        p = 1 / (1 + np.exp(-(X @ w)))
        true = X.T @ (X * (p * (1 - p))[:, None]) / n + np.eye(2) / n
        assert np.linalg.eigvalsh(true).max() <= bound + 1e-12
    assert np.linalg.eigvalsh(X.T @ X / (4 * n) + np.eye(2) / n).max() == pytest.approx(bound)


@pytest.mark.parametrize(("optimizer", "learning_rate", "steps"), [("gd", 2.0, 500), ("gd", 4.0, 300),
                                                                   ("momentum", 0.5, 500), ("nesterov", 0.5, 500)])
def test_logistic_path_ends_at_sklearns_solution(optimizer, learning_rate, steps):
    X, y = breast_cancer_pair()
    sk = LogisticRegression(C=gd.LOGISTIC_C, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y).coef_[0]
    r = gd.run(Setting(surface="logistic", optimizer=optimizer, learning_rate=learning_rate, steps=steps))
    assert r.status == gd.CONVERGED
    assert np.allclose(r.sklearn_coef, sk)
    assert np.abs(r.end - sk).max() <= gd.SKLEARN_TOLERANCE
    assert r.metrics["Distance to optimum"] == pytest.approx(np.linalg.norm(r.end - sk))


def test_adam_with_a_constant_rate_gets_near_sklearns_solution_but_wobbles():
    r = gd.run(Setting(surface="logistic", optimizer="adam", learning_rate=0.05, steps=500))
    assert r.status == gd.CONVERGED  # in loss (within 1e-6) ...
    assert 1e-4 < np.abs(r.end - r.sklearn_coef).max() < 1e-2  # ... while its steps of about η keep it off by ~1e-3


def test_sgd_hovers_around_the_optimum_and_bigger_batches_hover_closer():
    small = gd.run(Setting(surface="logistic", optimizer="sgd", batch_size=4, learning_rate=0.5, steps=500))
    large = gd.run(Setting(surface="logistic", optimizer="sgd", batch_size=256, learning_rate=0.5, steps=500))
    assert small.status == large.status == gd.UNFINISHED
    assert large.metrics["Distance to optimum"] < small.metrics["Distance to optimum"] / 3
    again = gd.run(Setting(surface="logistic", optimizer="sgd", batch_size=4, learning_rate=0.5, steps=500))
    assert np.array_equal(again.path, small.path)  # seeded: the same link, the same path


def test_sgd_needs_rows():
    with pytest.raises(ValueError):
        gd.run(Setting(surface="quadratic", optimizer="sgd"))
    assert "sgd" not in gd.optimizers_for("rosenbrock") and "sgd" in gd.optimizers_for("logistic")


# --- Adam's first step -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("surface_id", gd.SURFACES)
def test_adams_first_step_moves_each_coordinate_by_the_learning_rate(surface_id):
    r = gd.run(Setting(surface=surface_id, optimizer="adam", learning_rate=0.05, steps=10))
    assert np.abs(r.path[1] - r.path[0]) == pytest.approx([0.05, 0.05], rel=1e-5)


# --- the update code is what runs, the script prints what the page shows ------------------------------------------

def test_the_update_rule_shown_is_the_one_run():
    for optimizer in gd.OPTIMIZERS:
        setting = Setting(surface="logistic", optimizer=optimizer)
        assert gd.update_code(optimizer) in gd.loop_code(setting).replace("\n        ", "\n")
        assert gd.program(setting) in gd.gradient_descent_script(setting)


SCRIPT_SETTINGS = [Setting(), Setting(learning_rate=0.3), Setting(surface="rosenbrock", optimizer="adam",
                                                                   learning_rate=0.2, steps=200),
                   Setting(surface="logistic", optimizer="sgd", batch_size=8, learning_rate=0.5, steps=200),
                   Setting(surface="logistic", optimizer="nesterov", learning_rate=0.5, momentum=0.8)]


@pytest.mark.parametrize("setting", SCRIPT_SETTINGS, ids=lambda s: f"{s.surface}-{s.optimizer}-{s.learning_rate}")
def test_script_prints_every_headline_metric_as_the_page_shows_it(setting, tmp_path):
    path = tmp_path / "reproduce.py"
    path.write_text(gd.gradient_descent_script(setting), encoding="utf-8")
    out = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", str(path)], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    printed = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    r = gd.run(setting)
    assert {label: printed[label] for label in gd.METRIC_LABELS} == {k: gd.shown(v) for k, v in r.metrics.items()}


# --- live checks ---------------------------------------------------------------------------------------------------

def test_live_checks_answer_with_the_closed_form():
    r = gd.run(Setting(condition=10, learning_rate=0.15))
    checks = {c.key: c for c in gd.gradient_descent_checks(r) if c is not None}
    assert set(checks) == {"gd_stability", "steep_factor", "largest_rate"}
    assert lc.check(checks["gd_stability"], "Converges").correct
    assert lc.check(checks["steep_factor"], "-0.5").correct and not lc.check(checks["steep_factor"], "0.5").correct
    assert lc.check(checks["largest_rate"], "0.2").correct and not lc.check(checks["largest_rate"], "0.15").correct
    over = {c.key: c for c in gd.gradient_descent_checks(gd.run(Setting(learning_rate=0.3))) if c}
    assert lc.check(over["gd_stability"], "Diverges").correct
    edge = {c.key: c for c in gd.gradient_descent_checks(gd.run(Setting(learning_rate=0.2))) if c}
    assert lc.check(edge["gd_stability"], "Oscillates forever").correct
    ros = {c.key: c for c in gd.gradient_descent_checks(gd.run(Setting(surface="rosenbrock", optimizer="adam",
                                                                          learning_rate=0.1))) if c}
    assert lc.check(ros["start_loss"], str(rosen(np.array([-1.5, 2.0])))).correct
    assert lc.check(ros["adam_first_step"], "0.1").correct
    logistic = {c.key: c for c in gd.gradient_descent_checks(gd.run(Setting(surface="logistic"))) if c}
    assert lc.check(logistic["penalty"], f"{1 / 569}").correct


def test_shown_never_prints_nan_or_inf():
    assert gd.shown(None) == "—" and gd.shown(33) == "33" and gd.shown(0.1234567) == "0.1235"
    assert gd.shown(3.4e-16) == "3.400e-16" and gd.shown(0.0) == "0.0000"
