"""course_utils.widgets.capstone: the augmentation explorer's pure parts and its live view."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import training
from course_utils.widgets import capstone
from course_utils.widgets._core import new_figure, static_png

# Where lesson 10's notebook starts the explorer (on the 10th of its images, the ankle boot).
NOTEBOOK_START = {"shift_x": 3, "shift_y": -2, "flip": True}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _item() -> np.ndarray:
    img = np.zeros((28, 28))
    img[8:20, 10:18] = np.linspace(0.2, 1.0, 8)  # a block with a left-right gradient
    return img


def _view(**start):
    return capstone.augmentation_explorer(
        np.stack([_item(), _item()[::-1]]), ["Bag", "Shirt"], **start
    )


# ---------------------------------------------------------------- pure parts


def test_compute_follows_training_augment():
    explorer = _view().explorer
    state = explorer.state(index=1, shift_x=3, shift_y=-2, flip=True)
    expected = training.augment(_item()[::-1], 3, -2, True)
    np.testing.assert_array_equal(state.result.image, expected.image)
    assert state.label == "Shirt"
    assert state.titles == ("original Shirt", "mirrored, shifted 3 right, 2 up")
    assert capstone.what_was_done(0, 0, False) == "unchanged"
    assert capstone.what_was_done(-1, 4, False) == "shifted 1 left, 4 down"


def test_picture_shows_both_frames_and_the_ink_pushed_out_in_orange():
    img, m, gap = np.zeros((28, 28)), capstone.MAX_SHIFT, capstone.GAP
    img[8:20, 20:28] = 0.5  # a block at the right edge
    img[0, 0] = 1.0  # the brightest pixel: the grey scale runs 0 … 1
    shifted = training.augment(img, 8, 0).image  # the block leaves the frame on the right
    pic = capstone.picture(img, img, shifted, 8, 0)
    assert pic.shape == (28 + 2 * m, 28 + gap + 28 + 2 * m, 3)
    np.testing.assert_allclose(pic[m : m + 28, :28, 0], img)  # the original, grey
    left = 28 + gap + m  # the augmented frame's first column
    np.testing.assert_allclose(pic[m : m + 28, left : left + 28, 1], shifted)
    pushed = pic[m + 8 : m + 20, left + 28 : left + 36]  # where the block went: orange
    np.testing.assert_allclose(
        pushed, np.broadcast_to(1 - 0.5 * (1 - capstone.ORANGE), pushed.shape)
    )
    assert (pic[:m] == 1).all() and (pic[m + 28 :] == 1).all()  # nothing above or below


def test_caption_says_when_too_much_is_lost():
    explorer = _view().explorer
    fair = explorer.caption(explorer.state(index=0, shift_x=1, shift_y=1, flip=False))
    assert "fair extra" in fair and "the Bag" in fair
    tall = np.zeros((2, 28, 28))
    tall[:, 2:26, 2:26] = 1.0  # fills the frame: a shift of 8 loses a third of it
    lost = capstone.augmentation_explorer(tall).explorer
    too_far = lost.caption(lost.state(index=0, shift_x=8, shift_y=0, flip=False))
    assert "too strong" in too_far and "the item" in too_far


def test_no_limits_so_settle_changes_nothing():
    explorer = _view().explorer
    values = {"index": 1, "shift_x": -8, "shift_y": 8, "flip": True}
    assert explorer.settle(values) == (values, {})


def test_draw_reuses_its_figure():
    explorer = _view().explorer
    fig = new_figure()
    capstone.draw(explorer.state(index=0), fig)
    ax = fig.axes[0]
    capstone.draw(explorer.state(index=1, shift_x=-3, flip=False), fig)
    assert fig.axes == [ax] and len(ax.images) == 1 and len(ax.texts) == 2
    assert ax.texts[1].get_text() == "shifted 3 left"
    assert fig.get_size_inches()[0] <= 12  # fits a 1,000-pixel output area


# ---------------------------------------------------------------- the factory and the view


def test_factory_checks_its_arguments():
    with pytest.raises(ValueError, match="images=<array of shape"):
        capstone.augmentation_explorer(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="images"):
        capstone.augmentation_explorer(np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="labels"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), ["Bag"])
    with pytest.raises(ValueError, match="index=2 is not allowed"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), index=2)
    with pytest.raises(ValueError, match="shift_x=9 is not allowed"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), shift_x=capstone.MAX_SHIFT + 1)
    with pytest.raises(ValueError, match="flip='yes' is not allowed"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), flip="yes")


def test_every_control_redraws_exactly_once():
    view = _view(index=0, **NOTEBOOK_START)
    assert view.renders == 1
    for name, value in {"index": 1, "shift_x": -4, "shift_y": 5, "flip": False}.items():
        before, picture = view.renders, bytes(view.image.value)
        view.set(**{name: value})
        assert view.renders == before + 1, name
        assert bytes(view.image.value) != picture, name
    assert "Shirt" in view.caption.value


def test_static_state_is_instructive_and_not_the_notebooks_start():
    view = _view(index=1, **NOTEBOOK_START)
    static = dict(view.explorer.static)
    assert static["index"] == 1 and static != view.values
    assert static["flip"] and abs(static["shift_x"]) == capstone.MAX_SHIFT  # pushed too far
    assert static_png(view.explorer).startswith(b"\x89PNG")
