"""The one piece of ipywidgets wiring every explorer shares.

An explorer is a pure `render(**values) -> (figure, caption)` function plus a few
controls. This module wires them together using only what ipywidgets 7.7
(Colab) and 8.x both offer: `observe`, `VBox`/`HBox`, `HTML` and `Image` widgets.
The picture is sent as PNG bytes, so no Output-widget or backend tricks are needed.

Where no widget front end exists (a static notebook view, nbconvert, GitHub), the
explorer's display also carries a PNG of its current state, so readers see the
default picture instead of nothing; put the key numbers in the figure's title so
the static picture tells the story on its own.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping
from typing import Any

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def pyplot() -> Any:
    """matplotlib.pyplot, imported on first use (importing a widget module selects no backend)."""
    import matplotlib.pyplot as plt

    return plt


def grid_lines(ax: Any, rows: int, cols: int, width: float = 0.6, clip_on: bool = True) -> None:
    """Thin grey lines around every cell of a rows × cols grid drawn with imshow."""
    import numpy as np

    line = {"color": "0.45", "linewidth": width, "clip_on": clip_on}
    ax.hlines(np.arange(rows + 1) - 0.5, -0.5, cols - 0.5, **line)
    ax.vlines(np.arange(cols + 1) - 0.5, -0.5, rows - 0.5, **line)


def figure_png(fig: Any, dpi: int = 80) -> bytes:
    """PNG bytes of a matplotlib figure (the figure is closed afterwards)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


class Explorer:
    """Controls + caption + picture, redrawn from a pure `render` function on every change.

    render(**values) returns (figure, caption_html): the figure is drawn to PNG, the
    caption (numbers, the formula) is shown above it.
    """

    def __init__(
        self,
        controls: Mapping[str, Any],
        render: Callable[..., tuple[Any, str]],
        title: str = "",
        dpi: int = 80,
    ):
        import ipywidgets as widgets

        self.controls = dict(controls)
        self._render = render
        self._dpi = dpi
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        rows = list(self.controls.values())
        self.widget = widgets.VBox(
            [
                *header,
                widgets.HBox(rows[:3]),
                *([widgets.HBox(rows[3:])] if len(rows) > 3 else []),
                self.caption,
                self.image,
            ]
        )
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute the caption and picture from the current control values."""
        try:
            fig, caption = self._render(**self.values)
        except ValueError as err:  # an impossible combination: say why, keep the last picture
            self.caption.value = f"<span style='color:#b2182b'>⚠ {err}</span>"
            return
        self.caption.value = caption
        self.image.value = figure_png(fig, self._dpi)

    def set(self, **values: Any) -> None:
        """Change controls by name, as a learner would (updates the picture)."""
        for name, value in values.items():
            self.controls[name].value = value

    def _on_change(self, _change: Any) -> None:
        self.refresh()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        model_id = getattr(self.widget, "model_id", None)
        # No text/html here: a static viewer would prefer it to the picture.
        bundle: dict[str, Any] = {
            "text/plain": "Explorer: run this cell in Jupyter or Colab to use the controls.",
            "image/png": base64.b64encode(self.image.value).decode("ascii"),
        }
        if model_id:
            bundle[WIDGET_MIME] = {"version_major": 2, "version_minor": 0, "model_id": model_id}
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)
