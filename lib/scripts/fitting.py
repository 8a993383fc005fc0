"""The fitting page's scripts: train/test scores and the validation curve; the polynomial demo lives in
`lib.polynomial.polynomial_script`."""
from __future__ import annotations

from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split, validation_curve

from lib import curves, models
from lib.choices import Experiment
from lib.code import Call, Ref, Script
from lib.datasets import Dataset
from lib.fitting import CV_FOLDS, N_JOBS
from lib.scripts import common


def fitting_script(experiment: Experiment, dataset: Dataset, scoring: str, knob: str, n_train: int) -> str:
    """Prints the page's Test score, Train score, CV validation score and Gap, then recomputes the validation
    curve and its best value on the same folds."""
    spec = models.REGISTRY[experiment.model_id]
    seed = experiment.seed
    script = Script()
    common.data(script, experiment.data, dataset)
    common.split_and_fit(script, experiment, dataset.positive_class(experiment.positive))
    script.need("from sklearn.metrics import get_scorer")
    script.blank().comment("Test score: the model fitted on the whole training split, scored on the held-out test split.")
    script.line(f'print(f"Test score: {{get_scorer({scoring!r})(model, X_test, y_test):.3f}}")', "")
    script.comment(f"Train score, CV validation score and the verdict: {CV_FOLDS}-fold stratified CV on the "
                   "training split (the rows the curves use).")
    if n_train > curves.CURVE_MAX_ROWS:
        sample = Call(train_test_split, Ref(None, "X_train"), Ref(None, "y_train"), train_size=curves.CURVE_MAX_ROWS,
                      stratify=Ref(None, "y_train"), random_state=seed)
        script.line(f"X_curve, _, y_curve, _ = {script.expr(sample)}")
    else:
        script.line("X_curve, y_curve = X_train, y_train")
    script.need("import numpy as np")
    folds = Call(StratifiedKFold, n_splits=Ref(None, f"min({CV_FOLDS}, int(np.bincount(y_curve).min()))"),
                 shuffle=True, random_state=seed)
    script.line(f"cv = {script.expr(folds)}  # fewer folds when a class has fewer rows")
    scores = Call(cross_validate, Ref(None, "model"), Ref(None, "X_curve"), Ref(None, "y_curve"), cv=Ref(None, "cv"),
                  scoring=scoring, return_train_score=True, n_jobs=N_JOBS)
    script.line(f"scores = {script.expr(scores)}",
                'train_score, cv_score = np.mean(scores["train_score"]), np.mean(scores["test_score"])',
                'print(f"Train score: {train_score:.3f}")',
                'print(f"CV validation score: {cv_score:.3f}")',
                'print(f"Gap: {train_score - cv_score:.3f}")', "")
    script.comment(f"Validation curve: the same folds over a grid of {knob}.")
    script.line(f"values = {list(curves.curve_grid(spec.knob(knob)))!r}")
    curve = Call(validation_curve, Ref(None, "model"), Ref(None, "X_curve"), Ref(None, "y_curve"),
                 param_name=models.pipeline_param(experiment.model_id, knob), param_range=Ref(None, "values"),
                 cv=Ref(None, "cv"), scoring=scoring, n_jobs=N_JOBS)
    pick = ("int(np.nanargmax(cv_mean))" if spec.knob(knob).complexity != "lower"
            else "len(values) - 1 - int(np.nanargmax(cv_mean[::-1]))")
    script.line(f"train_scores, cv_scores = {script.expr(curve)}",
                "cv_mean = np.nanmean(cv_scores, axis=1)",
                f"best = {pick}  # ties go to the simpler model",
                f'print(f"Best {knob} on the curve\'s grid: {{values[best]:g}} (CV mean {{cv_mean[best]:.3f}})")')
    return script.text()
