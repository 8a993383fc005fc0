"""Map from interview topics to the pages that illustrate them (shown on the home page)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    title: str
    question: str
    page_file: str
    page_label: str


TOPICS: tuple[Topic, ...] = (
    Topic("Precision vs recall", "When would you use precision over recall? What does moving the threshold do?",
          "views/classification.py", "Classification"),
    Topic("ROC-AUC and PR-AUC", "What is ROC-AUC, why is it useful, and why can accuracy mislead?",
          "views/classification.py", "Classification"),
    Topic("Class imbalance", "Your fraud model is 99% accurate — is it good? What does SMOTE do, and where?",
          "views/imbalance.py", "Imbalance"),
    Topic("Over/underfitting and regularisation", "How do you detect and prevent overfitting? L1 vs L2?",
          "views/fitting.py", "Fitting"),
    Topic("Cross-validation and tuning", "What do validation and learning curves tell you about the next step?",
          "views/fitting.py", "Fitting"),
    Topic("Evaluating a clustering", "How do you choose k? What do silhouette and ARI measure?",
          "views/clustering.py", "Clustering"),
    Topic("Rehearsal", "Two questions a day, drills and a timed mock interview.", "views/practice.py", "Practice"),
)
