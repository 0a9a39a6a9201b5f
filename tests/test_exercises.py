"""Practice notebooks: each question's answer, the feedback a trainee gets, and the notebooks themselves.

Expected answers are worked out by hand from the bundled case ak-tash (data/cases/ak-tash.xlsx):
revenue 8,643,000 som of which grants 5,217,000, 4,162 inhabitants; 10 services, 6 municipal, 3 run by
others; water cost 3,342,200 som, billed 1,197,000, collected 1,122,400; 911 households; survey
n_eff 101.70.
"""

from __future__ import annotations

import nbformat
import papermill
import pytest

from tests.conftest import CASES, ROOT
from workbook.batch.engine import execute, restart
from workbook.exercises import QUESTIONS, open_practice
from workbook.i18n import LANGS
from workbook.i18n.catalogs import lesson_blocks
from workbook.notebook import LESSONS
from workbook.stages import STAGES

AK_TASH = str(CASES / "ak-tash.xlsx")

# (stage, question, a right answer, a slightly-off answer that is still right, a wrong one, too high?)
HAND_CHECKED = [
    (0, "grant-share", 60.36, 60.4, 65, True),              # 5,217,000 ÷ 8,643,000 = 60.361 %
    (0, "revenue-per-person", 2076.65, 2076, 2000, False),  # 8,643,000 ÷ 4,162 = 2,076.65 som
    (1, "municipal-share", 60, 59.95, 50, False),            # 6 ÷ 10
    (1, "organised-share", 30, "30,0", 40, True),            # 3 ÷ 10
    (2, "cost-recovery", 33.58, 33.6, 37.3, True),           # 1,122,400 ÷ 3,342,200 = 33.583 %
    (2, "collection-rate", 93.77, "93,8", 90, False),        # 1,122,400 ÷ 1,197,000 = 93.768 %
    (2, "norm-charge", 21.65, "21,65", 21.64, False),        # 50 l × 30 days = 1.5 m³ × 14.43
    (3, "sample-size", 129, "129", 128, False),              # n₀ = 150.06; 150.06 ÷ (1 + 149.06 ÷ 911) = 128.96 → 129
    (3, "margin-of-error", 9.52, 9.5, 5, False),             # 1.96 × √(0.24 ÷ 101.70) = 9.52 points
]


@pytest.fixture(scope="module")
def practices(tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    return {n: open_practice(n, AK_TASH, "en", str(results)) for n in sorted(QUESTIONS)}


def _text(display) -> str:
    return display.data


@pytest.mark.parametrize("stage, name, right, near, wrong, high", HAND_CHECKED,
                         ids=[f"{s}-{q}" for s, q, *_ in HAND_CHECKED])
def test_answers(practices, stage, name, right, near, wrong, high):
    practice = practices[stage]
    assert "wb-correct" in _text(practice.check(name, right))
    assert "wb-correct" in _text(practice.check(name, near))
    verdict = _text(practice.check(name, wrong))
    assert "wb-wrong" in verdict
    assert ("too high" if high else "too low") in verdict


def test_every_question_is_hand_checked():
    assert {(s, q.name) for s, qs in QUESTIONS.items() for q in qs} == {(s, q) for s, q, *_ in HAND_CHECKED}


def test_feedback_without_a_number(practices):
    practice = practices[0]
    assert "Write your answer" in _text(practice.check("grant-share", None))
    assert "is not a number" in _text(practice.check("grant-share", "sixty"))
    assert "in per cent" in _text(practice.check("grant-share", 0.6036))


def test_task_and_solution_use_the_case(practices):
    task = practices[2].task("cost-recovery").data
    assert "3,342,200" in task and "{{" not in task
    solution = practices[2].solution("cost-recovery").data
    assert "33.6%" in solution and "{{" not in solution
    assert "129" in practices[3].solution("sample-size").data


def test_feedback_in_kyrgyz(tmp_path):
    practice = open_practice(0, AK_TASH, "ky", str(tmp_path))
    verdict = _text(practice.check("grant-share", 60.36))
    assert "wb-correct" in verdict and "60,4" in verdict and "Correct" not in verdict


@pytest.mark.parametrize("stage", sorted(QUESTIONS))
def test_every_question_has_its_blocks(stage):
    blocks = lesson_blocks((LESSONS / f"{STAGES[stage].slug}-practice.md").read_text(encoding="utf-8"))
    expected = {"intro"} | {f"{q.name}{part}" for q in QUESTIONS[stage] for part in ("", "-hint", "-solution")}
    assert set(blocks) == expected


@pytest.mark.parametrize("stage", sorted(QUESTIONS))
def test_notebook_committed_clean(stage):
    path = ROOT / "exercises" / STAGES[stage].notebook
    notebook = nbformat.read(str(path), as_version=4)
    assert {"case", "lang", "results"} <= set(papermill.inspect_notebook(str(path)))
    assert all(not c.outputs and c.execution_count is None for c in notebook.cells if c.cell_type == "code")
    checks = [c.source for c in notebook.cells if "answer" in c.metadata.get("tags", [])]
    assert [f'practice.check("{q.name}", answer)' in s for q, s in zip(QUESTIONS[stage], checks)] == \
        [True] * len(QUESTIONS[stage])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_notebooks_run(lang, tmp_path):
    """Every practice notebook runs as committed (no answers yet) and asks for them."""
    try:
        for stage in sorted(QUESTIONS):
            output = tmp_path / STAGES[stage].notebook
            execute(ROOT / "exercises" / STAGES[stage].notebook, output,
                    {"case": AK_TASH, "lang": lang, "results": str(tmp_path / "results")}, ROOT, timeout=300)
            notebook = nbformat.read(str(output), as_version=4)
            answers = [c for c in notebook.cells if "answer" in c.metadata.get("tags", [])]
            assert len(answers) == len(QUESTIONS[stage])
            assert all("wb-note" in c.outputs[0]["data"]["text/html"] for c in answers)
    finally:
        restart()
