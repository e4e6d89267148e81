"""Every budget, goal and setting the benchmarks use, in one place."""

from __future__ import annotations

import re

from course_utils._runtime import CI_ENV as _CI_ENV

# ---------------------------------------------------------------- 1. notebooks

# Restart & Run All, seconds, in a fresh kernel with the CI settings (QUIET_ENV + CI_ENV).
# Issue 13: every lesson within 20 s, the whole course within 3 minutes (goal 2).
CONCEPT_LESSON_BUDGET_S = 20.0
NOTEBOOK_BUDGETS_S: dict[str, float] = {}  # by file-name prefix: no lesson is an exception
COURSE_BUDGET_S = 3 * 60.0  # all notebooks together
COURSE_GOAL_S = 2 * 60.0
# Peak memory of one lesson's kernel (VmHWM), MB: what a classroom hub gives each student.
NOTEBOOK_MEMORY_BUDGET_MB = 1500.0
NOTEBOOK_MEMORY_GOAL_MB = 1200.0

# CI mode: the settings a test run overrides (course_utils.settings in the lessons' settings
# cells read them). The one definition is course_utils._runtime.CI_ENV, which the tests use.
CI_ENV: dict[str, str] = dict(_CI_ENV)
NOTEBOOK_TIMEOUT_S = 600  # per cell, as tools/run_notebooks.py


def notebook_budget(name: str) -> float:
    """The run-time budget (seconds) of the notebook file `name`."""
    for prefix, budget in NOTEBOOK_BUDGETS_S.items():
        if name.startswith(prefix):
            return budget
    return CONCEPT_LESSON_BUDGET_S


def is_lesson(name: str) -> bool:
    """True for a numbered lesson notebook, NN_topic.ipynb."""
    return re.fullmatch(r"\d\d_.+\.ipynb", name) is not None


# ---------------------------------------------------------------- 2. training

TARGET_ACCURACY = 0.90  # test accuracy on all 10,000 Fashion-MNIST test images
# Lesson 10's reference solution trains for its fixed number of epochs (its cosine schedule
# ends there; course_utils.exercises.lesson10.REFERENCE_EPOCHS, chosen on the validation set)
# on the notebook's training images, once per seed; its test accuracy is measured once, at
# the end. Every seed must reach TARGET_ACCURACY within the budget, and the slowest seed
# must be CAPSTONE_SPEEDUP times faster than the Keras example's time to TARGET_ACCURACY.
CAPSTONE_BUDGET_S = 60.0  # training seconds on 2 CPU cores (issue 13)
CAPSTONE_GOAL_S = 30.0  # a goal, reported but not a miss
CAPSTONE_SPEEDUP = 3.0
CAPSTONE_SEEDS = (0, 1, 2)
# Lesson 07's model and the Keras example train until TARGET_ACCURACY (checked on the test
# set after each epoch: they are yardsticks, not designs being chosen) or this limit.
TRAINING_LIMIT_S = 5 * 60.0  # training seconds (evaluation excluded) before giving up
MAX_EPOCHS = 50  # a safety net; the time limit comes first
# Quick (smoke) mode: a few images, one epoch, one seed, to prove the code path only.
QUICK_TRAINING = {"train": 512, "test": 256, "limit_s": 1.0, "max_epochs": 1, "seeds": 1}

# ---------------------------------------------------------------- 3. NumPy layers

LAYER_SHAPE = (32, 28, 28, 32)  # (batch, height, width, channels)
LAYER_FILTERS = 32
LAYER_KERNEL = 3
QUICK_LAYER_SHAPE = (2, 8, 8, 4)
CONV_VS_KERAS_GOAL = 4.0  # vectorised conv2d within 4× Keras's time
NAIVE_VS_VECTORISED_GOAL = 50.0  # vectorised at least 50× faster than conv2d_naive

# ---------------------------------------------------------------- 4. explorers

# One control change (limits, compute, draw, PNG), the median per control (issue 14):
EXPLORER_BUDGET_MS = 100.0  # every control of every explorer
EXPLORER_GOAL_MS = 50.0  # a goal, reported but not a miss

# ---------------------------------------------------------------- 5. import

IMPORT_GOAL_MS = 300.0

# ---------------------------------------------------------------- repeats

DEFAULT_REPEATS = {
    "notebooks": 3,
    "training": 1,
    "layers": 7,
    "explorers": 5,
    "imports": 9,
    "browser": 1,
}
