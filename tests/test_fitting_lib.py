"""lib/regularisation.py, lib/boundary.py, lib/polynomial.py: numbers checked against scikit-learn."""
import subprocess
import sys
import threading
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC

from lib import boundary, curves, datasets, models, polynomial, regularisation
from lib.fitting import EvaluationError, fit_and_score, parallel_for, seeds_a_shared_generator, stratified_split


@pytest.fixture(scope="module")
def cancer_split():
    data = datasets.load("breast_cancer")
    return stratified_split(data.X, data.binary_target(), 0.25, 0)


@pytest.fixture(scope="module")
def paths(cancer_split):
    return regularisation.coefficient_paths(cancer_split.X_train, cancer_split.y_train, 0,
                                            C_values=(1e-3, 1e-2, 0.1, 1.0))


def test_l1_path_has_exact_zeros_and_l2_has_none(paths):
    l1, l2 = paths.coefs["l1"], paths.coefs["l2"]
    assert (l1 == 0.0).any(axis=1).all()  # at every C some weights are exactly 0 under L1
    assert (l1[0] == 0.0).all()  # strong penalty: all of them
    assert paths.nonzero("l1", 1e-3) == 0 < paths.nonzero("l1", 0.1) < paths.nonzero("l1", 1.0)
    assert not (l2 == 0.0).any()  # L2 shrinks but never zeroes
    assert paths.nonzero("l2", 1e-3) == len(paths.features) == 30


def test_weak_penalty_ends_of_l1_and_l2_meet_where_the_optimum_exists():
    """Nearly no penalty: L1 and L2 both approach the unpenalised fit (a non-separable table has one)."""
    X, y = make_classification(n_samples=2000, n_features=8, n_informative=5, flip_y=0.1, random_state=0)
    found = regularisation.coefficient_paths(pd.DataFrame(X).add_prefix("x"), y, 0, C_values=(1e-2, 1e4))
    l1, l2 = found.coefs["l1"][-1], found.coefs["l2"][-1]
    np.testing.assert_allclose(l1, l2, atol=0.1 * np.abs(l2).max())  # within a tenth of the largest weight
    assert not found.unconverged["l2"]
    assert (found.unconverged_note() is None) == (not found.unconverged["l1"])  # a capped L1 point is named


def test_l1_weights_grow_with_c_on_the_default_view(cancer_split):
    """breast_cancer is all but separable: at C = 1e4 the L1 weights must be as large as L2's, not stop near 2
    (the old loose-tolerance saga fit); a point the solver did not finish is named in a note."""
    found = regularisation.coefficient_paths(cancer_split.X_train, cancer_split.y_train, 0, C_values=(1.0, 1e4))
    l1, l2 = np.abs(found.coefs["l1"][-1]).max(), np.abs(found.coefs["l2"][-1]).max()
    assert l1 > 0.5 * l2 > 10
    if found.unconverged["l1"]:
        assert "L1 at C = " in found.unconverged_note()


def test_path_points_are_the_registry_model(cancer_split, paths):
    """The path at C is the page's own logistic regression at that C (same solver, same preprocessing)."""
    pipeline = models.build_pipeline("logistic_regression", {"C": 0.1, "penalty": "l1"}, 0)
    pipeline.fit(cancer_split.X_train, cancer_split.y_train)
    np.testing.assert_allclose(paths.coefs["l1"][paths.index(0.1)], pipeline[-1].coef_[0])
    assert paths.features == tuple(pipeline[0].get_feature_names_out())
    assert len(paths.largest(10)) == 10


def test_boundary_in_the_feature_plane_is_the_fitted_model():
    data = datasets.load("moons", 0, {"n_samples": 200, "noise": 0.25})
    fitted = fit_and_score(data, "decision_tree", {"max_depth": 3}, 0)
    assert boundary.is_two_dimensional(data.X)
    shape = boundary.in_feature_plane(fitted.pipeline, fitted.split, 0, resolution=30)
    assert shape.proba.shape == (30, 30) and not shape.projected
    row, col = 7, 19
    point = pd.DataFrame({"x1": [shape.xs[col]], "x2": [shape.ys[row]]})
    assert shape.proba[row, col] == pytest.approx(fitted.pipeline.predict_proba(point)[0, 1])
    assert len(shape.train) == len(fitted.split.y_train) and set(shape.train["label"]) == {0, 1}


def test_boundary_of_wide_data_uses_a_refitted_pca_plane(cancer_split):
    shape = boundary.in_pca_plane("knn", {"n_neighbors": 1}, cancer_split, 0, resolution=25)
    assert shape.projected and shape.axis_names == ("PC1", "PC2")
    assert 0.5 < sum(shape.explained) < 1 and shape.explained[0] >= shape.explained[1]
    assert shape.proba.shape == (25, 25) and set(np.unique(shape.proba)) <= {0.0, 1.0}  # 1-NN: hard votes
    assert 0.5 < shape.plane_accuracy <= 1


def test_boundary_needs_two_features():
    data = datasets.load("moons", 0, {"n_samples": 100})
    split = stratified_split(data.X[["x1"]], data.binary_target(), 0.25, 0)
    with pytest.raises(EvaluationError, match="two features"):
        boundary.in_pca_plane("logistic_regression", {}, split, 0)


def test_boundary_draws_a_sample_of_large_data():
    data = datasets.load("classification", 0, {"n_samples": 6000})
    fitted = fit_and_score(data, "logistic_regression", {}, 0)
    shape = boundary.in_feature_plane(fitted.pipeline, fitted.split, 0, resolution=20)
    assert len(shape.train) == boundary.MAX_POINTS and len(shape.test) == boundary.MAX_POINTS


def test_polynomial_fit_matches_sklearn():
    data = polynomial.samples(3)
    fit = polynomial.fit(data, 4, 0.01)
    reference = make_pipeline(PolynomialFeatures(4, include_bias=False), StandardScaler(), Ridge(alpha=0.01))
    reference.fit(data.x_train[:, None], data.y_train)
    assert fit.test_mse == pytest.approx(mean_squared_error(data.y_test, reference.predict(data.x_test[:, None])))
    assert fit.train_mse == pytest.approx(mean_squared_error(data.y_train, reference.predict(data.x_train[:, None])))


def test_polynomial_demo_shows_the_u_shape():
    degrees, train, test = polynomial.error_by_degree(polynomial.samples(0), polynomial.DEFAULT_ALPHA)
    assert train[-1] < train[0] / 3  # training error keeps falling with the degree
    best = int(np.argmin(test))
    assert 2 <= degrees[best] <= 9  # the best degree is in the middle...
    assert test[-1] > 3 * test[best] and test[0] > 2 * test[best]  # ...both ends are worse
    # a strong ridge penalty tames degree 15
    _, _, tamed = polynomial.error_by_degree(polynomial.samples(0), 0.01, degrees=(15,))
    assert tamed[0] < test[-1] / 3


def test_polynomial_snippet_prints_the_page_numbers():
    fit = polynomial.fit(polynomial.samples(5), 12, 1e-5)
    out = subprocess.run([sys.executable, "-c", polynomial.polynomial_script(5, 12, 1e-5)], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert f"Train MSE: {fit.train_mse:.3f}" in out and f"Test MSE: {fit.test_mse:.3f}" in out


def test_baseline_is_cross_validated_random_forest(cancer_split):
    from sklearn.model_selection import cross_val_score

    cv = curves.cv_splitter(cancer_split.y_train, 0)
    ours = curves.baseline_score(cancer_split.X_train, cancer_split.y_train, cv, "roc_auc", 0)
    theirs = cross_val_score(models.build_pipeline("random_forest", {}, 0), cancer_split.X_train,
                             cancer_split.y_train, cv=cv, scoring="roc_auc").mean()
    assert ours == pytest.approx(theirs)


def test_parallel_fits_run_in_threads_unless_the_model_seeds_a_shared_generator():
    """Threads save loky's process start (~2 s of a cold /fitting view); libsvm and liblinear draw from one
    generator per process, so their fits in threads would interleave it and stop being reproducible."""
    from joblib.parallel import get_active_backend

    def backend(*estimators) -> str:
        with parallel_for(*estimators):
            return type(get_active_backend()[0]).__name__

    l2 = models.build_pipeline("logistic_regression", {"C": 1.0, "penalty": "l2"}, 0)
    l1 = models.build_pipeline("logistic_regression", {"C": 1.0, "penalty": "l1"}, 0)
    svm = models.build_pipeline("svm", {}, 0)
    forest = models.build_pipeline("random_forest", {}, 0)
    platt = SVC(probability=True)  # libsvm's own probabilities draw; the registry's calibrated SVC does not
    assert [seeds_a_shared_generator(p) for p in (l2, l1, svm, forest, platt)] == [False, True, False, False, True]
    assert backend(l2, forest, svm) == "ThreadingBackend"
    assert backend(l2, l1) == backend(platt) == "LokyBackend"


def test_coefficient_paths_are_reproducible(cancer_split, paths):
    """liblinear's L1 fits draw from a process-wide generator: they never share threads, so a second run
    is identical."""
    again = regularisation.coefficient_paths(cancer_split.X_train, cancer_split.y_train, 0, C_values=paths.values)
    for family in paths.coefs:
        np.testing.assert_array_equal(again.coefs[family], paths.coefs[family])
    assert again.unconverged == paths.unconverged


def test_sessions_fitting_liblinear_at_once_get_the_numbers_of_a_fit_alone(cancer_split):
    """liblinear seeds one generator per process at each fit: two sessions' L1 fits in the server's threads
    interleaved its draws (coefficients up to 8.8 apart at the weak penalties, which stop at max_iter) until
    the fits took turns."""
    Cs = tuple(np.logspace(-2, 3, 8))

    def l1_coefficients() -> list[np.ndarray]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return [models.build_pipeline("logistic_regression", {"C": c, "penalty": "l1"}, 0)
                    .fit(cancer_split.X_train, cancer_split.y_train)[-1].coef_.copy() for c in Cs]

    alone = l1_coefficients()
    sessions: dict[int, list[np.ndarray]] = {}
    threads = [threading.Thread(target=lambda k=k: sessions.__setitem__(k, l1_coefficients())) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(sessions) == 3
    for found in sessions.values():
        for a, b in zip(found, alone, strict=True):
            np.testing.assert_array_equal(a, b)
