"""course_utils.widgets.convolution: the stepper and the playground, against real Keras.

First the pure functions and the declarations without ipywidgets, then the live views.
"""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import layers_numpy, plotting, shapes
from course_utils.figures.convolution import filter_state
from course_utils.plotting import TITLE
from course_utils.widgets import convolution as cv
from course_utils.widgets._core import new_figure

EDGE = cv.PRESETS["vertical edge"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _words(ax, gid: str = TITLE) -> str:
    """What a panel writes as glyphs (its title or numbers): the collection's label."""
    return next((c.get_label() for c in ax.collections if c.get_gid() == gid), "")


def keras_conv(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """A real keras.layers.Conv2D with one filter and no bias, given our kernel."""
    layer = keras.layers.Conv2D(1, kernel.shape, padding="valid", use_bias=False)
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None].astype("float32")])
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


# ---------------------------------------------------------------- one position


def test_the_worked_example():
    first = cv.step_state(cv.EXAMPLE_INPUT, EDGE, 0)
    np.testing.assert_array_equal(first.patch, [[0, 1, 3], [0, 2, 3], [1, 2, 3]])
    np.testing.assert_array_equal(first.products, [[0, 0, -3], [0, 0, -3], [1, 0, -3]])
    assert first.total == -8 and first.count == 9
    np.testing.assert_array_equal(first.output, [[-8, 3, 9], [-8, 2, 8], [-7, 1, 7]])
    fifth = cv.step_state(cv.EXAMPLE_INPUT, EDGE, 5)
    assert (fifth.row, fifth.col) == (1, 2)


@pytest.mark.parametrize("shape, kshape", [((5, 5), (3, 3)), ((6, 8), (3, 3)), ((7, 5), (2, 4))])
def test_every_position_matches_layers_numpy_and_keras(shape, kshape):
    rng = np.random.default_rng(sum(shape))
    x = rng.integers(0, 4, size=shape).astype(float)
    k = rng.integers(-2, 3, size=kshape).astype(float)
    expected = keras_conv(x, k)
    out_h, out_w = expected.shape
    assert (out_h, out_w) == tuple(
        shapes.conv_output_size(n, m) for n, m in zip(shape, kshape, strict=True)
    )
    np.testing.assert_allclose(layers_numpy.conv2d(x, k), expected, atol=1e-5)
    for position in range(out_h * out_w):
        s = cv.step_state(x, k, position)
        assert (s.row, s.col) == divmod(position, out_w)  # along each row, then down
        assert s.total == pytest.approx(expected[s.row, s.col], abs=1e-5)
        assert s.total == pytest.approx(s.products.sum())
        np.testing.assert_array_equal(
            s.patch, x[s.row : s.row + kshape[0], s.col : s.col + kshape[1]]
        )


def test_step_formula_writes_every_term():
    x = cv.EXAMPLE_INPUT
    text = cv.step_formula(x[0:3, 0:3], EDGE)
    assert text == "0·1 + 1·0 + 3·(−1) + 0·1 + 2·0 + 3·(−1) + 1·1 + 2·0 + 3·(−1) = −8"
    assert cv.step_formula([[1, 2]], [[3, -1.5]]) == "1·3 + 2·(−1.5) = 0"


def test_the_caption_says_where_and_the_sum_once_and_the_figure_has_no_title():
    s = cv.step_state(cv.EXAMPLE_INPUT, EDGE, 5, name="vertical edge")
    caption = cv.stepper_caption(s)
    assert caption.startswith("<b>vertical edge</b> at position 5 of 0–8: ")
    assert "rows 1–3, columns 2–4" in caption and caption.endswith("= 8")
    assert caption.count("output[1, 2]") == 1
    fig = cv.draw_step(s)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    assert fig._suptitle is None  # the caption says it; the figure does not say it again
    figure_text = [t.get_text() for ax in fig.axes for t in ax.texts] + [
        t.get_text() for t in fig.texts
    ]
    figure_text += [c.get_label() for ax in fig.axes for c in ax.collections]  # glyphs
    figure_text += [a.get_label() for a in fig.artists]
    assert not any("output[" in t or "position" in t for t in figure_text)
    assert [_words(ax) for ax in fig.axes] == [
        "input 5×5",
        "kernel",
        "window × kernel",
        "feature map 3×3",
    ]


def test_draw_step_shows_the_map_so_far_and_redraws_in_place():
    fig = new_figure()
    s = cv.step_state(cv.EXAMPLE_INPUT, EDGE, 3)
    assert cv.draw_step(s, fig) is fig
    axes = list(fig.axes)
    for position in (3, 8, 0, 4):
        s = cv.step_state(cv.EXAMPLE_INPUT, EDGE, position)
        cv.draw_step(s, fig)
        assert fig.axes == axes  # the same panels, new numbers
        out = fig.axes[3]
        written = _words(out, "cell numbers").split()
        assert written == [plotting.number(v) for v in s.output.ravel()[: position + 1]]
        assert np.ma.getmaskarray(out.images[0].get_array()).sum() == 8 - position  # grey
        assert out.patches[-1].get_xy() == (s.col - 0.5, s.row - 0.5)
        assert fig.axes[0].patches[-1].get_xy() == (s.col - 0.5, s.row - 0.5)
        products = _words(fig.axes[2], "cell numbers").split()
        assert products == [plotting.number(v) for v in s.products.ravel()]
    cv.draw_step(cv.step_state(cv.EXAMPLE_INPUT, np.ones((2, 2)), 0), fig)  # another shape
    assert _words(fig.axes[3]) == "feature map 4×4" and len(fig.axes) == 4


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: cv.step_state(np.ones((2, 2)), np.ones((3, 3)), 0), "kernel rows=3"),
        (lambda: cv.step_state(np.ones((5, 5)), np.ones((3, 3)), 9), "position=9"),
        (lambda: cv.step_state(np.ones((5, 5)), np.ones((3, 3)), -1), "position=-1"),
        (lambda: cv.step_state(np.ones((5, 5)), np.ones((3, 3)), 1.0), "position=1.0"),
        (lambda: cv.step_state(np.ones((5, 5, 2)), np.ones((3, 3)), 0), "x="),
        (lambda: cv.step_state([[1, np.nan]], [[1]], 0), "finite"),
        (lambda: cv.convolution_stepper(np.ones((13, 13))), "at most 12"),
        (lambda: cv.convolution_stepper(kernel="edges"), "kernel='edges'"),
    ],
)
def test_bad_steps_raise_value_errors_that_name_them(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# ---------------------------------------------------------------- kernels as text


def test_presets_and_text_round_trip():
    for name, k in cv.PRESETS.items():
        text = cv.kernel_to_text(k)
        np.testing.assert_allclose(cv.parse_kernel(text), k)
        assert cv.match_preset(cv.parse_kernel(text)) == name
    assert cv.kernel_to_text(cv.PRESETS["blur"]).split("\n")[0] == "1/9 1/9 1/9"
    assert cv.match_preset(np.eye(3)) == "custom"


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
        ("1 0 -1\n1 0 -1", "rows=2 is not allowed: write 3 rows"),
        ("1 0 -1\n1 0\n1 0 -1", "row 2='1 0' is not allowed: it has 2 numbers: each row needs 3"),
        ("1 0 x\n1 0 -1\n1 0 -1", "row 1='x' is not allowed: it is not a number"),
        ("1 0 1/0\n1 0 -1\n1 0 -1", "row 1='1/0' is not allowed: it divides by zero"),
        ("1 0 inf\n1 0 -1\n1 0 -1", "row 1='inf' is not allowed: it is not a number"),
        ("1 0 1e999\n1 0 -1\n1 0 -1", r"kernel=<array of shape \(3, 3\)> .* finite number"),
        ("", "rows=0"),
        (None, "text=None"),
    ],
)
def test_parse_kernel_explains_bad_text(text, words):
    with pytest.raises(ValueError, match=words):
        cv.parse_kernel(text)


# ---------------------------------------------------------------- a kernel on an image


def test_playground_caption_explains_how_the_map_is_drawn():
    image = np.random.default_rng(4).random((30, 24)) * 0.6
    caption = cv.playground_caption(filter_state(image, 2 * cv.PRESETS["blur"]))
    assert caption.startswith("<b>custom kernel</b> on a 30×24 image → feature map 28×22")
    assert "vertical edge kernel" in cv.playground_caption(filter_state(image, EDGE))
    assert "add up to 2" in caption and "2 × as bright" in caption and "photo" in caption
    s = filter_state(image, cv.PRESETS["vertical edge"], relu=True)
    caption = cv.playground_caption(s)
    assert "add up to 0" in caption and "drawn signed" in caption
    assert f"ReLU turned the {s.negative:.0%} of values that were negative into 0" in caption
    assert "red" not in caption  # the colour key stands under the map, once


# ---------------------------------------------------------------- the declarations


def test_the_stepper_limits_its_position_to_the_kernels_walk():
    x = np.arange(24, dtype=float).reshape(4, 6)
    view = cv.convolution_stepper(x, kernel=[[1, -1], [0, 2]], position=14)
    explorer = view.explorer
    assert view.values == {"position": 14, "kernel": "your kernel"}  # 3×5 positions
    assert view.caption.value.endswith("= " + plotting.number(x[2, 4] - x[2, 5] + 2 * x[3, 5]))
    values, limits = explorer.settle({"position": 14, "kernel": "identity"})
    assert limits == {"position": (0, 7)} and values["position"] == 7  # 3×3 on 4×6: 2×4
    assert explorer.settle({"position": 3, "kernel": "blur"})[0]["position"] == 3
    with pytest.raises(ValueError, match="position=8"):
        explorer.compute({"position": 8, "kernel": "identity"})
    # the static picture: another kernel, halfway, not the live default
    assert dict(explorer.static) == {"position": 4, "kernel": "horizontal edge"}
    default = cv.convolution_stepper()
    assert dict(default.explorer.static) != default.values
    assert cv.convolution_stepper(position=5).values != dict(default.explorer.static)
    assert cv.convolution_stepper(position=9).values["position"] == 8  # the last of 3×3


def test_the_stepper_redraws_once_per_change_also_when_it_clamps():
    view = cv.convolution_stepper(np.arange(24, dtype=float).reshape(4, 6), position=7)
    assert view.renders == 1 and view.play is not None
    assert view.play.max == view.controls["position"].max == 7
    first = bytes(view.image.value)
    view.set(position=6)
    assert view.renders == 2 and bytes(view.image.value) != first
    assert "<b>output[1, 2]</b>" in view.caption.value
    view.set(position=7)
    view.controls["kernel"].value = "identity"  # 3×3: still 8 positions
    assert view.renders == 4
    view.controls["kernel"].value = "blur"
    assert "1·0.11" in view.caption.value
    view = cv.convolution_stepper(np.arange(24, dtype=float).reshape(4, 6), kernel=np.ones((2, 2)))
    view.set(position=14)
    before = view.renders
    view.controls["kernel"].value = "sharpen"  # 15 positions → 8: the position is clamped
    assert view.renders == before + 1
    assert view.values["position"] == 7 and view.play.max == 7
    assert "position 7 of 0–7" in view.caption.value


def test_the_playground_reads_the_box_only_for_typed_kernels():
    image = np.random.default_rng(2).random((40, 30))
    view = cv.kernel_playground({"noise": image, "flipped": image[::-1]})
    assert view.values["kernel"] == "vertical edge" and view.values["image"] == "noise"
    assert "vertical edge kernel" in view.caption.value
    picture = bytes(view.image.value)
    view.set(kernel="blur")
    assert "blur kernel" in view.caption.value and bytes(view.image.value) != picture
    view.set(kernel="typed", weights="0 0 0\n0 2 0\n0 0 0")
    assert "custom kernel" in view.caption.value and view.renders == 3
    view.set(weights="0 0 0\n0 1 0\n0 0 0")  # the identity, typed: named as the preset
    assert "identity kernel" in view.caption.value
    view.set(relu=True, image="flipped")
    assert "ReLU" in view.caption.value
    good = bytes(view.image.value)
    renders = view.renders
    view.set(weights="1 0 -1\n1 0\n1 0 -1")
    assert "⚠" in view.caption.value and "it has 2 numbers" in view.caption.value
    assert bytes(view.image.value) == good and view.renders == renders  # the last picture stays
    view.set(kernel="sharpen")  # a preset does not read the box
    assert "⚠" not in view.caption.value and "sharpen kernel" in view.caption.value


def test_the_playground_starts_where_it_is_told_and_its_static_view_differs():
    doubled = 2 * cv.PRESETS["blur"]
    view = cv.kernel_playground(np.random.default_rng(3).random((20, 20)), kernel=doubled)
    assert view.values == {"kernel": "typed", "weights": cv.kernel_to_text(doubled), "relu": False}
    assert "image" not in view.controls  # one image: no menu
    static = view.explorer.static
    assert static["kernel"] == "horizontal edge" and static["relu"] is True
    assert "ReLU turned" in view.explorer.caption(view.explorer.state())
    assert "on a 150×128 image" in cv.kernel_playground().caption.value  # the sample photo


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"images": np.ones((10, 10)), "kernel": np.ones((5, 5))}, "rows=5 .* write 3 rows"),
        ({"images": {}}, "images="),
        ({"images": np.ones((600, 600))}, "from 3 to 400"),
        ({"images": np.ones((2, 9))}, "from 3 to 400"),
        ({"images": np.ones((5, 5, 3))}, "images\\['image'\\]="),
        ({"images": np.ones((5, 5)), "relu": "yes"}, "relu='yes'"),
        ({"images": np.ones((5, 5)), "kernel": "edges"}, "kernel='edges'"),
    ],
)
def test_the_playground_checks_its_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        cv.kernel_playground(**kwargs)
