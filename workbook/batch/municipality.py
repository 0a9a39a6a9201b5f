"""Building one municipality's workbook: the unit of work of a batch, run inside a worker process.

For one case: check it (a case with errors fails here, with the located problems), execute the stale
stage notebooks in the warm kernel, then write the combined HTML and the results spreadsheet. Every
file is written to a temporary name and renamed, and the state file is updated after each stage, so
a killed batch leaves nothing that looks finished and the next run resumes where it stopped. A stage
that fails keeps its partial notebook (``NN_name.failed.ipynb``, with papermill's error marker); the
stages that need it are skipped, the others still run.
"""

from __future__ import annotations

import html
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from workbook.batch.cases import CaseRef
from workbook.batch.state import load_state, save_state, source_hash, stage_hashes
from workbook.case.problems import Problem
from workbook.i18n import translator
from workbook.results import StageResult, atomic_write
from workbook.stages import STAGES

__all__ = ["Job", "Report", "build", "chain"]


@dataclass(frozen=True)
class Job:
    """What to build for one municipality, and where."""

    ref: CaseRef
    lang: str
    stages: tuple[int, ...]
    formats: tuple[str, ...]
    out: Path
    root: Path
    force: bool = False

    @property
    def folder(self) -> Path:
        return self.out / self.ref.id


@dataclass
class Report:
    """What happened to one municipality (sent back to the main process, so plain data only)."""

    case_id: str
    name: str
    status: str = "ok"  # ok | failed
    ran: list[int] = field(default_factory=list)
    stages: dict[int, str] = field(default_factory=dict)  # number → ok | failed | skipped
    failure: dict | None = None
    warnings: int = 0
    figures: dict = field(default_factory=dict)
    profile: dict = field(default_factory=dict)
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)


def chain(stages) -> list:
    """The requested stages and every earlier stage they need, in order."""
    wanted: set[int] = set()

    def add(number):
        if number not in wanted:
            wanted.add(number)
            for need in STAGES[number].needs:
                add(need)

    for number in stages:
        add(number)
    return [STAGES[n] for n in sorted(wanted)]


def _problems_page(problems: list[Problem], name: str, lang: str) -> str:
    from workbook.render.html import page

    tr = translator(lang)
    items = "".join(f"<li class='{'wb-error' if p.is_error else 'wb-warn'}'><b>"
                    f"{html.escape(tr('ERROR') if p.is_error else tr('WARNING'))}</b>: {html.escape(p.describe(tr))}</li>"
                    for p in problems)
    body = f"<h1>{html.escape(name)}</h1><h2>{html.escape(tr('Remarks on the case data'))}</h2><ul>{items}</ul>"
    return page(name, body, lang)


def build(job: Job) -> Report:
    """Bring the outputs of ``job`` up to date; never raises (failures are in the report)."""
    started = time.perf_counter()
    report = Report(job.ref.id, job.ref.name or job.ref.id)
    try:
        _build(job, report)
    except Exception as exc:  # noqa: BLE001 - one municipality must not stop the batch; the reason is reported
        report.status = "failed"
        report.failure = {"stage": None, "message": f"{type(exc).__name__}: {exc}"}
    report.seconds = time.perf_counter() - started
    return report


def _build(job: Job, report: Report) -> None:
    folder = job.folder
    folder.mkdir(parents=True, exist_ok=True)
    state = load_state(folder)
    source = source_hash(job.ref.path)
    stages = chain(job.stages)
    if state.get("source") == source and state.get("tables") and not job.force:
        tables = state["tables"]
        report.warnings = state.get("warnings", 0)
        report.profile = state.get("profile", {})
    else:
        from workbook.case import load_case

        case = load_case(job.ref.path)
        tables = {t: case.fingerprint([t]) for t in case.tables}
        report.warnings = len(case.warnings)
        report.profile = {"name": case.name, "oblast": case.profile.get("oblast"),
                          "soate_code": case.profile.get("soate_code"), "synthetic": case.synthetic}
        problems_file = folder / "problems.html"
        if case.problems:
            atomic_write(problems_file, _problems_page(case.problems, report.name, job.lang))
        else:
            problems_file.unlink(missing_ok=True)
        if case.errors:
            tr = translator(job.lang)
            report.status = "failed"
            report.failure = {"stage": "validation", "message": case.errors[0].describe(tr),
                              "count": len(case.errors), "problems": "problems.html"}
            save_state(folder, {"source": source, "status": "failed", "failure": report.failure,
                                "profile": report.profile, "warnings": report.warnings})
            return
        state = {**state, "source": source, "tables": tables, "warnings": report.warnings, "profile": report.profile}
        save_state(folder, state)
    if not report.name or report.name == job.ref.id:
        report.name = job.ref.name or report.profile.get("name") or job.ref.id
    hashes = stage_hashes(stages, tables, job.root / "notebooks", {"lang": job.lang})
    done = state.setdefault("stages", {})
    for stage in stages:
        previous = done.get(str(stage.number), {})
        notebook = folder / "notebooks" / stage.notebook
        if (not job.force and previous.get("hash") == hashes[stage.number] and previous.get("status") == "ok"
                and notebook.exists()):
            report.stages[stage.number] = "ok"
            continue
        if any(report.stages.get(n) != "ok" for n in stage.needs):
            report.stages[stage.number] = "skipped"
            done[str(stage.number)] = {"status": "skipped"}
            continue
        done[str(stage.number)] = _run_stage(job, stage, hashes[stage.number], report)
        save_state(folder, state)
    results = _results(folder)
    _render(job, report, state, stages, results)
    report.figures = _figures(results)
    state["figures"] = report.figures
    state["status"] = report.status
    state["failure"] = report.failure
    save_state(folder, state)


def _run_stage(job: Job, stage, digest: str, report: Report) -> dict:
    import papermill

    from workbook.batch.engine import execute

    notebooks = job.folder / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    final = notebooks / stage.notebook
    failed = notebooks / stage.notebook.replace(".ipynb", ".failed.ipynb")
    partial = notebooks / f".{stage.notebook.replace('.ipynb', '.part.ipynb')}"
    parameters = {"case": str(job.ref.path), "lang": job.lang, "interactive": False,
                  "results": str(job.folder / "results")}
    report.ran.append(stage.number)
    try:
        execute(job.root / "notebooks" / stage.notebook, partial, parameters, job.root)
    except Exception as exc:  # noqa: BLE001 - a failing stage is reported and kept, the batch goes on
        final.unlink(missing_ok=True)
        if partial.exists():
            os.replace(partial, failed)
        report.status = "failed"
        report.stages[stage.number] = "failed"
        message = str(getattr(exc, "evalue", "") or exc).strip().splitlines()
        if report.failure is None:
            report.failure = {"stage": stage.number, "title": stage.title, "message": message[-1] if message else "",
                              "exception": getattr(exc, "ename", type(exc).__name__),
                              "notebook": f"notebooks/{failed.name}" if failed.exists() else None}
        if not isinstance(exc, papermill.PapermillExecutionError):
            from workbook.batch import engine

            engine.restart()
        return {"status": "failed", "hash": digest}
    os.replace(partial, final)
    failed.unlink(missing_ok=True)
    report.stages[stage.number] = "ok"
    return {"status": "ok", "hash": digest}


def _results(folder: Path) -> list[StageResult]:
    found = []
    for path in sorted((folder / "results").glob("*/stage_*.json")):
        found.append(StageResult.from_json(path.read_text(encoding="utf-8")))
    return found


def _render(job: Job, report: Report, state: dict, stages, results) -> None:
    folder = job.folder
    ok = [s for s in stages if report.stages.get(s.number) == "ok"]
    outputs = state.setdefault("outputs", {})
    key = "|".join(f"{s.number}:{state['stages'][str(s.number)]['hash']}" for s in ok) + f"|{job.lang}"
    if {"html", "pdf"} & set(job.formats):
        target = folder / f"{job.ref.id}.html"
        if report.ran or outputs.get("html") != key or not target.exists():
            from workbook.render.html import render_workbook

            notebooks = [folder / "notebooks" / s.notebook for s in ok]
            atomic_write(target, render_workbook(notebooks, report.name, job.lang))
            outputs["html"] = key
        report.outputs["html"] = target.name
    if "xlsx" in job.formats:
        target = folder / f"{job.ref.id}.xlsx"
        if report.ran or outputs.get("xlsx") != key or not target.exists():
            from workbook.render.xlsx import results_workbook

            atomic_write(target, results_workbook(results, report.name, job.lang, report.profile))
            outputs["xlsx"] = key
        report.outputs["xlsx"] = target.name


def _figures(results) -> dict:
    from workbook.batch.overview import key_figures

    return key_figures(results)
