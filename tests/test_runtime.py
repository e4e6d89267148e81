"""course_utils.settings: what a learner writes is what a learner gets; a test run may shrink it."""

import pytest

import course_utils
from course_utils import _runtime


def test_a_learner_gets_the_values_written(monkeypatch):
    monkeypatch.delenv(_runtime.SETTINGS_ENV, raising=False)
    assert course_utils.settings(epochs=10, batch_size=64, train_size=None) == (10, 64, None)
    assert course_utils.settings(epochs=10) == 10


def test_a_test_run_overrides_only_the_names_in_the_call(monkeypatch):
    monkeypatch.setenv(_runtime.SETTINGS_ENV, "epochs=2, train_size=4000,rate=0.5,shuffle=false")
    assert course_utils.settings(epochs=10, batch_size=64) == (2, 64)
    assert course_utils.settings(train_size=None, rate=0.1, shuffle=True) == (4000, 0.5, False)
    monkeypatch.setenv(_runtime.SETTINGS_ENV, "train_size=None")
    assert course_utils.settings(train_size=1000) is None


@pytest.mark.parametrize("text", ["epochs", "=3", "epochs=2,,batch"])
def test_bad_overrides_name_the_variable_and_the_rule(monkeypatch, text):
    monkeypatch.setenv(_runtime.SETTINGS_ENV, text)
    with pytest.raises(ValueError, match="COURSE_SETTINGS=.* is not allowed: it must be name="):
        course_utils.settings(epochs=1)


def test_settings_needs_a_name():
    with pytest.raises(ValueError, match=r"settings\(\) is not allowed"):
        course_utils.settings()
