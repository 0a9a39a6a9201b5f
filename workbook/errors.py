"""The workbook's exceptions. Each carries the fields code needs, and a message in the reader's language.

All of them pickle (tests check it), because the batch runner passes them between processes.
"""

from __future__ import annotations

__all__ = ["CaseDataError", "MissingStageResultError", "ParameterError", "WorkbookError"]


class WorkbookError(Exception):
    """Base of every error the workbook raises on purpose; its text is meant for users."""


class CaseDataError(WorkbookError, ValueError):
    """The case has errors, so a stage cannot run. ``problems`` lists them, located."""

    def __init__(self, problems, tr=None):
        self.problems = list(problems)
        if tr is None:
            text = f"{len(self.problems)} error(s) in the case data"
        else:
            head = tr("The case has errors; fix them and run again:")
            text = "\n".join([head] + [f"  • {p.describe(tr)}" for p in self.problems])
        super().__init__(text)

    def __reduce__(self):
        return (_case_data_error, (self.problems, str(self)))


def _case_data_error(problems, text):
    error = CaseDataError(problems)
    error.args = (text,)
    return error


class MissingStageResultError(WorkbookError, LookupError):
    """A stage needs the saved result of an earlier stage that is not there."""

    def __init__(self, message: str, stage: int, case_id: str):
        super().__init__(message)
        self.stage = stage
        self.case_id = case_id

    def __reduce__(self):
        return (type(self), (self.args[0], self.stage, self.case_id))


class ParameterError(WorkbookError, ValueError):
    """A notebook or command parameter has a value the workbook cannot use."""

    def __init__(self, message: str, name: str, value):
        super().__init__(message)
        self.name = name
        self.value = value

    def __reduce__(self):
        return (type(self), (self.args[0], self.name, self.value))
