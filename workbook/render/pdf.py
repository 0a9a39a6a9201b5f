"""PDF through Debian's chromium, kept open for a whole batch (starting it costs a second or more).

Playwright drives the system browser (``/usr/bin/chromium``); it never downloads one. When chromium is
not installed, ``find_chromium`` returns None and the caller says so in the user's language.
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

__all__ = ["Browser", "ChromiumMissing", "find_chromium"]

_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


class ChromiumMissing(RuntimeError):
    """No chromium to print PDFs with."""


def find_chromium() -> str | None:
    """The chromium executable: $WORKBOOK_CHROMIUM, else chromium or chromium-browser on the PATH."""
    configured = os.environ.get("WORKBOOK_CHROMIUM")
    if configured is not None:
        return configured if configured and Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless chromium for many PDFs; use as a context manager or call ``close``."""

    def __init__(self):
        executable = find_chromium()
        if executable is None:
            raise ChromiumMissing("chromium not found")
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, args=_ARGS)
        self._page = self._browser.new_page()

    def pdf(self, source: Path, target: Path, footer: str) -> None:
        """Print the HTML file ``source`` to ``target`` (A4, page numbers and ``footer`` at the bottom)."""
        self._page.goto(Path(source).resolve().as_uri(), wait_until="load")
        template = ("<div style='font-family:sans-serif;font-size:7.5pt;color:#666;width:100%;margin:0 14mm;"
                    "display:flex;justify-content:space-between'><span>" + html.escape(footer) + "</span>"
                    "<span><span class='pageNumber'></span> / <span class='totalPages'></span></span></div>")
        self._page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                       header_template="<div></div>", footer_template=template,
                       margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
