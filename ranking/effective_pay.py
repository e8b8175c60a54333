"""Expected pay per hour of real time: what a listing pays on average over the minutes it really costs.

rate = (reward · P(paid) + screen-out pay · P(screened out)) ÷ (minutes worked, including screen-outs and
abandoned attempts) × (1 + search overhead) · 60. The band comes from the p90 and p10 minutes; the probability of
clearing the minimum treats log minutes as normal with the band's spread, and is never certain for a time estimate.
"""

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ranking.priors import MOST_LIKELY, RETURNED_TIME_SHARE, SEARCH_OVERHEAD, Z90


def expected_rates(
    amount: np.ndarray,
    amount_max: np.ndarray,
    screen_out_amount: np.ndarray,
    hourly: np.ndarray,
    minutes: pd.DataFrame,
    risks: pd.DataFrame,
    minimum: float,
) -> pd.DataFrame:
    """Columns rate_per_hour, rate_low, rate_high, p_paid, p_above_minimum; amounts already in the profile currency.

    An hourly listing with a range (amount to amount_max) reads the range as its p10–p90 and its geometric middle as
    the expected rate.
    """
    p_screen = risks["p_screen_out"].to_numpy(dtype=float)
    p_return = risks["p_return"].to_numpy(dtype=float)
    p_reject = risks["p_reject"].to_numpy(dtype=float)
    screen_minutes = risks["screen_out_minutes"].to_numpy(dtype=float)
    p_paid = (1 - p_screen) * (1 - p_return) * (1 - p_reject)
    pay = amount * p_paid + np.nan_to_num(screen_out_amount) * p_screen
    attempt_share = (1 - p_screen) * (1 - p_return * RETURNED_TIME_SHARE)
    overhead = 1 + SEARCH_OVERHEAD

    def rate(task_minutes: np.ndarray) -> np.ndarray:
        return pay * 60 / ((attempt_share * task_minutes + p_screen * screen_minutes) * overhead)

    p10, p50, p90 = (minutes[c].to_numpy(dtype=float) for c in ("minutes_p10", "minutes_used", "minutes_p90"))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected, low, high = rate(p50), rate(p90), rate(p10)
        # Minutes at which the rate equals the minimum; the task clears the minimum when it takes less than that.
        break_even = (pay * 60 / (minimum * overhead) - p_screen * screen_minutes) / attempt_share
        sigma = np.maximum((np.log(p90) - np.log(p10)) / (2 * Z90), 1e-6)
        above = np.where(break_even > 0, ndtr((np.log(np.maximum(break_even, 1e-12)) - np.log(p50)) / sigma), 0.0)
        above = np.minimum(above, MOST_LIKELY)
        stated_low = (1 - p_reject) * amount / overhead
        stated_high = (1 - p_reject) * np.where(np.isnan(amount_max), amount, amount_max) / overhead
        stated = np.sqrt(stated_low * stated_high)
        stated_sigma = np.maximum((np.log(stated_high) - np.log(stated_low)) / (2 * Z90), 1e-6)
        stated_above = ndtr((np.log(stated) - np.log(minimum)) / stated_sigma)
    return pd.DataFrame(
        {
            "rate_per_hour": np.where(hourly, stated, expected),
            "rate_low": np.where(hourly, stated_low, low),
            "rate_high": np.where(hourly, stated_high, high),
            "p_paid": np.where(hourly, 1 - p_reject, p_paid),
            "p_above_minimum": np.where(hourly, stated_above, above),
        },
        index=minutes.index,
    )
