"""Stage 0: the municipality profile and the working commission.

Computes the people (population, households, household size, villages, density), the budget structure
of the budget year (own revenue against grants, spending per service, per person) with its trend, and
checks the working commission against norms for the share of women, the share of members who are not
officials, and the villages represented. The norms are parameters: a design choice, echoing the
30 % gender quota of Kyrgyz electoral law, and the Strategy's principle that citizens take part in
every stage.
"""

from __future__ import annotations

import pandas as pd

from workbook.case.problems import WARNING, Msg, Problem, Share
from workbook.i18n import N_
from workbook.results import StageResult

__all__ = ["DEFAULTS", "FORMATS", "LABELS", "OFFICIAL_ROLES", "TITLES", "compute"]

DEFAULTS = {"women_min": 0.30, "citizens_min": 0.30, "villages_min": 1.0, "budget_year": None}

#: Roles counted as officials; every other member speaks for citizens, civil society or providers.
OFFICIAL_ROLES = ("lsg_official", "council_member")

#: How each value and table column is shown: integer, number1, percent, som, text, code:<list>.
FORMATS = {
    "population": "integer", "households": "integer", "household_size": "number1", "villages": "integer",
    "area_km2": "number1", "density": "number1", "budget_year": "year", "revenue_total": "som",
    "own_revenue": "som", "grants": "som", "own_share": "percent", "grant_share": "percent",
    "revenue_per_person": "som", "spending_total": "som", "service_spending": "som",
    "service_spending_share": "percent", "members": "integer", "women": "integer", "women_share": "percent",
    "citizens": "integer", "citizens_share": "percent", "villages_covered": "integer",
    "villages_covered_share": "percent", "population_share": "percent", "amount_som": "som", "share": "percent",
    "per_person_som": "som", "year": "year", "total": "som", "value": "percent", "norm": "percent",
    "ok": "bool", "category": "code:budget_category", "role": "code:commission_role", "name": "text",
    "item": "text", "check": "text", "largest_village": "text", "largest_village_population": "integer",
}

#: Column headers of the result tables.
LABELS = {
    "name": N_("Village"), "population": N_("Population"), "households": N_("Households"),
    "household_size": N_("People per household"), "population_share": N_("Share of population"),
    "category": N_("Source"), "amount_som": N_("Amount"), "share": N_("Share"), "item": N_("Spending on"),
    "per_person_som": N_("Per person"), "year": N_("Year"), "own_revenue": N_("Own revenue"),
    "grants": N_("Grants and transfers"), "total": N_("Total revenue"), "grant_share": N_("Grant share"),
    "role": N_("Role"), "members": N_("Members"), "women": N_("Women"), "check": N_("Check"),
    "value": N_("Actual"), "norm": N_("Norm"), "ok": N_("Meets the norm"),
}

#: Titles of the result tables (sheet names in the results spreadsheet).
TITLES = {
    "villages": N_("Villages"), "revenue": N_("Budget revenue"), "spending": N_("Budget spending"),
    "budget_trend": N_("Budget by year"), "commission_roles": N_("Commission by role"),
    "commission_checks": N_("Commission check"),
}

_GRANTS = ("equalization_grant", "other_grant")


def compute(case, earlier, *, women_min: float, citizens_min: float, villages_min: float,
            budget_year: int | None) -> StageResult:
    """Profile, budget structure and commission check of ``case``.

    Args:
        case: a loaded case without errors.
        earlier: results of earlier stages (stage 0 needs none).
        women_min, citizens_min, villages_min: the commission norms as shares (0.3 = 30 %).
        budget_year: the budget year to describe; None takes the latest year in the budget sheet.

    Returns:
        A ``StageResult`` with the values, the tables ``villages``, ``revenue``, ``spending``,
        ``budget_trend``, ``commission_roles``, ``commission_checks`` and notes for unmet norms.
    """
    result = StageResult(stage=0, case_id=case.id)
    villages = case.table("villages")
    values = result.values
    values["population"] = float(villages["population"].sum())
    values["households"] = float(villages["households"].sum())
    values["household_size"] = _ratio(values["population"], values["households"])
    values["villages"] = len(villages)
    area = case.profile.get("area_km2")
    values["area_km2"] = None if area is None or pd.isna(area) else float(area)
    values["density"] = _ratio(values["population"], values["area_km2"])
    table = villages[["village_id", "name", "population", "households"]].copy()
    table["household_size"] = table["population"] / table["households"].where(table["households"] > 0)
    table["population_share"] = table["population"] / values["population"] if values["population"] else None
    table = table.sort_values("population", ascending=False).reset_index(drop=True)
    result.tables["villages"] = table
    if len(table):
        values["largest_village"] = table.loc[0, "name"]
        values["largest_village_population"] = float(table.loc[0, "population"])
    _budget(case, values, result, budget_year)
    _commission(case, values, result, women_min, citizens_min, villages_min)
    return result


def _ratio(a, b):
    if a is None or b is None or pd.isna(a) or pd.isna(b) or b == 0:
        return None
    return float(a) / float(b)


def _budget(case, values: dict, result: StageResult, budget_year) -> None:
    budget = case.table("budget")
    if budget.empty:
        values["budget_year"] = None
        result.notes.append(Problem(WARNING, N_("No budget data: the budget structure cannot be shown."), table="budget"))
        result.tables.update(revenue=pd.DataFrame(columns=["category", "amount_som", "share"]),
                             spending=pd.DataFrame(columns=["item", "service_id", "amount_som", "share", "per_person_som"]),
                             budget_trend=pd.DataFrame(columns=["year", "own_revenue", "grants", "total", "grant_share"]))
        return
    year = int(budget_year) if budget_year is not None else int(budget["year"].max())
    values["budget_year"] = year
    rows = budget[budget["year"] == year]
    revenue = rows[rows["category"].isin(("own_revenue",) + _GRANTS)].groupby("category", sort=False)["amount_som"].sum()
    total = float(revenue.sum())
    values["revenue_total"] = total
    values["own_revenue"] = float(revenue.get("own_revenue", 0.0))
    values["grants"] = float(revenue[revenue.index.isin(_GRANTS)].sum())
    values["own_share"] = _ratio(values["own_revenue"], total)
    values["grant_share"] = _ratio(values["grants"], total)
    values["revenue_per_person"] = _ratio(total, values["population"])
    result.tables["revenue"] = pd.DataFrame({
        "category": revenue.index, "amount_som": revenue.values,
        "share": revenue.values / total if total else None,
    })
    spending = rows[rows["category"].str.startswith("expense")].copy()
    names = case.table("services").set_index("service_id")["name"]
    spending["item"] = [names.get(s, s) if c == "expense_service" else c
                        for c, s in zip(spending["category"], spending["service_id"])]
    spend_total = float(spending["amount_som"].sum())
    values["spending_total"] = spend_total
    on_services = spending[spending["category"] == "expense_service"]
    values["service_spending"] = float(on_services["amount_som"].sum())
    values["service_spending_share"] = _ratio(values["service_spending"], spend_total)
    table = spending[["item", "category", "service_id", "amount_som"]].sort_values("amount_som", ascending=False)
    table["share"] = table["amount_som"] / spend_total if spend_total else None
    table["per_person_som"] = table["amount_som"] / values["population"] if values["population"] else None
    result.tables["spending"] = table.reset_index(drop=True)
    trend = budget[budget["category"].isin(("own_revenue",) + _GRANTS)].copy()
    trend["part"] = trend["category"].where(trend["category"] == "own_revenue", "grants")
    trend = trend.pivot_table(index="year", columns="part", values="amount_som", aggfunc="sum").reindex(
        columns=["own_revenue", "grants"]).fillna(0.0)
    trend["total"] = trend.sum(axis=1)
    trend["grant_share"] = trend["grants"] / trend["total"].where(trend["total"] > 0)
    result.tables["budget_trend"] = trend.reset_index().rename_axis(columns=None)
    if total == 0:
        result.notes.append(Problem(WARNING, N_("The budget sheet has no revenue for {year}."), {"year": year},
                                    table="budget"))


def _commission(case, values: dict, result: StageResult, women_min, citizens_min, villages_min) -> None:
    members = case.table("commission")
    villages = case.table("villages")
    count = len(members)
    values["members"] = count
    values["women"] = int((members["sex"] == "female").sum())
    values["citizens"] = int((~members["role"].isin(OFFICIAL_ROLES)).sum())
    covered = set(members["village_id"].dropna()) & set(villages["village_id"])
    values["villages_covered"] = len(covered)
    values["women_share"] = _ratio(values["women"], count)
    values["citizens_share"] = _ratio(values["citizens"], count)
    values["villages_covered_share"] = _ratio(len(covered), len(villages))
    roles = members.groupby("role", sort=False).agg(members=("member", "size"),
                                                    women=("sex", lambda s: int((s == "female").sum())))
    result.tables["commission_roles"] = roles.reset_index()
    checks = [
        ("women", N_("Share of women"), values["women_share"], women_min),
        ("citizens", N_("Share of members who are not officials"), values["citizens_share"], citizens_min),
        ("villages", N_("Share of villages represented"), values["villages_covered_share"], villages_min),
    ]
    result.tables["commission_checks"] = pd.DataFrame(
        [{"check_id": cid, "check": label, "value": actual, "norm": norm,
          "ok": None if actual is None else bool(actual + 1e-9 >= norm)} for cid, label, actual, norm in checks])
    if count == 0:
        result.notes.append(Problem(WARNING, N_("No commission members listed: the commission cannot be checked."),
                                    table="commission"))
        return
    for cid, label, actual, norm in checks:
        if actual is not None and actual + 1e-9 < norm:
            result.notes.append(Problem(WARNING, N_("Commission: {check} is {actual}, below the norm of {norm}."),
                                        {"check": Msg(label), "actual": Share(actual), "norm": Share(norm), "check_id": cid},
                                        table="commission"))
    missing = villages[~villages["village_id"].isin(covered)]["name"].tolist()
    values["villages_missing"] = ", ".join(missing)
