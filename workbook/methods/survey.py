"""Survey arithmetic shared by the survey (stage 3) and monitoring stages.

Formulas (methodology brief §3): n₀ = z²·p(1−p)/e², n = n₀ ÷ (1 + (n₀ − 1)/N);
Kish n_eff = (Σw)² ÷ Σw²; margin of error = z·√(p(1−p)/n_eff). Raking (iterative proportional fitting)
is done by the ``ipfn`` library.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = ["allocate", "kish_effective_n", "margin_of_error", "rake", "sample_size", "weighted_share", "z_score"]


def z_score(confidence: float) -> float:
    """The two-sided standard-normal quantile for ``confidence`` (1.96 for 0.95)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def sample_size(population: float, margin: float = 0.05, confidence: float = 0.95, p: float = 0.5) -> int:
    """Interviews needed for a margin of error ``margin`` with the finite-population correction.

    Args:
        population: N, the number of units sampled from (households or adults).
        margin: e, the half-width of the confidence interval as a share (0.05 = ±5 points).
        confidence: the confidence level.
        p: the expected share; 0.5 gives the largest (safest) sample.

    Returns:
        n rounded up; never more than the population.
    """
    if population <= 0 or not 0 < margin < 1:
        raise ValueError(f"need population > 0 and 0 < margin < 1 (got {population}, {margin})")
    z = z_score(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    return int(min(population, math.ceil(n - 1e-9)))


def allocate(sizes: pd.Series, n: int, minimum: int = 0) -> pd.Series:
    """Split ``n`` interviews across strata in proportion to ``sizes``, each getting at least ``minimum``.

    Proportional shares are rounded by the largest-remainder method, so they add up exactly; strata
    smaller than the minimum get all their units. The total grows above ``n`` only when the minimums
    need it.
    """
    sizes = sizes.astype(float)
    floor = np.minimum(sizes, minimum)
    target = min(sizes.sum(), max(n, floor.sum()))
    quota = sizes / sizes.sum() * target
    result = np.minimum(np.maximum(floor, np.floor(quota)), sizes)
    while result.sum() > target:  # the floors took more than their share: take back from the largest excess
        result[(result - quota).where(result > floor).idxmax()] -= 1
    while result.sum() < target:  # largest remainders first
        result[(quota - result).where(result < sizes).idxmax()] += 1
    return result.astype(int)


def kish_effective_n(weights) -> float:
    """Kish's effective sample size (Σw)² ÷ Σw²."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w * w).sum()) if len(w) else 0.0


def margin_of_error(share: float, n_eff: float, confidence: float = 0.95) -> float:
    """Half-width of the confidence interval of a share estimated from ``n_eff`` effective interviews."""
    if n_eff <= 0:
        return math.nan
    return z_score(confidence) * math.sqrt(share * (1 - share) / n_eff)


def weighted_share(flags, weights) -> float:
    """Weighted share of True among ``flags`` (missing flags are left out)."""
    f = pd.Series(flags, dtype="float64").reset_index(drop=True)
    w = pd.Series(weights, dtype="float64").reset_index(drop=True)
    keep = f.notna()
    return float((f[keep] * w[keep]).sum() / w[keep].sum()) if w[keep].sum() else math.nan


def rake(frame: pd.DataFrame, margins: dict[str, pd.Series], max_iteration: int = 200,
         tolerance: float = 1e-8) -> pd.Series:
    """Raking weights that make the weighted sample match every margin (iterative proportional fitting).

    Args:
        frame: one row per respondent, with the columns named by ``margins``.
        margins: column → population total per category (e.g. ``{"village_id": households, "sex": …}``).
            Every category in the sample must have a total; totals are rescaled to the same grand total.

    Returns:
        Weights (one per row, same index) that sum to the population total of the first margin.
    """
    from ipfn import ipfn

    work = frame[list(margins)].copy()
    work["weight"] = 1.0
    total = float(next(iter(margins.values())).sum())
    aggregates, dimensions = [], []
    for column, totals in margins.items():
        present = totals[totals.index.isin(work[column].unique())].astype(float)
        aggregates.append(present / present.sum() * total)
        aggregates[-1].index.name = column
        dimensions.append([column])
    fitted = ipfn.ipfn(work, aggregates, dimensions, weight_col="weight", max_iteration=max_iteration,
                       convergence_rate=tolerance, verbose=0).iteration()
    return fitted["weight"].rename("weight")
