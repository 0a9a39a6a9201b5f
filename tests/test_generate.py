"""The synthetic-case generator: valid cases, marked synthetic, calibrated on real public figures.

Calibration tests read ../shared/data/real and skip when it is absent.
"""

from __future__ import annotations

import pandas as pd
import pytest

from workbook.case import load_case
from workbook.case.generate import CHARACTERS, SAMPLES, Spec, generate, national_specs, write_case, write_samples
from workbook.i18n import translator

EN = translator("en")


def grant_share(tables, year):
    budget = tables["budget"]
    rows = budget[budget["year"] == year]
    revenue = rows[rows["category"].isin(["own_revenue", "equalization_grant", "other_grant"])]
    grants = revenue[revenue["category"] != "own_revenue"]["amount_som"].sum()
    return grants / revenue["amount_som"].sum()


@pytest.mark.parametrize("character", CHARACTERS)
def test_every_character_is_valid_and_synthetic(tmp_path, character):
    """Each character gives a case without errors, flagged synthetic; only the gaps case has warnings."""
    case = load_case(write_case(generate(Spec(character, 7)), tmp_path / "c.xlsx", "ru"))
    assert not case.errors, [p.describe(EN) for p in case.errors]
    assert case.synthetic
    assert bool(case.warnings) == (character == "gaps")


def test_same_seed_same_case():
    """The generator is reproducible."""
    a, b = generate(Spec("valley", 42)), generate(Spec("valley", 42))
    for table_id in a:
        pd.testing.assert_frame_equal(a[table_id], b[table_id])


def test_bundled_samples_are_current(tmp_path):
    """data/cases holds exactly what `workbook generate --samples` writes (regenerate when the generator changes)."""
    from tests.conftest import CASES

    for path in write_samples(tmp_path):
        bundled = load_case(CASES / path.name)
        fresh = load_case(path)
        assert bundled.tables.keys() == fresh.tables.keys()
        for table_id in fresh.tables:
            pd.testing.assert_frame_equal(bundled.tables[table_id], fresh.tables[table_id], check_dtype=False)
    assert {p.name for p in CASES.iterdir()} == set(SAMPLES)


def test_sample_characters():
    """The six samples differ as promised: sizes, a city, a DWUA, metered water, gaps."""
    from tests.conftest import CASES

    cases = {name: load_case(CASES / name) for name in SAMPLES}
    people = {n: c.tables["villages"]["population"].sum() for n, c in cases.items()}
    assert len(cases["ak-tash.xlsx"].tables["villages"]) == 3
    assert len(cases["jany-jol.xlsx"].tables["villages"]) >= 10 and 38_000 <= people["jany-jol.xlsx"] <= 42_000
    assert cases["kok-jar-city.xlsx"].profile["kind"] == "city_oblast"
    water = {n: c.tables["services"].set_index("service_id").loc["water"] for n, c in cases.items()}
    assert water["taza-bulak"]["delivery_mode"] == "community"
    assert water["orto-say.xlsx"]["tariff_unit"] == "per_m3"
    assert cases["ber-bash.xlsx"].warnings and not cases["ber-bash.xlsx"].errors


class TestCalibration:
    """Generated figures sit within the ranges of real municipalities."""

    def test_national_population(self, real_data):
        """264 municipalities hold the country's population (NSC 2026: 7,404,329) within 10 %."""
        nsc = pd.read_csv(real_data / "kgz_population_oblast_nsc" / "kgz_population_oblast_nsc.csv")
        national = nsc[(nsc["soate_code"] == 41700000000000) & (nsc["year_start_of"] == 2026)]["population"].item()
        specs = national_specs(264)
        assert sum(s.population for s in specs) == pytest.approx(national, rel=0.10)
        assert sum(s.character == "city" for s in specs) == 33  # 2 republican + 31 others, as after the reform

    def test_grant_share_of_aiyl_aimaks(self, real_data):
        """Aiyl aimak grant shares fall in the range of real Naryn budgets (60–70 %) widened by 5 points."""
        real = pd.read_csv(real_data / "kgz_local_budget_examples" / "kgz_local_budget_examples.csv")
        wide = real.pivot_table(index=["municipality_en", "budget_year"], columns="item",
                                values="amount_thousand_som", aggfunc="sum")
        wide = wide.dropna(subset=["equalization_grant", "own_local_revenues"])
        shares = wide["equalization_grant"] / (wide["equalization_grant"] + wide["own_local_revenues"])
        low, high = shares.min() - 0.05, shares.max() + 0.05
        for seed in range(12):
            tables = generate(Spec("valley" if seed % 2 else "mountain", seed))
            year = tables["profile"]["reference_year"].item()
            assert low <= grant_share(tables, year) <= high

    def test_budget_size(self):
        """Aiyl okmotu budgets of 5–75 million som (methodology brief §4)."""
        for seed, character in enumerate(["mountain", "valley", "dwua", "metered"] * 3):
            tables = generate(Spec(character, seed))
            year = tables["profile"]["reference_year"].item()
            budget = tables["budget"]
            revenue = budget[(budget["year"] == year) & ~budget["category"].str.startswith("expense")]
            assert 5e6 <= revenue["amount_som"].sum() <= 75e6, character

    def test_water_tariffs(self, real_data):
        """Per-person water tariffs within rural real ones; per-m³ within real metered ones."""
        real = pd.read_csv(real_data / "kgz_municipal_tariffs_examples" / "kgz_municipal_tariffs_examples.csv")
        water = real[real["service"] == "drinking_water"]
        rural = water[water["municipality_en"].str.contains("aiyl aimak") & (water["unit"] == "som per person per month")]
        per_m3 = water[(water["unit"] == "som per m3") & ~water["consumer_group"].str.contains("other|organisations")]
        for seed in range(10):
            for character in ("mountain", "metered", "city"):
                tables = generate(Spec(character, seed))
                unit = tables["services"].set_index("service_id").loc["water", "tariff_unit"]
                tariffs = tables["service_metrics"].query("service_id == 'water'")["tariff_som"]
                reference = per_m3 if unit == "per_m3" else rural
                assert tariffs.between(reference["tariff_som"].min(), reference["tariff_som"].max()).all(), \
                    (character, unit, list(tariffs))

    def test_names_from_a_soate_list(self, real_data):
        """With the SOATE list, cases carry real codes, names and village names."""
        units = pd.read_csv(real_data / "kgz_soate_units_pre_reform" / "kgz_soate_units_pre_reform.csv",
                            dtype={"soate_code": str})
        specs = national_specs(20, municipalities=units)
        known = set(units["soate_code"]) | {"41711000000000", "41721000000000"}
        assert all(s.soate_code in known for s in specs)
        assert any(s.village_names for s in specs)
