"""The programme overview: ``index.html`` and ``overview.xlsx`` listing every municipality of a batch.

Each municipality gets its status (with the reason and a link when it failed), links to its files and
its key figures; national comparison tables and charts follow, by municipality and by oblast. Every
figure is read from the saved stage results, so the overview shows the same numbers as the workbooks.
"""

from __future__ import annotations

import html

import pandas as pd

from workbook.i18n import N_, translator
from workbook.render.html import page
from workbook.render.xlsx import workbook_bytes
from workbook.results import atomic_write
from workbook.show import charts
from workbook.show.tables import format_value

__all__ = ["FIGURES", "key_figures", "write_overview"]

#: The key figures: (stage, name, column label, format). Stage values are read from
#: ``StageResult.values``; the water figures come from the passport and survey of the municipality's
#: drinking-water service (sector ``drinking_water``), whatever its service id.
FIGURES = [
    (0, "population", N_("Population"), "integer"),
    (0, "grant_share", N_("Grant share"), "percent"),
    (0, "revenue_per_person", N_("Budget revenue per person"), "som"),
    (0, "women_share", N_("Women in the commission"), "percent"),
    (1, "services", N_("Services"), "integer"),
    (1, "no_standard_share", N_("Services without a standard"), "percent"),
    (2, "water_coverage", N_("Water: households covered"), "percent"),
    (2, "water_cost_recovery", N_("Water: cost recovery"), "percent"),
    (2, "water_collection_rate", N_("Water: collection rate"), "percent"),
    (3, "water_satisfaction", N_("Water: satisfaction index (0–100)"), "number1"),
    (3, "top_priority", N_("Citizens' first priority"), "text"),
]
#: Figures compared by oblast (medians) and drawn as charts.
COMPARED = ("grant_share", "water_coverage", "water_cost_recovery", "water_satisfaction")


def key_figures(results) -> dict:
    """The ``FIGURES`` found in ``results`` (a list of StageResult), by name; absent ones are None."""
    by_stage = {r.stage: r for r in results}
    figures = {name: by_stage[stage].values.get(name) for stage, name, _, _ in FIGURES
               if stage in by_stage and name in by_stage[stage].values}
    water = set()
    if 2 in by_stage:
        passports = by_stage[2].tables.get("passports")
        if passports is not None and not passports.empty:
            rows = passports[passports["sector"] == "drinking_water"]
            water = set(rows["service_id"])
            if len(rows):
                first = rows.iloc[0]
                figures.update(water_coverage=first["coverage_households"], water_cost_recovery=first["cost_recovery"],
                               water_collection_rate=first["collection_rate"])
    if 3 in by_stage and water:
        satisfaction = by_stage[3].tables.get("satisfaction")
        if satisfaction is not None and not satisfaction.empty:
            rows = satisfaction[satisfaction["service_id"].isin(water) & ~satisfaction["suppressed"].astype(bool)]
            if len(rows):
                figures["water_satisfaction"] = rows.iloc[0]["index"]
    return {name: _plain(figures.get(name)) for _, name, _, _ in FIGURES}


def _plain(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _frame(reports, tr) -> pd.DataFrame:
    rows = []
    for r in sorted(reports, key=lambda r: r.name.casefold()):
        row = {"case_id": r.case_id, "name": r.name, "oblast": r.profile.get("oblast") or "",
               "status": r.status, "failure": _failure_text(r, tr), "warnings": r.warnings}
        row.update({name: r.figures.get(name) for _, name, _, _ in FIGURES})
        rows.append(row)
    columns = ["case_id", "name", "oblast", "status", "failure", "warnings"] + [n for _, n, _, _ in FIGURES]
    return pd.DataFrame(rows, columns=columns)


def _failure_text(report, tr) -> str:
    failure = report.failure
    if not failure:
        return ""
    if failure.get("stage") == "validation":
        return tr.plural("Case data has {n} error: {first}", "Case data has {n} errors: {first}", failure.get("count", 1),
                         first=failure["message"])
    if failure.get("stage") is None:
        return failure["message"]
    return tr("Stage {n} failed: {message}", n=failure["stage"], message=failure["message"])


def _links(report, tr, formats) -> str:
    names = {"html": "HTML", "pdf": "PDF", "xlsx": "XLSX"}
    links = [f"<a href='{html.escape(report.case_id)}/{html.escape(report.outputs[f])}'>{names[f]}</a>"
             for f in ("html", "pdf", "xlsx") if f in formats and f in report.outputs]
    failure = report.failure or {}
    if report.warnings and not failure.get("problems"):
        links.append(f"<a href='{html.escape(report.case_id)}/problems.html'>{html.escape(tr('remarks'))}</a>")
    if failure.get("problems"):
        links.append(f"<a href='{html.escape(report.case_id)}/{failure['problems']}'>{html.escape(tr('problems'))}</a>")
    if failure.get("notebook"):
        links.append(f"<a href='{html.escape(report.case_id)}/{html.escape(failure['notebook'])}'>"
                     f"{html.escape(tr('failed notebook'))}</a>")
    return " · ".join(links)


def _by_oblast(frame: pd.DataFrame) -> pd.DataFrame:
    ok = frame[frame["status"] == "ok"]
    medians = {name: (name, "median") for name in COMPARED if pd.to_numeric(ok[name], errors="coerce").notna().any()}
    numeric = ok.assign(**{name: pd.to_numeric(ok[name], errors="coerce") for name in medians})
    grouped = numeric.groupby("oblast").agg(municipalities=("case_id", "size"), population=("population", "sum"),
                                            **medians)
    return grouped.reset_index()


_LABELS = {"name": N_("Municipality"), "oblast": N_("Oblast"), "status": N_("Status"), "failure": N_("Problem"),
           "warnings": N_("Remarks on the data"), "municipalities": N_("Municipalities"),
           **{name: label for _, name, label, _ in FIGURES}}
_FORMATS = {name: fmt for _, name, _, fmt in FIGURES} | {"municipalities": "integer", "population": "integer",
                                                          "warnings": "integer"}
_STYLE = ("<style>body {max-width:95rem} .wb-overview td, .wb-overview th {font-size:.85rem}"
          " .wb-failed {color:#b00020;font-weight:bold} .wb-ok {color:#2e7d32} .wb-tag {color:#a0522d}</style>")


def _summary(frame, reports, tr, missing_codes) -> str:
    ok = int((frame["status"] == "ok").sum()) if len(frame) else 0
    parts = [f"<h1>{html.escape(tr('Programme overview'))}</h1>",
             f"<p>{html.escape(tr('{n} municipalities: {ok} built, {failed} failed.', n=len(frame), ok=ok, failed=len(frame) - ok))}</p>"]
    if any(r.profile.get("synthetic") for r in reports):
        parts.append(f"<div class='wb-synthetic'>{html.escape(tr('Synthetic training data: not a real municipality.'))}</div>")
    if missing_codes:
        parts.append(f"<div class='wb-warning'>{html.escape(tr('No case was found for these SOATE codes of the list: {codes}', codes=', '.join(missing_codes)))}</div>")
    return "\n".join(parts)


def _listing(frame, reports, tr, formats) -> str:
    by_id = {r.case_id: r for r in reports}
    rows = []
    for record in frame.to_dict("records"):
        report = by_id[record["case_id"]]
        name = html.escape(record["name"])
        if report.profile.get("synthetic"):
            name += f" <small class='wb-tag'>({html.escape(tr('synthetic'))})</small>"
        status = tr("built") if record["status"] == "ok" else tr("failed")
        cells = [name, html.escape(str(record["oblast"])),
                 f"<span class='wb-{record['status']}'>{html.escape(status)}</span>"
                 + (f"<br><small>{html.escape(record['failure'])}</small>" if record["failure"] else "")]
        cells += [format_value(record.get(n), fmt, tr) for _, n, _, fmt in FIGURES]
        cells += [format_value(record["warnings"], "integer", tr), _links(report, tr, formats)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = ([tr("Municipality"), tr("Oblast"), tr("Status")] + [tr(label) for _, _, label, _ in FIGURES]
              + [tr("Remarks on the data"), tr("Files")])
    return ("<table class='wb-overview'><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


_CHART_TITLES = {
    "grant_share": N_("Grant share of the budget, median by oblast"),
    "water_coverage": N_("Water: households covered, median by oblast"),
    "water_cost_recovery": N_("Water: cost recovery, median by oblast"),
    "water_satisfaction": N_("Water: satisfaction index, median by oblast"),
}


def _comparison(oblasts, tr) -> str:
    from workbook.show.tables import table as styled

    columns = ["oblast", "municipalities", "population"] + [n for n in COMPARED if n in oblasts]
    parts = [f"<h2>{html.escape(tr('Comparison by oblast (medians of built municipalities)'))}</h2>",
             styled(oblasts, columns, _LABELS, _FORMATS, tr, "overview-oblasts").to_html()]
    for name in COMPARED:
        if name in oblasts and oblasts[name].notna().any():
            formatter = tr.percent if _FORMATS[name] == "percent" else (lambda v: tr.number(v, 1))
            parts.append(charts.barh(oblasts["oblast"], oblasts[name], tr(_CHART_TITLES[name]), formatter).svg())
    return "\n".join(parts)


def write_overview(reports, out, lang: str, formats, missing_codes=()) -> None:
    """Write ``index.html`` and ``overview.xlsx`` into ``out`` for ``reports`` (one per municipality)."""
    tr = translator(lang)
    frame = _frame(reports, tr)
    oblasts = _by_oblast(frame) if (frame["status"] == "ok").any() else pd.DataFrame()
    sections = [_STYLE, _summary(frame, reports, tr, missing_codes), _listing(frame, reports, tr, formats)]
    if not oblasts.empty:
        sections.append(_comparison(oblasts, tr))
    atomic_write(out / "index.html", page(tr("Programme overview"), "\n".join(sections), lang))
    listing = frame.drop(columns=["case_id"]).assign(
        status=[tr("built") if s == "ok" else tr("failed") for s in frame["status"]])
    sheets = [(tr("Municipalities"), listing, _LABELS, _FORMATS)]
    if not oblasts.empty:
        sheets.append((tr("By oblast"), oblasts, _LABELS, _FORMATS))
    atomic_write(out / "overview.xlsx", workbook_bytes(sheets, tr, [(tr("Programme overview"), "")]))
