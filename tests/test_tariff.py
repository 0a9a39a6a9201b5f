"""Tariff arithmetic (workbook.methods.tariff) against figures worked out by hand and the Sary-Oi tariff."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbook.methods import tariff


class TestMonthlyVolume:
    """m³ per person per month = norm (l/day) × days ÷ 1,000."""

    @pytest.mark.parametrize("norm,days,expected", [(50, 30, 1.5), (87, 30, 2.61), (50, 31, 1.55), (100, 30, 3.0)])
    def test_volume(self, norm, days, expected):
        """50 × 30 ÷ 1000 = 1.5; 87 × 30 ÷ 1000 = 2.61; 50 × 31 ÷ 1000 = 1.55; 100 × 30 ÷ 1000 = 3."""
        assert tariff.monthly_volume_m3(norm, days) == expected

    @pytest.mark.parametrize("norm", [0, -5, None, math.nan])
    def test_bad_norm(self, norm):
        """A zero, negative or missing norm is an error, not a volume of 0."""
        with pytest.raises(ValueError):
            tariff.monthly_volume_m3(norm)


class TestSaryOi:
    """Sary-Oi aiyl kenesh, 2 March 2017: 14.43 som/m³; 20 som at a standpipe (50 l), 35 with a yard tap (87 l)."""

    def test_norm_charge_standpipe(self):
        """50 l × 30 days = 1.5 m³; 1.5 × 14.43 = 21.645 → 21.65 som per person per month (tyiyn, halves up)."""
        assert tariff.norm_charge(50, 14.43) == 21.65

    def test_float_rounding_would_be_wrong(self):
        """Binary floats make 1.5 × 14.43 = 21.6449…, which round() takes down: why the module uses decimals."""
        assert round(1.5 * 14.43, 2) == 21.64
        assert tariff.norm_charge(50, 14.43) != round(1.5 * 14.43, 2)

    def test_norm_charge_yard_tap(self):
        """87 l × 30 days = 2.61 m³; 2.61 × 14.43 = 37.6623 → 37.66 som per person per month."""
        assert tariff.norm_charge(87, 14.43) == 37.66

    def test_price_per_m3(self):
        """20 som ÷ 1.5 m³ = 13.333… → 13.33 som/m³; 35 ÷ 2.61 = 13.4099… → 13.41 som/m³."""
        assert tariff.price_per_m3(20, 50) == 13.33
        assert tariff.price_per_m3(35, 87) == 13.41

    def test_reference_constants(self):
        """The module's reference figures are the Sary-Oi ones of the brief, and its norms default to them."""
        ref = tariff.SARY_OI_2017
        assert (ref["tariff_per_m3"], ref["standpipe_charge"], ref["yard_tap_charge"]) == (14.43, 20.0, 35.0)
        assert tariff.NORMS == {"standpipe": ref["standpipe_norm"], "yard_tap": ref["yard_tap_norm"]} == \
            {"standpipe": 50.0, "yard_tap": 87.0}
        assert tariff.RECOVERY_GUIDANCE == (0.80, 0.90)

    def test_against_the_published_tariff(self, real_data):
        """The real Sary-Oi rows (../shared/data/real) hold the figures the module uses.

        Budget institutions 14.43 som per m³; standpipe households 20 som per person per month with a norm
        of 50 l; yard-tap households 35 som with a norm of 87 l. At those norms the per-person charges are
        worth 13.33 and 13.41 som per m³: both a little below the 14.43 som metered tariff.
        """
        rows = pd.read_csv(real_data / "kgz_municipal_tariffs_examples" / "kgz_municipal_tariffs_examples.csv")
        sary = rows[rows["municipality_en"].str.startswith("Sary-Oi") & (rows["service"] == "drinking_water")]
        by_group = sary.set_index("consumer_group")
        assert by_group.loc["budget institutions", "tariff_som"] == tariff.SARY_OI_2017["tariff_per_m3"]
        standpipe = by_group.loc["households using street standpipe"]
        yard = by_group.loc["households with yard tap"]
        assert (standpipe["tariff_som"], standpipe["unit"]) == (20.0, "som per person per month")
        assert (yard["tariff_som"], yard["unit"]) == (35.0, "som per person per month")
        assert "norm 50 l" in standpipe["note"] and "norm 87 l" in yard["note"]
        for charge, norm in ((standpipe["tariff_som"], 50), (yard["tariff_som"], 87)):
            assert tariff.price_per_m3(charge, norm) < by_group.loc["budget institutions", "tariff_som"]


class TestRounding:
    """Money is rounded to the tyiyn, halves up, from the decimal value written."""

    @pytest.mark.parametrize("amount,expected", [(21.645, 21.65), (2.675, 2.68), (0.005, 0.01), (10.0, 10.0),
                                                 (9.5785, 9.58), (16.6666, 16.67)])
    def test_round_tyiyn(self, amount, expected):
        """2.675 is 2.67499… in binary, yet rounds to 2.68 as written."""
        assert tariff.round_tyiyn(amount) == expected


class TestEquivalents:
    """A tariff as both a price per m³ and a charge per person per month."""

    def test_per_m3(self):
        """12 som/m³ at 50 l: 1.5 × 12 = 18 som per person per month; the price stays 12."""
        assert tariff.equivalents(12, "per_m3", 50) == (12.0, 18.0)

    def test_per_person(self):
        """25 som per person per month at 50 l: 25 ÷ 1.5 = 16.67 som/m³; at 87 l: 25 ÷ 2.61 = 9.58 som/m³."""
        assert tariff.equivalents(25, "per_person_month", 50) == (16.67, 25.0)
        assert tariff.equivalents(25, "per_person_month", 87) == (9.58, 25.0)

    def test_other_units(self):
        """A per-household or per-hectare tariff has no per-person norm to go through."""
        with pytest.raises(ValueError, match="per_m3, per_person_month"):
            tariff.equivalents(150, "per_household_month", 50)

    def test_missing_tariff(self):
        """A missing tariff has no equivalent (it is not a tariff of 0)."""
        with pytest.raises(ValueError, match="missing"):
            tariff.equivalents(math.nan, "per_m3", 50)
