"""Tariff arithmetic shared by the passport (stage 2), costing (stage 6) and financing (stage 7) stages.

A water tariff is set either per cubic metre (metered users) or per person per month (unmetered users,
charged through a consumption norm). The norm links the two (methodology brief §3):

    m³ per person per month = norm (litres per person per day) × days ÷ 1,000

so a per-m³ tariff has a per-person monthly charge, and a per-person charge has a price per m³.
Money is rounded to the tyiyn (1 som = 100 tyiyn), halves up, with exact decimal arithmetic: in binary
floating point 1.5 × 14.43 is 21.644999…, which ``round`` would take down to 21.64.

Reference figures (Sary-Oi aiyl kenesh resolution No. YI/III of 2 March 2017, Naryn rayon):
14.43 som/m³ for budget institutions; 20 som per person per month at a street standpipe (norm 50 l a
day) and 35 som with a yard tap (norm 87 l a day).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["DAYS_PER_MONTH", "NORMS", "RECOVERY_GUIDANCE", "SARY_OI_2017", "TARIFF_UNITS", "equivalents",
           "monthly_volume_m3", "norm_charge", "price_per_m3", "round_tyiyn"]

#: Days in the month the norms are counted over (a design choice shared with the Sary-Oi tariff).
DAYS_PER_MONTH = 30

#: Consumption norms, litres per person per day (Sary-Oi 2017).
NORMS = {"standpipe": 50.0, "yard_tap": 87.0}

#: Sary-Oi aiyl aimak, 2017: the tariff per m³ and the per-person charges with their norms.
SARY_OI_2017 = {"tariff_per_m3": 14.43, "standpipe_norm": 50.0, "standpipe_charge": 20.0,
                "yard_tap_norm": 87.0, "yard_tap_charge": 35.0}

#: Drinking-water tariffs should cover at least 80–90 % of the cost price (Cabinet of Ministers
#: Resolution No. 320 of 19 June 2024); the lower end is the default threshold of stage 2.
RECOVERY_GUIDANCE = (0.80, 0.90)

#: Tariff units that the consumption norm can convert.
TARIFF_UNITS = ("per_m3", "per_person_month")

_CENT = Decimal("0.01")


def _decimal(value, name: str) -> Decimal:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"{name} is missing")
    return Decimal(str(value))


def _norm(norm_l_per_day, days) -> Decimal:
    norm, days_ = _decimal(norm_l_per_day, "norm_l_per_day"), _decimal(days, "days")
    if norm <= 0 or days_ <= 0:
        raise ValueError(f"norm and days must be positive (got {norm_l_per_day}, {days})")
    return norm * days_ / 1000


def round_tyiyn(amount) -> float:
    """``amount`` in som rounded to the tyiyn, halves up (21.645 → 21.65).

    Args:
        amount: a sum of money in som.

    Returns:
        The sum with two decimals, as a float.
    """
    return float(_decimal(amount, "amount").quantize(_CENT, rounding=ROUND_HALF_UP))


def monthly_volume_m3(norm_l_per_day, days=DAYS_PER_MONTH) -> float:
    """Cubic metres a person uses in a month at a consumption norm: norm × days ÷ 1,000.

    Args:
        norm_l_per_day: the norm in litres per person per day (e.g. 50 at a standpipe).
        days: days in the month.

    Returns:
        m³ per person per month (50 l × 30 days → 1.5 m³).

    Raises:
        ValueError: for a missing, zero or negative norm or number of days.
    """
    return float(_norm(norm_l_per_day, days))


def norm_charge(norm_l_per_day, tariff_per_m3, days=DAYS_PER_MONTH) -> float:
    """The monthly charge per person for a per-m³ tariff: monthly volume at the norm × tariff.

    Args:
        norm_l_per_day: the norm in litres per person per day.
        tariff_per_m3: the tariff in som per m³.
        days: days in the month.

    Returns:
        Som per person per month, rounded to the tyiyn (50 l, 14.43 som/m³ → 1.5 × 14.43 = 21.65).
    """
    return round_tyiyn(_norm(norm_l_per_day, days) * _decimal(tariff_per_m3, "tariff_per_m3"))


def price_per_m3(charge_per_person_month, norm_l_per_day, days=DAYS_PER_MONTH) -> float:
    """The price per m³ a per-person monthly charge amounts to: charge ÷ monthly volume at the norm.

    Args:
        charge_per_person_month: the charge in som per person per month.
        norm_l_per_day: the norm in litres per person per day.
        days: days in the month.

    Returns:
        Som per m³, rounded to the tyiyn (20 som at 50 l → 20 ÷ 1.5 = 13.33).
    """
    return round_tyiyn(_decimal(charge_per_person_month, "charge_per_person_month") / _norm(norm_l_per_day, days))


def equivalents(tariff_som, tariff_unit: str, norm_l_per_day, days=DAYS_PER_MONTH) -> tuple[float, float]:
    """A tariff as both a price per m³ and a charge per person per month, through a norm.

    Args:
        tariff_som: the tariff in its own unit.
        tariff_unit: ``per_m3`` or ``per_person_month`` (codes of the ``tariff_unit`` list).
        norm_l_per_day: the norm in litres per person per day.
        days: days in the month.

    Returns:
        (som per m³, som per person per month); the side that is the tariff itself is returned as given.

    Raises:
        ValueError: for a tariff unit the norm cannot convert, or a missing tariff or norm.
    """
    if tariff_unit == "per_m3":
        return float(_decimal(tariff_som, "tariff_som")), norm_charge(norm_l_per_day, tariff_som, days)
    if tariff_unit == "per_person_month":
        return price_per_m3(tariff_som, norm_l_per_day, days), float(_decimal(tariff_som, "tariff_som"))
    raise ValueError(f"a consumption norm converts only {', '.join(TARIFF_UNITS)} tariffs (got {tariff_unit!r})")
