"""``workbook build``: many municipalities, in parallel, incremental, fault-isolated.

The main process decides what is stale (without loading cases or starting kernels), hands the stale
municipalities to worker processes (each keeps one warm kernel and one HTML exporter), prints PDFs as
workbooks arrive with one chromium kept open for the whole batch, and writes the programme overview.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from workbook.batch.cases import collect
from workbook.batch.municipality import Job, Report, build, chain
from workbook.batch.state import load_state, source_hash, stage_hashes
from workbook.i18n import translator
from workbook.results import atomic_write

__all__ = ["BatchResult", "ROOT", "run_batch"]

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("html", "pdf", "xlsx")


@dataclass
class BatchResult:
    """What a batch did: one report per municipality, and whether anything is missing."""

    reports: list[Report]
    missing_codes: list[str]
    pdf_skipped: bool
    seconds: float

    @property
    def failed(self) -> list[Report]:
        return [r for r in self.reports if r.status != "ok"]

    @property
    def exit_status(self) -> int:
        return 1 if self.failed or self.pdf_skipped else 0


def _stored_report(job: Job) -> Report | None:
    """The report of a municipality whose outputs are all current, or None when something is stale."""
    state = load_state(job.folder)
    if not state or state.get("source") != source_hash(job.ref.path):
        return None
    report = Report(job.ref.id, job.ref.name or state.get("profile", {}).get("name") or job.ref.id,
                    profile=state.get("profile", {}), warnings=state.get("warnings", 0),
                    figures=state.get("figures", {}))
    if state.get("status") == "failed" and (state.get("failure") or {}).get("stage") == "validation":
        report.status, report.failure = "failed", state["failure"]
        return report
    if state.get("status") != "ok" or job.force:
        return None
    stages = chain(job.stages)
    hashes = stage_hashes(stages, state["tables"], job.root / "notebooks", {"lang": job.lang})
    done = state.get("stages", {})
    for stage in stages:
        entry = done.get(str(stage.number), {})
        if entry.get("hash") != hashes[stage.number] or not (job.folder / "notebooks" / stage.notebook).exists():
            return None
        report.stages[stage.number] = "ok"
    outputs = state.get("outputs", {})
    key = "|".join(f"{s.number}:{hashes[s.number]}" for s in stages) + f"|{job.lang}"
    for fmt in job.formats:
        target = job.folder / f"{job.ref.id}.{fmt}"
        if not target.exists() or outputs.get(fmt) != key:
            return None
        report.outputs[fmt] = target.name
    return report


class _Progress:
    """A progress bar on a terminal; one plain line per municipality otherwise (CI logs)."""

    def __init__(self, total: int, done: int, tr):
        self.tr = tr
        self.total, self.done, self.failed = total, done, 0
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after the bar exists
            self.bar = tqdm(total=total, initial=done, unit=tr("municipality"), dynamic_ncols=True)

    def update(self, report: Report) -> None:
        self.done += 1
        self.failed += report.status != "ok"
        if self.bar is not None:
            self.bar.set_postfix_str(self.tr("failed: {n}", n=self.failed))
            self.bar.update(1)
        else:
            status = self.tr("built") if report.status == "ok" else self.tr("failed")
            print(f"[{self.done}/{self.total}] {status}: {report.name} ({report.seconds:.1f} s)", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _clean_partials(out: Path) -> None:
    """Remove temporary files an interrupted run left behind (they never look finished)."""
    for pattern in (".*.part", ".*.part.ipynb"):
        for partial in out.rglob(pattern):
            partial.unlink(missing_ok=True)


def _pdf(browser_box: list, report: Report, out: Path, tr) -> bool:
    """Print the municipality's HTML to PDF with the batch's browser; False when chromium is missing."""
    from workbook.render.pdf import Browser, ChromiumMissing

    folder = out / report.case_id
    source = folder / f"{report.case_id}.html"
    target = folder / f"{report.case_id}.pdf"
    state = load_state(folder)
    key = state.get("outputs", {}).get("html")
    if target.exists() and state.get("outputs", {}).get("pdf") == key:
        report.outputs["pdf"] = target.name
        return True
    if not browser_box:
        try:
            browser_box.append(Browser())
        except ChromiumMissing:
            return False
    partial = folder / f".{target.name}.part"
    footer = f"{report.name} · {tr('Service Delivery Organisation Strategy')}"
    browser_box[0].pdf(source, partial, footer)
    partial.replace(target)
    state.setdefault("outputs", {})["pdf"] = key
    from workbook.batch.state import save_state

    save_state(folder, state)
    report.outputs["pdf"] = target.name
    return True


def run_batch(arguments, lang: str, stages, formats, jobs: int, out: Path, force: bool = False,
              root: Path = ROOT) -> BatchResult:
    """Build every municipality named by ``arguments`` (see ``workbook.batch.cases``) into ``out``.

    ``root`` is the folder holding ``notebooks/`` (the project; tests point it at altered copies).
    """
    started = time.perf_counter()
    tr = translator(lang)
    refs, missing = collect(arguments)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    _clean_partials(out)
    formats = tuple(f for f in FORMATS if f in formats)
    jobs_list = [Job(ref, lang, tuple(stages), formats, out, Path(root), force) for ref in refs]
    reports, todo = [], []
    for job in jobs_list:
        stored = _stored_report(job)
        (reports.append(stored) if stored else todo.append(job))
    progress = _Progress(len(jobs_list), len(reports), tr)
    browser: list = []
    pdf_skipped = False
    if "pdf" in formats:
        from workbook.render.pdf import find_chromium

        if find_chromium() is None:
            pdf_skipped = True
            print(tr("PDF skipped: chromium was not found. Install it (Debian: sudo apt install chromium) "
                     "or set WORKBOOK_CHROMIUM to its path, then run the same command again."), file=sys.stderr)
    try:
        if todo:
            # fork (Linux) starts workers with the modules already imported; spawn elsewhere
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            if method == "fork":  # imported once here rather than once in every worker
                import workbook.batch.engine  # noqa: F401
                import workbook.render.html  # noqa: F401
                import workbook.render.xlsx  # noqa: F401
            context = multiprocessing.get_context(method)
            with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo))), mp_context=context) as pool:
                futures = {pool.submit(build, job): job for job in todo}
                for future in as_completed(futures):
                    job = futures[future]
                    try:
                        report = future.result()
                    except BrokenProcessPool as exc:
                        report = Report(job.ref.id, job.ref.name or job.ref.id, status="failed",
                                        failure={"stage": None, "message": f"worker process died: {exc}"})
                    if "pdf" in formats and not pdf_skipped and report.outputs.get("html"):
                        pdf_skipped = not _pdf(browser, report, out, tr)
                    reports.append(report)
                    progress.update(report)
        if "pdf" in formats and not pdf_skipped:
            for report in reports:
                if report.outputs.get("html") and "pdf" not in report.outputs:
                    pdf_skipped = not _pdf(browser, report, out, tr)
    finally:
        progress.close()
        if browser:
            browser[0].close()
    from workbook.batch.overview import write_overview

    write_overview(reports, out, lang, formats, missing)
    return BatchResult(reports, missing, pdf_skipped, time.perf_counter() - started)


def write_log(result: BatchResult, out: Path, lang: str) -> None:
    """A plain-text list of failures next to the overview (``failures.txt``), or nothing when all went well."""
    tr = translator(lang)
    path = Path(out) / "failures.txt"
    if not result.failed:
        path.unlink(missing_ok=True)
        return
    from workbook.batch.overview import _failure_text

    lines = [f"{r.case_id}\t{r.name}\t{_failure_text(r, tr)}" for r in result.failed]
    atomic_write(path, "\n".join(lines) + "\n")
