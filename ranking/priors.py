"""Priors for the unpaid part of the work, each with where it comes from (research/pay-figures.md)."""

from dataclasses import dataclass

# Toxtli, Suri & Savage 2021: a third of working time is invisible (searching, managing); nominal rate × 0.75.
SEARCH_OVERHEAD = 1 / 0.75 - 1
# Hara et al. 2018: 13% of tasks started are not submitted; 0.7% of submitted tasks are rejected.
RETURN_RATE = 0.13
REJECTION_RATE = 0.007
# A returned task is abandoned part way; half its time is an assumption.
RETURNED_TIME_SHARE = 0.5
# Reputation: pseudo-counts toward the prior and a one-sided 95% margin, as in the HIT finder's formula.
PSEUDO_COUNT = 5.0
Z95 = 1.645


@dataclass(frozen=True)
class ScreenOut:
    probability: float
    minutes: float


# Survey walls: "Disqualifications are common" and come after 1 to 30 minutes (platforms.md, pay-figures.md);
# no published rate, so half of attempts after 5 minutes is an assumption until the person's own log says otherwise.
SURVEY_WALL = ScreenOut(probability=0.5, minutes=5.0)
# Studies that screen inside the study (flagged at parse time) or listings flagged with a screen-out risk.
IN_STUDY_SCREENING = ScreenOut(probability=0.3, minutes=2.0)
NO_SCREENING = ScreenOut(probability=0.0, minutes=0.0)
SURVEY_WALLS = frozenset({"swagbucks", "surveyjunkie"})
