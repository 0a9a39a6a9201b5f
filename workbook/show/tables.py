"""Localized tables: stable column ids in, headers and numbers in the reader's language out."""

from __future__ import annotations

import functools
import html

import pandas as pd

from workbook.i18n import N_, Translator

__all__ = ["Table", "card", "format_value", "missing", "needs", "table"]


def format_value(value, kind: str, tr: Translator) -> str:
    """``value`` shown as ``kind``: integer, number1, number2, percent, som, year, bool, text, code:<list>."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if kind == "integer":
        return tr.integer(value)
    if kind.startswith("number"):
        return tr.number(value, int(kind[6:] or 0))
    if kind == "percent":
        return tr.percent(value)
    if kind == "som":
        return tr.som(value)
    if kind == "year":
        return str(int(value))
    if kind == "bool":
        return tr(N_("yes")) if value else tr(N_("no"))
    if kind.startswith("code:"):
        return tr.code(kind[5:], value)
    return tr(str(value))


def table(frame: pd.DataFrame, columns, labels: dict, formats: dict, tr: Translator, name: str, right=(),
          caption: str = ""):
    """A ``Table`` showing ``columns`` of ``frame`` with translated headers and formatted cells.

    Args:
        frame: the result table (stable column ids).
        columns: which columns, in order.
        labels: column id → header msgid.
        formats: column id → kind for ``format_value`` (text by default).
        tr: the reader's translator.
        name: a stable id for the table's HTML (keeps outputs identical between runs).
        right: more columns to align right, like numbers (e.g. text such as "62 % ± 9").
        caption: a line shown above the table (already translated).
    """
    columns = list(columns)
    texts = pd.DataFrame({c: [format_value(v, formats.get(c, "text"), tr) for v in frame[c]] for c in columns},
                         index=range(len(frame)))
    texts.columns = [tr(labels.get(c, c)) for c in columns]
    aligned = [c in right or (formats.get(c, "text") not in ("text", "bool")
                              and not formats.get(c, "text").startswith("code:")) for c in columns]
    return Table(texts, aligned, name, caption)


class Table:
    """A formatted table: HTML in notebooks and reports, aligned text elsewhere (no memory addresses).

    The HTML is written directly (pandas' Styler took ~10 ms a table, a fifth of a stage's run time);
    every cell is escaped; number columns are right-aligned and do not wrap.
    """

    def __init__(self, texts: pd.DataFrame, right: list[bool], name: str, caption: str = ""):
        self.texts = texts
        self.right = right
        self.name = name
        self.caption = caption

    def to_html(self) -> str:
        cells = [_ALIGN if r else "" for r in self.right]
        head = "".join(f"<th{a}>{html.escape(str(h))}</th>" for h, a in zip(self.texts.columns, cells))
        body = "".join("<tr>" + "".join(f"<td{a}>{html.escape(v)}</td>" for v, a in zip(row, cells)) + "</tr>"
                       for row in self.texts.itertuples(index=False))
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<table id="{html.escape(self.name)}" class="wb-table">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        text = self.texts.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text


_ALIGN = ' style="text-align:right;white-space:nowrap"'


def card(rows):
    """A box of key facts: (label, value) pairs of plain text, both escaped."""
    from IPython.display import HTML

    body = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return HTML(f"<table class='wb-card'>{body}</table>")


def needs(table_name: str, present=None):
    """Decorate a view ``(result, tr, …)`` so that it shows ``missing(tr)`` when it has nothing to show.

    That is when the result table ``table_name`` is empty, or ``present(result)`` is false.
    """
    def wrap(view):
        @functools.wraps(view)
        def shown(result, tr, *args, **kwargs):
            if result.tables[table_name].empty or (present is not None and not present(result)):
                return missing(tr)
            return view(result, tr, *args, **kwargs)
        return shown
    return wrap


def missing(tr: Translator):
    """What a table or chart shows when the case has no data for it."""
    from IPython.display import HTML

    return HTML(f"<p class='wb-missing'>{tr('No data for this in the case.')}</p>")
