"""Self-contained HTML from executed notebooks: no code, no scripts, no network.

nbconvert's ``basic`` template renders the cells (code inputs and cells tagged ``remove-cell`` left
out); we wrap them in our own page: the report font embedded, our stylesheet, formulas converted to
MathML (which browsers draw natively, so MathJax and its CDN are not needed). One ``HtmlRenderer``
is meant to live for a whole batch: building the exporter and the font once is most of the cost.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from workbook.render.fonts import font_face_css

__all__ = ["HtmlRenderer", "STYLE", "page", "render_workbook"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
_PROLOGUE = re.compile(r"\A\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?")
_BLOCK_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)")

STYLE = """
:root { --ink:#1d2733; --muted:#5b6770; --line:#d5dbe0; --accent:#1f5f8b; }
body { font-family:'DejaVu Sans',Arial,sans-serif; color:var(--ink); max-width:60rem; margin:2rem auto;
       padding:0 1.2rem; line-height:1.5; font-size:15px; }
h1 { font-size:1.6rem; color:var(--accent); margin:0 0 .3rem; }
h2 { font-size:1.25rem; margin:1.6rem 0 .4rem; border-bottom:1px solid var(--line); padding-bottom:.2rem; }
table { border-collapse:collapse; margin:.6rem 0 1rem; font-size:.92rem; }
caption { caption-side:top; text-align:left; font-size:.9em; color:var(--muted); padding-bottom:.3rem; }
th, td { border-bottom:1px solid var(--line); padding:.25rem .6rem; vertical-align:top; }
th { text-align:left; background:#f2f5f7; }
table.wb-card th { background:none; color:var(--muted); font-weight:normal; }
.wb-synthetic { background:#fff3e0; border-left:4px solid #e07b39; padding:.4rem .8rem; margin:.5rem 0; }
.wb-warning { background:#fff8e1; border-left:4px solid #f0b429; padding:.4rem .8rem; margin:.5rem 0; }
.wb-notes summary { cursor:pointer; color:var(--muted); }
.wb-missing, .wb-saved { color:var(--muted); font-style:italic; }
svg { max-width:100%; height:auto; }
.wb-chart { margin:.5rem 0 1rem; }
a.anchor-link { display:none; }
math[display="block"] { margin:.6rem 0; }
math { font-family:'DejaVu Sans',Arial,sans-serif; }
.jp-OutputArea-output pre { white-space:pre-wrap; }
@page { size:A4; margin:18mm 16mm 20mm; }
.wb-cover { border-bottom:3px solid var(--accent); margin-bottom:1.5rem; }
.wb-kicker { color:var(--muted); text-transform:uppercase; letter-spacing:.05em; font-size:.8rem; margin:0; }
.wb-stage { margin-top:2.5rem; }
@media print { .wb-stage { break-before:page; } body { max-width:none; margin:0; padding:0; font-size:11pt; }
  table, svg, .wb-card, .wb-warning { break-inside:avoid; } h2 { break-after:avoid; }
  details > *:not(summary) { display:block; } }
"""


def _math(markdown: str) -> str:
    """Replace $$…$$ and $…$ with MathML; a formula that cannot be converted stays as text."""
    def block(match):
        try:
            return "\n\n" + latex_to_mathml(match.group(1).strip(), display="block") + "\n\n"
        except Exception:  # noqa: BLE001 - latex2mathml raises many kinds; the formula stays readable as text
            return match.group(0)

    def inline(match):
        try:
            return latex_to_mathml(match.group(1))
        except Exception:  # noqa: BLE001 - as above
            return match.group(0)

    return _INLINE_MATH.sub(inline, _BLOCK_MATH.sub(block, markdown))


class MathToMathML(Preprocessor):
    """Convert formulas in Markdown cells and Markdown outputs to MathML."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = _math(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = _math(data["text/markdown"])
        return cell, resources


def page(title: str, body: str, lang: str) -> str:
    """A complete HTML page around ``body`` with the embedded font and stylesheet."""
    return (f"<!DOCTYPE html>\n<html lang=\"{html.escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{font_face_css()}\n{STYLE}\n</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


class _ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final BeautifulSoup pass.

    ``HTMLExporter.from_notebook_node`` re-parses the whole page to add ``alt`` texts to images and
    ``tabindex`` attributes, which took longer than rendering (about 2 s a workbook). Our charts are
    inline SVG with a ``<title>``, and reports have no input cells to focus, so neither is needed.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class InlineSvg(Preprocessor):
    """Drop the XML prologue of SVG outputs so they can sit inside the HTML page."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                data["image/svg+xml"] = _PROLOGUE.sub("", data["image/svg+xml"])
        return cell, resources


class HtmlRenderer:
    """Renders executed notebooks to offline HTML; build one and reuse it."""

    def __init__(self):
        exporter = _ReportExporter(template_name="workbook", extra_template_basedirs=[str(TEMPLATES)],
                                   exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove-cell"}, enabled=True), True)
        exporter.register_preprocessor(MathToMathML(), True)
        exporter.register_preprocessor(InlineSvg(), True)
        self.exporter = exporter

    def render(self, notebook, title: str, lang: str) -> str:
        """HTML text of ``notebook`` (a NotebookNode or a path)."""
        return page(title, self.body(notebook), lang)

    def body(self, notebook) -> str:
        """The cells of ``notebook`` as HTML, without the page around them."""
        if not isinstance(notebook, nbformat.NotebookNode):
            notebook = _read(notebook)
        body, _ = self.exporter.from_notebook_node(notebook)
        return body


def _read(path) -> nbformat.NotebookNode:
    """A notebook we wrote ourselves, read without re-validating it against the schema (slow for big ones)."""
    return nbformat.v4.reads(Path(path).read_text(encoding="utf-8"))


_RENDERER: HtmlRenderer | None = None


def render_workbook(notebooks, title: str, lang: str) -> str:
    """One HTML page holding several executed stage notebooks, with a table of contents.

    Uses one renderer per process (building nbconvert's exporter is the slow part).
    """
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = HtmlRenderer()
    from workbook.i18n import translator

    tr = translator(lang)
    sections, contents = [], []
    for number, path in enumerate(notebooks):
        body = _RENDERER.body(path)
        anchor = f"stage-{Path(path).stem}"
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.DOTALL)
        contents.append(f"<li><a href='#{anchor}'>{heading.group(1) if heading else html.escape(Path(path).stem)}</a></li>")
        sections.append(f"<section id='{anchor}' class='wb-stage'>{body}</section>")
    head = (f"<header class='wb-cover'><p class='wb-kicker'>{html.escape(tr('Service Delivery Organisation Strategy'))}"
            f"</p><h1>{html.escape(title)}</h1><nav><ol>{''.join(contents)}</ol></nav></header>")
    return page(title, head + "\n".join(sections), lang)
