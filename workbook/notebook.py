"""What a stage notebook calls: one ``StageSession`` per notebook run.

The session resolves the parameters (case path, language, results folder), loads the case once per
process (a warm kernel reuses it between stages), shows the stage header, lessons and notes in the
chosen language, runs the stage computation and saves its result for the stages after it.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from IPython.display import HTML, Markdown

from workbook.case import Case, load_case
from workbook.case.problems import count_label
from workbook.errors import WorkbookError
from workbook.i18n import translator
from workbook.i18n.catalogs import lesson_blocks
from workbook.show import charts
from workbook.show.tables import format_value
from workbook.stages import get_stage, run_stage

__all__ = ["StageSession", "cached_case", "find_path", "open_stage"]

_CASES: dict[tuple, Case] = {}
_UNFILLED = re.compile(r"\{\{\s*\w+\s*\}\}")
LESSONS = Path(__file__).resolve().parent / "lessons"


def find_path(path) -> Path:
    """``path`` as given if it exists, else relative to the nearest parent folder where it exists.

    A notebook opened in JupyterLab runs in ``notebooks/``, papermill usually in the project root: the
    same default ``data/cases/…`` works in both.
    """
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    for parent in Path.cwd().resolve().parents:
        if (parent / path).exists():
            return parent / path
    return path


def cached_case(path) -> Case:
    """The case at ``path``, loaded once per process while the file is unchanged."""
    path = Path(path).resolve()
    stat = path.stat() if path.is_file() else max((p.stat() for p in path.glob("*.csv")), default=None,
                                                    key=lambda s: s.st_mtime_ns)
    key = (str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if key not in _CASES:
        _CASES.clear()
        _CASES[key] = load_case(path)
    return _CASES[key]


def _show_error(shell, etype, value, tb, tb_offset=None):
    """Show a workbook error as its message only: users get words, not a traceback."""
    print(str(value))
    return [str(value)]


class StageSession:
    """The notebook's handle on one stage run; see the module docstring."""

    def __init__(self, number: int, case: str, lang: str, interactive: bool = False, results: str = ""):
        self.stage = get_stage(number)
        self.tr = translator(lang)
        self.interactive = bool(interactive)
        charts.style()
        _install_error_display()
        case_path = find_path(case)
        self.case = cached_case(case_path)
        root = case_path.resolve().parent
        while root != root.parent and not (root / "pyproject.toml").exists():
            root = root.parent
        base = root if (root / "pyproject.toml").exists() else Path.cwd()
        self.results_dir = Path(results) if results else base / "build" / "results"
        self.result = None

    # --- display -------------------------------------------------------------------------------
    def header(self) -> HTML:
        """Stage title, municipality, a banner for synthetic data, and the case's warnings."""
        tr, case = self.tr, self.case
        parts = [f"<h1>{html.escape(tr('Stage {n}', n=self.stage.number))} · {html.escape(tr(self.stage.title))}</h1>",
                 f"<p class='wb-municipality'><b>{html.escape(case.name)}</b></p>"]
        if case.synthetic:
            parts.append(f"<div class='wb-synthetic'>{html.escape(tr('Synthetic training data: not a real municipality.'))}</div>")
        relevant = [p for p in case.problems if not p.table or p.table in self.stage.tables]
        if relevant:
            items = "".join(f"<li>{html.escape(p.describe(tr))}</li>" for p in relevant)
            summary = html.escape(tr("The case data has remarks: {counts}", counts=count_label(relevant, tr)))
            parts.append(f"<details class='wb-notes'><summary>{summary}</summary><ul>{items}</ul></details>")
        return HTML("\n".join(parts))

    def lesson(self, block: str, **fields) -> Markdown:
        """A block of this stage's lesson in the reader's language, its ``{{fields}}`` filled in.

        Fields come from the result's values (formatted per the stage's ``FORMATS``) and ``fields``.
        """
        return self.block(self.stage.slug, block, **fields)

    def block(self, lesson: str, block: str, **fields) -> Markdown:
        """A block of the lesson file ``lessons/<lesson>.md``, translated and filled in as ``lesson`` does."""
        blocks = _lesson(lesson)
        if block not in blocks:
            raise WorkbookError(f"No lesson block {block!r} in {lesson}.md; known: {', '.join(blocks)}")
        text = self.tr(blocks[block][1])
        values = {}
        if self.result is not None:
            formats = self.stage.module.FORMATS
            values = {k: format_value(v, formats.get(k, "text"), self.tr) for k, v in self.result.values.items()}
        values.update({k: str(v) for k, v in fields.items()})
        for name, value in values.items():
            text = text.replace("{{" + name + "}}", html.escape(value))
        return Markdown(_UNFILLED.sub("–", text))  # a figure the case lacks is a dash, never a raw {{field}}

    def notes(self) -> HTML:
        """The remarks the computation made (norms not met, data missing), or nothing."""
        if self.result is None or not self.result.notes:
            return HTML("")
        items = "".join(f"<li>{html.escape(n.text(self.tr))}</li>" for n in self.result.notes)
        return HTML(f"<div class='wb-warning'><b>{html.escape(self.tr('Remarks'))}</b><ul>{items}</ul></div>")

    # --- computing ------------------------------------------------------------------------------
    def run(self, **params):
        """Compute the stage (stopping with the case's errors, if any) and keep the result."""
        self.case.check(self.tr.lang)
        self.result = run_stage(self.stage.number, self.case, self.results_dir, save=False, **params)
        return self.result

    def save(self) -> HTML:
        """Save the result for the stages after this one."""
        from workbook.results import save_result

        path = save_result(self.result, self.results_dir)
        return HTML(f"<p class='wb-saved'>{html.escape(self.tr('Results saved for the next stages.'))}</p>"
                    f"<!-- {html.escape(path.name)} -->")


@functools.cache
def _lesson(slug: str) -> dict:
    """The blocks of a stage's lesson file (read once per process; the package does not change while running)."""
    return lesson_blocks((LESSONS / f"{slug}.md").read_text(encoding="utf-8"))


def _install_error_display() -> None:
    try:
        shell = get_ipython()  # noqa: F821 (defined inside IPython)
    except NameError:
        return
    shell.set_custom_exc((WorkbookError,), _show_error)


def open_stage(number: int, case: str, lang: str, interactive: bool = False, results: str = "") -> StageSession:
    """Start a stage notebook: see ``StageSession``."""
    return StageSession(number, case, lang, interactive, results)


