"""The declarative explorer: every explorer is a declaration, wired here once.

An explorer declares
- its controls (`Int`, `Float`, `Choice`, `Toggle`, `Text`, `Step`), by name;
- `compute(values) -> state`, pure, raising ValueError for an impossible combination;
- `limits(values) -> {name: (low, high)}`, pure: the range each slider allows now;
- `draw(state, fig)`, which draws into the one Figure the explorer keeps;
- `caption(state) -> html`, the numbers and the formula shown above the picture;
- a `layout` (rows of control names) and the `static` values whose picture a reader
  sees where no widget front end runs (GitHub, nbviewer, an HTML export).

`Explorer.settle` and `Explorer.compute` are plain Python, tested without ipywidgets.
`Explorer.show(**values)` builds the widgets (ipywidgets 7.7 and 8 alike): every change
applies the limits inside `hold_trait_notifications()`, then computes, draws and encodes
exactly once, even when it moved another control.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from course_utils import _validate

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The line over the static picture, which shows the explorer's `static` state:
STATIC_NOTE = "Before you run this cell: a different example from the one the code starts with."
START_NOTE = "Before you run this cell: the example the code starts with."  # when they agree
CSS_PIXELS_PER_INCH = 80  # how large a figure inch looks in the notebook
DENSITY = 2  # PNG pixels per CSS pixel: sharp on high-density screens too
PNG_OPTIONS = {"compress_level": 1}  # the static picture: fast to encode, lossless
_STYLE = {"description_width": "initial"}


# ---------------------------------------------------------------- controls


def _slider(kind: str, control: Int | Float, value: Any, **options: Any) -> Any:
    """An ipywidgets slider (`kind`: "IntSlider" or "FloatSlider") for `control`."""
    import ipywidgets as w

    return getattr(w, kind)(
        value=value,
        min=control.low,
        max=control.high,
        step=control.step,
        description=control.label,
        style=_STYLE,
        **options,
    )


@dataclass(frozen=True)
class Int:
    """A slider of whole numbers from `low` to `high` (`limits` may narrow it)."""

    label: str
    low: int
    high: int
    step: int = 1

    def check(self, name: str, value: object) -> int:
        return _validate.int_range(name, value, self.low, self.high, f"the {self.label!r} slider")

    def widget(self, value: Any) -> Any:
        return _slider("IntSlider", self, value, continuous_update=True)


@dataclass(frozen=True)
class Float:
    """A slider of numbers from `low` to `high` in steps of `step`."""

    label: str
    low: float
    high: float
    step: float = 0.1
    format: str = ".1f"

    def check(self, name: str, value: object) -> float:
        return _validate.real(name, value, self.low, self.high)

    def widget(self, value: Any) -> Any:
        return _slider("FloatSlider", self, value, readout_format=self.format)


@dataclass(frozen=True)
class Choice:
    """One of a few options, as toggle buttons (or a drop-down if `dropdown`)."""

    label: str
    options: Sequence[Any]
    dropdown: bool = False

    def check(self, name: str, value: object) -> Any:
        if value not in list(self.options):
            listed = ", ".join(repr(o) for o in self.options)
            raise _validate.fail(name, value, f"{name} must be one of {listed}")
        return value

    def widget(self, value: Any) -> Any:
        import ipywidgets as w

        kind = w.Dropdown if self.dropdown else w.ToggleButtons
        return kind(options=list(self.options), value=value, description=self.label, style=_STYLE)


@dataclass(frozen=True)
class Toggle:
    """A check box: on or off."""

    label: str

    def check(self, name: str, value: object) -> bool:
        return _validate.boolean(name, value)

    def widget(self, value: Any) -> Any:
        import ipywidgets as w

        return w.Checkbox(value=value, description=self.label, style=_STYLE, indent=False)


@dataclass(frozen=True)
class Text:
    """A text box, read when the learner presses Enter or leaves it."""

    label: str
    rows: int = 1

    def check(self, name: str, value: object) -> str:
        if not isinstance(value, str):
            raise _validate.fail(name, value, f"{name} must be text")
        return value

    def widget(self, value: Any) -> Any:
        import ipywidgets as w

        if self.rows > 1:
            return w.Textarea(
                value=value,
                description=self.label,
                rows=self.rows,
                continuous_update=False,
                style=_STYLE,
            )
        return w.Text(value=value, description=self.label, continuous_update=False, style=_STYLE)


@dataclass(frozen=True)
class Step:
    """A walk through positions 0, 1, 2 … with a Play button; `limits` gives its range.

    In the browser Play counts and `jslink` copies its value into the slider, so the
    animation needs no kernel round trip; the slider alone works where Play cannot.
    """

    label: str = "position"
    interval_ms: int = 900

    def check(self, name: str, value: object) -> int:
        return _validate.non_negative_int(name, value)

    def widget(self, value: Any) -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=value, min=0, max=max(value, 1), description=self.label, style=_STYLE
        )


Control = Int | Float | Choice | Toggle | Text | Step


def _no_limits(_values: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    return {}


# ---------------------------------------------------------------- the declaration


@dataclass(frozen=True)
class Explorer:
    """An explorer, declared: controls and the pure functions behind them."""

    title: str
    controls: Mapping[str, Control]
    compute: Callable[[dict[str, Any]], Any]
    draw: Callable[[Any, Any], Any]
    caption: Callable[[Any], str]
    limits: Callable[[dict[str, Any]], Mapping[str, tuple[int, int]]] = _no_limits
    layout: Sequence[Sequence[str]] = ()
    static: Mapping[str, Any] = field(default_factory=dict)

    def rows(self) -> list[list[str]]:
        """The control names, row by row (three to a row unless `layout` says otherwise)."""
        if self.layout:
            rows = [list(row) for row in self.layout]
            listed = [n for row in rows for n in row]
            if sorted(listed) != sorted(self.controls):
                raise _validate.fail(
                    "layout",
                    self.layout,
                    f"it must list every control once: {', '.join(self.controls)}",
                )
            return rows
        names = list(self.controls)
        return [names[i : i + 3] for i in range(0, len(names), 3)]

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every value checked by its control (unknown names refused)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            name = sorted(unknown)[0]
            raise _validate.fail(
                name, values[name], f"this explorer's controls are {', '.join(self.controls)}"
            )
        return {name: self.controls[name].check(name, v) for name, v in values.items()}

    def settle(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, tuple]]:
        """(values, limits): every limited value moved into its allowed range.

        A limit may depend on a value another limit moved, so this repeats until
        nothing moves (a few rounds at most).
        """
        values = dict(values)
        limits: dict[str, tuple] = {}
        for _ in range(len(self.controls) + 1):
            limits = {name: tuple(r) for name, r in self.limits(values).items()}
            moved = {
                name: min(max(values[name], low), high)
                for name, (low, high) in limits.items()
                if not low <= values[name] <= high
            }
            if not moved:
                return values, limits
            values.update(moved)
        return values, limits

    def state(self, **values: Any) -> Any:
        """The state for these values (defaults: the static ones), limits applied."""
        settled, _ = self.settle({**self.static, **self.check(values)})
        return self.compute(settled)

    def show(self, **values: Any) -> ExplorerView:
        """The live explorer, starting from `values` (checked, then limited)."""
        start = self.check(values)
        missing = [name for name in self.controls if name not in start]
        if missing:
            raise _validate.fail(
                "values", sorted(values), f"show() needs a starting value for {', '.join(missing)}"
            )
        return ExplorerView(self, start)


# ---------------------------------------------------------------- the picture


def live_png(fig: Any) -> bytes:
    """PNG bytes of a live explorer's whole figure (one from `new_figure`: opaque, so no
    alpha to keep) at DENSITY × its notebook size. The figure keeps that dpi afterwards:
    it is drawn only here."""
    import numpy as np

    fig.set_dpi(CSS_PIXELS_PER_INCH * DENSITY)
    fig.canvas.draw()
    return rgb_png(np.asarray(fig.canvas.buffer_rgba())[..., :3])


def rgb_png(rgb: Any) -> bytes:
    """A lossless PNG of an (H, W, 3) uint8 array, written with the standard library: no
    row filters, zlib level 1. About twice as fast as Pillow's adaptive filtering, and for
    figures (flat colours, text) as small; an explorer encodes one on every change."""
    import struct
    import zlib

    import numpy as np

    ok = isinstance(rgb, np.ndarray) and rgb.dtype == np.uint8 and rgb.ndim == 3
    if not ok or rgb.shape[2] != 3 or rgb.size == 0:
        raise _validate.fail("rgb", rgb, "an (H, W, 3) array of uint8 with at least one pixel")
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter 0, pixels
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            chunk(b"IEND", b""),
        )
    )


def _whole_css_pixels(fig: Any) -> None:
    """Round the figure's size to whole CSS pixels, so the PNG is exactly DENSITY × as wide."""
    width, height = fig.get_size_inches()
    fig.set_size_inches(
        round(width * CSS_PIXELS_PER_INCH) / CSS_PIXELS_PER_INCH,
        round(height * CSS_PIXELS_PER_INCH) / CSS_PIXELS_PER_INCH,
    )


def _png_width(png: bytes) -> int:
    """Width in pixels, from the PNG header."""
    return int.from_bytes(png[16:20], "big")


def caption_text(caption_html: str) -> str:
    """The caption as plain text lines (for the static picture)."""
    text = re.sub(r"<br\s*/?>", "\n", caption_html)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def new_figure() -> Any:
    """A Figure outside pyplot: redrawn in place, never shown inline by itself."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(facecolor="white")  # opaque: the live picture is encoded without alpha
    FigureCanvasAgg(fig)
    return fig


def static_figure(explorer: Explorer, start: Mapping[str, Any] | None = None) -> Any:
    """The picture a reader without widgets sees: the `static` state, captioned on top,
    with a note that says whether it is the `start` the notebook's code asked for."""
    shown, _ = explorer.settle(explorer.static)
    note = START_NOTE if start is not None and dict(start) == shown else STATIC_NOTE
    state = explorer.compute(shown)
    fig = new_figure()
    explorer.draw(state, fig)
    fig.text(
        0.0,
        1.02,
        f"{note}\n{caption_text(explorer.caption(state))}",
        ha="left",
        va="bottom",
        fontsize=9,
        transform=fig.transFigure,
    )
    return fig


def static_png(explorer: Explorer, start: Mapping[str, Any] | None = None) -> bytes:
    """`static_figure` as PNG bytes at DENSITY × its notebook size, cropped to what it
    shows (its caption reaches past the figure's top)."""
    buffer = io.BytesIO()
    static_figure(explorer, start).savefig(
        buffer,
        format="png",
        dpi=CSS_PIXELS_PER_INCH * DENSITY,
        bbox_inches="tight",
        pil_kwargs=PNG_OPTIONS,
    )
    return buffer.getvalue()


# ---------------------------------------------------------------- the live view


class ExplorerView:
    """The widgets of one explorer: controls, caption and picture, redrawn once per change."""

    def __init__(self, explorer: Explorer, values: Mapping[str, Any]):
        import ipywidgets as w

        self.explorer = explorer
        self.controls = {name: c.widget(values[name]) for name, c in explorer.controls.items()}
        self.renders = 0  # how many times the picture was drawn (tests count them)
        self.figure = new_figure()
        self.caption = w.HTML()
        # Never wider than the output area (no margin to push it past): scaled down, not cut.
        self.image = w.Image(
            format="png", layout=w.Layout(max_width="100%", height="auto", margin="0")
        )
        self.play: Any = None
        self._busy = False
        self._static: bytes | None = None
        rows = []
        for names in explorer.rows():
            row = []
            for name in names:
                if isinstance(explorer.controls[name], Step):
                    self.play = w.Play(
                        value=values[name],
                        min=0,
                        max=self.controls[name].max,
                        step=1,
                        interval=explorer.controls[name].interval_ms,
                    )
                    w.jslink((self.play, "value"), (self.controls[name], "value"))
                    row.append(self.play)
                row.append(self.controls[name])
            rows.append(w.HBox(row))
        header = [w.HTML(f"<b>{html.escape(explorer.title)}</b>")] if explorer.title else []
        self.widget = w.VBox([*header, *rows, self.caption, self.image])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh(first=True)

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Change controls by name, as a learner would; the picture is redrawn once."""
        self.explorer.check(values)
        self._busy = True
        try:
            for name, value in values.items():
                self._put(name, value)
        finally:
            self._busy = False
        self.refresh()

    def _put(self, name: str, value: Any, limits: tuple | None = None) -> None:
        control = self.controls[name]
        with control.hold_trait_notifications():
            if limits is not None:
                control.min, control.max = limits
            control.value = value
        if self.play is not None and isinstance(self.explorer.controls[name], Step):
            with self.play.hold_trait_notifications():
                self.play.max = control.max
                self.play.value = control.value

    def refresh(self, first: bool = False) -> None:
        """Apply the limits, then compute, draw and encode the picture once.

        An impossible combination shows its reason in the caption, except on the `first`
        render: an explorer that cannot start raises the ValueError to whoever built it.
        """
        self._busy = True
        try:
            values, limits = self.explorer.settle(self.values)
            for name, (low, high) in limits.items():
                control = self.controls[name]
                if (control.min, control.max, control.value) != (low, high, values[name]):
                    self._put(name, values[name], (low, high))
            state = self.explorer.compute(values)
        except ValueError as err:  # an impossible combination: say why, keep the last picture
            if first:
                raise
            self.caption.value = f"<span style='color:#b2182b'>⚠ {html.escape(str(err))}</span>"
            return
        finally:
            self._busy = False
        self.explorer.draw(state, self.figure)
        _whole_css_pixels(self.figure)
        png = live_png(self.figure)
        self.caption.value = self.explorer.caption(state)
        self.image.value = png
        self.image.width = str(_png_width(png) // DENSITY)
        self.renders += 1

    def _on_change(self, _change: Any) -> None:
        if not self._busy:
            self.refresh()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if self._static is None:
            static = self.explorer.static
            self._static = static_png(self.explorer, self.values) if static else self.image.value
        # No text/html here: a static viewer would prefer it to the picture.
        bundle: dict[str, Any] = {
            "text/plain": "Explorer: run this cell in Jupyter or Colab to use the controls.",
            "image/png": base64.b64encode(self._static).decode("ascii"),
        }
        model_id = getattr(self.widget, "model_id", None)
        if model_id:
            bundle[WIDGET_MIME] = {"version_major": 2, "version_minor": 0, "model_id": model_id}
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        bundle = self._repr_mimebundle_()
        width = _png_width(base64.b64decode(bundle["image/png"])) // DENSITY
        display(bundle, raw=True, metadata={"image/png": {"width": width}})
