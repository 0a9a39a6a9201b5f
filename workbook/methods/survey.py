"""Survey arithmetic shared by the survey (stage 3) and monitoring (stage 11) stages.

Formulas (methodology brief §3): n₀ = z²·p(1−p)/e², n = n₀ ÷ (1 + (n₀ − 1)/N);
Kish n_eff = (Σw)² ÷ Σw²; margin of error = z·√(p(1−p)/n_eff). Raking (iterative proportional fitting)
is done by the ``ipfn`` library on the table of respondent counts, so every respondent in the same
combination of categories gets the same weight.

Estimates carry their margin of error: a share or a mean is an ``Estimate`` (value, margin of error,
respondents, effective respondents), so nothing is shown without its uncertainty.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = ["Estimate", "TOP_BOX", "allocate", "estimate_mean", "estimate_share", "initial_sample_size", "kish_effective_n",
           "margin_fit", "margin_of_error", "rake", "sample_size", "satisfaction", "satisfaction_index",
           "weighted_share", "z_score"]

#: Satisfaction scores counted as satisfied ("top-2 box") on the 1–5 scale.
TOP_BOX = (4, 5)


def z_score(confidence: float) -> float:
    """The two-sided standard-normal quantile for ``confidence``.

    Args:
        confidence: the confidence level, e.g. 0.95.

    Returns:
        z, e.g. 1.959964 for 0.95.

    Raises:
        ValueError: when ``confidence`` is not between 0 and 1.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def initial_sample_size(margin: float = 0.05, confidence: float = 0.95, p: float = 0.5) -> float:
    """n₀ = z²·p(1−p)/e²: the interviews needed from a very large population.

    Args:
        margin: e, the half-width of the confidence interval as a share (0.05 = ±5 points).
        confidence: the confidence level.
        p: the expected share; 0.5 gives the largest (safest) sample.

    Returns:
        n₀, not rounded.

    Raises:
        ValueError: when ``margin`` or ``confidence`` is not between 0 and 1.
    """
    if not 0 < margin < 1:
        raise ValueError(f"margin must be between 0 and 1 (got {margin})")
    z = z_score(confidence)
    return z * z * p * (1 - p) / (margin * margin)


def sample_size(population: float, margin: float = 0.05, confidence: float = 0.95, p: float = 0.5) -> int:
    """Interviews needed for a margin of error ``margin`` with the finite-population correction.

    Args:
        population: N, the number of units sampled from (households or adults).
        margin: e, the half-width of the confidence interval as a share (0.05 = ±5 points).
        confidence: the confidence level.
        p: the expected share; 0.5 gives the largest (safest) sample.

    Returns:
        n = n₀ ÷ (1 + (n₀ − 1)/N) rounded up; never more than the population.

    Raises:
        ValueError: for a population that is not positive, or a margin not between 0 and 1.
    """
    if population <= 0 or not 0 < margin < 1:
        raise ValueError(f"need population > 0 and 0 < margin < 1 (got {population}, {margin})")
    n0 = initial_sample_size(margin, confidence, p)
    n = n0 / (1 + (n0 - 1) / population)
    return int(min(population, math.ceil(n - 1e-9)))


def allocate(sizes: pd.Series, n: int, minimum: int = 0) -> pd.Series:
    """Split ``n`` interviews across strata in proportion to ``sizes``, each getting at least ``minimum``.

    Strata whose proportional share falls below the minimum get the minimum (or all their units, when
    they are smaller than that); the interviews left are shared in proportion among the other strata,
    repeating until no share falls below the minimum. Shares are rounded by the largest-remainder
    method, so they add up exactly. The total grows above ``n`` only when the minimums need it.

    Args:
        sizes: stratum → number of units (e.g. households per village).
        n: the interviews wanted.
        minimum: the fewest interviews in any stratum.

    Returns:
        Stratum → interviews (integers, same index as ``sizes``).

    Raises:
        ValueError: when there are no units at all.
    """
    sizes = sizes.astype(float)
    if sizes.sum() <= 0:
        raise ValueError("allocate needs strata with units")
    floor = np.minimum(sizes, minimum)
    target = min(sizes.sum(), max(n, floor.sum()))
    fixed = pd.Series(np.nan, index=sizes.index)
    while True:
        free = fixed.isna() & (sizes > 0)
        remaining = target - fixed.sum()
        quota = sizes[free] / sizes[free].sum() * remaining if free.any() else sizes[free]
        low = quota < floor[free] - 1e-9
        high = quota > sizes[free] + 1e-9
        if low.any():  # raise the small strata to the minimum first, then share the rest again
            fixed[low[low].index] = floor[low[low].index]
        elif high.any():  # a stratum cannot give more interviews than it has units
            fixed[high[high].index] = sizes[high[high].index]
        else:
            break
    result = fixed.fillna(0.0)
    base = np.floor(quota + 1e-9)
    result[quota.index] = base
    short = int(round(target - result.sum()))
    ahead = (quota - base).sort_values(ascending=False, kind="stable").index[:short]
    result[ahead] += 1
    return result.astype(int)


def kish_effective_n(weights) -> float:
    """Kish's effective sample size (Σw)² ÷ Σw².

    Args:
        weights: the weights of the respondents in the estimate.

    Returns:
        n_eff (0 for no respondents); it equals the count when all weights are equal.
    """
    w = _floats(weights)
    w = w[~np.isnan(w)]
    return float(w.sum() ** 2 / (w * w).sum()) if len(w) and (w * w).sum() > 0 else 0.0


def margin_of_error(share: float, n_eff: float, confidence: float = 0.95) -> float:
    """Half-width of the confidence interval of a share estimated from ``n_eff`` effective interviews.

    Args:
        share: the estimated share p (0–1).
        n_eff: the effective number of interviews.
        confidence: the confidence level.

    Returns:
        z·√(p(1−p)/n_eff), or NaN when there are no interviews or no share.
    """
    if n_eff <= 0 or share is None or math.isnan(share):
        return math.nan
    return z_score(confidence) * math.sqrt(share * (1 - share) / n_eff)


def weighted_share(flags, weights) -> float:
    """Weighted share of True among ``flags`` (missing flags are left out).

    Args:
        flags: booleans (or 0/1), missing allowed.
        weights: one weight per flag.

    Returns:
        Σw·flag ÷ Σw over the answered flags, or NaN when nobody answered.
    """
    f, w = _floats(flags), _floats(weights)
    keep = ~np.isnan(f)
    return float((f[keep] * w[keep]).sum() / w[keep].sum()) if w[keep].sum() else math.nan


@dataclass(frozen=True)
class Estimate:
    """A weighted estimate with its margin of error.

    Attributes:
        value: the share (0–1) or mean; NaN when nobody answered.
        moe: the margin of error at the chosen confidence (same unit as ``value``).
        n: respondents who answered.
        n_eff: Kish's effective number of respondents.
    """

    value: float
    moe: float
    n: int
    n_eff: float


def estimate_share(flags, weights, confidence: float = 0.95) -> Estimate:
    """The weighted share of True among ``flags`` with its margin of error.

    Args:
        flags: booleans (or 0/1), missing allowed (left out).
        weights: one weight per flag.
        confidence: the confidence level of the margin of error.

    Returns:
        An ``Estimate``: p = Σw·flag ÷ Σw, moe = z·√(p(1−p)/n_eff), n_eff = (Σw)² ÷ Σw² of the answers.
    """
    f, w = _floats(flags), _floats(weights)
    keep = ~np.isnan(f)
    n_eff = kish_effective_n(w[keep])
    share = weighted_share(f[keep], w[keep]) if keep.any() else math.nan
    return Estimate(share, margin_of_error(share, n_eff, confidence), int(keep.sum()), n_eff)


def estimate_mean(values, weights, confidence: float = 0.95) -> Estimate:
    """The weighted mean of ``values`` with its margin of error.

    Args:
        values: numbers, missing allowed (left out).
        weights: one weight per value.
        confidence: the confidence level of the margin of error.

    Returns:
        An ``Estimate``: x̄ = Σw·x ÷ Σw, moe = z·s/√n_eff with the weighted variance
        s² = Σw(x − x̄)² ÷ Σw (for 0/1 values this is the share's formula).
    """
    x, w = _floats(values), _floats(weights)
    keep = ~np.isnan(x)
    x, w = x[keep], w[keep]
    if not len(x) or w.sum() <= 0:
        return Estimate(math.nan, math.nan, int(len(x)), 0.0)
    mean = float((w * x).sum() / w.sum())
    variance = float((w * (x - mean) ** 2).sum() / w.sum())
    n_eff = kish_effective_n(w)
    return Estimate(mean, z_score(confidence) * math.sqrt(variance / n_eff), int(len(x)), n_eff)


def satisfaction_index(mean: float) -> float:
    """The 0–100 satisfaction index of a mean score on the 1–5 scale: (mean − 1) ÷ 4 × 100.

    Args:
        mean: the mean satisfaction score (1–5).

    Returns:
        0 when everyone answers 1, 100 when everyone answers 5.
    """
    return (mean - 1) / 4 * 100


def satisfaction(scores, weights, confidence: float = 0.95) -> dict:
    """Mean, top-2-box share, 0–100 index and the distribution of 1–5 satisfaction scores.

    Args:
        scores: scores 1–5, missing allowed (left out).
        weights: one weight per score.
        confidence: the confidence level of the margins of error.

    Returns:
        A dict with ``mean`` and ``top2`` (``Estimate`` each), ``index`` and ``index_moe`` (the mean and
        its margin of error on the 0–100 scale) and ``distribution`` (weighted shares of 1, 2, 3, 4, 5).
    """
    s, w = _floats(scores), _floats(weights)
    keep = ~np.isnan(s)
    s, w = s[keep], w[keep]
    mean = estimate_mean(s, w, confidence)
    top2 = estimate_share(np.isin(s, TOP_BOX), w, confidence)
    total = w.sum()
    distribution = [float(w[s == k].sum() / total) if total else math.nan for k in range(1, 6)]
    return {"mean": mean, "top2": top2, "index": satisfaction_index(mean.value), "index_moe": mean.moe / 4 * 100,
            "distribution": distribution}


def rake(frame: pd.DataFrame, margins: dict[str, pd.Series], max_iteration: int = 500,
         tolerance: float = 1e-10) -> pd.Series:
    """Raking weights that make the weighted sample match every margin (iterative proportional fitting).

    The respondents are counted in the table of all margin categories (e.g. village × sex-and-age), and
    ``ipfn`` fits that table to the margins; each respondent's weight is the fitted cell total divided
    by the number of respondents in the cell.

    Args:
        frame: one row per respondent, with the columns named by ``margins``.
        margins: column → population total per category (e.g. ``{"village_id": adults, "group": …}``).
            Categories nobody in the sample belongs to are left out and the remaining totals of every
            margin are rescaled to the grand total of the first margin.
        max_iteration: the most rounds of fitting.
        tolerance: stop when every margin is within this relative distance of its total.

    Returns:
        Weights, one per row with the same index as ``frame``, summing to the first margin's total.

    Raises:
        ValueError: when a category in the sample has no positive total in its margin.
    """
    from ipfn import ipfn

    columns = list(margins)
    total = float(next(iter(margins.values())).sum())
    codes, aggregates = [], []
    for column in columns:
        totals = margins[column].astype(float)
        present = pd.unique(frame[column])
        lacking = [c for c in present if not (c in totals.index and totals[c] > 0)]
        if lacking:
            raise ValueError(f"rake: no positive total for {column} = {', '.join(map(str, lacking))}")
        kept = totals[totals.index.isin(present)]
        codes.append(pd.Categorical(frame[column], categories=kept.index).codes)
        aggregates.append((kept / kept.sum() * total).to_numpy())
    counts = np.zeros([len(a) for a in aggregates])
    np.add.at(counts, tuple(codes), 1.0)
    fitter = ipfn.ipfn(counts.copy(), aggregates, [[i] for i in range(len(columns))], convergence_rate=tolerance,
                       max_iteration=max_iteration, verbose=0, rate_tolerance=tolerance * 1e-2)
    with contextlib.redirect_stdout(io.StringIO()):  # ipfn prints its stopping reason
        fitted = fitter.iteration()
    cell_weight = np.divide(fitted, counts, out=np.zeros_like(fitted), where=counts > 0)
    return pd.Series(cell_weight[tuple(codes)], index=frame.index, name="weight")


def margin_fit(frame: pd.DataFrame, weights: pd.Series, margins: dict[str, pd.Series]) -> float:
    """How far weighted totals are from the margins: the largest relative gap over the sampled categories.

    Args:
        frame: one row per respondent, with the columns named by ``margins``.
        weights: the weights (same index as ``frame``).
        margins: as for ``rake``.

    Returns:
        max |weighted total ÷ target − 1|, with targets rescaled as ``rake`` does; 0 for a perfect fit.
    """
    total = float(weights.sum())
    worst = 0.0
    for column, totals in margins.items():
        present = totals[totals.index.isin(pd.unique(frame[column]))].astype(float)
        target = present / present.sum() * total
        got = weights.groupby(frame[column]).sum().reindex(target.index)
        worst = max(worst, float((got / target - 1).abs().max()))
    return worst


def _floats(values) -> np.ndarray:
    """Numbers (or booleans) as a float array with NaN for missing."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values if values.dtype.kind == "f" else values.astype(float)
    return pd.array(np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values,
                    dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
