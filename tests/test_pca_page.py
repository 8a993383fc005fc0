"""The PCA page in AppTest: defaults, every control moving what it should, URL parameters in and bad values out,
the numbers against lib/pca.py (and so scikit-learn), the script against the page, uploads, live checks."""
import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import datasets, links, pages
from lib import pca as P
from lib.params import url_text
from lib.ui.url import BOUND_KEYS
from tests.conftest import metric_values, open_page, text_of
from tests.test_house import printed_lines
from tests.test_regression_page import script_lines, upload
from tests.test_rehearse_pages import answer_live_check, widget_value

PAGE = "pca"
DATASETS = pages.page(PAGE).dataset_ids()


def opened(params: dict | None = None, timeout: float = 120) -> AppTest:
    at = open_page(PAGE, {k: url_text(v) for k, v in (params or {}).items()}, timeout=timeout)
    assert not at.exception, at.exception
    return at


def expected(dataset_id: str, scale: bool, k: int, params: dict | None = None, seed: int = 0) -> dict[str, str]:
    feats = P.prepare(datasets.load(dataset_id, seed, params), scale)
    values = P.headline(feats, P.decompose(feats.X), k)
    return {label: "—" if v is None else f"{v:.3f}" for label, v in values.items()}


def plane_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "from the x axis" in c.value or "principal-component coordinates"
                in c.value)


def decomposition(at: AppTest) -> str:
    return next(m.value for m in at.markdown if r"\Sigma" in m.value)


# --- defaults --------------------------------------------------------------------------------------------------

def test_defaults_open_the_2d_cloud_unscaled():
    at = opened()
    assert list(metric_values(at)) == list(P.LABELS)
    assert metric_values(at) == expected("cloud", False, 1)
    assert at.selectbox(key="dataset").options == [*DATASETS, "upload"] and at.selectbox(key="dataset").value == "cloud"
    assert at.toggle(key="scale").value is False and at.slider(key="n_components").value == 1
    assert {s.key for s in at.slider} >= {"correlation", "spread_ratio", "rotation", "n_components"}
    assert "fitted on **every row**" in text_of(at) and "PCA is unsupervised" in text_of(at)
    assert len(at.get("plotly_chart")) >= 3  # the 2-D view, the scree plot, the loadings
    assert any("Reproduce in code" in e.label for e in at.expander)
    assert at.main.subheader[-1].value == "Rehearse"
    assert set(at.session_state[BOUND_KEYS]) == set(links.params_for(PAGE, {}))


def test_a_dataset_opens_scaled_with_its_own_controls():
    at = opened({"dataset": "wine"})
    assert at.toggle(key="scale").value is True and at.slider(key="n_components").value == 2
    assert (widget_value(at, "feature_x"), widget_value(at, "feature_y")) == ("magnesium", "proline")
    assert not [s for s in at.slider if s.key in ("correlation", "spread_ratio", "rotation")]
    assert metric_values(at) == expected("wine", True, 2)
    assert len(at.get("plotly_chart")) >= 4  # + the projection coloured by class
    assert set(at.session_state[BOUND_KEYS]) == set(links.params_for(PAGE, {"dataset": "wine"}))


@pytest.mark.slow
@pytest.mark.parametrize("scale", [True, False])
@pytest.mark.parametrize("dataset_id", DATASETS)
def test_every_dataset_scaled_and_not(dataset_id, scale):
    k = 1 if dataset_id == "cloud" else 3
    at = opened({"dataset": dataset_id, "scale": scale, "n_components": k})
    assert metric_values(at) == expected(dataset_id, scale, k)


def test_digits_show_eigendigits_and_their_rebuild():
    at = opened({"dataset": "digits", "n_components": 10})
    assert metric_values(at) == expected("digits", True, 10)
    assert len(at.get("plotly_chart")) == 6  # 2-D view, scree, loadings, eigendigits, projection, rebuilt digits
    assert any(s.value == "Digits rebuilt from 10 components" for s in at.subheader)
    assert "Reconstruction error over all 1,797 images: **0.392**" in text_of(at)


# --- every control moves what it should --------------------------------------------------------------------------

def test_each_cloud_control_changes_the_view():
    at = opened()
    metrics, caption = metric_values(at), plane_caption(at)
    for key, value in (("correlation", 0.3), ("spread_ratio", 2.5), ("n_samples", 800), ("seed", 4)):
        (at.number_input if key in ("n_samples", "seed") else at.slider)(key=key).set_value(value).run()
        assert not at.exception
        assert metric_values(at) != metrics, key
        metrics = metric_values(at)
    # turning the cloud changes the eigenvectors' angle, not the eigenvalues: PCA is rotation-invariant
    at.slider(key="rotation").set_value(45).run()
    assert metric_values(at) == metrics and plane_caption(at) != caption
    assert metrics == expected("cloud", False, 1, {"n_samples": 800, "correlation": 0.3, "spread_ratio": 2.5,
                                                    "rotation": 45}, seed=4)
    at.slider(key="n_components").set_value(2).run()
    assert metric_values(at)["Cumulative explained variance"] == "1.000"
    assert metric_values(at)["Reconstruction error"] == "0.000"
    at.toggle(key="pc_coordinates").set_value(True).run()
    assert "principal-component coordinates" in plane_caption(at)
    at.toggle(key="scale").set_value(True).run()  # standardised 2-D: the eigenvectors lie on the diagonals
    assert any("always lie on the diagonals" in i.value for i in at.info)
    assert metric_values(at) == expected("cloud", True, 2, {"n_samples": 800, "correlation": 0.3, "spread_ratio": 2.5,
                                                             "rotation": 45}, seed=4)


def test_each_dataset_control_changes_the_view():
    at = opened({"dataset": "wine"})
    metrics, matrix = metric_values(at), decomposition(at)
    at.toggle(key="scale").set_value(False).run()
    assert metric_values(at) == expected("wine", False, 2) != metrics
    assert "proline" in next(m.value for m in at.markdown if "Not scaled" in m.value)
    at.slider(key="n_components").set_value(5).run()
    assert metric_values(at) == expected("wine", False, 5)
    at.selectbox(key="feature_x").set_value("alcohol").run()
    assert decomposition(at) != matrix
    matrix = decomposition(at)
    at.selectbox(key="feature_y").set_value("flavanoids").run()
    assert decomposition(at) != matrix and "**alcohol** and **flavanoids**" in text_of(at)
    assert metric_values(at) == expected("wine", False, 5)  # the 2-D pair does not touch the full PCA


def test_switching_datasets_gives_each_its_defaults_and_ranges():
    at = opened({"dataset": "iris", "n_components": 4})
    at.selectbox(key="dataset").set_value("cloud").run()
    assert not at.exception
    assert at.toggle(key="scale").value is False and at.slider(key="n_components").max == 2
    assert metric_values(at) == expected("cloud", False, 1)
    at.selectbox(key="dataset").set_value("breast_cancer").run()
    assert not at.exception and at.toggle(key="scale").value is True
    assert metric_values(at) == expected("breast_cancer", True, 2)


# --- URL in, bad values out ------------------------------------------------------------------------------------------

ROUND_TRIP = {"dataset": "wine", "scale": False, "n_components": 3, "feature_x": "alcohol", "feature_y": "proline",
              "pc_coordinates": True}
CLOUD_TRIP = {"dataset": "cloud", "n_samples": 500, "seed": 2, "correlation": -0.5, "spread_ratio": 3.0,
              "rotation": -30, "scale": True, "n_components": 2}


@pytest.mark.parametrize("params", [ROUND_TRIP, CLOUD_TRIP], ids=["wine", "cloud"])
def test_url_parameters_round_trip(params):
    at = opened(params)
    for key, wanted in params.items():
        shown = widget_value(at, key)
        assert (shown == wanted) if isinstance(wanted, (bool, str)) else shown == pytest.approx(wanted), key
    assert not [w.value for w in at.warning if "can't be used" in w.value]
    assert links.link_problems(PAGE, params) == []
    knobs = {k: v for k, v in params.items() if k in ("n_samples", "correlation", "spread_ratio", "rotation")}
    assert metric_values(at) == expected(params["dataset"], params["scale"], params["n_components"], knobs,
                                         seed=params.get("seed", 0))


@pytest.mark.parametrize(("key", "value", "default", "extra"), [
    ("correlation", "1.5", 0.8, {}), ("spread_ratio", "abc", 1.0, {}), ("rotation", "120", 0, {}),
    ("n_components", "3", 1, {}), ("n_components", "0", 2, {"dataset": "iris"}), ("scale", "maybe", False, {}),
    ("pc_coordinates", "yes", False, {}), ("dataset", "nope", "cloud", {}), ("n_samples", "-3", 300, {}),
    ("feature_x", "nope", "magnesium", {"dataset": "wine"}), ("feature_y", "proline", "alcohol",
                                                               {"dataset": "wine", "feature_x": "proline"}),
])
def test_bad_link_values_fall_back_with_a_notice(key, value, default, extra):
    at = opened({**extra, key: value})
    shown = widget_value(at, key)
    assert (shown == default) if isinstance(default, (bool, str)) else shown == pytest.approx(default)
    assert any("can't be used" in w.value and f"value for `{key}`" in w.value for w in at.warning), \
        [w.value for w in at.warning]
    assert list(metric_values(at)) == list(P.LABELS)


def test_cloud_knobs_are_not_read_on_a_dataset():
    at = opened({"dataset": "digits", "rotation": 30})
    assert not [s for s in at.slider if s.key == "rotation"]
    assert links.link_problems(PAGE, {"dataset": "digits", "rotation": 30})


# --- the script reproduces the page ----------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, {"dataset": "wine", "scale": False, "n_components": 3},
                                    {"dataset": "digits", "n_components": 12}], ids=["cloud", "wine", "digits"])
def test_the_script_prints_every_number_on_the_page(params):
    at = opened(params)
    assert printed_lines(at) == metric_values(at)


# --- uploads -----------------------------------------------------------------------------------------------------------

def iris_table() -> bytes:
    data = datasets.load("iris")
    frame = data.X.assign(species=data.y, colour=np.where(data.X["sepal width (cm)"] > 3, "dark", "light"))
    frame.iloc[5, 0] = np.nan
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode()


def test_an_upload_with_labels_is_decomposed_and_its_script_matches(tmp_path):
    at = upload(opened({"dataset": "upload"}), "flowers.csv", iris_table())
    at.selectbox(key="upload_target").set_value("species").run()
    assert not at.exception
    frame = pd.read_csv(io.BytesIO(iris_table()))
    feats = P.prepare(datasets.Dataset(frame.drop(columns="species"), frame["species"]), True)
    values = P.headline(feats, P.decompose(feats.X), 2)
    assert metric_values(at) == {k: f"{v:.3f}" for k, v in values.items()}
    assert "colour_dark" in at.selectbox(key="feature_x").options  # one-hot columns are features too
    assert any("imputed" in c.value for c in at.caption)
    assert script_lines(at, iris_table(), tmp_path) == metric_values(at)
    at.slider(key="n_components").set_value(6).run()
    assert not at.exception and metric_values(at)["Reconstruction error"] == "0.000"


def test_an_upload_too_wide_for_the_asked_components_is_clipped_and_says_so():
    at = upload(opened({"dataset": "upload"}), "flowers.csv", iris_table())
    at.slider(key="n_components").set_value(20).run()
    assert not at.exception
    assert any("more than this data's 9 components" in c.value for c in at.caption)
    assert metric_values(at)["Cumulative explained variance"] == "1.000"


# --- live checks ---------------------------------------------------------------------------------------------------------

def test_live_checks_accept_the_pages_own_numbers():
    at = opened({"dataset": "wine", "n_components": 3})
    assert answer_live_check(at, PAGE, "keep_share", 8) == "success"
    assert answer_live_check(at, PAGE, "keep_share", 7) == "error"
    error = float(metric_values(at)["Reconstruction error"])
    assert answer_live_check(at, PAGE, "reconstruction", error) == "success"
    assert answer_live_check(at, PAGE, "top_loading", "flavanoids") == "success"
    feats = P.prepare(datasets.load("wine"), True)
    p = P.plane(np.column_stack([feats.column("magnesium"), feats.column("proline")]), ("magnesium", "proline"))
    assert answer_live_check(at, PAGE, "largest_eigenvalue", f"{p.eigenvalues[0]:.3f}") == "success"
    assert answer_live_check(at, PAGE, "pc1_share_2d", f"{p.pc1_share:.3f}") == "success"


def test_an_upload_with_a_single_feature_has_no_2d_view_but_a_pca():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"size": rng.normal(size=40), "kind": rng.choice(["a", "b"], 40)})
    at = upload(opened({"dataset": "upload"}), "one.csv", frame.to_csv(index=False).encode())
    at.selectbox(key="upload_target").set_value("kind").run()
    assert not at.exception
    assert metric_values(at) == {"PC1 explained variance": "1.000", "PC2 explained variance": "—",
                                 "Cumulative explained variance": "1.000", "Reconstruction error": "0.000"}
    assert any("single feature column" in i.value for i in at.info)
