"""Stage 0 on screen: the profile card, villages, budget structure and the commission check."""

from __future__ import annotations

from IPython.display import HTML

from workbook.i18n import Translator
from workbook.show import charts
from workbook.show.tables import card as show_card
from workbook.show.tables import format_value, needs, table
from workbook.show.widgets import linked
from workbook.stages.s00_profile import FORMATS, LABELS

__all__ = ["budget_trend", "card", "commission_checks", "commission_roles", "commission_widget", "population_chart",
           "revenue", "revenue_chart", "spending", "spending_chart", "villages"]


def _show(frame, name, columns, tr):
    return table(frame, columns, LABELS, FORMATS, tr, f"s00-{name}")


def card(result, case, tr: Translator) -> HTML:
    """The profile card: the municipality's key facts in one box."""
    v, p = result.values, case.profile
    rows = [
        (tr("Municipality"), case.name),
        (tr("SOATE code"), p.get("soate_code", "")),
        (tr("Kind of municipality"), tr.code("municipality_kind", p.get("kind"))),
        (tr("Oblast"), p.get("oblast") or "–"),
        (tr("Rayon"), p.get("rayon") or "–"),
        (tr("Population"), format_value(v["population"], "integer", tr)),
        (tr("Households"), format_value(v["households"], "integer", tr)),
        (tr("People per household"), format_value(v["household_size"], "number1", tr)),
        (tr("Villages"), format_value(v["villages"], "integer", tr)),
        (tr("Area, km²"), format_value(v["area_km2"], "number1", tr)),
        (tr("People per km²"), format_value(v["density"], "number1", tr)),
    ]
    if v.get("budget_year"):
        rows += [
            (tr("Budget revenue {year}", year=v["budget_year"]), format_value(v["revenue_total"], "som", tr)),
            (tr("Own revenue share"), format_value(v["own_share"], "percent", tr)),
            (tr("Budget revenue per person"), format_value(v["revenue_per_person"], "som", tr)),
        ]
    return show_card(rows)


@needs("villages")
def villages(result, tr):
    return _show(result.tables["villages"], "villages", ["name", "population", "households", "household_size", "population_share"], tr)


@needs("villages")
def population_chart(result, tr):
    t = result.tables["villages"]
    return charts.barh(t["name"], t["population"], tr("Population by village"), tr.integer)


@needs("revenue")
def revenue(result, tr):
    return _show(result.tables["revenue"], "revenue", ["category", "amount_som", "share"], tr)


@needs("revenue")
def revenue_chart(result, tr):
    t = result.tables["revenue"]
    labels = [tr.code("budget_category", c) for c in t["category"]]
    return charts.barh(labels, t["amount_som"], tr("Budget revenue by source, {year}", year=result.values["budget_year"]),
                       tr.som)


@needs("spending")
def spending(result, tr):
    t = result.tables["spending"].copy()
    t["item"] = [tr.code("budget_category", i) if c != "expense_service" else i
                 for i, c in zip(t["item"], t["category"])]
    return _show(t, "spending", ["item", "amount_som", "share", "per_person_som"], tr)


@needs("spending")
def spending_chart(result, tr):
    t = result.tables["spending"]
    t = t[t["category"] == "expense_service"]
    return charts.barh(t["item"], t["amount_som"], tr("Spending per service, {year}", year=result.values["budget_year"]),
                       tr.som)


@needs("budget_trend")
def budget_trend(result, tr):
    t = result.tables["budget_trend"]
    return charts.stacked_bars([int(y) for y in t["year"]],
                               {tr("Own revenue"): t["own_revenue"], tr("Grants and transfers"): t["grants"]},
                               tr("Budget revenue by year"), tr.som)


@needs("commission_roles")
def commission_roles(result, tr):
    return _show(result.tables["commission_roles"], "commission_roles", ["role", "members", "women"], tr)


def commission_checks(result, tr):
    return _show(result.tables["commission_checks"], "commission_checks", ["check", "value", "norm", "ok"], tr)


def commission_widget(case, tr):
    """Sliders for the three norms; the check table updates as they move."""
    import ipywidgets as widgets

    from workbook.stages import run_stage

    def slider(label, value):
        return widgets.FloatSlider(value=value, min=0, max=1, step=0.05, description=label, readout_format=".0%",
                                   style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))

    women = slider(tr("Share of women"), 0.30)
    citizens = slider(tr("Share of members who are not officials"), 0.30)
    villages_ = slider(tr("Share of villages represented"), 1.0)
    return linked([women, citizens, villages_], lambda: commission_checks(
        run_stage(0, case, None, women_min=women.value, citizens_min=citizens.value, villages_min=villages_.value), tr))
