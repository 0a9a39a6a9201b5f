"""What a stage hands on: ``StageResult``, saved per case and stage, loaded by the stages after it.

A result is plain data: scalar ``values``, ``tables`` (DataFrames with stable column ids), the
``params`` it was computed with, ``notes`` (problems worth showing) and a ``fingerprint`` of all its
inputs. Files are JSON (tables in pandas' "table" orientation, which keeps dtypes) and are written
atomically, so a half-written result never exists.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook.case.problems import Msg, Problem, Share

__all__ = ["StageResult", "atomic_write", "load_result", "result_path", "save_result"]


@dataclass
class StageResult:
    """The output of one stage for one case."""

    stage: int
    case_id: str
    params: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    fingerprint: str = ""

    def to_json(self) -> str:
        return json.dumps({
            "stage": self.stage,
            "case_id": self.case_id,
            "params": self.params,
            "values": {k: _plain(v) for k, v in self.values.items()},
            "tables": {k: json.loads(v.to_json(orient="table", index=False)) for k, v in self.tables.items()},
            "notes": [{"severity": n.severity, "message": n.message, "params": {k: _tagged(v) for k, v in n.params.items()},
                       "table": n.table} for n in self.notes],
            "fingerprint": self.fingerprint,
        }, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> StageResult:
        data = json.loads(text)
        tables = {k: pd.read_json(io.StringIO(json.dumps(v)), orient="table") for k, v in data["tables"].items()}
        notes = [Problem(n["severity"], n["message"], {k: _untagged(v) for k, v in n["params"].items()}, table=n["table"])
                 for n in data["notes"]]
        return cls(data["stage"], data["case_id"], data["params"], data["values"], tables, notes, data["fingerprint"])


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _tagged(value):
    """Keep the kind of a note's parameter (a message to translate, a share) through JSON."""
    if isinstance(value, Msg):
        return {"msg": str(value), "params": value.params}
    if isinstance(value, Share):
        return {"share": float(value)}
    return _plain(value)


def _untagged(value):
    if isinstance(value, dict) and "msg" in value:
        return Msg(value["msg"], **value["params"])
    if isinstance(value, dict) and "share" in value:
        return Share(value["share"])
    return value


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def result_path(results_dir, case_id: str, stage: int) -> Path:
    return Path(results_dir) / case_id / f"stage_{stage:02d}.json"


def atomic_write(path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are shared like any other file
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_result(result: StageResult, results_dir) -> Path:
    """Save ``result`` under ``results_dir/<case_id>/stage_NN.json``."""
    return atomic_write(result_path(results_dir, result.case_id, result.stage), result.to_json())


def load_result(results_dir, case_id: str, stage: int) -> StageResult | None:
    """The saved result, or None when there is none."""
    path = result_path(results_dir, case_id, stage)
    if not path.exists():
        return None
    return StageResult.from_json(path.read_text(encoding="utf-8"))
