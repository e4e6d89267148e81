"""course_utils.figures.images: windows of pixel values, the colour channels, parameter counts."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.figure import Figure

from course_utils import data, plotting
from course_utils.figures import images as figures
from course_utils.widgets._core import new_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def photo():
    return np.round(data.sample_image() * 255).astype(np.uint8)


@pytest.fixture(scope="module")
def digit():
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, size=(28, 28), dtype=np.uint8)


def _labels(fig: Figure) -> list[str]:
    """What the figure writes: the label of each collection of glyphs, in drawing order."""
    return [
        c.get_label()
        for ax in fig.axes
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_label()
    ]


def _numbers(fig: Figure) -> list[float]:
    """Every number written in the grids (the last label holds the titles)."""
    return sorted(float(t) for label in _labels(fig)[:-1] for t in label.split())


# ---------------------------------------------------------------- numbers


def _grid(image, row, col, size, channel="all"):
    """The one number grid of a zoom (a grayscale image's, or one channel's)."""
    (grid,) = figures.zoom(image, row, col, size, channel).grids.values()
    return grid


def test_zoom_is_numpy_slicing(photo, digit):
    grids = figures.zoom(photo, 200, 250, 6).grids
    assert list(grids) == ["red channel", "green channel", "blue channel"]
    np.testing.assert_array_equal(np.stack(list(grids.values()), -1), photo[200:206, 250:256])
    np.testing.assert_array_equal(_grid(photo, 1, 2, 3, "green"), photo[1:4, 2:5, 1])
    np.testing.assert_array_equal(_grid(digit, 0, 22, 6), digit[0:6, 22:28])
    np.testing.assert_array_equal(_grid(digit[..., None], 3, 4, 2), digit[3:5, 4:6])
    image = digit.astype(float)
    _grid(image, 1, 1, 3)[:] = 0  # a copy: the image is untouched
    assert image[1:4, 1:4].any()


@pytest.mark.parametrize(
    "args, words",
    [
        ((0, 0, 0), "size=0"),
        ((0, 0, 13), "size=13"),
        ((-1, 0, 3), "row=-1"),
        ((0, 2.0, 3), "col=2.0"),
        ((0, True, 3), "col=True"),
        ((26, 0, 3), "row=26 .*from 0 to 25 .*must fit inside the 28×28 image"),
        ((0, 25, 4), "col=25 .*from 0 to 24"),
    ],
)
def test_bad_windows_raise_value_error(digit, args, words):
    with pytest.raises(ValueError, match=words):
        figures.zoom(digit, *args)
    with pytest.raises(ValueError, match=words):
        figures.plot_zoom(digit, *args)


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((4, 4, 2)),
        np.zeros(5),
        np.zeros((0, 3)),
        "pixels",
        [[1, 2], [3]],
        np.full((2, 2), np.nan),
    ],
)
def test_bad_images_raise_value_error(image):
    with pytest.raises(ValueError, match="image=.* is not allowed"):
        figures.zoom(image, 0, 0, 1)


def test_values_are_written_and_drawn_as_the_lessons_do(photo):
    assert [plotting.number(v) for v in (0, 255, 0.25, 1.0, 0.5)] == [
        "0",
        "255",
        "0.25",
        "1",
        "0.5",
    ]
    assert figures.grey_range(photo) == (0, 255)
    assert figures.grey_range(photo / 255) == (0, 1)
    assert figures.grey_range(np.array([0.0, 0.5, 2.0])) == (0, 2)  # dropout's 2×
    assert figures.grey_range(np.array([-1.0, 3.0])) == (-1, 3)  # signed: its own range
    assert figures.grey_range(np.full(3, -2.0)) == (-2, -1)  # one value: still a scale


def test_channel_rules(photo, digit):
    with pytest.raises(ValueError, match="channel='red' .*grayscale"):
        figures.plot_zoom(digit, 0, 0, 3, "red")
    with pytest.raises(ValueError, match="did you mean 'green'"):
        figures.plot_zoom(photo, 0, 0, 3, "gren")


# ---------------------------------------------------------------- plot_zoom


def test_plot_zoom_writes_the_windows_numbers_per_channel(photo, digit):
    fig = figures.plot_zoom(photo, 200, 250, 4)
    assert isinstance(fig, Figure)
    titles = "shape (600, 512, 3) zoomed in red channel green channel blue channel"
    assert _labels(fig)[-1] == titles
    assert _numbers(fig) == sorted(float(v) for v in photo[200:204, 250:254].ravel())

    fig = figures.plot_zoom(photo, 0, 0, 3, "blue")
    assert _labels(fig)[-1].endswith("zoomed in blue channel")
    assert _numbers(fig) == sorted(float(v) for v in photo[:3, :3, 2].ravel())

    fig = figures.plot_zoom(digit, 10, 12, 5)
    assert _labels(fig)[-1] == "shape (28, 28) the numbers"
    assert _numbers(fig) == sorted(float(v) for v in digit[10:15, 12:17].ravel())
    assert figures.plot_zoom(np.full((3, 3), 0.25), 0, 0, 2) is not None


def test_plot_zoom_numbers_are_dark_on_bright_cells():
    image = np.array([[0, 255], [200, 10]], dtype=np.uint8)
    fig = figures.plot_zoom(image, 0, 0, 2)
    (numbers,) = (
        c
        for c in fig.axes[0].collections
        if isinstance(c, PathCollection) and "numbers" not in c.get_label()
    )
    inks = [tuple(rgba[:3]) for rgba in numbers.get_facecolor()]
    assert numbers.get_label() == "0 255 200 10"
    assert inks == [(1, 1, 1), (0, 0, 0), (0, 0, 0), (1, 1, 1)]  # plotting.text_color


def test_plot_zoom_frames_the_window_and_fits_a_notebook(photo):
    fig = figures.plot_zoom(photo, 300, 256, 8)
    ax = fig.axes[0]
    frame = next(p for p in ax.patches if p.get_linewidth() == 2.0)
    photo_left, photo_right, photo_bottom, photo_top = ax.images[0].get_extent()
    inch = (photo_right - photo_left) / 512  # inches per pixel
    assert frame.get_x() == pytest.approx(photo_left + 256 * inch)
    assert frame.get_y() == pytest.approx(photo_top + 300 * inch)
    assert frame.get_width() == pytest.approx(8 * inch)
    assert fig.get_size_inches()[0] <= 12  # the explorer's widest picture fits 960 px


def _meshes(ax):
    return [c for c in ax.collections if isinstance(c, QuadMesh)]


def test_draw_zoom_redraws_in_place(photo, digit):
    fig = new_figure()
    assert figures.draw_zoom(figures.zoom(photo, 0, 0, 3), fig) is fig
    first = fig.axes[0]
    figures.draw_zoom(figures.zoom(photo, 5, 5, 8, "red"), fig)
    assert fig.axes == [first], "the same Axes, its contents replaced"
    assert _labels(fig)[-1] == "shape (600, 512, 3) zoomed in red channel"
    # the photo as an image; the zoomed-in colours and one grid as flat cells
    assert len(first.images) == 1 and len(_meshes(first)) == 2
    figures.draw_zoom(figures.zoom(digit, 1, 1, 2), fig)
    assert len(first.images) == 1 and len(_meshes(first)) == 1
    assert _numbers(fig) == sorted(digit[1:3, 1:3].ravel())
    fig.clear()  # emptied by someone else: drawn afresh
    figures.draw_zoom(figures.zoom(digit, 1, 1, 2), fig)
    assert len(fig.axes) == 1


# ---------------------------------------------------------------- other figures


def test_plot_channels(photo, digit):
    fig = figures.plot_channels(photo)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "colour: shape (600, 512, 3)",
        "red: image[:, :, 0]",
        "green: image[:, :, 1]",
        "blue: image[:, :, 2]",
    ]
    red = fig.axes[1].images[0]
    assert red.get_clim() == (0, 255)  # no stretching: a dark channel looks dark
    np.testing.assert_array_equal(red.get_array(), photo[:, :, 0])
    with pytest.raises(ValueError, match="needs a colour image"):
        figures.plot_channels(digit)


def test_plot_param_counts():
    ax = figures.plot_param_counts({"dense": 15_052_900, "conv": 2_800})
    assert [t.get_text() for t in ax.texts] == ["15,052,900", "2,800"]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["dense", "conv"]  # top to bottom
    for bad, words in [
        ({}, "counts="),
        ({"a": 0}, r"counts\['a'\]=0"),
        ({"a": 2.5}, "2.5"),
        ([("a", 3)], "counts="),
        ({"a": True}, "True"),
    ]:
        with pytest.raises(ValueError, match=words):
            figures.plot_param_counts(bad)
