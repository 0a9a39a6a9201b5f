"""The schema is consistent with itself and with the generated data dictionary."""

from __future__ import annotations

import pytest

from workbook.case import dictionary
from workbook.case.schema import CODES, TABLES, table
from workbook.i18n import LANGS


class TestSchema:
    """Tests for the table definitions."""

    @pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.id)
    def test_examples_fit_their_columns(self, spec):
        """Example rows use only known columns, valid codes, and fill the required columns."""
        for example in spec.examples:
            assert set(example) <= set(spec.column_ids)
            for col in spec.columns:
                if col.codes and col.id in example:
                    assert example[col.id] in CODES[col.codes]
                if col.required:
                    assert col.id in example, (spec.id, col.id)

    @pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.id)
    def test_keys_and_references_exist(self, spec):
        """Keys name columns of the table; references name tables that have a key."""
        assert set(spec.key) <= set(spec.column_ids)
        for col in spec.columns:
            if col.ref:
                assert table(col.ref).key

    def test_unknown_table_names_the_known_ones(self):
        """A lookup of a wrong id says which ids exist."""
        with pytest.raises(KeyError, match="known tables: profile, villages"):
            table("village")


@pytest.mark.parametrize("lang", LANGS)
def test_data_dictionary_is_current(lang):
    """docs/data-dictionary.<lang>.md is exactly what the schema generates (run python -m workbook.case.dictionary)."""
    assert dictionary.path(lang).read_text(encoding="utf-8") == dictionary.render(lang)
