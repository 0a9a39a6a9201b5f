"""Batch benchmark: `workbook build` against the naive papermill loop, plus the national run.

Run with `make bench` (or `.venv/bin/python benchmarks/batch.py --help`). In one run on one machine it

1. generates synthetic municipalities (`workbook generate`);
2. times the naive baseline on a sample of them: the `papermill` command line once per stage
   notebook, one after another, each followed by `jupyter nbconvert --to html` (what the naive loop
   needs to make HTML); both parts are timed and printed, so the ratio against papermill alone is
   shown too;
3. times `workbook build --format html` on the same sample, fresh output folder;
4. builds the whole national set (264 by default) to HTML and XLSX, sampling the peak memory of the
   whole process tree (runner, workers, kernels);
5. runs the same build again with nothing changed;

and prints seconds per notebook for both, their ratio, the peak memory and the no-change time, each
against its target. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"ratio": 15.0, "national_minutes": 15.0, "peak_gib": 2.0, "nochange_seconds": 15.0}


def run(command: list[str], sample_memory: bool = False) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak resident memory of its process tree in GiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample():
        nonlocal peak
        parent = psutil.Process(process.pid)
        while not stop.is_set():
            try:
                tree = [parent] + parent.children(recursive=True)
                total = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:
                total = 0  # a process ended between listing and reading; the next sample counts again
            peak = max(peak, total / 2**30)
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True) if sample_memory else None
    if sampler:
        sampler.start()
    _, errors = process.communicate()
    stop.set()
    if sampler:
        sampler.join()
    if process.returncode not in (0,):
        print(errors[-2000:], file=sys.stderr)
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - started, peak


def stage_notebooks(stages: list[int]) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from workbook.stages import STAGES

    return [ROOT / "notebooks" / STAGES[n].notebook for n in stages]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=264, help="municipalities in the national run")
    parser.add_argument("--sample", type=int, default=12, help="municipalities timed against the baseline")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from workbook.stages import STAGES

    stages = sorted(STAGES)
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    cases = work / "cases"
    print(f"generating {args.count} synthetic municipalities …", flush=True)
    seconds, _ = run([str(BIN / "workbook"), "generate", "--count", str(args.count), "--out", str(cases),
                      "--format", "csv", "--seed", "1"])
    print(f"  {seconds:.1f} s")
    sample = sorted(cases.iterdir())[: args.sample]
    notebooks = stage_notebooks(stages)
    n_notebooks = len(sample) * len(notebooks)

    print(f"baseline: papermill CLI, then nbconvert CLI to HTML, {n_notebooks} notebooks one after another …",
          flush=True)
    baseline_out = work / "baseline"
    baseline_out.mkdir(parents=True)
    executing = converting = 0.0
    for case in sample:
        for notebook in notebooks:
            executed = baseline_out / f"{case.name}-{notebook.name}"
            seconds, _ = run([str(BIN / "papermill"), str(notebook), str(executed),
                              "-p", "case", str(case), "-p", "lang", "ru", "-p", "interactive", "False",
                              "-p", "results", str(baseline_out / "results"), "--no-progress-bar"])
            executing += seconds
            seconds, _ = run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
            converting += seconds
    baseline = executing / n_notebooks
    baseline_html = (executing + converting) / n_notebooks

    print("workbook build on the same sample, HTML …", flush=True)
    sample_list = work / "sample.txt"
    sample_list.write_text("\n".join(str(c) for c in sample) + "\n")
    seconds, _ = run([str(BIN / "workbook"), "build", str(sample_list), "--lang", "ru", "--format", "html",
                      "--jobs", str(args.jobs), "--out", str(work / "fast")])
    fast = seconds / n_notebooks

    print(f"national run: {args.count} municipalities × {len(stages)} stages, HTML + XLSX …", flush=True)
    national, peak = run([str(BIN / "workbook"), "build", str(cases), "--lang", "ru", "--format", "html,xlsx",
                          "--jobs", str(args.jobs), "--out", str(work / "national")], sample_memory=True)
    print("no-change rebuild …", flush=True)
    nochange, _ = run([str(BIN / "workbook"), "build", str(cases), "--lang", "ru", "--format", "html,xlsx",
                       "--jobs", str(args.jobs), "--out", str(work / "national")])

    ratio = baseline_html / fast
    rows = [
        ("baseline: papermill CLI only, s per notebook", f"{baseline:.2f}", ""),
        ("baseline: papermill + nbconvert to HTML, s per notebook", f"{baseline_html:.2f}", ""),
        ("workbook build to HTML, same municipalities, s per notebook", f"{fast:.3f}", ""),
        ("speed-up for HTML output", f"{ratio:.1f}×", f"≥ {TARGETS['ratio']:.0f}×"),
        ("speed-up against papermill alone (no HTML)", f"{baseline / fast:.1f}×", ""),
        (f"national run, {args.count} × {len(stages)} notebooks, minutes", f"{national / 60:.1f}",
         f"≤ {TARGETS['national_minutes']:.0f}"),
        ("  s per notebook", f"{national / (args.count * len(stages)):.3f}", ""),
        ("peak memory of the process tree, GiB", f"{peak:.2f}", f"≤ {TARGETS['peak_gib']:.0f}"),
        ("no-change rebuild, s", f"{nochange:.1f}", f"≤ {TARGETS['nochange_seconds']:.0f}"),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    for label, value, target in rows:
        print(f"{label:<{width}}  {value:>8}  {target}")
    missed = [name for name, ok in [("ratio", ratio >= TARGETS["ratio"]),
                                    ("national", national / 60 <= TARGETS["national_minutes"]),
                                    ("memory", peak <= TARGETS["peak_gib"]),
                                    ("no-change", nochange <= TARGETS["nochange_seconds"])] if not ok]
    print("\nall targets met" if not missed else f"\nmissed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
