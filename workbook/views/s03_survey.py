"""Stage 3 on screen: the survey design, the questionnaire, the weights and the weighted results.

Every share is shown with its margin of error; a figure resting on fewer than ``min_cell`` respondents
is shown as a remark, never as a number.
"""

from __future__ import annotations

import html

import numpy as np
from IPython.display import HTML
from matplotlib.ticker import FuncFormatter

from workbook.i18n import N_, Translator
from workbook.show import charts
from workbook.show.tables import card, format_value, missing, needs, table
from workbook.show.widgets import linked
from workbook.stages.s03_survey import DIMENSIONS, FORMATS, LABELS, QUADRANTS, design
from workbook.views.s03_questionnaire import SCALE, questionnaire

__all__ = ["allocation", "breakdown", "breakdown_widget", "breakdowns", "coping", "design_card", "design_widget",
           "example", "ipa", "ipa_chart", "likert_chart", "priority", "priority_chart", "questionnaire", "responses",
           "sample_chart", "satisfaction", "weight_cells", "weight_villages", "wtp", "wtp_chart"]

_LIKERT_COLOURS = ("#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac")


def _show(frame, name, columns, tr):
    return table(frame, columns, LABELS, FORMATS, tr, f"s03-{name}")


def _remark(n, min_cell, tr) -> str:
    """Why a figure is not shown: nobody answered, or too few did."""
    return tr("no answers") if not n else tr("fewer than {n} respondents", n=tr.integer(min_cell))


def _design_rows(v, tr):
    return [
        (tr("Households (N)"), format_value(v["households"], "integer", tr)),
        (tr("Margin of error wanted (e)"), tr("± {margin}", margin=format_value(v["margin"], "percent", tr))),
        (tr("Confidence level"), format_value(v["confidence"], "percent", tr)),
        (tr("z for this confidence"), format_value(v["z"], "number2", tr)),
        (tr("Sample for a very large population (n₀)"), format_value(v["n0"], "number1", tr)),
        (tr("Sample with the finite-population correction (n)"), format_value(v["sample_n"], "integer", tr)),
        (tr("Interviews planned, with at least {n} per village", n=format_value(v["min_per_village"], "integer", tr)),
         format_value(v["sample_total"], "integer", tr)),
    ]


def design_card(result, tr: Translator) -> HTML:
    """The sample size: N, e, confidence, z, n₀, n and the interviews planned after the village minimums."""
    return card(_design_rows(result.values, tr))


def _allocation_table(frame, tr):
    return _show(frame, "allocation", ["name", "households", "share", "planned"], tr)


@needs("allocation")
def allocation(result, tr: Translator):
    """Interviews planned per village."""
    return _allocation_table(result.tables["allocation"], tr)


def responses(result, tr: Translator) -> HTML:
    """How many answered and what the weights cost in precision; or that no responses were entered."""
    v = result.values
    if not v.get("has_responses"):
        text = tr("No responses were entered for this municipality yet: below are the design and the questionnaire only. Enter the answers in the survey sheets and run the stage again.")
        return HTML(f"<div class='wb-warning'>{html.escape(text)}</div>")
    return card([
        (tr("Respondents"), format_value(v["respondents"], "integer", tr)),
        (tr("Effective sample size (Kish)"), format_value(v["n_eff"], "number1", tr)),
        (tr("Design effect of the weights"), format_value(v["design_effect"], "number2", tr)),
        (tr("Largest weight ÷ smallest weight"), format_value(v["weight_ratio"], "number1", tr)),
        (tr("Margin of error of a 50 % share, all respondents"), tr("± {margin}", margin=format_value(v["moe_overall"], "percent", tr))),
    ])


def example(stage, block: str):
    """A worked example of the lesson, shown only when the case has responses to work it on."""
    return stage.lesson(block) if stage.result is not None and stage.result.values.get("has_responses") else HTML("")


def _cell_label(row, tr) -> str:
    return tr("{sex}, {age}", sex=tr.code("sex", row["sex"]), age=tr.code("age_group", row["age_group"]))


@needs("weight_cells")
def sample_chart(result, tr: Translator):
    """Share of each sex and age group among adults and among respondents."""
    t = result.tables["weight_cells"]
    labels = [_cell_label(r, tr) for _, r in t.iterrows()]
    fig, ax = charts.axes(height=0.55 * len(t) + 1.0, left_chars=charts.label_chars(labels))
    y = np.arange(len(t))[::-1]
    for offset, column, colour, name in ((0.2, "population_share", charts.PALETTE[0], tr("Adults")),
                                         (-0.2, "sample_share", charts.PALETTE[1], tr("Respondents"))):
        values = t[column].fillna(0).to_numpy()
        ax.barh(y + offset, values, height=0.38, color=colour, label=name)
        for yi, v in zip(y + offset, values):
            ax.text(v, yi, " " + tr.percent(v, 0), va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, 0)))
    charts.set_title(ax, tr("Who answered, compared with all adults"))
    ax.legend(frameon=False, loc="lower right")
    ax.margins(x=0.15)
    return charts.Chart(fig)


@needs("weight_cells")
def weight_cells(result, tr: Translator):
    """Adults, respondents and weighted shares by sex and age group."""
    return _show(result.tables["weight_cells"], "weight_cells",
                 ["sex", "age_group", "population_share", "respondents", "sample_share", "weighted_share",
                  "mean_weight"], tr)


@needs("weight_villages")
def weight_villages(result, tr: Translator):
    """Planned and achieved interviews per village, with population, sample and weighted shares."""
    return _show(result.tables["weight_villages"], "weight_villages",
                 ["name", "planned", "respondents", "population_share", "sample_share", "weighted_share"], tr)


def _with_remarks(frame, min_cell, tr):
    frame = frame.copy()
    frame["remark"] = [_remark(n, min_cell, tr) if s else "" for n, s in zip(frame["n"], frame["suppressed"])]
    return frame


def _remarked(frame, columns) -> list[str]:
    """``columns``, with the remark column only when some row has a remark."""
    return columns + ["remark"] if frame["remark"].astype(bool).any() else columns


def _pm(value, moe, kind: str, tr: Translator) -> str:
    """A figure with its margin of error in one cell: ``62 % ± 9`` (points), ``42.3 ± 21.3``, ``93 som ± 89``."""
    if value is None or value != value:
        return "–"
    if kind == "percent":
        return tr("{value} ± {moe}", value=tr.percent(value, 0), moe=tr.number(moe * 100, 0))
    if kind == "som":
        return tr("{value} ± {moe}", value=tr.som(value), moe=tr.number(moe, 0))
    return tr("{value} ± {moe}", value=tr.number(value, 1), moe=tr.number(moe, 1))


def _combine(frame, pairs, tr):
    """Add ``<column>_pm`` text columns: each figure with its margin of error."""
    frame = frame.copy()
    for column, moe, kind in pairs:
        frame[f"{column}_pm"] = [_pm(v, m, kind, tr) for v, m in zip(frame[column], frame[moe])]
    return frame


def _styled(frame, columns, labels, tr, name):
    """A result table whose ``*_pm`` columns (figure ± margin) are right-aligned like numbers."""
    return table(frame, columns, labels, FORMATS, tr, name, right=[c for c in columns if c.endswith("_pm")])


@needs("satisfaction")
def satisfaction(result, tr: Translator):
    """Use and satisfaction per service: mean, satisfied share ± margin of error, index ± margin."""
    t = _with_remarks(result.tables["satisfaction"], result.values["min_cell"], tr)
    t = _combine(t, [("use_share", "use_moe", "percent"), ("top2", "top2_moe", "percent"),
                     ("index", "index_moe", "number")], tr)
    labels = {**LABELS, "use_share_pm": LABELS["use_share"], "top2_pm": LABELS["top2"], "index_pm": LABELS["index"],
              "remark": N_("Remark")}
    return _styled(t, _remarked(t, ["service", "use_share_pm", "n", "mean", "top2_pm", "index_pm"]), labels, tr,
                   "s03-satisfaction")


@needs("satisfaction")
def likert_chart(result, tr: Translator):
    """Diverging bars: dissatisfied to the left of zero, satisfied to the right, neutral split across it."""
    t = result.tables["satisfaction"]
    t = t[~t["suppressed"].astype(bool)].sort_values("index", kind="stable")
    if t.empty:
        return missing(tr)
    d = t[["d1", "d2", "d3", "d4", "d5"]].to_numpy()
    fig, ax = charts.axes(len(t) + 1, height=0.42 * len(t) + 1.7, width=8, left_chars=charts.label_chars(t["service"]),
                           bottom_inches=0.95)
    y = np.arange(len(t))
    starts = -(d[:, 0] + d[:, 1] + d[:, 2] / 2)
    for k in range(5):
        ax.barh(y, d[:, k], left=starts, color=_LIKERT_COLOURS[k], label=tr(SCALE[k]), height=0.7)
        starts = starts + d[:, k]
    for yi, top2 in zip(y, t["top2"]):
        ax.text(starts[yi] + 0.01, yi, tr.percent(top2, 0), va="center", fontsize=9)
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_yticks(y, t["service"].tolist())
    ax.set_xlim(-1, 1.12)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(abs(v), 0)))
    charts.set_title(ax, tr("Satisfaction with each service (users)"))
    ax.legend(frameon=False, ncol=5, loc="upper center", bbox_to_anchor=(0.45, -0.1), fontsize=8,
              handlelength=1.2, columnspacing=1.0)
    return charts.Chart(fig)


@needs("satisfaction_by")
def breakdown(result, tr: Translator, dimension: str = "village_id"):
    """Satisfied share (4 or 5) ± margin of error per service within each group of one dimension."""
    t = result.tables["satisfaction_by"]
    t = t[t["dimension"] == dimension]
    if t.empty:
        return missing(tr)
    min_cell = result.values["min_cell"]
    groups = t.drop_duplicates("group")[["group", "group_name"]].itertuples(index=False)
    labels = {"service": LABELS["service"]}
    frame = t.drop_duplicates("service_id")[["service_id", "service"]].reset_index(drop=True)
    for i, (group, name) in enumerate(groups):
        rows = t[t["group"] == group].set_index("service_id").reindex(frame["service_id"])
        label = tr(str(name))  # a village name, or the label of a sex, age or vulnerability group
        labels[f"g{i}"] = label if label not in labels.values() else f"{label} ({group})"  # headers must differ
        frame[f"g{i}"] = [tr("n < {n}", n=tr.integer(min_cell)) if s else
                          tr("{share} ± {moe}", share=tr.percent(p, 0), moe=tr.number(m * 100, 0))
                          for s, p, m in zip(rows["suppressed"], rows["top2"], rows["top2_moe"])]
    caption = tr("Satisfied (4 or 5), {dimension}; ± margin of error in points; n < {n}: fewer than {n} respondents, not shown.",
                 dimension=tr(DIMENSIONS[dimension]), n=tr.integer(min_cell))
    shown = table(frame, list(labels), labels, {}, tr, f"s03-breakdown-{dimension}",
                  right=[c for c in labels if c != "service"], caption=caption)
    return shown


@needs("satisfaction_by")
def breakdowns(result, tr: Translator) -> HTML:
    """The breakdown tables of every dimension, one after another (for the printed report)."""
    shown = set(result.tables["satisfaction_by"]["dimension"])
    return HTML("".join(breakdown(result, tr, d).to_html() for d in DIMENSIONS if d in shown))


@needs("priority")
def priority(result, tr: Translator):
    """Priority points, score and the shares naming each service first or at all, best first."""
    t = _with_remarks(result.tables["priority"].sort_values(["rank", "service"], kind="stable"),
                      result.values["min_cell"], tr)
    t = _combine(t, [("score", "score_moe", "number"), ("first_share", "first_moe", "percent"),
                     ("top3_share", "top3_moe", "percent")], tr)
    labels = {**LABELS, "score_pm": LABELS["score"], "first_share_pm": LABELS["first_share"],
              "top3_share_pm": LABELS["top3_share"], "remark": N_("Remark")}
    return _styled(t, _remarked(t, ["service", "points", "score_pm", "first_share_pm", "top3_share_pm"]), labels, tr,
                   "s03-priority")


@needs("priority")
def priority_chart(result, tr: Translator):
    """Priority score (0–100) per service, highest on top."""
    t = result.tables["priority"].dropna(subset=["score"]).sort_values("score", ascending=False, kind="stable")
    if t.empty:
        return missing(tr)
    return charts.barh(t["service"], t["score"], tr("Citizen priority score (0–100)"), lambda v: tr.number(v, 1))


@needs("wtp")
def wtp(result, tr: Translator):
    """Share willing to pay at least each price, ± margin of error."""
    t = _combine(_with_remarks(result.tables["wtp"], result.values["min_cell"], tr), [("share", "moe", "percent")], tr)
    labels = {**LABELS, "share_pm": N_("Would pay at least this"), "remark": N_("Remark")}
    return _styled(t, _remarked(t, ["service", "price", "share_pm"]), labels, tr, "s03-wtp")


@needs("wtp")
def wtp_chart(result, tr: Translator):
    """The willingness-to-pay curve of each service, with the margin of error as error bars."""
    t = result.tables["wtp"].dropna(subset=["share"])
    if t.empty:
        return missing(tr)
    fig, ax = charts.axes(height=3.8, left_chars=5, bottom_inches=0.8)
    for i, (sid, part) in enumerate(t.groupby("service_id", sort=False)):
        ax.errorbar(part["price"], part["share"], yerr=part["moe"], marker="o", capsize=3,
                    color=charts.PALETTE[i % len(charts.PALETTE)], label=part["service"].iloc[0])
        for x, y in zip(part["price"], part["share"]):
            ax.annotate(tr.percent(y, 0), (x, y), textcoords="offset points", xytext=(6, 4), fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_xticks(sorted(t["price"].unique()))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, 0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.som(v)))
    ax.set_xlabel(tr("Price per household per month"))
    charts.set_title(ax, tr("Households willing to pay at least each price"))
    ax.legend(frameon=False, loc="upper right")
    return charts.Chart(fig)


@needs("ipa")
def ipa(result, tr: Translator):
    """Mean importance and satisfaction per service and its quadrant."""
    t = result.tables["ipa"].sort_values(["quadrant_id", "service"], kind="stable")
    return _show(t, "ipa", ["service", "importance", "satisfaction", "quadrant"], tr)


def _number_points(ax, x, y) -> None:
    """Number the points 1, 2, … beside them, each number moved to the first spot where it overlaps no other."""
    to_pixels = ax.transData.transform
    taken = [(px - 5, py - 5, px + 5, py + 5) for px, py in to_pixels(np.column_stack([x, y]))]
    offsets = [(6, 4), (6, -14), (-16, 4), (-16, -14), (10, -5), (-22, -5), (0, 10), (0, -20)]
    for i, (px, py) in enumerate(to_pixels(np.column_stack([x, y])), start=1):
        width = 7 * len(str(i))
        for dx, dy in offsets:
            box = (px + dx, py + dy, px + dx + width, py + dy + 10)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                break
        taken.append(box)
        ax.annotate(str(i), (x[i - 1], y[i - 1]), textcoords="offset points", xytext=(dx * 0.72, dy * 0.72),
                    fontsize=9, fontweight="bold", color=charts.PALETTE[0])


@needs("ipa")
def ipa_chart(result, tr: Translator):
    """Importance (up) against satisfaction (right), split at the means; points numbered, named in the key."""
    t = result.tables["ipa"].reset_index(drop=True)
    v = result.values
    key = [f"{i}  {name}" for i, name in enumerate(t["service"], start=1)]
    fig, ax = charts.axes(height=4.8, width=9, left_chars=7, bottom_inches=0.8,
                           right_inches=0.4 + 0.075 * charts.label_chars(key))
    x, y = t["satisfaction"].to_numpy(), t["importance"].to_numpy()
    ax.scatter(x, y, s=45, color=charts.PALETTE[0], zorder=3)
    pad = 0.25
    ax.set_xlim(max(1, x.min() - pad), min(5, x.max() + pad))
    ax.set_ylim(max(1, y.min() - pad), min(5, y.max() + pad))
    _number_points(ax, x, y)
    ax.axvline(v["ipa_satisfaction_split"], color="#888", linestyle="--", linewidth=0.8)
    ax.axhline(v["ipa_importance_split"], color="#888", linestyle="--", linewidth=0.8)
    corners = {"concentrate": (0.01, 0.99, "left", "top"), "keep_up": (0.99, 0.99, "right", "top"),
               "low_priority": (0.01, 0.01, "left", "bottom"), "overkill": (0.99, 0.01, "right", "bottom")}
    for quadrant, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, tr(QUADRANTS[quadrant]), transform=ax.transAxes, ha=ha, va=va, fontsize=9, color="#777",
                style="italic")
    ticks = FuncFormatter(lambda value, _: tr.number(value, 2).rstrip("0").rstrip(",."))
    ax.xaxis.set_major_formatter(ticks)
    ax.yaxis.set_major_formatter(ticks)
    ax.set_xlabel(tr("Satisfaction (mean, 1–5)"))
    ax.set_ylabel(tr("Importance (mean, 1–5)"))
    charts.set_title(ax, tr("Importance and satisfaction"))
    ax.text(1.03, 1.0, "\n".join(key), transform=ax.transAxes, va="top", fontsize=9, linespacing=1.6)
    return charts.Chart(fig)


@needs("coping")
def coping(result, tr: Translator):
    """What households spend or do to make up for poor services, with margins of error."""
    t = _with_remarks(result.tables["coping"], result.values["min_cell"], tr)
    t["estimate_pm"] = [_pm(s, sm, "percent", tr) if s == s else _pm(a, am, "som", tr)
                        for s, sm, a, am in zip(t["share"], t["share_moe"], t["amount_som"], t["amount_moe"])]
    labels = {**LABELS, "estimate_pm": N_("Estimate"), "n": N_("Answered"), "remark": N_("Remark")}
    return _styled(t, _remarked(t, ["item", "estimate_pm", "n"]), labels, tr, "s03-coping")


def design_widget(case, result, tr: Translator):
    """A margin-of-error slider and a confidence choice; the sample size and allocation follow."""
    import ipywidgets as widgets

    params = result.params
    margin = widgets.FloatSlider(value=params["margin"], min=0.02, max=0.15, step=0.005, readout_format=".1%",
                                 description=tr("Margin of error"), style={"description_width": "initial"},
                                 layout=widgets.Layout(width="460px"))
    confidence = widgets.Dropdown(options=[(tr.percent(c, 0), c) for c in (0.90, 0.95, 0.99)],
                                  value=params["confidence"] if params["confidence"] in (0.90, 0.95, 0.99) else 0.95,
                                  description=tr("Confidence level"), style={"description_width": "initial"})

    def render():
        values, table_ = design(case, margin.value, confidence.value, params["min_per_village"])
        return card(_design_rows(values, tr)), _allocation_table(table_, tr)

    return linked([margin, confidence], render)


def breakdown_widget(result, tr: Translator):
    """Choose a breakdown (village, sex, age group, vulnerability) and see satisfaction within its groups."""
    import ipywidgets as widgets

    choice = widgets.ToggleButtons(options=[(tr(label), d) for d, label in DIMENSIONS.items()], value="village_id")
    return linked([choice], lambda: breakdown(result, tr, choice.value))
