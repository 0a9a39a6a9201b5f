"""Turning what a cell holds into a typed value, the way people really fill spreadsheets.

Handles numbers stored as text, decimal commas, thousands separators written with spaces, no-break
spaces or apostrophes, stray whitespace, yes/no words in Kyrgyz, Russian and English, and code labels in
any of the three languages. Each parser returns the value or raises ``BadValue`` with what was expected.

Babel's ``parse_decimal`` needs the writer's locale, which a shared spreadsheet does not tell us, so the
separator rules are written out here: both separators present means the last one is the decimal mark;
a lone comma is a decimal comma unless the column holds whole numbers and the comma groups thousands.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from workbook.case.schema import CODES, KINDS, Column
from workbook.i18n import LANGS, N_, translator

__all__ = ["BadValue", "is_blank", "normalise_label", "parse_cell"]

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009']+")
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

_YES = {"yes", "y", "true", "1", "да", "д", "ооба", "ооба.", "x", "✓", "+"}
_NO = {"no", "n", "false", "0", "нет", "н", "жок", "-", "–"}


class BadValue(ValueError):
    """A cell's content does not fit its column: ``expected`` says what would."""

    def __init__(self, expected: str, **params):
        super().__init__(expected)
        self.expected = expected
        self.params = params


def is_blank(value) -> bool:
    """True for an empty cell: None, NaN or only whitespace."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def normalise_label(text) -> str:
    """A header, sheet name or code label folded for matching: case, spaces, quotes and '*' ignored."""
    text = str(text).replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е")
    text = re.sub(r"\s+", " ", text).strip().strip("*").strip()
    return text.casefold()


def parse_number(value, whole: bool = False) -> float:
    """A number from a cell; ``whole`` tells that the column holds whole numbers (for "40,000")."""
    if isinstance(value, bool):
        raise BadValue(KINDS["number"])
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadValue(KINDS["number"])
        return float(value)
    text = _SPACES.sub("", str(value)).replace("−", "-")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        text = text.replace(group, "").replace(decimal, ".")
    elif "," in text:
        if _GROUPED_COMMA.match(text) and (whole or text.count(",") > 1):
            text = text.replace(",", "")
        elif _GROUPED_COMMA.match(text):
            # "450,000": 450 with a decimal comma, or 450000 grouped? Refuse to guess.
            raise BadValue(N_("a number written without ambiguity (write {plain} or {decimal})"),
                           plain=text.replace(",", ""), decimal=text.replace(",", ".").rstrip("0").rstrip("."))
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            raise BadValue(KINDS["number"])
    elif _GROUPED_DOT.match(text):
        text = text.replace(".", "")
    if not _NUMBER.match(text):
        raise BadValue(KINDS["number"])
    return float(text)


def _parse_int(value) -> float:
    number = parse_number(value, whole=True)
    if abs(number - round(number)) > 1e-9:
        raise BadValue(KINDS["int"])
    return float(round(number))


def _parse_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return re.sub(r"\s+", " ", str(value)).strip()


def _parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    word = normalise_label(value)
    if word in _YES or word in _yes_words():
        return True
    if word in _NO or word in _no_words():
        return False
    raise BadValue(KINDS["bool"])


def _yes_words() -> set[str]:
    return {normalise_label(translator(lang)(N_("yes"))) for lang in LANGS}


def _no_words() -> set[str]:
    return {normalise_label(translator(lang)(N_("no"))) for lang in LANGS}


def _parse_code(value, codes: str) -> str:
    labels = _code_lookup(codes)
    key = normalise_label(_parse_text(value))
    if key in labels:
        return labels[key]
    raise BadValue(N_("one of: {choices}"), choices=", ".join(CODES[codes]))


_CODE_LOOKUPS: dict[str, dict[str, str]] = {}


def _code_lookup(codes: str) -> dict[str, str]:
    """Every accepted spelling of a code list's values: the code and its label in each language."""
    if codes not in _CODE_LOOKUPS:
        lookup = {}
        for code, label in CODES[codes].items():
            lookup[normalise_label(code)] = code
            for lang in LANGS:
                lookup[normalise_label(translator(lang)(label))] = code
        _CODE_LOOKUPS[codes] = lookup
    return _CODE_LOOKUPS[codes]


def _parse_year(value) -> float:
    if isinstance(value, (datetime, date)):
        return float(value.year)
    year = _parse_int(value)
    if not 2000 <= year <= 2100:
        raise BadValue(KINDS["year"])
    return year


def _parse_soate(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = str(int(value))
    digits = _SPACES.sub("", str(value)).replace("-", "")
    if not (digits.isdigit() and len(digits) == 14 and digits.startswith("417")):
        raise BadValue(KINDS["soate"])
    return digits


def parse_cell(value, column: Column):
    """The typed value of a non-blank cell for ``column``.

    Raises:
        BadValue: when the cell cannot be read as the column's kind.
    """
    kind = column.kind
    if kind in ("text", "ref"):
        return _parse_text(value)
    if kind == "number":
        return parse_number(value)
    if kind == "int":
        return _parse_int(value)
    if kind == "bool":
        return _parse_bool(value)
    if kind == "code":
        return _parse_code(value, column.codes)
    if kind == "year":
        return _parse_year(value)
    if kind == "soate":
        return _parse_soate(value)
    raise AssertionError(kind)
