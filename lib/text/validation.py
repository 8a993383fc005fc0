"""Words on the validation page: the protocol, what each splitter does, metric help, the leakage demos'
sentences and captions built from the page's results."""
from __future__ import annotations

import math

from lib import validation as v
from lib.markdown import escape

INTRO = (
    "Cross-validation estimates how a model will do on data it has not seen, and a search picks knob values "
    "by that estimate. Both can lie: folds that mix one customer's rows, a scaler fitted before the split, a "
    "shuffled time series, or simply picking the maximum of many noisy scores. Below, see **exactly which rows "
    "train and test in every fold**, measure the leaks, and watch nested CV correct the search's optimism. "
    "Questions to answer out loud: *Why stratify? What goes wrong with grouped or time-ordered data? Why must "
    "the scaler be inside the pipeline? Why is the best grid-search score optimistic?*"
)

SPLITTER = {
    "kfold": "`KFold`: consecutive blocks of rows (shuffled first if asked), each the test fold once.",
    "stratified_kfold": "`StratifiedKFold`: like k-fold, but every fold keeps the class shares of the whole.",
    "group_kfold": "`GroupKFold`: every group's rows land in one test fold only, so no group is on both sides.",
    "stratified_group_kfold": "`StratifiedGroupKFold`: whole groups per fold, chosen so class shares stay close.",
    "shuffle_split": f"`ShuffleSplit`: independent random draws of {v.SHUFFLE_SPLIT_TEST:.0%} test rows; a row "
                     "can be tested several times or never.",
    "stratified_shuffle_split": "`StratifiedShuffleSplit`: random draws that keep the class shares.",
    "time_series_split": "`TimeSeriesSplit`: train on the past, test on the next block; the training window grows.",
    "leave_one_out": "`LeaveOneOut`: every row is a test fold of one: as many fits as rows.",
}

METRIC_HELP = {
    "Mean CV score": "Mean over the splits of the test-fold scores (scikit-learn's cross_validate, the same number "
                     "as cross_val_score(...).mean()).",
    "Std CV score": "Standard deviation of the split scores (dividing by the number of splits, as cv_results_' "
                    "std_test_score): how much the estimate moves with the split.",
    "Test score": "The model fitted on all the rows cross-validation ran on, scored once on the held-out test split.",
    "Fits": "Model fits this view took (one per split; a search adds one refit of the best).",
    "Leaky CV score": "Cross-validated score of the leaky procedure (see the sentence below the numbers).",
    "Pipeline CV score": "Cross-validated score of the correct procedure: everything learnt from data is learnt "
                         "inside each training fold (a Pipeline; group- or time-aware folds).",
    "Leakage": "Leaky CV score − Pipeline CV score: how much the leak inflated the estimate.",
    "Best CV score": "The highest mean CV score over the grid: the score of the cell the search picked.",
    "Test score of best": "The search's best model (refitted on all the CV rows) scored on the test split. The gap "
                          "to Best CV score is the optimism of picking the maximum.",
    "Non-nested CV score": "The search's best mean CV score on all the rows (averaged over the repetitions).",
    "Nested CV score": "Outer folds score a search run on the outer training rows only: an honest estimate of "
                       "the whole procedure 'search, then fit' (averaged over the repetitions).",
    "Difference": "Non-nested − nested: the optimism of reporting the best search score.",
}


def protocol(rows: v.CvRows, test_size: float, seed: int, group_name: str) -> str:
    sample = (f" Cross-validation runs on a stratified sample of {len(rows.y):,} of the {rows.n_train:,} training "
              "rows." if rows.sampled else "")
    order = (" The training rows are in time order (the table's "
             f"{'signup date' if rows.time_ordered else ''}), the order every splitter sees them in."
             if rows.time_ordered else "")
    groups = f" Groups: {escape(group_name)}, {rows.n_groups} in the training rows." if group_name else ""
    return (f"**Protocol.** A stratified train/test split (test_size={test_size:g}, random_state={seed}): "
            f"{rows.n_train:,} training rows, {len(rows.y_test):,} test rows. Cross-validation and search run on the "
            f"training rows; the test rows give `Test score`.{sample}{order}{groups}")


def not_offered_caption(why: dict[str, str]) -> str:
    if not why:
        return ""
    return "Not offered here: " + "; ".join(f"`{cv}` ({reason})" for cv, reason in why.items()) + "."


def fits_caption(score_name: str, n_splits: int, n_fits: int) -> str:
    return (f"{score_name}, {n_splits} splits: **{n_fits} fits** for the folds, 1 for the test score. Changing only "
            "the scoring reuses them (all four scores come from the same fits).")


def demo_fits_caption(n_fits: int) -> str:
    return f"{n_fits} fits (5 folds each way, plus the final model)."


def picture_caption(shown: v.Picture, n_rows: int, score_name: str) -> str:
    rule = (f" With {n_rows:,} rows, one row in {shown.step} is drawn ({len(shown.rows)} columns: rows 0, "
            f"{shown.step}, {2 * shown.step}, …), each exactly as the splitter assigned it; the class bar shows its "
            "class (vermillion: positive), the group bar its group." if shown.step > 1 else
            " One column per row; the class bar shows each row's class (vermillion: positive), the group bar its "
            "group.")
    return (f"One row per split: **blue** rows train, **orange** rows test, grey rows are not used. Beside each "
            f"split, its {score_name} on its test rows.{rule}")


def balance_caption(balance, positive: str, overall: float) -> str:
    low, high = float(balance.test_positive.min()), float(balance.test_positive.max())
    return (f"Share of **{escape(positive)}** in each test fold: {low:.1%} to {high:.1%} (all training rows: "
            f"{overall:.1%}). Stratified splitters hold it steady, so fold scores vary less for reasons that have "
            "nothing to do with the model.")


def lowest_caption(index: int | None, scores, balance, scoring: str, positive: str) -> str:
    if index is None:
        return ""
    return (f"Lowest fold: split {index + 1} ({v.SCORINGS[scoring]} {scores.of(scoring)[index]:.3f}, "
            f"{balance.test_positive[index]:.1%} {escape(positive)} in its {balance.n_test[index]} test rows).")


DEMO_TITLE = {"preprocessing": "Preprocessing before the split", "groups": "One group on both sides",
              "time": "Shuffled folds on time-ordered data"}


def demo_setting(demo: str, n_features: int, group_effect: float) -> str:
    if demo == "preprocessing":
        return (f"**Setting** (scikit-learn's \"common pitfalls\" example): {v.DEMO_ROWS} rows of {n_features:,} "
                f"pure-noise features, labels drawn independently of them (chance is 0.5), "
                f"StandardScaler + SelectKBest(k={v.SELECT_K}) + the chosen model, 5 stratified folds. **Leaky**: "
                f"scaler and selection fitted on all {v.DEMO_ROWS} rows, then cross-validation. **Pipeline**: both "
                f"inside the pipeline, refitted in each training fold. Test: {v.DEMO_TEST_ROWS:,} fresh noise rows.")
    if demo == "groups":
        return (f"**Setting**: {v.DEMO_GROUPS} groups of {v.DEMO_GROUP_ROWS} rows (patients, customers); one "
                f"feature drives every label, and each group has its own centre in {v.DEMO_GROUP_FEATURES} other "
                f"features and its own push on the label, both scaled by group_effect = {group_effect:g}. "
                "**Leaky**: shuffled `kfold` (a group's rows on both sides). **Pipeline**: `group_kfold`. "
                f"Test: {v.DEMO_GROUPS} new groups.")
    return (f"**Setting**: {v.DEMO_TIME_ROWS:,} rows over {v.DEMO_PERIODS} periods in time order; two features keep "
            "their weights, and each period has its own push on the label (a season, a campaign) that the `period` "
            "column reveals. **Leaky**: shuffled `kfold` (future periods in training). **Pipeline**: "
            "`time_series_split` (always train on the past). Test: the last 20% of rows, four periods no model saw.")


def demo_sentence(demo: v.Demo) -> str:
    what = {"preprocessing": "The selection saw the test folds' labels: it picked the noise features that happen to "
                             "fit all rows, test folds included",
            "groups": "The leaky folds test on groups the model already met in training, so it recognises them "
                      "instead of generalising to new ones",
            "time": "The leaky folds train on rows from the periods they test, including later ones; the future "
                    "brings periods no model has seen"}[demo.demo]
    return (f"**What leaked:** {what}. Leaky {demo.leaky:.3f} vs pipeline {demo.honest:.3f}: inflated by "
            f"{demo.inflation:+.3f}; the test score ({demo.test:.3f}) sides with the pipeline estimate "
            f"(off by {abs(demo.test - demo.honest):.3f}, against {abs(demo.test - demo.leaky):.3f} for the leaky one).")


def search_intro(kind: str, knobs: tuple[str, ...], values: tuple[tuple, ...], n_fits: int, cv: str,
                 n_splits: int) -> str:
    grid = " × ".join(f"{len(vals)} values of `{k}`" for k, vals in zip(knobs, values, strict=True))
    how = {"grid": "every cell", "random": f"{v.RANDOM_ITER} cells drawn at random from the grid",
           "halving": f"successive halving (every cell on few rows, the best 1/{v.HALVING_FACTOR} on "
                      f"{v.HALVING_FACTOR}× as many, …)"}[kind]
    return (f"Search over {grid}: {how}, scored with the page's splitter (`{cv}`, {n_splits} splits): "
            f"**{n_fits:,} fits**.")


def search_caption(result: v.SearchResult, score_name: str) -> str:
    cell = ", ".join(f"{k}={val}" for k, val in result.best_cell.items())
    blank = " Blank cells were not evaluated." if not math.isfinite(float(result.mean.min())) or \
        not all(map(math.isfinite, result.mean.ravel())) else ""
    halving = (" Halving: each cell shows its score in the last round it reached (later rounds use more rows)."
               if result.kind == "halving" else "")
    return (f"Mean CV {score_name} per cell (hover for the std over folds); the outlined cell is the search's pick "
            f"({cell}). Best CV score {result.best_score:.3f} vs test score {result.test_score:.3f}: "
            f"{result.optimism:+.3f} of optimism from picking the maximum of noisy scores.{blank}{halving}")


def nested_intro(fits: int, rows: int) -> str:
    return (f"{v.NESTED_TRIALS} repetitions of scikit-learn's \"Nested versus non-nested cross-validation\": the same "
            f"grid, inner {v.NESTED_INNER}-fold and outer {v.NESTED_OUTER}-fold stratified CV on {rows:,} rows: "
            f"{v.NESTED_TRIALS} × ({v.NESTED_INNER} × cells + 1) × (1 + {v.NESTED_OUTER}) = **{fits:,} fits**.")


def nested_caption(nested: v.Nested) -> str:
    diff = nested.non_nested - nested.nested
    return (f"Non-nested {nested.non_nested:.3f} vs nested {nested.nested:.3f}: the best search score is "
            f"{diff:+.3f} above the honest estimate of the whole procedure. The same data chose the knobs and "
            "scored them; nested CV keeps the scoring folds out of the choice.")
