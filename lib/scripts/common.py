"""Pieces every script shares: the data, the split and fitted model, the metric lines."""
from __future__ import annotations

from collections.abc import Sequence

from sklearn.model_selection import train_test_split

from lib import datasets, models, thresholds
from lib.choices import DataChoice, Experiment
from lib.code import Call, Ref, Script, Var


def data(script: Script, choice: DataChoice, dataset: datasets.Dataset | None = None) -> None:
    """Lines that define `X` (DataFrame) and `labels` (Series of class names as strings).

    An upload needs its `dataset` (as the page built it): the script repeats the page's reading rules, recorded
    in `dataset.reading` (separator, encoding, rows left out, label names, feature columns)."""
    if choice.is_upload:
        if dataset is None or dataset.reading is None:
            raise ValueError("an upload's script needs the dataset the page read from it")
        dataset.reading.write(script)
        return
    datasets.REGISTRY[choice.dataset_id].write(script, choice.seed, choice.param_dict)


def preprocess_var(scale: bool = True) -> Var:
    return Var("preprocess", models.preprocessor_call(scale))


def split_and_fit(script: Script, experiment: Experiment, positive: str) -> None:
    """After `data`: binary target, the stratified split and the fitted `model`; defines
    `X_train, X_test, y_train, y_test, model, y_score` (probability of the positive class on the test split)."""
    split = Call(train_test_split, Ref(None, "X"), Ref(None, "y"), test_size=experiment.test_size,
                 random_state=experiment.seed, stratify=Ref(None, "y"))
    script.line(f"y = (labels == {positive!r}).astype(int).to_numpy()  # 1 = positive class",
                f"X_train, X_test, y_train, y_test = {script.expr(split)}")
    script.assign("model", models.pipeline_call(experiment.model_id, experiment.param_dict, experiment.seed,
                                                preprocess_var()))
    script.line("model.fit(X_train, y_train)",
                "y_score = model.predict_proba(X_test)[:, list(model.classes_).index(1)]")


_METRIC_CODE = {
    thresholds.ACCURACY: 'show("Accuracy", accuracy_score(y_test, y_pred))',
    thresholds.PRECISION: 'show("Precision", precision_score(y_test, y_pred, zero_division=0), defined=tp + fp > 0)',
    thresholds.RECALL: 'show("Recall", recall_score(y_test, y_pred))',
    thresholds.F1: 'show("F1", f1_score(y_test, y_pred))',
    thresholds.SPECIFICITY: 'show("Specificity", recall_score(y_test, y_pred, pos_label=0))',
    thresholds.BALANCED_ACCURACY: 'show("Balanced accuracy", balanced_accuracy_score(y_test, y_pred))',
    thresholds.MCC: 'show("MCC", matthews_corrcoef(y_test, y_pred), defined=min(tp + fp, tn + fn) > 0)',
    thresholds.GEOMETRIC_MEAN: 'show("Geometric mean", geometric_mean_score(y_test, y_pred))',
    thresholds.ROC_AUC: 'show("ROC-AUC", roc_auc_score(y_test, y_score))',
    thresholds.PR_AUC: 'show("PR-AUC", average_precision_score(y_test, y_score))  # average precision',
}
_METRIC_IMPORTS = {
    thresholds.ACCURACY: "accuracy_score", thresholds.PRECISION: "precision_score", thresholds.RECALL: "recall_score",
    thresholds.F1: "f1_score", thresholds.SPECIFICITY: "recall_score",
    thresholds.BALANCED_ACCURACY: "balanced_accuracy_score", thresholds.MCC: "matthews_corrcoef",
    thresholds.ROC_AUC: "roc_auc_score", thresholds.PR_AUC: "average_precision_score",
}


def threshold_metrics(script: Script, threshold: float, labels: Sequence[str]) -> None:
    """Given `y_test` and `y_score`: print each of `labels` as `Label: value` with scikit-learn's functions,
    and `—` where the page shows it as undefined."""
    names = sorted({"confusion_matrix", *(_METRIC_IMPORTS[label] for label in labels if label in _METRIC_IMPORTS)})
    script.need(f"from sklearn.metrics import {', '.join(names)}")
    if thresholds.GEOMETRIC_MEAN in labels:
        script.need("from imblearn.metrics import geometric_mean_score")
    script.line(
        f"threshold = {threshold!r}",
        "y_pred = (y_score >= threshold).astype(int)  # scikit-learn's convention: positive iff score >= threshold",
        "tn, fp, fn, tp = confusion_matrix(y_test, y_pred, labels=[0, 1]).ravel()",
        'print(f"TP: {tp}  FP: {fp}  FN: {fn}  TN: {tn}")', "", "",
        "def show(label, value, defined=True):",
        "    # scikit-learn returns 0 for an undefined precision or MCC; the page shows '—' instead",
        '    print(f"{label}: {value:.3f}" if defined else f"{label}: —")', "", "",
        *(_METRIC_CODE[label] for label in labels))
