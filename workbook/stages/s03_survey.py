"""Stage 3: the citizen needs and satisfaction survey.

Design: the interviews needed for a margin of error at a confidence level, with the finite-population
correction over the municipality's households, split across villages in proportion to their households
with a minimum per village; and the questionnaire, built from the case's services.

Analysis of the responses (when the case has them): raking weights to the adults of each village (the
village's share of the population) and to the adults by sex and age group; Kish's effective sample size
and a margin of error on every share; satisfaction per service (mean, top-2-box share, 0–100 index)
overall and by village, sex, age group and vulnerable households; priority points (1st = 3, 2nd = 2,
3rd = 1); willingness to pay at each price of the ladder; the importance–performance quadrant; and what
households spend to cope without good services. Figures resting on fewer than ``min_cell`` respondents
are suppressed (left missing and marked).

Design choices: one adult is interviewed per household, so the sample size is computed over households
while the weights make the sample look like the adult population; village adults are taken as the
village's share of the municipality's population times the adults of ``population_groups``. Raking
(rather than post-stratification on village × sex × age cells) is used because most such cells hold a
handful of respondents or none, while every single margin is well filled.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from workbook.case.problems import WARNING, Problem, Share
from workbook.case.schema import CODES
from workbook.errors import ParameterError
from workbook.i18n import N_
from workbook.methods import questionnaire
from workbook.methods import survey_tables as tables
from workbook.methods.survey import (TOP_BOX, allocate, initial_sample_size, kish_effective_n, margin_fit, margin_of_error,
                                     rake, sample_size, z_score)
from workbook.results import StageResult

__all__ = ["DEFAULTS", "DIMENSIONS", "FORMATS", "LABELS", "QUADRANTS", "RESPONSE_VALUES", "TITLES", "compute",
           "design", "prices"]

DEFAULTS = {"margin": 0.05, "confidence": 0.95, "min_per_village": 15, "min_cell": 30,
            "price_ladder": (50, 100, 150, 200, 300, 400)}

#: Breakdowns of satisfaction: dimension id → label.
DIMENSIONS = {"village_id": N_("by village"), "sex": N_("by sex"), "age_group": N_("by age group"),
              "vulnerable": N_("by vulnerability")}

#: Corners of the importance–performance chart: id → label.
QUADRANTS = tables.QUADRANTS

_PERCENT = ("margin", "confidence", "share", "population_share", "sample_share", "weighted_share", "use_share",
            "use_moe", "top2", "top2_moe", "first_share", "first_moe", "top3_share", "top3_moe", "moe",
            "share_moe", "moe_overall", "example_top2", "example_top2_moe", "example_top2_unweighted",
            "women_sample_share", "women_population_share", "older_sample_share", "older_population_share",
            "top_priority_first_share", "top_priority_first_moe", "wtp_first_share", "wtp_first_moe",
            "wtp_half_share", "buys_water_share", "buys_water_moe", "own_well_share", "burns_waste_share",
            "d1", "d2", "d3", "d4", "d5")
_INTEGER = ("households", "sample_n", "sample_total", "min_per_village", "min_cell", "planned", "respondents",
            "population", "adults", "n", "rated", "rank", "example_n", "importance_n", "number")
_NUMBER1 = ("n0", "n_eff", "index", "index_moe", "example_index", "example_index_moe", "score", "score_moe",
            "top_priority_score", "lowest_index", "highest_index", "example_n_eff", "weight")
_NUMBER2 = ("z", "design_effect", "weight_ratio", "mean", "importance", "satisfaction", "points", "points_moe",
            "mean_weight", "example_mean", "ipa_importance_split", "ipa_satisfaction_split", "quota")
_SOM = ("price", "amount_som", "amount_moe", "wtp_first_price", "wtp_half_price", "water_spend_buyers",
        "water_spend_all", "water_spend_year")

#: Values computed from the responses (the lesson quotes them); each stays None when it cannot be computed.
RESPONSE_VALUES = (
    "respondents", "n_eff", "design_effect", "weight_ratio", "moe_overall", "adults", "women_sample_share",
    "women_population_share", "older_sample_share", "older_population_share", "example_service", "example_n",
    "example_n_eff", "example_mean", "example_top2", "example_top2_moe", "example_index", "example_index_moe",
    "example_top2_unweighted", "lowest_service", "lowest_index", "highest_service", "highest_index", "top_priority",
    "top_priority_score", "top_priority_first_share", "top_priority_first_moe", "wtp_service", "wtp_first_price",
    "wtp_first_share", "wtp_first_moe", "wtp_half_price", "wtp_half_share", "ipa_importance_split",
    "ipa_satisfaction_split", "concentrate_services", "buys_water_share", "buys_water_moe", "water_spend_buyers",
    "water_spend_all", "water_spend_year", "own_well_share", "burns_waste_share",
)

#: How each value and table column is shown.
FORMATS = {
    **{k: "percent" for k in _PERCENT}, **{k: "integer" for k in _INTEGER}, **{k: "number1" for k in _NUMBER1},
    **{k: "number2" for k in _NUMBER2}, **{k: "som" for k in _SOM},
    "sex": "code:sex", "age_group": "code:age_group", "name": "text", "service": "text", "item": "text",
    "quadrant": "text", "group": "text", "example_service": "text", "top_priority": "text",
    "lowest_service": "text", "highest_service": "text", "wtp_service": "text", "concentrate_services": "text",
    "has_responses": "bool", "suppressed": "bool", "title": "text", "question": "text", "group_name": "text",
    "respondent_id": "text",
}

#: Column headers of the result tables.
LABELS = {
    "name": N_("Village"), "households": N_("Households"), "share": N_("Share"), "quota": N_("Proportional share"),
    "planned": N_("Interviews planned"), "adults": N_("Adults"), "population_share": N_("Share of adults"),
    "respondents": N_("Respondents"), "sample_share": N_("Share of respondents"),
    "weighted_share": N_("Share after weighting"), "mean_weight": N_("Average weight"), "sex": N_("Sex"),
    "age_group": N_("Age group"), "population": N_("Adults"), "service": N_("Service"), "rated": N_("Answered"),
    "use_share": N_("Use the service"), "n": N_("Users who rated it"), "mean": N_("Mean (1–5)"),
    "top2": N_("Satisfied (4 or 5)"), "index": N_("Satisfaction index (0–100)"), "importance": N_("Importance (1–5)"),
    "satisfaction": N_("Satisfaction (1–5)"), "quadrant": N_("Where it stands"),
    "points": N_("Points per person (0–3)"), "score": N_("Priority score (0–100)"), "first_share": N_("Named it first"),
    "top3_share": N_("Named it at all"), "rank": N_("Rank"), "price": N_("Price per month"), "item": N_("Coping cost"),
    "amount_som": N_("Amount"),
    "use_moe": N_("Use: ± margin of error"), "top2_moe": N_("Satisfied: ± margin of error"),
    "index_moe": N_("Index: ± margin of error"), "points_moe": N_("Points: ± margin of error"),
    "score_moe": N_("Score: ± margin of error"), "first_moe": N_("Named first: ± margin of error"),
    "top3_moe": N_("Named at all: ± margin of error"), "moe": N_("± margin of error"),
    "share_moe": N_("Share: ± margin of error"), "amount_moe": N_("Amount: ± margin of error"),
    "n_eff": N_("Effective respondents (Kish)"), "suppressed": N_("Not shown: too few respondents"),
    "importance_n": N_("Rated its importance"), "d1": N_("Answered 1"), "d2": N_("Answered 2"),
    "d3": N_("Answered 3"), "d4": N_("Answered 4"), "d5": N_("Answered 5"), "respondent_id": N_("Respondent"),
    "weight": N_("Weight"), "group_name": N_("Group"), "title": N_("Section"), "number": N_("Question number"),
    "question": N_("Question"),
}

#: Titles of the key result tables: the sheets of the results spreadsheet (per-respondent weights stay out).
TITLES = {
    "allocation": N_("Survey plan by village"), "questionnaire": N_("Questionnaire"),
    "weight_villages": N_("Weighting by village"),
    "weight_cells": N_("Weighting by sex and age"), "satisfaction": N_("Satisfaction by service"),
    "satisfaction_by": N_("Satisfaction by group"), "priority": N_("Citizen priorities"),
    "wtp": N_("Willingness to pay"), "ipa": N_("Importance and performance"), "coping": N_("Coping costs"),
}


def design(case, margin: float, confidence: float, min_per_village: int) -> tuple[dict, pd.DataFrame]:
    """The survey design: sample size over the households and its split across villages.

    Args:
        case: a loaded case without errors.
        margin: the margin of error wanted, as a share (0.05 = ±5 points).
        confidence: the confidence level (0.95).
        min_per_village: the fewest interviews in any village.

    Returns:
        ``(values, allocation)``: values ``households``, ``margin``, ``confidence``, ``z``, ``n0``,
        ``sample_n`` (with the finite-population correction), ``sample_total`` (after the village
        minimums) and ``min_per_village``; the allocation table has one row per village with
        ``households``, ``share``, ``quota`` (the unrounded proportional share) and ``planned``.
    """
    villages = case.table("villages")
    households = float(villages["households"].sum())
    values = {"households": households, "margin": margin, "confidence": confidence, "z": z_score(confidence),
              "n0": initial_sample_size(margin, confidence), "min_per_village": int(min_per_village)}
    table = villages[["village_id", "name", "households"]].reset_index(drop=True).copy()
    if households <= 0:
        values.update(sample_n=None, sample_total=None)
        return values, table.assign(share=np.nan, quota=np.nan, planned=np.nan)
    n = sample_size(households, margin, confidence)
    planned = allocate(table.set_index("village_id")["households"], n, int(min_per_village))
    table["share"] = table["households"] / households
    table["quota"] = table["share"] * n
    table["planned"] = planned.reindex(table["village_id"]).to_numpy()
    values.update(sample_n=n, sample_total=int(table["planned"].sum()))
    return values, table


def _check(margin, confidence, min_per_village, min_cell, price_ladder) -> list[float]:
    if not 0 < margin < 1:
        raise ParameterError(f"margin must be a share between 0 and 1, e.g. 0.05 (got {margin!r})", "margin", margin)
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must be between 0 and 1, e.g. 0.95 (got {confidence!r})", "confidence",
                             confidence)
    if min_per_village < 0 or min_cell < 1:
        raise ParameterError(f"min_per_village must be ≥ 0 and min_cell ≥ 1 (got {min_per_village!r}, {min_cell!r})",
                             "min_cell", min_cell)
    return prices(price_ladder)


def prices(price_ladder) -> list[float]:
    """The price ladder as numbers.

    Args:
        price_ladder: a list of prices, or text such as ``"50, 100, 200"``.

    Returns:
        The prices, lowest first.

    Raises:
        ParameterError: when the ladder is empty, holds something that is not a positive number, or does
            not rise.
    """
    given = price_ladder
    if isinstance(price_ladder, str):
        price_ladder = price_ladder.replace(";", ",").split(",")
    try:
        ladder = [float(p) for p in price_ladder]
    except (TypeError, ValueError):
        raise ParameterError(f"price_ladder must be a list of prices, e.g. [50, 100, 200] (got {given!r})",
                             "price_ladder", given) from None
    if not ladder or any(p <= 0 for p in ladder) or ladder != sorted(set(ladder)):
        raise ParameterError(f"price_ladder must hold positive prices from lowest to highest (got {given!r})",
                             "price_ladder", given)
    return ladder


def compute(case, earlier, *, margin: float, confidence: float, min_per_village: int, min_cell: int,
            price_ladder) -> StageResult:
    """Survey design, questionnaire and (when the case has responses) the weighted analysis.

    Args:
        case: a loaded case without errors.
        earlier: results of earlier stages (stage 0; not read: the case's villages are used directly).
        margin: the margin of error the design aims at, as a share (0.05).
        confidence: the confidence level of the design and of every margin of error (0.95).
        min_per_village: the fewest interviews planned in any village.
        min_cell: figures resting on fewer respondents than this are suppressed.
        price_ladder: the monthly prices (som) asked in the willingness-to-pay question, lowest first.

    Returns:
        A ``StageResult`` with the design values, the tables ``allocation`` and ``questionnaire`` and,
        from the responses, ``weights`` (one per respondent), ``weight_cells``, ``weight_villages``,
        ``satisfaction``, ``satisfaction_by``, ``priority`` (the citizen priority scores stage 4 uses),
        ``wtp``, ``ipa`` and ``coping``.

    Raises:
        ParameterError: for a margin or confidence outside 0–1, a negative minimum, or a bad price ladder.
    """
    ladder = _check(margin, confidence, min_per_village, min_cell, price_ladder)
    result = StageResult(stage=3, case_id=case.id)
    values, allocation = design(case, margin, confidence, min_per_village)
    result.values.update(values)
    result.values.update(dict.fromkeys(RESPONSE_VALUES), min_cell=int(min_cell))
    result.tables["allocation"] = allocation
    services = case.table("services")
    paid = questionnaire.wtp_services(services, case.table("survey_wtp"))
    result.tables["questionnaire"] = questionnaire.build(services, paid)
    respondents = case.table("survey_respondents")
    result.values["has_responses"] = not respondents.empty
    if respondents.empty:
        result.notes.append(Problem(WARNING, N_("No survey responses were entered: the stage shows the design and the questionnaire only."),
                                    table="survey_respondents"))
        result.tables.update(_empty_tables())
        return result
    respondents = respondents.reset_index(drop=True).copy()
    respondents["weight"] = _weights(case, respondents, allocation, result, confidence)
    _analyse(case, respondents, ladder, confidence, int(min_cell), result)
    return result


def _empty_tables() -> dict[str, pd.DataFrame]:
    """The analysis tables of a case without responses: right columns, no rows."""
    return {name: pd.DataFrame(columns=columns) for name, columns in {
        "weights": ["respondent_id", "village_id", "sex", "age_group", "weight"],
        "weight_villages": ["village_id", "name", "planned", "adults", "population_share", "respondents",
                            "sample_share", "weighted_share"],
        "weight_cells": ["sex", "age_group", "population", "population_share", "respondents", "sample_share",
                         "weighted_share", "mean_weight"],
        "satisfaction": ["service_id", "service", "rated", "use_share", "use_moe", "importance", "importance_n", "n",
                         "n_eff", "suppressed", "mean", "top2", "top2_moe", "index", "index_moe", "d1", "d2", "d3",
                         "d4", "d5"],
        "satisfaction_by": ["dimension", "group", "group_name", "service_id", "service", "n", "n_eff", "suppressed",
                            "mean", "top2", "top2_moe", "index", "index_moe", "d1", "d2", "d3", "d4", "d5"],
        "priority": ["service_id", "service", "n", "suppressed", "points", "points_moe", "score", "score_moe",
                     "first_share", "first_moe", "top3_share", "top3_moe", "rank"],
        "wtp": ["service_id", "service", "price", "n", "share", "moe", "suppressed"],
        "ipa": ["service_id", "service", "importance", "satisfaction", "quadrant_id", "quadrant"],
        "coping": ["item_id", "item", "n", "suppressed", "share", "share_moe", "amount_som", "amount_moe"],
    }.items()}


def _analyse(case, respondents: pd.DataFrame, ladder: list[float], confidence: float, min_cell: int,
             result: StageResult) -> None:
    """Satisfaction, breakdowns, priorities, willingness to pay, quadrant and coping costs, with the
    values the lesson's worked examples quote."""
    values = result.values
    services = case.table("services")
    ratings = case.table("survey_ratings")
    villages = case.table("villages")
    satisfaction = tables.satisfaction_table(ratings, respondents, services, confidence, min_cell)
    groups = {
        "village_id": [(v, name) for v, name in zip(villages["village_id"], villages["name"])
                       if v in set(respondents["village_id"])],
        "sex": [(c, label) for c, label in CODES["sex"].items() if c in set(respondents["sex"])],
        "age_group": [(c, label) for c, label in CODES["age_group"].items() if c in set(respondents["age_group"])],
        "vulnerable": [(c, label) for c, flag, label in (("yes", True, N_("vulnerable households")),
                                                         ("no", False, N_("other households")))
                       if respondents["vulnerable"].eq(flag).any()],
    }
    by = tables.breakdown_table(ratings, respondents, services, groups, confidence, min_cell)
    priority = tables.priority_table(respondents, services, confidence, min_cell)
    wtp = tables.wtp_table(case.table("survey_wtp"), respondents, services, ladder, confidence, min_cell)
    ipa, imp_split, sat_split = tables.ipa_table(satisfaction)
    coping = tables.coping_table(respondents, values["households"], confidence, min_cell)
    result.tables.update(satisfaction=satisfaction, satisfaction_by=by, priority=priority, wtp=wtp, ipa=ipa,
                         coping=coping)
    values.update(ipa_importance_split=imp_split, ipa_satisfaction_split=sat_split,
                  concentrate_services=", ".join(ipa.loc[ipa["quadrant_id"] == "concentrate", "service"]) or None)
    _examples(ratings, satisfaction, priority, wtp, coping, values)
    suppressed = int(sum((t["suppressed"].astype(bool) & (t["n"] > 0)).sum()  # n = 0 is no data, not a small cell
                         for t in (satisfaction, by, priority, wtp, coping)))
    if suppressed:
        result.notes.append(Problem(WARNING, N_("Figures based on fewer than {n} respondents are not shown ({count} suppressed)."),
                                    {"n": min_cell, "count": suppressed}, table="survey_respondents"))
    if ratings.empty:
        result.notes.append(Problem(WARNING, N_("No service ratings were entered: satisfaction cannot be shown."),
                                    table="survey_ratings"))


def _examples(ratings, satisfaction, priority, wtp, coping, values: dict) -> None:
    """The figures the lesson quotes: the most used service, the top priority, the WTP curve, coping."""
    shown = satisfaction[~satisfaction["suppressed"].astype(bool)]
    if not shown.empty:
        row = shown.sort_values("n", ascending=False, kind="stable").iloc[0]
        used = (ratings["service_id"] == row["service_id"]) & ratings["uses_service"].fillna(False).astype(bool)
        scores = ratings.loc[used, "satisfaction"].dropna()  # unweighted, to show what the weights change
        values.update(example_service=row["service"], example_n=int(row["n"]), example_n_eff=row["n_eff"],
                      example_mean=row["mean"], example_top2=row["top2"], example_top2_moe=row["top2_moe"],
                      example_index=row["index"], example_index_moe=row["index_moe"],
                      example_top2_unweighted=float(scores.isin(TOP_BOX).mean()))
        low = shown.sort_values("index", kind="stable").iloc[0]
        high = shown.sort_values("index", ascending=False, kind="stable").iloc[0]
        values.update(lowest_service=low["service"], lowest_index=low["index"], highest_service=high["service"],
                      highest_index=high["index"])
    ranked = priority.dropna(subset=["points"]).sort_values("points", ascending=False, kind="stable")
    if not ranked.empty:
        top = ranked.iloc[0]
        values.update(top_priority=top["service"], top_priority_score=top["score"],
                      top_priority_first_share=top["first_share"], top_priority_first_moe=top["first_moe"])
    curve = wtp[~wtp["suppressed"].astype(bool)]
    if not curve.empty:
        service = curve.groupby("service_id", sort=False)["n"].max().idxmax()
        curve = curve[curve["service_id"] == service]
        first = curve.iloc[0]
        values.update(wtp_service=first["service"], wtp_first_price=first["price"], wtp_first_share=first["share"],
                      wtp_first_moe=first["moe"])
        half = curve[curve["share"] >= 0.5]
        if not half.empty:
            values.update(wtp_half_price=half.iloc[-1]["price"], wtp_half_share=half.iloc[-1]["share"])
    items = coping.set_index("item_id")
    values.update(buys_water_share=items.loc["buys_water", "share"],
                  buys_water_moe=items.loc["buys_water", "share_moe"],
                  water_spend_buyers=items.loc["water_spend_buyers", "amount_som"],
                  water_spend_all=items.loc["water_spend_all", "amount_som"],
                  water_spend_year=items.loc["water_spend_year", "amount_som"],
                  own_well_share=items.loc["own_well", "share"], burns_waste_share=items.loc["burns_waste", "share"])


def _weights(case, respondents: pd.DataFrame, allocation: pd.DataFrame, result: StageResult,
             confidence: float) -> pd.Series:
    """Raking weights to village adults and to adults by sex × age group; fills the weighting tables.

    A margin the data cannot support (no adult table, or respondents in a village or group without
    people) is left out with a note; with no margin at all every respondent weighs the same.
    """
    values, notes = result.values, result.notes
    villages = case.table("villages").set_index("village_id")
    groups = case.table("population_groups")
    respondents["group"] = respondents["sex"].astype(str) + "|" + respondents["age_group"].astype(str)
    group_totals = pd.Series(groups["population"].astype(float).to_numpy(),
                             index=groups["sex"].astype(str) + "|" + groups["age_group"].astype(str))
    people = float(villages["population"].sum())
    adults = float(group_totals.sum()) if group_totals.sum() > 0 else people
    village_adults = villages["population"].astype(float) / people * adults if people > 0 else villages["population"] * 0.0
    margins = {}
    if set(respondents["village_id"]) <= set(village_adults[village_adults > 0].index):
        margins["village_id"] = village_adults
    else:
        notes.append(Problem(WARNING, N_("Some respondents live in a village with no population figure: the responses are not weighted to the villages."),
                             table="villages"))
    if group_totals.sum() <= 0:
        notes.append(Problem(WARNING, N_("No adult population by sex and age group: the responses are not weighted by sex and age."),
                             table="population_groups"))
    elif not set(respondents["group"]) <= set(group_totals[group_totals > 0].index):
        notes.append(Problem(WARNING, N_("Some respondents are in a sex and age group without adults in the population table: the responses are not weighted by sex and age."),
                             table="population_groups"))
    else:
        margins["group"] = group_totals
    if margins:
        weights = rake(respondents, margins)
        gap = margin_fit(respondents, weights, margins)
        if gap > 1e-3:
            notes.append(Problem(WARNING, N_("The weights could not match every population figure (largest gap {gap}); check the adult population table."),
                                 {"gap": Share(gap)}, table="population_groups"))
    else:
        weights = pd.Series(adults / len(respondents) if adults > 0 else 1.0, index=respondents.index, name="weight")
    n, n_eff = len(respondents), kish_effective_n(weights)
    values.update(respondents=n, n_eff=n_eff, design_effect=n / n_eff, weight_ratio=float(weights.max() / weights.min()),
                  moe_overall=margin_of_error(0.5, n_eff, confidence), adults=adults,
                  women_sample_share=float((respondents["sex"] == "female").mean()),
                  older_sample_share=float((respondents["age_group"] == "60_plus").mean()))
    if "group" in margins:
        female = groups["sex"] == "female"
        values["women_population_share"] = float(groups.loc[female, "population"].sum() / adults)
        values["older_population_share"] = float(groups.loc[groups["age_group"] == "60_plus", "population"].sum() / adults)
    _weight_tables(respondents, weights, allocation, village_adults, group_totals, result)
    result.tables["weights"] = respondents[["respondent_id", "village_id", "sex", "age_group"]].assign(weight=weights)
    return weights


def _weight_tables(respondents, weights, allocation, village_adults, group_totals, result: StageResult) -> None:
    """Population, sample and weighted shares per village and per sex × age group; notes on the sample."""
    n, total = len(respondents), float(weights.sum())
    table = allocation[["village_id", "name", "planned"]].copy()
    table["adults"] = village_adults.reindex(table["village_id"]).to_numpy()
    table["population_share"] = table["adults"] / village_adults.sum() if village_adults.sum() > 0 else np.nan
    ids = table["village_id"]
    table["respondents"] = respondents.groupby("village_id").size().reindex(ids).fillna(0).astype(int).to_numpy()
    table["sample_share"] = table["respondents"] / n
    table["weighted_share"] = weights.groupby(respondents["village_id"]).sum().reindex(ids).fillna(0).to_numpy() / total
    result.tables["weight_villages"] = table
    empty = table.loc[table["respondents"] == 0, "name"].tolist()
    if empty:
        result.notes.append(Problem(WARNING, N_("No one was interviewed in {villages}: their people are represented by the other villages."),
                                    {"villages": ", ".join(empty)}, table="survey_respondents"))
    planned = result.values.get("sample_total")
    if planned and n < planned:
        result.notes.append(Problem(WARNING, N_("{respondents} people were interviewed, fewer than the {planned} the design asks for: margins of error are wider than planned."),
                                    {"respondents": n, "planned": int(planned)}, table="survey_respondents"))
    cells = pd.DataFrame([(s, a) for s in CODES["sex"] for a in CODES["age_group"]], columns=["sex", "age_group"])
    key = cells["sex"] + "|" + cells["age_group"]
    cells["population"] = group_totals.groupby(level=0).sum().reindex(key).to_numpy() if len(group_totals) else np.nan
    cells["population_share"] = cells["population"] / cells["population"].sum()
    cells["respondents"] = respondents.groupby("group").size().reindex(key).fillna(0).astype(int).to_numpy()
    cells["sample_share"] = cells["respondents"] / n
    cells["weighted_share"] = weights.groupby(respondents["group"]).sum().reindex(key).fillna(0).to_numpy() / total
    cells["mean_weight"] = weights.groupby(respondents["group"]).mean().reindex(key).to_numpy()
    keep = cells["population"].fillna(0).gt(0) | cells["respondents"].gt(0)
    result.tables["weight_cells"] = cells[keep].reset_index(drop=True)
