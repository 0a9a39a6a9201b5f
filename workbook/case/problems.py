"""Problems found in a case: where (file, sheet, row, column), what was found and what was expected.

A problem stores its message as an English msgid with raw parameters; it is put into words only when
shown, in the reader's language, so the same problem serves the CLI, the notebooks and the batch log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbook.i18n import N_, Translator

__all__ = ["ERROR", "Msg", "Problem", "Share", "WARNING", "count_label"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) in a case.

    Attributes:
        severity: ``"error"`` stops the stages; ``"warning"`` lets them run and is shown in reports.
        message: an English msgid with ``{placeholders}``.
        params: values for the placeholders; numbers stay numbers and are formatted per language.
        file: the spreadsheet or CSV file name.
        sheet: the sheet name as found in the file (empty for CSV).
        row: the row number as the spreadsheet shows it (1 = first row), or None.
        column: the column header as found in the file (or the column id when it is missing).
        table: the schema table id, if known.
    """

    severity: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    table: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self, tr: Translator) -> str:
        """Where the problem is, in words: ``villages.csv, row 7, column «households»``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(tr("sheet «{sheet}»", sheet=_shown(self.sheet, tr)))
        if self.row is not None:
            parts.append(tr("row {row}", row=self.row))
        if self.column:
            parts.append(tr("column «{column}»", column=_shown(self.column, tr)))
        return ", ".join(parts)

    def text(self, tr: Translator) -> str:
        """The message in the reader's language, with its parameters formatted."""
        values = {k: _format(v, tr) for k, v in self.params.items()}
        return tr(self.message, **values)

    def describe(self, tr: Translator) -> str:
        """Location and message on one line, as the CLI and the reports print it."""
        where = self.location(tr)
        return f"{where}: {self.text(tr)}" if where else self.text(tr)


def _format(value, tr: Translator) -> str:
    if isinstance(value, Share):
        return tr.percent(value)
    if isinstance(value, bool):
        return tr(N_("yes")) if value else tr(N_("no"))
    if isinstance(value, int):
        return tr.integer(value)
    if isinstance(value, float):
        return tr.number(value, 0 if value.is_integer() else 2)
    return _shown(value, tr)


class Msg(str):
    """A parameter that is itself a message to translate (a sheet label, an expected kind …).

    It may carry parameters of its own, e.g. the list of valid codes in "one of: {choices}".
    """

    def __new__(cls, text: str, **params):
        obj = super().__new__(cls, text)
        obj.params = params
        return obj

    def __reduce__(self):
        return (_msg, (str(self), self.params))


def _msg(text, params):
    return Msg(text, **params)


class Share(float):
    """A parameter that is a share and is shown as a percentage."""


def _shown(value, tr: Translator) -> str:
    return tr(str(value), **value.params) if isinstance(value, Msg) else str(value)


def count_label(problems, tr: Translator) -> str:
    """``2 errors, 3 warnings`` in the reader's language."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return ", ".join(
        [
            tr.plural("{n} error", "{n} errors", errors),
            tr.plural("{n} warning", "{n} warnings", warnings),
        ]
    )

