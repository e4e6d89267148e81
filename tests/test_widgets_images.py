"""course_utils.widgets.images: windows, captions and pictures of pixel values; the explorer."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import data
from course_utils.widgets import images


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


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


# ---------------------------------------------------------------- numbers


def test_crop_is_numpy_slicing(photo, digit):
    np.testing.assert_array_equal(images.crop(photo, 200, 250, 6), photo[200:206, 250:256])
    np.testing.assert_array_equal(images.crop(digit, 0, 22, 6), digit[0:6, 22:28])
    np.testing.assert_array_equal(images.crop(digit[..., None], 3, 4, 2), digit[3:5, 4:6])
    window = images.crop(digit, 1, 1, 3)
    window[:] = 0  # a copy: the image is untouched
    assert digit[1:4, 1:4].any()


def test_sample_photo_is_the_shape_the_lesson_states(photo):
    assert photo.shape == (600, 512, 3) and photo.dtype == np.uint8
    # the three channels stacked on the last axis give the photo back
    channels = [photo[:, :, i] for i in range(3)]
    np.testing.assert_array_equal(np.stack(channels, axis=-1), photo)


def test_weighted_sum_grayscale_matches_keras(photo):
    """The lesson's from-scratch grayscale is Keras's rgb_to_grayscale."""
    rgb = photo.astype("float32") / 255
    ours = rgb @ np.array([0.2989, 0.5870, 0.1140], dtype="float32")
    theirs = keras.ops.convert_to_numpy(keras.ops.image.rgb_to_grayscale(rgb))
    assert theirs.shape == (600, 512, 1)
    np.testing.assert_allclose(ours, theirs[..., 0], atol=1e-6)
    batch = np.zeros((8, 32, 48, 3), dtype="float32")
    assert tuple(keras.ops.image.rgb_to_grayscale(batch).shape) == (8, 32, 48, 1)


def test_pixel_text_and_caption(photo, digit):
    r, g, b = photo[200, 250]
    assert images.pixel_text(photo, 200, 250) == f"pixel (200, 250) = (R, G, B) = ({r}, {g}, {b})"
    assert images.pixel_text(digit, 5, 7) == f"pixel (5, 7) = {digit[5, 7]}"
    assert images.pixel_text(np.full((2, 2), 0.25), 1, 1) == "pixel (1, 1) = 0.25"
    caption = images.caption_html(photo, 200, 250, 6)
    assert "600×512 colour: shape (600, 512, 3) (H, W, C)" in caption
    assert "image[200:206, 250:256]" in caption and "108 numbers" in caption
    window = photo[200:206, 250:256, 1]
    green = images.caption_html(photo, 200, 250, 6, "green")
    assert "green channel, image[200:206, 250:256, 1]" in green and "36 numbers" in green
    assert f"from {window.min()} to {window.max()}" in green
    gray = images.caption_html(digit, 0, 0, 4)
    assert "28×28 grayscale: shape (28, 28) (H, W)" in gray and "0 (dark) to 255" in gray
    assert "0 (dark) to 1 (bright)" in images.caption_html(np.full((3, 3), 0.5), 0, 0, 2)


@pytest.mark.parametrize(
    "args, words",
    [
        ((0, 0, 0), "size=0"),
        ((0, 0, 13), "size=13"),
        ((-1, 0, 3), "row=-1"),
        ((0, 2.0, 3), "col=2.0"),
        ((0, True, 3), "col=True"),
        ((26, 0, 3), "must fit inside the 28×28 image"),
        ((0, 25, 4), "col + size <= 28"),
    ],
)
def test_bad_windows_raise_value_error(digit, args, words):
    with pytest.raises(ValueError, match=words.replace("+", r"\+")):
        images.crop(digit, *args)
    with pytest.raises(ValueError):
        images.plot_zoom(digit, *args)


@pytest.mark.parametrize(
    "image, words",
    [
        (np.zeros((4, 4, 2)), r"shape \(4, 4, 2\)"),
        (np.zeros(5), "grayscale"),
        (np.zeros((0, 3)), "at least one pixel"),
        ("pixels", "image=str"),
        ([[1, 2], [3]], "image=list"),
    ],
)
def test_bad_images_raise_value_error(image, words):
    with pytest.raises(ValueError, match=words):
        images.as_image(image)


def test_channel_rules(photo, digit):
    with pytest.raises(ValueError, match="this image is grayscale"):
        images.caption_html(digit, 0, 0, 3, "red")
    with pytest.raises(ValueError, match="did you mean 'green'"):
        images.plot_zoom(photo, 0, 0, 3, "gren")


# ---------------------------------------------------------------- pictures


def test_plot_zoom_writes_the_windows_numbers(photo, digit):
    fig = images.plot_zoom(photo, 200, 250, 4)
    assert isinstance(fig, Figure)
    written = _texts(fig)
    expected = [str(v) for c in range(3) for v in photo[200:204, 250:254, c].ravel()]
    assert written == expected  # red grid, then green, then blue, row by row
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "600×512 image",
        "the window, zoomed",
        "red channel",
        "green channel",
        "blue channel",
    ]
    assert "rows 200–203, columns 250–253" in fig._suptitle.get_text()

    fig = images.plot_zoom(photo, 0, 0, 3, "blue")
    assert _texts(fig) == [str(v) for v in photo[:3, :3, 2].ravel()]
    assert [ax.get_title() for ax in fig.axes][-1] == "blue channel"

    fig = images.plot_zoom(digit, 10, 12, 5)
    assert _texts(fig) == [str(v) for v in digit[10:15, 12:17].ravel()]
    assert len(fig.axes) == 2 and "grayscale" in fig._suptitle.get_text()


def test_plot_zoom_frames_the_window_in_pixel_coordinates(photo):
    fig = images.plot_zoom(photo, 200, 250, 6)
    ax = fig.axes[0]
    frame = ax.patches[0]
    assert frame.get_xy() == (249.5, 199.5) and frame.get_width() == 6
    # the photo is drawn with fewer pixels, but the axes keep the photo's own numbering
    assert ax.get_xlim() == (-0.5, 511.5) and ax.get_ylim() == (599.5, -0.5)


def test_plot_zoom_reuses_a_figure(digit):
    fig = plt.figure()
    assert images.plot_zoom(digit, 0, 0, 3, fig=fig) is fig
    assert len(fig.axes) == 2


def test_plot_channels(photo, digit):
    fig = images.plot_channels(photo)
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
        images.plot_channels(digit)


def test_plot_param_counts():
    ax = images.plot_param_counts({"dense": 15_052_900, "conv": 2_800})
    assert [t.get_text() for t in ax.texts] == ["15,052,900", "2,800"]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["dense", "conv"]  # top to bottom
    for bad in ({}, {"a": 0}, {"a": 2.5}, [("a", 3)], {"a": True}):
        with pytest.raises(ValueError, match="counts="):
            images.plot_param_counts(bad)


# ---------------------------------------------------------------- the explorer


def test_explorer_builds_and_updates(photo, digit):
    explorer = images.images_explorer({"digit": digit, "photo": photo}, row=10, col=12, size=5)
    assert "28×28 grayscale" in explorer.caption.value
    first = bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    explorer.set(row=20)
    assert "image[20:25, 12:17]" in explorer.caption.value
    assert bytes(explorer.image.value) != first
    explorer.set(image="photo")
    assert "600×512 colour" in explorer.caption.value
    assert explorer.controls["row"].max == 595 and explorer.controls["col"].max == 507
    explorer.set(row=400, col=300, channel="red")
    assert "red channel, image[400:405, 300:305, 0]" in explorer.caption.value
    explorer.set(image="digit")  # the window moves back inside the 28×28 digit
    assert explorer.values["row"] == 23 and explorer.values["col"] == 23
    assert "⚠" not in explorer.caption.value and "image[23:28, 23:28]" in explorer.caption.value
    explorer.set(size=8)
    assert explorer.controls["row"].max == 20 and explorer.values["row"] == 20


def test_explorer_default_is_the_photo():
    explorer = images.images_explorer()
    assert "600×512 colour" in explorer.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"size": 9}, "size=9"),
        ({"size": 1}, "size=1"),
        ({"image": "fotos"}, "image='fotos'"),
        ({"row": 28}, "must fit inside"),
        ({"channel": "red"}, "grayscale"),
        ({"images": {}}, "images=dict"),
    ],
)
def test_explorer_refuses_bad_starting_values(digit, kwargs, words):
    kwargs = {"images": {"digit": digit}, **kwargs}
    with pytest.raises(ValueError, match=words):
        images.images_explorer(**kwargs)
