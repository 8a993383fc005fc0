"""The imbalance page's script: data at the share, split, imblearn pipeline, metrics at the threshold."""
from __future__ import annotations

from imblearn.datasets import make_imbalance
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import train_test_split

from lib import imbalance
from lib.code import Call, Ref, Script
from lib.datasets import Dataset
from lib.imbalance import ImbalanceChoice
from lib.scripts import common


def imbalance_script(choice: ImbalanceChoice, dataset: Dataset, threshold: float) -> str:
    e = choice.experiment
    positive = dataset.positive_class(e.positive)
    y_all = dataset.binary_target(e.positive)
    n_pos, n_neg = imbalance.counts_for_share(int(y_all.sum()), int(len(y_all) - y_all.sum()), choice.minority)
    script = Script()
    common.data(script, e.data, dataset)
    script.line(f"y_all = (labels == {positive!r}).astype(int).to_numpy()  # 1 = positive class",
                f"# Keep {n_pos} positives and {n_neg} negatives: exactly {choice.minority:g} of the rows are positive.")
    rebuilt = Call(make_imbalance, Ref(None, "X"), Ref(None, "y_all"), sampling_strategy={0: n_neg, 1: n_pos},
                   random_state=e.seed)
    split = Call(train_test_split, Ref(None, "X"), Ref(None, "y"), test_size=e.test_size, random_state=e.seed,
                 stratify=Ref(None, "y"))
    script.line(f"X, y = {script.expr(rebuilt)}", f"X_train, X_test, y_train, y_test = {script.expr(split)}")
    if choice.resampler == "class_weight" and not imbalance.supports_class_weight(e.model_id):
        script.comment("this model has no class_weight: it is trained unweighted")
    script.comment("imblearn's Pipeline resamples inside fit() only: the training rows, never X_test")
    script.assign("model", imbalance.pipeline_call(e.model_id, e.param_dict, choice.resampler, e.seed,
                                                   common.preprocess_var()))
    script.line("model.fit(X_train, y_train)",
                "y_score = model.predict_proba(X_test)[:, list(model.classes_).index(1)]", "")
    common.threshold_metrics(script, threshold, imbalance.HEADLINE)
    script.line(f"majority = {script.expr(Call(DummyClassifier, strategy='most_frequent'))}.fit(X_train, y_train)",
                f'show("{imbalance.MAJORITY_LABEL}", majority.score(X_test, y_test))')
    return script.text()
