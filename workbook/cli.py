"""The ``workbook`` command: parse arguments, call the package, print in the user's language.

Exit statuses: 0 success; 1 warnings only (validate) or some municipalities failed (build); 2 errors
in the data or a usage error; 3 an unexpected internal error (its traceback goes to a log file, never
to the screen).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

import click

from workbook.i18n import LANGS, translator

__all__ = ["main"]

LANG_OPTION = click.option("--lang", type=click.Choice(LANGS), default=lambda: os.environ.get("WORKBOOK_LANG", "ru"),
                           show_default="ru, or $WORKBOOK_LANG", help="Language of messages and outputs.")


@click.group()
@click.version_option(package_name="service-strategy-workbook")
def cli():
    """Service-strategy workbook: case templates, validation, sample data and batch workbooks."""


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@LANG_OPTION
def template(out: Path, lang: str):
    """Write a blank input spreadsheet OUT.xlsx with headers and lists in LANG."""
    from workbook.case.template import write_template

    tr = translator(lang)
    write_template(out, lang)
    click.echo(tr("Template written: {path}", path=out))


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@LANG_OPTION
def validate(case: Path, lang: str):
    """Check CASE (.xlsx or folder of CSV files) and list every problem at once."""
    from workbook.case.problems import count_label
    from workbook.case.validate import exit_status
    from workbook.case.validate import validate as run_validation

    tr = translator(lang)
    loaded = run_validation(case)
    for problem in loaded.problems:
        label = tr("ERROR") if problem.is_error else tr("WARNING")
        click.secho(f"{label}: {problem.describe(tr)}", fg="red" if problem.is_error else "yellow")
    status = exit_status(loaded.problems)
    summary = tr("The case is valid.") if status == 0 else count_label(loaded.problems, tr)
    click.secho(f"{case}: {summary}", bold=True)
    sys.exit(status)


@cli.command()
@click.option("--count", type=click.IntRange(1, 5000), default=None, help="How many synthetic municipalities.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same cases).")
@click.option("--soate", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="SOATE list (CSV) lending real names, codes and village names.")
@click.option("--samples", is_flag=True, help="Write the six bundled sample cases instead.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@LANG_OPTION
def generate(count, out: Path, seed: int, soate, samples: bool, fmt: str, lang: str):
    """Write synthetic municipality cases (marked synthetic) for training and benchmarks."""
    from workbook.case.generate import write_national, write_samples

    tr = translator(lang)
    if samples:
        paths = write_samples(out)
    else:
        if count is None:
            raise click.UsageError(tr("Give --count N or --samples."))
        paths = write_national(out, count, seed=seed, soate=soate, fmt=fmt, lang=lang)
    click.echo(tr("{n} cases written to {path}", n=len(paths), path=out))


def _stage_list(text: str) -> tuple[int, ...]:
    from workbook.stages import STAGES

    numbers: set[int] = set()
    try:
        for part in text.split(","):
            if "-" in part:
                low, high = part.split("-")
                numbers.update(range(int(low), int(high) + 1))
            elif part.strip():
                numbers.add(int(part))
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected numbers like 0-3 or 0,2") from None
    unknown = numbers - set(STAGES)
    if unknown:
        raise click.BadParameter(f"no stage {sorted(unknown)}; the stages are {', '.join(map(str, STAGES))}")
    return tuple(sorted(numbers))


@cli.command()
@click.argument("cases", nargs=-1, required=True)
@LANG_OPTION
@click.option("--stages", default=None, help="Stages to build, e.g. 0-3 or 0,2 (default: all; earlier stages a "
              "stage needs are built too).")
@click.option("--format", "formats", default="html,xlsx", show_default=True, help="Outputs: html, pdf, xlsx.")
@click.option("--jobs", type=click.IntRange(1, 64), default=lambda: os.cpu_count() or 1,
              show_default="number of CPUs", help="Municipalities built in parallel.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build/workbooks"),
              show_default=True, help="Output folder.")
@click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date.")
def build(cases, lang, stages, formats, jobs, out, force):
    """Build the workbook of every municipality in CASES (case files, folders of cases, list files).

    A SOATE-coded municipality list (CSV with soate_code and name_ru columns) among CASES selects the
    cases whose profile has a listed code and names them as the list does.
    """
    # jsonschema (under nbformat) imports rfc3987_syntax, which compiles a grammar for 2-3 s at import
    # time (python-jsonschema/jsonschema#1428) only to check "iri" strings, which notebooks never hold.
    # Marking it absent makes jsonschema skip that one format check.
    sys.modules.setdefault("rfc3987_syntax", None)
    from workbook.batch.runner import run_batch, write_log
    from workbook.stages import STAGES

    tr = translator(lang)
    wanted = {f.strip() for f in formats.split(",") if f.strip()}
    if not wanted or wanted - {"html", "pdf", "xlsx"}:
        raise click.BadParameter(f"{formats!r}: choose from html, pdf, xlsx", param_hint="--format")
    numbers = _stage_list(stages) if stages else tuple(STAGES)
    result = run_batch(cases, lang, numbers, wanted, jobs, out, force)
    write_log(result, out, lang)
    for report in result.failed:
        from workbook.batch.overview import _failure_text

        click.secho(f"{tr('failed')}: {report.name}: {_failure_text(report, tr)}", fg="red", err=True)
    click.echo(tr("{n} municipalities: {ok} built, {failed} failed.", n=len(result.reports),
                  ok=len(result.reports) - len(result.failed), failed=len(result.failed)))
    click.echo(tr("Overview: {path}", path=Path(out) / "index.html"))
    sys.exit(result.exit_status)


def main():
    """Entry point: run the command; turn unexpected errors into a short message and a log file."""
    from workbook.errors import WorkbookError

    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except WorkbookError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(2)
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001 - the last line of defence: no traceback on the user's screen
        fd, log = tempfile.mkstemp(prefix="workbook-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            traceback.print_exc(file=fh)
        message = ("Unexpected error: {error}. Details were saved to {log}; please send that file to the "
                   "workbook team.")
        try:
            tr = translator(os.environ.get("WORKBOOK_LANG", "ru"))
            message = tr("Unexpected error: {error}. Details were saved to {log}; please send that file to the "
                         "workbook team.", error=sys.exc_info()[1], log=log)
        except Exception:  # noqa: BLE001 - the catalogs themselves may be what failed
            message = message.format(error=sys.exc_info()[1], log=log)
        click.secho(message, fg="red", err=True)
        sys.exit(3)
