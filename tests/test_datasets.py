"""Every registry entry loads, has the promised shape and task, and is deterministic for a seed."""
import numpy as np
import pandas as pd
import pytest

from lib import datasets, pages

EXPECTED = {  # id: (rows, features, task, classes)
    "breast_cancer": (569, 30, datasets.BINARY, 2),
    "wine": (178, 13, datasets.MULTICLASS, 3),
    "iris": (150, 4, datasets.MULTICLASS, 3),
    "digits": (1797, 64, datasets.MULTICLASS, 10),
    "moons": (500, 2, datasets.BINARY, 2),
    "circles": (500, 2, datasets.BINARY, 2),
    "blobs": (500, 2, datasets.MULTICLASS, 4),
    "classification": (1000, 2, datasets.BINARY, 2),
    "churn": (4000, 9, datasets.BINARY, 2),
    "cloud": (300, 2, datasets.UNLABELLED, 1),  # the PCA page's 2-D cloud: no classes
}
REGRESSION_TABLES = {"regression": (500, 4), "diabetes": (442, 10), "engel": (235, 1)}  # id: (rows, features)


def test_registry_has_exactly_the_contract_ids():
    assert set(datasets.REGISTRY) == set(EXPECTED) | set(REGRESSION_TABLES)


@pytest.mark.parametrize("dataset_id", list(REGRESSION_TABLES))
def test_regression_tables_keep_a_numeric_target(dataset_id):
    rows, features = REGRESSION_TABLES[dataset_id]
    spec = datasets.REGISTRY[dataset_id]
    data = datasets.load(dataset_id, seed=0)
    assert spec.task == datasets.REGRESSION and spec.numeric_target
    assert data.X.shape == (rows, features) and data.y.dtype == float and len(data.y) == rows
    assert data.y.nunique() > 100  # numbers, not class names


def test_regression_scripts_print_the_same_target():
    """The script lines of each regression table define `X` and a float `y` equal to what the page loads."""
    from lib.code import Script
    for dataset_id in REGRESSION_TABLES:
        params = {"n_samples": 300, "noise": 2.0, "collinearity": 0.5} if dataset_id == "regression" else {}
        script = Script()
        datasets.REGISTRY[dataset_id].write(script, 4, params)
        namespace: dict = {}
        exec(script.text(), namespace)  # noqa: S102 - our own generated code
        data = datasets.load(dataset_id, 4, params)
        np.testing.assert_array_equal(namespace["y"], data.y.to_numpy())
        pd.testing.assert_frame_equal(namespace["X"].reset_index(drop=True), data.X, check_dtype=False)
        assert "from lib" not in script.text()  # self-contained: the generator is copied, not imported


def test_the_assumption_knobs_reach_the_generator_and_only_when_given():
    spec = datasets.REGISTRY["regression"]
    assert spec.resolve({"outliers": 0.5, "n_samples": 100, "bogus": 1}) == {"n_samples": 100, "noise": 1.0,
                                                                              "outliers": 0.5}
    plain, bent = datasets.load("regression", 0), datasets.load("regression", 0, {"nonlinearity": 1.0})
    pd.testing.assert_frame_equal(plain.X, bent.X)
    assert not np.allclose(plain.y, bent.y)


@pytest.mark.parametrize("dataset_id", list(EXPECTED))
def test_loads_with_promised_shape_and_task(dataset_id):
    rows, features, task, n_classes = EXPECTED[dataset_id]
    spec = datasets.REGISTRY[dataset_id]
    data = datasets.load(dataset_id, seed=0)
    assert spec.task == task
    assert data.X.shape == (rows, features)
    assert len(data.y) == rows and data.y.map(type).eq(str).all()
    assert len(data.classes) == n_classes
    assert spec.description and spec.name
    if task == datasets.BINARY:
        assert data.positive in data.classes
        assert set(np.unique(data.binary_target())) == {0, 1}


@pytest.mark.parametrize("dataset_id", list(EXPECTED))
def test_same_seed_same_data(dataset_id):
    a, b = datasets.load(dataset_id, seed=7), datasets.load(dataset_id, seed=7)
    pd.testing.assert_frame_equal(a.X, b.X)
    pd.testing.assert_series_equal(a.y, b.y)


@pytest.mark.parametrize("dataset_id", [i for i, s in datasets.REGISTRY.items() if s.synthetic])
def test_synthetic_data_follows_the_seed_and_controls(dataset_id):
    a, b = datasets.load(dataset_id, seed=1), datasets.load(dataset_id, seed=2)
    assert not a.X.equals(b.X)
    bigger = datasets.load(dataset_id, seed=1, params={"n_samples": 800})
    assert len(bigger.X) == 800


def test_generator_controls_are_applied_and_clipped():
    spec = datasets.REGISTRY["blobs"]
    assert spec.resolve({"centers": 6, "cluster_std": 99}) == {
        "n_samples": 500, "centers": 6, "cluster_std": 5.0}
    assert len(datasets.load("blobs", 0, {"centers": 6}).classes) == 6
    assert datasets.load("classification", 0, {"n_features": 12}).X.shape[1] == 12
    noisy = datasets.load("moons", 0, {"noise": 0.0})
    radius = np.hypot(noisy.X["x1"] - np.where(noisy.y == "0", 0.0, 1.0),
                      noisy.X["x2"] - np.where(noisy.y == "0", 0.0, 0.5))
    assert np.allclose(radius, 1.0)  # noise 0: points lie exactly on the two half-circles


def test_n_samples_reaches_200k():
    spec = datasets.REGISTRY["classification"]
    assert spec.controls[0].name == "n_samples" and spec.controls[0].high >= 200_000
    assert len(datasets.load("classification", 0, {"n_samples": 200_000}).X) == 200_000


def test_churn_matches_its_documented_story():
    data = datasets.load("churn")
    share = (data.y == "yes").mean()
    assert 0.2 <= share <= 0.3
    assert data.X.isna().any().any()
    assert {"tenure_months", "monthly_charges", "contract", "payment_method", "support_calls"} <= set(data.X.columns)
    assert data.X["contract"].dtype != float


def test_churn_csv_is_what_the_committed_script_generates():
    from datasets.make_churn import generate  # the generator is importable: datasets/ has no __init__ needed
    regenerated = generate()
    shipped = pd.read_csv(datasets.CHURN_CSV)
    pd.testing.assert_frame_equal(regenerated.reset_index(drop=True), shipped, check_dtype=False)


def test_pages_offer_sensible_datasets():
    assert "churn" in pages.page("classification").dataset_ids()
    assert "blobs" in pages.page("clustering").dataset_ids()
    assert "breast_cancer" not in pages.page("clustering").dataset_ids()
    for dataset_id in pages.page("imbalance").dataset_ids():
        assert datasets.REGISTRY[dataset_id].task == datasets.BINARY
    assert pages.page("regression").dataset_ids() == list(REGRESSION_TABLES)
    for page in ("classification", "imbalance", "fitting", "clustering"):
        assert not set(pages.page(page).dataset_ids()) & set(REGRESSION_TABLES), page
