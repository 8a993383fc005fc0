"""Issue 7 on the topic pages: every "Open the picture" link opens its page as it says, and the
live checks on each page are answered by the numbers that page shows (and no others)."""
import pytest

from lib import clustering as clu
from lib import live_checks as lc
from lib import pages, questions
from lib.params import url_text
from tests.conftest import metric_values, open_page, text_of

PICTURES = [(q.id, *questions.picture_params(q)) for q in questions.bank() if q.picture is not None]
WIDGETS = ("selectbox", "slider", "select_slider", "number_input", "toggle", "radio")


def widget_value(at, key: str):
    for kind in WIDGETS:
        try:
            return getattr(at, kind)(key=key).value
        except KeyError:
            continue
    raise KeyError(f"no widget with key {key!r} on the page")


def same(shown, wanted) -> bool:
    if isinstance(shown, bool):
        return str(shown).lower() == str(wanted).lower()
    if isinstance(shown, (int, float)):
        return float(shown) == pytest.approx(float(wanted))
    return str(shown) == str(wanted)


@pytest.mark.slow
@pytest.mark.parametrize(("question_id", "page", "params"), PICTURES, ids=[p[0] for p in PICTURES])
def test_open_the_picture_sets_the_page_as_the_link_says(question_id, page, params):
    at = open_page(page, {k: url_text(v) for k, v in params.items()}, timeout=180)
    assert not at.exception, (question_id, at.exception)
    assert not at.warning or not any("can't be used" in w.value for w in at.warning), [w.value for w in at.warning]
    for key, wanted in params.items():
        assert same(widget_value(at, key), wanted), (question_id, key, widget_value(at, key), wanted)


def _feedback(at) -> list[tuple[str, str]]:
    return [(kind, e.value) for kind in ("success", "error", "warning") for e in getattr(at, kind)
            if e.value.startswith(("Right", "Not quite"))]


def answer_live_check(at, page: str, key: str, answer) -> str:
    """Type (or pick) `answer` in the page's live check `key`, press Check, return the kind of the
    feedback box that appeared (other checks' earlier feedback stays on the page and is ignored)."""
    before = _feedback(at)
    prefix = f"live:{page}:{key}"
    if isinstance(answer, str) and any(r.key == f"{prefix}:answer" for r in at.radio):
        at.radio(key=f"{prefix}:answer").set_value(answer)
    else:
        at.text_input(key=f"{prefix}:answer").input(str(answer))
    at.button(key=f"{prefix}:check").click().run()
    assert not at.exception, at.exception
    new = [item for item in _feedback(at) if item not in before]
    assert len(new) == 1, new
    return new[0][0]


def shown(at, label: str) -> float:
    return float(metric_values(at)[label])


def test_classification_checks_use_the_page_numbers():
    at = open_page("classification", {"threshold": 0.42})
    assert answer_live_check(at, "classification", "precision", shown(at, "Precision")) == "success"
    assert answer_live_check(at, "classification", "recall", shown(at, "Recall")) == "success"
    assert answer_live_check(at, "classification", "specificity", shown(at, "Specificity")) == "success"
    assert answer_live_check(at, "classification", "f1", shown(at, "F1")) == "success"
    assert answer_live_check(at, "classification", "recall", shown(at, "Recall") + 0.006) == "error"


def test_classification_checks_follow_the_threshold():
    at = open_page("classification", {"threshold": 0.42})
    before = [m.value for m in at.markdown if "What is the precision?" in m.value]
    at.slider(key="threshold").set_value(0.8).run()
    after = [m.value for m in at.markdown if "What is the precision?" in m.value]
    assert before and after and before != after and "0.80" in after[0]


def test_imbalance_checks_use_the_page_numbers():
    at = open_page("imbalance", {"minority": 0.1})
    assert answer_live_check(at, "imbalance", "majority_baseline", shown(at, "Always-majority accuracy")) == "success"
    assert answer_live_check(at, "imbalance", "recall", shown(at, "Recall")) == "success"
    assert answer_live_check(at, "imbalance", "prevalence", 1 - shown(at, "Always-majority accuracy")) == "success"


def test_fitting_checks_use_the_page_numbers():
    at = open_page("fitting", {"dataset": "moons", "model": "decision_tree", "max_depth": 12})
    assert answer_live_check(at, "fitting", "gap", shown(at, "Gap")) == "success"
    verdict = next(e.value for kind in ("error", "warning", "success") for e in getattr(at, kind)
                   if e.value.startswith("**Verdict:"))
    label = verdict.split("**Verdict: ")[1].split("**")[0].capitalize()
    assert answer_live_check(at, "fitting", "fit_verdict", label) == "success"
    wrong = next(v for v in lc.FIT_VERDICTS if v != label)
    assert answer_live_check(at, "fitting", "fit_verdict", wrong) == "error"


def test_clustering_checks_use_the_page_numbers():
    at = open_page("clustering", {"dataset": "blobs", "algorithm": "kmeans", "n_clusters": 3})
    caption = next(c.value for c in at.caption if "Best mean silhouette here" in c.value)
    best_k = caption.split("**k = ")[1].split("**")[0]
    assert answer_live_check(at, "clustering", "best_k", best_k) == "success"
    silhouette = shown(at, clu.SILHOUETTE)
    band = lc.silhouette_strength_check(silhouette)
    assert answer_live_check(at, "clustering", "silhouette_strength", sorted(band.accepted)[0]) == "success"


def test_dbscan_gets_a_noise_check_instead_of_k():
    at = open_page("clustering", {"dataset": "moons", "algorithm": "dbscan"})
    keys = {t.key for t in at.text_input}
    assert "live:clustering:noise_share:answer" in keys and "live:clustering:best_k:answer" not in {
        r.key for r in at.radio}


def test_every_topic_page_shows_its_questions():
    for page in pages.topic_pages():
        at = open_page(page.id)
        shown = at.selectbox(key=f"rehearse:{page.id}:question")
        assert [q.question for q in questions.for_page(page.id)] == shown.options, page.id
        assert len(shown.options) >= 5, page.id
        headings = [h.value for h in at.main.subheader]
        assert headings[-1] == "Rehearse", (page.id, headings)  # the last section of the page


# --- the most-used pictures show what their `look` text promises (numbers from the page itself) ----------

def open_picture(question_id: str, **changes):
    """Open a question's "Open the picture" link, with `changes` applied as a user would make them."""
    page, params = questions.picture_params(questions.by_id()[question_id])
    at = open_page(page, {k: url_text(v) for k, v in {**params, **changes}.items()}, timeout=180)
    assert not at.exception, at.exception
    return at


def verdict_of(at) -> str:
    return next(e.value for kind in ("error", "warning", "success") for e in getattr(at, kind)
                if e.value.startswith("**Verdict:")).split("**Verdict: ")[1].split("**")[0]


def test_pr_auc_picture_roc_stays_high_while_pr_auc_drops():
    rare, balanced = open_picture("why-pr-auc"), open_picture("why-pr-auc", minority=0.5)
    assert shown(rare, "ROC-AUC") >= 0.9 and shown(rare, "PR-AUC") <= shown(rare, "ROC-AUC") - 0.3
    assert abs(shown(balanced, "ROC-AUC") - shown(balanced, "PR-AUC")) < 0.05  # "move minority to 0.5: they converge"


def test_base_rate_picture_flags_mostly_false_positives():
    at = open_picture("bayes-theorem")
    assert shown(at, "Recall") >= 0.8 and shown(at, "Precision") < 0.1


def test_overfitting_picture_deep_tree_memorises_and_a_stump_underfits():
    deep = open_picture("overfitting-underfitting")
    assert shown(deep, "Train score") >= 0.99 and shown(deep, "Gap") > 0.05 and verdict_of(deep) == "overfitting"
    stump = open_picture("overfitting-underfitting", max_depth=1)
    assert shown(stump, "Train score") < shown(deep, "Train score") - 0.1
    assert shown(stump, "CV validation score") < shown(deep, "CV validation score")


def test_l1_picture_zeroes_most_coefficients():
    text = text_of(open_picture("l1-vs-l2"))
    l1, l2 = (int(text.split(f"{p} keeps **")[1].split(" of ")[0]) for p in ("L1", "L2"))
    assert l1 <= 10 and l2 == 30


def test_clustering_pictures_best_k_and_moons():
    caption = next(c.value for c in open_picture("choosing-k").caption if "Best mean silhouette here" in c.value)
    assert "**k = 5**" in caption  # five blobs: the silhouette peak is at 5, the link's k = 3 is off it
    assert shown(open_picture("kmeans-failure"), clu.ARI) < 0.5  # a straight cut across the moons
    for question_id in ("dbscan", "hierarchical-linkage"):  # density / single linkage follow each moon
        assert shown(open_picture(question_id), clu.ARI) > 0.9, question_id
    assert shown(open_picture("kmeans-failure", algorithm="dbscan", eps=0.25), clu.ARI) > 0.9
