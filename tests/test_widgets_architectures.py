"""course_utils.widgets.architectures: the bottleneck explorer's declaration and its view."""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import pytest

from course_utils import models
from course_utils.widgets import architectures
from course_utils.widgets._core import new_figure

BOTTLENECK = architectures.BOTTLENECK
DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(architectures.bottleneck_explorer).parameters.items()
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the declaration, no widgets


@pytest.mark.parametrize("channels", architectures.CHANNELS)
def test_width_is_limited_to_the_channels(channels):
    values, limits = BOTTLENECK.settle({"channels": channels, "width": 1024, "kernel_size": 3})
    assert limits == {"width": (1, channels)}
    assert values["width"] == channels
    assert BOTTLENECK.settle({"channels": channels, "width": 1, "kernel_size": 3})[0]["width"] == 1


def test_compute_is_the_models_count_and_refuses_a_wider_bottleneck():
    state = BOTTLENECK.compute({"channels": 256, "width": 64, "kernel_size": 3})
    assert state == models.bottleneck_params(256, 64, 3)
    with pytest.raises(ValueError, match="width=128"):
        BOTTLENECK.compute({"channels": 64, "width": 128, "kernel_size": 3})


def test_controls_refuse_values_they_do_not_offer():
    for values, words in [
        ({"channels": 100}, "channels=100"),
        ({"kernel_size": 4}, "kernel_size=4"),
    ]:
        with pytest.raises(ValueError, match=words):
            BOTTLENECK.check(values)


def test_static_state_is_resnet50s_third_stage_not_the_notebooks_start():
    assert dict(BOTTLENECK.static) != DEFAULTS
    assert dict(BOTTLENECK.static) != {"channels": 256, "width": 64, "kernel_size": 5}
    state = BOTTLENECK.state()
    assert (state.channels, state.width, state.kernel_size) == (1024, 256, 3)


def test_caption_has_the_counts_and_the_figure_does_not_repeat_them():
    b = models.bottleneck_params(256, 64)
    caption = architectures.bottleneck_caption(b)
    assert "590,080" in caption and "70,016" in caption and "8.4× fewer" in caption
    as_wide = architectures.bottleneck_caption(models.bottleneck_params(256, 256))
    assert "the bottleneck needs 1.2× more" in as_wide
    fig = new_figure()
    assert architectures.draw_bottleneck(b, fig) is fig
    (ax,) = fig.axes
    assert fig.get_size_inches().tolist() == [6.0, 2.4]
    assert sorted(p.get_width() for p in ax.patches) == sorted(
        [b.direct, b.reduce, b.middle, b.expand]
    )
    assert ax.get_title() == "" and not fig.texts
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any(label.endswith((" k", " M")) for label in labels), labels  # 500 k, not 0.5 1e6
    assert ax.xaxis.get_offset_text().get_text() == ""
    architectures.draw_bottleneck(b, fig)  # redrawn in place: one axes, not two
    assert len(fig.axes) == 1
    keys = []
    for k in (5, 7, 3):  # a new kernel size: the key is drawn anew, the old one is gone
        architectures.draw_bottleneck(models.bottleneck_params(256, 64, k), fig)
        keys.append([a.get_label() for a in fig.artists if "conv" in a.get_label()])
    assert keys[-1] == ["3×3 conv 1×1 reduce 3×3 (narrow) 1×1 expand"], keys
    assert len(fig.artists) == 5  # four swatches and one set of labels


# ---------------------------------------------------------------- the live view


def test_every_control_redraws_once_and_clamping_does_not_draw_twice():
    view = architectures.bottleneck_explorer()
    assert view.renders == 1 and "590,080" in view.caption.value
    for change in ({"width": 128}, {"kernel_size": 5}, {"channels": 512}, {"channels": 32}):
        before = view.renders
        view.set(**change)
        assert view.renders == before + 1, change
    assert view.values["width"] == 32  # channels 32 clamped the width of 128
    assert (view.controls["width"].min, view.controls["width"].max) == (1, 32)
    assert "⚠" not in view.caption.value
    view.controls["width"].value = 7  # as a learner drags the slider
    assert view.renders == before + 2 and "32 → 7" in view.caption.value


def test_a_start_wider_than_the_channels_is_clamped():
    view = architectures.bottleneck_explorer(channels=64, width=128)
    assert view.values == {"channels": 64, "width": 64, "kernel_size": 3}


def test_static_picture():
    bundle = architectures.bottleneck_explorer()._repr_mimebundle_()
    assert "image/png" in bundle and "text/html" not in bundle
