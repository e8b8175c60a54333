"""Converting amounts between currencies with rates quoted as units per US dollar."""

import numpy as np
import pandas as pd


class MissingRate(ValueError):
    pass


def conversion_factors(currencies: pd.Series, target: str, per_usd: dict[str, float]) -> pd.Series:
    """Multiply an amount in each row's currency by this to get the target currency; NaN where no rate is known."""
    if target not in per_usd:
        raise MissingRate(f"no exchange rate for the profile currency {target}; add it under [fx] in the config")
    source = currencies.map(per_usd).astype(float)
    return per_usd[target] / source.replace(0, np.nan)
