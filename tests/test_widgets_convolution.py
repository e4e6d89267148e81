"""course_utils.widgets.convolution: steps and filters against layers_numpy and real Keras."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import layers_numpy, shapes
from course_utils.widgets import convolution as cv


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _keras_conv(x: np.ndarray, kernel: np.ndarray, bias: float = 0.0) -> np.ndarray:
    """A real keras.layers.Conv2D with one filter, given our kernel and bias."""
    layer = keras.layers.Conv2D(1, kernel.shape, padding="valid")
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None].astype("float32"), np.array([bias], "float32")])
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


# ---------------------------------------------------------------- one step


def test_the_worked_example():
    x, k = cv.EXAMPLE_INPUT, cv.EXAMPLE_KERNEL
    first = cv.convolution_step(x, k, 0, 0)
    np.testing.assert_array_equal(first["patch"], [[0, 1, 3], [0, 2, 3], [1, 2, 3]])
    np.testing.assert_array_equal(first["products"], [[0, 0, -3], [0, 0, -3], [1, 0, -3]])
    assert first["total"] == -8
    np.testing.assert_array_equal(first["output"], [[-8, 3, 9], [-8, 2, 8], [-7, 1, 7]])
    so_far = cv.convolution_step(x, k, 1, 1)["output_so_far"]
    assert np.isnan(so_far).sum() == 4  # positions 6 … 9 are still to come
    np.testing.assert_array_equal(so_far[0], [-8, 3, 9])
    np.testing.assert_array_equal(so_far[1, :2], [-8, 2])


@pytest.mark.parametrize("shape, kshape", [((5, 5), (3, 3)), ((6, 8), (3, 3)), ((7, 5), (2, 4))])
def test_every_step_matches_layers_numpy_and_keras(shape, kshape):
    rng = np.random.default_rng(sum(shape))
    x = rng.integers(0, 4, size=shape).astype(float)
    k = rng.integers(-2, 3, size=kshape).astype(float)
    bias = 0.5
    expected = _keras_conv(x, k, bias)
    assert expected.shape == (
        shapes.conv_output_size(shape[0], kshape[0]),
        shapes.conv_output_size(shape[1], kshape[1]),
    )
    np.testing.assert_allclose(layers_numpy.conv2d(x, k, bias), expected, atol=1e-5)
    out_h, out_w = expected.shape
    for step in range(1, out_h * out_w + 1):
        row, col = cv.step_to_position(step, (out_h, out_w))
        result = cv.convolution_step(x, k, row, col, bias)
        assert result["total"] == pytest.approx(expected[row, col], abs=1e-5)
        assert result["total"] == pytest.approx(result["products"].sum() + bias)
        done = ~np.isnan(result["output_so_far"])
        assert done.sum() == step and done.ravel()[:step].all()
        np.testing.assert_allclose(result["output_so_far"][done], expected[done], atol=1e-5)


def test_step_formula_writes_every_term():
    x, k = cv.EXAMPLE_INPUT, cv.EXAMPLE_KERNEL
    text = cv.step_formula(x[0:3, 0:3], k)
    assert text == "0·1 + 1·0 + 3·(−1) + 0·1 + 2·0 + 3·(−1) + 1·1 + 2·0 + 3·(−1) = −8"
    assert cv.step_formula([[1, 2]], [[3, -1]], bias=0.5).endswith("+ bias 0.5 = 1.5")
    assert cv.step_to_position(4, (3, 3)) == (1, 0)
    assert cv.step_to_position(9, (3, 3)) == (2, 2)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: cv.convolution_step(np.ones((2, 2)), np.ones((3, 3)), 0, 0), "does not fit"),
        (lambda: cv.convolution_step(np.ones((5, 5)), np.ones((3, 3)), 3, 0), "row=3"),
        (lambda: cv.convolution_step(np.ones((5, 5)), np.ones((3, 3)), 0, -1), "col=-1"),
        (lambda: cv.convolution_step(np.ones((5, 5)), np.ones((3, 3)), 0, 0, "1"), "bias="),
        (lambda: cv.convolution_step(np.ones((5, 5, 1)), np.ones((3, 3)), 0, 0), "x has shape"),
        (lambda: cv.convolution_step([[1, np.nan]], [[1]], 0, 0), "finite"),
        (lambda: cv.step_to_position(10, (3, 3)), "step=10"),
        (lambda: cv.step_to_position(1.0, (3, 3)), "step=1.0"),
        (lambda: cv.plot_step(np.ones((13, 13)), np.ones((3, 3)), 1), "at most 12"),
        (lambda: cv.plot_step(np.ones((5, 5)), np.ones((3, 3)), 0), "step=0"),
    ],
)
def test_bad_steps_raise_value_error(call, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        call()


def test_plot_step_tells_the_story_in_its_title():
    fig = cv.plot_step(cv.EXAMPLE_INPUT, cv.EXAMPLE_KERNEL, 4)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    title = fig._suptitle.get_text()
    assert "step 4 of 9" in title and "rows 1–3, columns 0–2" in title  # a count; rows from 0
    assert "output[1, 0] = −8" in title and "\n" not in title  # said once, on one line
    assert fig.axes[2].get_xlabel() == "sum = −8"
    assert fig.axes[3].get_xlabel() == ""  # the title already says where the sum goes
    # the output panel writes the 4 values computed so far, and nothing in the 5 cells to come
    written = sorted(t.get_text() for t in fig.axes[3].texts)
    assert written == sorted(["−8", "3", "9", "−8"])


# ---------------------------------------------------------------- kernels as text


def test_presets_and_text_round_trip():
    assert list(cv.PRESETS) == ["identity", "vertical edge", "horizontal edge", "blur", "sharpen"]
    for name, k in cv.PRESETS.items():
        text = cv.kernel_to_text(k)
        np.testing.assert_allclose(cv.parse_kernel(text), k)
        assert cv.match_preset(cv.parse_kernel(text)) == name
    assert cv.kernel_to_text(cv.PRESETS["blur"]).split("\n")[0] == "1/9 1/9 1/9"
    assert [cv.shows_as_photo(k) for k in cv.PRESETS.values()] == [True, False, False, True, True]
    assert cv.match_preset(np.eye(3)) == "custom"
    k = cv.preset_kernel("sharpen")
    k[0, 0] = 9  # a copy: the preset itself is unchanged
    assert cv.PRESETS["sharpen"][0, 0] == 0


def test_parse_kernel_is_forgiving_about_the_format():
    expected = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    for text in (
        "1 0 -1\n2 0 -2\n1 0 -1",
        "1, 0, -1\n 2,0,-2 \n\n1 0 −1\n",
        "[[1, 0, -1],\n [2, 0, -2],\n [1, 0, -1]]",
    ):
        np.testing.assert_array_equal(cv.parse_kernel(text), expected)
    np.testing.assert_allclose(
        cv.parse_kernel("1/9 .5 1e-1\n0 0 0\n0 0 -2/4")[0], [1 / 9, 0.5, 0.1]
    )


@pytest.mark.parametrize(
    "text, words",
    [
        ("1 0 -1\n1 0 -1", "has 2 row"),
        ("1 0 -1\n1 0\n1 0 -1", "row 2 of the kernel has 2 number"),
        ("1 0 x\n1 0 -1\n1 0 -1", "'x' in row 1 is not a number"),
        ("1 0 1/0\n1 0 -1\n1 0 -1", "divides by zero"),
        ("1 0 inf\n1 0 -1\n1 0 -1", "'inf' in row 1 is not a number"),
        ("1 0 1e999\n1 0 -1\n1 0 -1", "infinite"),
        ("", "has 0 row"),
        (None, "must be a string"),
    ],
)
def test_parse_kernel_explains_bad_text(text, words):
    with pytest.raises(ValueError, match=words):
        cv.parse_kernel(text)


# ---------------------------------------------------------------- kernels on an image


@pytest.mark.parametrize("name", list(cv.PRESETS))
def test_filter_image_matches_keras(name):
    rng = np.random.default_rng(0)
    image = rng.random((20, 17))
    k = cv.PRESETS[name]
    expected = _keras_conv(image, k)
    np.testing.assert_allclose(cv.filter_image(image, k), expected, atol=1e-5)
    np.testing.assert_allclose(
        cv.filter_image(image, k, relu=True), np.maximum(expected, 0), atol=1e-5
    )


def test_identity_keeps_the_image_and_edges_find_edges():
    image = np.zeros((6, 6))
    image[:, :3] = 1.0  # bright left half, dark right half: one vertical edge
    np.testing.assert_array_equal(cv.filter_image(image, cv.PRESETS["identity"]), image[1:-1, 1:-1])
    vertical = cv.filter_image(image, cv.PRESETS["vertical edge"])
    np.testing.assert_array_equal(vertical, [[0, 3, 3, 0]] * 4)  # only where the edge is
    assert not cv.filter_image(image, cv.PRESETS["horizontal edge"]).any()


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: cv.filter_image(np.ones((2, 5)), np.ones((3, 3))), "at least 3×3"),
        (lambda: cv.filter_image(np.ones((500, 5)), np.ones((3, 3))), "at most 400"),
        (lambda: cv.filter_image(np.ones((5, 5, 3)), np.ones((3, 3))), "image has shape"),
        (lambda: cv.filter_image(np.ones((5, 5)), np.ones((3, 3)), relu="yes"), "relu="),
        (lambda: cv.preset_kernel("edge"), "name='edge'"),
        (lambda: cv.plot_kernel_gallery(np.ones((5, 5)), names=()), "names is empty"),
    ],
)
def test_bad_images_raise_value_error(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_pictures_put_the_numbers_in_their_titles():
    image = np.random.default_rng(1).random((30, 24))
    fig = cv.plot_filtered(image, cv.PRESETS["vertical edge"], relu=True)
    title = fig._suptitle.get_text()
    assert title.startswith("vertical edge kernel: values from 0 to ")
    assert "of values that were negative into 0" in title
    assert "28×22 after ReLU" in fig.axes[2].get_title()
    fig = cv.plot_kernel_gallery(image)
    # the original, kernel + map each, then a grey and a red/blue colour bar
    assert len(fig.axes) == 1 + 2 * len(cv.GALLERY) + 2
    assert [ax.get_title() for ax in fig.axes[1:-2:2]] == list(cv.GALLERY)
    assert "identity" not in cv.GALLERY  # it would only give the original back
    fig = cv.plot_kernel_gallery(image, names="blur", relu=True)
    assert len(fig.axes) == 4 and "(then ReLU)" in fig._suptitle.get_text()
    fig = cv.plot_parameter_sharing(28, 3)
    ax = fig.axes[0]
    assert "9 vs 6,084 vs 529,984 weights" in ax.get_title()
    bars = [patch.get_width() for patch in ax.patches]
    assert bars == [9, 26 * 26 * 9, 28 * 28 * 26 * 26]  # what the bars are as long as
    assert [t.get_text() for t in ax.texts] == [
        "9 weights",
        "6,084 weights",
        "529,984 weights",
    ]
    fig = cv.plot_parameter_sharing(10, 5)  # 6×6 positions of a 5×5 kernel
    assert "25 vs 900 vs 3,600 weights" in fig.axes[0].get_title()


def test_a_kernel_whose_weights_add_up_to_more_than_0_shows_as_a_photo():
    """Check-your-understanding Q5: doubling the blur must look BRIGHTER, not turn red."""
    assert [cv.shows_as_photo(k) for k in cv.PRESETS.values()] == [True, False, False, True, True]
    blur = cv.PRESETS["blur"]
    assert cv.shows_as_photo(2 * blur) and cv.shows_as_photo(0.5 * blur)
    assert not cv.shows_as_photo(-blur) and not cv.shows_as_photo(np.zeros((3, 3)))
    image = np.random.default_rng(4).random((30, 24)) * 0.6  # values 0 … 0.6
    assert cv.photo_range(image) == (0.0, 1.0)  # 0 black, 1 white, whatever the image holds
    assert cv.photo_range(np.array([[0.0, 3.0]])) == (0.0, 3.0)
    drawn = {}
    for name, k in (("blur", blur), ("double", 2 * blur)):
        fig = cv.plot_filtered(image, k)
        shown = fig.axes[2].images[0]
        assert shown.get_cmap().name == "gray" and shown.get_clim() == (0.0, 1.0)
        assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)  # the same scale as the input
        assert len(fig.axes) == 4  # image, kernel, map, colour bar
        drawn[name] = np.asarray(shown.get_array(), dtype=float)
    assert drawn["double"].mean() > 1.5 * drawn["blur"].mean()  # brighter, visibly
    assert drawn["double"].max() <= 1.0  # clipped at white
    caption = cv.playground_caption(image, 2 * blur)
    assert "add up to 2" in caption and "2 × as bright" in caption and "photo" in caption
    caption = cv.playground_caption(image, cv.PRESETS["vertical edge"])
    assert "add up to 0" in caption and "red &gt; 0" in caption


def _bar_ends(fig: Figure) -> list[str]:
    """The `extend` of each colour bar in `fig` (matplotlib keeps the bar on its axes)."""
    return [ax._colorbar.extend for ax in fig.axes if getattr(ax, "_colorbar", None)]


def test_colour_bars_show_arrows_where_values_are_clipped():
    """A map drawn beyond its colour bar's ends says so with the bar's arrow ends."""
    norm = plt.Normalize(-1.0, 1.0)
    assert cv._extend(norm, np.array([-0.5, 1.0])) == "neither"
    assert cv._extend(norm, np.array([-2.0, 0.0]), np.array([0.5])) == "min"
    assert cv._extend(norm, np.array([0.0, 3.0])) == "max"
    assert cv._extend(norm, np.array([-2.0, 3.0])) == "both"
    image = np.random.default_rng(6).random((30, 24))
    assert _bar_ends(cv.plot_filtered(image, 2 * cv.PRESETS["blur"])) == ["max"]  # up to 2
    assert _bar_ends(cv.plot_filtered(image, cv.PRESETS["blur"])) == ["neither"]  # 0 … 1
    # red/blue maps: full colour at the 99th percentile of |value|, the rest is clipped
    assert _bar_ends(cv.plot_filtered(image, cv.PRESETS["vertical edge"])) == ["both"]
    # grey: sharpen goes below 0 and above 1; red/blue: the edge maps are clipped
    assert _bar_ends(cv.plot_kernel_gallery(image)) == ["both", "both"]


def test_gallery_and_compared_panels_share_one_scale():
    image = np.random.default_rng(5).random((30, 24))
    fig = cv.plot_kernel_gallery(image)
    maps = [fig.axes[i].images[0] for i in (2, 4, 6, 8)]  # vertical, horizontal, blur, sharpen
    assert maps[0].get_clim() == maps[1].get_clim()  # both edge maps: one red/blue scale
    low, high = maps[0].get_clim()
    assert low == -high > 0 or low == -high < 0
    assert maps[2].get_clim() == maps[3].get_clim() == fig.axes[0].images[0].get_clim()

    a, b = np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[4.0, 0.0], [0.0, -1.0]])
    fig = cv.plot_on_one_scale([a, b], ["a", "b"], numbers=True)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    assert all(ax.images[0].get_clim() == (-4.0, 4.0) for ax in fig.axes[:2])
    assert len(fig.axes) == 3  # two panels and one colour bar
    fig = cv.plot_on_one_scale(np.stack([a, b], axis=-1), ["a", "b"])
    assert fig.axes[1].images[0].get_clim() == (-4.0, 4.0)
    with pytest.raises(ValueError, match="titles has 1 entries for 2 arrays"):
        cv.plot_on_one_scale([a, b], ["a"])
    with pytest.raises(ValueError, match="arrays is empty"):
        cv.plot_on_one_scale([], [])


# ---------------------------------------------------------------- the explorers


def test_stepper_builds_and_updates():
    explorer = cv.convolution_stepper()
    caption = explorer.caption.value
    assert caption.startswith("<b>output[0, 0]</b> = ") and caption.endswith("= −8")
    assert "position" not in caption  # the figure's title says where the window is, once
    first = bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    explorer.set(step=6)
    assert "output[1, 2]" in explorer.caption.value and explorer.caption.value.endswith("= 8")
    assert bytes(explorer.image.value) != first
    explorer.set(kernel="blur")
    assert "1·0.11" in explorer.caption.value
    assert explorer.play.max == 9 and explorer.play in explorer.widget.children[1].children


def test_stepper_takes_its_own_grid_and_kernel():
    x = np.arange(24, dtype=float).reshape(4, 6)
    explorer = cv.convolution_stepper(x, kernel=[[1, -1], [0, 2]], bias=-0.5, step=15)
    assert explorer.controls["kernel"].value == "your kernel"
    assert "output[2, 4]" in explorer.caption.value  # position 15 of 3×5
    assert explorer.caption.value.endswith(
        "+ bias (−0.5) = " + cv._fmt(x[2, 4] - x[2, 5] + 2 * x[3, 5] - 0.5)
    )
    explorer.set(kernel="identity")  # 3×3 on 4×6: 2×4 = 8 positions
    assert explorer.controls["step"].max == 8 and explorer.play.max == 8
    assert "output[1, 3]" in explorer.caption.value  # the last of 2×4 positions
    for kwargs, words in (
        ({"step": 16}, "step=16"),
        ({"kernel": "edges"}, "name='edges'"),
        ({"x": np.ones((2, 2))}, "does not fit"),
    ):
        with pytest.raises(ValueError, match=words):
            cv.convolution_stepper(**{"x": x, "step": 1, **kwargs})


def test_playground_builds_updates_and_warns_on_bad_text():
    image = np.random.default_rng(2).random((40, 30))
    explorer = cv.kernel_playground({"noise": image, "flipped": image[::-1]})
    assert "vertical edge kernel" in explorer.caption.value
    picture = bytes(explorer.image.value)
    assert picture.startswith(b"\x89PNG")

    explorer.preset.value = "blur"  # the menu fills in the text box, which redraws
    assert explorer.values["kernel_text"].startswith("1/9 1/9 1/9")
    assert "blur kernel" in explorer.caption.value and "shown as a photo" in explorer.caption.value
    assert bytes(explorer.image.value) != picture

    explorer.set(kernel_text="0 0 0\n0 2 0\n0 0 0")  # typing selects 'custom'
    assert explorer.preset.value == "custom" and "custom kernel" in explorer.caption.value
    explorer.set(kernel_text="0 0 0\n0 1 0\n0 0 0")  # … or the preset it equals
    assert explorer.preset.value == "identity"

    explorer.set(relu=True, image="flipped")
    assert "ReLU" in explorer.caption.value
    good = bytes(explorer.image.value)
    explorer.set(kernel_text="1 0 -1\n1 0\n1 0 -1")
    assert "⚠" in explorer.caption.value and "row 2 of the kernel has 2" in explorer.caption.value
    assert bytes(explorer.image.value) == good  # the last good picture stays
    assert explorer.preset.value == "custom"
    explorer.preset.value = "sharpen"
    assert "⚠" not in explorer.caption.value and "sharpen kernel" in explorer.caption.value


def test_playground_defaults_to_the_photo_and_checks_its_arguments():
    explorer = cv.kernel_playground()
    assert "on a 150×128 image" in explorer.caption.value
    assert "image" not in explorer.controls  # one image: no menu
    with pytest.raises(ValueError, match="3×3"):
        cv.kernel_playground(np.ones((10, 10)), kernel=np.ones((5, 5)))
    with pytest.raises(ValueError, match="images is empty"):
        cv.kernel_playground({})
    with pytest.raises(ValueError, match="at most 400"):
        cv.kernel_playground(np.ones((600, 600)))


def test_one_update_is_fast():
    stepper = cv.convolution_stepper()
    playground = cv.kernel_playground(np.random.default_rng(3).random((150, 128)))
    times = []
    for i in range(3):
        # CPU time, not wall time: other processes on a busy test machine do not count.
        t = time.process_time()
        stepper.set(step=2 + i)
        playground.set(relu=bool(i % 2 == 0))
        times.append((time.process_time() - t) / 2)
    assert min(times) < 0.5  # typically ~0.15 s each on one free core


def _probe(code: str, cwd) -> object:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return json.loads(out.stdout)
