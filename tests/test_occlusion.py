"""course_utils.occlusion: patch positions, drops, the heat map, the patch's colour."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import occlusion, shapes


def digit() -> np.ndarray:
    img = np.zeros((28, 28))
    img[6:22, 12:16] = 1.0  # a "1"
    return img


def fake_predict(calls: list | None = None):
    """'Class 1' probability = fraction of the ink in column band 12…15 that is still there."""

    def predict(batch):
        if calls is not None:
            calls.append(batch.shape)
        ink = np.clip(batch[:, 6:22, 12:16, 0], 0, 1)
        ink = np.where(ink == 0.5, 0.0, ink).sum(axis=(1, 2)) / 64.0
        p1 = np.clip(ink, 0, 1)
        return np.stack([1 - p1, p1], axis=1)

    return predict


def test_cover_returns_a_covered_copy():
    img = digit()
    covered = occlusion.cover(img, 10, 12, 3, 0.5)
    assert (covered[10:13, 12:15] == 0.5).all() and covered.sum() == img.sum() - 9 * 0.5
    assert img[10, 12] == 1.0  # the original is untouched


def test_occlusion_map_positions_and_drops():
    calls = []
    occ = occlusion.occlusion_map(fake_predict(calls), digit(), 1, patch_size=8, strides=4)
    per_axis = shapes.conv_output_size(28, 8, strides=4, padding="valid")
    assert occ.drops.shape == (per_axis, per_axis) == (6, 6)
    assert occ.row_starts == occ.col_starts == (0, 4, 8, 12, 16, 20)
    assert calls == [(37, 28, 28, 1)]  # one batch: the untouched image + 36 covered copies
    assert occ.baseline == pytest.approx(1.0)
    # a patch far from the stroke changes nothing; one on the stroke lowers p(1)
    assert occ.drops[0, 0] == pytest.approx(0.0) and occ.drops[0, 5] == pytest.approx(0.0)
    assert occ.drops[2, 3] > 0.2
    top, left, p = occ.worst()
    i, j = occ.row_starts.index(top), occ.col_starts.index(left)
    assert occ.drops[i, j] == occ.drops.max() and p == pytest.approx(1 - occ.drops.max())


def test_heatmap_averages_the_patches_covering_each_pixel():
    occ = occlusion.occlusion_map(fake_predict(), digit(), 1, patch_size=8, strides=4)
    heat = occlusion.occlusion_heatmap(occ, (28, 28))
    assert heat.shape == (28, 28) and not np.isnan(heat).any()  # starts 0 … 20 cover 0 … 27
    assert np.nanargmax(heat) // 28 in range(6, 22)  # the worst rows are on the stroke
    sparse = occlusion.occlusion_map(fake_predict(), digit(), 1, patch_size=8, strides=6)
    assert sparse.col_starts == (0, 6, 12, 18)
    heat = occlusion.occlusion_heatmap(sparse, (28, 28))
    assert np.isnan(heat[:, 26:]).all() and np.isnan(heat[26:]).all()
    assert not np.isnan(heat[:26, :26]).any()


def test_occlusion_remembers_its_fill_and_black_on_black_changes_nothing():
    black = occlusion.occlusion_map(fake_predict(), digit(), 1, patch_size=8, strides=4, fill=0)
    assert black.fill == 0.0
    assert black.drops[0, 0] == 0.0  # a black patch on the black background: same image
    grey = occlusion.occlusion_map(fake_predict(), digit(), 1, patch_size=8, strides=4)
    assert grey.fill == 0.5


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"patch_size": 30}, "patch_size=30 is not allowed: the patch must fit"),
        ({"strides": 0}, "strides=0"),
        ({"label": -1}, "label=-1"),
        ({"label": 5}, "returned shape"),
        ({"predict": "model"}, "predict='model'"),
        ({"fill": float("nan")}, "fill=nan"),
        ({"image": np.zeros((28, 28, 3))}, "grey image"),
    ],
)
def test_occlusion_map_refuses_bad_input(kwargs, words):
    args = {"predict": fake_predict(), "image": digit(), "label": 1, **kwargs}
    with pytest.raises(ValueError, match=words):
        occlusion.occlusion_map(**args)
