"""Stage 2 on screen: the overview, coverage by village, tariffs through the norms, the passports, the causes."""

from __future__ import annotations

import html

import numpy as np
from IPython.display import HTML
from matplotlib.colors import LinearSegmentedColormap

from workbook.i18n import N_, Translator
from workbook.show import charts
from workbook.show.tables import card, format_value, missing, needs, table
from workbook.show.widgets import linked
from workbook.stages.s02_passport import CAUSES, FORMATS, INDICATORS, LABELS, expected

__all__ = ["cause_matrix", "coverage_chart", "indicated", "indicated_matrix", "left_out", "overview", "passport",
           "passport_widget", "passports", "problems", "recovery_chart", "summary", "tariff_norms"]

#: What each rule of the indicated problems found, as a sentence.
RULES = {
    "recovery": N_("Users paid {value} of the cost in {year}, below the threshold of {threshold}."),
    "condition": N_("Asset condition {value} of 5 in {year}, at or below the threshold of {threshold}."),
    "standard": N_("No service standard is approved."),
    "complaints": N_("{value} of the complaints of {year} were not resolved, more than the threshold of {threshold}."),
}
_RULE_FORMAT = {"recovery": "percent", "condition": "integer", "complaints": "percent"}
_OVERVIEW = ["name", "households_served", "coverage_households", "unit_cost", "cost_recovery", "collection_rate",
             "complaints_per_1000", "resolved_share", "asset_condition"]
_CARD = ["provider", "delivery_mode", "type", "has_standard", "volume_unit", "tariff_unit", "villages_left_out"]
_COVERAGE = LinearSegmentedColormap.from_list("coverage", ["#ffffff", charts.PALETTE[0]])


def _show(frame, name, columns, tr):
    return table(frame, columns, LABELS, FORMATS, tr, f"s02-{name}")


def _cell(value, kind, tr) -> str:
    return html.escape(format_value(value, kind, tr))


def _quiet(text: str) -> str:
    """A muted line, as for "no data" (``text`` is escaped)."""
    return f"<p class='wb-missing'>{html.escape(text)}</p>"


def _heading(text: str) -> str:
    return f"<h4>{html.escape(text)}</h4>"


def summary(result, tr: Translator) -> HTML:
    """The stage in one box: passport year, services, households, people, and the problems found."""
    v = result.values
    rows = [
        (tr("Passport year"), format_value(v["passport_year"], "year", tr)),
        (tr("Services"), format_value(v["services"], "integer", tr)),
        (tr("Households"), format_value(v["households"], "integer", tr)),
        (tr("Population"), format_value(v["population"], "integer", tr)),
        (tr("Villages"), format_value(v["villages"], "integer", tr)),
        (tr("Services whose users pay less than {share} of the cost", share=tr.percent(v["recovery_min"], 0)),
         format_value(v["below_recovery"], "integer", tr)),
        (tr("Problems listed in the case"), format_value(v["problems_listed"], "integer", tr)),
        (tr("Problems the figures indicate"), format_value(v["problems_indicated"], "integer", tr)),
    ]
    return card(rows)


@needs("passports")
def overview(result, tr: Translator):
    """Every service in the passport year: coverage, unit cost, money, complaints and assets side by side."""
    return _show(result.tables["passports"], "overview", _OVERVIEW, tr)


def _figure(title: str, rows: int = 1, height: float | None = None, labels=(), plot_width: float = 4.5,
            bottom_inches: float = 0.45, min_width: float = 7.5):
    """A figure wide enough for its y labels, its plot and its title (margins are fixed, not "tight")."""
    chars = charts.label_chars(list(labels) or ["-" * 9])
    left = 0.25 + 0.075 * chars
    width = max(min_width, left + plot_width + 0.3, left + 0.105 * len(title) + 0.3)
    fig, ax = charts.axes(rows, height=height, width=width, left_chars=chars, bottom_inches=bottom_inches)
    charts.set_title(ax, title)
    return fig, ax


def _legend(fig, ax, columns: int) -> None:
    """The legend centred under the plot (the figure keeps room for it through ``bottom_inches``)."""
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=columns, frameon=False, fontsize=9)


@needs("passports")
def recovery_chart(result, tr: Translator):
    """Cost recovery and collection rate per service, with the cost-recovery threshold; "–" where unknown."""
    t = result.tables["passports"]
    t = t[t["cost_recovery"].notna() | t["collection_rate"].notna()]
    if t.empty:
        return missing(tr)
    title = tr("Cost recovery and collection rate, {year}", year=result.values["passport_year"])
    fig, ax = _figure(title, rows=2 * len(t) + 1, labels=t["name"], bottom_inches=0.85)
    y = np.arange(len(t))[::-1]
    for offset, column, colour in ((0.2, "cost_recovery", charts.PALETTE[0]), (-0.2, "collection_rate", charts.PALETTE[1])):
        shares = t[column].to_numpy(dtype=float)
        ax.barh(y + offset, np.nan_to_num(shares), height=0.38, color=colour, label=tr(LABELS[column]))
        for yi, share in zip(y + offset, shares):
            shown = tr("no data") if np.isnan(share) else tr.percent(share)
            ax.text(0 if np.isnan(share) else share, yi, " " + shown, va="center", fontsize=8,
                    color=charts.PALETTE[7] if np.isnan(share) else "black")
    threshold = result.values["recovery_min"]
    ax.axvline(threshold, color=charts.PALETTE[3], linestyle="--", linewidth=1,
               label=tr("Cost recovery threshold: {share}", share=tr.percent(threshold, 0)))
    ax.set_yticks(y, list(t["name"]))
    ax.xaxis.set_major_formatter(lambda v, _: tr.percent(v, 0))
    ax.margins(x=0.12)
    _legend(fig, ax, 3)
    return charts.Chart(fig)


@needs("village_coverage")
def coverage_chart(result, tr: Translator):
    """Households served ÷ households per village and service; white is left out, grey "–" is unknown."""
    t = result.tables["village_coverage"]
    if t["households_served"].isna().all():
        return missing(tr)
    services = list(dict.fromkeys(t["service_id"]))
    villages = list(dict.fromkeys(t["village_id"]))
    grid = t.pivot_table(index="service_id", columns="village_id", values="coverage", aggfunc="first",
                         dropna=False).reindex(index=services, columns=villages).to_numpy(dtype=float)
    service_names = dict(zip(t["service_id"], t["service"]))
    village_names = [dict(zip(t["village_id"], t["village"]))[v] for v in villages]
    fig, ax = _figure(tr("Coverage of households by village"), height=0.42 * len(services) + 0.6
                      + 0.05 * charts.label_chars(village_names), labels=service_names.values(),
                      plot_width=0.62 * len(villages), bottom_inches=0.25 + 0.05 * charts.label_chars(village_names))
    ax.imshow(np.ma.masked_invalid(grid), cmap=_COVERAGE.with_extremes(bad="#e6e6e6"), vmin=0, vmax=1, aspect="auto")
    for (row, col), share in np.ndenumerate(grid):
        colour = charts.PALETTE[7] if np.isnan(share) else "white" if share > 0.6 else "black"
        shown = format_value(share, "percent", tr) if np.isnan(share) else tr.percent(share, 0)
        ax.text(col, row, shown, ha="center", va="center", fontsize=7.5, color=colour)
    ax.set_xticks(range(len(villages)), village_names, rotation=40, ha="right")
    ax.set_yticks(range(len(services)), [service_names[s] for s in services])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return charts.Chart(fig)


@needs("village_coverage")
def left_out(result, tr: Translator):
    """The villages where a service reaches no household at all."""
    t = result.tables["village_coverage"]
    t = t[t["left_out"] == True]  # noqa: E712 (None means unknown)
    if t.empty:
        return HTML(_quiet(tr("No village is left out: every village with known figures has at least one household served.")))
    return _show(t, "left_out", ["service", "village", "households"], tr)


@needs("tariff_norms")
def tariff_norms(result, tr: Translator):
    """Water tariffs as a price per m³ and a charge per person per month at each consumption norm."""
    return _show(result.tables["tariff_norms"], "tariff_norms",
                 ["service", "tariff_som", "tariff_unit", "norm", "norm_l_day", "monthly_m3", "price_per_m3",
                  "charge_per_person", "unit_cost"], tr)


def _selected(result, service) -> list[str]:
    ids = list(result.tables["passports"]["service_id"])
    service = result.params.get("service", "") if service is None else service
    return [service] if service in ids else ids


def _trend_table(rows, service_row, tr) -> str:
    """Indicators (rows) by year (columns); an expected indicator is shown even when every year is "–"."""
    wanted = set(expected(service_row))
    shown = [i for i in INDICATORS if i in wanted or rows[i].notna().any()]
    years = [int(y) for y in rows["year"]]
    head = "".join(f"<th>{y}</th>" for y in years)
    body = "".join(
        f"<tr><th>{html.escape(tr(LABELS[i]))}</th>"
        + "".join(f"<td style='text-align:right'>{_cell(v, FORMATS[i], tr)}</td>" for v in rows[i]) + "</tr>"
        for i in shown)
    corner = html.escape(tr("Indicator"))
    return f"<table class='wb-table'><tr><th>{corner}</th>{head}</tr>{body}</table>"


def _money_chart(rows, charged, tr) -> charts.Chart | None:
    """Cost against what users paid, by year, for a service users pay for; a missing year shows "no data".

    A service nobody pays for gets no chart: its costs are in the passport's table already.
    """
    if not charged:
        return None
    cost, collected = LABELS["cost_som"], LABELS["collected_som"]
    series = {tr(cost): rows["cost_som"], tr(collected): rows["collected_som"]}
    if not any(s.notna().any() for s in series.values()):
        return None
    title = tr("Cost and collected by year, som")
    top = max(s.max() for s in series.values() if s.notna().any())
    fig, ax = _figure(title, height=2.9, labels=[tr.integer(top)], plot_width=0.9 * len(rows) + 1.5, bottom_inches=0.75,
                      min_width=5.0)
    x = np.arange(len(rows))
    width = 0.8 / len(series)
    absent = tr("no data")
    for index, (label, values) in enumerate(series.items()):
        values = values.to_numpy(dtype=float)
        positions = x - 0.4 + width * (index + 0.5)
        ax.bar(positions, np.nan_to_num(values), width=width, label=label, color=charts.PALETTE[index])
        for xi, v in zip(positions, values):
            if np.isnan(v):
                ax.text(xi, 0, absent, ha="center", va="bottom", rotation=90, fontsize=8, color=charts.PALETTE[7])
            else:
                ax.text(xi, v, tr.integer(v), ha="center", va="bottom", fontsize=7.5)
    ax.set_xticks(x, [str(int(y)) for y in rows["year"]])
    ax.yaxis.set_major_formatter(lambda v, _: tr.integer(v))
    ax.margins(y=0.18)
    _legend(fig, ax, len(series))
    return charts.Chart(fig)


def _problem_rows(result, sid, tr) -> str:
    listed = result.tables["problems"]
    listed = listed[listed["service_id"] == sid]
    found = result.tables["indicated"]
    found = found[found["service_id"] == sid]
    parts = [_heading(tr("Problems listed in the case"))]
    if listed.empty:
        parts.append(_quiet(tr("No problem is listed for this service.")))
    else:
        parts.append(_show(listed, f"problems-{sid}", ["cause_group", "problem", "evidence"], tr).to_html())
    parts.append(_heading(tr("Problems the figures indicate")))
    if found.empty:
        parts.append(_quiet(tr("The figures indicate no problem.")))
    else:
        columns = ["cause_group", "evidence", "listed"]
        parts.append(_show(_with_evidence(found, tr), f"indicated-{sid}", columns, tr).to_html())
    return "".join(parts)


def passport(result, tr: Translator, service_id: str) -> str:
    """The passport of one service as HTML: its card, indicators by year, money chart and problems."""
    p = result.tables["passports"].set_index("service_id").loc[service_id]
    rows = result.tables["trend"]
    rows = rows[rows["service_id"] == service_id]
    shown = {k: _cell(p[k], FORMATS[k], tr) for k in _CARD}
    if not isinstance(p["tariff_unit"], str):
        shown["tariff_unit"] = html.escape(tr("no charge to users"))
    card = "".join(f"<tr><th>{html.escape(tr(LABELS[k]))}</th><td>{shown[k]}</td></tr>" for k in _CARD)
    chart = _money_chart(rows, "collected_som" in expected(p), tr)
    gaps = "".join(f"<li>{html.escape(n.text(tr))}</li>" for n in result.notes if n.params.get("service_id") == service_id)
    box = html.escape(tr("Gaps in this passport"))
    gaps = f"<div class='wb-warning'><b>{box}</b><ul>{gaps}</ul></div>" if gaps else ""
    title = html.escape(tr("Passport: {service}", service=p["name"]))
    return (f"<section class='wb-passport'><h3>{title}</h3>"
            f"<table class='wb-card'>{card}</table>{_trend_table(rows, p, tr)}{gaps}"
            f"{chart.svg() if chart is not None else ''}{_problem_rows(result, service_id, tr)}</section>")


@needs("passports")
def passports(result, tr: Translator, service: str | None = None):
    """The passports of the chosen service (the ``service`` parameter) or of every service."""
    return HTML("".join(passport(result, tr, sid) for sid in _selected(result, service)))


def _matrix(result, name, caption, tr):
    shown = _show(result.tables[name], name, ["service", *CAUSES, "total"], tr)
    return HTML(_heading(caption) + shown.to_html())


@needs("cause_matrix")
def cause_matrix(result, tr: Translator):
    """Problems listed in the case, counted by service and cause group."""
    return _matrix(result, "cause_matrix", tr("Problems listed in the case, by cause group"), tr)


@needs("problems")
def problems(result, tr: Translator):
    """Every problem the case lists, with its cause group and evidence."""
    return _show(result.tables["problems"], "problems", ["service", "cause_group", "problem", "evidence"], tr)


def _with_evidence(frame, tr):
    """``frame`` of indicated problems with the sentence saying what the figures show."""
    shown = frame.copy()
    shown["evidence"] = [
        tr(RULES[rule], value=format_value(value, _RULE_FORMAT.get(rule, "text"), tr),
           threshold=format_value(threshold, _RULE_FORMAT.get(rule, "text"), tr), year=format_value(year, "year", tr))
        for rule, value, threshold, year in zip(shown["rule"], shown["value"], shown["threshold"], shown["year"])]
    return shown


def indicated(result, tr: Translator):
    """Problems the passport-year figures indicate, with what shows them and whether the case lists them too."""
    t = result.tables["indicated"]
    if t.empty:
        return HTML(_quiet(tr("The figures indicate no problem.")))
    return _show(_with_evidence(t, tr), "indicated", ["service", "cause_group", "evidence", "listed"], tr)


@needs("indicated_matrix")
def indicated_matrix(result, tr: Translator):
    """Indicated problems counted by service and cause group."""
    return _matrix(result, "indicated_matrix", tr("Problems the figures indicate, by cause group"), tr)


def passport_widget(result, tr: Translator):
    """A drop-down of the services; the chosen service's passport is shown below it.

    It starts on the service of the worked example (the ``service`` parameter, else drinking water), so a
    notebook that already shows every passport does not show them all twice.
    """
    import ipywidgets as widgets

    t = result.tables["passports"]
    options = [(tr("All services"), "")] + list(zip(t["name"], t["service_id"]))
    start = result.values.get("example_id")
    choice = widgets.Dropdown(options=options, value=start if start in set(t["service_id"]) else "",
                              description=tr("Service"), style={"description_width": "initial"},
                              layout=widgets.Layout(width="420px"))
    return linked([choice], lambda: passports(result, tr, choice.value))
