"""Practice notebooks (``exercises/``): questions on the trainee's own case, checked at once.

A practice notebook computes its stage on the case with the default settings, then asks questions
whose answers the stage has already computed (a share of the budget, a cost recovery, a sample size).
The trainee works the answer out by hand or in a cell, writes it after ``answer =`` and runs
``practice.check(...)``; ``practice.hint(...)`` and ``practice.solution(...)`` are there when stuck.
The expected answer is always the package's own figure, so the exercise and the report cannot
disagree. Questions, hints and solutions are blocks of ``lessons/<stage>-practice.md`` and are
translated like the lessons.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Callable

from IPython.display import HTML, Markdown

from workbook.case.values import BadValue, parse_number
from workbook.methods import survey, tariff
from workbook.notebook import StageSession, open_stage

__all__ = ["Practice", "QUESTIONS", "Question", "open_practice"]


@dataclass(frozen=True)
class Question:
    """One checked question: its answer from the stage's values, the slack allowed, how it is written.

    ``unit`` is ``percent`` (answered in per cent, e.g. 60.4), ``som`` (two decimals) or ``integer``.
    """

    name: str
    answer: Callable[[dict], float | None]
    tolerance: float
    unit: str


def _percent(name: str) -> Callable[[dict], float | None]:
    return lambda values: None if values.get(name) is None else 100 * values[name]


def _sample_size(values: dict) -> int | None:
    households = values.get("households")
    return None if not households else survey.sample_size(households, margin=0.08, confidence=0.95)


def _margin(values: dict) -> float | None:
    n_eff = values.get("n_eff")
    return None if not n_eff else 100 * survey.margin_of_error(0.6, n_eff, 0.95)


#: The questions of each stage's practice notebook, in order.
QUESTIONS: dict[int, tuple[Question, ...]] = {
    0: (Question("grant-share", _percent("grant_share"), 0.1, "percent"),
        Question("revenue-per-person", lambda v: v.get("revenue_per_person"), 1.0, "som")),
    1: (Question("municipal-share", _percent("type_municipal_share"), 0.1, "percent"),
        Question("organised-share", _percent("organised_share"), 0.1, "percent")),
    2: (Question("cost-recovery", _percent("ex_cost_recovery"), 0.1, "percent"),
        Question("collection-rate", _percent("ex_collection_rate"), 0.1, "percent"),
        Question("norm-charge", lambda v: tariff.norm_charge(50, 14.43), 0.005, "som")),
    3: (Question("sample-size", _sample_size, 0, "integer"),
        Question("margin-of-error", _margin, 0.1, "percent")),
}


class Practice:
    """The handle a practice notebook works with: ``task``, ``check``, ``hint`` and ``solution``."""

    def __init__(self, session: StageSession):
        self.session = session
        self.tr = session.tr
        self.values = session.run().values
        self.questions = {q.name: q for q in QUESTIONS[session.stage.number]}
        self.lesson = f"{session.stage.slug}-practice"

    def intro(self) -> Markdown:
        return self.session.block(self.lesson, "intro")

    def task(self, name: str) -> Markdown:
        """The question ``name``, with the case's figures filled in."""
        return self.session.block(self.lesson, name)

    def hint(self, name: str) -> Markdown:
        return self.session.block(self.lesson, f"{name}-hint")

    def solution(self, name: str) -> Markdown:
        """How the answer is worked out, ending with the answer itself."""
        question = self._question(name)
        expected = question.answer(self.values)
        return self.session.block(self.lesson, f"{name}-solution", answer=self._format(expected, question.unit))

    def check(self, name: str, answer) -> HTML:
        """Compare ``answer`` with the stage's own figure and say so in the reader's language."""
        question, tr = self._question(name), self.tr
        expected = question.answer(self.values)
        if expected is None or (isinstance(expected, float) and math.isnan(expected)):
            return _box("warning", tr("This case lacks the figures for this question; choose another case."))
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return _box("note", tr("Write your answer after “answer =” and run the cell again."))
        try:
            given = parse_number(answer)
        except BadValue:
            return _box("warning", tr("“{answer}” is not a number.", answer=str(answer)))
        if question.unit == "percent" and 0 < abs(given) <= 1 < abs(expected):
            return _box("warning", tr("Write the share in per cent: {answer} rather than {given}.",
                                         answer=self._format(100 * given, "percent"), given=self._format(given, "number")))
        shown = self._format(given, question.unit)
        if abs(given - expected) <= question.tolerance + 1e-9:
            return _box("correct", "✓ " + tr("Correct: {answer}.", answer=shown))
        if given > expected:
            message = tr("Not yet: {answer} is too high.", answer=shown)
        else:
            message = tr("Not yet: {answer} is too low.", answer=shown)
        return _box("wrong", "✗ " + message + " " + tr("Try again, or ask for a hint."))

    def _question(self, name: str) -> Question:
        if name not in self.questions:
            raise KeyError(f"no question {name!r}; this practice has: {', '.join(self.questions)}")
        return self.questions[name]

    def _format(self, value, unit: str) -> str:
        tr = self.tr
        if unit == "percent":
            return tr.percent(value / 100, 1)
        if unit == "som":
            return tr.som(value, 2)
        if unit == "integer":
            return tr.number(value, 0)
        return tr.number(value, 2)


#: Feedback colours, inline so that they show in JupyterLab, where the report's style sheet is absent.
_COLOURS = {"correct": "#e8f5e9;border-left:4px solid #2e7d32", "wrong": "#fdecea;border-left:4px solid #b00020",
            "warning": "#fff8e1;border-left:4px solid #f0b429", "note": "#e3f2fd;border-left:4px solid #1565c0"}


def _box(kind: str, text: str) -> HTML:
    return HTML(f"<div class='wb-{kind}' style='background:{_COLOURS[kind]};padding:.4rem .8rem'>"
                f"{html.escape(text)}</div>")


def open_practice(number: int, case: str, lang: str, results: str = "") -> Practice:
    """Start a practice notebook for stage ``number`` on ``case`` in ``lang``."""
    return Practice(open_stage(number, case, lang, False, results))
