"""The 1×1 bottleneck explorer: how a 1×1 'reduce' and 'expand' shrink a k×k convolution.

The counts are `models.bottleneck_params`; this module declares the controls, draws the two
bars and writes the caption. Importing it imports neither TensorFlow nor ipywidgets.
"""

from __future__ import annotations

from typing import Any

from course_utils import models, plotting
from course_utils.plotting import OKABE_ITO
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int

__all__ = ["BOTTLENECK", "bottleneck_caption", "draw_bottleneck", "bottleneck_explorer"]

CHANNELS = (16, 32, 64, 128, 256, 512, 1024)
_SIZE = (6.0, 2.4)  # inches
_MARGINS = {"left": 0.9, "right": 0.3, "bottom": 0.5, "top": 0.35}  # inches: room for the legend


def bottleneck_caption(b: models.Bottleneck) -> str:
    """The counts behind the picture, as HTML."""
    c, w, k = b.channels, b.width, b.kernel_size
    saving = f"{b.ratio:.1f}× fewer" if b.ratio >= 1 else f"{1 / b.ratio:.1f}× more"
    return (
        f"<b>direct {k}×{k}</b>, {c} → {c} channels: ({k}·{k}·{c} + 1)·{c} = "
        f"<b>{b.direct:,}</b> parameters<br>"
        f"<b>bottleneck</b>: 1×1 {c} → {w} ({b.reduce:,}) + {k}×{k} {w} → {w} ({b.middle:,}) "
        f"+ 1×1 {w} → {c} ({b.expand:,}) = <b>{b.bottleneck:,}</b> parameters<br>"
        f"the bottleneck needs {saving}; both turn an H×W×{c} input into H×W×{c}"
    )


def draw_bottleneck(b: models.Bottleneck, fig: Any = None) -> Any:
    """Two bars on `fig` (a new figure if None), which it returns: the direct k×k
    convolution, and the 1×1 → k×k → 1×1 bottleneck stacked. Drawn again into the same
    figure, its axes and bars are kept and moved, and only the key is drawn anew (a redraw
    stays fast)."""
    fig, (ax, direct, parts) = plotting.reused(fig, "bottleneck", _bottleneck_axes)
    k = b.kernel_size
    direct.set_width(b.direct)
    left = 0
    for bar, value in zip(parts, (b.reduce, b.middle, b.expand), strict=True):
        bar.set_x(left)
        bar.set_width(value)
        left += value
    for artist in [*fig.artists]:  # the key of the last drawing (a copy: removing shrinks it)
        artist.remove()
    labels = (f"{k}×{k} conv", "1×1 reduce", f"{k}×{k} (narrow)", "1×1 expand")
    bars = (direct, *parts)
    entries = [
        (label, {"facecolor": bar.get_facecolor()}) for label, bar in zip(labels, bars, strict=True)
    ]
    plotting.key(fig, _MARGINS["left"], _SIZE[1] - 0.04, entries, across=True)
    ax.set_xlim(0, max(b.direct, b.bottleneck) * 1.05)
    return fig


def _bottleneck_axes(fig: Any) -> tuple[Any, tuple]:
    """The figure with its axes, the direct bar and the three stacked bars."""
    from matplotlib.ticker import EngFormatter

    fig = plotting.canvas(_SIZE, fig, layout=None)
    (width, height), m = _SIZE, _MARGINS
    fig.subplots_adjust(
        left=m["left"] / width,
        right=1 - m["right"] / width,
        bottom=m["bottom"] / height,
        top=1 - m["top"] / height,
    )
    ax = fig.subplots()
    blue, vermillion, green, sky = (OKABE_ITO[i] for i in (0, 1, 2, 4))
    (direct,) = ax.barh([1], [1], color=vermillion)
    parts = [ax.barh([0], [1], color=color)[0] for color in (blue, sky, green)]  # stacked
    ax.set_yticks([0, 1], labels=["bottleneck", "direct"])
    ax.set_xlabel("parameters")
    ax.xaxis.set_major_formatter(EngFormatter(sep=" "))  # 1.5 M, not 1.5 with "1e6" aside
    ax.xaxis.grid(True, color="0.9")
    ax.set_axisbelow(True)
    return fig, (ax, direct, parts)


BOTTLENECK = Explorer(
    title="1×1 bottleneck: drag the width, change the channels",
    controls={
        "channels": Choice("channels", CHANNELS, dropdown=True),
        "width": Int("bottleneck width", 1, max(CHANNELS)),
        "kernel_size": Choice("kernel k", (1, 3, 5, 7)),
    },
    compute=lambda v: models.bottleneck_params(v["channels"], v["width"], v["kernel_size"]),
    limits=lambda v: {"width": (1, v["channels"])},  # a bottleneck is no wider than its input
    draw=draw_bottleneck,
    caption=bottleneck_caption,
    static={"channels": 1024, "width": 256, "kernel_size": 3},  # ResNet-50's third stage
)


def bottleneck_explorer(channels: int = 256, width: int = 64, kernel_size: int = 3) -> ExplorerView:
    """Explorer: how a 1×1 'reduce' and 'expand' shrink the cost of a k×k convolution."""
    return BOTTLENECK.show(channels=channels, width=width, kernel_size=kernel_size)
