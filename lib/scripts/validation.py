"""The validation page's script: the rows, the splitter and its fold scores, the leakage demo, the search and
(when run) nested CV, printing each headline number as `Label: value`."""
from __future__ import annotations

import inspect
from collections.abc import Sequence

from sklearn.base import clone
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.metrics import get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    HalvingGridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_val_score,
    cross_validate,
    train_test_split,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from lib import datasets, models
from lib import validation as v
from lib.choices import Experiment
from lib.code import Call, Ref, Script
from lib.scripts import common

SHOW = ["def show(label, value):",
        '    print(f"{label}: {value:.3f}" if np.isfinite(value) else f"{label}: —")', "", ""]


def _copy(script: Script, *functions) -> None:
    script.comment("The playground's own helpers, copied from lib/validation.py so this script runs anywhere.")
    for function in functions:
        script.line(inspect.getsource(function).rstrip(), "", "")


def _rows(s: Script, e: Experiment, positive: str, group_effect: float, columns: Sequence[str]) -> None:
    """Defines X_cv, y_cv, groups_cv (or None), X_test, y_test as the page's `CvRows`."""
    common.data(s, e.data)
    if columns:
        s.line(f"X = X[{list(columns)!r}]  # the feature columns the page used")
    s.line("X = X.reset_index(drop=True)",
           f"y = (labels == {positive!r}).astype(int).to_numpy()  # 1 = positive class")
    spec = datasets.REGISTRY.get(e.data.dataset_id)
    structure = spec.structure if spec else datasets.RowStructure()
    if structure.groups:
        s.line(f"groups = np.asarray({structure.groups})  # {structure.groups_name}")
    elif v.generates_groups(e.data.dataset_id):
        _copy(s, v.make_groups, v.add_group_effect)
        s.line(f"groups = make_groups(len(y), {v.N_GROUPS}, {e.seed})")
        if group_effect:
            s.line(f"X = pd.DataFrame(add_group_effect(X, groups, {group_effect!r}, {e.seed}), columns=X.columns)")
    else:
        s.line("groups = None  # this dataset has no group column")
    split = Call(train_test_split, Ref(None, "np.arange(len(y))"), test_size=e.test_size, random_state=e.seed,
                 stratify=Ref(None, "y"))
    s.line(f"train, test = {s.expr(split)}")
    s.line(f"if len(train) > {v.CV_MAX_ROWS}:  # cross-validation runs on a stratified sample of large splits",
           f"    train = {s.name(train_test_split)}(train, train_size={v.CV_MAX_ROWS}, stratify=y[train], "
           f"random_state={e.seed})[0]")
    if structure.time:
        s.line(f"time = np.asarray({structure.time})  # {structure.time_name}",
               'train, test = train[np.argsort(time[train], kind="stable")], test[np.argsort(time[test], '
               'kind="stable")]')
    s.line("X_cv, y_cv = X.iloc[train].reset_index(drop=True), y[train]",
           "groups_cv = None if groups is None else groups[train]",
           "X_test, y_test = X.iloc[test].reset_index(drop=True), y[test]")


def _demo(s: Script, e: Experiment, found: v.Demo, scoring: str, n_features: int, group_effect: float) -> None:
    seed = e.seed
    s.blank().comment(f"Leakage demo: {found.demo}")
    s.line(f'estimator = {s.name(clone)}(model["model"])  # the chosen model, unfitted')
    if found.demo == "preprocessing":
        _copy(s, v.noise_table)
        s.line(f"Xn, yn = noise_table({v.DEMO_ROWS + v.DEMO_TEST_ROWS}, {n_features}, {seed})",
               f"Xn_test, yn_test, Xn, yn = Xn[{v.DEMO_ROWS}:], yn[{v.DEMO_ROWS}:], Xn[:{v.DEMO_ROWS}], "
               f"yn[:{v.DEMO_ROWS}]")
        s.assign("folds", Call(StratifiedKFold, v.DEMO_FOLDS, shuffle=True, random_state=seed))
        s.line(f"chosen = {s.name(SelectKBest)}({s.name(f_classif)}, k={v.SELECT_K}).fit_transform("
               f"{s.name(StandardScaler)}().fit_transform(Xn), yn)  # the leak: fitted on all rows")
        s.line(f'leaky = {s.name(cross_val_score)}({s.name(Pipeline)}([("model", estimator)]), chosen, yn, cv=folds, '
               f"scoring={scoring!r})")
        s.line(f'pipe = Pipeline([("scale", StandardScaler()), ("select", SelectKBest(f_classif, k={v.SELECT_K})), '
               '("model", estimator)])',
               f"honest = cross_val_score(pipe, Xn, yn, cv=folds, scoring={scoring!r})",
               f"demo_test = {s.name(get_scorer)}({scoring!r})(pipe.fit(Xn, yn), Xn_test, yn_test)")
    else:
        s.line("pipe = clone(model)  # preprocessing + the chosen model, unfitted")
        s.line(f"leaky_cv = {s.name(KFold)}({v.DEMO_FOLDS}, shuffle=True, random_state={seed})")
        if found.demo == "groups":
            _copy(s, v.grouped_table)
            s.line(f"Xg, yg, gg = grouped_table({2 * v.DEMO_GROUPS}, {v.DEMO_GROUP_ROWS}, {v.DEMO_GROUP_FEATURES}, "
                   f"{group_effect!r}, {seed})",
                   'Xg = pd.DataFrame(Xg, columns=[f"x{i + 1}" for i in range(Xg.shape[1])])',
                   f"known = gg < {v.DEMO_GROUPS}  # the first half of the groups are known, the rest are new",
                   f"leaky = {s.name(cross_val_score)}(pipe, Xg[known], yg[known], cv=leaky_cv, scoring={scoring!r})",
                   f"honest = cross_val_score(pipe, Xg[known], yg[known], cv={s.name(GroupKFold)}({v.DEMO_FOLDS}), "
                   f"groups=gg[known], scoring={scoring!r})",
                   f"demo_test = {s.name(get_scorer)}({scoring!r})(pipe.fit(Xg[known], yg[known]), Xg[~known], "
                   "yg[~known])")
        else:
            _copy(s, v.drifting_table)
            s.line(f"Xt, yt = drifting_table({v.DEMO_TIME_ROWS}, {v.DEMO_PERIODS}, {seed})",
                   "cut = int(0.8 * len(yt))  # the last 20% of rows are the future",
                   f"leaky = {s.name(cross_val_score)}(pipe, Xt[:cut], yt[:cut], cv=leaky_cv, scoring={scoring!r})",
                   f"honest = cross_val_score(pipe, Xt[:cut], yt[:cut], cv={s.name(TimeSeriesSplit)}({v.DEMO_FOLDS}), "
                   f"scoring={scoring!r})",
                   f"demo_test = {s.name(get_scorer)}({scoring!r})(pipe.fit(Xt[:cut], yt[:cut]), Xt[cut:], yt[cut:])")
    s.line('show("Leaky CV score", leaky.mean())', 'show("Pipeline CV score", honest.mean())',
           'show("Demo test score", demo_test)', 'show("Leakage", leaky.mean() - honest.mean())')


def _candidates(s: Script, e: Experiment, grid: v.SearchGrid) -> None:
    s.comment(f"One registry estimator per cell of {' × '.join(grid.knobs)}, in row-major order.")
    s.assign("candidates", list(v.candidate_calls(grid, e.param_dict, e.seed)))


def _search(s: Script, e: Experiment, kind: str, scoring: str) -> None:
    grid = v.search_grid(e.model_id)
    s.blank().comment(f"Search ({kind}) with the page's splitter")
    _candidates(s, e, grid)
    if kind == "halving":
        s.need("from sklearn.experimental import enable_halving_search_cv  # noqa: F401")
        name = s.name(HalvingGridSearchCV)
        extra = f", factor={v.HALVING_FACTOR}, random_state={e.seed}"
    elif kind == "random":
        name = s.name(RandomizedSearchCV)
        extra = f", n_iter={min(v.RANDOM_ITER, len(grid.cells))}, random_state={e.seed}"
    else:
        name, extra = s.name(GridSearchCV), ""
    s.line(f'search = {name}(model, {{"model": candidates}}, cv=cv, scoring={scoring!r}, error_score=np.nan'
           f"{extra})",
           "search.fit(X_cv, y_cv, groups=groups_cv)",
           'show("Best CV score", search.best_score_)',
           'show("Test score of best", search.score(X_test, y_test))')


def _nested(s: Script, e: Experiment, scoring: str, have_candidates: bool) -> None:
    grid = v.search_grid(e.model_id)
    s.blank().comment(f"Nested versus non-nested CV: {v.NESTED_TRIALS} repetitions on at most {v.NESTED_MAX_ROWS} rows")
    if not have_candidates:
        _candidates(s, e, grid)
    s.line(f"if len(y_cv) > {v.NESTED_MAX_ROWS}:",
           f"    X_n, _, y_n, _ = {s.name(train_test_split)}(X_cv, y_cv, train_size={v.NESTED_MAX_ROWS}, "
           f"stratify=y_cv, random_state={e.seed})",
           "else:",
           "    X_n, y_n = X_cv, y_cv",
           "non_nested, nested = [], []",
           f"for trial in range({v.NESTED_TRIALS}):",
           f"    inner = {s.name(StratifiedKFold)}({v.NESTED_INNER}, shuffle=True, random_state={e.seed} + trial)",
           f"    outer = StratifiedKFold({v.NESTED_OUTER}, shuffle=True, random_state={e.seed} + trial)",
           f'    inner_search = {s.name(GridSearchCV)}(model, {{"model": candidates}}, cv=inner, scoring={scoring!r}, '
           "error_score=np.nan)",
           "    non_nested.append(inner_search.fit(X_n, y_n).best_score_)",
           f"    nested.append({s.name(cross_val_score)}(inner_search, X_n, y_n, cv=outer, scoring={scoring!r}).mean())",
           'show("Non-nested CV score", np.mean(non_nested))', 'show("Nested CV score", np.mean(nested))',
           'show("Difference", np.mean(non_nested) - np.mean(nested))')


def validation_script(e: Experiment, cv: str, n_splits: int, shuffle: bool, scoring: str, group_effect: float,
                      demo: v.Demo | None, search: v.SearchResult | None, nested: v.Nested | None, positive: str,
                      columns: Sequence[str] = (), n_features: int = 2_000, demo_group_effect: float | None = None
                      ) -> str:
    """Prints Mean CV score, Std CV score and Test score for the splitter, then the demo's, the search's and
    (when the page ran it) nested CV's numbers."""
    s = Script().need("import numpy as np", "import pandas as pd")
    _rows(s, e, positive, group_effect, columns)
    s.blank().line(*SHOW)
    s.assign("model", models.pipeline_call(e.model_id, e.param_dict, e.seed, common.preprocess_var()))
    s.assign("cv", v.splitter_call(cv, n_splits, shuffle, e.seed))
    s.line(f"result = {s.name(cross_validate)}(model, X_cv, y_cv, cv=cv, groups=groups_cv, scoring={scoring!r}, "
           "error_score=np.nan)",
           'show("Mean CV score", np.mean(result["test_score"]))',
           'show("Std CV score", np.std(result["test_score"]))  # dividing by the number of splits',
           f'show("Test score", {s.name(get_scorer)}({scoring!r})(model.fit(X_cv, y_cv), X_test, y_test))')
    if demo is not None:
        _demo(s, e, demo, scoring, n_features, group_effect if demo_group_effect is None else demo_group_effect)
    if search is not None:
        _search(s, e, search.kind, scoring)
    if nested is not None:
        _nested(s, e, scoring, search is not None)
    return s.text()

