"""Rules that look across rows and tables: references, totals that cannot exceed what exists, consistency.

Single cells (types, ranges, required values, duplicate keys) are checked while loading; this module
checks what needs several tables at once. Each rule yields ``Problem``s located at the offending row.
``validate`` is what ``workbook validate`` runs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.case.problems import ERROR, WARNING, Msg, Problem
from workbook.case.schema import TABLES, table
from workbook.i18n import N_

__all__ = ["check_relations", "exit_status", "validate"]


def validate(path):
    """Load the case at ``path`` and return it with all its problems (see ``Case.problems``)."""
    from workbook.case.load import load_case

    return load_case(Path(path))


def exit_status(problems) -> int:
    """0 when clean, 1 when there are only warnings, 2 when there is an error."""
    if any(p.is_error for p in problems):
        return 2
    return 1 if problems else 0


def check_relations(case) -> list[Problem]:
    """All cross-row and cross-table problems of a loaded case."""
    problems: list[Problem] = []
    for rule in (_references, _profile, _villages, _budget, _services, _coverage, _metrics,
                 _population_groups, _survey):
        problems.extend(rule(case))
    return problems


def _at(case, table_id: str, row, column_id: str, severity: str, message: str, **params) -> Problem:
    source = case.sources.get(table_id)
    column = source.headers.get(column_id) if source else None
    return Problem(
        severity,
        message,
        params,
        file=source.file if source else case.path.name,
        sheet=source.sheet if source else Msg(table(table_id).label),
        row=int(row) if row is not None else None,
        column=column or Msg(table(table_id).column(column_id).label),
        table=table_id,
    )


def _references(case):
    for spec in TABLES:
        frame = case.tables.get(spec.id)
        if frame is None:
            continue
        for col in spec.columns:
            if col.kind != "ref" or col.id not in frame:
                continue
            target = table(col.ref)
            known = set(case.tables[col.ref][target.key[0]].dropna()) if col.ref in case.tables else set()
            for row, value in frame[col.id].items():
                if value is not None and not pd.isna(value) and value not in known:
                    yield _at(case, spec.id, row, col.id, ERROR,
                              N_("«{value}» is not listed in sheet «{sheet}»."), value=value,
                              sheet=Msg(target.label))


def _profile(case):
    profile = case.tables.get("profile")
    if profile is None or profile.empty:
        return
    row = profile.index[0]
    first = profile.iloc[0]
    if first["kind"] == "aiyl_aimak" and first["rayon"] is None:
        yield _at(case, "profile", row, "rayon", WARNING, N_("An aiyl aimak belongs to a rayon; the rayon is blank."))


def _villages(case):
    villages = case.tables.get("villages")
    if villages is None:
        return
    for row, v in villages.iterrows():
        if pd.isna(v["population"]) or pd.isna(v["households"]):
            continue
        if v["households"] > v["population"]:
            yield _at(case, "villages", row, "households", ERROR,
                      N_("{households} households but only {population} people."),
                      households=int(v["households"]), population=int(v["population"]))
        elif v["households"] > 0:
            size = v["population"] / v["households"]
            if not 1.5 <= size <= 10:
                yield _at(case, "villages", row, "households", WARNING,
                          N_("{size} people per household is unusual (expected 1.5 to 10); please check."),
                          size=round(size, 1))
    if villages.empty:
        yield Problem(ERROR, N_("No villages listed: at least one is needed."), file=case.sources["villages"].file,
                      sheet=case.sources["villages"].sheet, table="villages")


def _budget(case):
    budget = case.tables.get("budget")
    if budget is None:
        return
    for row, b in budget.iterrows():
        if b["category"] == "expense_service" and b["service_id"] is None:
            yield _at(case, "budget", row, "service_id", ERROR, N_("Spending on a service needs the service ID."))
        elif b["category"] not in (None, "expense_service") and b["service_id"] is not None:
            yield _at(case, "budget", row, "service_id", WARNING,
                      N_("A service ID is given for a row that is not spending on a service; it is ignored."))


def _services(case):
    services = case.tables.get("services")
    if services is None:
        return
    for row, s in services.iterrows():
        if s["delivery_mode"] == "none" and s["provider"]:
            yield _at(case, "services", row, "provider", WARNING,
                      N_("A provider is named, but the delivery mode says nobody provides the service."))
        elif s["delivery_mode"] not in (None, "none") and not s["provider"]:
            yield _at(case, "services", row, "provider", WARNING, N_("No provider named for a delivered service."))


def _coverage(case):
    coverage, villages = case.tables.get("service_coverage"), case.tables.get("villages")
    if coverage is None or villages is None:
        return
    households = villages.set_index("village_id")["households"]
    names = villages.set_index("village_id")["name"]
    for row, c in coverage.iterrows():
        total = households.get(c["village_id"])
        if total is not None and not pd.isna(total) and not pd.isna(c["households_served"]):
            if c["households_served"] > total:
                yield _at(case, "service_coverage", row, "households_served", ERROR,
                          N_("{served} households served, but only {total} households live in {village}."),
                          served=int(c["households_served"]), total=int(total), village=names[c["village_id"]])


def _metrics(case):
    metrics, villages = case.tables.get("service_metrics"), case.tables.get("villages")
    if metrics is None:
        return
    households = villages["households"].sum() if villages is not None else None
    population = villages["population"].sum() if villages is not None else None
    year = case.profile.get("reference_year")
    for row, m in metrics.iterrows():
        if households and not pd.isna(m["households_served"]) and m["households_served"] > households:
            yield _at(case, "service_metrics", row, "households_served", ERROR,
                      N_("{served} households served, but the municipality has {total} (coverage over 100 %)."),
                      served=int(m["households_served"]), total=int(households))
        if population and not pd.isna(m["people_served"]) and m["people_served"] > population:
            yield _at(case, "service_metrics", row, "people_served", ERROR,
                      N_("{served} people served, but the municipality has {total} (coverage over 100 %)."),
                      served=int(m["people_served"]), total=int(population))
        if not pd.isna(m["complaints_resolved"]) and not pd.isna(m["complaints"]) and m["complaints_resolved"] > m["complaints"]:
            yield _at(case, "service_metrics", row, "complaints_resolved", ERROR,
                      N_("More complaints resolved ({resolved}) than received ({received})."),
                      resolved=int(m["complaints_resolved"]), received=int(m["complaints"]))
        if not pd.isna(m["collected_som"]) and not pd.isna(m["billed_som"]) and m["collected_som"] > m["billed_som"]:
            yield _at(case, "service_metrics", row, "collected_som", WARNING,
                      N_("More collected than billed: collection over 100 % (arrears paid?). Please check."))
        if year and not pd.isna(m["year"]) and m["year"] > year:
            yield _at(case, "service_metrics", row, "year", WARNING,
                      N_("The year {year} is after the reference year {reference}."),
                      year=int(m["year"]), reference=int(year))


def _population_groups(case):
    groups, villages = case.tables.get("population_groups"), case.tables.get("villages")
    if groups is None or villages is None or groups.empty:
        return
    adults, everyone = groups["population"].sum(), villages["population"].sum()
    if adults > everyone:
        yield _at(case, "population_groups", groups.index[0], "population", ERROR,
                  N_("{adults} adults, but only {everyone} people live in the villages."),
                  adults=int(adults), everyone=int(everyone))


def _survey(case):
    ratings = case.tables.get("survey_ratings")
    if ratings is not None:
        stray = ratings.index[(ratings["uses_service"] == False) & ratings["satisfaction"].notna()]  # noqa: E712
        for row in stray:
            yield _at(case, "survey_ratings", row, "satisfaction", WARNING,
                      N_("A satisfaction score from someone who does not use the service; it is not counted."))
    respondents = case.tables.get("survey_respondents")
    if respondents is not None:
        for row, *chosen in respondents[["priority_1", "priority_2", "priority_3"]].itertuples():
            chosen = [c for c in chosen if c is not None]
            if len(chosen) != len(set(chosen)):
                yield _at(case, "survey_respondents", row, "priority_2", WARNING,
                          N_("The same service is ranked twice; only its highest rank counts."))
