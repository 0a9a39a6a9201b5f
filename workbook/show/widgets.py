"""Widgets for trainees: controls above an output that is drawn again whenever a control changes."""

from __future__ import annotations

__all__ = ["linked"]


def linked(controls, render):
    """A box of ipywidgets ``controls`` above an output showing ``render()``, redrawn on every change.

    Args:
        controls: ipywidgets with a ``value`` (sliders, drop-downs, toggle buttons).
        render: a function of no arguments returning what to show: one displayable or a tuple of them.
    """
    import ipywidgets as widgets
    from IPython.display import display

    out = widgets.Output()

    def update(_=None):
        shown = render()
        out.clear_output(wait=True)
        with out:
            display(*(shown if isinstance(shown, tuple) else (shown,)))

    for control in controls:
        control.observe(update, names="value")
    update()
    return widgets.VBox([*controls, out])
