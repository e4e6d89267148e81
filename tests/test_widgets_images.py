"""course_utils.widgets.images: the window explorer's pure pieces, its declaration and view."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils import data
from course_utils.figures import images as figures
from course_utils.widgets import images


@pytest.fixture(scope="module")
def pictures():
    """The lesson's photo (whole numbers 0–255) and a random 28×28 'digit'."""
    digit = np.random.default_rng(1).integers(0, 256, size=(28, 28), dtype=np.uint8)
    return {"photo": np.round(data.sample_image() * 255).astype(np.uint8), "digit": digit}


@pytest.fixture(scope="module")
def photo(pictures):
    return pictures["photo"]


@pytest.fixture(scope="module")
def digit(pictures):
    return pictures["digit"]


@pytest.fixture(scope="module")
def declared(pictures):
    return images._declare({name: im.astype(float) for name, im in pictures.items()})


# ---------------------------------------------------------------- lesson facts


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


# ---------------------------------------------------------------- pure pieces


def test_pixel_text(photo, digit):
    r, g, b = photo[200, 250]
    text = images.pixel_text(figures.zoom(photo, 200, 250, 3))
    assert text == f"pixel (200, 250) = (R, G, B) = ({r}, {g}, {b})"
    assert images.pixel_text(figures.zoom(digit, 5, 7, 2)) == f"pixel (5, 7) = {digit[5, 7]}"
    assert images.pixel_text(figures.zoom(np.full((2, 2), 0.25), 1, 1, 1)) == "pixel (1, 1) = 0.25"


def test_caption_gives_the_window_as_numpy_code(photo, digit):
    caption = images.caption(figures.zoom(photo, 200, 250, 6))
    assert "image[200:206, 250:256]" in caption and "colour (H, W, C)" in caption
    assert "108 numbers" in caption and "0 = dark, 255 = bright" in caption
    window = photo[200:206, 250:256, 1]
    green = images.caption(figures.zoom(photo, 200, 250, 6, "green"))
    assert "image[200:206, 250:256, 1]" in green and "36 numbers" in green
    assert f"from {window.min()} to {window.max()}" in green
    gray = images.caption(figures.zoom(digit, 0, 0, 4))
    assert "grayscale (H, W)" in gray and f"pixel (0, 0) = {digit[0, 0]}" in gray
    assert "0 = dark, 1 = bright" in images.caption(figures.zoom(np.full((3, 3), 0.5), 0, 0, 2))


# ---------------------------------------------------------------- the declaration


def test_limits_keep_the_window_inside_the_image(declared):
    values = {"image": "photo", "row": 590, "col": 500, "size": 8, "channel": "red"}
    settled, limits = declared.settle(values)
    assert limits == {"size": (2, 8), "row": (0, 592), "col": (0, 504)}
    assert settled == values  # inside already
    settled, limits = declared.settle({**values, "image": "digit"})
    assert (settled["row"], settled["col"]) == (20, 20) and limits["row"] == (0, 20)
    small = images._declare({"tiny": np.zeros((5, 3))})
    settled, limits = small.settle(
        {"image": "tiny", "row": 4, "col": 0, "size": 8, "channel": "all"}
    )
    assert limits["size"] == (2, 3) and (settled["size"], settled["row"]) == (3, 2)


def test_compute_refuses_a_window_outside_and_ignores_channel_for_grayscale(declared, digit):
    with pytest.raises(ValueError, match="row=26 .*must fit inside the 28×28 image"):
        declared.compute({"image": "digit", "row": 26, "col": 0, "size": 3, "channel": "all"})
    state = declared.compute({"image": "digit", "row": 1, "col": 2, "size": 3, "channel": "red"})
    assert state.channel == "all" and (state.row, state.col, state.size) == (1, 2, 3)


def test_static_view_is_the_flags_stripes_not_the_default(declared, photo):
    static = declared.static
    assert static["image"] == "photo" and static["channel"] == "all"
    window = photo[
        static["row"] : static["row"] + static["size"],
        static["col"] : static["col"] + static["size"],
    ].astype(int)
    # red and white alike in red; only green and blue tell them apart
    assert np.ptp(window[..., 0]) < 0.6 * np.ptp(window[..., 1])
    explorer = images.images_explorer()
    assert dict(explorer.explorer.static) != explorer.values
    assert images._declare({"digit": np.zeros((28, 28))}).state().size == 8


# ---------------------------------------------------------------- the view


def test_every_control_redraws_once(photo, digit):
    view = images.images_explorer({"digit": digit, "photo": photo}, row=10, col=12, size=5)
    assert view.values["image"] == "digit"
    assert view.renders == 1 and "grayscale" in view.caption.value
    for change in [
        {"row": 20},
        {"col": 3},
        {"size": 8},
        {"image": "photo"},
        {"channel": "green"},
        {"row": 590, "col": 504},
        {"image": "digit"},
    ]:
        before, picture = view.renders, bytes(view.image.value)
        view.set(**change)
        assert view.renders == before + 1, change
        assert bytes(view.image.value) != picture and "⚠" not in view.caption.value
    # back on the digit, the window moved inside it: limits clamped row and col
    assert (view.values["row"], view.values["col"]) == (20, 20)
    assert view.controls["row"].max == 20 and "image[20:28, 20:28]" in view.caption.value


def test_a_starting_window_outside_is_moved_inside(digit):
    view = images.images_explorer({"digit": digit}, row=26, col=25, size=6)
    assert (view.values["row"], view.values["col"]) == (22, 22)


def test_explorer_default_is_the_photo():
    view = images.images_explorer()
    assert view.values == {"image": "photo", "row": 0, "col": 0, "size": 6, "channel": "all"}
    assert "colour (H, W, C)" in view.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"size": 9}, "size=9"),
        ({"size": 1}, "size=1"),
        ({"image": "fotos"}, "image='fotos'"),
        ({"channel": "pink"}, "channel='pink'"),
        ({"images": {}}, "images=<dict>"),
        ({"images": {"bad": np.zeros((3, 3, 2))}}, r"images\['bad'\]="),
    ],
)
def test_explorer_refuses_bad_starting_values(digit, kwargs, words):
    kwargs = {"images": {"digit": digit}, **kwargs}
    with pytest.raises(ValueError, match=words):
        images.images_explorer(**kwargs)
