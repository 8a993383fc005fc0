"""lib/pca.py against scikit-learn: the decomposition (and the two from-scratch routes) on every dataset the page
offers, standardised and not; the headline numbers and the reconstruction error against `PCA.inverse_transform`;
the 2-D view against the closed form; digits rebuilt; the script in a subprocess; live checks; URL keys; figures."""
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lib import cloud, datasets, links, live_checks, pages
from lib import pca as P
from lib.choices import DataChoice
from lib.plots import pca as plots
from tests.conftest import ROOT

DATASETS = pages.page("pca").dataset_ids()
CASES = [(d, s) for d in DATASETS for s in (True, False)]


def reference_matrix(dataset_id: str, scale: bool, params: dict | None = None) -> np.ndarray:
    """The matrix PCA should see, built independently: every column numeric here, median-imputed, standardised."""
    X = datasets.load(dataset_id, 0, params).X.to_numpy(dtype=float)
    steps = [SimpleImputer(strategy="median"), *([StandardScaler()] if scale else [])]
    return make_pipeline(*steps).fit_transform(X)


@pytest.fixture(scope="module")
def prepared():
    return {(d, s): P.prepare(datasets.load(d, 0), s) for d, s in CASES}


def test_the_page_offers_the_promised_datasets():
    assert DATASETS == ["breast_cancer", "wine", "iris", "digits", "cloud"]
    assert pages.page("pca").default_dataset == "cloud"


# --- the decomposition equals scikit-learn's, and so do the two from-scratch routes ----------------------------

@pytest.mark.parametrize(("dataset_id", "scale"), CASES)
def test_features_are_the_preprocessed_rows(prepared, dataset_id, scale):
    feats = prepared[dataset_id, scale]
    np.testing.assert_allclose(feats.X, reference_matrix(dataset_id, scale), atol=1e-10)
    assert feats.n_rows == len(datasets.load(dataset_id).X)  # every row: no split


@pytest.mark.parametrize(("dataset_id", "scale"), CASES)
def test_decomposition_equals_sklearn_pca(prepared, dataset_id, scale):
    X = prepared[dataset_id, scale].X
    d = P.decompose(X)
    for solver in ("auto", "full", "covariance_eigh"):
        ref = PCA(svd_solver=solver).fit(X)
        np.testing.assert_allclose(d.eigenvalues, ref.explained_variance_, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(d.ratio, ref.explained_variance_ratio_, rtol=1e-7, atol=1e-10)
        # components up to sign, where the eigenvalue is distinct (ties and zero eigenvalues have no unique vector)
        distinct = _distinct(ref.explained_variance_)
        np.testing.assert_allclose(P.align_signs(d.components, ref.components_)[distinct], ref.components_[distinct],
                                   atol=1e-6)
    np.testing.assert_allclose(d.ratio.sum(), 1.0)
    np.testing.assert_allclose(d.total_variance, np.var(X, axis=0, ddof=1).sum())


def _distinct(values: np.ndarray, gap: float = 1e-6) -> np.ndarray:
    scale = max(values[0], 1e-12)
    left = np.r_[np.inf, -np.diff(values)] > gap * scale
    right = np.r_[-np.diff(values), np.inf] > gap * scale
    return left & right & (values > gap * scale)


@pytest.mark.parametrize(("dataset_id", "scale"), CASES)
def test_eigen_decomposition_and_svd_from_scratch_give_sklearns_components(prepared, dataset_id, scale):
    X = prepared[dataset_id, scale].X
    ref = PCA(svd_solver="full").fit(X)
    m = len(ref.explained_variance_)
    distinct = _distinct(ref.explained_variance_)
    for values, vectors in (P.eigen_of_covariance(X), P.svd_of_centred(X)):
        np.testing.assert_allclose(values[:m], ref.explained_variance_, rtol=1e-6, atol=1e-9)
        aligned = P.align_signs(vectors[:m], ref.components_)
        np.testing.assert_allclose(aligned[distinct], ref.components_[distinct], atol=1e-6)
        np.testing.assert_allclose(values[:m] / values.sum(), ref.explained_variance_ratio_, rtol=1e-6, atol=1e-10)


def test_align_signs_flips_only_what_points_the_other_way():
    reference = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(P.align_signs(np.array([[-1.0, 0.0], [0.0, 1.0]]), reference), reference)


# --- the headline numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dataset_id", "scale"), CASES)
def test_headline_numbers_equal_sklearn_at_every_k(prepared, dataset_id, scale):
    feats = prepared[dataset_id, scale]
    X, d = feats.X, P.decompose(feats.X)
    ks = sorted({1, 2, 3, d.n_components // 2, d.n_components} & set(range(1, d.n_components + 1)))
    for k in ks:
        kept = PCA(n_components=k, svd_solver="full").fit(X)
        values = P.headline(feats, d, k)
        assert values[P.CUMULATIVE] == pytest.approx(kept.explained_variance_ratio_.sum(), rel=1e-9)
        rebuilt = kept.inverse_transform(kept.transform(X))
        assert values[P.RECONSTRUCTION] == pytest.approx(np.mean((X - rebuilt) ** 2), rel=1e-6, abs=1e-12)
        # the closed form: (n − 1) / (n p) times the discarded eigenvalues
        n, p = X.shape
        assert values[P.RECONSTRUCTION] == pytest.approx((n - 1) / (n * p) * d.eigenvalues[k:].sum(), rel=1e-6,
                                                         abs=1e-12)
    full = PCA().fit(X)
    assert values[P.PC1] == pytest.approx(full.explained_variance_ratio_[0])
    assert values[P.PC2] == pytest.approx(full.explained_variance_ratio_[1])
    assert values[P.RECONSTRUCTION] == pytest.approx(0, abs=1e-12)  # every component kept


def test_standardised_reconstruction_error_is_one_minus_the_cumulative_share(prepared):
    feats = prepared["wine", True]
    d = P.decompose(feats.X)
    for k in range(1, 13):
        values = P.headline(feats, d, k)
        assert values[P.RECONSTRUCTION] == pytest.approx(1 - values[P.CUMULATIVE], rel=1e-9)


def test_unscaled_wine_is_dominated_by_proline_and_scaling_fixes_it(prepared):
    raw, scaled = P.decompose(prepared["wine", False].X), P.decompose(prepared["wine", True].X)
    names = prepared["wine", False].names
    assert names[int(np.argmax(np.abs(raw.components[0])))] == "proline"
    assert raw.ratio[0] > 0.99 > 0.5 > scaled.ratio[0]
    assert scaled.components_for(0.9) == 8 and raw.components_for(0.9) == 1


def test_components_for_a_share():
    d = P.decompose(np.random.default_rng(0).normal(size=(200, 5)) * [5, 3, 2, 1, 0.5])
    cumulative = np.cumsum(d.ratio)
    for share in (0.5, 0.8, 0.9, 0.99):
        k = d.components_for(share)
        assert cumulative[k - 1] >= share and (k == 1 or cumulative[k - 2] < share)


def test_a_single_column_has_no_second_component():
    data = datasets.Dataset(pd.DataFrame({"a": np.arange(10.0)}), pd.Series(["x"] * 10))
    feats = P.prepare(data, True)
    values = P.headline(feats, P.decompose(feats.X), 1)
    assert values[P.PC1] == pytest.approx(1.0) and values[P.PC2] is None


@pytest.mark.parametrize("frame", [pd.DataFrame({"a": [1.0] * 5, "b": [2.0] * 5}), pd.DataFrame({"a": [1.0, 2.0]})])
def test_unusable_data_says_why(frame):
    with pytest.raises(P.PCAError):
        P.prepare(datasets.Dataset(frame, pd.Series(["x"] * len(frame))), True)


def test_text_columns_are_one_hot_encoded_and_missing_cells_imputed():
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0, 5.0], "colour": ["red", "blue", "red", None, "blue"]})
    feats = P.prepare(datasets.Dataset(frame, pd.Series(["x"] * 5)), False)
    assert feats.names == ("a", "colour_blue", "colour_red") and np.isfinite(feats.X).all()
    assert any("imputed" in n for n in feats.notes)


# --- the 2-D view ------------------------------------------------------------------------------------------------

def cloud_plane(scale: bool = False, n: int = 300, **knobs) -> P.Plane:
    feats = P.prepare(datasets.load("cloud", 0, {"n_samples": n, **knobs}), scale)
    return P.plane(feats.X, feats.names)


@pytest.mark.parametrize("knobs", [{}, {"correlation": -0.6, "spread_ratio": 3.0, "rotation": 40},
                                   {"correlation": 0.0, "spread_ratio": 0.2, "rotation": -75}])
def test_plane_is_the_closed_form_eigen_decomposition_with_sklearns_signs(knobs):
    p = cloud_plane(**knobs)
    (a, b), (_, c) = p.covariance
    root = math.sqrt(((a - c) / 2) ** 2 + b * b)
    np.testing.assert_allclose(p.eigenvalues, [(a + c) / 2 + root, (a + c) / 2 - root])
    np.testing.assert_allclose(p.covariance, np.cov(p.points, rowvar=False))
    np.testing.assert_allclose(p.vectors @ p.vectors.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(p.vectors.T @ np.diag(p.eigenvalues) @ p.vectors, p.covariance, atol=1e-12)
    ref = PCA(n_components=2).fit(p.points)
    np.testing.assert_allclose(p.vectors, ref.components_, atol=1e-9)  # same signs as scikit-learn
    np.testing.assert_allclose(p.scores, ref.transform(p.points), atol=1e-9)
    np.testing.assert_allclose(np.cov(p.scores, rowvar=False), np.diag(p.eigenvalues), atol=1e-9)
    arrows = p.arrows()
    np.testing.assert_allclose(np.linalg.norm(arrows[:, 1] - arrows[:, 0], axis=1), np.sqrt(p.eigenvalues))
    ring = p.ellipse()  # every point of the ellipse at Mahalanobis distance 2
    offsets = ring - p.mean
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", offsets, np.linalg.inv(p.covariance), offsets), 4.0)


def test_the_knobs_set_the_clouds_covariance_and_the_first_eigenvector_turns_with_rotation():
    for rotation in (-60, 0, 30, 80):
        p = cloud_plane(n=100_000, correlation=0.0, spread_ratio=2.0, rotation=rotation)
        np.testing.assert_allclose(p.covariance, cloud.cloud_covariance(0.0, 2.0, rotation), atol=0.05)
        expected = (rotation + 90 + 90) % 180 - 90  # x2 is the long axis before turning
        assert abs((p.angle - expected + 90) % 180 - 90) < 1.0
        np.testing.assert_allclose(p.eigenvalues, [4.0, 1.0], rtol=0.03)


def test_standardising_two_columns_puts_the_eigenvectors_on_the_diagonals():
    p = cloud_plane(scale=True, correlation=0.5, spread_ratio=3.0, rotation=20)
    r = np.corrcoef(p.points, rowvar=False)[0, 1]
    assert abs(abs(p.angle) - 45) < 1e-6
    np.testing.assert_allclose(p.eigenvalues * (len(p.points) - 1) / len(p.points), [1 + abs(r), 1 - abs(r)])


def test_default_columns_are_the_two_with_the_largest_variance():
    wine = datasets.load("wine")
    assert P.default_columns(wine, tuple(wine.X.columns)) == ("magnesium", "proline")


# --- digits rebuilt -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale", [True, False])
def test_digit_images_are_sklearns_reconstruction_in_pixel_units(prepared, scale):
    feats = prepared["digits", scale]
    d = P.decompose(feats.X)
    rows = P.sample_rows(feats.y)
    raw = datasets.load("digits").X.to_numpy(dtype=float)
    assert [feats.y[r] for r in rows] == [str(i) for i in range(10)]
    for k in (5, 64):
        original, rebuilt = P.digit_images(feats, d, k, rows)
        np.testing.assert_allclose(original.reshape(len(rows), -1), raw[rows], atol=1e-9)
        scaler = StandardScaler().fit(raw) if scale else None
        Z = scaler.transform(raw) if scale else raw
        kept = PCA(n_components=k, svd_solver="full").fit(Z)
        expected = kept.inverse_transform(kept.transform(Z[rows]))
        expected = scaler.inverse_transform(expected) if scale else expected
        np.testing.assert_allclose(rebuilt.reshape(len(rows), -1), expected, atol=1e-8)
    np.testing.assert_allclose(rebuilt, original, atol=1e-8)  # k = 64: every component, a perfect rebuild


# --- "Reproduce in code" ----------------------------------------------------------------------------------------

def printed(code: str) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)


def shown(values: dict) -> dict[str, str]:
    return {k: "—" if v is None else f"{v:.3f}" for k, v in values.items()}


@pytest.mark.parametrize(("dataset_id", "scale", "k", "knobs"), [
    ("cloud", False, 1, {"correlation": -0.4, "spread_ratio": 2.5, "rotation": 35, "n_samples": 400}),
    ("wine", False, 3, {}), ("digits", True, 10, {}),
])
def test_script_prints_the_pages_numbers(dataset_id, scale, k, knobs):
    choice = DataChoice(dataset_id, 3, tuple(sorted(knobs.items())))
    feats = P.prepare(datasets.load(dataset_id, 3, knobs), scale)
    code = P.pca_script(choice, scale, k)
    assert "from lib" not in code and "svd_solver" in code
    assert printed(code) == shown(P.headline(feats, P.decompose(feats.X), k))


def test_an_uploads_script_reads_the_file_and_leaves_the_label_out(tmp_path):
    frame = datasets.load("iris").X.assign(species=datasets.load("iris").y)
    frame.loc[3, "species"] = None
    frame.to_csv(tmp_path / "your_file.csv", index=False)
    choice = DataChoice(datasets.UPLOAD_ID, 0, (), "digest", "species")
    code = P.pca_script(choice, True, 2, list(frame.columns[:-1]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    kept = frame[frame["species"].notna()].drop(columns="species")
    feats = P.prepare(datasets.Dataset(kept, pd.Series(["x"] * len(kept))), True)
    lines = dict(line.split(": ", 1) for line in out.stdout.splitlines())
    assert lines == shown(P.headline(feats, P.decompose(feats.X), 2))


# --- live checks -----------------------------------------------------------------------------------------------

def test_live_checks_expect_the_right_numbers(prepared):
    feats = prepared["wine", True]
    d = P.decompose(feats.X)
    p = P.plane(np.column_stack([feats.column("alcohol"), feats.column("proline")]), ("alcohol", "proline"))
    checks = {c.key: c for c in P.pca_checks(feats, d, 3, p) if c is not None}
    assert set(checks) == {"keep_share", "largest_eigenvalue", "pc1_share_2d", "reconstruction", "top_loading"}
    assert checks["keep_share"].expected == 8
    assert checks["largest_eigenvalue"].expected == pytest.approx(np.linalg.eigvalsh(p.covariance).max())
    assert checks["pc1_share_2d"].expected == pytest.approx(PCA().fit(p.points).explained_variance_ratio_[0])
    assert checks["reconstruction"].expected == pytest.approx(P.headline(feats, d, 3)[P.RECONSTRUCTION])
    assert checks["top_loading"].accepted == {feats.names[int(np.argmax(np.abs(d.components[0])))]}
    for check in checks.values():
        answer = sorted(check.accepted)[0] if check.kind == live_checks.CHOICE else f"{check.expected:.3f}"
        assert live_checks.check(check, answer).correct, check.key
    assert not live_checks.check(checks["keep_share"], "7").correct


def test_checks_that_do_not_apply_are_left_out(prepared):
    raw = prepared["digits", False]
    d = P.decompose(raw.X)
    p = P.plane(raw.X[:, 20:22], raw.names[20:22])
    keys = {c.key for c in P.pca_checks(raw, d, 5, p) if c is not None}
    assert "reconstruction" not in keys and "top_loading" not in keys  # unscaled; 64 features are too many to pick


# --- URL keys ----------------------------------------------------------------------------------------------------

def test_url_keys_follow_the_view():
    cloud_view = links.params_for("pca", {"dataset": "cloud"})
    assert {"correlation", "spread_ratio", "rotation", "n_samples"} <= set(cloud_view)
    assert "feature_x" not in cloud_view and cloud_view["scale"].default_in({"dataset": "cloud"}) is False
    wine_view = links.params_for("pca", {"dataset": "wine"})
    assert {"feature_x", "feature_y", "scale", "n_components", "pc_coordinates"} <= set(wine_view)
    assert "rotation" not in wine_view and wine_view["scale"].default_in({"dataset": "wine"}) is True
    assert links.url_table()["scale"]["pages"] >= {"clustering", "pca"}  # the same key on both pages
    assert links.link_problems("pca", {"dataset": "digits", "n_components": 64, "scale": False}) == []
    assert links.link_problems("pca", {"dataset": "iris", "n_components": 5})  # iris has four components
    assert links.link_problems("pca", {"dataset": "cloud", "n_components": 3})
    assert links.link_problems("pca", {"correlation": 1.0})  # a singular cloud is outside the range
    assert links.link_problems("pca", {"dataset": "cloud", "rotation": 7})  # off the 5° steps


# --- figures -------------------------------------------------------------------------------------------------------

def test_figures_draw_what_they_are_given(prepared):
    feats = prepared["digits", True]
    d = P.decompose(feats.X)
    p = cloud_plane(rotation=30)
    for pc in (False, True):
        fig = plots.plane_figure(p, pc)
        arrows = [t for t in fig.data if t.name and t.name.startswith("PC")]
        assert len(arrows) == 2 and len(fig.data[0].x) == 300
        lengths = [math.hypot(t.x[1] - t.x[0], t.y[1] - t.y[0]) for t in arrows]
        np.testing.assert_allclose(lengths, np.sqrt(p.eigenvalues))
    scree = plots.scree_figure(d, 10)
    np.testing.assert_allclose(scree.data[1].y, np.cumsum(d.ratio))
    assert len(plots.loadings_figure(P.loadings(d, feats.names, 3)).data[0].z) == 3
    assert len(plots.projection_figure(d, feats.y, [str(i) for i in range(10)]).data) == 10
    original, rebuilt = P.digit_images(feats, d, 10, P.sample_rows(feats.y))
    z = np.asarray(plots.digits_figure(original, rebuilt, 10).data[0].z, dtype=float)
    np.testing.assert_allclose(z[:8, :8], np.clip(original[0], 0, 16))  # first original, top left
    np.testing.assert_allclose(z[9:, 9:17], np.clip(rebuilt[1], 0, 16))  # second rebuilt, bottom row
    z = np.asarray(plots.eigen_images_figure(d.components[:6]).data[0].z, dtype=float)
    np.testing.assert_allclose(z[:, 9:17], d.components[1].reshape(8, 8))
