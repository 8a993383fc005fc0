"""The page table: every page of the app, declared once.

Each `Page` says where it lives (view file, `url_path`), how it is titled, which
interview topics the home page maps to it, which registry datasets and models it
offers, and which URL keys it reads besides the shared sidebar ones. The router
(`app.py`), the home map, the Rehearse panels, question-link checks
(`lib/links.py`) and the tests' page lists all read this table, so adding a page
is its view file, its lib module(s), its questions file and one entry here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lib import (
    bayes,
    clustering,
    curves,
    datasets,
    gradient_descent,
    imbalance,
    models,
    params,
    pca,
    polynomial,
    practice,
    regression,
    validation,
)
from lib.datasets import DatasetSpec
from lib.params import Param


@dataclass(frozen=True)
class Topic:
    """A line of the home page's map: an interview topic and the question it answers."""

    title: str
    question: str


def classification_data(spec: DatasetSpec) -> bool:
    return spec.task in (datasets.BINARY, datasets.MULTICLASS)


def binary_data(spec: DatasetSpec) -> bool:
    return spec.task == datasets.BINARY


def clusterable_data(spec: DatasetSpec) -> bool:
    return spec.clusterable


def regression_data(spec: DatasetSpec) -> bool:
    return spec.task == datasets.REGRESSION


def pca_data(spec: DatasetSpec) -> bool:
    """The 2-D cloud and scikit-learn's own tables with classes (real measurements, the classes colour points)."""
    return spec.task == datasets.UNLABELLED or (
        spec.task in (datasets.BINARY, datasets.MULTICLASS) and isinstance(spec.source, datasets.Bundled))


@dataclass(frozen=True)
class Page:
    id: str  # also its url_path and the name questions use for it (`home` is served at `/`)
    title: str
    icon: str  # a Material icon, e.g. ":material/tune:"
    view: str  # the view file, relative to the repository root
    topics: tuple[Topic, ...] = ()
    datasets: Callable[[DatasetSpec], bool] | None = None  # which registry datasets it offers (None: no picker)
    uploads: bool = True  # with a dataset picker: offers "Upload a CSV"
    default_dataset: str | None = None  # the dataset a plain link opens (None: the first it offers)
    models: str | None = None  # task of the models it offers (models.CLASSIFIER, ...), None: no model picker
    split: bool = False  # reads the shared train/test split (`test_size`)
    one_vs_rest: bool = False  # asks for a positive class on multiclass data (`positive`)
    params: tuple[Param, ...] = field(default_factory=tuple)  # its own URL keys (and shared ones it reads)
    rehearse: bool = True  # ends with a Rehearse panel of its questions

    @property
    def url_path(self) -> str:
        return "" if self.id == HOME else self.id

    @property
    def is_default(self) -> bool:
        return self.id == HOME

    def dataset_ids(self) -> list[str]:
        """Registry ids this page offers, in registry order."""
        if self.datasets is None:
            return []
        return [spec.id for spec in datasets.REGISTRY.values() if self.datasets(spec)]

    def model_ids(self) -> list[str]:
        return models.ids_for(self.models) if self.models else []


HOME = "home"

PAGES: dict[str, Page] = {p.id: p for p in [
    Page(HOME, "Home", ":material/home:", "views/home.py", rehearse=False),
    Page("classification", "Classification: thresholds", ":material/tune:", "views/classification.py",
         topics=(Topic("Precision vs recall",
                       "When would you use precision over recall? What does moving the threshold do?"),
                 Topic("ROC-AUC and PR-AUC", "What is ROC-AUC, why is it useful, and why can accuracy mislead?")),
         datasets=classification_data, models=models.CLASSIFIER, split=True, one_vs_rest=True,
         default_dataset="churn",  # precision and recall visibly trade off (breast_cancer is all but separable)
         params=(params.THRESHOLD, params.COST_FP, params.COST_FN)),
    Page("imbalance", "Class imbalance", ":material/balance:", "views/imbalance.py",
         topics=(Topic("Class imbalance",
                       "Your fraud model is 99% accurate — is it good? What does SMOTE do, and where?"),),
         datasets=binary_data, models=models.CLASSIFIER, split=True, one_vs_rest=True,
         params=(params.THRESHOLD, *imbalance.PARAMS)),
    Page("fitting", "Over- and underfitting", ":material/show_chart:", "views/fitting.py",
         topics=(Topic("Over/underfitting and regularisation", "How do you detect and prevent overfitting? L1 vs L2?"),
                 Topic("Validation and learning curves",
                       "What do validation and learning curves tell you about the next step?")),
         datasets=classification_data, models=models.CLASSIFIER, split=True, one_vs_rest=True,
         params=(*curves.PARAMS, *polynomial.PARAMS)),
    Page("clustering", "Clustering", ":material/bubble_chart:", "views/clustering.py",
         topics=(Topic("Evaluating a clustering", "How do you choose k? What do silhouette and ARI measure?"),),
         datasets=clusterable_data, params=clustering.PARAMS),
    Page("regression", "Regression: assumptions and metrics", ":material/ssid_chart:", "views/regression.py",
         topics=(Topic("Assumptions of linear regression",
                       "What does linear regression assume, how do you check each assumption, and what do you do "
                       "when one fails?"),
                 Topic("R² vs adjusted R²", "What does R² measure, and why does adjusted R² penalise extra features?"),
                 Topic("RMSE vs MAE", "Which error metric would you report, and what do outliers do to each?")),
         datasets=regression_data, models=models.REGRESSOR, split=True, params=regression.PARAMS),
    Page("validation", "Cross-validation and tuning", ":material/view_week:", "views/validation.py",
         topics=(Topic("Cross-validation", "Why stratify? What goes wrong with grouped or time-ordered data, and "
                                           "why must the scaler sit inside the pipeline?"),
                 Topic("Tuning with cross-validation", "Why is the best grid-search score optimistic, and what "
                                                       "does nested CV fix?")),
         datasets=classification_data, models=models.CLASSIFIER, split=True, one_vs_rest=True,
         default_dataset=validation.DEFAULT_DATASET, params=validation.PARAMS),
    Page("bayes", "Bayes' theorem and base rates", ":material/percent:", "views/bayes.py",
         topics=(Topic("Bayes' theorem and base rates",
                       "The test is 90% accurate: does a positive mean 90%? Why is precision low when positives "
                       "are rare?"),),
         params=bayes.PARAMS),
    Page("gradient-descent", "Gradient descent and learning rate", ":material/downhill_skiing:",
         "views/gradient-descent.py",
         topics=(Topic("Gradient descent and the learning rate",
                       "Why did my loss explode? Why does it zig-zag, and what do momentum and Adam fix?"),),
         params=gradient_descent.PARAMS),
    Page("pca", "PCA: covariance, eigenvectors, explained variance", ":material/scatter_plot:", "views/pca.py",
         topics=(Topic("PCA, eigenvectors and the covariance matrix",
                       "What are the principal components, how do eigenvectors of the covariance matrix give them, "
                       "and why standardise first?"),
                 Topic("Explained variance", "How many components do you keep, and what does the scree plot say?")),
         datasets=pca_data, default_dataset=pca.CLOUD_ID, params=pca.PARAMS),
    Page("practice", "Practice", ":material/record_voice_over:", "views/practice.py",
         topics=(Topic("Rehearsal", "Two questions a day, drills and a timed mock interview."),),
         params=practice.PARAMS, rehearse=False),
]}


def register(page: Page) -> Page:
    """Add a page (tests register throwaway ones); the router, home map and link checks pick it up."""
    PAGES[page.id] = page
    return page


def page(page_id: str) -> Page:
    return PAGES[page_id]


def topic_pages() -> list[Page]:
    """Pages with a Rehearse panel (the topic pages), in table order."""
    return [p for p in PAGES.values() if p.rehearse]
