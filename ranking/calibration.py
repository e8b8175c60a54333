"""Personal speed: how the person's logged minutes compare with the estimate for the same listings."""

import numpy as np

from ranking.priors import PSEUDO_COUNT


def speed_factor(logged_minutes: np.ndarray, estimated_minutes: np.ndarray) -> tuple[float, int]:
    """(factor, tasks): exp of the mean log ratio, shrunk toward 1 as if PSEUDO_COUNT tasks matched the estimate."""
    ratio = np.log(np.asarray(logged_minutes, dtype=float) / np.asarray(estimated_minutes, dtype=float))
    ratio = ratio[np.isfinite(ratio)]
    return float(np.exp(ratio.sum() / (len(ratio) + PSEUDO_COUNT))), int(len(ratio))
