"""Stage 2 (service passports) against figures worked out by hand for tests/cases/passport.

The case: 3 villages (Centre 250 households, Upper 120, Lower 100: 470 households, 2,000 people) and
4 services for 2023–2025. Water charges 25 som per person per month (20 in 2023); waste, lighting and
the civil registry charge nothing. Gaps on purpose: waste has no row for 2024 (a missing year),
lighting's cost of 2025 is blank (a missing figure), the registry has no coverage by village, and water
collected more than it billed in 2023.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from workbook.case import load_case
from workbook.i18n import translator
from workbook.i18n.catalogs import lesson_blocks, lesson_fields
from workbook.results import load_result
from workbook.stages import run_stage
from workbook.stages import s02_passport as stage
from workbook.views import s02_passport as view

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "data" / "cases"
NOTEBOOK = ROOT / "notebooks" / "02_passport.ipynb"
LESSON = ROOT / "workbook" / "lessons" / "02_passport.md"
EN = translator("en")


@pytest.fixture(scope="module")
def passport_case():
    case = load_case(ROOT / "tests" / "cases" / "passport")
    assert not case.errors
    return case


@pytest.fixture(scope="module")
def result(passport_case):
    return run_stage(2, passport_case)


def _row(result, table, service, year=None):
    frame = result.tables[table]
    frame = frame[frame["service_id"] == service]
    if year is not None:
        frame = frame[frame["year"] == year]
    assert len(frame) == 1
    return frame.iloc[0]


def _notes(result, service_id):
    return [n for n in result.notes if n.params.get("service_id") == service_id]


def _plain(frame):
    """``frame`` with every missing value as None, so a saved and a fresh table compare cell by cell."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def _with(case, table, frame):
    return dataclasses.replace(case, tables={**case.tables, table: frame})


class TestTotals:
    """What every ratio is divided by."""

    def test_totals(self, result):
        """250 + 120 + 100 = 470 households; 1000 + 600 + 400 = 2000 people; 4 services; passport year 2025."""
        v = result.values
        assert (v["households"], v["population"], v["services"], v["villages"]) == (470, 2000, 4, 3)
        assert v["passport_year"] == 2025

    def test_every_service_every_year(self, result):
        """4 services × 3 years = 12 rows, including waste 2024 which the case does not have."""
        trend = result.tables["trend"]
        assert len(trend) == 12
        assert list(trend.loc[trend["service_id"] == "waste", "year"]) == [2023, 2024, 2025]


class TestCoverage:
    """coverage = served ÷ all (households and people)."""

    def test_water(self, result):
        """2025: 376 ÷ 470 = 80 % of households, 1600 ÷ 2000 = 80 % of people; 2024: 352 ÷ 470 = 74.9 %, 75 %."""
        now, before = _row(result, "trend", "water", 2025), _row(result, "trend", "water", 2024)
        assert (now["coverage_households"], now["coverage_people"]) == pytest.approx((0.8, 0.8))
        assert before["coverage_households"] == pytest.approx(352 / 470)
        assert before["coverage_people"] == pytest.approx(0.75)

    def test_waste(self, result):
        """94 ÷ 470 = 20 % of households, 400 ÷ 2000 = 20 % of people."""
        row = _row(result, "passports", "waste")
        assert (row["coverage_households"], row["coverage_people"]) == pytest.approx((0.2, 0.2))

    def test_by_village(self, result):
        """Water: Centre 250 ÷ 250 = 100 %, Upper 96 ÷ 120 = 80 %, Lower 30 ÷ 100 = 30 %; waste: 94 ÷ 250 = 37.6 %."""
        cov = result.tables["village_coverage"].set_index(["service_id", "village_id"])["coverage"]
        assert [cov[("water", v)] for v in ("V1", "V2", "V3")] == pytest.approx([1.0, 0.8, 0.3])
        assert cov[("waste", "V1")] == pytest.approx(0.376)

    def test_left_out(self, result):
        """Waste serves no household in Upper and Lower; water and lighting leave no village out."""
        passports = result.tables["passports"].set_index("service_id")["villages_left_out"]
        assert passports["waste"] == "Upper, Lower"
        assert passports["water"] == passports["lighting"] == stage.NO_VILLAGE

    def test_unknown_villages_stay_unknown(self, result):
        """The registry has no coverage rows: its villages are missing (NaN, None), not 0 % and not left out."""
        rows = result.tables["village_coverage"]
        rows = rows[rows["service_id"] == "registry"]
        assert rows["coverage"].isna().all() and rows["households_served"].isna().all()
        assert list(rows["left_out"]) == [None, None, None]
        assert pd.isna(result.tables["passports"].set_index("service_id").loc["registry", "villages_left_out"])
        assert [n.message for n in _notes(result, "registry")] == [
            "{service}: coverage by village is not given; it is shown as «–»."]

    def test_village_checks(self, passport_case):
        """Waste V1 cut to 90 (villages add to 90, metrics say 94) and Lower dropped from water: two notes."""
        coverage = passport_case.table("service_coverage").copy()
        coverage.loc[(coverage["service_id"] == "waste") & (coverage["village_id"] == "V1"), "households_served"] = 90
        coverage = coverage[~((coverage["service_id"] == "water") & (coverage["village_id"] == "V3"))]
        result = run_stage(2, _with(passport_case, "service_coverage", coverage))
        (waste,) = [n for n in _notes(result, "waste") if "add up" in n.message]
        assert (waste.params["villages"], waste.params["metrics"], waste.params["year"]) == (90, 94, "2025")
        (water,) = _notes(result, "water")[1:]
        assert water.params["villages"] == "Lower"
        assert math.isnan(result.tables["village_coverage"].set_index(["service_id", "village_id"]).loc[("water", "V3"), "coverage"])


class TestMoney:
    """unit cost = cost ÷ volume; cost recovery = collected ÷ cost; collection rate = collected ÷ billed."""

    def test_water_2025(self, result):
        """600,000 ÷ 24,000 m³ = 25 som/m³; 432,000 ÷ 600,000 = 72 %; 432,000 ÷ 480,000 = 90 %."""
        row = _row(result, "passports", "water")
        assert row["unit_cost"] == pytest.approx(25.0)
        assert row["cost_recovery"] == pytest.approx(0.72)
        assert row["collection_rate"] == pytest.approx(0.90)

    def test_water_2023(self, result):
        """Collected 352,800 of 336,000 billed: 105 %; 352,800 ÷ 500,000 = 70.56 % of the cost; a note says so."""
        row = _row(result, "trend", "water", 2023)
        assert row["collection_rate"] == pytest.approx(1.05)
        assert row["cost_recovery"] == pytest.approx(0.7056)
        (note,) = [n for n in _notes(result, "water") if "collection rate" in n.message]
        assert (note.params["year"], note.params["collected"], note.params["billed"]) == ("2023", 352_800, 336_000)
        assert note.params["rate"] == pytest.approx(1.05)

    def test_uncharged_service(self, result):
        """Waste: 200,000 ÷ 100 t = 2,000 som per tonne; nothing billed, so no recovery (NaN, not 0 %)."""
        row = _row(result, "passports", "waste")
        assert row["unit_cost"] == pytest.approx(2000)
        assert math.isnan(row["cost_recovery"]) and math.isnan(row["collection_rate"])

    def test_below_recovery(self, result):
        """Only water has a known cost recovery (72 %), and it is below 80 %."""
        assert (result.values["recovery_known"], result.values["below_recovery"]) == (1, 1)


class TestComplaints:
    """complaints per 1,000 users = complaints ÷ people served × 1000; share resolved = resolved ÷ complaints."""

    @pytest.mark.parametrize("service,per_1000,resolved", [
        ("water", 25.0, 0.8),  # 40 ÷ 1600 × 1000 = 25; 32 ÷ 40 = 80 %
        ("waste", 25.0, 0.5),  # 10 ÷ 400 × 1000 = 25; 5 ÷ 10 = 50 %
        ("lighting", 5.0, 1.0),  # 9 ÷ 1800 × 1000 = 5; 9 ÷ 9 = 100 %
        ("registry", 1.0, 1.0),  # 2 ÷ 2000 × 1000 = 1; 2 ÷ 2 = 100 %
    ])
    def test_2025(self, result, service, per_1000, resolved):
        """See the parameters: complaints, people served and complaints resolved of 2025."""
        row = _row(result, "passports", service)
        assert (row["complaints_per_1000"], row["resolved_share"]) == pytest.approx((per_1000, resolved))

    def test_water_2023(self, result):
        """20 ÷ 1400 × 1000 = 14.29 per 1,000 users; 10 ÷ 20 = 50 % resolved."""
        row = _row(result, "trend", "water", 2023)
        assert row["complaints_per_1000"] == pytest.approx(20 / 1.4)
        assert row["resolved_share"] == pytest.approx(0.5)


class TestGaps:
    """A missing year or figure stays missing and gets a note; it is never 0."""

    def test_missing_year(self, result):
        """Waste 2024 is not in the case: the row is there, marked unreported, every figure NaN."""
        row = _row(result, "trend", "waste", 2024)
        assert not row["reported"]
        assert row[list(stage.INDICATORS)].isna().all()
        (note,) = [n for n in _notes(result, "waste") if "no figures" in n.message]
        assert note.params["years"] == "2024"

    def test_missing_figure(self, result):
        """Lighting's cost of 2025 is blank: cost and unit cost are NaN (2024: 280,000 ÷ 120 lamps = 2,333.33)."""
        now, before = _row(result, "trend", "lighting", 2025), _row(result, "trend", "lighting", 2024)
        assert math.isnan(now["cost_som"]) and math.isnan(now["unit_cost"])
        assert before["unit_cost"] == pytest.approx(280_000 / 120)
        (note,) = _notes(result, "lighting")
        assert (note.params["figure"], note.params["years"]) == ("Full cost", "2025")
        assert note.text(EN) == "Street lighting: «Full cost» is not known for 2025; it is shown as «–», not as zero."

    def test_no_other_notes(self, result):
        """Four gaps, one note each: water's collection, waste's year, lighting's cost, registry's villages."""
        assert sorted(n.params["service_id"] for n in result.notes if "service_id" in n.params) == \
            ["lighting", "registry", "waste", "water"]

    def test_expected_figures(self, passport_case):
        """Water (charged, drinking water) expects collection and hours of supply; the registry neither;
        a tariff unit on a service nobody provides expects no billing."""
        services = passport_case.table("services").set_index("service_id", drop=False)
        water, registry = stage.expected(services.loc["water"]), stage.expected(services.loc["registry"])
        assert {"collected_som", "cost_recovery", "continuity_hours"} <= set(water)
        assert not {"collected_som", "cost_recovery", "continuity_hours", "volume"} & set(registry)
        unprovided = {**services.loc["water"].to_dict(), "delivery_mode": "none"}
        assert "collected_som" not in stage.expected(unprovided)

    def test_passport_year_param(self, passport_case):
        """year=2024: water coverage 352 ÷ 470; waste has no 2024 passport figures (NaN, not 0)."""
        result = run_stage(2, passport_case, year=2024)
        assert _row(result, "passports", "water")["coverage_households"] == pytest.approx(352 / 470)
        waste = _row(result, "passports", "waste")
        assert not waste["reported"] and math.isnan(waste["households_served"])

    def test_unknown_year(self, passport_case):
        """A year without metrics gives empty passports (one per service) and a note, not zeros; the years
        between the data and that year are not invented."""
        result = stage.compute(passport_case, {}, **{**stage.DEFAULTS, "year": 2030})
        assert len(result.tables["passports"]) == 4
        assert result.tables["passports"]["households_served"].isna().all()
        assert sorted(set(result.tables["trend"]["year"])) == [2023, 2024, 2025, 2030]
        assert "No service metrics for {year}: the passports of that year are empty." in [n.message for n in result.notes]


def test_optional_sheets_absent(passport_case):
    """Without metrics, coverage and problems sheets: empty passports, a note per service, no zeros anywhere."""
    tables = {k: v for k, v in passport_case.tables.items() if k not in ("service_metrics", "service_coverage", "problems")}
    result = stage.compute(dataclasses.replace(passport_case, tables=tables), {}, **stage.DEFAULTS)
    v = result.values
    assert v["passport_year"] is None and v["ex_coverage_households"] is None and v["ex_villages_left_out"] is None
    assert (v["problems_listed"], v["problems_indicated"]) == (0, 0)
    messages = [n.message for n in result.notes]
    assert messages.count("{service}: no figures in the service metrics sheet; its passport is empty.") == 4
    assert messages.count("{service}: coverage by village is not given; it is shown as «–».") == 4
    assert view.coverage_chart(result, EN).data == view.recovery_chart(result, EN).data == \
        "<p class='wb-missing'>No data for this in the case.</p>"
    assert "Problems listed in the case, by cause group" in view.cause_matrix(result, EN).data


class TestTariffNorms:
    """Water tariffs through the consumption norms (50 l standpipe, 87 l yard tap, 30 days)."""

    def test_per_person_tariff(self, result):
        """25 som per person: 25 ÷ 1.5 m³ = 16.67 som/m³ (standpipe), 25 ÷ 2.61 m³ = 9.58 (yard tap); cost 25 som/m³."""
        t = result.tables["tariff_norms"].set_index("norm_id")
        assert list(t["service_id"]) == ["water", "water"]
        assert list(t["monthly_m3"]) == [1.5, 2.61]
        assert list(t["price_per_m3"]) == [16.67, 9.58]
        assert list(t["charge_per_person"]) == [25.0, 25.0]
        assert list(t["unit_cost"]) == [25.0, 25.0]

    def test_per_m3_tariff(self, passport_case):
        """Water metered at 12 som/m³: 1.5 × 12 = 18.00 som per person (standpipe), 2.61 × 12 = 31.32 (yard tap)."""
        services = passport_case.table("services").copy()
        services.loc[services["service_id"] == "water", "tariff_unit"] = "per_m3"
        metrics = passport_case.table("service_metrics").copy()
        metrics.loc[metrics["service_id"] == "water", "tariff_som"] = 12.0
        case = _with(_with(passport_case, "services", services), "service_metrics", metrics)
        t = run_stage(2, case).tables["tariff_norms"]
        assert list(t["price_per_m3"]) == [12.0, 12.0]
        assert list(t["charge_per_person"]) == [18.0, 31.32]

    def test_norm_parameter(self, passport_case):
        """A 40 l standpipe norm: 40 × 30 ÷ 1000 = 1.2 m³; 25 ÷ 1.2 = 20.83 som/m³."""
        result = run_stage(2, passport_case, norm_standpipe=40.0)
        assert result.values["monthly_m3_standpipe"] == 1.2
        assert result.values["tariff_price_standpipe"] == 20.83

    def test_reference_example(self, result):
        """Sary-Oi: 1.5 m³ × 14.43 = 21.645 → 21.65 som per person; 20 som ÷ 1.5 m³ = 13.33 som/m³."""
        v = result.values
        assert (v["ref_monthly_m3"], v["ref_charge"], v["ref_standpipe_price"]) == (1.5, 21.65, 13.33)


class TestCauses:
    """The cause matrix of listed problems and the problems the figures indicate."""

    def test_listed_matrix(self, result):
        """Water: participation, provider, money (3); waste: money; lighting: law; registry: none. 5 in all."""
        m = result.tables["cause_matrix"].set_index("service_id")[list(stage.CAUSES) + ["total"]]
        assert m.loc["water"].tolist() == [1, 0, 1, 1, 3]
        assert m.loc["waste"].tolist() == [0, 0, 0, 1, 1]
        assert m.loc["lighting"].tolist() == [0, 1, 0, 0, 1]
        assert m.loc["registry"].tolist() == [0, 0, 0, 0, 0]
        assert m.loc["all"].tolist() == [1, 1, 1, 2, 5]
        assert result.values["problems_listed"] == 5

    def test_evidence_stays_missing(self, result):
        """The waste problem has no evidence: it stays missing, not an empty string."""
        problems = result.tables["problems"]
        assert problems.loc[problems["service_id"] == "waste", "evidence"].isna().all()

    def test_indicated(self, result):
        """2025: water 72 % < 80 % (money), condition 2 ≤ 2 (provider), no standard (law); waste no standard
        (law), 5 of 10 complaints open = 50 % > 25 % (participation); registry condition 1 (provider).
        Water's 8 of 40 open (20 %) and lighting (standard, condition 3, recovery unknown) indicate nothing."""
        t = result.tables["indicated"]
        assert set(zip(t["service_id"], t["cause_group"])) == {
            ("water", "money"), ("water", "provider_capacity"), ("water", "law_capacity"),
            ("waste", "law_capacity"), ("waste", "participation"), ("registry", "provider_capacity")}
        values = t.set_index(["service_id", "cause_group"])
        assert values.loc[("water", "money"), "value"] == pytest.approx(0.72)
        assert values.loc[("waste", "participation"), "value"] == pytest.approx(0.5)
        assert values.loc[("waste", "participation"), "threshold"] == 0.25

    def test_listed_or_not(self, result):
        """Water's money and provider problems are also listed; the other 4 are not."""
        t = result.tables["indicated"]
        assert set(zip(t.loc[t["listed"], "service_id"], t.loc[t["listed"], "cause_group"])) == {
            ("water", "money"), ("water", "provider_capacity")}
        assert (result.values["problems_indicated"], result.values["indicated_not_listed"]) == (6, 4)

    def test_indicated_matrix(self, result):
        """All services: participation 1, law 2, provider 2, money 1: 6."""
        m = result.tables["indicated_matrix"].set_index("service_id")
        assert m.loc["all", list(stage.CAUSES) + ["total"]].tolist() == [1, 2, 2, 1, 6]

    def test_thresholds(self, passport_case):
        """recovery_min 70 %: 72 % passes; condition_max 1: water (2) passes, registry (1) not;
        unresolved_max 15 %: water's 20 % open complaints now indicate weak participation."""
        t = run_stage(2, passport_case, recovery_min=0.7, condition_max=1, unresolved_max=0.15).tables["indicated"]
        found = set(zip(t["service_id"], t["cause_group"]))
        assert ("water", "money") not in found and ("water", "provider_capacity") not in found
        assert ("registry", "provider_capacity") in found and ("water", "participation") in found


class TestExample:
    """The worked example of the lesson: the drinking-water service unless another is chosen."""

    def test_water(self, result):
        """Water 2025: 376 households (80 %), 25 som/m³, 72 % recovery, 90 % collection, 25 per 1,000, 80 %."""
        v = result.values
        assert v["example_service"] == "Drinking water"
        assert (v["ex_households_served"], v["ex_coverage_households"], v["ex_unit_cost"]) == pytest.approx((376, 0.8, 25))
        assert (v["ex_cost_recovery"], v["ex_collection_rate"]) == pytest.approx((0.72, 0.9))
        assert (v["ex_complaints_per_1000"], v["ex_resolved_share"], v["ex_villages_left_out"]) == pytest.approx((25, 0.8, 0))
        assert (v["tariff_price_standpipe"], v["tariff_price_yard_tap"]) == (16.67, 9.58)

    def test_chosen_service(self, passport_case):
        """service="waste": the example is waste, 2 villages left out, its recovery missing (None, not 0)."""
        v = run_stage(2, passport_case, service="waste").values
        assert (v["example_service"], v["ex_villages_left_out"], v["ex_cost_recovery"]) == ("Waste collection", 2, None)

    def test_unknown_service(self, passport_case):
        """An unknown service id gives a note and falls back to water."""
        result = run_stage(2, passport_case, service="gas")
        assert result.values["example_service"] == "Drinking water"
        assert any(n.params.get("service") == "gas" for n in result.notes)


@pytest.mark.parametrize("path", sorted(p for p in CASES.iterdir() if p.suffix == ".xlsx" or p.is_dir()),
                         ids=lambda p: p.name)
def test_bundled_cases_add_up(path):
    """Every bundled case: one passport per service, matrices that total their lists, shares within bounds."""
    case = load_case(path)
    result = run_stage(2, case)
    services = len(case.table("services"))
    assert len(result.tables["passports"]) == services
    assert len(result.tables["village_coverage"]) == services * len(case.table("villages"))
    listed = result.tables["cause_matrix"].set_index("service_id")
    assert listed.loc["all", "total"] == len(result.tables["problems"]) == len(case.table("problems"))
    indicated = result.tables["indicated_matrix"].set_index("service_id")
    assert indicated.loc["all", "total"] == len(result.tables["indicated"])
    coverage = result.tables["trend"]["coverage_households"].dropna()
    assert ((coverage >= 0) & (coverage <= 1)).all()


@pytest.fixture(scope="module")
def gaps():
    """Stage 2 of the bundled gaps case data/cases/ber-bash.xlsx."""
    return run_stage(2, load_case(CASES / "ber-bash.xlsx"))


class TestBerBash:
    """The gaps sample case: every gap is shown as missing and noted."""

    def test_missing_year(self, gaps):
        """Waste has no 2024 row: shown, unreported, NaN."""
        row = _row(gaps, "trend", "waste", 2024)
        assert not row["reported"] and math.isnan(row["households_served"])
        assert any(n.params.get("years") == "2024" for n in _notes(gaps, "waste"))

    def test_unknown_costs(self, gaps):
        """Roads' costs are blank every year: unit cost and recovery stay NaN; one note names the three years."""
        roads = gaps.tables["trend"][gaps.tables["trend"]["service_id"] == "roads"]
        assert roads["cost_som"].isna().all()
        (note,) = [n for n in _notes(gaps, "roads") if n.params.get("figure") == "Full cost"]
        assert note.params["years"] == "2023, 2024, 2025"

    def test_unknown_complaints(self, gaps):
        """Water's complaints are blank: per 1,000 and share resolved stay NaN and indicate nothing."""
        water = gaps.tables["trend"][gaps.tables["trend"]["service_id"] == "water"]
        assert water["complaints_per_1000"].isna().all() and water["resolved_share"].isna().all()
        assert not ((gaps.tables["indicated"]["service_id"] == "water")
                    & (gaps.tables["indicated"]["cause_group"] == "participation")).any()

    def test_collection_over_100(self, gaps):
        """Water 2025 collected 1,194,696 of 1,106,200 billed: 108 %, shown as it is, with a note."""
        assert _row(gaps, "trend", "water", 2025)["collection_rate"] == pytest.approx(1_194_696 / 1_106_200)
        assert any("collection rate" in n.message for n in _notes(gaps, "water"))

    def test_passport_shows_dashes(self, gaps):
        """The waste passport's 2024 column is all dashes, and its gaps box names the year."""
        html = view.passport(gaps, EN, "waste")
        assert "<th>2023</th><th>2024</th><th>2025</th>" in html
        rows = [re.findall(r"<td style='text-align:right'>([^<]*)</td>", r) for r in html.split("</tr>")]
        rows = [r for r in rows if len(r) == 3]
        assert len(rows) == 16  # every figure of a service with a tariff, billing and complaints
        assert all(r[1] == "–" for r in rows)
        assert all(r[0] != "–" and r[2] != "–" for r in rows)
        assert "no figures for 2024" in html


def test_saved_and_loaded(passport_case, tmp_path):
    """The saved result comes back with the same values, passports and matrices (what stage 4 reads)."""
    result = run_stage(2, passport_case, tmp_path)
    loaded = load_result(tmp_path, passport_case.id, 2)
    assert loaded.values == result.values
    for name in ("passports", "cause_matrix", "indicated", "tariff_norms"):
        pd.testing.assert_frame_equal(_plain(loaded.tables[name]), _plain(result.tables[name]), check_dtype=False)
    assert [n.text(EN) for n in loaded.notes] == [n.text(EN) for n in result.notes]


class TestViews:
    """What the reader sees, in English."""

    def test_overview(self, result):
        """Headers translated, water's 80 % coverage and 72 % recovery formatted, lighting's recovery a dash."""
        html = view.overview(result, EN).to_html()
        assert "Coverage of households" in html and "80.0%" in html and "72.0%" in html
        assert 'id="s02-overview"' in html

    def test_one_passport(self, result):
        """service="waste" shows one passport; "" shows all four."""
        one = view.passports(result, EN, "waste").data
        assert one.count("<section class='wb-passport'>") == 1 and "Passport: Waste collection" in one
        assert view.passports(result, EN).data.count("<section class='wb-passport'>") == 4

    def test_indicated_sentence(self, result):
        """The rule's sentence is built from the formatted figures."""
        html = view.indicated(result, EN).to_html()
        assert "Users paid 72.0% of the cost in 2025, below the threshold of 80.0%." in html
        assert "5" in html and "No service standard is approved." in html

    def test_left_out(self, result):
        """Upper and Lower are left out of waste collection."""
        html = view.left_out(result, EN).to_html()
        assert "Upper" in html and "Lower" in html and "Centre" not in html

    def test_charts(self, result):
        """The coverage and recovery charts are SVG."""
        assert view.coverage_chart(result, EN).svg().startswith("<?xml")
        assert view.recovery_chart(result, EN).svg().startswith("<?xml")

    def test_escapes(self, passport_case):
        """A service name with markup is shown as text in the passport."""
        services = passport_case.table("services").copy()
        services.loc[services["service_id"] == "water", "name"] = "<b>Water</b>"
        html = view.passports(run_stage(2, _with(passport_case, "services", services)), EN, "water").data
        assert "&lt;b&gt;Water&lt;/b&gt;" in html and "<b>Water</b>" not in html

    def test_widget(self, result):
        """The drop-down offers 'All services' and the 4 services, starts on water; a new choice re-renders."""
        box = view.passport_widget(result, EN)
        choice = box.children[0]
        assert [v for _, v in choice.options] == ["", "water", "waste", "lighting", "registry"]
        assert choice.value == "water"
        choice.value = "waste"  # runs the update; an error in the waste passport would raise here


class TestLessonAndNotebook:
    """The lesson's fields exist, and the notebook keeps the stage contract."""

    def test_lesson_fields_are_values(self, result):
        """Every {{field}} of the lesson is a result value with a format."""
        fields = set().union(*(lesson_fields(body) for _, body in lesson_blocks(LESSON.read_text("utf-8")).values()))
        assert fields and fields <= set(result.values) and fields <= set(stage.FORMATS)

    def test_notebook_contract(self):
        """Ids s02-NN, no outputs, parameters then setup, lesson blocks that exist, save last."""
        cells = json.loads(NOTEBOOK.read_text("utf-8"))["cells"]
        assert [c["id"] for c in cells] == [f"s02-{i:02d}" for i in range(len(cells))]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
        tags = [c["metadata"].get("tags", []) for c in cells]
        assert tags[0] == ["remove-cell"] and tags[1] == ["parameters"] and tags[2] == ["setup"]
        assert tags[-1] == ["save"] and ["widgets"] in tags
        assert "open_stage(2, case, lang, interactive, results)" in "".join(cells[2]["source"])
        called = re.findall(r'stage\.lesson\("(\w+)"\)', "".join("".join(c["source"]) for c in cells))
        assert set(called) == set(lesson_blocks(LESSON.read_text("utf-8")))
        for cell, cell_tags in zip(cells, tags):
            if "lesson" in cell_tags:
                assert cell["metadata"]["jupyter"]["source_hidden"] is True

    def test_parameters_repeat_the_defaults(self):
        """The parameters cell: the case, language and the stage's defaults (all but the passport year)."""
        source = "".join(json.loads(NOTEBOOK.read_text("utf-8"))["cells"][1]["source"])
        found = dict(re.findall(r"^(\w+): \w+ = (.+?)  #", source, re.MULTILINE))
        assert found["case"] == '"data/cases/ak-tash.xlsx"' and found["lang"] == '"ru"'
        for name, default in stage.DEFAULTS.items():
            if name != "year":
                assert eval(found[name]) == default, name  # noqa: S307 (our own notebook's literals)

    def test_no_strings_in_display_cells(self):
        """Display cells call views; the only literals are lesson block names."""
        cells = json.loads(NOTEBOOK.read_text("utf-8"))["cells"]
        for cell in cells[2:]:
            source = "".join(cell["source"])
            literals = re.findall(r'"([^"]*)"', source)
            assert all(re.fullmatch(r"\w+", s) for s in literals), source
