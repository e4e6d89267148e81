"""course_utils.widgets.training: the prediction explorer's declaration, then the live view."""

from __future__ import annotations

import re

import numpy as np
import pytest

from course_utils.widgets import training


@pytest.fixture
def made_up():
    """Twelve 'images', labels and probabilities: wrong at 1, 3, 4 (surest 4, then 1, then 3)."""
    labels = np.arange(12) % 10
    said = {1: (7, 0.9), 3: (8, 0.6), 4: (9, 0.95)}
    probs = np.full((12, 10), 0.0)
    for i in range(12):
        cls, p = said.get(i, (labels[i], 0.5 + 0.04 * i))
        probs[i, cls] = p
        probs[i, [c for c in range(10) if c != cls]] = (1 - p) / 9
    images = np.random.default_rng(0).random((12, 28, 28))
    return images, labels, probs


def test_limits_follow_the_chosen_list_and_settle_clamps_rank(made_up):
    explorer = training.declaration(*made_up)
    assert explorer.limits({"show": "mistakes", "rank": 0}) == {"rank": (0, 2)}
    values, limits = explorer.settle({"show": "confident mistakes", "rank": 10})
    assert values == {"show": "confident mistakes", "rank": 2} and limits["rank"] == (0, 2)
    values, _ = explorer.settle({"show": "all", "rank": 10})
    assert values["rank"] == 10  # all 12 images: nothing to clamp


def test_compute_and_caption_name_image_prediction_and_loss(made_up):
    explorer = training.declaration(*made_up)
    state = explorer.compute({"show": "confident mistakes", "rank": 0})
    assert state.facts["index"] == 4 and state.count == 3
    text = training.caption(state)
    assert "test image 4" in text and "confident mistakes: rank 0 of 0 … 2" in text
    assert "true label <b>4</b>" in text and "says <b>9</b>" in text and "wrong" in text
    assert f"= {-np.log(0.05 / 9):.2f}" in text


def test_a_list_with_no_images_is_refused(made_up):
    images, labels, probs = made_up
    right = probs.argmax(axis=1)  # a model that is always right has no mistakes to list
    explorer = training.declaration(images, right, probs)
    assert explorer.settle({"show": "mistakes", "rank": 5})[0]["rank"] == 0
    with pytest.raises(ValueError, match="show='mistakes' is not allowed: this list is empty"):
        explorer.compute({"show": "mistakes", "rank": 0})


def test_static_state_is_past_the_figure_of_mistakes_and_not_the_default(made_up):
    explorer = training.declaration(*made_up)
    assert explorer.static != {"show": "least sure", "rank": 0}  # the notebook's start
    assert explorer.static != {"show": "confident mistakes", "rank": 0}  # the factory's
    assert explorer.state().rank == 2  # rank 8 asked for; only 3 mistakes here: the last


def test_every_control_redraws_once_per_change_also_when_rank_is_clamped(made_up):
    pytest.importorskip("ipywidgets")
    view = training.prediction_explorer(*made_up, show="all", rank=0)
    assert view.renders == 1 and view.controls["rank"].max == 11
    view.set(rank=9)
    assert view.renders == 2 and "test image 9" in view.caption.value
    view.set(show="confident mistakes")  # rank 9 no longer exists: clamped to 2, drawn once
    assert view.renders == 3 and view.controls["rank"].value == 2
    assert view.controls["rank"].max == 2
    assert "confident mistakes: rank 2 of 0 … 2" in view.caption.value
    assert view.image.value[:4] == b"\x89PNG"


def test_factory_starts_past_the_list_on_its_last_image_and_refuses_bad_arguments(made_up):
    pytest.importorskip("ipywidgets")
    images, labels, probs = made_up
    view = training.prediction_explorer(images, labels, probs, rank=3)  # 3 mistakes: 0 … 2
    assert view.values["rank"] == 2 and view.renders == 1
    with pytest.raises(ValueError, match=re.escape("rank=12 is not allowed")):
        training.prediction_explorer(images, labels, probs, rank=12)
    with pytest.raises(ValueError, match="show='mistake' is not allowed"):
        training.prediction_explorer(images, labels, probs, show="mistake")
    with pytest.raises(ValueError, match=re.escape("images=<array of shape (5, 28, 28)>")):
        training.prediction_explorer(images[:5], labels, probs)
