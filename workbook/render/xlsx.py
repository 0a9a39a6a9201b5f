"""Spreadsheets of results: one sheet per result table, headers in the reader's language.

Numbers stay numbers (with number formats), so a council economist can compute with them. Text that
came from users is written as text and can never become a formula: a cell beginning with ``=``, ``+``,
``-`` or ``@`` is stored as a string with Excel's quote prefix (OWASP's advice on CSV/formula injection).
"""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill

from workbook.show.tables import format_value

__all__ = ["results_workbook", "safe_cell", "sheet_title", "workbook_bytes"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_FORMATS = {"integer": "#,##0", "number1": "#,##0.0", "number2": "#,##0.00", "percent": "0.0%",
                   "som": "#,##0", "year": "0"}
_HEADER = PatternFill("solid", start_color="DCE6F1")


def safe_cell(cell, value) -> None:
    """Put ``value`` in ``cell``; strings that look like formulas stay inert text."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = TYPE_STRING
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def sheet_title(text: str, used: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\ characters, at most 31 characters, unique in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet"
    title, n = clean[:31], 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = clean[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def workbook_bytes(sheets, tr, title_rows: list[tuple[str, str]] = ()) -> bytes:
    """An .xlsx file as bytes.

    Args:
        sheets: (sheet title, DataFrame, labels, formats) tuples; columns are the frame's columns in order,
            headers ``tr(labels[col])``; a ``code:`` or ``text`` format writes the translated text.
        tr: the reader's translator.
        title_rows: (label, value) pairs for a first "about" sheet (municipality, date, synthetic …).
    """
    book = Workbook()
    used: set[str] = set()
    about = book.active
    about.title = sheet_title(tr("About"), used)
    for label, value in title_rows:
        about.append([None, None])
        safe_cell(about.cell(about.max_row, 1), label)
        safe_cell(about.cell(about.max_row, 2), value)
        about.cell(about.max_row, 1).font = Font(bold=True)
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 60
    for title, frame, labels, formats in sheets:
        sheet = book.create_sheet(sheet_title(title, used))
        columns = list(frame.columns)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(1, index)
            safe_cell(cell, tr(labels.get(column, column)))
            cell.font = Font(bold=True)
            cell.fill = _HEADER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[cell.column_letter].width = max(12, min(45, len(str(cell.value)) + 4))
        for row_index, row in enumerate(frame.itertuples(index=False), start=2):
            for index, (column, value) in enumerate(zip(columns, row), start=1):
                kind = formats.get(column, "text")
                value = _plain(value)
                cell = sheet.cell(row_index, index)
                if value is None:
                    continue
                if kind in _NUMBER_FORMATS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.value = value
                    cell.number_format = _NUMBER_FORMATS[kind]
                else:
                    safe_cell(cell, format_value(value, kind, tr))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def results_workbook(results, name: str, lang: str, profile: dict) -> bytes:
    """The results spreadsheet of one municipality: an about sheet, then each stage's key tables (its ``TITLES``)."""
    from workbook.i18n import translator
    from workbook.stages import get_stage

    tr = translator(lang)
    sheets = []
    for result in sorted(results, key=lambda r: r.stage):
        module = get_stage(result.stage).module
        labels, formats = module.LABELS, module.FORMATS
        for table_name, title in module.TITLES.items():  # the key tables, in the order the stage lists them
            frame = result.tables.get(table_name)
            columns = [] if frame is None else [c for c in frame.columns if c in labels]
            if not columns or frame.empty:
                continue
            title = f"{result.stage}. {tr(title)}"
            sheets.append((title, frame[columns], labels, formats))
    about = [(tr("Municipality"), name), (tr("SOATE code"), str(profile.get("soate_code") or "")),
             (tr("Oblast"), str(profile.get("oblast") or ""))]
    if profile.get("synthetic"):
        about.append((tr("Data"), tr("Synthetic training data: not a real municipality.")))
    return workbook_bytes(sheets, tr, about)
