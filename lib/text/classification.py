"""Words on the threshold pages (classification and imbalance): what each chart shows."""

EXPLAIN = {
    "confusion": (
        "Rows are the truth, columns the prediction. Raising the threshold moves rows from *predicted positive* "
        "to *predicted negative*: false positives become true negatives (good) but true positives become false "
        "negatives (bad). Accuracy is the diagonal over everything, so when positives are rare a model that "
        "says *negative* to everyone scores high accuracy with zero recall: that is how accuracy misleads."),
    "histogram": (
        "How the model scores each class on the test split. Everything right of the dotted line is predicted "
        "positive: red-orange bars there are true positives, blue bars false positives; red-orange bars on "
        "the left are the positives it misses. Where the two humps overlap, no threshold can be right for everyone; moving the "
        "line only trades one kind of mistake for the other."),
    "roc": (
        "One point per threshold: the share of positives caught (TPR, recall) against the share of negatives "
        "wrongly flagged (FPR). Lowering the threshold moves the point up and to the right. The diagonal is "
        "guessing. ROC-AUC is the chance that a random positive scores above a random negative: it does not "
        "depend on the threshold or on how rare positives are, which is why it can look fine while precision "
        "is poor."),
    "pr": (
        "Precision against recall, one point per threshold. The dashed line is a model with no skill: its "
        "precision is just the share of positives. With rare positives that line sits low and this curve "
        "shows the false alarms that the ROC curve hides. PR-AUC (average precision) summarises it."),
    "curves": (
        "As the threshold rises, recall can only fall and precision usually rises; F1 balances the two and "
        "peaks in between. Prefer precision when a false alarm is expensive (a spam filter deleting real "
        "mail), recall when a miss is (cancer screening, fraud). Gaps in precision: nothing is predicted "
        "positive there, so it is undefined."),
    "cost": (
        "Give each kind of mistake a price and add them up on the test split. The best threshold depends on "
        "those prices, not on the model alone. For well-calibrated probabilities the cheapest threshold is "
        "close to cost(FP) / (cost(FP) + cost(FN))"),
    "calibration": (
        "Scores grouped into ten bins: each point is a bin's mean score against the share of positives "
        "actually in it (bigger point = more rows). On the diagonal, *70%* really means 7 in 10. ROC-AUC only "
        "checks the order of the scores, so a model can rank perfectly and still be badly calibrated (naive "
        "Bayes pushes its scores towards 0 and 1). The Brier score is the mean squared error of the "
        "probabilities: lower is better, 0.25 is what always saying 50% gets on balanced data."),
}
