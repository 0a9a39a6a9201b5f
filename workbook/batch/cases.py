"""Which municipalities a batch builds: case files, folders of cases, list files and SOATE lists.

Arguments may be a case (``.xlsx`` file or a folder holding ``profile.csv``), a folder of cases, a
text file listing case paths (one per line, ``#`` for comments), or a SOATE-coded municipality list
(a CSV with ``soate_code`` and ``name_ru`` columns, like the NSC classifier): that selects, among the
cases given, those whose profile carries a listed code, and names them as the list does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from workbook.case.load import slug
from workbook.errors import ParameterError

__all__ = ["CaseRef", "case_soate", "collect", "is_soate_list"]


@dataclass(frozen=True)
class CaseRef:
    """One municipality of the batch: where its case is, its output folder name, its display name."""

    path: Path
    id: str
    name: str = ""


def is_soate_list(path: Path) -> bool:
    """True for a CSV whose header has ``soate_code`` and a name column (a municipality list, not a case)."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    return "soate_code" in header and any(h.startswith("name") for h in header)


def _is_case(path: Path) -> bool:
    return (path.is_file() and path.suffix.lower() == ".xlsx" and not path.name.startswith("~$")) or (
        path.is_dir() and (path / "profile.csv").exists())


def _expand(path: Path) -> list[Path]:
    if _is_case(path):
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if _is_case(p))
    if path.suffix.lower() == ".txt" and path.is_file():
        found = []
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                found += _expand((path.parent / line) if not Path(line).is_absolute() else Path(line))
        return found
    raise ParameterError(f"Not a case, a folder of cases or a list file: {path}", "cases", str(path))


def case_soate(path: Path) -> str:
    """The SOATE code in a case's profile, read without loading the whole case ('' if not found)."""
    from workbook.case.read import find_header, read_grids, table_for_name
    from workbook.case.schema import table
    from workbook.case.values import normalise_label

    spec = table("profile")
    grids = read_grids(path / "profile.csv") if path.is_dir() else read_grids(path)
    for grid in grids:
        if table_for_name(grid.sheet or grid.file) != "profile":
            continue
        header = find_header(grid, spec)
        if header is None:
            return ""
        row_number, names = header
        labels = {normalise_label(n): i for i, n in enumerate(names)}
        from workbook.case.read import header_names

        index = next((labels[n] for n in header_names(spec.column("soate_code")) if n in labels), None)
        for number, row in grid.rows:
            if number > row_number and index is not None and index < len(row) and row[index] not in (None, ""):
                value = row[index]
                return str(int(value)) if isinstance(value, float) else str(value).strip()
    return ""


def _soate_names(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    name_column = next((c for c in ("name_ru", "name_en", "name") if rows and c in rows[0]), None)
    return {r["soate_code"].strip(): (r.get(name_column) or "").strip() for r in rows}


def collect(arguments) -> tuple[list[CaseRef], list[str]]:
    """The cases named by ``arguments`` and the SOATE codes a list asked for that no case has.

    Raises:
        ParameterError: for a path that is none of the accepted kinds.
    """
    paths, lists = [], []
    for argument in arguments:
        path = Path(argument)
        if not path.exists():
            raise ParameterError(f"No such file or folder: {path}", "cases", str(path))
        (lists if is_soate_list(path) else paths).append(path)
    found = [p.resolve() for path in paths for p in _expand(path)]
    found = list(dict.fromkeys(found))
    names: dict[Path, str] = {}
    missing: list[str] = []
    if lists:
        wanted: dict[str, str] = {}
        for path in lists:
            wanted.update(_soate_names(path))
        codes = {p: case_soate(p) for p in found}
        found = [p for p in found if codes[p] in wanted]
        names = {p: wanted[codes[p]] for p in found}
        missing = sorted(set(wanted) - set(codes.values()))
    refs, used = [], set()
    for path in found:
        base = slug(path.stem if path.suffix else path.name)
        case_id, n = base, 2
        while case_id in used:
            case_id, n = f"{base}-{n}", n + 1
        used.add(case_id)
        refs.append(CaseRef(path, case_id, names.get(path, "")))
    return refs, missing
