"""What is stale: content hashes of everything a stage's outputs depend on, and the state file per case.

A stage is up to date when the hash of (its notebook, the parameters, the case tables it reads, the
package's code and catalogs, and the hashes of the earlier stages it needs) equals the hash stored
when it last succeeded, and its outputs exist. The raw bytes of the case file are hashed first: when
they did not change, the stored table fingerprints are reused, so a rebuild with nothing changed
neither loads a case nor starts a kernel.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from workbook.results import atomic_write

__all__ = ["PACKAGE", "load_state", "package_hash", "save_state", "source_hash", "stage_hashes"]

PACKAGE = Path(__file__).resolve().parents[1]
STATE = "state.json"


@functools.cache
def package_hash() -> str:
    """A hash of the package's code, lessons and catalogs: a new version makes every output stale."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".md", ".po", ".j2", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def source_hash(path: Path) -> str:
    """A hash of the case's raw bytes (the file, or every CSV of the folder)."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@functools.cache
def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stage_hashes(stages, tables: dict[str, str], notebooks: Path, parameters: dict) -> dict[int, str]:
    """The input hash of each stage in ``stages`` (in chain order).

    Args:
        stages: ``Stage`` objects, earlier first.
        tables: table id → fingerprint of that table of the case.
        notebooks: the folder of stage notebooks.
        parameters: what the batch passes to every notebook apart from paths (language, …).
    """
    hashes: dict[int, str] = {}
    for stage in stages:
        digest = hashlib.sha256()
        digest.update(package_hash().encode())
        digest.update(_file_hash(notebooks / stage.notebook).encode())
        digest.update(json.dumps(parameters, sort_keys=True).encode())
        for table_id in sorted(stage.tables):
            digest.update(f"{table_id}={tables.get(table_id, '')}".encode())
        for number in stage.needs:
            digest.update(hashes.get(number, "absent").encode())
        hashes[stage.number] = digest.hexdigest()
    return hashes


def load_state(folder: Path) -> dict:
    """The saved state of a case's output folder (empty when there is none or it is unreadable)."""
    try:
        return json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(folder: Path, state: dict) -> None:
    atomic_write(folder / STATE, json.dumps(state, ensure_ascii=False, indent=1, default=str))
