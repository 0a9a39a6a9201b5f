"""The batch runner: fast path equal to papermill, incremental, fault-isolated, resumable, safe outputs.

These tests execute notebooks (seconds each); they share a few builds through module fixtures.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from openpyxl import load_workbook

from tests.conftest import CASES, ROOT, TEST_CASES
from workbook.batch.cases import collect
from workbook.batch.engine import execute, restart
from workbook.batch.runner import run_batch
from workbook.case.generate import Spec, generate, national_specs, write_case

pytestmark = pytest.mark.slow


def outputs(path: Path) -> list:
    """The cells' outputs, without what legitimately differs between runs (timings, execution counts)."""
    notebook = nbformat.read(str(path), as_version=4)
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            found.append([{k: v for k, v in o.items() if k not in ("execution_count", "metadata")}
                          for o in cell.outputs])
    return found


def copy_case(tmp_path: Path, name: str = "ak-tash.xlsx") -> Path:
    target = tmp_path / "cases" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CASES / name, target)
    return target


class TestFastPath:
    """The warm-kernel engine gives what a fresh `papermill` run gives."""

    def test_same_outputs_as_papermill(self, tmp_path):
        """Stage 0 run warm (after another case ran in the same kernel) equals papermill's fresh-kernel run."""
        case = str(CASES / "ak-tash.xlsx")
        common = {"lang": "ky", "interactive": False}
        papermill.execute_notebook(str(ROOT / "notebooks" / "00_profile.ipynb"), str(tmp_path / "fresh.ipynb"),
                                   parameters={**common, "case": case, "results": str(tmp_path / "r1")},
                                   progress_bar=False, cwd=str(ROOT), execution_timeout=300)
        try:
            execute(ROOT / "notebooks" / "00_profile.ipynb", tmp_path / "other.ipynb",
                    {**common, "case": str(CASES / "jany-jol.xlsx"), "results": str(tmp_path / "r0")}, ROOT)
            execute(ROOT / "notebooks" / "00_profile.ipynb", tmp_path / "warm.ipynb",
                    {**common, "case": case, "results": str(tmp_path / "r1")}, ROOT)
        finally:
            restart()
        fresh, warm = outputs(tmp_path / "fresh.ipynb"), outputs(tmp_path / "warm.ipynb")
        assert warm == fresh
        assert any(fresh)  # the notebook did show something


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory):
    """Two good cases, one with a data error, one whose stage notebook fails; built once for several tests."""
    tmp = tmp_path_factory.mktemp("mixed")
    cases = tmp / "cases"
    cases.mkdir()
    for name in ("ak-tash.xlsx", "taza-bulak"):
        (shutil.copytree if (CASES / name).is_dir() else shutil.copy)(CASES / name, cases / name)
    broken = cases / "broken"
    shutil.copytree(TEST_CASES / "hand_checked", broken)
    text = (broken / "villages.csv").read_text().replace("V2,Upper,600,120", "V2,Upper,600,-120")
    (broken / "villages.csv").write_text(text)
    # a project copy whose stage-0 notebook fails for one municipality only
    root = tmp / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    notebook = nbformat.read(str(root / "notebooks" / "00_profile.ipynb"), as_version=4)
    notebook.cells.insert(5, nbformat.v4.new_code_cell('if "taza" in case:\n    raise RuntimeError("boom in stage 0")'))
    nbformat.write(notebook, str(root / "notebooks" / "00_profile.ipynb"))
    out = tmp / "out"
    started = time.perf_counter()
    result = run_batch([str(cases)], "en", (0,), {"html", "xlsx"}, 2, out, root=root)
    return result, out, root, cases, time.perf_counter() - started


class TestFaults:
    """One broken case does not stop the others."""

    def test_good_cases_are_built(self, mixed_batch):
        result, out, *_ = mixed_batch
        status = {r.case_id: r.status for r in result.reports}
        assert status == {"ak-tash": "ok", "taza-bulak": "failed", "broken": "failed"}
        assert (out / "ak-tash" / "ak-tash.html").exists() and (out / "ak-tash" / "ak-tash.xlsx").exists()
        assert result.exit_status == 1

    def test_data_error_names_file_and_row(self, mixed_batch):
        """The validation failure says where: file, row, column."""
        result, out, *_ = mixed_batch
        failure = next(r for r in result.reports if r.case_id == "broken").failure
        assert failure["stage"] == "validation"
        assert failure["message"] == "villages.csv, row 3, column «households»: Found «-120», expected at least 0."
        assert "-120" in (out / "broken" / "problems.html").read_text()

    def test_failed_stage_keeps_its_notebook(self, mixed_batch):
        """The failing stage's partial notebook carries papermill's error marker; no finished-looking file."""
        result, out, *_ = mixed_batch
        failure = next(r for r in result.reports if r.case_id == "taza-bulak").failure
        assert (failure["stage"], failure["exception"]) == (0, "RuntimeError")
        assert "boom in stage 0" in failure["message"]
        failed = nbformat.read(str(out / "taza-bulak" / failure["notebook"]), as_version=4)
        assert any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in failed.cells)
        assert not (out / "taza-bulak" / "notebooks" / "00_profile.ipynb").exists()

    def test_overview_lists_everyone(self, mixed_batch):
        """index.html lists all three with their status, and links the failed notebook."""
        _, out, *_ = mixed_batch
        index = (out / "index.html").read_text()
        assert index.count("class='wb-failed'") == 2 and index.count("class='wb-ok'") == 1
        assert "notebooks/00_profile.failed.ipynb" in index
        rows = list(load_workbook(out / "overview.xlsx")["Municipalities"].iter_rows(values_only=True))
        assert len(rows) == 4


class TestIncremental:
    """Only what changed is built again."""

    def test_no_change_does_nothing(self, mixed_batch):
        """A second run executes nothing that is done; only the failed stage is tried again."""
        first, out, root, cases, _ = mixed_batch
        again = run_batch([str(cases)], "en", (0,), {"html", "xlsx"}, 2, out, root=root)
        assert {r.case_id: r.ran for r in again.reports} == {"ak-tash": [], "broken": [], "taza-bulak": [0]}

    def test_changed_case_is_rebuilt_alone(self, tmp_path):
        """After editing one case, only that municipality runs again."""
        cases = tmp_path / "cases"
        for name in ("ak-tash.xlsx", "orto-say.xlsx"):
            copy_case(tmp_path, name)
        out = tmp_path / "out"
        run_batch([str(cases)], "ru", (0,), {"html"}, 2, out)
        tables = generate(Spec("mountain", 3, name="Ak-Tash aiyl aimak"))
        tables["commission"] = tables["commission"].head(4)
        write_case(tables, cases / "ak-tash.xlsx", "ru")
        again = run_batch([str(cases)], "ru", (0,), {"html"}, 2, out)
        assert {r.case_id: r.ran for r in again.reports} == {"ak-tash": [0], "orto-say": []}


    def test_only_downstream_stages_rerun(self, tmp_path):
        """Changing survey answers re-runs stage 3 only; stages 0-2 do not read them."""
        cases = tmp_path / "cases"
        shutil.copytree(CASES / "taza-bulak", cases / "taza-bulak")
        out = tmp_path / "out"
        first = run_batch([str(cases)], "en", (0, 1, 2, 3), {"html"}, 1, out)
        assert first.reports[0].ran == [0, 1, 2, 3]
        wtp = cases / "taza-bulak" / "survey_wtp.csv"
        lines = wtp.read_text().splitlines()
        wtp.write_text("\n".join(lines[:-1]) + "\n")  # one answer fewer
        again = run_batch([str(cases)], "en", (0, 1, 2, 3), {"html"}, 1, out)
        assert again.reports[0].ran == [3]


class TestResume:
    """A killed batch leaves no finished-looking partial file and continues where it stopped."""

    def test_kill_and_resume(self, tmp_path):
        for name in ("ak-tash.xlsx", "orto-say.xlsx", "jany-jol.xlsx"):
            copy_case(tmp_path, name)
        out = tmp_path / "out"
        command = [sys.executable, "-m", "workbook", "build", str(tmp_path / "cases"), "--stages", "0", "--jobs", "1",
                   "--format", "html,xlsx", "--out", str(out), "--lang", "en"]
        process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 240
        while time.time() < deadline and not list(out.glob("*/*.html")):
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        finished = list(out.glob("*/*.html"))
        assert finished, "the batch was killed before any municipality finished"
        for html_file in out.glob("*/*.html"):
            assert html_file.read_text().rstrip().endswith("</html>")
        done_before = {p.parent.name for p in finished}
        result = run_batch([str(tmp_path / "cases")], "en", (0,), {"html", "xlsx"}, 1, out)
        assert all(r.status == "ok" for r in result.reports)
        assert {r.case_id for r in result.reports if not r.ran} >= done_before
        assert not list(out.rglob("*.part")) and not list(out.rglob(".*.part.ipynb"))


class TestSafety:
    """User text cannot inject markup or formulas, and a name cannot steer a path."""

    def test_escaping(self, tmp_path):
        tables = generate(Spec("mountain", 3))
        tables["profile"].loc[0, "name"] = "<script>alert('x')</script> aimak"
        tables["villages"].loc[0, "name"] = "=HYPERLINK(\"http://evil\")"
        case = write_case(tables, tmp_path / "cases" / "evil.xlsx", "en")
        out = tmp_path / "out"
        run_batch([str(case)], "en", (0,), {"html", "xlsx"}, 1, out)
        page = (out / "evil" / "evil.html").read_text()
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
        assert "<script>" not in (out / "index.html").read_text()
        sheet = load_workbook(out / "evil" / "evil.xlsx")["0. Villages"]
        cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(\"http://evil\")"]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)

    @pytest.mark.parametrize("name", ["../../outside", "..", "a b/../../c", "/etc/passwd", "<i>x</i>"])
    def test_case_names_stay_inside(self, tmp_path, name):
        """Whatever a case is called, its output folder is a plain name directly inside the output folder."""
        from workbook.case.load import slug

        safe = slug(name)
        assert "/" not in safe and "\\" not in safe and safe not in ("", ".", "..")
        out = (tmp_path / "out").resolve()
        assert (out / safe).resolve().parent == out

    def test_listed_path_gets_a_safe_id(self, tmp_path):
        """A list file naming a case through '..' still gives an id that is a plain name."""
        case = copy_case(tmp_path)
        listing = tmp_path / "sub" / "list.txt"
        listing.parent.mkdir()
        listing.write_text("# cases\n../cases/ak-tash.xlsx\n")
        refs, _ = collect([str(listing)])
        assert [(r.path, r.id) for r in refs] == [(case.resolve(), "ak-tash")]


class TestPdf:
    """PDF through chromium, and a clear message without it."""

    def test_no_chromium(self, tmp_path, monkeypatch):
        """Without chromium: HTML and XLSX are made, PDF is skipped with a message, exit status 1."""
        monkeypatch.setenv("WORKBOOK_CHROMIUM", "")
        case = copy_case(tmp_path)
        result = run_batch([str(case)], "en", (0,), {"html", "pdf", "xlsx"}, 1, tmp_path / "out")
        assert result.pdf_skipped and result.exit_status == 1
        assert (tmp_path / "out" / "ak-tash" / "ak-tash.html").exists()
        assert not (tmp_path / "out" / "ak-tash" / "ak-tash.pdf").exists()

    def test_no_chromium_message(self, tmp_path):
        """The command line says what to do, in words, with no traceback."""
        case = copy_case(tmp_path)
        run = subprocess.run([sys.executable, "-m", "workbook", "build", str(case), "--stages", "0", "--format",
                              "pdf", "--out", str(tmp_path / "out"), "--lang", "en"], capture_output=True, text=True,
                             env={**os.environ, "WORKBOOK_CHROMIUM": ""})
        assert run.returncode == 1
        assert "chromium was not found" in run.stderr and "Traceback" not in run.stderr

    def test_kyrgyz_pdf(self, tmp_path):
        """A Kyrgyz workbook prints with page numbers, the letters ң ө ү as text, the font embedded."""
        from workbook.render.pdf import find_chromium

        if find_chromium() is None or shutil.which("pdftotext") is None:
            pytest.skip("chromium or poppler-utils not installed (.ci/run installs them)")
        case = copy_case(tmp_path)
        run_batch([str(case)], "ky", (0,), {"pdf"}, 1, tmp_path / "out")
        pdf = tmp_path / "out" / "ak-tash" / "ak-tash.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert set("ңөү") <= set(text)
        assert re.search(r"\b1\s*/\s*\d+\b", text)  # the footer's page numbers
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "DejaVuSans" in fonts


class TestSoateList:
    """A SOATE-coded municipality list selects and names cases."""

    def test_select_by_list(self, tmp_path, real_data):
        import pandas as pd

        units = pd.read_csv(real_data / "kgz_soate_units_pre_reform" / "kgz_soate_units_pre_reform.csv",
                            dtype={"soate_code": str})
        specs = [s for s in national_specs(6, municipalities=units)[2:]]
        for i, spec in enumerate(specs):
            write_case(generate(spec), tmp_path / "cases" / f"case{i}", "en")
        listing = units[units["soate_code"].isin([specs[0].soate_code, specs[1].soate_code, "41799999999999"])]
        listing = pd.concat([listing, pd.DataFrame([{"soate_code": "41799999999999", "name_ru": "Нет такого"}])])
        listing.to_csv(tmp_path / "list.csv", index=False)
        refs, missing = collect([str(tmp_path / "cases"), str(tmp_path / "list.csv")])
        assert sorted(r.name for r in refs) == sorted(units.set_index("soate_code").loc[
            [specs[0].soate_code, specs[1].soate_code], "name_ru"])
        assert missing == ["41799999999999"]


class TestOffline:
    """The HTML needs no network: no scripts, no remote addresses, nothing fetched."""

    def test_html_is_self_contained(self, mixed_batch):
        _, out, *_ = mixed_batch
        page = (out / "ak-tash" / "ak-tash.html").read_text()
        assert "<script" not in page
        assert "src=\"http" not in page and "href=\"http" not in page and "url(http" not in page
        assert "@font-face" in page and "<math" in page

    def test_browser_fetches_nothing(self, mixed_batch):
        """Opened in chromium, the page makes no request beyond itself (fonts and charts are inline)."""
        from workbook.render.pdf import find_chromium

        if find_chromium() is None:
            pytest.skip("chromium not installed (.ci/run installs it)")
        from playwright.sync_api import sync_playwright

        _, out, *_ = mixed_batch
        requests = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "ak-tash" / "ak-tash.html").resolve().as_uri(), wait_until="networkidle")
            heights = page.evaluate("Array.from(document.querySelectorAll('.wb-chart svg'))"
                                    ".map(s => s.getBoundingClientRect().height)")
            browser.close()
        assert [u for u in requests if not u.startswith("file://")] == []
        assert heights and min(heights) > 50  # the charts (inline SVG) are drawn
