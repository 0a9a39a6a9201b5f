"""Loading a case: grids of cells → typed tables, with every problem found on the way.

``load_case`` never raises on bad data: it returns a ``Case`` whose ``problems`` list says what is
wrong and where, so the validator can report everything at once. Stages call ``Case.check()`` to stop
on errors with a message in the reader's language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.case.problems import ERROR, WARNING, Msg, Problem
from workbook.case.read import Grid, SourceError, find_header, header_names, read_grids, table_for_name
from workbook.case.schema import TABLES, Table
from workbook.case.values import BadValue, is_blank, normalise_label, parse_cell
from workbook.errors import CaseDataError
from workbook.i18n import LANGS, N_, translator

__all__ = ["Case", "EXAMPLE_COLUMN", "IGNORED_SHEETS", "load_case", "slug"]

#: Label of the template's marker column: rows with anything in it are examples and are skipped.
EXAMPLE_COLUMN = N_("Example")
#: Sheets of the template that hold no data.
IGNORED_SHEETS = (N_("Instructions"), N_("Lists"))


@dataclass(frozen=True)
class TableSource:
    """Where a table came from: the file, the sheet, and the header each column had there."""

    file: str
    sheet: str
    headers: dict[str, str]


@dataclass
class Case:
    """One municipality's inputs as typed tables (index = the row number in the file).

    Attributes:
        id: a filesystem-safe name derived from the file or folder name.
        path: where the case was read from.
        tables: table id → DataFrame with the schema's column ids; absent tables are missing keys.
        problems: everything the loader and the validator found.
        sources: table id → ``TableSource``, to name sheets and headers in later messages.
    """

    id: str
    path: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, TableSource] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def profile(self) -> dict:
        """The profile row as a dict (empty when the profile is missing)."""
        df = self.tables.get("profile")
        return {} if df is None or df.empty else df.iloc[0].to_dict()

    @property
    def name(self) -> str:
        return str(self.profile.get("name") or self.id)

    @property
    def synthetic(self) -> bool:
        return bool(self.profile.get("synthetic") is True)

    def table(self, table_id: str) -> pd.DataFrame:
        """The table, or an empty one with the schema's columns when the case does not have it."""
        if table_id in self.tables:
            return self.tables[table_id]
        from workbook.case.schema import table

        return pd.DataFrame(columns=table(table_id).column_ids)

    def has(self, table_id: str) -> bool:
        return table_id in self.tables and not self.tables[table_id].empty

    def check(self, lang: str = "en") -> None:
        """Stop with every error in ``lang`` when the case has errors.

        Raises:
            CaseDataError: carrying the problems and a readable message.
        """
        if self.errors:
            raise CaseDataError(self.errors, translator(lang))

    def fingerprint(self, table_ids) -> str:
        """A content hash of the given tables (as parsed, so reformatting a file changes nothing)."""
        digest = hashlib.sha256()
        for table_id in sorted(table_ids):
            digest.update(table_id.encode())
            if table_id in self.tables:
                digest.update(self.tables[table_id].to_csv().encode())
        return digest.hexdigest()


def slug(text: str) -> str:
    """A safe file name from ``text``: letters, digits, '-' and '_' only, never a path."""
    cleaned = re.sub(r"[^\w-]+", "-", str(text), flags=re.UNICODE).strip("-_.")
    return cleaned[:80] or "case"


def load_case(path) -> Case:
    """Read and check the case at ``path`` (an .xlsx file or a folder of CSV files).

    Returns:
        A ``Case``; its ``problems`` hold every error and warning, located by file, sheet, row, column.
    """
    from workbook.case.validate import check_relations

    path = Path(path)
    case = Case(id=slug(path.stem if path.suffix else path.name), path=path)
    try:
        grids = read_grids(path)
    except SourceError as exc:
        case.problems.append(Problem(ERROR, exc.message, exc.params, file=exc.file))
        return case
    found: dict[str, Grid] = {}
    ignored = {normalise_label(translator(lang)(name)) for name in IGNORED_SHEETS for lang in LANGS}
    for grid in grids:
        name = grid.sheet or grid.file
        table_id = table_for_name(name)
        if table_id is None:
            if normalise_label(name) not in ignored:
                case.problems.append(Problem(WARNING, N_("Unknown sheet, ignored."), file=grid.file, sheet=grid.sheet))
            continue
        if table_id in found:
            case.problems.append(
                Problem(ERROR, N_("A second sheet for the same table; keep only one."), file=grid.file, sheet=grid.sheet)
            )
            continue
        found[table_id] = grid
    for table in TABLES:
        if table.id in found:
            _load_table(case, table, found[table.id])
        elif table.required:
            case.problems.append(
                Problem(ERROR, N_("Required sheet missing."), file=path.name, sheet=Msg(table.label), table=table.id)
            )
        else:
            case.problems.append(
                Problem(WARNING, N_("Optional sheet missing: figures from it will be shown as missing (stages: {stages})."),
                        {"stages": ", ".join(map(str, table.stages))}, file=path.name, sheet=Msg(table.label),
                        table=table.id)
            )
    if not case.errors or all(t in case.tables for t in ("profile", "villages", "services")):
        case.problems.extend(check_relations(case))
    return case


def _example_headers() -> set[str]:
    return {normalise_label(translator(lang)(EXAMPLE_COLUMN)) for lang in LANGS} | {"_example"}


def _load_table(case: Case, table: Table, grid: Grid) -> None:
    where = {"file": grid.file, "sheet": grid.sheet, "table": table.id}
    header = find_header(grid, table)
    if header is None:
        examples = ", ".join(f"«{translator('en')(c.label)}»" for c in table.columns[:3])
        case.problems.append(Problem(ERROR, N_("No header row found: expected column names such as {examples}."),
                                     {"examples": examples}, **where))
        return
    header_row, names = header
    columns: dict[int, str] = {}
    example_index = None
    headers: dict[str, str] = {}
    for index, name in enumerate(names):
        if not name.strip():
            continue
        key = normalise_label(name)
        if key in _example_headers():
            example_index = index
            continue
        match = next((c.id for c in table.columns if key in header_names(c)), None)
        if match is None:
            case.problems.append(Problem(WARNING, N_("Unknown column, ignored."), row=header_row, column=name, **where))
        elif match in headers:
            case.problems.append(Problem(WARNING, N_("The same column appears twice; the first one is used."),
                                         row=header_row, column=name, **where))
        else:
            columns[index] = match
            headers[match] = name.strip()
    for col in table.columns:
        if col.required and col.id not in headers:
            case.problems.append(Problem(ERROR, N_("Required column missing."), row=header_row,
                                         column=Msg(col.label), **where))
    records, index = [], []
    for number, row in grid.rows:
        if number <= header_row:
            continue
        if example_index is not None and example_index < len(row) and not is_blank(row[example_index]):
            case.problems.append(Problem(WARNING, N_("Example row, ignored."), row=number, **where))
            continue
        record = {}
        for position, column_id in columns.items():
            col = table.column(column_id)
            raw = row[position] if position < len(row) else None
            record[column_id] = _cell(case, col, raw, number, headers[column_id], where)
        if all(v is None for v in record.values()):
            continue
        for col in table.columns:
            if col.required and col.id in headers and record.get(col.id) is None and not _already_reported(case, number, headers[col.id]):
                case.problems.append(Problem(ERROR, N_("Value required, but the cell is empty."),
                                             row=number, column=headers[col.id], **where))
        records.append(record)
        index.append(number)
    frame = pd.DataFrame.from_records(records, index=pd.Index(index, name="row"), columns=table.column_ids)
    for col in table.columns:
        if col.kind in ("int", "number", "year"):
            frame[col.id] = pd.to_numeric(frame[col.id], errors="coerce").astype("float64")
        elif col.kind == "bool":
            frame[col.id] = frame[col.id].astype("boolean")
        else:
            frame[col.id] = frame[col.id].astype("object").where(frame[col.id].notna(), None)
    case.sources[table.id] = TableSource(grid.file, grid.sheet, headers)
    if table.single_row and len(frame) != 1:
        case.problems.append(Problem(ERROR, N_("This sheet must have exactly one filled row; found {n}."),
                                     {"n": len(frame)}, **where))
    _check_keys(case, table, frame, headers, where)
    case.tables[table.id] = frame


def _already_reported(case: Case, row: int, header: str) -> bool:
    """True when this cell already has a problem (so 'value required' is not said twice)."""
    return any(p.row == row and p.column == header and p.is_error for p in case.problems)


def _cell(case: Case, col, raw, row: int, header: str, where: dict):
    if is_blank(raw):
        return None
    try:
        value = parse_cell(raw, col)
    except BadValue as exc:
        case.problems.append(Problem(ERROR, N_("Found «{value}», expected {expected}."),
                                     {"value": _shown(raw), "expected": Msg(exc.expected, **exc.params)},
                                     row=row, column=header, **where))
        return None
    if col.low is not None and value < col.low:
        case.problems.append(Problem(ERROR, N_("Found «{value}», expected at least {low}."),
                                     {"value": _shown(raw), "low": col.low}, row=row, column=header, **where))
        return None
    if col.high is not None and value > col.high:
        case.problems.append(Problem(ERROR, N_("Found «{value}», expected at most {high}."),
                                     {"value": _shown(raw), "high": col.high}, row=row, column=header, **where))
        return None
    return value


def _shown(raw) -> str:
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def _check_keys(case: Case, table: Table, frame: pd.DataFrame, headers: dict, where: dict) -> None:
    if not table.key or not all(k in headers or not table.column(k).required for k in table.key):
        return
    seen: dict[tuple, int] = {}
    for row, values in zip(frame.index, frame[list(table.key)].itertuples(index=False)):
        key = tuple(None if pd.isna(v) else v for v in values)
        if all(v is None for v in key):
            continue
        if key in seen:
            shown = " / ".join("" if v is None else str(v) for v in key)
            case.problems.append(Problem(ERROR, N_("Duplicate «{key}»: the same identifier is in row {other}."),
                                         {"key": shown, "other": seen[key]}, row=row,
                                         column=headers.get(table.key[0], table.key[0]), **where))
        else:
            seen[key] = row

