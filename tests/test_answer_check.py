"""The answer checker ticks the key points a hand-written answer mentions, and only those."""
import pytest

from lib.answer_check import check_answer, normalise, stem
from lib.questions import by_id


@pytest.mark.parametrize(("a", "b"), [
    ("overfitting", "overfits"), ("overfitted", "overfit"), ("regularization", "regularisation"),
    ("probabilities", "probability"), ("scaled", "scaling"), ("colour", "color"), ("modelling", "modeled"),
    ("neighbours", "neighbors"), ("memorises", "memorizing"), ("splits", "split"), ("classes", "class"),
])
def test_word_forms_share_a_stem(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("thing", "the"), ("need", "ne"), ("string", "str"), ("bias", "bia")])
def test_different_words_stay_apart(a, b):
    assert stem(a) != stem(b)


def test_normalise_ignores_case_punctuation_and_accents():
    assert normalise("ROC-AUC") == normalise("roc auc") == normalise("Roc/AUC")
    assert normalise("Naïve Bayes'") == normalise("naive bayes")
    assert normalise("the model’s recall") == normalise("the model recall")
    assert normalise("") == []


POINTS = [
    ("Precision counts false alarms", ["precision", "false positives"]),
    ("Recall counts misses", ["recall", "false negatives", "sensitivity"]),
    ("Threshold trades one for the other", ["lower the threshold", "raise the threshold", "trade off"]),
    ("F1 summarises both", ["f1", "harmonic mean"]),
]


def test_ticks_what_the_answer_says_and_not_what_it_does_not():
    answer = ("Precision asks how many flagged cases are real. Lowering the threshold catches more "
              "positives, so sensitivity goes up.")
    result = check_answer(answer, POINTS)
    assert [p.ticked for p in result.points] == [True, True, True, False]
    assert result.points[1].matched == "sensitivity"
    assert result.points[2].matched == "lower the threshold"  # "Lowering the threshold" matches via stems
    assert result.summary() == "3 of 4 key points mentioned"


def test_phrase_words_must_be_adjacent_and_in_order():
    result = check_answer("the harmonic of the mean", [("F1", ["harmonic mean"])])
    assert not result.points[0].ticked
    assert check_answer("Harmonic-mean!", [("F1", ["harmonic mean"])]).points[0].ticked


def test_empty_and_off_topic_answers_tick_nothing():
    for answer in ("", "   ", "I like turtles and would ask my manager."):
        assert check_answer(answer, POINTS).ticked == 0


def test_a_real_bank_question_with_a_partial_answer():
    question = by_id()["accuracy-paradox"]
    answer = ("No. If fraud is 1% of transactions, always predicting 'not fraud' is already 99% accurate. "
              "I'd look at recall on the fraud class instead.")
    ticked = {p.point for p in check_answer(answer, question.point_phrasings()).points if p.ticked}
    assert ticked == {
        "Always predicting the majority class already scores about 99%",
        "Look at recall and precision for the rare class, or the confusion matrix",
    }


def test_filler_answer_ticks_no_point_of_any_question():
    """Guards the bank: a phrasing so generic that waffle ticks it would make the check meaningless."""
    filler = ("I would think carefully about the problem, talk to the team, look at what we have and use a model "
              "to make good predictions on the data, then see how well it works and improve it over time.")
    from lib.questions import bank
    ticked = {q.id: [p.matched for p in check_answer(filler, q.point_phrasings()).points if p.ticked]
              for q in bank()}
    assert not {k: v for k, v in ticked.items() if v}
