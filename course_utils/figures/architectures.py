"""Lesson 09's figures: the timeline, models compared, a residual block, channel mixing.

The numbers come from `course_utils.models`; each function draws a new figure (or into
the `ax` it is given) and returns what it drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from course_utils import _validate, models, plotting
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO

__all__ = ["plot_timeline", "plot_model_comparison", "plot_residual_block", "plot_channel_mix"]

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]


def plot_timeline() -> Any:
    """Two panels: the steps before ImageNet (no error figure), then top-5 error (%) by year."""
    early = [m for m in models.MILESTONES if m.top5_error is None]
    late = [m for m in models.MILESTONES if m.top5_error is not None]
    fig = plotting.canvas((8.5, 3.4))
    ax_early, ax_late = fig.subplots(1, 2, width_ratios=[1, 1.4])
    for i, m in enumerate(early):
        ax_early.scatter([m.year], [0], marker="s", s=50, color=_VERMILLION, zorder=2)
        ax_early.annotate(
            f"{m.year}\n{m.name}",
            (m.year, 0),
            xytext=(0, 14 if i % 2 == 0 else -30),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    years = [m.year for m in early]
    ax_early.axhline(0, color="0.75", zorder=1)
    ax_early.set_xlim(min(years) - 5, max(years) + 5)
    ax_early.set_ylim(-1, 1)
    ax_early.set_yticks([])
    ax_early.set_xlabel("year")
    ax_early.set_title("before ImageNet: judged on digits", fontsize=10)

    years = [m.year for m in late]
    errors = [m.top5_error for m in late]
    ax_late.plot(years, errors, "-", color="0.75", zorder=1)
    ax_late.scatter(years, errors, s=45, color=_BLUE, zorder=2)
    seen: dict[int, int] = {}
    for m in late:
        k = seen.get(m.year, 0)  # a second entry in the same year goes on the left
        seen[m.year] = k + 1
        ax_late.annotate(
            f"{m.label or m.name} {m.top5_error:g}%",
            (m.year, m.top5_error),
            xytext=(8 if k == 0 else -8, 2),
            textcoords="offset points",
            ha="left" if k == 0 else "right",
            va="bottom",
            fontsize=8,
        )
    ax_late.set_xlim(min(years) - 1, max(years) + 1.2)
    ax_late.set_xticks(sorted(set(years)))
    ax_late.set_ylim(0, max(errors) * 1.2)
    ax_late.set_xlabel("year")
    ax_late.set_ylabel("top-5 error (%)")
    ax_late.set_title("ImageNet top-5 error each paper reported", fontsize=10)
    ax_late.yaxis.grid(True, color="0.9")
    ax_late.set_axisbelow(True)
    return fig


def plot_model_comparison(rows: Sequence[models.ModelFacts]) -> Any:
    """Two panels: parameters (log scale) and depth (weight layers), one bar per model."""
    rows = models.facts_rows(rows)
    fig = plotting.canvas((min(9.5, 2.0 + 1.2 * len(rows)), 3.2))
    ax_p, ax_d = fig.subplots(1, 2)
    x = np.arange(len(rows))
    colors = [OKABE_ITO[i % 7] for i in range(len(rows))]
    params = [r.params for r in rows]
    ax_p.bar(x, params, color=colors)
    ax_p.set_yscale("log")
    ax_p.set_title("parameters (log scale)", fontsize=10)
    for i, p in enumerate(params):
        text = f"{p / 1e6:.1f} M" if p >= 1e6 else f"{p / 1e3:.0f} k"
        ax_p.text(i, p * 1.15, text, ha="center", va="bottom", fontsize=8)
    ax_p.set_ylim(min(params) / 3, max(params) * 6)
    depths = [r.depth for r in rows]
    ax_d.bar(x, depths, color=colors)
    ax_d.set_title("depth (layers with weights)", fontsize=10)
    for i, d in enumerate(depths):
        ax_d.text(i, d + max(depths) * 0.02, str(d), ha="center", va="bottom", fontsize=8)
    ax_d.set_ylim(0, max(depths) * 1.15)
    for ax in (ax_p, ax_d):
        ax.set_xticks(
            x,
            labels=[r.name for r in rows],
            rotation=30,
            ha="right",
            rotation_mode="anchor",
            fontsize=8,
        )
        ax.yaxis.grid(True, color="0.9")
        ax.set_axisbelow(True)
    return fig


def plot_residual_block(ax: Any = None) -> Any:
    """A diagram: x → conv → ReLU → conv → (+) → ReLU → y, with the skip connection around."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        ax = plotting.canvas((7.5, 2.2)).subplots()
    boxes = [
        (0.0, "x", "white"),
        (1.5, "conv 3×3", "#c6e3f7"),
        (3.0, "ReLU", "#eeeeee"),
        (4.5, "conv 3×3", "#c6e3f7"),
        (6.0, "+", "#f6c9a9"),
        (7.5, "ReLU", "#eeeeee"),
        (9.0, "y", "white"),
    ]
    for x, label, color in boxes:
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.55, -0.3),
                1.1,
                0.6,
                boxstyle="round,pad=0.05",
                facecolor=color,
                edgecolor="0.3",
            )
        )
        ax.text(x, 0, label, ha="center", va="center", fontsize=10)
    for (x0, _, _), (x1, _, _) in zip(boxes[:-1], boxes[1:], strict=True):
        ax.add_patch(
            FancyArrowPatch(
                (x0 + 0.6, 0), (x1 - 0.6, 0), arrowstyle="-|>", mutation_scale=12, color="0.3"
            )
        )
    ax.add_patch(
        FancyArrowPatch(
            (0.0, 0.36),
            (6.0, 0.36),
            connectionstyle="arc3,rad=-0.25",
            arrowstyle="-|>",
            mutation_scale=14,
            color=_VERMILLION,
            linewidth=2,
        )
    )
    ax.text(
        3.0,
        1.25,
        "skip connection: x is added unchanged (0 parameters)",
        ha="center",
        color=_VERMILLION,
        fontsize=9,
    )
    ax.text(3.0, -0.6, "F(x): the part that learns", ha="center", fontsize=9, color=_BLUE)
    ax.set_xlim(-0.8, 9.8)
    ax.set_ylim(-0.85, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_channel_mix(photo: Any, mixed: Any, titles: Sequence[str] | None = None) -> Any:
    """The photo, then each channel a 1×1 convolution made from it, in the course's colours.

    A channel whose values all lie in 0 … 1 is a brightness: grey, 0 black and 1 white. A
    channel with negative values is signed: the diverging map, centred on 0, with a colour bar.
    """
    photo = _validate.image("photo", photo)
    mixed = _validate.array("mixed", mixed, ndims=(2, 3))
    if mixed.ndim == 2:
        mixed = mixed[..., np.newaxis]
    if mixed.shape[:2] != photo.shape[:2]:
        raise _validate.fail(
            "mixed", mixed, f"mixed must have the photo's height and width {photo.shape[:2]}"
        )
    n = 1 + mixed.shape[-1]
    titles = _validate.labels("titles", titles, n, "panel")
    aspect = photo.shape[0] / photo.shape[1]
    fig = plotting.canvas((2.3 * n + 0.6, 2.3 * aspect + 0.5))
    axes = fig.subplots(1, n, squeeze=False)[0]
    axes[0].imshow(np.clip(photo, 0, 1), cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
    for i, ax in enumerate(axes[1:]):
        channel = mixed[..., i]
        if channel.min() < 0:  # signed: one diverging scale, symmetric around 0
            m = plotting.symmetric_limit(channel)
            image = ax.imshow(
                channel, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest"
            )
            bar = fig.colorbar(image, ax=ax, shrink=0.8, aspect=20, pad=0.02)
            bar.ax.tick_params(labelsize=7)
        else:  # a brightness: grey on the fixed 0 … 1 scale
            ax.imshow(channel, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return fig
