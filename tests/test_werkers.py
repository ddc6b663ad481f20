"""How many pytest-xdist workers ``make test`` (``-n auto``) starts: one more than there are cores."""

import os
from types import SimpleNamespace

from conftest import pytest_xdist_auto_num_workers, werkers_voor


def test_auto_starts_one_worker_more_than_there_are_cores(request, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr(request.config.option, "numprocesses", "auto", raising=False)
    # through pluggy, as xdist asks it: conftest's answer comes before xdist's own (one per core)
    assert request.config.hook.pytest_xdist_auto_num_workers(config=request.config) == (
        len(os.sched_getaffinity(0)) + 1)
    assert [werkers_voor(kernen) for kernen in (0, 1, 2, 8)] == [2, 2, 3, 9]


def test_the_variable_and_logical_keep_xdists_own_answer(request, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert request.config.hook.pytest_xdist_auto_num_workers(config=request.config) == 5
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS")
    logisch = SimpleNamespace(option=SimpleNamespace(numprocesses="logical"))
    assert pytest_xdist_auto_num_workers(logisch) is None
