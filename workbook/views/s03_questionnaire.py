"""The stage 3 questionnaire on paper: the service grid, the numbered questions and their answer boxes."""

from __future__ import annotations

import html

from IPython.display import HTML

from workbook.case.schema import CODES
from workbook.i18n import N_, Translator
from workbook.methods.questionnaire import SECTIONS
from workbook.stages.s03_survey import DEFAULTS, prices

__all__ = ["IMPORTANCE", "SCALE", "questionnaire"]

#: The five answers of the satisfaction scale, as the chart legend and the questionnaire show them.
SCALE = (N_("1 – very dissatisfied"), N_("2 – dissatisfied"), N_("3 – neither"), N_("4 – satisfied"),
         N_("5 – very satisfied"))
#: The ends of the importance scale.
IMPORTANCE = (N_("1 – not important"), N_("5 – very important"))
_BOX = "\u2610"


def _boxes(options) -> str:
    return " ".join(f"<span style='white-space:nowrap;margin-right:.8em'>{_BOX} {html.escape(o)}</span>" for o in options)


def _answer(row, case, tr) -> str:
    kind = row["answer"]
    if kind == "yes_no":
        return _boxes([tr("yes"), tr("no")])
    if kind == "som":
        return html.escape(tr("{blank} som a month", blank="________"))
    if kind == "count":
        return "________"
    if kind == "rank":
        return " ".join(html.escape(tr(label)) + " ____" for label in (N_("1st:"), N_("2nd:"), N_("3rd:")))
    if kind == "village":
        return _boxes(case.table("villages")["name"].tolist())
    if kind in ("sex", "age_group"):
        return _boxes([tr.code(kind, c) for c in CODES[kind]])
    return ""


def _grid(first, rows, columns, cell) -> str:
    """A paper grid: a row per service (header ``first``), one answer cell per column (header, options)."""
    head = "".join(f"<th {cell}>{html.escape(h)}</th>" for h in [first] + [h for h, _ in columns])
    answers = "".join(f"<td {cell}>{_boxes(options)}</td>" for _, options in columns)
    body = "".join(f"<tr><td {cell}>{html.escape(name)}</td>{answers}</tr>" for name in rows)
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def _p(text: str, style: str = "") -> str:
    return f"<p{style}>{html.escape(text)}</p>"


def questionnaire(result, case, tr: Translator) -> HTML:
    """The questionnaire, ready to print, in the reader's language.

    Args:
        result: the stage 3 result (its ``questionnaire`` table and ``price_ladder`` parameter).
        case: the case (its name and villages).
        tr: the reader's translator.

    Returns:
        HTML: the service grid, the numbered questions with answer boxes, a page of its own when printed.
    """
    q = result.tables["questionnaire"]
    cell = "style='border:1px solid #999;padding:.3rem .5rem'"
    title = tr("Citizen survey on local services")
    greeting = tr("Good day. {municipality} is asking residents how satisfied they are with local services and what should be improved first. The survey is anonymous and takes about 15 minutes.",
                  municipality=case.name)
    interviewer = tr("Interviewer: questionnaire number ________ date ________ interviewer ________")
    parts = ["<div class='wb-questionnaire' style='border:1px solid #999;padding:1rem 1.4rem;page-break-before:always'>",
             f"<h3 style='margin-top:0'>{html.escape(title)}</h3>", _p(greeting), _p(interviewer)]
    grid = q[q["section"] == "services"]
    numbered = {sid: f"{i}. {name}" for i, (sid, name) in
                enumerate(grid.drop_duplicates("service_id")[["service_id", "service"]].itertuples(index=False), 1)}
    heads = grid.drop_duplicates("number")
    scales = {"yes_no": [tr("yes"), tr("no")], "satisfaction": [str(k) for k in range(1, 6)],
              "importance": [str(k) for k in range(1, 6)]}
    columns = [(tr("Q{number}. {question}", number=n, question=tr(text)), scales[kind])
               for n, text, kind in zip(heads["number"], heads["question"], heads["answer"])]
    service = tr("Service")
    parts.append(f"<h4>{html.escape(tr(SECTIONS['services']))}</h4>" + _grid(service, numbered.values(), columns, cell))
    scale = tr("Scales: satisfaction {low} … {high}; importance {imp_low} … {imp_high}.", low=tr(SCALE[0]),
               high=tr(SCALE[4]), imp_low=tr(IMPORTANCE[0]), imp_high=tr(IMPORTANCE[1]))
    parts.append(_p(scale, " style='font-size:.9em'"))
    for section in list(SECTIONS)[1:]:
        rows = q[q["section"] == section]
        if rows.empty:
            continue
        parts.append(f"<h4>{html.escape(tr(SECTIONS[section]))}</h4>")
        if section == "payment":  # one question, a row of prices per service
            first = rows.iloc[0]
            number = tr("Q{number}", number=first["number"])
            ladder = [tr.som(p) for p in prices(result.params.get("price_ladder", DEFAULTS["price_ladder"]))]
            ladder.append(tr("none of these"))
            parts.append(f"<p><b>{html.escape(number)}.</b> {html.escape(tr(first['question']))}</p>")
            names = [numbered.get(sid, name) for sid, name in zip(rows["service_id"], rows["service"])]
            parts.append(_grid(service, names, [(tr("Price per month"), ladder)], cell))
            continue
        parts.append("<ol style='list-style:none;padding-left:0'>")
        for _, row in rows.iterrows():
            number = tr("Q{number}", number=row["number"])
            parts.append(f"<li style='margin:.4rem 0'><b>{html.escape(number)}.</b> "
                         f"{html.escape(tr(row['question']))}<br>{_answer(row, case, tr)}</li>")
        parts.append("</ol>")
    parts.append(_p(tr("Thank you for your answers.")) + "</div>")
    return HTML("".join(parts))
