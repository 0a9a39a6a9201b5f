"""Languages: message catalogs (gettext, read with Babel) and locale-aware formatting.

Every string a user sees is an English msgid marked with ``N_`` (or passed to ``Translator.__call__``)
and translated in ``locales/<lang>/LC_MESSAGES/workbook.po``. English is the source language, so it
has no catalog. Numbers, money and dates are formatted with Babel's CLDR data for the locale.
"""

from __future__ import annotations

import functools
import gettext
import re
import string
from datetime import date
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

__all__ = ["LANGS", "LANGUAGE_NAMES", "N_", "Translator", "catalog_path", "translator"]

LANGS = ("ky", "ru", "en")
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
_LOCALES = {"ky": "ky_KG", "ru": "ru_KG", "en": "en_GB"}
DOMAIN = "workbook"


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs without translating it yet."""
    return message


def catalog_path(lang: str):
    """The ``.po`` file of ``lang`` inside the installed package."""
    return Path(__file__).resolve().parent / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _messages(lang: str):
    """The translations of ``lang`` (fuzzy and empty entries left out) and its plural rule."""
    if lang == "en":
        return {}, gettext.c2py("n != 1")
    with catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=_LOCALES[lang])
    table: dict[str, str | tuple[str, ...]] = {}
    for msg in catalog:
        if not msg.id or msg.fuzzy:
            continue
        key = msg.id[0] if isinstance(msg.id, (tuple, list)) else msg.id
        if isinstance(msg.string, (tuple, list)):
            if all(msg.string):
                table[key] = tuple(msg.string)
        elif msg.string:
            table[key] = msg.string
    return table, gettext.c2py(catalog.plural_expr)


class Translator:
    """Translates messages and formats values for one language.

    Args:
        lang: one of ``LANGS``.

    Raises:
        ValueError: for an unknown language code.
    """

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"Unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang
        self.locale = Locale.parse(_LOCALES[lang])
        self._table, self._plural_index = _messages(lang)

    def __call__(self, message: str, /, **values) -> str:
        """Translate ``message`` and fill its ``{placeholders}`` with ``values`` (already formatted)."""
        text = self._table.get(message, message)
        if isinstance(text, tuple):
            text = text[0]
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, n: int, /, **values) -> str:
        """Translate a message whose form depends on the count ``n`` (``{n}`` is filled in)."""
        forms = self._table.get(singular)
        if isinstance(forms, tuple):
            text = forms[min(self._plural_index(abs(int(n))), len(forms) - 1)]
        else:
            text = singular if n == 1 else plural
        return text.format(n=self.integer(n), **values)

    # --- formatting -------------------------------------------------------------------------
    def number(self, value, digits: int = 0) -> str:
        """A number with locale grouping and ``digits`` decimals; missing values become an en dash."""
        if _missing(value):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def integer(self, value) -> str:
        return self.number(value, 0)

    def som(self, value, digits: int = 0) -> str:
        """Money in som, e.g. ``1 234 сом`` / ``1,234 som``."""
        if _missing(value):
            return "–"
        return f"{self.number(value, digits)}\u00a0{self(N_('som'))}"

    def percent(self, share, digits: int = 1) -> str:
        """A share (0.345) as a percentage (``34,5 %``)."""
        if _missing(share):
            return "–"
        decimals = "." + "0" * digits if digits else ""
        pattern = re.sub(r"0(?=[^0]*$)", "0" + decimals, self.locale.percent_formats[None].pattern, count=1)
        return format_percent(share, format=pattern, locale=self.locale)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def code(self, codelist: str, value) -> str:
        """The label of a coded value (e.g. a delivery mode) in this language."""
        from workbook.case.schema import CODES

        if _missing(value):
            return "–"
        labels = CODES[codelist]
        return self(labels[value]) if value in labels else str(value)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@functools.cache
def translator(lang: str) -> Translator:
    """The shared ``Translator`` for ``lang``."""
    return Translator(lang)


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message expects, used to check that translations keep them."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
