"""Expected pay per hour of real time: what a listing pays on average over the minutes it really costs.

rate = (reward · P(paid) + screen-out pay · P(screened out)) ÷ (minutes worked, including screen-outs and
abandoned attempts) × (1 + search overhead) · 60. The band comes from the p90 and p10 minutes; the probability of
clearing the minimum treats log minutes as normal with the band's spread, and is never certain for a time estimate.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ranking.priors import MOST_LIKELY, RETURNED_TIME_SHARE, SEARCH_OVERHEAD, Z90


@dataclass(frozen=True)
class Rates:
    """Expected rates with their band and the chance of being paid, and what the chance of clearing a minimum needs;
    rates scale with the currency, so one computation in US dollars serves every profile."""

    rate_per_hour: np.ndarray
    rate_low: np.ndarray
    rate_high: np.ndarray
    p_paid: np.ndarray
    _pay_per_hour: np.ndarray  # paid per attempt, ×60, over the search overhead
    _screen_minutes: np.ndarray
    _attempt_share: np.ndarray
    _log_p50: np.ndarray
    _sigma: np.ndarray
    _hourly: np.ndarray
    _log_stated: np.ndarray
    _stated_sigma: np.ndarray

    def p_above(self, minimum: float, rows: np.ndarray | None = None) -> np.ndarray:
        """The chance each row (or each of `rows`) clears `minimum`, in the currency the rates are in."""
        pick = (lambda a: a) if rows is None else (lambda a: a[rows])
        with np.errstate(divide="ignore", invalid="ignore"):
            # Minutes at which the rate equals the minimum; the task clears the minimum when it takes less than that.
            break_even = (pick(self._pay_per_hour) / minimum - pick(self._screen_minutes)) / pick(self._attempt_share)
            z = (np.log(np.maximum(break_even, 1e-12)) - pick(self._log_p50)) / pick(self._sigma)
            above = np.minimum(np.where(break_even > 0, ndtr(z), 0.0), MOST_LIKELY)
            stated = ndtr((pick(self._log_stated) - np.log(minimum)) / pick(self._stated_sigma))
        return np.where(pick(self._hourly), stated, above)


def rates_of(
    amount: np.ndarray,
    amount_max: np.ndarray,
    screen_out_amount: np.ndarray,
    hourly: np.ndarray,
    minutes: pd.DataFrame,
    risks: pd.DataFrame,
) -> Rates:
    """Rates in the amounts' currency. An hourly listing with a range (amount to amount_max) reads the range as its
    p10–p90 and its geometric middle as the expected rate."""
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
        sigma = np.maximum((np.log(p90) - np.log(p10)) / (2 * Z90), 1e-6)
        stated_low = (1 - p_reject) * amount / overhead
        stated_high = (1 - p_reject) * np.where(np.isnan(amount_max), amount, amount_max) / overhead
        stated = np.sqrt(stated_low * stated_high)
        stated_sigma = np.maximum((np.log(stated_high) - np.log(stated_low)) / (2 * Z90), 1e-6)
        log_p50, log_stated = np.log(p50), np.log(stated)
    hourly = np.asarray(hourly, dtype=bool)
    return Rates(
        rate_per_hour=np.where(hourly, stated, expected),
        rate_low=np.where(hourly, stated_low, low),
        rate_high=np.where(hourly, stated_high, high),
        p_paid=np.where(hourly, 1 - p_reject, p_paid),
        _pay_per_hour=pay * 60 / overhead,
        _screen_minutes=p_screen * screen_minutes,
        _attempt_share=attempt_share,
        _log_p50=log_p50,
        _sigma=sigma,
        _hourly=hourly,
        _log_stated=log_stated,
        _stated_sigma=stated_sigma,
    )
