"""``govcards practice``: a timed 申论 question answered with the learner's own material.

Pure scoring (``scoring``) and what a round earns each linked card (``grades``); the store,
the clock and the terminal stay outside. See docs/practice.md for the rules.
"""

from govcards.practice.grades import CardGrade, card_grades
from govcards.practice.scoring import NameMatch, RoundScore, match_names, score_round

__all__ = ["CardGrade", "NameMatch", "RoundScore", "card_grades", "match_names", "score_round"]
