"""The municipality case: its format (schema), loading, validation, template and sample generator."""

from workbook.case.load import Case, load_case

__all__ = ["Case", "load_case"]
