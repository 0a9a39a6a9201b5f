"""Keeping the message catalogs in step with the code, with Babel.

``python -m workbook.i18n.catalogs`` extracts every marked message from the package (Python calls of
``N_``, ``tr`` and ``tr.plural``) and every lesson block (``workbook/lessons/*.md``) and merges
them into the ``ky`` and ``ru`` catalogs: new messages arrive empty, changed ones
fuzzy, so ``check`` (and the test suite) fails until someone translates them.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from workbook.i18n import DOMAIN, LANGS, placeholders

__all__ = ["check", "extract", "extract_lessons", "extract_python", "lesson_blocks", "update"]

PACKAGE = Path(__file__).resolve().parents[1]
LOCALES = Path(__file__).resolve().parent / "locales"
KEYWORDS = {"N_": None, "tr": None, "plural": (1, 2)}
_BLOCK = re.compile(r"^<!--\s*([\w.-]+)\s*-->\s*$", re.MULTILINE)
_LESSON_FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def lesson_blocks(text: str) -> dict[str, tuple[int, str]]:
    """The blocks of a lesson file: name → (line number, markdown). A block starts at ``<!-- name -->``."""
    blocks = {}
    marks = list(_BLOCK.finditer(text))
    for mark, following in zip(marks, marks[1:] + [None]):
        end = following.start() if following else len(text)
        body = text[mark.end():end].strip()
        line = text.count("\n", 0, mark.start()) + 2
        blocks[mark.group(1)] = (line, body)
    return blocks


def extract_lessons(fileobj, keywords, comment_tags, options):
    """Babel extraction method for lesson files: each block is one message."""
    text = fileobj.read().decode("utf-8")
    for name, (line, body) in lesson_blocks(text).items():
        yield line, None, body, [f"lesson block: {name}"]


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel extraction method for our Python files, through ``ast`` so calls inside f-strings count too.

    Babel's own Python extractor reads tokens, and an f-string is one token: ``f"<b>{tr('Remarks')}</b>"``
    would be missed. Every call of a keyword function with literal string arguments is a message.
    """
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in keywords:
            continue
        spec = KEYWORDS[name] or (1,)
        positions = [i for i in spec if isinstance(i, int)]
        literals = []
        for position in positions:
            arg = node.args[position - 1] if len(node.args) >= position else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            literals.append(arg.value)
        else:
            yield node.lineno, name, literals[0] if len(literals) == 1 else tuple(literals), []


def lesson_fields(text: str) -> set[str]:
    """The ``{{fields}}`` a lesson block fills in from the case."""
    return set(_LESSON_FIELD.findall(text))


def _is_lesson(message) -> bool:
    return any(path.endswith(".md") for path, _ in message.locations)


def extract() -> Catalog:
    """A fresh template catalog of every message in the package."""
    catalog = Catalog(domain=DOMAIN, project="service-strategy-workbook", charset="utf-8")
    method_map = [("**.py", "workbook.i18n.catalogs:extract_python"),
                  ("lessons/**.md", "workbook.i18n.catalogs:extract_lessons")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"workbook/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    """Merge the messages found in the package into each language's ``.po`` (English needs none)."""
    template = extract()
    for lang in LANGS:
        if lang == "en":
            continue
        path = _po_path(lang)
        if path.exists():
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, domain=DOMAIN, project="service-strategy-workbook", charset="utf-8")
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        with open(path, "wb") as fh:
            write_po(fh, catalog, width=100, ignore_obsolete=True, include_lineno=False)


def check() -> list[str]:
    """Every message that lacks a usable translation, or whose translation loses a placeholder."""
    template = extract()
    report = []
    for lang in LANGS:
        if lang == "en":
            continue
        with open(_po_path(lang), "rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in template:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            found = catalog.get(message.id, context=message.context)
            strings = () if found is None else (found.string if isinstance(found.string, (tuple, list)) else (found.string,))
            if found is None or found.fuzzy or not strings or not all(strings):
                report.append(f"{lang}: untranslated: {ids[0][:70]!r}")
                continue
            fields = lesson_fields if _is_lesson(message) else placeholders
            wanted = fields(ids[-1])
            for text in strings:
                if fields(text) != wanted:
                    report.append(f"{lang}: placeholders {sorted(fields(text))} ≠ {sorted(wanted)} in {ids[0][:60]!r}")
    return report


if __name__ == "__main__":
    if sys.argv[1:] == ["check"]:
        problems = check()
        print("\n".join(problems) or "All messages are translated.")
        sys.exit(1 if problems else 0)
    update()
    print(f"Updated {LOCALES}")
