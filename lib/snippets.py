"""Building blocks for the "Reproduce in code" scripts.

Each page assembles a self-contained script from these pieces: imports, the
dataset, the shared preprocessing and the model, then its own evaluation lines
that print `Label: value`. The pieces mirror `lib.datasets` and `lib.models`
exactly; tests run the assembled scripts and compare them with the page.
"""
from __future__ import annotations

from typing import Any

from lib import datasets, models
from lib.choices import DataChoice, Experiment

_SKLEARN_LOADERS = {"breast_cancer": "load_breast_cancer", "wine": "load_wine", "iris": "load_iris",
                    "digits": "load_digits"}
_CLASS_NAMES = {
    "breast_cancer": "{0: 'malignant', 1: 'benign'}",
    "wine": "{0: 'class_0', 1: 'class_1', 2: 'class_2'}",
    "iris": "{0: 'setosa', 1: 'versicolor', 2: 'virginica'}",
    "circles": "{0: 'outer', 1: 'inner'}",
}


def _literal(value: Any) -> str:
    """A Python literal for a knob or generator value (numpy scalars become plain numbers)."""
    if isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, float) or hasattr(value, "dtype") and value.dtype.kind == "f":
        return repr(float(value))
    if isinstance(value, int) or hasattr(value, "dtype"):
        return repr(int(value))
    return repr(value)


def _kwargs(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_literal(v)}" for k, v in values.items())


def dataset_code(choice: DataChoice) -> str:
    """Lines that define `X` (DataFrame) and `labels` (Series of class names as strings)."""
    if choice.is_upload:
        target = choice.target or "target"
        return (
            "# Your uploaded file: put it next to this script.\n"
            'frame = pd.read_csv("your_file.csv")\n'
            f"labels = frame.pop({target!r}).astype(str)\n"
            "X = frame\n"
        )
    spec = datasets.REGISTRY[choice.dataset_id]
    if choice.dataset_id in _SKLEARN_LOADERS:
        names = _CLASS_NAMES.get(choice.dataset_id)
        mapping = f".map({names})" if names else ".astype(str)"
        return (
            f"bunch = datasets.{_SKLEARN_LOADERS[choice.dataset_id]}(as_frame=True)\n"
            "X = bunch.data\n"
            "X.columns = [str(c) for c in X.columns]\n"
            f"labels = bunch.target{mapping}\n"
        )
    if choice.dataset_id == "churn":
        return (
            "# datasets/churn.csv from the playground's repository\n"
            'frame = pd.read_csv("datasets/churn.csv")\n'
            'labels = frame.pop("churn").astype(str)\n'
            "X = frame\n"
        )
    params = datasets.resolve_params(spec, choice.param_dict)
    if choice.dataset_id == "classification":
        n_features = params["n_features"]
        generator = (
            f"datasets.make_classification(n_samples={params['n_samples']}, n_features={n_features}, "
            f"n_informative={max(2, n_features // 2)}, n_redundant=0, "
            f"n_clusters_per_class={1 if n_features <= 3 else 2}, class_sep={_literal(params['class_sep'])}, "
            f"random_state={choice.seed})"
        )
    else:
        generator = f"datasets.make_{choice.dataset_id}({_kwargs(params)}, random_state={choice.seed})"
    names = _CLASS_NAMES.get(choice.dataset_id)
    mapping = f"pd.Series(y).map({names})" if names else "pd.Series(y).astype(str)"
    return (
        f"features, y = {generator}\n"
        'X = pd.DataFrame(features, columns=[f"x{i + 1}" for i in range(features.shape[1])])\n'
        f"labels = {mapping}\n"
    )


def positive_class(positive: str | None, dataset: datasets.Dataset) -> str:
    """The positive class the script will use (the page's choice, else the dataset's own)."""
    return positive if positive is not None else (dataset.positive or dataset.classes[-1])


def preprocessing_code() -> str:
    """Defines `preprocess`, identical to `lib.models.preprocessor()`."""
    return (
        "numeric = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
        "categorical = make_pipeline(SimpleImputer(strategy='most_frequent'),\n"
        "                            OneHotEncoder(handle_unknown='ignore', sparse_output=False))\n"
        "preprocess = ColumnTransformer(\n"
        "    [('numeric', numeric, make_column_selector(dtype_include=np.number)),\n"
        "     ('categorical', categorical, make_column_selector(dtype_exclude=np.number))],\n"
        "    verbose_feature_names_out=False)\n"
    )


def estimator_code(model_id: str, params: dict[str, Any], seed: int) -> str:
    """An expression building the same estimator as `lib.models.REGISTRY[model_id].factory`."""
    p = models.REGISTRY[model_id].resolve(params)
    if model_id == "logistic_regression":
        l1_ratio = {"l2": 0.0, "l1": 1.0, "elasticnet": p["l1_ratio"]}[p["penalty"]]
        if l1_ratio == 0.0:
            return f"LogisticRegression(C={_literal(p['C'])}, max_iter=5000, random_state={seed})"
        return (f"LogisticRegression(C={_literal(p['C'])}, l1_ratio={_literal(float(l1_ratio))}, solver='saga', "
                f"tol=1e-3, max_iter=5000, random_state={seed})")
    if model_id == "decision_tree":
        return f"DecisionTreeClassifier({_kwargs(p)}, random_state={seed})"
    if model_id == "random_forest":
        return f"RandomForestClassifier({_kwargs(p)}, random_state={seed}, n_jobs=-1)"
    if model_id == "gradient_boosting":
        return f"GradientBoostingClassifier({_kwargs(p)}, random_state={seed})"
    if model_id == "svm":
        return (f"CalibratedClassifierCV(SVC(C={_literal(p['C'])}, gamma={_literal(p['gamma'])}, random_state={seed}), "
                "method='sigmoid', cv=3, ensemble=False)")
    if model_id == "knn":
        return f"KNeighborsClassifier({_kwargs(p)})"
    if model_id == "naive_bayes":
        return f"GaussianNB({_kwargs(p)})"
    raise KeyError(model_id)


IMPORTS = """\
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
"""


def split_and_fit_code(experiment: Experiment, positive: str) -> str:
    """After `dataset_code`: binary target, the stratified split and the fitted `model`; defines
    `X_train, X_test, y_train, y_test, model, y_score` (probability of the positive class on the test split)."""
    return (
        f"y = (labels == {positive!r}).astype(int).to_numpy()  # 1 = positive class\n"
        f"X_train, X_test, y_train, y_test = train_test_split(\n"
        f"    X, y, test_size={_literal(experiment.test_size)}, random_state={experiment.seed}, stratify=y)\n"
        + preprocessing_code()
        + f"model = Pipeline([('prep', preprocess),\n"
          f"                  ('model', {estimator_code(experiment.model_id, experiment.param_dict, experiment.seed)})])\n"
        "model.fit(X_train, y_train)\n"
        "y_score = model.predict_proba(X_test)[:, list(model.classes_).index(1)]\n"
    )
