"""Packaging: environment.yml and pyproject.toml list the same dependencies; errors cross processes."""

from __future__ import annotations

import pickle
import re
import tomllib

import yaml

from tests.conftest import ROOT
from workbook.case.problems import ERROR, Msg, Problem, Share
from workbook.errors import CaseDataError, MissingStageResultError, ParameterError
from workbook.i18n import translator


def _normalise(spec: str) -> tuple[str, str]:
    name, version = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec).groups()
    return name.lower().replace("_", "-"), version.replace(" ", "")


def test_environment_matches_pyproject():
    """Every dependency (and the test extra) appears in environment.yml with the same version range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_normalise(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {}
    for item in env["dependencies"]:
        for spec in item["pip"] if isinstance(item, dict) else [item]:
            name, version = _normalise(spec)
            if name not in ("python", "pip"):
                listed[name] = version
    assert listed == wanted


def test_errors_pickle():
    """Errors survive a pickle round trip (the batch runner passes them between processes)."""
    problem = Problem(ERROR, "Found «{value}», expected {expected}.", {"value": "x", "expected": Msg("a number")},
                      file="v.csv", row=3, column="population")
    for error in (CaseDataError([problem], translator("en")), MissingStageResultError("m", 1, "c"),
                  ParameterError("p", "lang", "kz")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error)
    again = pickle.loads(pickle.dumps(problem))
    assert again.describe(translator("en")) == problem.describe(translator("en"))
    assert isinstance(pickle.loads(pickle.dumps(Share(0.3))), Share)
