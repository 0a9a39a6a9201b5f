"""Stage 0 (profile and commission) against figures worked out by hand for tests/cases/hand_checked."""

from __future__ import annotations

import pytest

from workbook.stages import run_stage


@pytest.fixture(scope="module")
def result(hand_case):
    return run_stage(0, hand_case)


class TestPeople:
    """Population, households and their ratio."""

    def test_totals(self, result):
        """2000 people in 470 households in 3 villages on 50 km²."""
        v = result.values
        assert (v["population"], v["households"], v["villages"]) == (2000, 470, 3)
        assert v["household_size"] == pytest.approx(2000 / 470)
        assert v["density"] == pytest.approx(40.0)

    def test_village_shares(self, result):
        """Villages come largest first, with shares of 50, 30 and 20 %."""
        table = result.tables["villages"]
        assert list(table["name"]) == ["Centre", "Upper", "Lower"]
        assert list(table["population_share"]) == pytest.approx([0.5, 0.3, 0.2])
        assert table.loc[1, "household_size"] == pytest.approx(5.0)


class TestBudget:
    """Budget structure of the latest year (2025) and the trend."""

    def test_revenue_shares(self, result):
        """3 of 10 million is own revenue (30 %), 7 million grants (70 %), 5,000 som per person."""
        v = result.values
        assert v["budget_year"] == 2025
        assert v["revenue_total"] == 10_000_000
        assert v["own_share"] == pytest.approx(0.30)
        assert v["grant_share"] == pytest.approx(0.70)
        assert v["revenue_per_person"] == pytest.approx(5_000)

    def test_spending_on_services(self, result):
        """Water 1.5 and waste 0.5 million of 10 million spent: 20 % on services; water is 750 som per person."""
        assert result.values["service_spending_share"] == pytest.approx(0.20)
        spending = result.tables["spending"].set_index("item")
        assert spending.loc["Drinking water", "per_person_som"] == pytest.approx(750)

    def test_trend(self, result):
        """2024 had 9 million revenue of which 6.5 million grants (72.2 %)."""
        trend = result.tables["budget_trend"].set_index("year")
        assert trend.loc[2024, "total"] == 9_000_000
        assert trend.loc[2024, "grant_share"] == pytest.approx(6.5 / 9)

    def test_other_year(self, hand_case):
        """The budget year is a parameter."""
        assert run_stage(0, hand_case, budget_year=2024).values["own_share"] == pytest.approx(2.5 / 9)


class TestCommission:
    """The commission check against the norms."""

    def test_shares(self, result):
        """3 women of 10 (30 %), 6 non-officials (60 %), 2 of 3 villages."""
        v = result.values
        assert (v["members"], v["women"], v["citizens"], v["villages_covered"]) == (10, 3, 6, 2)
        assert v["villages_covered_share"] == pytest.approx(2 / 3)
        assert v["villages_missing"] == "Lower"

    def test_norms(self, result):
        """30 % women meets a 30 % norm exactly; the village norm (100 %) is not met and noted."""
        checks = result.tables["commission_checks"].set_index("check_id")["ok"]
        assert checks.to_dict() == {"women": True, "citizens": True, "villages": False}
        assert [n.params["check_id"] for n in result.notes] == ["villages"]

    def test_stricter_norm(self, hand_case):
        """A 40 % women norm fails for this commission."""
        result = run_stage(0, hand_case, women_min=0.4)
        assert not result.tables["commission_checks"].set_index("check_id").loc["women", "ok"]
