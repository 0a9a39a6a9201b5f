"""The report font, embedded in every HTML file so letters look the same on every machine and in PDF.

DejaVu Sans (shipped with matplotlib, so no download) covers Latin and Cyrillic including the Kyrgyz
ң ө ү. fontTools cuts it down to the characters our languages use and packs it as WOFF. Cutting takes
about a second, so the result is kept in matplotlib's cache folder (where matplotlib keeps its own
font list), under a name that changes with the font, the characters and the fontTools version.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

import fontTools
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
    """The subset font as base64, from the cache folder when it was made before."""
    source = _font_file(bold)
    key = hashlib.sha256(source.read_bytes() + repr(_UNICODES).encode() + fontTools.version.encode()).hexdigest()
    cached = Path(matplotlib.get_cachedir()) / f"workbook-{source.stem}-{key[:16]}.woff"
    if cached.is_file():
        return base64.b64encode(cached.read_bytes()).decode("ascii")
    data = _subset(source)
    try:
        with tempfile.NamedTemporaryFile(dir=cached.parent, prefix=".workbook-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, cached)
    except OSError as exc:  # a read-only cache folder only costs the second again next run
        logging.getLogger(__name__).info("font cache not written (%s): %s", cached, exc)
    return base64.b64encode(data).decode("ascii")


def _subset(source: Path) -> bytes:
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


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
