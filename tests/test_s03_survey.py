"""Stage 3 (citizen survey) against figures worked out by hand for tests/cases/survey.

The case: villages Centre (1000 people, 250 households), Upper (600, 120), Lower (400, 100); adults
female 18–29 300, female 60+ 360, male 18–29 300, male 60+ 240 (1200 in all). Twelve respondents, one
in each village × group cell (R01–R04 in Centre, R05–R08 Upper, R09–R12 Lower, each village in the
order F18, F60, M18, M60).

Village adults = 1200 × population share = 600, 360, 240. The sample is the same in every village
(one per group), so raking converges in one round and each weight is
w = village adults × group adults ÷ 1200:

    Centre 150 180 150 120 · Upper 90 108 90 72 · Lower 60 72 60 48   (Σw = 1200)

Σw² = (600² + 360² + 240²)(300² + 360² + 300² + 240²) ÷ 1200² = 547,200 × 367,200 ÷ 1,440,000 = 139,536.
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from workbook.case import load_case
from workbook.errors import ParameterError
from workbook.i18n import translator
from workbook.results import StageResult
from workbook.stages import run_stage

from .conftest import CASES, TEST_CASES

Z = 1.959963984540054
WEIGHTS = [150, 180, 150, 120, 90, 108, 90, 72, 60, 72, 60, 48]
PARAMS = {"min_cell": 5, "price_ladder": [50, 100, 150, 200]}


def moe(p, n_eff):
    return Z * math.sqrt(p * (1 - p) / n_eff)


@pytest.fixture(scope="module")
def survey_case():
    case = load_case(TEST_CASES / "survey")
    assert not case.errors
    return case


@pytest.fixture(scope="module")
def result(survey_case):
    return run_stage(3, survey_case, **PARAMS)


def rows(frame, key="service_id"):
    return frame.set_index(key)


class TestDesign:
    """Sample size and its split across villages (N = 470 households)."""

    def test_sample_size(self, result):
        """n₀ = 1.96² × 0.25 ÷ 0.05² = 384.15; n = 384.15 ÷ (1 + 383.15/470) = 211.63 → 212."""
        v = result.values
        assert v["households"] == 470
        assert v["n0"] == pytest.approx(384.146, abs=1e-3)
        assert (v["sample_n"], v["sample_total"]) == (212, 212)

    def test_allocation(self, result):
        """212 × 250/470 = 112.77, × 120/470 = 54.13, × 100/470 = 45.11 → 113, 54, 45 (largest remainder)."""
        table = rows(result.tables["allocation"], "village_id")
        assert table["planned"].to_dict() == {"V1": 113, "V2": 54, "V3": 45}
        assert table.loc["V1", "quota"] == pytest.approx(212 * 250 / 470)

    def test_minimum_per_village(self, survey_case):
        """Minimum 50: Lower gets 50, the other 162 split 250:120 → 109.46, 52.54 → 109 and 53."""
        result = run_stage(3, survey_case, min_per_village=50, **PARAMS)
        assert result.tables["allocation"]["planned"].tolist() == [109, 53, 50]

    def test_wider_margin(self, survey_case):
        """e = 8 %: n₀ = 3.8415 × 0.25 ÷ 0.0064 = 150.06, n = 150.06 ÷ (1 + 149.06/470) = 113.9 → 114."""
        assert run_stage(3, survey_case, margin=0.08, **PARAMS).values["sample_n"] == 114


class TestQuestionnaire:
    """The questionnaire built from the services."""

    def test_service_grid_and_numbers(self, result):
        """Four services × three service questions (Q1–Q3), priorities Q4, WTP Q5, coping Q6–Q8, household Q9–Q13."""
        q = result.tables["questionnaire"]
        grid = q[q["section"] == "services"]
        assert len(grid) == 12 and sorted(set(grid["number"])) == [1, 2, 3]
        assert q["number"].max() == 13

    def test_wtp_asked_for_paid_services(self, result):
        """Only water has a unit of tariff (and WTP answers): the payment question covers it alone."""
        q = result.tables["questionnaire"]
        assert q.loc[q["section"] == "payment", "service_id"].tolist() == ["water"]

    def test_questions_are_translated(self, result):
        """Every question is a message: the Russian catalog is consulted, the English text is the fallback."""
        tr = translator("ru")
        assert all(isinstance(tr(text), str) and tr(text) for text in result.tables["questionnaire"]["question"])


class TestWeights:
    """Raking to village adults and to adults by sex and age."""

    def test_weights(self, result):
        """w = village adults × group adults ÷ 1200 (see the module docstring)."""
        assert result.tables["weights"]["weight"].tolist() == pytest.approx(WEIGHTS)

    def test_kish(self, result):
        """n_eff = 1200² ÷ 139,536 = 10.320; design effect 12 ÷ 10.320 = 1.1628; largest ÷ smallest 180/48 = 3.75;
        overall margin 1.96 × √(0.25 ÷ 10.320) = 0.3051."""
        v = result.values
        assert v["n_eff"] == pytest.approx(1_440_000 / 139_536)
        assert v["design_effect"] == pytest.approx(12 * 139_536 / 1_440_000)
        assert v["weight_ratio"] == pytest.approx(3.75)
        assert v["moe_overall"] == pytest.approx(moe(0.5, 1_440_000 / 139_536))

    def test_weighted_shares_match_the_population(self, result):
        """The sample is 25 % in each group; weighted it is 25, 30, 25, 20 % like the adults."""
        cells = result.tables["weight_cells"]
        assert cells["sample_share"].tolist() == pytest.approx([0.25] * 4)
        assert cells["weighted_share"].tolist() == pytest.approx([0.25, 0.30, 0.25, 0.20])
        assert cells["mean_weight"].tolist() == pytest.approx([100, 120, 100, 80])
        villages = rows(result.tables["weight_villages"], "village_id")
        assert villages["weighted_share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
        assert result.values["women_population_share"] == pytest.approx(660 / 1200)

    def test_villages_only_without_population_groups(self, tmp_path):
        """Without the adult table the weights follow the villages alone: 2000 people × share ÷ 4 respondents
        = 250 (Centre), 150 (Upper), 100 (Lower), and a note says so."""
        folder = tmp_path / "survey"
        shutil.copytree(TEST_CASES / "survey", folder)
        (folder / "population_groups.csv").unlink()
        result = run_stage(3, load_case(folder), **PARAMS)
        assert result.tables["weights"]["weight"].tolist() == pytest.approx([250] * 4 + [150] * 4 + [100] * 4)
        assert any("not weighted by sex and age" in n.message for n in result.notes)


class TestSatisfaction:
    """Satisfaction per service, weighted."""

    def test_water(self, result):
        """Water users: everyone but R12 (Σw = 1152, Σw² = 139,536 − 48² = 137,232, n_eff = 1152² ÷ 137,232 = 9.6705).

        Σw·score = 150·2 + 180·1 + 150·4 + 120·2 + 90·5 + 108·3 + 90·4 + 72·2 + 60·1 + 72·2 + 60·5 = 3102:
        mean 3102/1152 = 2.6927, index (2.6927 − 1)/4 × 100 = 42.32. Satisfied (4 or 5): R03 150, R05 90,
        R07 90, R11 60 = 390 → 390/1152 = 33.9 % ± 1.96 × √(0.3385 × 0.6615 ÷ 9.6705) = 29.8 %.
        Use: 1152/1200 = 96 %. Importance: 5 × 1200 − (150 + 90 + 2 × 60) = 5640 → 4.70.
        """
        water = rows(result.tables["satisfaction"]).loc["water"]
        n_eff = 1152 ** 2 / 137_232
        assert water["n"] == 11 and water["n_eff"] == pytest.approx(n_eff)
        assert water["mean"] == pytest.approx(3102 / 1152)
        assert water["index"] == pytest.approx((3102 / 1152 - 1) / 4 * 100)
        assert water["top2"] == pytest.approx(390 / 1152)
        assert water["top2_moe"] == pytest.approx(moe(390 / 1152, n_eff))
        assert water["use_share"] == pytest.approx(0.96)
        assert water["importance"] == pytest.approx(4.7)

    def test_waste_and_distribution(self, result):
        """Waste users R01 4, R02 5, R03 3, R05 4, R06 2 (Σw 678): mean (600 + 900 + 450 + 360 + 216)/678
        = 2526/678 = 3.7257; share of 2s 108/678, of 5s 180/678."""
        waste = rows(result.tables["satisfaction"]).loc["waste"]
        assert waste["mean"] == pytest.approx(2526 / 678)
        assert (waste["d1"], waste["d2"], waste["d5"]) == (0, pytest.approx(108 / 678), pytest.approx(180 / 678))

    def test_unrated_service_stays_missing(self, result):
        """Nobody rated civil registration: no figures, never zeros."""
        registry = rows(result.tables["satisfaction"]).loc["registry"]
        assert registry["n"] == 0 and np.isnan(registry["mean"]) and np.isnan(registry["top2"])

    def test_example_values(self, result):
        """The lesson's example is the most rated service: street lighting, 12 users; 8 of 12 unweighted
        are satisfied (66.7 %), weighted (600 + 360)/1200 = 80 %."""
        v = result.values
        assert v["example_service"] == "Street lighting"
        assert v["example_top2_unweighted"] == pytest.approx(8 / 12)
        assert v["example_top2"] == pytest.approx(0.8)
        assert (v["lowest_service"], v["highest_service"]) == ("Drinking water", "Street lighting")


class TestBreakdown:
    """Satisfaction within groups, and the suppression of small cells."""

    def by(self, result, dimension, group, service="water"):
        t = result.tables["satisfaction_by"]
        return t[(t["dimension"] == dimension) & (t["group"] == group) & (t["service_id"] == service)].iloc[0]

    def test_by_sex(self, result):
        """Women using water: R01, R02, R05, R06, R09, R10 (Σw 660): mean (300 + 180 + 450 + 324 + 60 + 144)/660
        = 1458/660 = 2.209; satisfied R05 90/660 = 13.6 %. Men: R03, R04, R07, R08, R11 (Σw 492):
        mean 1644/492 = 3.341; satisfied (150 + 90 + 60)/492 = 61.0 %."""
        women, men = self.by(result, "sex", "female"), self.by(result, "sex", "male")
        assert women["mean"] == pytest.approx(1458 / 660) and women["top2"] == pytest.approx(90 / 660)
        assert men["mean"] == pytest.approx(1644 / 492) and men["top2"] == pytest.approx(300 / 492)

    def test_small_cells_are_suppressed(self, result):
        """Each village has 4 water users (3 in Lower) and the vulnerable 3: below min_cell = 5, so no figures."""
        for dimension, group in (("village_id", "V1"), ("village_id", "V3"), ("vulnerable", "yes")):
            cell = self.by(result, dimension, group)
            assert cell["suppressed"] and np.isnan(cell["mean"]) and np.isnan(cell["top2"])
        assert self.by(result, "vulnerable", "no")["n"] == 8

    def test_suppression_threshold(self, survey_case):
        """Waste has 5 users: shown at min_cell 5, suppressed at 6, and the note counts the suppressed figures."""
        strict = run_stage(3, survey_case, min_cell=6, price_ladder=[50, 100, 150, 200])
        waste = rows(strict.tables["satisfaction"]).loc["waste"]
        assert waste["suppressed"] and np.isnan(waste["mean"])
        note = next(n for n in strict.notes if n.message.startswith("Figures based on fewer than"))
        assert note.params["n"] == 6
        assert "fewer than 6 respondents" in note.text(translator("en"))

    def test_suppressed_count(self, result):
        """At min_cell 5, cells with 1–4 users: villages 8 (Centre water 4, waste 3, lighting 4; Upper 4, 2, 4;
        Lower water 3, lighting 4), sex 2 (waste: women 4, men 1), age 2 (waste 3 and 2), vulnerable 4
        (yes: water 3, waste 2, lighting 4; no: waste 3), and the 4 water buyers' spend: 17. Cells nobody
        answered (civil registration, waste in Lower) are missing data, not counted."""
        note = next(n for n in result.notes if n.message.startswith("Figures based on fewer than"))
        assert note.params == {"n": 5, "count": 17}


class TestPriority:
    """Priority points 3/2/1, weighted and averaged over the 12 respondents (Σw 1200)."""

    def test_points_and_score(self, result):
        """Water: 3·150 + 3·180 + 2·150 + 3·120 + 3·90 + 2·108 + 3·90 + 2·72 + 3·60 + 3·72 + 2·60 = 3066
        → 2.555 points, score 2.555/3 × 100 = 85.17. Waste 300 + 450 + 90 + 108 + 180 + 144 = 1272 → 1.06;
        lighting 150 + 360 + 324 + 144 + 180 = 1158 → 0.965; registry 180 + 216 = 396 → 0.33."""
        table = rows(result.tables["priority"])
        assert table["points"].to_dict() == pytest.approx({"water": 2.555, "waste": 1.06, "lighting": 0.965,
                                                           "registry": 0.33})
        assert table.loc["water", "score"] == pytest.approx(2.555 / 3 * 100)
        assert table["rank"].to_dict() == {"water": 1, "waste": 2, "lighting": 3, "registry": 4}

    def test_named_first(self, result):
        """Water named first by R01, R02, R04, R05, R07, R09, R10: 150 + 180 + 120 + 90 + 90 + 60 + 72 = 762
        → 63.5 % ± 1.96 × √(0.635 × 0.365 ÷ 10.320)."""
        water = rows(result.tables["priority"]).loc["water"]
        assert water["first_share"] == pytest.approx(0.635)
        assert water["first_moe"] == pytest.approx(moe(0.635, 1_440_000 / 139_536))
        assert result.values["top_priority"] == "Drinking water"


class TestWillingnessToPay:
    """The willingness-to-pay curve for water (12 answers, Σw 1200)."""

    def test_curve(self, result):
        """At least 50: all but R04, R09, R12 → 1200 − 228 = 972 → 81 %; at least 100: R01, R03, R05, R06,
        R07, R11 → 648 → 54 %; at least 150: R03, R05, R07 → 330 → 27.5 %; at least 200: R03, R07 → 240 → 20 %."""
        curve = result.tables["wtp"]
        assert curve["price"].tolist() == [50, 100, 150, 200]
        assert curve["share"].tolist() == pytest.approx([0.81, 0.54, 0.275, 0.20])
        assert curve["moe"].iloc[0] == pytest.approx(moe(0.81, 1_440_000 / 139_536))

    def test_half_price(self, result):
        """The highest price at which at least half would pay: 100 som (54 %)."""
        assert (result.values["wtp_half_price"], result.values["wtp_half_share"]) == (100, pytest.approx(0.54))


class TestImportancePerformance:
    """The quadrant of water, waste and lighting."""

    def test_quadrants(self, result):
        """Importance 4.70, 3.24 (3888/1200), 3.00 → split 3.6467; satisfaction 2.6927, 3.7257, 3.80 → split 3.4061.
        Water is important and below the satisfaction split: concentrate here; the others possible overkill."""
        v = result.values
        assert v["ipa_importance_split"] == pytest.approx((4.7 + 3.24 + 3.0) / 3)
        assert v["ipa_satisfaction_split"] == pytest.approx((3102 / 1152 + 2526 / 678 + 3.8) / 3)
        quadrants = rows(result.tables["ipa"])["quadrant_id"].to_dict()
        assert quadrants == {"water": "concentrate", "waste": "overkill", "lighting": "overkill"}
        assert v["concentrate_services"] == "Drinking water"


class TestCoping:
    """Coping costs: bought water, own wells, burning waste."""

    def test_coping(self, result):
        """R12 left the spend blank (Σw of answers 1152). Buyers R01 200, R04 300, R06 100, R09 500
        (weights 150, 120, 108, 60 = 438) → 38.0 %; mean over all (30,000 + 36,000 + 10,800 + 30,000)/1152
        = 92.71 som; a year over 470 households 92.71 × 12 × 470 = 522,875 → 523,000 (three figures).
        Own well: Lower, 240/1200 − 48/1200 = 192/1200 = 16 %; burning waste: Upper and Lower, 600/1200 = 50 %."""
        items = rows(result.tables["coping"], "item_id")
        assert items.loc["buys_water", "share"] == pytest.approx(438 / 1152)
        assert items.loc["water_spend_all", "amount_som"] == pytest.approx(106_800 / 1152)
        assert items.loc["water_spend_year", "amount_som"] == 523_000
        assert items.loc["own_well", "share"] == pytest.approx(0.16)
        assert items.loc["burns_waste", "share"] == pytest.approx(0.5)

    def test_few_buyers_suppressed(self, result):
        """Only 4 households buy water: their average spend is not shown at min_cell 5."""
        buyers = rows(result.tables["coping"], "item_id").loc["water_spend_buyers"]
        assert buyers["suppressed"] and np.isnan(buyers["amount_som"]) and buyers["n"] == 4


class TestWithoutResponses:
    """A case with no survey sheets shows the design and the questionnaire only."""

    def test_hand_checked_case(self, hand_case):
        """No respondents: the design is there, the analysis tables are empty, a note says why."""
        result = run_stage(3, hand_case)
        assert result.values["has_responses"] is False
        assert result.values["sample_n"] == 212
        assert not result.tables["questionnaire"].empty
        assert result.tables["satisfaction"].empty and result.tables["priority"].empty
        assert any("No survey responses" in n.message for n in result.notes)

    def test_bundled_case_without_survey(self):
        """ber-bash has no survey sheets and runs without error."""
        result = run_stage(3, load_case(CASES / "ber-bash.xlsx"))
        assert result.values["has_responses"] is False and result.values["sample_total"] > 0


class TestParameters:
    """Parameters are checked and the result survives saving."""

    def test_bad_margin(self, survey_case):
        """A margin of 5 (meaning 5 %) is refused with a message naming the parameter."""
        with pytest.raises(ParameterError, match="margin"):
            run_stage(3, survey_case, margin=5)

    def test_price_ladder(self, survey_case):
        """The ladder may come as text "50, 100"; prices must rise."""
        from workbook.views import s03_survey as view

        as_text = run_stage(3, survey_case, min_cell=5, price_ladder="50, 100")
        assert as_text.tables["wtp"]["price"].tolist() == [50, 100]
        printed = view.questionnaire(as_text, survey_case, translator("en")).data
        assert "100\u00a0som" in printed and "150\u00a0som" not in printed
        with pytest.raises(ParameterError, match="price_ladder"):
            run_stage(3, survey_case, price_ladder=[100, 50])

    def test_round_trip(self, result):
        """The saved result reads back with the priority scores stage 4 needs."""
        back = StageResult.from_json(result.to_json())
        assert back.tables["priority"].set_index("service_id")["score"].to_dict() == pytest.approx(
            result.tables["priority"].set_index("service_id")["score"].to_dict())


class TestFallbacks:
    """Weighting when the population figures cannot support a margin."""

    def test_village_without_population(self, tmp_path):
        """Lower has no population figure: the village margin is dropped and the weights follow sex and age
        alone: group adults ÷ 3 respondents = 100 (F 18–29), 120 (F 60+), 100 (M 18–29), 80 (M 60+)."""
        folder = tmp_path / "survey"
        shutil.copytree(TEST_CASES / "survey", folder)
        villages = folder / "villages.csv"
        villages.write_text(villages.read_text().replace("V3,Lower,400,", "V3,Lower,0,"))
        result = run_stage(3, load_case(folder), **PARAMS)
        assert result.tables["weights"]["weight"].tolist() == pytest.approx([100, 120, 100, 80] * 3)
        assert any("not weighted to the villages" in n.message for n in result.notes)


class TestLesson:
    """The lesson's {{fields}} are all values of the result."""

    def test_every_field_is_a_value(self, result, hand_case):
        """With responses and without, every field exists (None shows as a dash), so no {{field}} is left raw."""
        from workbook.i18n.catalogs import lesson_fields
        from workbook.notebook import LESSONS

        fields = lesson_fields((LESSONS / "03_survey.md").read_text(encoding="utf-8"))
        assert {"sample_n", "n_eff", "top_priority_score"} <= fields
        for shown in (result, run_stage(3, hand_case)):
            assert fields <= set(shown.values)


class TestViews:
    """What the reader sees: small cells as remarks, never as numbers; every view runs in every language."""

    def test_breakdown_hides_small_cells(self, result):
        """Every village × service cell has at most 4 users (< 5): all 12 read "n < 5" (plus the caption's
        explanation) and no percentage is shown; women's water cell reads 14 % ± 29
        (90/660 = 13.6 %, margin 1.96 × √(0.136 × 0.864 ÷ 5.22) = 29.4 points)."""
        from workbook.views import s03_survey as view

        tr = translator("en")
        village = view.breakdown(result, tr, "village_id").to_html()
        assert village.count("n &lt; 5") == 12 + 1 and "%" not in village.split("</caption>")[1]
        assert "14% ± 29" in view.breakdown(result, tr, "sex").to_html()

    def test_satisfaction_remark(self, survey_case):
        """At min_cell 6 the waste row says "fewer than 6 respondents" instead of its mean 3.73."""
        from workbook.views import s03_survey as view

        strict = run_stage(3, survey_case, min_cell=6, price_ladder=[50, 100, 150, 200])
        shown = view.satisfaction(strict, translator("en")).to_html()
        assert "fewer than 6 respondents" in shown and "3.73" not in shown

    @pytest.mark.parametrize("lang", ["en", "ru", "ky"])
    def test_every_view_runs(self, result, hand_case, survey_case, lang):
        """All tables, charts and the questionnaire render, with responses and without."""
        from workbook.views import s03_survey as view

        tr = translator(lang)
        empty = run_stage(3, hand_case)
        for shown, case in ((result, survey_case), (empty, hand_case)):
            for name in ("design_card", "allocation", "responses", "sample_chart", "weight_cells", "weight_villages",
                         "satisfaction", "likert_chart", "breakdowns", "priority", "priority_chart", "wtp",
                         "wtp_chart", "ipa", "ipa_chart", "coping"):
                output = getattr(view, name)(shown, tr)
                assert output is not None
                getattr(output, "_repr_html_", getattr(output, "_repr_svg_", lambda: None))()
            assert "Q13" in view.questionnaire(shown, case, translator("en")).data
