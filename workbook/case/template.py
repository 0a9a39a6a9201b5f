"""The blank input spreadsheet a municipal economist fills in (``workbook template``).

One sheet per table with headers in the chosen language, a note on every header saying what to
enter, drop-down lists for coded columns and yes/no, number formats, and example rows marked in the
first column (the loader skips any row marked there). An instructions sheet comes first.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workbook.case.load import EXAMPLE_COLUMN, IGNORED_SHEETS
from workbook.case.schema import CODES, KINDS, TABLES, Column
from workbook.render.xlsx import safe_cell
from workbook.i18n import N_, Translator, translator

__all__ = ["fill_template", "sheet_name", "write_template"]

_ROWS = 1000  # rows that get drop-downs and number formats
_HEADER_FILL = PatternFill("solid", start_color="DCE6F1")
_EXAMPLE_FILL = PatternFill("solid", start_color="F2F2F2")
_EXAMPLE_FONT = Font(italic=True, color="808080")
_FORMATS = {"int": "#,##0", "number": "#,##0.00", "year": "0", "soate": "@", "text": "@"}


def sheet_name(table, tr: Translator) -> str:
    """The sheet's name in the template: the table's label, within Excel's 31 characters."""
    return tr(table.label)[:31]


def write_template(path, lang: str) -> Path:
    """Write the blank input spreadsheet in ``lang`` to ``path`` and return the path."""
    return _write(path, lang, None)


def fill_template(tables, path, lang: str) -> Path:
    """Write ``tables`` (table id → DataFrame of schema columns) into the template, with no examples."""
    return _write(path, lang, tables)


def _write(path, lang: str, tables) -> Path:
    tr = translator(lang)
    book = Workbook()
    _instructions(book.active, tr)
    lists = book.create_sheet(tr(IGNORED_SHEETS[1]))
    list_ranges = _code_lists(lists, tr)
    lists.sheet_state = "hidden"
    for table in TABLES:
        if tables is not None and table.id not in tables:
            continue
        sheet = book.create_sheet(sheet_name(table, tr))
        rows = table.examples if tables is None else tables[table.id].to_dict("records")
        _table_sheet(sheet, table, tr, list_ranges, rows, examples=tables is None)
    book.move_sheet(lists, offset=len(book.sheetnames))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _instructions(sheet, tr: Translator) -> None:
    sheet.title = tr(IGNORED_SHEETS[0])
    lines = [
        (tr("Municipality case: input spreadsheet"), Font(bold=True, size=14)),
        (tr("Fill in one sheet per table. Column headers are in bold when the column is required."), None),
        (tr("Hover over a header to read what to enter. Coded columns have a drop-down list."), None),
        (tr("Rows marked in the first column «{example}» are examples: delete them or overwrite the mark.",
            example=tr(EXAMPLE_COLUMN)), None),
        (tr("Leave a cell blank when a figure is not known. Blank means missing, never zero."), None),
        (tr("Numbers may be written with spaces between thousands and a decimal comma."), None),
        (tr("Check the file with: workbook validate FILE.xlsx --lang {lang}", lang=tr.lang), None),
        ("", None),
        (tr("Sheets"), Font(bold=True, size=12)),
    ]
    for text, font in lines:
        sheet.append([text])
        if font:
            sheet.cell(sheet.max_row, 1).font = font
    for table in TABLES:
        status = tr("required") if table.required else tr("optional")
        sheet.append([sheet_name(table, tr), f"{tr(table.help)} ({status})"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110


def _code_lists(sheet, tr: Translator) -> dict[str, str]:
    """Write each code list's labels in a column of the hidden sheet; return name → range formula."""
    ranges = {}
    lists = dict(CODES)
    lists["_bool"] = {"yes": N_("yes"), "no": N_("no")}
    title = sheet.title.replace("'", "''")
    for index, (name, codes) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, name)
        for row, label in enumerate(codes.values(), start=2):
            sheet.cell(row, index, tr(label))
        ranges[name] = f"='{title}'!${letter}$2:${letter}${len(codes) + 1}"
    return ranges


def _table_sheet(sheet, table, tr: Translator, list_ranges: dict[str, str], rows, examples: bool) -> None:
    sheet.cell(1, 1, tr(EXAMPLE_COLUMN)).font = Font(italic=True, color="808080")
    sheet.column_dimensions["A"].width = 12
    for index, col in enumerate(table.columns, start=2):
        cell = sheet.cell(1, index, tr(col.label))
        cell.font = Font(bold=col.required)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(_note(col, tr), "workbook", width=320, height=160)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(tr(col.label)) + 4))
        rule = _validation(col, tr, list_ranges, table)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{_ROWS}")
        number_format = _FORMATS.get(col.kind)
        if number_format:
            for row in range(2, 2 + len(rows) + (50 if examples else 0)):
                sheet.cell(row, index).number_format = number_format
    for row, record in enumerate(rows, start=2):
        if examples:
            sheet.cell(row, 1, tr("example — delete this row")).font = _EXAMPLE_FONT
        for index, col in enumerate(table.columns, start=2):
            cell = sheet.cell(row, index)
            safe_cell(cell, _shown(record.get(col.id), col, tr))
            if examples:
                cell.font = _EXAMPLE_FONT
                cell.fill = _EXAMPLE_FILL
    sheet.freeze_panes = "B2"


def _shown(value, col: Column, tr: Translator):
    """A value as the spreadsheet shows it: code labels and yes/no in the reader's language."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if col.kind == "code":
        return tr(CODES[col.codes][value])
    if col.kind == "bool":
        return tr(N_("yes")) if value else tr(N_("no"))
    if col.kind in ("int", "year") and float(value).is_integer():
        return int(value)
    if isinstance(value, (np.generic,)):
        return value.item()
    return value


def _note(col: Column, tr: Translator) -> str:
    parts = [tr(col.label)]
    if col.help:
        parts.append(tr(col.help))
    expected = tr(KINDS[col.kind])
    if col.low is not None and col.high is not None:
        expected += f" ({tr.number(col.low, 0 if float(col.low).is_integer() else 1)}–{tr.number(col.high)})"
    elif col.low is not None:
        expected += " " + tr("(at least {low})", low=tr.number(col.low))
    parts.append(tr("Expected: {expected}", expected=expected))
    parts.append(tr("Required") if col.required else tr("Optional: leave blank if not known"))
    parts.append(f"id: {col.id}")
    return "\n".join(parts)


def _validation(col: Column, tr: Translator, list_ranges: dict[str, str], table) -> DataValidation | None:
    error = tr("Expected: {expected}", expected=tr(KINDS[col.kind]))
    if col.kind == "code":
        rule = DataValidation(type="list", formula1=list_ranges[col.codes], allow_blank=True)
    elif col.kind == "bool":
        rule = DataValidation(type="list", formula1=list_ranges["_bool"], allow_blank=True)
    elif col.kind == "ref":
        target = next(t for t in TABLES if t.id == col.ref)
        position = target.column_ids.index(target.key[0]) + 2
        title = sheet_name(target, tr).replace("'", "''")
        letter = get_column_letter(position)
        rule = DataValidation(type="list", formula1=f"='{title}'!${letter}$2:${letter}${_ROWS}", allow_blank=True)
    elif col.kind in ("int", "year"):
        low = 2000 if col.kind == "year" else col.low if col.low is not None else -1e12
        high = 2100 if col.kind == "year" else col.high if col.high is not None else 1e12
        rule = DataValidation(type="whole", operator="between", formula1=str(int(low)), formula2=str(int(high)),
                              allow_blank=True)
    elif col.kind == "number" and col.low is not None:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(col.low), allow_blank=True)
    else:
        return None
    rule.error = error
    rule.errorTitle = tr(col.label)
    rule.showErrorMessage = col.kind != "ref"  # ids typed before their sheet is filled are fine
    return rule
