"""The report font, embedded in every HTML file so letters look the same on every machine and in PDF.

DejaVu Sans (shipped with matplotlib, so no download) covers Latin and Cyrillic including the Kyrgyz
ң ө ү. fontTools cuts it down to the characters our languages use and packs it as WOFF.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

import matplotlib
from fontTools import subset

__all__ = ["font_face_css"]

# Basic Latin, Latin-1, Cyrillic (with Kyrgyz ң ө ү), dashes, quotes, bullets, №, ≤ ≥ ≠ − × ÷ ✓.
_UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x400, 0x500), *range(0x2010, 0x2027),
             0x2030, 0x2039, 0x203A, 0x20AC, 0x2116, 0x2190, 0x2192, 0x2212, 0x2248, 0x2260, 0x2264, 0x2265,
             0x221A, 0x2211, 0x2713, 0x25CF]


def _font_file(bold: bool) -> Path:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@functools.cache
def _woff(bold: bool) -> str:
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = subset.load_font(str(_font_file(bold)), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@functools.cache
def font_face_css() -> str:
    """``@font-face`` rules for "DejaVu Sans" (regular and bold) as data URIs.

    The family keeps its real name, so the charts' SVG text (which names DejaVu Sans) uses it too.
    """
    rules = []
    for bold in (False, True):
        rules.append(
            "@font-face{font-family:'DejaVu Sans';font-weight:%s;font-style:normal;"
            "src:url(data:font/woff;base64,%s) format('woff');}" % ("700" if bold else "400", _woff(bold))
        )
    return "\n".join(rules)
