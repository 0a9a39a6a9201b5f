"""Reading a case's files into plain grids of cells, remembering where every cell came from.

A case is a ``.xlsx`` workbook (one sheet per table) or a folder of ``<table>.csv`` files. This module
knows file formats only: encodings (UTF-8 with or without BOM, UTF-16, cp1251), CSV delimiters, merged
cells, header rows that do not start on row 1, and trailing empty rows. What the cells mean is the
loader's business (``workbook.case.load``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from workbook.case.schema import TABLES
from workbook.case.values import is_blank, normalise_label
from workbook.i18n import LANGS, N_, translator

__all__ = ["Grid", "SourceError", "find_header", "header_names", "read_grids", "table_for_name"]

_HEADER_SCAN_ROWS = 10


class SourceError(Exception):
    """The case cannot be read at all (missing file, not a spreadsheet, damaged zip …)."""

    def __init__(self, message: str, file: str, **params):
        super().__init__(message)
        self.message = message
        self.file = file
        self.params = params


@dataclass
class Grid:
    """The cells of one sheet or CSV file, rows numbered as a spreadsheet shows them (first row = 1)."""

    file: str
    sheet: str
    rows: list[tuple[int, list]] = field(default_factory=list)


def table_for_name(name: str) -> str | None:
    """The table id a sheet or file name stands for: the id itself or its label in any language."""
    return _TABLE_NAMES.get(normalise_label(Path(name).stem if name.lower().endswith(".csv") else name))


def header_names(column) -> set[str]:
    """Every header accepted for a column: its id and its label in each language."""
    names = {normalise_label(column.id)}
    for lang in LANGS:
        names.add(normalise_label(translator(lang)(column.label)))
    return names


def _table_names() -> dict[str, str]:
    names = {}
    for table in TABLES:
        names[normalise_label(table.id)] = table.id
        for lang in LANGS:
            names[normalise_label(translator(lang)(table.label))] = table.id
            names[normalise_label(translator(lang)(table.label))[:31]] = table.id  # Excel's limit
    return names


_TABLE_NAMES = _table_names()


def read_grids(path: Path) -> list[Grid]:
    """All sheets (or CSV files) of the case at ``path``.

    Raises:
        SourceError: when the path is missing, of an unknown kind, or cannot be opened.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(N_("The case file or folder does not exist."), path.name)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise SourceError(N_("The folder holds no CSV files."), path.name)
        return [_read_csv(p) for p in files]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        return [_read_csv(path)]
    raise SourceError(N_("Not a case: expected an .xlsx file or a folder of CSV files."), path.name)


def _read_xlsx(path: Path) -> list[Grid]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name)) for name in book.sheet_names]
    except (CalamineError, OSError, ValueError) as exc:
        raise SourceError(N_("The spreadsheet cannot be opened: {reason}"), path.name, reason=str(exc)) from None
    grids = []
    for name, sheet in sheets:
        cells = [list(row) for row in sheet.to_python(skip_empty_area=False)]
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            value = cells[r0][c0] if r0 < len(cells) and c0 < len(cells[r0]) else None
            for r in range(r0, min(r1 + 1, len(cells))):
                for c in range(c0, min(c1 + 1, len(cells[r]))):
                    cells[r][c] = value
        rows = [(i + 1, row) for i, row in enumerate(cells) if not all(is_blank(v) for v in row)]
        grids.append(Grid(path.name, name, rows))
    return grids


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def _read_csv(path: Path) -> Grid:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise SourceError(N_("The file cannot be read: {reason}"), path.name, reason=str(exc)) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", "\t", ","], key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [(i + 1, row) for i, row in enumerate(reader) if not all(is_blank(v) for v in row)]
    return Grid(path.name, "", rows)


def find_header(grid: Grid, table) -> tuple[int, list[str]] | None:
    """The row that holds the table's column names, and the names: the best match in the first rows."""
    known = set().union(*(header_names(c) for c in table.columns))
    best, best_hits = None, 0
    for number, row in grid.rows[:_HEADER_SCAN_ROWS]:
        hits = sum(normalise_label(v) in known for v in row if not is_blank(v))
        if hits > best_hits:
            best, best_hits = (number, ["" if is_blank(v) else str(v) for v in row]), hits
    return best
