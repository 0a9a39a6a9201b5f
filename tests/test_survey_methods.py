"""Survey arithmetic (workbook.methods.survey) against figures worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbook.methods.survey import (allocate, estimate_mean, estimate_share, initial_sample_size, kish_effective_n,
                                     margin_fit, margin_of_error, rake, sample_size, satisfaction, satisfaction_index,
                                     weighted_share, z_score)

Z95 = 1.959963984540054


class TestZScore:
    """Tests for ``z_score``."""

    @pytest.mark.parametrize(("confidence", "z"), [(0.95, Z95), (0.90, 1.644853627), (0.99, 2.575829304)])
    def test_known_quantiles(self, confidence, z):
        """The two-sided quantiles every statistics table prints."""
        assert z_score(confidence) == pytest.approx(z)

    def test_outside_zero_one(self):
        """A confidence of 100 % has no finite z."""
        with pytest.raises(ValueError, match="between 0 and 1"):
            z_score(1.0)


class TestSampleSize:
    """Tests for ``initial_sample_size`` and ``sample_size``."""

    def test_initial(self):
        """n₀ = 1.96² × 0.5 × 0.5 ÷ 0.05² = 3.8415 × 0.25 ÷ 0.0025 = 384.15."""
        assert initial_sample_size(0.05, 0.95) == pytest.approx(Z95 ** 2 * 0.25 / 0.0025)
        assert initial_sample_size(0.05, 0.95) == pytest.approx(384.146, abs=1e-3)

    @pytest.mark.parametrize(("population", "margin", "expected"), [
        (5_000, 0.05, 357),  # 384.146 ÷ (1 + 383.146/5000) = 384.146 ÷ 1.07663 = 356.80 → 357
        (1_000, 0.05, 278),  # 384.146 ÷ (1 + 383.146/1000) = 384.146 ÷ 1.38315 = 277.74 → 278
        (470, 0.05, 212),    # 384.146 ÷ (1 + 383.146/470) = 384.146 ÷ 1.81520 = 211.63 → 212
        (470, 0.08, 114),    # n₀ = 3.8415 × 0.25 ÷ 0.0064 = 150.06; 150.06 ÷ (1 + 149.06/470) = 113.92 → 114
    ])
    def test_finite_population_correction(self, population, margin, expected):
        """n = n₀ ÷ (1 + (n₀ − 1)/N), rounded up."""
        assert sample_size(population, margin, 0.95) == expected

    def test_never_more_than_the_population(self):
        """Twenty households cannot give more than twenty interviews."""
        assert sample_size(20, 0.01) == 20

    def test_rejects_nonsense(self):
        """A margin of 5 (not 0.05) is caught."""
        with pytest.raises(ValueError):
            sample_size(1000, 5)


class TestAllocate:
    """Tests for ``allocate``."""

    def test_proportional_without_minimum(self):
        """212 × (250, 120, 100)/470 = 112.77, 54.13, 45.11 → floors 112, 54, 45 (211); the largest remainder (.77) gets the last."""
        result = allocate(pd.Series([250, 120, 100], index=["V1", "V2", "V3"]), 212)
        assert result.to_dict() == {"V1": 113, "V2": 54, "V3": 45}

    def test_minimum_then_the_rest_in_proportion(self):
        """Sizes 500, 400, 50, 50, n = 100, minimum 20.

        Proportional shares 50, 40, 5, 5: the two small strata get the minimum 20 each. The remaining
        60 are shared 500:400 → 33.33 and 26.67 → floors 33 + 26 = 59, the larger remainder (.67)
        gets the last: 33, 27, 20, 20. (Taking the excess back equally would give 35, 25: not in proportion.)
        """
        assert allocate(pd.Series([500, 400, 50, 50]), 100, 20).tolist() == [33, 27, 20, 20]

    def test_minimum_binding_twice(self):
        """Households 250, 120, 100, n = 212, minimum 50: V3's share 45.1 < 50 → 50; the other 162 split
        250:120 → 109.46 and 52.54 → 109 + 52 = 161, the larger remainder (.54) gets the last: 109, 53, 50."""
        assert allocate(pd.Series([250, 120, 100]), 212, 50).tolist() == [109, 53, 50]

    def test_small_stratum_gives_all_its_units(self):
        """A village of 10 households with a minimum of 15 gets 10; the other 50 are split 250:120 →
        33.78 and 16.22 → 34 and 16."""
        assert allocate(pd.Series([250, 120, 10]), 60, 15).tolist() == [34, 16, 10]

    def test_total_grows_only_for_the_minimums(self):
        """Five villages of 100 with a minimum of 15 need 75 interviews even if 40 were asked for."""
        result = allocate(pd.Series([100] * 5), 40, 15)
        assert result.tolist() == [15] * 5


class TestWeightedEstimates:
    """Tests for ``kish_effective_n``, ``margin_of_error``, ``weighted_share``, ``estimate_share`` and ``estimate_mean``."""

    def test_kish_equal_weights(self):
        """Equal weights lose nothing: n_eff = n."""
        assert kish_effective_n([2.0] * 7) == pytest.approx(7)

    def test_kish_unequal_weights(self):
        """Weights 1, 1, 4: (Σw)² ÷ Σw² = 36 ÷ 18 = 2."""
        assert kish_effective_n([1, 1, 4]) == pytest.approx(2.0)

    def test_margin_of_error(self):
        """p = 0.5 over 100 effective interviews: 1.96 × √(0.25/100) = 0.098."""
        assert margin_of_error(0.5, 100) == pytest.approx(Z95 * 0.05)
        assert math.isnan(margin_of_error(0.5, 0))

    def test_share_leaves_out_missing(self):
        """Flags yes, no, yes, missing with weights 1, 2, 3, 4: (1 + 3) ÷ (1 + 2 + 3) = 2/3."""
        assert weighted_share([True, False, True, None], [1, 2, 3, 4]) == pytest.approx(2 / 3)

    def test_estimate_share(self):
        """Same flags: n = 3 answers, n_eff = 6² ÷ (1 + 4 + 9) = 36/14, moe = 1.96 × √((2/3)(1/3) ÷ (36/14))."""
        found = estimate_share(pd.Series([True, False, True, None], dtype="boolean"), [1, 2, 3, 4])
        assert (found.n, found.value) == (3, pytest.approx(2 / 3))
        assert found.n_eff == pytest.approx(36 / 14)
        assert found.moe == pytest.approx(Z95 * math.sqrt((2 / 9) / (36 / 14)))

    def test_estimate_mean(self):
        """Values 1, 2, 3 with weights 1, 1, 2: mean 9/4 = 2.25; s² = (1.5625 + 0.0625 + 2 × 0.5625) ÷ 4
        = 0.6875; n_eff = 16/6; moe = 1.96 × √(0.6875 ÷ 2.6667) = 0.9952."""
        found = estimate_mean([1, 2, 3, np.nan], [1, 1, 2, 5])
        assert found.value == pytest.approx(2.25)
        assert found.n_eff == pytest.approx(16 / 6)
        assert found.moe == pytest.approx(Z95 * math.sqrt(0.6875 / (16 / 6)))
        assert found.moe == pytest.approx(0.9952, abs=1e-4)


class TestSatisfaction:
    """Tests for ``satisfaction_index`` and ``satisfaction``."""

    @pytest.mark.parametrize(("mean", "index"), [(1, 0), (3, 50), (5, 100), (2.6, 40)])
    def test_index(self, mean, index):
        """(mean − 1) ÷ 4 × 100."""
        assert satisfaction_index(mean) == pytest.approx(index)

    def test_summary(self):
        """Scores 5, 4, 2, 1 with weights 1, 1, 1, 2: mean (5 + 4 + 2 + 2) ÷ 5 = 2.6, index 40;
        top-2 (4 or 5) = 2/5 = 40 %; shares of 1…5 = 0.4, 0.2, 0, 0.2, 0.2."""
        found = satisfaction([5, 4, 2, 1, None], [1, 1, 1, 2, 9])
        assert found["mean"].value == pytest.approx(2.6)
        assert found["index"] == pytest.approx(40)
        assert found["top2"].value == pytest.approx(0.4)
        assert found["distribution"] == pytest.approx([0.4, 0.2, 0.0, 0.2, 0.2])
        assert found["index_moe"] == pytest.approx(found["mean"].moe * 25)


class TestRake:
    """Tests for ``rake`` and ``margin_fit``."""

    def test_one_round_is_exact_when_the_margins_are_independent(self):
        """Village A has 3 women and 1 man, village B 6 women and 2 men: the same sex ratio in both.

        Targets: A 50, B 50, women 50, men 50. Villages first: A's weights 50/4 = 12.5, B's 50/8 = 6.25.
        Then sex: women sum 3 × 12.5 + 6 × 6.25 = 75 → × 2/3; men 12.5 + 2 × 6.25 = 25 → × 2.
        Weights A-woman 8.3333, A-man 25, B-woman 4.1667, B-man 12.5; the villages still sum to 50 each.
        """
        frame = pd.DataFrame({"village": list("AAAA") + list("BBBBBBBB"),
                              "sex": list("FFFM") + list("FFFFFFMM")})
        weights = rake(frame, {"village": pd.Series({"A": 50.0, "B": 50.0}), "sex": pd.Series({"F": 50.0, "M": 50.0})})
        expected = [25 / 3] * 3 + [25] + [25 / 6] * 6 + [12.5] * 2
        assert weights.tolist() == pytest.approx(expected, abs=1e-9)

    def test_two_by_two_keeps_the_odds_ratio(self):
        """Counts A-F 3, A-M 1, B-F 2, B-M 2; all four margins 50.

        Raking keeps the cross-product ratio of the sample, (3 × 2)/(1 × 2) = 3. With the margins fixed,
        the fitted table is x, 50 − x / 50 − x, x, so x²/(50 − x)² = 3 → x = 50√3 ÷ (1 + √3) = 31.698730.
        Respondent weights: A-F x/3 = 10.566243, A-M 50 − x = 18.301270, B-F (50 − x)/2 = 9.150635,
        B-M x/2 = 15.849365.
        """
        frame = pd.DataFrame({"village": list("AAAABBBB"), "sex": list("FFFMFFMM")}, index=range(10, 18))
        margins = {"village": pd.Series({"A": 50.0, "B": 50.0}), "sex": pd.Series({"F": 50.0, "M": 50.0})}
        weights = rake(frame, margins)
        x = 50 * math.sqrt(3) / (1 + math.sqrt(3))
        assert x == pytest.approx(31.698730, abs=1e-6)
        assert weights.round(6).tolist() == [10.566243] * 3 + [18.301270, 9.150635, 9.150635, 15.849365, 15.849365]
        assert list(weights.index) == list(range(10, 18))  # the caller's index is kept
        assert margin_fit(frame, weights, margins) < 1e-9

    def test_totals_are_rescaled_and_absent_categories_dropped(self):
        """Nobody from village C was asked: A and B share the grand total 100 as 60:20 → 75 and 25."""
        frame = pd.DataFrame({"village": ["A", "A", "B"]})
        weights = rake(frame, {"village": pd.Series({"A": 60.0, "B": 20.0, "C": 20.0})})
        assert weights.tolist() == pytest.approx([37.5, 37.5, 25.0])

    def test_unweighted_sample_does_not_fit(self):
        """Equal weights on the 3:1 / 2:2 sample miss the 50:50 sex margin by 25 % (women 62.5 of 50)."""
        frame = pd.DataFrame({"village": list("AAAABBBB"), "sex": list("FFFMFFMM")})
        margins = {"village": pd.Series({"A": 50.0, "B": 50.0}), "sex": pd.Series({"F": 50.0, "M": 50.0})}
        assert margin_fit(frame, pd.Series(12.5, index=frame.index), margins) == pytest.approx(0.25)

    def test_category_without_a_total(self):
        """A respondent in a group the population table lacks cannot be weighted."""
        frame = pd.DataFrame({"sex": ["F", "X"]})
        with pytest.raises(ValueError, match="no positive total for sex = X"):
            rake(frame, {"sex": pd.Series({"F": 10.0, "M": 10.0})})
