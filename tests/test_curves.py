"""lib/curves.py: the curves are scikit-learn's own; the verdict reads constructed cases right."""
import numpy as np
import pytest
from sklearn.model_selection import StratifiedKFold, learning_curve, validation_curve

from lib import curves, datasets, models
from lib.choices import DataChoice, Experiment
from lib.curves import OVERFITTING, UNDERFITTING, LearningCurve, ValidationCurve
from lib.fitting import EvaluationError, stratified_split


@pytest.fixture(scope="module")
def moons_split():
    data = datasets.load("moons", 0, {"n_samples": 300, "noise": 0.3})
    return stratified_split(data.X, data.binary_target(), 0.25, 0)


@pytest.mark.parametrize("model_id, knob, scoring", [("decision_tree", "max_depth", "accuracy"),
                                                     ("logistic_regression", "C", "roc_auc")])
def test_validation_curve_equals_sklearn(moons_split, model_id, knob, scoring):
    cv = curves.cv_splitter(moons_split.y_train, 0)
    grid = curves.curve_grid(models.REGISTRY[model_id].knob(knob))
    pipeline = models.build_pipeline(model_id, {}, 0)
    ours = curves.validation_curve_for(pipeline, moons_split.X_train, moons_split.y_train, model_id, knob, grid,
                                       cv, scoring)
    train, valid = validation_curve(pipeline, moons_split.X_train, moons_split.y_train,
                                    param_name=models.pipeline_param(model_id, knob), param_range=list(grid),
                                    cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring=scoring)
    np.testing.assert_allclose(ours.train_scores, train)
    np.testing.assert_allclose(ours.validation_scores, valid)
    # computed in pieces (as the page does, for its progress bar) and joined: the same numbers
    pieces = [curves.validation_curve_for(pipeline, moons_split.X_train, moons_split.y_train, model_id, knob,
                                          grid[i:i + 2], cv, scoring, n_jobs=1) for i in range(0, len(grid), 2)]
    joined = curves.combine(pieces)
    assert joined.values == grid
    np.testing.assert_allclose(joined.validation_scores, valid)


def test_learning_curve_equals_sklearn(moons_split):
    cv = curves.cv_splitter(moons_split.y_train, 7)
    pipeline = models.build_pipeline("knn", {"n_neighbors": 15}, 7)
    ours = curves.learning_curve_for(pipeline, moons_split.X_train, moons_split.y_train, cv, "accuracy", seed=7)
    sizes, train, valid = learning_curve(pipeline, moons_split.X_train, moons_split.y_train,
                                         train_sizes=curves.LEARNING_SIZES, cv=cv, scoring="accuracy",
                                         shuffle=True, random_state=7)
    np.testing.assert_array_equal(ours.sizes, sizes)
    np.testing.assert_allclose(ours.train_scores, train)
    np.testing.assert_allclose(ours.validation_scores, valid)
    pieces = [curves.learning_curve_for(pipeline, moons_split.X_train, moons_split.y_train, cv, "accuracy", 7,
                                        curves.LEARNING_SIZES[i:i + 2], n_jobs=1) for i in (0, 2, 4)]
    np.testing.assert_allclose(curves.combine(pieces).validation_scores, valid)


def test_failed_fits_become_gaps(moons_split):
    """n_neighbors larger than a training fold cannot be fitted: NaN, counted, no exception."""
    cv = curves.cv_splitter(moons_split.y_train, 0)
    curve = curves.validation_curve_for(models.build_pipeline("knn", {}, 0), moons_split.X_train.head(60),
                                        moons_split.y_train[:60], "knn", "n_neighbors", (1, 5, 100), cv, "accuracy")
    assert np.isnan(curve.validation_mean[2]) and not np.isnan(curve.validation_mean[:2]).any()
    assert curve.failures == 5


@pytest.mark.parametrize("model_id", models.ids_for(models.CLASSIFIER))  # the fitting page's models
def test_curve_grid_spans_each_knob(model_id):
    for name in curves.sweepable_knobs(model_id):
        knob = models.REGISTRY[model_id].knob(name)
        grid = curves.curve_grid(knob)
        assert grid[0] == knob.grid[0] and grid[-1] == knob.grid[-1]  # the extremes are where it shows
        assert knob.default in grid and set(grid) <= set(knob.grid)
        assert list(grid) == sorted(grid) and 5 <= len(grid) <= 15
    assert curves.sweepable_knobs(model_id)[0] == models.REGISTRY[model_id].main_knob


def test_curve_grid_is_one_value_per_decade_for_c():
    assert curves.curve_grid(models.REGISTRY["logistic_regression"].knob("C")) == tuple(
        10.0 ** e for e in range(-4, 5))


def test_marker_is_exact_on_the_grid_and_interpolated_between():
    curve = ValidationCurve("C", (0.01, 1.0, 100.0), np.array([[0.6], [0.8], [1.0]]),
                            np.array([[0.5], [0.7], [0.6]]))
    assert curve.at(1.0, log=True) == (0.8, 0.7)
    train, valid = curve.at(10.0, log=True)  # half-way on the log scale
    assert train == pytest.approx(0.9) and valid == pytest.approx(0.65)
    assert curve.best_index("higher") == 1


def test_ties_go_to_the_simpler_model():
    curve = ValidationCurve("n_neighbors", (1, 5, 25), np.ones((3, 2)), np.array([[0.9, 0.9]] * 3))
    assert curve.best_index("higher") == 0
    assert curve.best_index("lower") == 2  # for n_neighbors, more neighbours is simpler


def test_verdict_thresholds():
    assert curves.fit_verdict(0.99, 0.93, 0.95).label == OVERFITTING
    assert curves.fit_verdict(0.98, 0.93, 0.95).label == "good fit"  # gap 0.05 is not above the limit
    assert curves.fit_verdict(0.90, 0.89, 0.95).label == UNDERFITTING
    assert curves.fit_verdict(0.93, 0.92, 0.95).label == "good fit"  # validation exactly reference − margin
    assert curves.fit_verdict(0.96, 0.91, 0.95).label == UNDERFITTING  # a high train score does not excuse it
    assert curves.fit_verdict(float("nan"), 0.9, 0.95).label == curves.UNDEFINED


def _verdict_for(split, model_id, params, knob):
    """Verdict as the page reaches it: cross-validated scores of the setting, reference from the curve and the
    baseline, on the same rows and folds."""
    rows = curves.TrainingRows(split.X_train, split.y_train, len(split.y_train))
    experiment = Experiment(DataChoice("x", 0), model_id, tuple(sorted(params.items())))
    current = curves.cross_validated(rows, experiment, "accuracy")
    cv = curves.cv_splitter(split.y_train, 0)
    grid = curves.curve_grid(models.REGISTRY[model_id].knob(knob))
    curve = curves.validation_curve_for(models.build_pipeline(model_id, params, 0), split.X_train, split.y_train,
                                        model_id, knob, grid, cv, "accuracy")
    baseline = curves.baseline_score(split.X_train, split.y_train, cv, "accuracy", 0)
    reference = curves.reference_score(curve, "higher", baseline)
    return curves.cv_verdict(current, reference), current.train, current.validation, reference


def test_cross_validated_scores_are_the_validation_curves_point():
    """The verdict's numbers and the curve's shading read the same fits."""
    data = datasets.load("moons", 0, {"n_samples": 300, "noise": 0.3})
    split = stratified_split(data.X, data.binary_target(), 0.25, 0)
    rows = curves.TrainingRows(split.X_train, split.y_train, len(split.y_train))
    current = curves.cross_validated(rows, Experiment(DataChoice("x", 0), "decision_tree", (("max_depth", 4),)),
                                     "accuracy")
    curve = curves.validation_curve_for(models.build_pipeline("decision_tree", {"max_depth": 4}, 0), split.X_train,
                                        split.y_train, "decision_tree", "max_depth", (2, 4),
                                        curves.cv_splitter(split.y_train, 0), "accuracy")
    np.testing.assert_allclose(current.train_scores, curve.train_scores[1])
    np.testing.assert_allclose(current.validation_scores, curve.validation_scores[1])


@pytest.mark.parametrize(("depth", "label"), [(1, UNDERFITTING), (None, OVERFITTING)])
def test_breast_cancer_stump_underfits_and_a_grown_tree_overfits(depth, label):
    """The textbook reading on the default data: one test split's noisy gap no longer decides it."""
    data = datasets.load("breast_cancer")
    split = stratified_split(data.X, data.binary_target(), 0.25, 0)
    verdict, *numbers = _verdict_for(split, "decision_tree", {"max_depth": depth or 20}, "max_depth")
    assert verdict.label == label, (verdict, numbers)


def test_a_gap_inside_its_noise_is_not_overfitting():
    assert curves.fit_verdict(0.99, 0.93, 0.95).label == OVERFITTING
    assert curves.fit_verdict(0.99, 0.93, 0.95, se=0.04).label != OVERFITTING  # 0.06 < 2 × 0.04
    assert curves.gap_se(np.array([1.0, 1.0, 1.0]), np.array([0.9, 0.9, 0.9])) == 0.0


def test_a_stump_underfits_moons():
    data = datasets.load("moons", 0, {"n_samples": 500, "noise": 0.2})
    split = stratified_split(data.X, data.binary_target(), 0.25, 0)
    verdict, train, validation, reference = _verdict_for(split, "decision_tree", {"max_depth": 1}, "max_depth")
    assert verdict.label == UNDERFITTING, (train, validation, reference)
    assert train < 0.9 < reference
    verdict, *_ = _verdict_for(split, "decision_tree", {"max_depth": 5}, "max_depth")
    assert verdict.label == "good fit"  # a moderate depth on the same data


def test_an_unpruned_tree_overfits_noisy_data():
    data = datasets.load("moons", 0, {"n_samples": 500, "noise": 0.6})
    split = stratified_split(data.X, data.binary_target(), 0.25, 0)
    verdict, train, validation, _ = _verdict_for(split, "decision_tree", {"max_depth": 20}, "max_depth")
    assert verdict.label == OVERFITTING
    assert train == 1.0 and train - validation > 0.15


def test_regions_follow_the_rule_on_the_cv_means():
    curve = ValidationCurve("max_depth", (1, 2, 4, 8, 16),
                            np.array([[0.80], [0.88], [0.93], [0.99], [1.0]]),
                            np.array([[0.79], [0.87], [0.92], [0.90], [0.85]]))
    labels = curves.point_verdicts(curve, reference=0.92)
    assert labels == [UNDERFITTING, UNDERFITTING, "good fit", OVERFITTING, OVERFITTING]
    assert curves.fit_regions(labels) == [(UNDERFITTING, 0, 1), (OVERFITTING, 3, 4)]


def test_reference_is_the_best_of_curve_and_baseline():
    curve = ValidationCurve("C", (0.1, 1.0), np.array([[0.8], [0.9]]), np.array([[0.7], [0.85]]))
    assert curves.reference_score(curve, "higher", 0.95) == 0.95
    assert curves.reference_score(curve, "higher", 0.6) == 0.85
    assert curves.reference_score(curve, "higher", float("nan")) == 0.85


@pytest.mark.parametrize("train, valid, reference, says", [
    ([1.0, 1.0, 1.0], [0.70, 0.76, 0.82], 0.95, "still closing"),
    ([1.0, 1.0, 1.0], [0.80, 0.85, 0.85], 0.95, "no longer closing"),
    ([0.84, 0.82, 0.81], [0.78, 0.80, 0.80], 0.95, "plateau low"),
    ([0.97, 0.96, 0.96], [0.93, 0.95, 0.95], 0.96, "levelled off"),
])
def test_learning_curve_reading(train, valid, reference, says):
    curve = LearningCurve(np.array([50, 100, 200]), np.array(train)[:, None], np.array(valid)[:, None])
    assert says in curves.learning_reading(curve, reference)


def test_curves_sample_large_training_sets():
    data = datasets.load("classification", 0, {"n_samples": 12_000})
    y = data.binary_target()
    X, y_sample = curves.curve_sample(data.X, y, 0)
    assert len(X) == curves.CURVE_MAX_ROWS == len(y_sample)
    assert abs(y_sample.mean() - y.mean()) < 0.001  # stratified
    X_small, _ = curves.curve_sample(data.X.head(100), y[:100], 0)
    assert len(X_small) == 100


def test_cross_validation_needs_two_rows_per_class():
    with pytest.raises(EvaluationError, match="too few for cross-validation"):
        curves.cv_splitter(np.array([0] * 20 + [1]), 0)
    assert curves.cv_splitter(np.array([0] * 20 + [1] * 3), 0).get_n_splits() == 3
