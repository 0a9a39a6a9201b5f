"""Shared fixtures: the project's paths, the hand-checked case, and the real data beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.case import load_case

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "data" / "cases"
TEST_CASES = Path(__file__).resolve().parent / "cases"
REAL = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def hand_case():
    """A tiny case whose every figure was worked out by hand (tests/cases/hand_checked)."""
    case = load_case(TEST_CASES / "hand_checked")
    assert not case.errors, [p.describe(__import__("workbook.i18n").i18n.translator("en")) for p in case.errors]
    return case


@pytest.fixture(scope="session")
def real_data():
    """The folder of real public data (../shared/data/real); tests using it skip when it is absent."""
    if not REAL.is_dir():
        pytest.skip("../shared/data/real is not present (a user's clone has no ../shared)")
    return REAL


def sample_cases():
    """The bundled sample cases."""
    return sorted(p for p in CASES.iterdir() if p.suffix == ".xlsx" or p.is_dir())
