"""Lesson 02's figures: hand-made kernels on a picture, panels on one scale, parameter sharing.

`PRESETS` holds the classic 3×3 kernels. `plot_filtered` computes the feature map of an
image (`filter_state`) and draws the image, the kernel and the map (`draw_filtered`, which
the kernel playground calls to redraw in place); `plot_kernel_gallery` does it for several
presets at once. A kernel whose weights add up to more than 0 gives a brightness back, so
its map is drawn as a grey photo on the image's scale (`shows_as_photo`); any other map is
drawn red/blue around 0.
"""

from __future__ import annotations

import weakref
from typing import Any, NamedTuple

import numpy as np
from matplotlib import rcParams
from matplotlib.cm import ScalarMappable
from matplotlib.ticker import FixedLocator, MaxNLocator, NullFormatter
from matplotlib.transforms import ScaledTranslation

from course_utils import _validate, layers_numpy, plotting, shapes
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO, show_matrix

__all__ = [
    "PRESETS",
    "GALLERY",
    "shows_as_photo",
    "update_matrix",
    "glyph_matrix",
    "bare_panels",
    "FilterState",
    "filter_state",
    "draw_filtered",
    "plot_filtered",
    "plot_kernel_gallery",
    "plot_on_one_scale",
    "plot_parameter_sharing",
]

# Hand-made 3×3 kernels, as people designed them before CNNs learned their own.
PRESETS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    # left column minus right column: large where the left side is brighter than the right
    "vertical edge": np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float),
    # top row minus bottom row: large where the top is brighter than the bottom
    "horizontal edge": np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], dtype=float),
    "blur": np.full((3, 3), 1 / 9),  # the average of the 9 pixels
    # 5 × the centre minus its 4 neighbours: pushes each pixel away from its surroundings
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
}
for _kernel in PRESETS.values():
    _kernel.flags.writeable = False
GALLERY = ("vertical edge", "horizontal edge", "blur", "sharpen")  # identity = the original


def shows_as_photo(kernel: Any) -> bool:
    """True when the kernel's weights add up to more than 0: it gives a brightness back.

    On a flat area of brightness v the output is v · (sum of the weights): still a
    brightness when the sum is positive, so the map is drawn as a grey photo on the
    input's scale. A sum of 0 (edge kernels) or less gives signed values, drawn red/blue.
    """
    return bool(float(np.sum(kernel)) > 1e-6)


def _grey_scale(image: np.ndarray) -> tuple[float, float]:
    """The grey scale an image and its photo-like maps share: `plotting.brightness_range`,
    or min…max for an image with negative values (the stretch matplotlib would give it)."""
    low, high = plotting.brightness_range(image)
    if low is None:
        return float(image.min()), float(image.max())
    return low, high


def _signed_limit(*maps: np.ndarray) -> float:
    """Full colour at the 99th percentile of |value| over all `maps`.

    A few extreme pixels (a frame, a flag) would otherwise wash every other edge out.
    """
    values = np.abs(np.concatenate([np.ravel(m) for m in maps]))
    return float(np.percentile(values, 99)) or float(np.max(values)) or 1.0


def _extend(norm: Any, *maps: np.ndarray) -> str:
    """The colour bar's arrow ends where `maps` go beyond its scale (drawn clipped)."""
    values = np.concatenate([np.ravel(m) for m in maps])
    below = bool(np.min(values) < norm.vmin - 1e-9)
    above = bool(np.max(values) > norm.vmax + 1e-9)
    return {(True, True): "both", (True, False): "min", (False, True): "max"}.get(
        (below, above), "neither"
    )


def _map_style(
    fmap: np.ndarray, as_photo: bool, scale: tuple[float, float], m: float | None = None
) -> tuple[np.ndarray, str, float, float]:
    """(values, cmap, vmin, vmax): a grey photo on `scale` (clipped), or red/blue within ±m."""
    if as_photo:
        return np.clip(fmap, *scale), IMAGE_CMAP, *scale
    m = _signed_limit(fmap) if m is None else m
    return fmap, DIVERGING_CMAP, -m, m


def update_matrix(ax: Any, values: np.ndarray, hidden: np.ndarray | None = None) -> None:
    """New numbers in a panel `plotting.show_matrix` drew, on a red/blue scale ±max|values|.

    Colours, texts and their contrast change; cells where `hidden` is True show the
    colour map's "bad" colour and no number. Much faster than drawing the panel again.
    """
    image = ax.images[0]
    m = plotting.symmetric_limit(values)
    image.set_data(values if hidden is None else np.ma.masked_array(values, hidden))
    image.set_clim(-m, m)
    colours = image.cmap(image.norm(values)).reshape(-1, 4)
    shown = np.ones(values.size, bool) if hidden is None else ~np.ravel(hidden)
    rows, cols = np.divmod(np.arange(values.size), values.shape[1])
    _write_cells(
        ax,
        np.c_[cols, rows][shown],
        [plotting.number(v) for v in values.ravel()[shown]],
        [plotting.text_color(c) for c in colours[shown]],
    )


_FONTSIZE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Axes -> its numbers' size


def _write_cells(ax: Any, xy: Any, texts: list[str], inks: list[str]) -> None:
    """The numbers in a matrix panel as one collection of glyph outlines (`plotting.cell_texts`:
    as sharp as a Text each, several times cheaper to draw), replacing the ones written before
    (or the Texts `plotting.show_matrix` wrote, keeping their font size)."""
    if ax not in _FONTSIZE:
        _FONTSIZE[ax] = ax.texts[0].get_fontsize() if ax.texts else 9.0
    for old in [*ax.texts, *(c for c in ax.collections if c.get_gid() == _NUMBERS)]:
        old.remove()
    if texts:
        plotting.cell_texts(ax, xy, texts, _FONTSIZE[ax], inks).set_gid(_NUMBERS)


def bare_panels(*axes: Any) -> None:
    """Panels without ticks lose their axis machinery, which matplotlib otherwise lays out on
    every draw (their titles and keys: `plotting.glyph_label`)."""
    for ax in axes:
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)


def glyph_matrix(ax: Any) -> Any:
    """Turn the Texts `plotting.show_matrix` wrote in `ax` into one glyph collection (the
    same words, sizes and inks; cheaper to draw); returns `ax`."""
    texts = list(ax.texts)
    _write_cells(
        ax,
        [t.get_position() for t in texts],
        [t.get_text() for t in texts],
        [t.get_color() for t in texts],
    )
    return ax


_NUMBERS = "cell numbers"  # the gid of a panel's glyph collection of numbers


class FilterState(NamedTuple):
    """A kernel on a grey image: what `draw_filtered` shows."""

    image: np.ndarray
    kernel: np.ndarray
    relu: bool
    fmap: np.ndarray  # the feature map ('valid'), after ReLU if `relu`
    negative: float  # the share of the map's values that were negative before ReLU


def filter_state(image: Any, kernel: Any, relu: bool = False) -> FilterState:
    """The feature map of a grey image under a 2-D kernel ('valid'), ReLU after if `relu`."""
    img = _validate.image("image", image, colour=False)
    k = _validate.array("kernel", kernel, ndims=(2,))
    before = layers_numpy.conv2d(img, k)
    relu = _validate.boolean("relu", relu)
    fmap = layers_numpy.relu(before) if relu else before
    return FilterState(img, k, relu, fmap, float(np.mean(before < 0)))


_PANEL = 2.3  # inches: the box the image and the map each fit into


def _lay_out_filtered(kernel_shape: tuple[int, ...], fig: Any) -> tuple[Any, tuple]:
    """(figure, (image, kernel and map axes, {arrow ends: colour bar})) at fixed places."""
    kside = min(1.25, 0.42 * max(kernel_shape))
    gap, left, bottom, top = 0.3, 0.08, 0.3, 0.3
    bar_gap, bar_w, bar_room = 0.08, 0.1, 0.45  # the colour bar and its tick labels
    width = left + 2 * _PANEL + kside + 2 * gap + bar_gap + bar_w + bar_room
    height = _PANEL + bottom + top
    fig = plotting.canvas((width, height), fig, layout=None)

    def place(x: float, y: float, w_in: float, h_in: float) -> Any:  # inches → fixed axes
        return fig.add_axes((x / width, y / height, w_in / width, h_in / height))

    kx, map_x = left + _PANEL + gap, left + _PANEL + 2 * gap + kside
    ax_img = place(left, bottom, _PANEL, _PANEL)
    ax_k = place(kx, bottom + (_PANEL - kside) / 2, kside, kside)
    ax_map = place(map_x, bottom, _PANEL, _PANEL)
    bars = {}  # one colour bar for each kind of arrow ends, made once; one is shown
    for extend in ("neither", "min", "max", "both"):
        scale = ScalarMappable(cmap=DIVERGING_CMAP)
        bars[extend] = fig.colorbar(
            scale, cax=place(map_x + _PANEL + bar_gap, bottom, bar_w, _PANEL), extend=extend
        )
        bars[extend].formatter = NullFormatter()  # draw_filtered writes them, as glyphs
        bars[extend].ax.xaxis.set_visible(False)  # the short side: nothing on it
    show_matrix(np.zeros(kernel_shape), ax=ax_k, cmap=DIVERGING_CMAP, fontsize=8)
    plotting.glyph_label(ax_k, "kernel")
    for ax, anchor in ((ax_img, "W"), (ax_map, "E")):  # the map next to its colour bar
        ax.imshow(np.zeros((1, 1)), interpolation="nearest")
        ax.set_anchor(anchor)
        plotting.frame(ax)
    bare_panels(ax_img, ax_k, ax_map)
    return fig, ((ax_img, ax_k, ax_map), bars)


def _replace_image(shown: Any, values: np.ndarray, cmap: str, vmin: float, vmax: float) -> None:
    """New values (of any shape), colour map and scale for an image drawn before."""
    h, w = values.shape
    shown.set_data(values)
    shown.set_extent((-0.5, w - 0.5, h - 0.5, -0.5))
    shown.set_cmap(cmap)
    shown.set_clim(vmin, vmax)


def _tick_words(ticks: np.ndarray) -> list[str]:
    """Tick labels with as many decimals as the step needs (0.25 → 2), minus signs."""
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    decimals = next((d for d in range(10) if abs(round(step, d) - step) < 1e-9 * step), 10)
    words = [f"{t:.{decimals}f}".replace("-", "\N{MINUS SIGN}") for t in ticks]
    return [
        w[1:] if w.startswith("\N{MINUS SIGN}") and not w.strip("\N{MINUS SIGN}0.") else w
        for w in words
    ]


_BAR_LABELS = "colour bar labels"  # the gid of the shown colour bar's tick labels


def _label_bar(bar: Any) -> None:
    """Ticks on the colour bar, labelled by one glyph collection (far cheaper than a Text
    each) at 7 pt where matplotlib would write them, right of the bar."""
    for old in [c for c in bar.ax.collections if c.get_gid() == _BAR_LABELS]:
        old.remove()
    low, high = bar.norm.vmin, bar.norm.vmax
    if not high > low:
        return
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    ticks = ticks[(ticks >= low - 1e-9 * (high - low)) & (ticks <= high + 1e-9 * (high - low))]
    bar.locator = FixedLocator(ticks)
    xy = np.c_[np.ones(len(ticks)), (ticks - low) / (high - low)]  # axes coordinates
    labels = plotting.cell_texts(bar.ax, xy, _tick_words(ticks), 7.0, "black", False, left=True)
    pad = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) / 72  # inches
    shift = ScaledTranslation(pad, 0, bar.ax.figure.dpi_scale_trans)
    labels.set_offset_transform(bar.ax.transAxes + shift)
    labels.set_gid(_BAR_LABELS)


def draw_filtered(s: FilterState, fig: Any = None) -> Any:
    """The image, the kernel as a small matrix, and the feature map, side by side.

    Given the `fig` it drew before, it only changes numbers, colours and titles.
    """
    shape = s.kernel.shape
    fig, (axes, bars) = plotting.reused(fig, shape, lambda f: _lay_out_filtered(shape, f))
    ax_img, ax_k, ax_map = axes
    as_photo, scale = shows_as_photo(s.kernel), _grey_scale(s.image)
    _replace_image(ax_img.images[0], s.image, IMAGE_CMAP, *scale)
    update_matrix(ax_k, s.kernel)
    shown = ax_map.images[0]
    _replace_image(shown, *_map_style(s.fmap, as_photo, scale))
    extend = _extend(shown.norm, s.fmap)
    for kind, bar in bars.items():
        bar.ax.set_visible(kind == extend)
    bars[extend].mappable.set_cmap(shown.get_cmap())
    bars[extend].mappable.set_clim(shown.get_clim())
    _label_bar(bars[extend])
    (h, w), (fh, fw) = s.image.shape, s.fmap.shape
    plotting.glyph_label(ax_img, f"image {h}×{w}")
    plotting.glyph_label(ax_map, f"feature map {fh}×{fw}" + (" after ReLU" if s.relu else ""))
    low, high = (plotting.number(v) for v in scale)
    key = f"grey as the image: {low} black, {high} white" if as_photo else "red > 0, blue < 0"
    plotting.glyph_label(ax_map, key, plotting.BELOW, fontsize=8)
    return fig


def plot_filtered(image: Any, kernel: Any, relu: bool = False) -> Any:
    """The image, the kernel and the feature map it makes ('valid'), side by side."""
    return draw_filtered(filter_state(image, kernel, relu))


def plot_kernel_gallery(image: Any, names: Any = GALLERY) -> Any:
    """One column per preset kernel: the kernel on top, the image it makes below.

    Photo-like maps share the original's grey scale; signed maps share one red/blue
    scale; each scale gets a colour bar on the right.
    """
    names = (names,) if isinstance(names, str) else tuple(names)
    if not names:
        raise _validate.fail("names", names, "give at least one preset name")
    kernels = [PRESETS[_validate.choice("names", n, tuple(PRESETS))] for n in names]
    img = _validate.image("image", image, colour=False)
    maps = [layers_numpy.conv2d(img, k) for k in kernels]
    photo = [shows_as_photo(k) for k in kernels]
    scale = _grey_scale(img)
    signed = [fmap for fmap, p in zip(maps, photo, strict=True) if not p]
    m = _signed_limit(*signed) if signed else 1.0
    n = len(kernels) + 1
    h, w = img.shape
    panel = min(1.35, 9.5 / n)  # inches per column
    gap, top, middle, bottom = 0.12, 0.45, 0.25, 0.05
    bar_w, bar_room = 0.09, 0.42  # a colour bar and its tick labels
    bars = 1 + (1 if signed else 0)
    k_h, img_h = panel * 0.62, panel * h / w
    W = n * panel + (n - 1) * gap + bars * (gap + bar_w + bar_room)
    H = bottom + img_h + middle + k_h + top
    fig = plotting.canvas((W, H), layout=None)

    def place(col: int, y: float, height: float, width: float) -> Any:
        x = col * (panel + gap) + (panel - width) / 2  # centred in its column
        return fig.add_axes((x / W, y / H, width / W, height / H))

    # Fixed places instead of a layout engine: several times faster to draw.
    ax = place(0, bottom, img_h, panel)
    grey = ax.imshow(img, cmap=IMAGE_CMAP, vmin=scale[0], vmax=scale[1], interpolation="nearest")
    ax.set_title("original", fontsize=9)
    plotting.frame(ax)
    red_blue = None
    for j, (name, k, fmap, as_photo) in enumerate(
        zip(names, kernels, maps, photo, strict=True), start=1
    ):
        ax_k = place(j, bottom + img_h + middle, k_h, k_h)
        mk = float(np.max(np.abs(k)))
        show_matrix(k, ax=ax_k, cmap=DIVERGING_CMAP, vmin=-mk, vmax=mk, fontsize=7)
        ax_k.set_title(name, fontsize=9)
        ax_m = place(j, bottom, img_h, panel)
        values, cmap, vmin, vmax = _map_style(fmap, as_photo, scale, m)
        shown = ax_m.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        if not as_photo:
            red_blue = shown
        plotting.frame(ax_m)
    x = n * (panel + gap)
    photo_maps = [img] + [fmap for fmap, p in zip(maps, photo, strict=True) if p]
    for shown, drawn in ((grey, photo_maps), (red_blue, signed)):
        if shown is None:
            continue
        cax = fig.add_axes((x / W, bottom / H, bar_w / W, img_h / H))
        extend = _extend(shown.norm, *drawn)
        fig.colorbar(shown, cax=cax, extend=extend).ax.tick_params(labelsize=7)
        x += bar_w + bar_room + gap
    fig.suptitle(
        "hand-made kernels: grey photo when the weights add up to more than 0 "
        "(one scale with the original), else red > 0, blue < 0 (one scale for all)",
        fontsize=9,
        y=1 - 0.05 / H,
        va="top",
    )
    return fig


def plot_on_one_scale(
    arrays: Any,
    titles: Any,
    numbers: bool = False,
    fmt: str | None = None,
    label: str = "value",
) -> Any:
    """Panels that are compared: one red/blue scale centred on 0 for all, one colour bar.

    `arrays` is a list of 2-D arrays (or an (H, W, C) stack, one panel per channel);
    `numbers=True` writes each value in its cell (for small arrays such as kernels).
    """
    if isinstance(arrays, np.ndarray) and arrays.ndim == 3:
        arrays = [arrays[..., c] for c in range(arrays.shape[-1])]
    panels = [_validate.array(f"arrays[{i}]", a, ndims=(2,)) for i, a in enumerate(arrays)]
    if not panels:
        raise _validate.fail("arrays", arrays, "give at least one 2-D array")
    labels = [str(t) for t in titles]
    if len(labels) != len(panels):
        raise _validate.fail(
            "titles", labels, f"give one title for each of the {len(panels)} arrays"
        )
    m = plotting.symmetric_limit(np.concatenate([p.ravel() for p in panels]))
    h, w = panels[0].shape
    n = len(panels)
    panel = min(1.6, 8.0 / n)
    fig = plotting.canvas((n * panel + 0.9, panel * min(1.5, h / w) + 0.55))
    grid = fig.add_gridspec(1, n + 1, width_ratios=[*([1.0] * n), 0.07], wspace=0.15)
    shown = None
    for i, (values, title) in enumerate(zip(panels, labels, strict=True)):
        ax = fig.add_subplot(grid[0, i])
        if numbers:
            show_matrix(values, ax=ax, fmt=fmt, cmap=DIVERGING_CMAP, vmin=-m, vmax=m)
            shown = ax.images[0]
        else:
            shown = ax.imshow(values, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest")
            plotting.frame(ax)
        ax.set_title(title, fontsize=9)
    cax = fig.add_subplot(grid[0, n])
    bar = fig.colorbar(shown, cax=cax)
    bar.ax.tick_params(labelsize=7)
    bar.set_label(label, fontsize=8)
    return fig


def _plain_number(value: float, _pos: Any = None) -> str:
    """A tick label such as '1', '100' or '10,000': no mathtext (slow to lay out)."""
    return f"{value:,.0f}" if value >= 1 else ""


def plot_parameter_sharing(input_size: int = 28, kernel_size: int = 3) -> Any:
    """Weights needed to make one feature map: shared kernel, one kernel per position, Dense."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    out = shapes.conv_output_size(n, k)
    shared = shapes.conv2d_params(k, 1, 1, use_bias=False)
    per_position = out * out * shared
    dense = shapes.dense_params(n * n, out * out, use_bias=False)
    labels = [
        f"Conv2D: one {k}×{k} kernel\nshared by all {out * out:,} positions",
        f"a separate {k}×{k} kernel\nat each of the {out * out:,} positions",
        f"Dense: every one of {n * n:,} pixels\nto each of {out * out:,} outputs",
    ]
    values = [shared, per_position, dense]
    fig = plotting.canvas((6.4, 2.4), layout=None)
    ax = fig.add_axes((0.36, 0.2, 0.6, 0.66))  # fixed place: no layout engine (fast)
    colours = [OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[1]]
    bars = ax.barh(range(3), values, color=colours, height=0.6)
    ax.set_xscale("log")
    ax.set_xlim(1, dense * 30)
    ax.xaxis.set_major_locator(LogLocator(base=100))
    ax.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_yticks(range(3), labels=labels, fontsize=8)
    ax.invert_yaxis()
    for bar, v in zip(bars, values, strict=True):
        ax.text(
            v * 1.3, bar.get_y() + bar.get_height() / 2, f"{v:,} weights", va="center", fontsize=8
        )
    ax.set_xlabel("weights (log scale)", fontsize=9)
    ax.set_title(
        f"one {out}×{out} feature map of a {n}×{n} image: {shared:,} vs {per_position:,} vs "
        f"{dense:,} weights",
        fontsize=9,
    )
    return fig
