"""The embedded report font: Kyrgyz letters present, cut once and then read from the cache."""

from __future__ import annotations

import base64
import io

import matplotlib
from fontTools.ttLib import TTFont

from workbook.render import fonts


def test_font_has_kyrgyz_letters_and_is_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    fonts._woff.cache_clear()
    made = fonts._woff(False)
    font = TTFont(io.BytesIO(base64.b64decode(made)))
    assert {ord(c) for c in "ңөүҢӨҮ"} <= set(font.getBestCmap())
    assert len(list(tmp_path.glob("workbook-DejaVuSans-*.woff"))) == 1

    def no_second_cut(source):
        raise AssertionError("the font was cut again instead of read from the cache")

    monkeypatch.setattr(fonts, "_subset", no_second_cut)
    fonts._woff.cache_clear()
    assert fonts._woff(False) == made
    fonts._woff.cache_clear()


def test_unwritable_cache_still_gives_the_font(tmp_path, monkeypatch):
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path / "absent"))
    fonts._woff.cache_clear()
    font = TTFont(io.BytesIO(base64.b64decode(fonts._woff(True))))
    assert ord("ө") in font.getBestCmap()
    fonts._woff.cache_clear()
