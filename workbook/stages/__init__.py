"""The twelve stages as one chain: which notebook, which case tables, which earlier results each needs.

``run_stage`` computes a stage for a case. The results of the earlier stages it needs are loaded from
the results folder when they were saved for the same inputs; otherwise they are computed on the spot
with default settings (and a note says so), so any stage can be opened on its own.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass

from workbook.case.problems import WARNING, Problem
from workbook.errors import ParameterError
from workbook.i18n import N_
from workbook.results import StageResult, load_result, save_result

__all__ = ["STAGES", "Stage", "get_stage", "obtain", "run_stage"]


@dataclass(frozen=True)
class Stage:
    """One stage: its number, notebook name, title, the case tables it reads and earlier stages it needs."""

    number: int
    slug: str
    title: str
    tables: tuple[str, ...]
    needs: tuple[int, ...] = ()

    @property
    def module(self):
        return importlib.import_module(f"workbook.stages.s{self.slug}")

    @property
    def notebook(self) -> str:
        return f"{self.slug}.ipynb"

    def fingerprint(self, case, params: dict, earlier: dict[int, StageResult]) -> str:
        """A hash of everything the result depends on: case tables, parameters, earlier results."""
        digest = hashlib.sha256()
        digest.update(f"stage {self.number}".encode())
        digest.update(case.fingerprint(self.tables).encode())
        digest.update(json.dumps(params, sort_keys=True, default=str).encode())
        for number in sorted(earlier):
            digest.update(earlier[number].fingerprint.encode())
        return digest.hexdigest()


STAGES: dict[int, Stage] = {
    0: Stage(0, "00_profile", N_("Municipality profile and working commission"),
             ("profile", "villages", "budget", "commission", "services")),
    1: Stage(1, "01_inventory", N_("Service inventory and classification"), ("profile", "services"), (0,)),
    2: Stage(2, "02_passport", N_("Service passports and current state"),
             ("profile", "villages", "services", "service_metrics", "service_coverage", "problems"), (0, 1)),
    3: Stage(3, "03_survey", N_("Citizen needs and satisfaction survey"),
             ("profile", "villages", "services", "population_groups", "survey_respondents", "survey_ratings",
              "survey_wtp"), (0,)),
}


def get_stage(number) -> Stage:
    """The stage ``number``.

    Raises:
        ParameterError: naming the known stages.
    """
    try:
        return STAGES[int(number)]
    except (KeyError, ValueError, TypeError):
        known = ", ".join(str(n) for n in STAGES)
        raise ParameterError(f"No stage {number!r}; known stages: {known}", "stage", number) from None


def run_stage(number: int, case, results_dir=None, save: bool = True, **params) -> StageResult:
    """Compute stage ``number`` for ``case`` with ``params``.

    Earlier results are looked up in ``results_dir`` (see ``obtain``); the result is saved there too
    unless ``save`` is False (a notebook saves in its last cell).
    """
    stage = get_stage(number)
    earlier = {n: obtain(n, case, results_dir) for n in stage.needs}
    full = {**stage.module.DEFAULTS, **params}
    unknown = set(params) - set(stage.module.DEFAULTS)
    if unknown:
        raise ParameterError(f"Stage {number} has no parameter {', '.join(sorted(unknown))}", "params", sorted(unknown))
    result = stage.module.compute(case, earlier, **full)
    result.params = full
    result.fingerprint = stage.fingerprint(case, full, earlier)
    for n, res in earlier.items():
        if res.params.get("_defaults_used"):
            result.notes.append(Problem(WARNING, N_("Stage {stage} was not saved for this case; its results were computed with default settings."), {"stage": n}))
    if results_dir is not None and save:
        save_result(result, results_dir)
    return result


def obtain(number: int, case, results_dir=None) -> StageResult:
    """The result of an earlier stage: the saved one if it matches the case, else computed with defaults."""
    stage = get_stage(number)
    earlier = {n: obtain(n, case, results_dir) for n in stage.needs}
    if results_dir is not None:
        saved = load_result(results_dir, case.id, number)
        if saved is not None and saved.fingerprint == stage.fingerprint(case, saved.params, earlier):
            return saved
    result = stage.module.compute(case, earlier, **stage.module.DEFAULTS)
    result.params = {**stage.module.DEFAULTS, "_defaults_used": True}
    result.fingerprint = stage.fingerprint(case, stage.module.DEFAULTS, earlier)
    return result
