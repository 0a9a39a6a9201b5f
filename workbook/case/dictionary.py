"""The data dictionary (``docs/data-dictionary.<lang>.md``), generated from the schema.

``python -m workbook.case.dictionary`` rewrites the files; a test fails when they differ from what the
schema would generate, so the documentation cannot drift from what the loader accepts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbook.case.schema import CODES, KINDS, TABLES
from workbook.i18n import LANGS, translator

__all__ = ["DOCS", "path", "render", "write"]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(lang: str) -> str:
    """The data dictionary as Markdown in ``lang``."""
    tr = translator(lang)
    out = [f"# {tr('Data dictionary of the municipality case')}", "",
           tr("Generated from workbook/case/schema.py by `python -m workbook.case.dictionary`; do not edit."), "",
           tr("A case is one spreadsheet (one sheet per table) or a folder of CSV files named after the table IDs. "
              "Headers may be the column IDs or the labels in any of the three languages."), ""]
    for table in TABLES:
        status = tr("required") if table.required else tr("optional")
        out += [f"## {tr(table.label)} (`{table.id}`, {status})", "", tr(table.help), ""]
        if table.key:
            out += [tr("Key: {columns}", columns=", ".join(f"`{k}`" for k in table.key)), ""]
        out += [f"| ID | {tr('Column')} | {tr('Expected')} | {tr('Required')} | {tr('Explanation')} |",
                "|---|---|---|---|---|"]
        for col in table.columns:
            expected = tr(KINDS[col.kind])
            if col.codes:
                expected += ": " + ", ".join(f"`{c}`" for c in CODES[col.codes])
            if col.ref:
                expected += f" (`{col.ref}`)"
            if col.low is not None or col.high is not None:
                low = "" if col.low is None else tr.number(col.low, 0 if float(col.low).is_integer() else 1)
                high = "" if col.high is None else tr.number(col.high)
                expected += f" [{low}…{high}]"
            out.append(f"| `{col.id}` | {_cell(tr(col.label))} | {_cell(expected)} | "
                       f"{tr('yes') if col.required else ''} | {_cell(tr(col.help)) if col.help else ''} |")
        out.append("")
    out += [f"## {tr('Code lists')}", ""]
    for name, codes in CODES.items():
        out += [f"### `{name}`", "", f"| {tr('Code')} | {tr('Meaning')} |", "|---|---|"]
        out += [f"| `{code}` | {_cell(tr(label))} |" for code, label in codes.items()]
        out.append("")
    return "\n".join(out)


def path(lang: str) -> Path:
    return DOCS / f"data-dictionary.{lang}.md"


def write() -> list[Path]:
    """Rewrite the data dictionary in every language."""
    paths = []
    for lang in LANGS:
        path(lang).write_text(render(lang), encoding="utf-8")
        paths.append(path(lang))
    return paths


if __name__ == "__main__":
    for written in write():
        print(written)
    sys.exit(0)
