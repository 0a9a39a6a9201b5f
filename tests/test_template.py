"""The input template: what a municipal economist gets, and that filling it in gives a valid case."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from workbook.case import load_case
from workbook.case.schema import CODES, TABLES
from workbook.case.template import sheet_name, write_template
from workbook.i18n import LANGS, N_, translator


def fill_like_a_user(template, tables, lang):
    """Delete the example rows and type the data under the headers, codes as their drop-down labels."""
    tr = translator(lang)
    book = load_workbook(template)
    for spec in TABLES:
        sheet = book[sheet_name(spec, tr)]
        sheet.delete_rows(2, len(spec.examples))
        frame = tables.get(spec.id)
        if frame is None:
            continue
        for record in frame.to_dict("records"):
            row = [None]
            for col in spec.columns:
                value = record.get(col.id)
                if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
                    row.append(None)
                elif col.kind == "code":
                    row.append(tr(CODES[col.codes][value]))
                elif col.kind == "bool":
                    row.append(tr(N_("yes")) if value else tr(N_("no")))
                else:
                    row.append(value)
            sheet.append(row)
    book.save(template)


class TestTemplate:
    """Tests for `write_template`."""

    @pytest.mark.parametrize("lang", LANGS)
    def test_round_trip(self, tmp_path, hand_case, lang):
        """Template in each language → filled → validates with no errors and reads back the same tables."""
        path = write_template(tmp_path / f"template-{lang}.xlsx", lang)
        fill_like_a_user(path, hand_case.tables, lang)
        case = load_case(path)
        assert not case.errors, [p.describe(translator("en")) for p in case.errors]
        for table_id, frame in hand_case.tables.items():
            got = case.tables[table_id].reset_index(drop=True)
            pd.testing.assert_frame_equal(got, frame.reset_index(drop=True), check_dtype=False)

    def test_blank_template_only_says_it_is_blank(self, tmp_path):
        """The untouched template: example rows are skipped with a warning; the errors say profile and villages are empty."""
        case = load_case(write_template(tmp_path / "t.xlsx", "en"))
        assert [p.message for p in case.errors] == ["This sheet must have exactly one filled row; found {n}.",
                                                    "No villages listed: at least one is needed."]
        examples = [p for p in case.warnings if p.message == "Example row, ignored."]
        assert len(examples) == sum(len(t.examples) for t in TABLES)

    def test_what_the_user_sees(self, tmp_path):
        """Instructions first; localized headers with notes; drop-downs on coded columns; examples marked."""
        tr = translator("ky")
        book = load_workbook(write_template(tmp_path / "t.xlsx", "ky"))
        assert book.sheetnames[0] == tr("Instructions")
        sheet = book[sheet_name(TABLES[4], tr)]  # services
        headers = [c.value for c in sheet[1]]
        assert headers[0] == tr("Example")
        assert headers[1:] == [tr(c.label) for c in TABLES[4].columns]
        assert "id: service_id" in sheet["B1"].comment.text
        formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
        assert any("$" in f and "!" in f for f in formulas)  # lists point at the hidden sheet of labels
        assert sheet["A2"].value == tr("example — delete this row")
        assert book[tr("Lists")].sheet_state == "hidden"
