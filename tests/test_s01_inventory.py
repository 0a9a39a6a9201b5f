"""Stage 1 (service inventory) against figures counted by hand.

Three cases: tests/cases/inventory (nine services, every delivery mode, every gap), the hand-checked
case (four services) and the bundled data/cases/ak-tash.xlsx (ten services, counted from its sheet).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from workbook.case import load_case
from workbook.i18n import translator
from workbook.i18n.catalogs import lesson_blocks, lesson_fields
from workbook.results import load_result
from workbook.stages import run_stage
from workbook.stages import s01_inventory as stage
from workbook.views import s01_inventory as view

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "data" / "cases"
TEST_CASES = ROOT / "tests" / "cases"
NOTEBOOK = ROOT / "notebooks" / "01_inventory.ipynb"
LESSON = ROOT / "workbook" / "lessons" / "01_inventory.md"


@pytest.fixture(scope="module")
def inventory_case():
    """Nine services: 5 municipal, 2 economic-production, 2 delegated; see tests/cases/inventory/services.csv."""
    case = load_case(TEST_CASES / "inventory")
    assert not case.errors
    return case


@pytest.fixture(scope="module")
def result(inventory_case):
    return run_stage(1, inventory_case)


def own_notes(result):
    """The notes stage 1 made itself (not the note that stage 0 was computed with defaults)."""
    return [n for n in result.notes if n.table == "services"]


class TestRegistry:
    """The registry table: order, numbering, blanks."""

    def test_order(self, result):
        """Grouped by type in the Strategy's order (municipal, economic-production, delegated), then as listed."""
        registry = result.tables["registry"]
        assert list(registry["service_id"]) == ["waste", "roads", "lighting", "cemetery", "culture",
                                                "water", "irrigation", "social", "registry"]
        assert list(registry["no"]) == list(range(1, 10))

    def test_blanks_stay_missing(self, result):
        """A blank provider (lighting) and a blank legal basis (cemetery, only spaces) stay missing."""
        registry = result.tables["registry"].set_index("service_id")
        assert pd.isna(registry.loc["lighting", "provider"])
        assert pd.isna(registry.loc["cemetery", "legal_basis"])
        assert registry.loc["cemetery", "provider"] == "Village elders"

    def test_gaps_per_service(self, result):
        """Cemetery has all four gaps; water and waste none; registry (civil) two: no standard, not in SEDP."""
        gaps = result.tables["registry"].set_index("service_id")["gaps"]
        assert (gaps["cemetery"], gaps["water"], gaps["waste"], gaps["registry"]) == (4, 0, 0, 2)


class TestCounts:
    """Counts and shares by type, by delivery mode and by both."""

    def test_by_type(self, result):
        """9 services: municipal 5 (5/9 = 55.6 %), economic-production 2 (22.2 %), delegated 2 (22.2 %)."""
        v = result.values
        assert v["services"] == 9
        assert (v["type_municipal"], v["type_local_economic"], v["type_delegated"]) == (5, 2, 2)
        assert v["type_municipal_share"] == pytest.approx(5 / 9)
        assert list(result.tables["by_type"]["share"]) == pytest.approx([5 / 9, 2 / 9, 2 / 9])

    def test_by_mode(self, result):
        """direct 3 (lighting, social, registry), enterprise 1, contractor 1, community 2, inter-municipal 1, none 1."""
        counts = result.tables["by_mode"].set_index("delivery_mode")["services"].to_dict()
        assert counts == {"direct": 3, "municipal_enterprise": 1, "private_contractor": 1, "community": 2,
                          "inter_municipal": 1, "none": 1}
        assert result.values["mode_community_share"] == pytest.approx(2 / 9)

    def test_organised(self, result):
        """Organised by the LSG, delivered by others: 1 + 1 + 2 + 1 = 5 of 9 (55.6 %); 3 direct + 5 + 1 none = 9."""
        v = result.values
        assert v["organised"] == 5
        assert v["organised_share"] == pytest.approx(5 / 9)
        assert v["mode_direct"] + v["organised"] + v["mode_none"] == v["services"]

    def test_example(self, result):
        """The first organised service in registry order is waste collection, by contractor IP Taza."""
        v = result.values
        assert (v["example_service"], v["example_provider"], v["example_mode"]) == (
            "Waste collection", "IP Taza", "private_contractor")

    def test_cross_table(self, result):
        """Municipal: contractor 1, enterprise 1, direct 1, inter-municipal 1, none 1; the 2 delegated are direct."""
        cross = result.tables["type_mode"].set_index("delivery_mode")
        assert cross.loc["direct"].to_dict() == {"municipal": 1, "local_economic": 0, "delegated": 2, "total": 3}
        assert cross.loc["community"].to_dict() == {"municipal": 0, "local_economic": 2, "delegated": 0, "total": 2}
        assert cross.loc["all"].to_dict() == {"municipal": 5, "local_economic": 2, "delegated": 2, "total": 9}


class TestGaps:
    """The four gaps and the notes about the two that block the register."""

    def test_counts(self, result):
        """No provider 2 (lighting: blank; cemetery: mode none), no legal basis 2, no standard 5, not in SEDP 4."""
        gaps = result.tables["gaps"].set_index("gap_id")
        assert gaps["services"].to_dict() == {"no_provider": 2, "no_legal_basis": 2, "no_standard": 5, "not_in_sedp": 4}
        assert gaps.loc["no_provider", "names"] == "Street lighting, Cemetery"
        assert gaps.loc["no_legal_basis", "names"] == "Cemetery, Irrigation water"
        assert result.values["no_standard_share"] == pytest.approx(5 / 9)

    def test_with_gaps(self, result):
        """Gap-free: water, waste, social = 3 (33.3 %); the other 6 have at least one gap (66.7 %)."""
        v = result.values
        assert (v["with_gaps"], v["complete"]) == (6, 3)
        assert v["with_gaps_share"] == pytest.approx(6 / 9)

    def test_notes(self, result):
        """One note names the services with no provider, one those with no legal basis."""
        notes = own_notes(result)
        assert [n.params["gap_id"] for n in notes] == ["no_provider", "no_legal_basis"]
        assert notes[1].text(translator("en")).startswith("No legal basis is recorded for: Cemetery, Irrigation water.")


class TestRegister:
    """The draft additional register for the council."""

    def test_rows(self, result):
        """Municipal (5) and economic-production (2) services, numbered 1–7; the 2 delegated are left out."""
        register = result.tables["register"]
        assert result.values["register_services"] == 7
        assert list(register["no"]) == list(range(1, 8))
        assert list(register["service_id"]) == ["waste", "roads", "lighting", "cemetery", "culture", "water",
                                                "irrigation"]
        assert "delegated" not in set(register["type"])


class TestSelect:
    """Tests for ``select``, the filter behind the widget."""

    def test_by_type(self, result):
        """Delegated: social and registry."""
        assert list(stage.select(result.tables["registry"], "delegated")["service_id"]) == ["social", "registry"]

    def test_by_type_and_mode(self, result):
        """Municipal and direct: only lighting; no type and no mode: all 9."""
        registry = result.tables["registry"]
        assert list(stage.select(registry, "municipal", "direct")["service_id"]) == ["lighting"]
        assert len(stage.select(registry)) == 9

    def test_nothing_matches(self, result):
        """No delegated service is delivered by a community."""
        assert stage.select(result.tables["registry"], "delegated", "community").empty


class TestHandChecked:
    """The four services of tests/cases/hand_checked (also used by stage 0)."""

    def test_counts(self, hand_case):
        """Municipal 2 (waste, lighting), economic-production 1 (water), delegated 1; direct 2, community 1, none 1."""
        v = run_stage(1, hand_case).values
        assert (v["services"], v["type_municipal"], v["type_local_economic"], v["type_delegated"]) == (4, 2, 1, 1)
        assert (v["mode_direct"], v["mode_community"], v["mode_none"], v["mode_private_contractor"]) == (2, 1, 1, 0)
        assert v["organised_share"] == pytest.approx(1 / 4)

    def test_gaps(self, hand_case):
        """Waste has no provider and no legal basis; water and waste no standard; waste and registry not in SEDP."""
        result = run_stage(1, hand_case)
        v = result.values
        assert (v["no_provider"], v["no_legal_basis"], v["no_standard"], v["not_in_sedp"]) == (1, 1, 2, 2)
        assert (v["with_gaps"], v["complete"], v["register_services"]) == (3, 1, 3)
        assert v["example_service"] == "Drinking water"


@pytest.fixture(scope="module")
def values():
    """Stage 1 values of the bundled case data/cases/ak-tash.xlsx."""
    return run_stage(1, load_case(CASES / "ak-tash.xlsx")).values


class TestAkTash:
    """data/cases/ak-tash.xlsx, counted from its Services sheet by hand (10 rows)."""

    def test_types(self, values):
        """Municipal 6 (waste, lighting, roads, culture, kindergarten, certificates), water and irrigation 2,
        delegated 2 (registry, social): 60 %, 20 %, 20 %."""
        assert (values["services"], values["type_municipal"], values["type_local_economic"],
                values["type_delegated"]) == (10, 6, 2, 2)
        assert values["type_municipal_share"] == pytest.approx(0.6)

    def test_modes(self, values):
        """Direct 7; contractor 2 (waste, roads); community 1 (irrigation): organised 3 of 10 = 30 %."""
        assert (values["mode_direct"], values["mode_private_contractor"], values["mode_community"],
                values["mode_none"]) == (7, 2, 1, 0)
        assert values["organised_share"] == pytest.approx(0.3)

    def test_gaps(self, values):
        """Every provider named; lighting has no legal basis; only culture and kindergarten have a standard
        (8 without); culture, kindergarten, certificates, registry not in the SEDP (4); every service has a gap."""
        assert (values["no_provider"], values["no_legal_basis"], values["no_standard"], values["not_in_sedp"]) == (0, 1, 8, 4)
        assert (values["with_gaps"], values["complete"], values["register_services"]) == (10, 0, 8)


@pytest.mark.parametrize("path", sorted(p for p in CASES.iterdir() if p.suffix == ".xlsx" or p.is_dir()),
                         ids=lambda p: p.name)
def test_bundled_cases_add_up(path):
    """For every bundled case the parts add up: types, modes and the cross-table all total the services."""
    result = run_stage(1, load_case(path))
    v, total = result.values, result.values["services"]
    assert sum(v[f"type_{t}"] for t in stage.TYPES) == total
    assert v["mode_direct"] + v["organised"] + v["mode_none"] == total
    cross = result.tables["type_mode"].set_index("delivery_mode")
    assert list(cross.loc["all", list(stage.TYPES)]) == list(result.tables["by_type"]["services"])
    assert list(cross.loc[list(stage.MODES), "total"]) == list(result.tables["by_mode"]["services"])
    assert v["register_services"] == v["type_municipal"] + v["type_local_economic"]


def test_no_services(inventory_case):
    """An empty services sheet gives zero services, missing shares (not 0 %) and a note."""
    empty = dataclasses.replace(inventory_case,
                                tables={**inventory_case.tables, "services": inventory_case.table("services").iloc[0:0]})
    result = stage.compute(empty, {})
    assert result.values["services"] == 0
    assert result.values["type_municipal_share"] is None
    assert result.values["example_service"] is None
    assert [n.message for n in result.notes] == ["No services are listed: the registry is empty."]


def test_saved_and_loaded(inventory_case, tmp_path):
    """The saved result comes back with the same values and registry (what stage 2 reads)."""
    result = run_stage(1, inventory_case, tmp_path)
    loaded = load_result(tmp_path, inventory_case.id, 1)
    assert loaded.values == result.values
    pd.testing.assert_frame_equal(loaded.tables["registry"], result.tables["registry"], check_dtype=False)


class TestViews:
    """What the reader sees, in English."""

    def test_cross_table_html(self, result):
        """Translated headers and the total row."""
        html = view.type_mode(result, translator("en")).to_html()
        assert "All delivery modes" in html and "delegated state power" in html
        assert 'id="s01-type_mode"' in html

    def test_registry_escapes(self, inventory_case):
        """A provider name with markup is shown as text."""
        services = inventory_case.table("services").copy()
        services.loc[services["service_id"] == "water", "provider"] = "<b>DWUA</b>"
        case = dataclasses.replace(inventory_case, tables={**inventory_case.tables, "services": services})
        html = view.registry(stage.compute(case, {}), translator("en")).to_html()
        assert "&lt;b&gt;DWUA&lt;/b&gt;" in html and "<b>DWUA</b>" not in html

    def test_widget_options(self, result):
        """The widget offers 'All' plus the 3 types and 'All' plus the 6 modes; choosing one filters without error."""
        box = view.registry_widget(result, translator("en"))
        kind, mode = box.children[:2]
        assert (len(kind.options), len(mode.options)) == (4, 7)
        kind.value = "delegated"


class TestLessonAndNotebook:
    """The lesson's fields exist, and the notebook keeps the stage contract."""

    def test_lesson_fields_are_values(self, result):
        """Every {{field}} of the lesson is a result value with a format."""
        fields = set().union(*(lesson_fields(body) for _, body in lesson_blocks(LESSON.read_text("utf-8")).values()))
        assert fields and fields <= set(result.values) and fields <= set(stage.FORMATS)

    def test_notebook_contract(self):
        """Ids s01-NN, no outputs, parameters then setup, lesson blocks that exist, save last."""
        nb = json.loads(NOTEBOOK.read_text("utf-8"))
        cells = nb["cells"]
        assert [c["id"] for c in cells] == [f"s01-{i:02d}" for i in range(len(cells))]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
        tags = [c["metadata"].get("tags", []) for c in cells]
        assert tags[0] == ["remove-cell"] and tags[1] == ["parameters"] and tags[2] == ["setup"]
        assert tags[-1] == ["save"] and ["widgets"] in tags
        params = "".join(cells[1]["source"])
        assert 'case: str = "data/cases/ak-tash.xlsx"' in params and 'lang: str = "ru"' in params
        assert "open_stage(1, case, lang, interactive, results)" in "".join(cells[2]["source"])
        called = re.findall(r'stage\.lesson\("(\w+)"\)', "".join("".join(c["source"]) for c in cells))
        assert set(called) == set(lesson_blocks(LESSON.read_text("utf-8")))
        for cell, cell_tags in zip(cells, tags):
            if "lesson" in cell_tags:
                assert cell["metadata"]["jupyter"]["source_hidden"] is True
