"""The stage notebooks: the parameters contract, clean commits, and execution for every case and language."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import papermill
import pytest

from tests.conftest import CASES, ROOT
from workbook.batch.engine import execute, restart
from workbook.batch.runner import run_batch
from workbook.i18n import LANGS
from workbook.stages import STAGES

NOTEBOOKS = [ROOT / "notebooks" / stage.notebook for stage in STAGES.values()]
CORE = {"case", "lang", "interactive", "results"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestContract:
    """Every stage notebook follows docs/stages.md."""

    def test_parameters(self, path):
        """One parameters cell declaring the core parameters with a type and help text papermill can read."""
        notebook = nbformat.read(str(path), as_version=4)
        tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        declared = papermill.inspect_notebook(str(path))
        assert CORE <= set(declared)
        assert all(declared[name]["help"] for name in declared)
        assert declared["interactive"]["inferred_type_name"] == "bool"

    def test_committed_clean(self, path):
        """No outputs or execution counts are committed; the first cell is removed from reports."""
        notebook = nbformat.read(str(path), as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code)
        assert "remove-cell" in notebook.cells[0].metadata.get("tags", [])

    def test_thin(self, path):
        """Notebooks call the package: no function or class definitions, no imports beyond workbook."""
        notebook = nbformat.read(str(path), as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            assert "def " not in cell.source and "class " not in cell.source
            imports = [line for line in cell.source.splitlines() if line.startswith(("import ", "from "))]
            assert all(" workbook" in line for line in imports), imports


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_plain_papermill(path, tmp_path):
    """`papermill NOTEBOOK OUT -p case … -p lang ru` runs each stage notebook as it is."""
    run = subprocess.run([sys.executable, "-m", "papermill", str(path), str(tmp_path / "out.ipynb"),
                          "-p", "case", str(CASES / "ber-bash.xlsx"), "-p", "lang", "ru", "-p", "interactive", "False",
                          "-p", "results", str(tmp_path / "results"), "--no-progress-bar",
                          "--execution-timeout", "300"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_case_every_stage(lang, tmp_path):
    """All stages run for every bundled case in each language, and render to HTML."""
    result = run_batch([str(CASES)], lang, tuple(STAGES), {"html"}, 2, tmp_path)
    failed = {r.case_id: r.failure for r in result.failed}
    assert not failed
    for report in result.reports:
        page = (tmp_path / report.case_id / f"{report.case_id}.html").read_text(encoding="utf-8")
        assert page.count("class='wb-stage'") == len(STAGES)
        assert 'class="ansi' not in page and "Traceback" not in page  # no error output was rendered


@pytest.mark.slow
def test_interactive_widgets(tmp_path):
    """With interactive=True every stage builds its widgets without error (as a trainee would see them).

    Run through the warm engine with a cell time-out: plain nbclient can, rarely, block on widget
    messages (jupyter/nbclient#312), and a test must fail rather than hang.
    """
    try:
        for path in NOTEBOOKS:
            output = tmp_path / path.name
            execute(path, output, {"case": str(CASES / "ak-tash.xlsx"), "lang": "ky", "interactive": True,
                                   "results": str(tmp_path / "results")}, ROOT, timeout=300)
            notebook = nbformat.read(str(output), as_version=4)
            widgets = [c for c in notebook.cells if "widgets" in c.metadata.get("tags", [])]
            assert widgets and all(any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                                       for o in c.outputs) for c in widgets), path.name
    finally:
        restart()
