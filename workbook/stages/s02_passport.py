"""Stage 2: one passport per service, its current state, and the causes of its problems.

For every service and year of the ``service_metrics`` sheet: coverage (served ÷ total households and
people), unit cost (cost ÷ volume), cost recovery (collected ÷ cost: revenue is what users paid),
collection rate (collected ÷ billed), complaints per 1,000 users (users = people served) and the share
resolved. Coverage by village comes from ``service_coverage`` (served ÷ the village's households); a
village with no household served is "left out". Water tariffs are converted through the consumption
norms (``workbook.methods.tariff``). The case's problems are counted in the four cause groups of the
Strategy, and the figures *indicate* problems of their own by four rules with threshold parameters:

- money: cost recovery below ``recovery_min`` (80 %: Cabinet of Ministers Resolution No. 320 of
  19 June 2024 asks drinking-water tariffs to cover at least 80–90 % of the cost price);
- low provider capacity: asset condition at or below ``condition_max`` (2 = worn out);
- gaps in the law and LSG capacity: no approved service standard;
- weak participation: more than ``unresolved_max`` (a quarter) of the complaints unresolved.

The last three thresholds are design choices. A year or figure the case lacks stays missing (NaN) and
gets a note; it is never counted as zero.
"""

from __future__ import annotations

import pandas as pd

from workbook.case.problems import WARNING, Msg, Problem, Share
from workbook.case.schema import CODES
from workbook.i18n import N_
from workbook.methods import tariff
from workbook.results import StageResult

__all__ = ["CAUSES", "DEFAULTS", "FORMATS", "INDICATORS", "LABELS", "NORM_LABELS", "NO_VILLAGE", "TITLES", "compute",
           "expected"]

DEFAULTS = {"service": "", "year": None, "norm_standpipe": tariff.NORMS["standpipe"],
            "norm_yard_tap": tariff.NORMS["yard_tap"], "recovery_min": tariff.RECOVERY_GUIDANCE[0],
            "condition_max": 2, "unresolved_max": 0.25}

#: The four cause groups, in the Strategy's order.
CAUSES = tuple(CODES["cause_group"])
#: The two consumption norms: id → label.
NORM_LABELS = {"standpipe": N_("street standpipe"), "yard_tap": N_("yard tap")}
#: What the passport says when coverage by village is known and every village is served at least in part.
NO_VILLAGE = N_("no village")

_INPUTS = ("households_served", "people_served", "volume", "cost_som", "billed_som", "collected_som", "tariff_som",
           "complaints", "complaints_resolved", "asset_condition", "continuity_hours")
#: The passport's indicators in the order shown; derived ones follow the figures they come from.
INDICATORS = ("households_served", "coverage_households", "people_served", "coverage_people", "volume", "unit_cost",
              "tariff_som", "cost_som", "billed_som", "collected_som", "cost_recovery", "collection_rate",
              "complaints", "complaints_per_1000", "resolved_share", "asset_condition", "continuity_hours")
_ALWAYS = ("households_served", "people_served", "cost_som", "complaints", "complaints_resolved", "asset_condition")
_CHARGED = ("volume", "tariff_som", "billed_som", "collected_som")
_DERIVED = {"coverage_households": ("households_served",), "coverage_people": ("people_served",),
            "unit_cost": ("cost_som", "volume"), "cost_recovery": ("collected_som", "cost_som"),
            "collection_rate": ("collected_som", "billed_som"), "complaints_per_1000": ("complaints", "people_served"),
            "resolved_share": ("complaints_resolved", "complaints")}

# The remarks on gaps and contradictions in the data (each names the service; shown under its passport).
_NO_METRICS = N_("{service}: no figures in the service metrics sheet; its passport is empty.")
_NO_YEAR = N_("{service}: no figures for {years}; the year is shown as missing («–»), not as zero.")
_NO_FIGURE = N_("{service}: «{figure}» is not known for {years}; it is shown as «–», not as zero.")
_OVER_BILLED = N_("{service}, {year}: collected {collected} som but billed {billed} som, a collection rate of "
                  "{rate}. Arrears paid, or a figure to check.")
_OVER_RESOLVED = N_("{service}, {year}: {resolved} complaints resolved but only {complaints} received. Please check.")
_NO_COVERAGE = N_("{service}: coverage by village is not given; it is shown as «–».")
_NO_VILLAGE_FIGURE = N_("{service}: no coverage figure for {villages}; shown as «–», not as zero.")
_OVER_HOUSEHOLDS = N_("{service}, {village}: {served} households served but only {households} live there. "
                      "Please check.")
_VILLAGES_DIFFER = N_("{service}: the villages add up to {villages} households served, the service metrics say "
                      "{metrics} for {year}.")

_EXAMPLE = {"households_served": "integer", "people_served": "integer", "coverage_households": "percent",
            "coverage_people": "percent", "volume": "integer", "cost_som": "som", "billed_som": "som",
            "collected_som": "som", "unit_cost": "number2", "tariff_som": "number2", "cost_recovery": "percent",
            "collection_rate": "percent", "complaints": "integer", "complaints_resolved": "integer",
            "complaints_per_1000": "number1", "resolved_share": "percent", "asset_condition": "integer",
            "continuity_hours": "number1"}

#: How each value and table column is shown: integer, number1/2, percent, som, year, bool, text, code:<list>.
FORMATS = {
    **_EXAMPLE, **{f"ex_{k}": v for k, v in _EXAMPLE.items()}, **{c: "integer" for c in CAUSES},
    "passport_year": "year", "year": "year", "households": "integer", "population": "integer",
    "services": "integer", "villages": "integer", "example_service": "text", "example_id": "text", "ex_villages_left_out": "integer",
    "coverage": "percent", "left_out": "bool", "reported": "bool", "service": "text", "village": "text",
    "name": "text", "sector": "code:sector", "type": "code:service_type", "provider": "text",
    "delivery_mode": "code:delivery_mode", "has_standard": "bool", "volume_unit": "code:volume_unit",
    "tariff_unit": "code:tariff_unit", "villages_left_out": "text", "cause_group": "code:cause_group",
    "problem": "text", "evidence": "text", "total": "integer", "listed": "bool", "norm": "text",
    "norm_l_day": "integer", "monthly_m3": "number2", "price_per_m3": "number2", "charge_per_person": "number2",
    "norm_standpipe": "integer", "norm_yard_tap": "integer", "recovery_min": "percent", "condition_max": "integer",
    "unresolved_max": "percent", "tariff_service": "text", "tariff_value": "number2", "tariff_unit_shown": "code:tariff_unit",
    "monthly_m3_standpipe": "number2", "monthly_m3_yard_tap": "number2", "tariff_price_standpipe": "number2",
    "tariff_charge_standpipe": "number2", "tariff_price_yard_tap": "number2", "tariff_charge_yard_tap": "number2",
    "ref_tariff_m3": "number2", "ref_norm": "integer", "ref_monthly_m3": "number2", "ref_charge": "number2",
    "ref_standpipe_charge": "integer", "ref_standpipe_price": "number2", "problems_listed": "integer",
    "problems_indicated": "integer", "indicated_not_listed": "integer", "below_recovery": "integer",
    "recovery_known": "integer",
}

#: Titles of the key result tables: the sheets of the results spreadsheet.
TITLES = {
    "passports": N_("Service passports"), "trend": N_("Service figures by year"),
    "village_coverage": N_("Coverage by village"), "tariff_norms": N_("Tariffs and consumption norms"),
    "problems": N_("Problems listed"), "cause_matrix": N_("Cause matrix"),
    "indicated": N_("Problems the figures indicate"), "indicated_matrix": N_("Cause matrix of indicated problems"),
}

#: Column headers of the result tables (and the names of the figures in notes).
LABELS = {
    "service": N_("Service"), "name": N_("Service"), "village": N_("Village"), "year": N_("Year"),
    "households": N_("Households"), "households_served": N_("Households served"), "people_served": N_("People served"),
    "coverage_households": N_("Coverage of households"), "coverage_people": N_("Coverage of people"),
    "coverage": N_("Coverage"), "left_out": N_("Left out"), "volume": N_("Volume delivered"),
    "unit_cost": N_("Unit cost, som per unit of volume"), "tariff_som": N_("Tariff, som"), "cost_som": N_("Full cost"),
    "billed_som": N_("Billed to users"), "collected_som": N_("Collected from users"),
    "cost_recovery": N_("Cost recovery"), "collection_rate": N_("Collection rate"), "complaints": N_("Complaints"),
    "complaints_resolved": N_("Complaints resolved"), "complaints_per_1000": N_("Complaints per 1,000 users"),
    "resolved_share": N_("Share of complaints resolved"), "asset_condition": N_("Asset condition (1–5)"),
    "continuity_hours": N_("Hours of supply per day"), "sector": N_("Sector"), "type": N_("Type of service"),
    "provider": N_("Provider"), "delivery_mode": N_("Delivery mode"), "has_standard": N_("Service standard approved"),
    "volume_unit": N_("Unit of volume"), "tariff_unit": N_("Unit of tariff"), "villages_left_out": N_("Villages left out"),
    "cause_group": N_("Cause group"), "problem": N_("Problem"), "evidence": N_("Evidence"),
    "total": N_("All cause groups"), "listed": N_("Also listed in the case"), "norm": N_("Consumption norm"),
    "norm_l_day": N_("Litres per person per day"), "monthly_m3": N_("m³ per person per month"),
    "price_per_m3": N_("Price per m³, som"), "charge_per_person": N_("Charge per person per month, som"),
    **{c: CODES["cause_group"][c] for c in CAUSES},
}


def expected(service) -> tuple[str, ...]:
    """The indicators a service's passport should have: a blank one is a gap, not "not applicable".

    Every service has recipients, cost, complaints and asset condition; a service with a tariff unit that
    somebody provides also volume, tariff, billing and collection; a drinking-water service also hours
    of supply.

    Args:
        service: a row (mapping) of the ``services`` table.

    Returns:
        The input figures and the indicators derived from them.
    """
    inputs = set(_ALWAYS)
    if isinstance(service.get("tariff_unit"), str) and service.get("delivery_mode") != "none":
        inputs |= set(_CHARGED)
    if service.get("sector") == "drinking_water":
        inputs.add("continuity_hours")
    derived = {k for k, needs in _DERIVED.items() if set(needs) <= inputs}
    return tuple(i for i in (*INDICATORS, "complaints_resolved") if i in inputs | derived)


def compute(case, earlier, *, service: str, year: int | None, norm_standpipe: float, norm_yard_tap: float,
            recovery_min: float, condition_max: int, unresolved_max: float) -> StageResult:
    """Passports, coverage by village, tariff equivalents and the cause matrix of ``case``.

    Args:
        case: a loaded case without errors.
        earlier: results of earlier stages; stage 0's population and households are used when present.
        service: a service id whose passport the notebook shows and whose figures the worked example
            uses; "" shows every service (the example is then the drinking-water service).
        year: the passport year; None takes the latest year of the service metrics.
        norm_standpipe, norm_yard_tap: consumption norms, litres per person per day.
        recovery_min: cost recovery below this share indicates a money problem.
        condition_max: asset condition at or below this indicates low provider capacity.
        unresolved_max: a larger share of unresolved complaints indicates weak participation.

    Returns:
        A ``StageResult`` with the tables ``trend`` (service × year), ``passports`` (the passport year),
        ``village_coverage``, ``tariff_norms``, ``problems``, ``cause_matrix``, ``indicated`` and
        ``indicated_matrix``, the worked-example values and notes for every gap in the data.
    """
    result = StageResult(stage=2, case_id=case.id)
    values, notes = result.values, result.notes
    services = case.table("services").reset_index(drop=True)
    names = dict(zip(services["service_id"], services["name"]))
    villages = case.table("villages").reset_index(drop=True)
    profile = (earlier or {}).get(0)
    households = _known(profile.values.get("households")) if profile is not None else None
    population = _known(profile.values.get("population")) if profile is not None else None
    values["households"] = households if households is not None else float(villages["households"].sum())
    values["population"] = population if population is not None else float(villages["population"].sum())
    values["services"], values["villages"] = len(services), len(villages)
    metrics = case.table("service_metrics")
    years = sorted(int(y) for y in metrics["year"].dropna().unique())
    passport_year = int(year) if year is not None else (years[-1] if years else None)
    values["passport_year"] = passport_year
    if year is not None and int(year) not in years:
        notes.append(Problem(WARNING, N_("No service metrics for {year}: the passports of that year are empty."),
                             {"year": str(int(year))}, table="service_metrics"))
    span = sorted(set(range(years[0], years[-1] + 1)) | {passport_year}) if years else []
    trend = _trend(services, metrics, span, values)
    result.tables["trend"] = trend
    _gaps(services, trend, notes)
    coverage = _village_coverage(case, services, villages, trend, passport_year, notes)
    result.tables["village_coverage"] = coverage
    passports = trend[trend["year"] == passport_year].merge(
        services[["service_id", "sector", "type", "provider", "delivery_mode", "has_standard", "volume_unit",
                  "tariff_unit"]], on="service_id", how="left").reset_index(drop=True)
    left = coverage[coverage["left_out"] == True].groupby("service_id", sort=False)["village"].agg(", ".join)  # noqa: E712
    known = set(coverage.loc[coverage["left_out"].notna(), "service_id"])
    passports["villages_left_out"] = [left.get(s, NO_VILLAGE if s in known else None) for s in passports["service_id"]]
    result.tables["passports"] = passports
    norms = {"standpipe": norm_standpipe, "yard_tap": norm_yard_tap}
    result.tables["tariff_norms"] = _tariff_norms(passports, norms)
    _problems(case, services, names, result)
    _indicated(passports, result, recovery_min, condition_max, unresolved_max)
    chosen = _choose(services, service, notes)
    _example(values, passports, coverage, result.tables["tariff_norms"], chosen, norms)
    values.update(norm_standpipe=norm_standpipe, norm_yard_tap=norm_yard_tap, recovery_min=recovery_min,
                  condition_max=condition_max, unresolved_max=unresolved_max)
    known = passports["cost_recovery"].dropna()
    values["recovery_known"], values["below_recovery"] = len(known), int((known < recovery_min).sum())
    return result


def _known(value):
    return None if value is None or pd.isna(value) else float(value)


def _div(a: pd.Series, b: pd.Series, scale: float = 1.0) -> pd.Series:
    """a ÷ b × scale, missing where either is missing or b is not positive (never 0 for unknown)."""
    return a.astype(float) / b.astype(float).where(b > 0) * scale


def _trend(services, metrics, span, values) -> pd.DataFrame:
    """Every service × every year of the span, with its figures and indicators; absent years stay NaN."""
    grid = pd.DataFrame([(s, y) for s in services["service_id"] for y in span], columns=["service_id", "year"])
    rows = metrics.assign(year=metrics["year"].astype(int), reported=True)[["service_id", "year", "reported", *_INPUTS]]
    trend = grid.merge(rows, on=["service_id", "year"], how="left")
    trend["reported"] = trend["reported"].eq(True)
    trend.insert(1, "name", trend["service_id"].map(dict(zip(services["service_id"], services["name"]))))
    households, population = pd.Series(values["households"], index=trend.index), pd.Series(values["population"], index=trend.index)
    trend["coverage_households"] = _div(trend["households_served"], households)
    trend["coverage_people"] = _div(trend["people_served"], population)
    trend["unit_cost"] = _div(trend["cost_som"], trend["volume"])
    trend["cost_recovery"] = _div(trend["collected_som"], trend["cost_som"])
    trend["collection_rate"] = _div(trend["collected_som"], trend["billed_som"])
    trend["complaints_per_1000"] = _div(trend["complaints"], trend["people_served"], 1000)
    trend["resolved_share"] = _div(trend["complaints_resolved"], trend["complaints"])
    return trend[["service_id", "name", "year", "reported", *INDICATORS, "complaints_resolved"]]


def _years(years) -> str:
    return ", ".join(str(int(y)) for y in years)


def _note(notes, message, service, table, **params) -> None:
    """A warning about one service; ``service_id`` lets its passport show the note too."""
    notes.append(Problem(WARNING, message, {"service_id": service["service_id"], "service": service["name"], **params},
                         table=table))


def _gaps(services, trend, notes) -> None:
    """Notes for missing years, missing expected figures, and figures that contradict each other."""
    for _, s in services.iterrows():
        rows = trend[trend["service_id"] == s["service_id"]]
        if not rows["reported"].any():
            _note(notes, _NO_METRICS, s, "service_metrics")
            continue
        absent = rows.loc[~rows["reported"], "year"]
        if len(absent):
            _note(notes, _NO_YEAR, s, "service_metrics", years=_years(absent))
        reported = rows[rows["reported"]]
        for figure in (f for f in expected(s) if f in _INPUTS):
            blank = reported.loc[reported[figure].isna(), "year"]
            if len(blank):
                _note(notes, _NO_FIGURE, s, "service_metrics", figure=Msg(LABELS[figure]), years=_years(blank))
        for _, r in reported[reported["collected_som"] > reported["billed_som"]].iterrows():
            _note(notes, _OVER_BILLED, s, "service_metrics", year=str(int(r["year"])),
                  collected=float(r["collected_som"]), billed=float(r["billed_som"]), rate=Share(r["collection_rate"]))
        for _, r in reported[reported["complaints_resolved"] > reported["complaints"]].iterrows():
            _note(notes, _OVER_RESOLVED, s, "service_metrics", year=str(int(r["year"])),
                  resolved=int(r["complaints_resolved"]), complaints=int(r["complaints"]))


def _village_coverage(case, services, villages, trend, year, notes) -> pd.DataFrame:
    """Every service × every village: households, households served, coverage; unknown stays NaN."""
    given = case.table("service_coverage")[["service_id", "village_id", "households_served"]]
    grid = pd.DataFrame([(s, v) for s in services["service_id"] for v in villages["village_id"]],
                        columns=["service_id", "village_id"])
    table = grid.merge(given, on=["service_id", "village_id"], how="left")
    table["service"] = table["service_id"].map(dict(zip(services["service_id"], services["name"])))
    table = table.merge(villages[["village_id", "name", "households"]].rename(columns={"name": "village"}),
                        on="village_id", how="left")
    table["coverage"] = _div(table["households_served"], table["households"])
    table["left_out"] = [None if pd.isna(n) else bool(n == 0) for n in table["households_served"]]
    for _, s in services.iterrows():
        rows = table[table["service_id"] == s["service_id"]]
        unknown = rows[rows["households_served"].isna()]
        if len(unknown) == len(rows) and len(rows):
            _note(notes, _NO_COVERAGE, s, "service_coverage")
            continue
        if len(unknown):
            _note(notes, _NO_VILLAGE_FIGURE, s, "service_coverage", villages=", ".join(unknown["village"]))
        for _, r in rows[rows["households_served"] > rows["households"]].iterrows():
            _note(notes, _OVER_HOUSEHOLDS, s, "service_coverage", village=r["village"],
                  served=int(r["households_served"]), households=int(r["households"]))
        total = trend.loc[(trend["service_id"] == s["service_id"]) & (trend["year"] == year), "households_served"]
        served = rows["households_served"].sum()
        if not len(unknown) and len(total) and pd.notna(total.iloc[0]) and total.iloc[0] != served:
            _note(notes, _VILLAGES_DIFFER, s, "service_coverage", villages=int(served), metrics=int(total.iloc[0]),
                  year=str(year))
    return table[["service_id", "service", "village_id", "village", "households", "households_served", "coverage",
                  "left_out"]]


def _tariff_norms(passports, norms) -> pd.DataFrame:
    """Water tariffs (volume in m³) as a price per m³ and a charge per person per month, at each norm."""
    rows = []
    water = passports[(passports["volume_unit"] == "m3") & passports["tariff_unit"].isin(tariff.TARIFF_UNITS)]
    for _, p in water.iterrows():
        for norm_id, litres in norms.items():
            price = charge = None
            if pd.notna(p["tariff_som"]):
                price, charge = tariff.equivalents(p["tariff_som"], p["tariff_unit"], litres)
            rows.append({"service_id": p["service_id"], "service": p["name"], "tariff_som": p["tariff_som"],
                         "tariff_unit": p["tariff_unit"], "norm_id": norm_id, "norm": NORM_LABELS[norm_id],
                         "norm_l_day": litres, "monthly_m3": tariff.monthly_volume_m3(litres),
                         "price_per_m3": price, "charge_per_person": charge, "unit_cost": p["unit_cost"]})
    columns = ["service_id", "service", "tariff_som", "tariff_unit", "norm_id", "norm", "norm_l_day", "monthly_m3",
               "price_per_m3", "charge_per_person", "unit_cost"]
    return pd.DataFrame(rows, columns=columns).astype({"price_per_m3": float, "charge_per_person": float})


def _matrix(frame, services, names) -> pd.DataFrame:
    """Counts of ``frame`` rows by service × cause group, with a total column and an "all services" row."""
    counts = pd.crosstab(frame["service_id"], frame["cause_group"]) if len(frame) else pd.DataFrame()
    counts = counts.reindex(index=list(services["service_id"]), columns=list(CAUSES)).fillna(0).astype(int)
    counts["total"] = counts.sum(axis=1)
    counts.loc["all"] = counts.sum()
    counts.insert(0, "service", [names.get(s, N_("All services")) for s in counts.index])
    return counts.rename_axis(index="service_id", columns=None).reset_index()


def _problems(case, services, names, result) -> None:
    listed = case.table("problems")[["service_id", "cause_group", "problem", "evidence"]].copy()
    order = {s: i for i, s in enumerate(services["service_id"])}
    listed["_o"] = [(order.get(s, len(order)), CAUSES.index(c) if c in CAUSES else 9)
                    for s, c in zip(listed["service_id"], listed["cause_group"])]
    listed = listed.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)
    listed.insert(1, "service", listed["service_id"].map(names))
    result.tables["problems"] = listed
    result.tables["cause_matrix"] = _matrix(listed, services, names)
    result.values["problems_listed"] = len(listed)


def _indicated(passports, result, recovery_min, condition_max, unresolved_max) -> None:
    """Problems the figures of the passport year point to, by the four rules of the module docstring."""
    rows = []
    for _, p in passports.iterrows():
        found = []
        if pd.notna(p["cost_recovery"]) and p["cost_recovery"] < recovery_min:
            found.append(("money", "recovery", p["cost_recovery"], recovery_min))
        if pd.notna(p["asset_condition"]) and p["asset_condition"] <= condition_max:
            found.append(("provider_capacity", "condition", p["asset_condition"], condition_max))
        if pd.notna(p["has_standard"]) and not bool(p["has_standard"]):
            found.append(("law_capacity", "standard", None, None))
        if pd.notna(p["resolved_share"]) and 1 - p["resolved_share"] > unresolved_max + 1e-12:
            found.append(("participation", "complaints", 1 - p["resolved_share"], unresolved_max))
        rows += [{"service_id": p["service_id"], "service": p["name"], "cause_group": group, "rule": rule,
                  "year": p["year"], "value": value, "threshold": threshold} for group, rule, value, threshold in found]
    indicated = pd.DataFrame(rows, columns=["service_id", "service", "cause_group", "rule", "year", "value", "threshold"])
    listed = set(zip(result.tables["problems"]["service_id"], result.tables["problems"]["cause_group"]))
    indicated["listed"] = [(s, c) in listed for s, c in zip(indicated["service_id"], indicated["cause_group"])]
    indicated = indicated.astype({"value": float, "threshold": float, "listed": bool})
    result.tables["indicated"] = indicated
    services = passports[["service_id"]]
    result.tables["indicated_matrix"] = _matrix(indicated, services, dict(zip(passports["service_id"], passports["name"])))
    result.values["problems_indicated"] = len(indicated)
    result.values["indicated_not_listed"] = int((~indicated["listed"]).sum())


def _choose(services, service: str, notes) -> str | None:
    """The service of the worked example: the one asked for, else drinking water, else the first."""
    ids = list(services["service_id"])
    if service and service in ids:
        return service
    if service:
        notes.append(Problem(WARNING, N_("No service «{service}» in the case; every service is shown."),
                             {"service": service}, table="services"))
    water = services.loc[services["sector"] == "drinking_water", "service_id"]
    return water.iloc[0] if len(water) else (ids[0] if ids else None)


def _example(values, passports, coverage, norms_table, chosen, norms) -> None:
    """The worked-example values: the chosen service's passport, its coverage and its tariff."""
    row = passports[passports["service_id"] == chosen]
    values["example_id"] = chosen
    values["example_service"] = row["name"].iloc[0] if len(row) else None
    for key in _EXAMPLE:
        values[f"ex_{key}"] = _known(row[key].iloc[0]) if len(row) else None
    flags = coverage.loc[coverage["service_id"] == chosen, "left_out"].dropna()
    values["ex_villages_left_out"] = int(flags.astype(bool).sum()) if len(flags) else None
    for norm_id, litres in norms.items():
        values[f"monthly_m3_{norm_id}"] = tariff.monthly_volume_m3(litres)
    known = norms_table.dropna(subset=["tariff_som"])
    pick = known[known["service_id"] == chosen] if (known["service_id"] == chosen).any() else known
    first = pick.iloc[0] if len(pick) else None
    values["tariff_service"] = None if first is None else first["service"]
    values["tariff_value"] = None if first is None else float(first["tariff_som"])
    values["tariff_unit_shown"] = None if first is None else first["tariff_unit"]
    for norm_id in norms:
        hit = pick[pick["norm_id"] == norm_id]
        values[f"tariff_price_{norm_id}"] = float(hit["price_per_m3"].iloc[0]) if len(hit) else None
        values[f"tariff_charge_{norm_id}"] = float(hit["charge_per_person"].iloc[0]) if len(hit) else None
    ref = tariff.SARY_OI_2017
    values.update(ref_tariff_m3=ref["tariff_per_m3"], ref_norm=ref["standpipe_norm"],
                  ref_monthly_m3=tariff.monthly_volume_m3(ref["standpipe_norm"]),
                  ref_charge=tariff.norm_charge(ref["standpipe_norm"], ref["tariff_per_m3"]),
                  ref_standpipe_charge=ref["standpipe_charge"],
                  ref_standpipe_price=tariff.price_per_m3(ref["standpipe_charge"], ref["standpipe_norm"]))
