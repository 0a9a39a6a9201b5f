"""Weighted survey result tables: satisfaction, breakdowns, priorities, willingness to pay, coping costs.

Each function takes the respondents with a ``weight`` column and returns one table with a margin of
error beside every share. A row resting on fewer than ``min_cell`` respondents has its figures left
missing and ``suppressed`` set, so small groups are never shown as precise numbers. Stage 3 shows these
tables; stage 11 computes them again for the next survey round and compares.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from workbook.i18n import N_
from workbook.methods.survey import estimate_mean, estimate_share, satisfaction

__all__ = ["COPING", "POINTS", "QUADRANTS", "breakdown_table", "coping_table", "ipa_table", "priority_table",
           "satisfaction_table", "wtp_table"]

#: Points for a service ranked 1st, 2nd and 3rd.
POINTS = {"priority_1": 3, "priority_2": 2, "priority_3": 1}

#: Corners of the importance–performance chart: id → label.
QUADRANTS = {
    "concentrate": N_("Concentrate here"),
    "keep_up": N_("Keep up the good work"),
    "low_priority": N_("Low priority"),
    "overkill": N_("Possible overkill"),
}

#: Coping costs: id → label.
COPING = {
    "buys_water": N_("Households buying drinking water"),
    "water_spend_buyers": N_("Monthly spend on bought water, households that buy"),
    "water_spend_all": N_("Monthly spend on bought water, all households"),
    "water_spend_year": N_("Yearly spend on bought water, whole municipality"),
    "own_well": N_("Households using their own well or spring"),
    "burns_waste": N_("Households burning or burying waste"),
}

_NAN = math.nan


def _rated(ratings: pd.DataFrame, respondents: pd.DataFrame) -> dict[str, np.ndarray]:
    """The ratings joined to their respondents, as arrays: satisfaction counts only for users."""
    keep = ["respondent_id", "weight", "village_id", "sex", "age_group", "vulnerable"]
    rated = ratings.merge(respondents[keep], on="respondent_id", how="inner")
    uses = rated["uses_service"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    scores = rated["satisfaction"].astype(float).to_numpy()
    return {"service_id": rated["service_id"].to_numpy(), "weight": rated["weight"].to_numpy(dtype=float),
            "uses": rated["uses_service"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
            "satisfaction": np.where(uses, scores, np.nan), "importance": rated["importance"].astype(float).to_numpy(),
            "village_id": rated["village_id"].to_numpy(), "sex": rated["sex"].to_numpy(),
            "age_group": rated["age_group"].to_numpy(),
            "vulnerable": rated["vulnerable"].map({True: "yes", False: "no"}).to_numpy()}


def _satisfaction_row(scores: np.ndarray, weights: np.ndarray, confidence: float, min_cell: int) -> dict:
    found = satisfaction(scores, weights, confidence)
    n = found["mean"].n
    row = {"n": n, "n_eff": found["mean"].n_eff, "suppressed": n < min_cell}
    if row["suppressed"]:
        return row | {k: _NAN for k in ("mean", "top2", "top2_moe", "index", "index_moe", "d1", "d2", "d3", "d4", "d5")}
    return row | {"mean": found["mean"].value, "top2": found["top2"].value, "top2_moe": found["top2"].moe,
                  "index": found["index"], "index_moe": found["index_moe"],
                  **{f"d{k}": share for k, share in enumerate(found["distribution"], start=1)}}


def satisfaction_table(ratings: pd.DataFrame, respondents: pd.DataFrame, services: pd.DataFrame,
                       confidence: float, min_cell: int) -> pd.DataFrame:
    """Use, satisfaction and importance of every service.

    Args:
        ratings: the ``survey_ratings`` table.
        respondents: the respondents with a ``weight`` column.
        services: the case's services (``service_id``, ``name``), in the order to list them.
        confidence: the confidence level of the margins of error.
        min_cell: rows with fewer respondents are suppressed.

    Returns:
        One row per service: ``rated`` (respondents who answered about it), ``use_share`` ± ``use_moe``,
        ``n`` users who gave a score, ``n_eff``, ``mean``, ``top2`` ± ``top2_moe``, ``index`` ±
        ``index_moe``, the distribution ``d1``–``d5``, ``importance`` (mean 1–5 among all who answered)
        with ``importance_n``, and ``suppressed`` (too few users who scored it).
    """
    rated = _rated(ratings, respondents)
    rows = []
    for sid, name in zip(services["service_id"], services["name"]):
        mask = rated["service_id"] == sid
        w = rated["weight"][mask]
        use = estimate_share(rated["uses"][mask], w, confidence)
        importance = estimate_mean(rated["importance"][mask], w, confidence)
        row = {"service_id": sid, "service": name, "rated": use.n,
               "use_share": use.value if use.n >= min_cell else _NAN,
               "use_moe": use.moe if use.n >= min_cell else _NAN,
               "importance": importance.value if importance.n >= min_cell else _NAN,
               "importance_n": importance.n}
        rows.append(row | _satisfaction_row(rated["satisfaction"][mask], w, confidence, min_cell))
    return pd.DataFrame(rows)


def breakdown_table(ratings: pd.DataFrame, respondents: pd.DataFrame, services: pd.DataFrame, groups: dict,
                    confidence: float, min_cell: int) -> pd.DataFrame:
    """Satisfaction with every service within groups of respondents.

    Args:
        ratings: the ``survey_ratings`` table.
        respondents: the respondents with a ``weight`` column.
        services: the case's services, in the order to list them.
        groups: dimension (a respondents column) → list of ``(group, group name)`` in the order to show;
            the name is a village's name or the message naming a sex, age or vulnerability group.
        confidence: the confidence level of the margins of error.
        min_cell: cells with fewer users who scored the service are suppressed.

    Returns:
        One row per dimension × group × service: ``n``, ``n_eff``, ``mean``, ``top2`` ± ``top2_moe``,
        ``index`` ± ``index_moe``, ``d1``–``d5`` and ``suppressed``. Vulnerability groups are ``yes`` and ``no``.
    """
    rated = _rated(ratings, respondents)
    by_service = {sid: rated["service_id"] == sid for sid in services["service_id"]}
    rows = []
    for dimension, members in groups.items():
        for group, group_name in members:
            in_group = rated[dimension] == group
            for sid, name in zip(services["service_id"], services["name"]):
                mask = in_group & by_service[sid]
                rows.append({"dimension": dimension, "group": group, "group_name": group_name, "service_id": sid,
                             "service": name}
                            | _satisfaction_row(rated["satisfaction"][mask], rated["weight"][mask], confidence, min_cell))
    return pd.DataFrame(rows)


def priority_table(respondents: pd.DataFrame, services: pd.DataFrame, confidence: float,
                   min_cell: int) -> pd.DataFrame:
    """Citizen priority per service from the 1st/2nd/3rd choices (3, 2 and 1 points, weighted).

    Respondents who named no service at all are left out. A service named twice by the same respondent
    counts once, with its higher rank.

    Args:
        respondents: the respondents with a ``weight`` column and ``priority_1``–``priority_3``.
        services: the case's services, in the order to list them.
        confidence: the confidence level of the margins of error.
        min_cell: with fewer answering respondents every row is suppressed.

    Returns:
        One row per service: ``points`` (weighted mean points per respondent, 0–3) ± ``points_moe``,
        ``score`` = points ÷ 3 × 100 ± ``score_moe``, ``first_share`` ± ``first_moe`` (named it first),
        ``top3_share`` ± ``top3_moe`` (named it at all), ``n``, ``rank`` (1 = most points) and ``suppressed``.
    """
    answered = respondents[respondents[list(POINTS)].notna().any(axis=1)]
    rows = []
    for sid, name in zip(services["service_id"], services["name"]):
        points = np.zeros(len(answered))
        for column, value in POINTS.items():
            points = np.maximum(points, np.where(answered[column].to_numpy() == sid, value, 0))
        mean = estimate_mean(points, answered["weight"], confidence)
        first = estimate_share(answered["priority_1"].to_numpy() == sid, answered["weight"], confidence)
        top3 = estimate_share(points > 0, answered["weight"], confidence)
        shown = len(answered) >= min_cell
        rows.append({"service_id": sid, "service": name, "n": len(answered), "suppressed": not shown,
                     "points": mean.value if shown else _NAN, "points_moe": mean.moe if shown else _NAN,
                     "score": mean.value / 3 * 100 if shown else _NAN, "score_moe": mean.moe / 3 * 100 if shown else _NAN,
                     "first_share": first.value if shown else _NAN, "first_moe": first.moe if shown else _NAN,
                     "top3_share": top3.value if shown else _NAN, "top3_moe": top3.moe if shown else _NAN})
    table = pd.DataFrame(rows)
    table["rank"] = table["points"].rank(ascending=False, method="min")
    return table


def wtp_table(wtp: pd.DataFrame, respondents: pd.DataFrame, services: pd.DataFrame, ladder, confidence: float,
              min_cell: int) -> pd.DataFrame:
    """The willingness-to-pay curve: the weighted share willing to pay at least each price of the ladder.

    Args:
        wtp: the ``survey_wtp`` table (highest monthly price each respondent accepted per service).
        respondents: the respondents with a ``weight`` column.
        services: the case's services, in the order to list them.
        ladder: the prices asked, lowest first.
        confidence: the confidence level of the margins of error.
        min_cell: services with fewer answers are suppressed.

    Returns:
        One row per service with answers × price: ``price``, ``share`` ± ``moe``, ``n`` and ``suppressed``.
    """
    answers = wtp.merge(respondents[["respondent_id", "weight"]], on="respondent_id", how="inner")
    rows = []
    for sid, name in zip(services["service_id"], services["name"]):
        part = answers[answers["service_id"] == sid]
        if part.empty:
            continue
        for price in ladder:
            found = estimate_share(part["max_price_som"].to_numpy() >= price - 1e-9, part["weight"], confidence)
            shown = found.n >= min_cell
            rows.append({"service_id": sid, "service": name, "price": float(price), "n": found.n,
                         "share": found.value if shown else _NAN, "moe": found.moe if shown else _NAN,
                         "suppressed": not shown})
    return pd.DataFrame(rows, columns=["service_id", "service", "price", "n", "share", "moe", "suppressed"])


def ipa_table(satisfaction_rows: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
    """The importance–performance quadrant of every service with both figures.

    Args:
        satisfaction_rows: the table from ``satisfaction_table``.

    Returns:
        ``(table, importance split, satisfaction split)``: one row per service with ``importance``,
        ``satisfaction`` (mean 1–5 of users), ``quadrant_id`` and ``quadrant`` (a ``QUADRANTS`` label);
        the splits are the means over those services. High importance with satisfaction below the split
        is "concentrate here".
    """
    table = satisfaction_rows[["service_id", "service", "importance", "mean"]].rename(columns={"mean": "satisfaction"})
    table = table.dropna(subset=["importance", "satisfaction"]).reset_index(drop=True)
    if table.empty:
        return table.assign(quadrant_id=pd.Series(dtype=object), quadrant=pd.Series(dtype=object)), _NAN, _NAN
    imp_split, sat_split = float(table["importance"].mean()), float(table["satisfaction"].mean())
    important = table["importance"] >= imp_split
    satisfied = table["satisfaction"] >= sat_split
    table["quadrant_id"] = np.select([important & ~satisfied, important & satisfied, ~important & ~satisfied],
                                     ["concentrate", "keep_up", "low_priority"], "overkill")
    table["quadrant"] = table["quadrant_id"].map(QUADRANTS)
    return table, imp_split, sat_split


def coping_table(respondents: pd.DataFrame, households: float, confidence: float, min_cell: int) -> pd.DataFrame:
    """What households spend or do to make up for poor services.

    Args:
        respondents: the respondents with a ``weight`` column, ``bottled_water_som``, ``own_well`` and
            ``burns_waste``.
        households: the municipality's households (to scale the yearly spend up).
        confidence: the confidence level of the margins of error.
        min_cell: rows with fewer answers are suppressed.

    Returns:
        One row per ``COPING`` item: ``share`` ± ``share_moe`` for the shares, ``amount_som`` ±
        ``amount_moe`` for the amounts (the yearly spend = monthly spend of all households × 12 ×
        households, rounded with its margin to three significant figures, as befits an estimate),
        ``n`` and ``suppressed``.
    """
    w = respondents["weight"]
    spend = respondents["bottled_water_som"].astype(float)
    buys = spend.gt(0).where(spend.notna())
    buyers = spend.gt(0)
    found = {
        "buys_water": ("share", estimate_share(buys, w, confidence)),
        "water_spend_buyers": ("amount", estimate_mean(spend[buyers], w[buyers], confidence)),
        "water_spend_all": ("amount", estimate_mean(spend, w, confidence)),
        "own_well": ("share", estimate_share(respondents["own_well"], w, confidence)),
        "burns_waste": ("share", estimate_share(respondents["burns_waste"], w, confidence)),
    }
    all_spend = found["water_spend_all"][1]
    rows = []
    for item, label in COPING.items():
        kind, est = found.get(item, ("amount", all_spend))
        yearly = item == "water_spend_year"
        amount, moe = (_significant(est.value * 12 * households), _significant(est.moe * 12 * households)) \
            if yearly else (est.value, est.moe)
        shown = est.n >= min_cell
        rows.append({"item_id": item, "item": label, "n": est.n, "suppressed": not shown,
                     "share": est.value if shown and kind == "share" else _NAN,
                     "share_moe": est.moe if shown and kind == "share" else _NAN,
                     "amount_som": amount if shown and kind == "amount" else _NAN,
                     "amount_moe": moe if shown and kind == "amount" else _NAN})
    return pd.DataFrame(rows)


def _significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures (NaN and 0 stay as they are)."""
    if not value or value != value:
        return value
    return float(round(value, digits - 1 - int(math.floor(math.log10(abs(value))))))
