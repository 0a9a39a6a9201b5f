"""Stage 1 on screen: the registry, its counts by type and delivery mode, its gaps and the draft register.

Every view takes the stage result and the reader's ``Translator`` and returns something a notebook shows:
a table (pandas Styler), HTML, a chart, or "no data" when the municipality lists no services.
"""

from __future__ import annotations

import functools

from IPython.display import HTML

from workbook.i18n import Translator
from workbook.show import charts
from workbook.show.tables import card, format_value, missing, needs, table
from workbook.show.widgets import linked
from workbook.stages.s01_inventory import FORMATS, LABELS, MODES, TYPES, select

__all__ = ["by_mode", "by_type", "gaps", "gaps_chart", "mode_chart", "register", "registry", "registry_widget",
           "summary", "type_chart", "type_mode", "type_mode_chart"]

_REGISTRY = ["no", "name", "type", "legal_basis", "provider", "delivery_mode", "has_standard", "in_sedp"]


def _has_services(result) -> bool:
    return bool(result.values["services"])


_needs = functools.partial(needs, present=_has_services)


def _show(frame, name, columns, tr):
    return table(frame, columns, LABELS, FORMATS, tr, f"s01-{name}")


def summary(result, tr: Translator) -> HTML:
    """The registry in one box: services by type, how many are organised, with gaps, for the register.

    Args:
        result: the stage 1 result.
        tr: the reader's translator.

    Returns:
        An HTML card (the stage 0 card's style).
    """
    v = result.values
    rows = [
        (tr("Services listed"), format_value(v["services"], "integer", tr)),
        *((tr.code("service_type", t), format_value(v[f"type_{t}"], "integer", tr)) for t in TYPES),
        (tr("Delivered by someone other than the LSG itself"),
         tr("{count} ({share})", count=format_value(v["organised"], "integer", tr),
            share=format_value(v["organised_share"], "percent", tr))),
        (tr("Services with at least one gap"), format_value(v["with_gaps"], "integer", tr)),
        (tr("Proposed for the additional register"), format_value(v["register_services"], "integer", tr)),
    ]
    return card(rows)


@_needs("registry")
def registry(result, tr):
    """The local services registry: every service with its type, basis, provider, mode, standard, SEDP."""
    return _show(result.tables["registry"], "registry", _REGISTRY, tr)


@_needs("by_type")
def by_type(result, tr):
    """Services per type, with shares."""
    return _show(result.tables["by_type"], "by_type", ["type", "services", "share"], tr)


@_needs("by_type")
def type_chart(result, tr):
    """Bars: services per type."""
    t = result.tables["by_type"]
    return charts.barh([tr.code("service_type", c) for c in t["type"]], t["services"], tr("Services by type"),
                       tr.integer)


@_needs("by_mode")
def by_mode(result, tr):
    """Services per delivery mode, with shares."""
    return _show(result.tables["by_mode"], "by_mode", ["delivery_mode", "services", "share"], tr)


@_needs("by_mode")
def mode_chart(result, tr):
    """Bars: services per delivery mode, every mode shown (zero too)."""
    t = result.tables["by_mode"]
    return charts.barh([tr.code("delivery_mode", c) for c in t["delivery_mode"]], t["services"],
                       tr("Services by delivery mode"), tr.integer)


@_needs("type_mode")
def type_mode(result, tr):
    """The cross-table: delivery modes down, types across, totals on the right and at the bottom."""
    t = result.tables["type_mode"].copy()
    t["mode"] = [tr("All delivery modes") if m == "all" else tr.code("delivery_mode", m) for m in t["delivery_mode"]]
    return _show(t, "type_mode", ["mode", *TYPES, "total"], tr)


@_needs("type_mode")
def type_mode_chart(result, tr):
    """Stacked horizontal bars: one bar per type, one colour per delivery mode, counts on the segments."""
    t = result.tables["type_mode"].set_index("delivery_mode")
    labels = [tr.code("service_type", c) for c in TYPES]
    used = [m for m in MODES if t.loc[m, "total"] > 0]
    legend_rows = -(-len(used) // 2)
    fig, ax = charts.axes(height=0.5 * len(TYPES) + 0.8 + 0.25 * legend_rows,
                           left_chars=max(len(label) for label in labels), bottom_inches=0.2 + 0.25 * legend_rows)
    positions = list(range(len(TYPES)))[::-1]
    left = [0] * len(TYPES)
    for mode in used:
        counts = [int(t.loc[mode, c]) for c in TYPES]
        ax.barh(positions, counts, left=left, label=tr.code("delivery_mode", mode),
                color=charts.PALETTE[MODES.index(mode) % len(charts.PALETTE)])
        for y, x, n in zip(positions, left, counts):
            if n:
                ax.text(x + n / 2, y, tr.integer(n), ha="center", va="center", fontsize=9, color="white")
        left = [a + b for a, b in zip(left, counts)]
    ax.set_yticks(positions, labels)
    ax.set_xticks([])  # every segment carries its count
    ax.spines["bottom"].set_visible(False)
    charts.set_title(ax, tr("Services by type and delivery mode"))
    # Under the whole figure, not the axes: the long type labels leave the axes only part of the width.
    fig.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.01, 0.01), ncol=2, fontsize=9)
    return charts.Chart(fig)


@_needs("gaps")
def gaps(result, tr):
    """The four gaps: how many services have each, which ones."""
    return _show(result.tables["gaps"], "gaps", ["gap", "services", "share", "names"], tr)


@_needs("gaps")
def gaps_chart(result, tr):
    """Bars: services per gap."""
    t = result.tables["gaps"]
    return charts.barh([tr(g) for g in t["gap"]], t["services"], tr("Gaps in the registry"), tr.integer)


def register(result, tr):
    """The draft additional register for the council: the municipality's own services, numbered."""
    if result.tables["register"].empty:
        return missing(tr)
    columns = ["no", "name", "type", "legal_basis", "provider", "delivery_mode", "has_standard"]
    return _show(result.tables["register"], "register", columns, tr)


def registry_widget(result, tr):
    """Two drop-downs, type and delivery mode, that filter the registry table.

    Args:
        result: the stage 1 result.
        tr: the reader's translator.

    Returns:
        An ipywidgets ``VBox``: the two drop-downs and the filtered registry under them.
    """
    import ipywidgets as widgets

    def dropdown(label, codelist, codes):
        options = [(tr("All"), "")] + [(tr.code(codelist, c), c) for c in codes]
        return widgets.Dropdown(options=options, value="", description=label, style={"description_width": "initial"},
                                layout=widgets.Layout(width="480px"))

    kind = dropdown(tr("Type of service"), "service_type", TYPES)
    mode = dropdown(tr("Delivery mode"), "delivery_mode", MODES)

    def render():
        rows = select(result.tables["registry"], kind.value or None, mode.value or None)
        return missing(tr) if rows.empty else _show(rows, "registry_filtered", _REGISTRY, tr)

    return linked([kind, mode], render)
