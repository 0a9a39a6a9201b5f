"""The validator against a corpus of damaged cases: one test per kind of damage real files carry.

Each case starts as a copy of tests/cases/hand_checked (valid) with one thing broken or oddly written.
Damage must be reported with file, sheet, row and column; odd but readable writing must load cleanly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from workbook.case import load_case
from workbook.case.generate import write_case
from workbook.case.schema import TABLES
from workbook.case.validate import exit_status
from workbook.i18n import translator
from tests.conftest import TEST_CASES

EN = translator("en")


@pytest.fixture
def case_dir(tmp_path):
    """The valid hand-checked case, with the optional tables it lacks present but empty."""
    target = tmp_path / "case"
    shutil.copytree(TEST_CASES / "hand_checked", target)
    for spec in TABLES:
        path = target / f"{spec.id}.csv"
        if not path.exists():
            path.write_text(",".join(spec.column_ids) + "\n")
    return target


def write(case_dir, name, text, encoding="utf-8"):
    (case_dir / name).write_bytes(text.encode(encoding))


def only(problems, severity="error"):
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, [p.describe(EN) for p in found]
    return found[0]


def described(problem):
    return problem.describe(EN)


VILLAGES_CYR = "village_id,name,population,households\nV1,Көк-Жар,1000,250\nV2,Үч-Терек,600,120\nV3,Ак-Суу,400,100\n"


class TestEncodings:
    """CSV files as Excel and editors really save them."""

    @pytest.mark.parametrize("encoding", ["cp1251-like", "utf-8-sig", "utf-8"])
    def test_cyrillic_names_survive(self, case_dir, encoding):
        """cp1251, UTF-8 with BOM and without: the village names come out the same."""
        text = VILLAGES_CYR if encoding != "cp1251-like" else VILLAGES_CYR.replace("Көк-Жар", "Кок-Жар").replace(
            "Үч-Терек", "Уч-Терек")  # cp1251 has no Kyrgyz letters: Kyrgyz files in cp1251 lose them
        write(case_dir, "villages.csv", text, "cp1251" if encoding == "cp1251-like" else encoding)
        case = load_case(case_dir)
        assert not case.errors
        assert case.tables["villages"]["name"].iloc[2] == "Ак-Суу"

    def test_semicolons_and_decimal_commas(self, case_dir):
        """A Russian-locale export: ';' between fields, ',' as the decimal mark."""
        write(case_dir, "villages.csv", "village_id;name;population;households;distance_km\n"
              "V1;Centre;1000;250;0\nV2;Upper;600;120;6,5\nV3;Lower;400;100;11,25\n", "cp1251")
        case = load_case(case_dir)
        assert not case.errors
        assert list(case.tables["villages"]["distance_km"]) == [0, 6.5, 11.25]


class TestNumbers:
    """Numbers written the way people write them."""

    def test_thousands_separators(self, case_dir):
        """Spaces, no-break spaces and narrow no-break spaces between thousands."""
        write(case_dir, "villages.csv", "village_id,name,population,households\n"
              "V1,Centre,1 000,250\nV2,Upper,\"1\u00a0600\",120\nV3,Lower,\"2\u202f400,0\",100\n")
        case = load_case(case_dir)
        assert not case.errors
        assert list(case.tables["villages"]["population"]) == [1000, 1600, 2400]

    def test_stray_whitespace_and_trailing_rows(self, case_dir):
        """Spaces around values and headers, and empty rows at the end, change nothing."""
        write(case_dir, "villages.csv", " village_id , name ,population,households\n"
              "  V1 ,  Centre ,1000 , 250\nV2,Upper,600,120\nV3,Lower,400,100\n,,,\n\n,,,\n")
        case = load_case(case_dir)
        assert not case.errors
        assert list(case.tables["villages"]["village_id"]) == ["V1", "V2", "V3"]
        assert case.tables["villages"]["name"].iloc[0] == "Centre"

    def test_ambiguous_comma_is_refused(self, case_dir):
        """'2,500' in a money column could be 2.5 or 2500: an error, not a guess."""
        text = (case_dir / "budget.csv").read_text().replace("2024,own_revenue,,2500000", '2024,own_revenue,,"2,500"')
        write(case_dir, "budget.csv", text)
        problem = only(load_case(case_dir).problems)
        assert described(problem) == ("budget.csv, row 2, column «amount_som»: Found «2,500», expected a number "
                                      "written without ambiguity (write 2500 or 2.5).")


class TestSpreadsheets:
    """Things only spreadsheets have."""

    @pytest.fixture
    def xlsx(self, tmp_path, hand_case):
        path = tmp_path / "case.xlsx"
        write_case(hand_case.tables, path, "ru")
        return path

    def test_numbers_stored_as_text(self, xlsx):
        """A population typed as text ('1 000') is read as the number."""
        book = load_workbook(xlsx)
        sheet = book[book.sheetnames[2]]  # Instructions, Profile, Villages, …
        sheet["D2"] = "1 000"
        sheet["D2"].number_format = "@"
        book.save(xlsx)
        case = load_case(xlsx)
        assert not case.errors
        assert case.tables["villages"]["population"].iloc[0] == 1000

    def test_merged_header_cells(self, xlsx):
        """A merged title row above the headers, and the id header merged over both rows."""
        book = load_workbook(xlsx)
        sheet = book[book.sheetnames[2]]  # Instructions, Profile, Villages, …
        sheet.insert_rows(1)
        sheet["C1"] = "Villages of the municipality, 2025"
        sheet.merge_cells("C1:F1")
        sheet["B1"] = sheet["B2"].value
        sheet["B2"] = None
        sheet.merge_cells("B1:B2")
        book.save(xlsx)
        case = load_case(xlsx)
        assert not case.errors, [described(p) for p in case.errors]
        assert list(case.tables["villages"]["village_id"]) == ["V1", "V2", "V3"]
        assert list(case.tables["villages"].index) == [3, 4, 5]  # rows as the spreadsheet shows them

    def test_damaged_file(self, tmp_path):
        """Bytes that are not a spreadsheet give one located error, no traceback."""
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"PK\x03\x04 this is not really a zip")
        problem = only(load_case(path).problems)
        assert problem.file == "broken.xlsx"
        assert "cannot be opened" in described(problem)


class TestColumns:
    """Columns that are extra or missing."""

    def test_unknown_column_warns_and_loads(self, case_dir):
        """An extra column is a warning; the rest loads."""
        write(case_dir, "villages.csv", "village_id,name,population,households,mayor\n"
              "V1,Centre,1000,250,X\nV2,Upper,600,120,Y\nV3,Lower,400,100,Z\n")
        case = load_case(case_dir)
        assert not case.errors
        assert described(only(case.problems, "warning")) == "villages.csv, row 1, column «mayor»: Unknown column, ignored."

    def test_missing_required_column(self, case_dir):
        """No households column: an error naming the column in the reader's language."""
        write(case_dir, "villages.csv", "village_id,name,population\nV1,Centre,1000\nV2,Upper,600\nV3,Lower,400\n")
        problem = only(load_case(case_dir).problems)
        assert described(problem) == "villages.csv, row 1, column «Households»: Required column missing."


class TestValues:
    """Values that cannot be true."""

    def test_negative_value(self, case_dir):
        """A negative household count is an error at its row and column."""
        write(case_dir, "villages.csv", "village_id,name,population,households\n"
              "V1,Centre,1000,250\nV2,Upper,600,-120\nV3,Lower,400,100\n")
        assert described(only(load_case(case_dir).problems)) == \
            "villages.csv, row 3, column «households»: Found «-120», expected at least 0."

    def test_likert_outside_scale(self, tmp_path, case_dir):
        """A satisfaction of 7 on a 1–5 scale."""
        write(case_dir, "survey_respondents.csv", "respondent_id,village_id,sex,age_group\nR1,V1,female,30_44\n")
        write(case_dir, "survey_ratings.csv", "respondent_id,service_id,uses_service,satisfaction\nR1,water,yes,7\n")
        assert described(only(load_case(case_dir).problems)) == \
            "survey_ratings.csv, row 2, column «satisfaction»: Found «7», expected at most 5."

    def test_more_households_served_than_exist(self, case_dir):
        """300 households served in a village of 250."""
        write(case_dir, "service_coverage.csv", "service_id,village_id,households_served\nwater,V1,300\nwater,V2,100\n")
        assert described(only(load_case(case_dir).problems)) == (
            "service_coverage.csv, row 2, column «households_served»: 300 households served, but only 250 "
            "households live in Centre.")

    def test_coverage_over_100_percent(self, case_dir):
        """More people served than live in the municipality (2,000)."""
        write(case_dir, "service_metrics.csv", "service_id,year,people_served\nwater,2025,2100\n")
        assert described(only(load_case(case_dir).problems)) == (
            "service_metrics.csv, row 2, column «people_served»: 2,100 people served, but the municipality has "
            "2,000 (coverage over 100 %).")


class TestReferences:
    """Identifiers that point nowhere, or twice to the same place."""

    def test_unknown_village(self, case_dir):
        """A commission member from a village that is not listed."""
        text = (case_dir / "commission.csv").read_text().replace("A5,male,citizen,V2", "A5,male,citizen,V9")
        write(case_dir, "commission.csv", text)
        assert described(only(load_case(case_dir).problems)) == \
            "commission.csv, row 6, column «village_id»: «V9» is not listed in sheet «Villages»."

    def test_unknown_service(self, case_dir):
        """Budget spending on a service that is not in the services sheet."""
        text = (case_dir / "budget.csv").read_text().replace("expense_service,waste", "expense_service,gas")
        write(case_dir, "budget.csv", text)
        assert described(only(load_case(case_dir).problems)) == \
            "budget.csv, row 10, column «service_id»: «gas» is not listed in sheet «Services»."

    def test_duplicate_key(self, case_dir):
        """Two villages with the id V2."""
        write(case_dir, "villages.csv", "village_id,name,population,households\n"
              "V1,Centre,1000,250\nV2,Upper,600,120\nV2,Lower,400,100\n")
        assert described(only(load_case(case_dir).problems)) == \
            "villages.csv, row 4, column «village_id»: Duplicate «V2»: the same identifier is in row 3."


class TestAllAtOnce:
    """Every problem is reported in one run, and the exit status tells their kind."""

    def test_several_problems_reported_together(self, case_dir):
        """Three different errors in two files, all listed."""
        write(case_dir, "villages.csv", "village_id,name,population,households\n"
              "V1,Centre,abc,250\nV2,Upper,600,-1\nV2,Lower,400,100\n")
        errors = load_case(case_dir).errors
        assert {(p.row, p.column) for p in errors} == {(2, "population"), (3, "households"), (4, "village_id")}

    def test_exit_status(self, case_dir):
        """0 clean, 1 warnings only, 2 errors."""
        assert exit_status(load_case(case_dir).problems) == 0
        write(case_dir, "notes.csv", "a,b\n1,2\n")
        assert exit_status(load_case(case_dir).problems) == 1
        write(case_dir, "villages.csv", "village_id,name,population,households\nV1,Centre,-5,250\n")
        assert exit_status(load_case(case_dir).problems) == 2

    @pytest.mark.parametrize("lang,word", [("ky", "КАТА"), ("ru", "ОШИБКА"), ("en", "ERROR")])
    def test_cli_reports_in_language(self, case_dir, lang, word):
        """`workbook validate` prints located problems in the chosen language and exits 2; no traceback."""
        write(case_dir, "villages.csv", "village_id,name,population,households\nV1,Centre,-5,250\n")
        run = subprocess.run([sys.executable, "-m", "workbook", "validate", str(case_dir), "--lang", lang],
                             capture_output=True, text=True)
        assert run.returncode == 2
        assert word in run.stdout
        assert "Traceback" not in run.stdout + run.stderr

    def test_cli_missing_file(self, tmp_path):
        """A path that does not exist is an error message, not a crash."""
        run = subprocess.run([sys.executable, "-m", "workbook", "validate", str(tmp_path / "nope.xlsx"), "--lang",
                              "en"], capture_output=True, text=True)
        assert run.returncode == 2
        assert "does not exist" in run.stdout
        assert "Traceback" not in run.stdout + run.stderr
