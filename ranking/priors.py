"""Published figures the ranking rests on when a person has no labels, each with where it comes from.

Sources are quoted in research/pay-figures.md; README "How the ranking works" lists them again.
"""

import math
from dataclasses import dataclass

Z90 = 1.2815515655446004  # standard normal quantile at 0.9

# --- Working time ---
# Hara et al., CHI 2018 (3.8M MTurk tasks, time from pickup to submit, unpaid work left out): median $3.18/h,
# mean $6.19/h. The level of the no-label estimate: a task of the reference reward is timed at this median rate.
OFFERED_RATE_USD = 3.18
# A lognormal with that median and mean has σ = √(2·ln(6.19/3.18)) ≈ 1.15: one task's spread of log pay per hour.
OFFERED_RATE_SPREAD = math.sqrt(2 * math.log(6.19 / 3.18))
# Time grows with the reward, but less than in proportion (shared/real-labels/SOURCE.md: across tasks larger rewards
# go with longer work; within one task the reward tripled and the time did not move). Least squares of log real
# minutes on log reward and log allowance over the real exports' 48 paid groups with 3+ assignments gave 0.67 and
# 0.05: minutes ∝ reward^0.67 · allowance^0.05, so pay per hour still rises with the reward (as reward^0.33).
REWARD_ELASTICITY = 0.67
ALLOWANCE_ELASTICITY = 0.05
# The point the line passes through at Hara's median rate: the exports' geometric-mean reward and allowance.
REFERENCE_REWARD_USD = 0.27
REFERENCE_ALLOWANCE_MINUTES = 80.0
# σ of log(real / estimated minutes) for that line: its residual spread on the exports (0.83) is the band's width.
REWARD_LINE_SPREAD = 0.83
# Real MTurk exports (shared/real-labels/SOURCE.md, 47 HIT groups): the allowance is a median 19× the working time
# (10th–90th percentile 2.1× to 310×); used only when the reward cannot be converted to dollars.
ALLOWANCE_TO_WORK_RATIO = 19.0
ALLOWANCE_RATIO_SPREAD = math.log(310 / 2.1) / (2 * Z90)
# TurkPrime 2015: "The average Worker takes 10.3 seconds to answer a single question".
SECONDS_PER_QUESTION = 10.3
# Any other counted item (a text to label, an image, a sentence): the real exports' "Annotate 11 prompt-response
# text items" groups took a median 5.2 and 6.0 minutes, about 30 s an item.
SECONDS_PER_ITEM = 30.0
# Transcription takes about 4 minutes of work per audio minute (Rev's guidance and worker reports).
AUDIO_WORK_FACTOR = 4.0
# Kinds of work from a listing's words (TurkScanner's keyword families), as log-factors on the reward line. The real
# exports' residuals: describing or writing ran 2.5× the line (6 groups, one requester), selecting among given
# options 0.44× (3 groups, one requester); each rests on one requester, so half of each log-factor is used.
KIND_LOG_FACTORS = {
    "writing": 0.45,
    "recording": 0.45,
    "selection": -0.40,
}
# Nothing is estimated below 15 s: the shortest real median in the exports is 21 s (0.35 min).
SHORTEST_MINUTES = 0.25
# σ of log(real / estimated minutes) per time source. "reward" and "allowance" are derived above; the rest are
# assumptions (no published spread): a platform's average ±0.3 for one worker; a requester's own hint in the title
# ±0.5, in the description ±0.7 (it may describe part of the work); an estimate stated by the platform ±0.6 (about
# 70% within 75% error, near TurkScanner's 69.6%); audio × 4 and question counts ±0.6.
TIME_SPREAD = {
    "observed": 0.3,
    "hint": 0.5,
    "description_hint": 0.7,
    "reward": REWARD_LINE_SPREAD,
    "allowance": ALLOWANCE_RATIO_SPREAD,
    "audio": 0.6,
    "estimate": 0.6,
    "questions": 0.6,
}
# A hint further than this many σ (two-sided 99%) from what the reward buys is implausible for its pay (a clip's length
# read as the task's): the reward line times the task, marked weak, and its band reaches the hint.
IMPLAUSIBLE_Z = 2.576
# No estimate is certain: the chance of clearing a minimum is at most this.
MOST_LIKELY = 0.99

# --- Unpaid time ---

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
