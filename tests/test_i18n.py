"""Languages: every message translated, placeholders kept, numbers and money formatted per locale."""

from __future__ import annotations

import pytest

from workbook.i18n import LANGS, Translator, translator
from workbook.i18n.catalogs import check, extract, lesson_blocks


def test_every_message_is_translated():
    """Kyrgyz and Russian catalogs translate every message of the package and keep its placeholders.

    When this fails: run `python -m workbook.i18n.catalogs` and translate the empty or fuzzy entries.
    """
    assert check() == []


def test_extraction_finds_code_and_lessons():
    """Messages come from Python (N_, tr, tr.plural) and from lesson blocks."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    assert "Required column missing." in ids
    assert "{n} error" in ids
    assert any(i.startswith("## What this stage is for") for i in ids)


class TestFormatting:
    """Numbers, money and shares per locale."""

    @pytest.mark.parametrize("lang,number,money,share", [
        ("ky", "1\u00a0234\u00a0567,9", "1\u00a0234\u00a0568\u00a0сом", "34,5%"),
        ("ru", "1\u00a0234\u00a0567,9", "1\u00a0234\u00a0568\u00a0сом", "34,5\u00a0%"),
        ("en", "1,234,567.9", "1,234,568\u00a0som", "34.5%"),
    ])
    def test_locale_formats(self, lang, number, money, share):
        tr = translator(lang)
        assert tr.number(1234567.89, 1) == number
        assert tr.som(1234567.89) == money
        assert tr.percent(0.345) == share

    def test_missing_is_a_dash(self):
        """A missing figure is shown as a dash, never as 0."""
        tr = translator("ru")
        assert tr.number(float("nan")) == tr.som(None) == tr.percent(None) == "–"

    @pytest.mark.parametrize("n,expected", [(1, "1 ошибка"), (3, "3 ошибки"), (5, "5 ошибок"), (21, "21 ошибка")])
    def test_russian_plurals(self, n, expected):
        """Russian has three plural forms."""
        assert translator("ru").plural("{n} error", "{n} errors", n) == expected

    def test_unknown_language(self):
        with pytest.raises(ValueError, match="use one of ky, ru, en"):
            Translator("kz")


@pytest.mark.parametrize("lang", LANGS)
def test_kyrgyz_letters_reach_the_reader(lang):
    """Kyrgyz output really uses ң ө ү (the catalogs are not transliterated)."""
    text = " ".join(translator("ky")(m) for m in ("Households", "Population", "Villages"))
    assert set("ңөү") & set(text.lower()) if lang == "ky" else True


def test_lesson_blocks_parse():
    """A lesson file splits into named blocks at <!-- name --> marks."""
    blocks = lesson_blocks("<!-- a -->\n## A\ntext\n\n<!-- b -->\nmore {{x}}\n")
    assert {k: v[1] for k, v in blocks.items()} == {"a": "## A\ntext", "b": "more {{x}}"}


@pytest.mark.parametrize("lang", LANGS)
def test_labels_stay_distinct(lang):
    """Labels read back from spreadsheets are distinct in every language.

    Code labels of one list, column labels of one table, and sheet names (cut to Excel's 31 characters)
    are mapped back to ids by the loader, so two must never translate alike.
    """
    from workbook.case.schema import CODES, TABLES
    from workbook.case.template import sheet_name
    from workbook.case.values import normalise_label

    tr = translator(lang)
    for name, codes in CODES.items():
        labels = [normalise_label(tr(label)) for label in codes.values()]
        assert len(set(labels)) == len(labels), (lang, name)
    for table in TABLES:
        labels = [normalise_label(tr(c.label)) for c in table.columns]
        assert len(set(labels)) == len(labels), (lang, table.id)
    sheets = [normalise_label(sheet_name(t, tr)) for t in TABLES]
    assert len(set(sheets)) == len(sheets)
