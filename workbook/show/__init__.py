"""Showing results in a notebook: localized tables, charts, lessons and notes."""
