"""The house: one registry entry adds a model or a dataset, one page entry adds a page, and every URL key
the pages bind is declared in the URL table. Each is proven by registering a throwaway entry at runtime."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sklearn import datasets as skd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

from lib import datasets, links, models, pages, params
from lib.code import Call
from lib.questions import BankError, load_bank
from lib.ui import show
from lib.ui.url import BOUND_KEYS
from tests.conftest import ROOT, metric_values, open_page, text_of

LDA = models.ModelSpec(
    "lda", "Linear discriminant analysis", "Gaussian classes with a shared covariance: a linear boundary.",
    (models.Knob("shrinkage", "shrinkage", tuple(round(i * 0.1, 1) for i in range(11)), 0.0, complexity="lower",
                 help="0 = the sample covariance; 1 = its diagonal only."),),
    lambda p, _seed: Call(LinearDiscriminantAnalysis, solver="lsqr", shrinkage=p["shrinkage"]), "shrinkage")
QUANTILES = datasets.DatasetSpec(
    "quantiles", "Gaussian quantiles (test)", "Two classes split by quantiles of one Gaussian.", datasets.BINARY,
    datasets.Generated(skd.make_gaussian_quantiles,
                       arguments=lambda p, seed: dict(n_samples=p["n_samples"], n_features=2, n_classes=2,
                                                      random_state=seed)),
    positive="1", controls=(datasets.n_samples(300),), clusterable=True)


@pytest.fixture
def lda(monkeypatch):
    monkeypatch.setitem(models.REGISTRY, LDA.id, LDA)


@pytest.fixture
def quantiles(monkeypatch):
    monkeypatch.setitem(datasets.REGISTRY, QUANTILES.id, QUANTILES)


def printed_lines(at) -> dict[str, str]:
    """Run the page's "Reproduce in code" script; its `Label: value` lines."""
    code = next(c.value for c in at.code if "print(" in c.value)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)


def assert_script_matches_page(at) -> None:
    shown, printed = metric_values(at), printed_lines(at)
    common = set(shown) & set(printed)
    assert len(common) >= 3, (shown, printed)
    assert {k: shown[k] for k in common} == {k: printed[k] for k in common}


def no_notices(at) -> None:
    assert not at.exception, at.exception
    assert not [w.value for w in at.warning if "can't be used" in w.value]


# --- one entry adds a model -------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.usefixtures("lda")
@pytest.mark.parametrize("page", [p.id for p in pages.PAGES.values() if p.models == models.CLASSIFIER])
def test_a_new_model_is_one_entry(page):
    at = open_page(page, {"model": "lda", "dataset": "moons", "shrinkage": 0.3}, timeout=240)
    no_notices(at)
    assert at.selectbox(key="model").value == "lda"
    assert_script_matches_page(at)


@pytest.mark.usefixtures("lda")
def test_a_new_models_knob_is_in_the_url_table_and_its_links():
    assert links.link_problems("fitting", {"model": "lda", "shrinkage": 0.3}) == []
    assert links.link_problems("fitting", {"model": "lda", "shrinkage": 0.35})  # not on its grid
    assert "shrinkage" in links.url_table()
    assert "lda" in models.ids_for(models.CLASSIFIER)
    assert not LDA.class_weight_params  # read off the estimator, not a hand-kept list


# --- one entry adds a dataset -------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.usefixtures("quantiles")
@pytest.mark.parametrize("page", ["classification", "imbalance", "fitting", "clustering"])
def test_a_new_dataset_is_one_entry(page):
    assert "quantiles" in pages.page(page).dataset_ids()
    at = open_page(page, {"dataset": "quantiles", "n_samples": 400, "minority": 0.3}
                   if page == "imbalance" else {"dataset": "quantiles", "n_samples": 400}, timeout=240)
    no_notices(at)
    assert at.selectbox(key="dataset").value == "quantiles"
    assert at.number_input(key="n_samples").value == 400
    assert_script_matches_page(at)


# --- one entry adds a page ----------------------------------------------------------------------------

SCRATCH = pages.Page(
    "scratch", "Scratch page", ":material/science:", "tests/data/scratch_view.py",
    topics=(pages.Topic("Scratch topic", "Does one entry add a page?"),),
    params=(params.Param("level", params.Number(1, 5, 1, whole=True), 2, "Level"),))


@pytest.fixture
def scratch(monkeypatch):
    monkeypatch.setitem(pages.PAGES, SCRATCH.id, SCRATCH)


@pytest.mark.usefixtures("scratch")
def test_a_new_page_is_one_entry(tmp_path):
    at = open_page("", timeout=60)
    assert not at.exception
    home = text_of(at)
    assert "Scratch topic" in home and "Does one entry add a page?" in home  # the home map
    at.switch_page(SCRATCH.view)  # the router knows it
    at.query_params["level"] = "4"
    at.run()
    assert not at.exception and metric_values(at) == {"Level": "4"}
    assert links.link_problems("scratch", {"level": 4}) == []  # link checks read its entry
    assert links.link_problems("scratch", {"level": 9}) and links.link_problems("scratch", {"threshold": 0.5})
    assert links.url_table()["level"]["pages"] == {"scratch"}
    (tmp_path / "scratch.toml").write_text(QUESTION.format(level=4), encoding="utf-8")  # its questions file
    assert load_bank(tmp_path)[0].picture.url == "scratch?level=4"
    (tmp_path / "scratch.toml").write_text(QUESTION.format(level=9), encoding="utf-8")
    with pytest.raises(BankError, match="level"):
        load_bank(tmp_path)


QUESTION = '''
[[question]]
id = "scratch-one"
category = "conceptual"
difficulty = "easy"
topics = ["overfitting"]
question = "Q?"
answer = "One two three."
follow_up = "F?"
key_points = [{{ point = "p1", phrasings = ["one"] }}, {{ point = "p2", phrasings = ["two"] }}, {{ point = "p3", phrasings = ["three"] }}]
picture = {{ page = "scratch", params = {{ level = {level} }} }}
'''


# --- every bound key is in the URL table -------------------------------------------------------------

VIEWS = [
    ("classification", {}), ("classification", {"dataset": "wine"}),
    ("classification", {"dataset": "circles", "model": "logistic_regression", "penalty": "elasticnet"}),
    ("imbalance", {"model": "svm"}), ("fitting", {"model": "knn", "dataset": "moons"}),
    ("clustering", {}), ("clustering", {"dataset": "blobs", "algorithm": "agglomerative", "n_samples": 300}),
    ("clustering", {"dataset": "moons", "algorithm": "dbscan"}),
    ("regression", {}), ("regression", {"dataset": "diabetes", "model": "elastic_net"}),
    ("regression", {"model": "polynomial", "dataset": "engel"}),
    ("validation", {}), ("validation", {"dataset": "classification", "cv": "group_kfold"}),
    ("bayes", {}), ("bayes", {"second_test": True}),
    ("gradient-descent", {}), ("gradient-descent", {"optimizer": "momentum"}),
    ("gradient-descent", {"surface": "logistic", "optimizer": "sgd"}),
    ("pca", {}), ("pca", {"dataset": "digits"}),
    ("practice", {}), ("practice", {"mode": "Drill"}),
]


@pytest.mark.parametrize(("page", "context"), VIEWS, ids=[f"{p}-{'-'.join(map(str, c.values()))}" for p, c in VIEWS])
def test_every_key_a_page_binds_is_in_its_url_table(page, context):
    at = open_page(page, {k: params.url_text(v) for k, v in context.items()}, timeout=240)
    assert not at.exception
    bound = set(at.session_state[BOUND_KEYS])
    assert bound == set(links.params_for(page, context))


def test_only_the_url_module_binds_widgets_to_the_url():
    found = [str(p.relative_to(ROOT)) for p in [*ROOT.glob("views/*.py"), *ROOT.glob("lib/**/*.py")]
             if 'bind="query-params"' in p.read_text() and p.name != "url.py"]
    assert found == []


# --- which way imports run ----------------------------------------------------------------------------

def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_imports_run_from_ui_down_to_compute_never_up():
    for path in (ROOT / "lib").rglob("*.py"):
        part = path.relative_to(ROOT / "lib").parts
        names = imports_of(path)
        if part[0] != "ui":
            assert not {n for n in names if n == "streamlit" or n.startswith(("streamlit.", "lib.ui"))}, path
        if part[0] not in ("ui", "plots"):
            assert not {n for n in names if n.startswith("lib.plots")}, path  # compute never draws
        if part[0] == "plots":
            assert not {n for n in names if n.startswith(("lib.ui", "lib.scripts", "lib.text"))}, path


def test_no_page_file_builds_a_url_by_hand():
    for path in ROOT.glob("views/*.py"):
        text = path.read_text()
        assert "st.query_params" not in text, path  # the URL is read and written by lib/ui/url.py and lib.links
        assert not re.findall(r"query_params=(?!links\.)", text), path


def test_the_code_is_sent_only_while_its_expander_is_open():
    """The code expanders send their st.code only once opened (the browser otherwise loads its highlighter on
    every first view), and an opened one follows the view's settings from then on."""
    at = open_page("classification", {"threshold": 0.4}, code_open=False)
    assert any(e.label == "Reproduce in code" for e in at.expander) and not at.code
    at.session_state[show.REPRODUCE] = True  # the user opens it
    at.run()
    assert "threshold = 0.4" in at.code[-1].value
    at.session_state["threshold"] = 0.7
    at.run()
    assert "threshold = 0.7" in at.code[-1].value
