"""How many pytest-xdist workers ``make test`` (``-n auto``) starts (one more than there are cores), and the order in
which it hands out the test files (the longest, as measured in tests/duren.json, first)."""

import json
import os
from types import SimpleNamespace

import pytest

from conftest import (
    DUREN,
    DurenSchrijver,
    deels,
    gemeten_duren,
    op_volgorde,
    pytest_xdist_auto_num_workers,
    werkers_voor,
)


def _met_xdist(request):
    if not request.config.pluginmanager.hasplugin("xdist"):
        pytest.skip("pytest-xdist staat uit (-p no:xdist): niemand vraagt het aantal workers")


def test_auto_starts_one_worker_more_than_there_are_cores(request, monkeypatch):
    _met_xdist(request)
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr(request.config.option, "numprocesses", "auto", raising=False)
    # through pluggy, as xdist asks it: conftest's answer comes before xdist's own (one per core)
    assert request.config.hook.pytest_xdist_auto_num_workers(config=request.config) == (
        len(os.sched_getaffinity(0)) + 1)
    assert [werkers_voor(kernen) for kernen in (0, 1, 2, 8)] == [2, 2, 3, 9]


def test_the_variable_and_logical_keep_xdists_own_answer(request, monkeypatch):
    _met_xdist(request)
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert request.config.hook.pytest_xdist_auto_num_workers(config=request.config) == 5
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS")
    logisch = SimpleNamespace(option=SimpleNamespace(numprocesses="logical"))
    assert pytest_xdist_auto_num_workers(logisch) is None


def _item(bestand, naam, duur=None, browser=False):
    merken = {}
    if duur:
        merken["duur"] = SimpleNamespace(args=(duur,))
    if browser:
        merken["browser"] = SimpleNamespace(args=())
    return SimpleNamespace(module=bestand, nodeid=f"{bestand}::{naam}", fixturenames=(),
                           get_closest_marker=merken.get)


def test_files_go_out_longest_measured_first_the_rest_by_estimate():
    items = [_item("tests/a.py", "test_1"), _item("tests/a.py", "test_2"),
             _item("tests/wandeling.py", "test_1", duur=120),
             _item("tests/browser.py", "test_1", browser=True), _item("tests/browser.py", "test_2", browser=True),
             _item("tests/demo.py", "test_1"), _item("tests/demo.py", "test_2")]

    def volgorde(gemeten):
        op_volgorde(items, gemeten)
        return [item.nodeid for item in items]

    # estimated: 120 s, two browser tests 16 s, two quick ones 0.4 s each (in the order they were collected)
    assert volgorde({}) == ["tests/wandeling.py::test_1", "tests/browser.py::test_1", "tests/browser.py::test_2",
                            "tests/a.py::test_1", "tests/a.py::test_2", "tests/demo.py::test_1",
                            "tests/demo.py::test_2"]
    # measured: the demo's two tests took 150 s, the walk 40; the browser file has no measurement and keeps 16 s
    assert volgorde({"tests/demo.py": 150.0, "tests/wandeling.py": 40.0, "tests/a.py": 0.3}) == [
        "tests/demo.py::test_1", "tests/demo.py::test_2", "tests/wandeling.py::test_1", "tests/browser.py::test_1",
        "tests/browser.py::test_2", "tests/a.py::test_1", "tests/a.py::test_2"]


def test_the_writer_adds_up_each_file_and_keeps_the_files_it_did_not_see(tmp_path):
    (tmp_path / "tests").mkdir()
    for naam in ("a.py", "b.py"):
        (tmp_path / "tests" / naam).write_text("")
    pad = tmp_path / "tests" / "duren.json"
    pad.write_text(json.dumps({"tests/a.py": 5.0, "tests/b.py": 7.0, "tests/weg.py": 3.0}))
    schrijver = DurenSchrijver(pad)
    for nodeid, duur in [("tests/a.py::test_een", 1.25), ("tests/a.py::test_twee[x]", 2.5),
                         ("tests/a.py::test_twee[x]", 0.25)]:  # setup, call, teardown each report
        schrijver.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, duration=duur, skipped=False))
    schrijver.pytest_sessionfinish(SimpleNamespace(config=_config()), exitstatus=1)  # a run that failed writes nothing
    assert json.loads(pad.read_text())["tests/a.py"] == 5.0
    schrijver.pytest_sessionfinish(SimpleNamespace(config=_config()), exitstatus=0)
    assert json.loads(pad.read_text()) == {"tests/a.py": 4.0, "tests/b.py": 7.0}
    assert gemeten_duren(pad) == {"tests/a.py": 4.0, "tests/b.py": 7.0}


def test_a_missing_or_broken_file_of_durations_leaves_the_estimates(tmp_path):
    assert gemeten_duren(tmp_path / "geen.json") == {}
    kapot = tmp_path / "kapot.json"
    kapot.write_text("[1, 2")
    assert gemeten_duren(kapot) == {}
    lijst = tmp_path / "lijst.json"
    lijst.write_text("[1, 2]")
    assert gemeten_duren(lijst) == {}


def test_the_durations_in_the_repository_name_files_that_exist():
    gemeten = json.loads(DUREN.read_text(encoding="utf-8"))
    assert len(gemeten) > 100 and "tests/test_storingen.py" in gemeten
    assert gemeten_duren() == gemeten


def _config(*args, keyword="", markexpr="", deselect=None):
    return SimpleNamespace(args=list(args), option=SimpleNamespace(keyword=keyword, markexpr=markexpr,
                                                                    deselect=deselect))


def test_a_partial_run_or_a_file_with_skipped_tests_leaves_the_measured_durations(tmp_path):
    (tmp_path / "tests").mkdir()
    for naam in ("a.py", "b.py"):
        (tmp_path / "tests" / naam).write_text("")
    pad = tmp_path / "tests" / "duren.json"
    pad.write_text(json.dumps({"tests/a.py": 5.0, "tests/b.py": 7.0}))
    assert [deels(_config(*args, **opties)) for args, opties in [
        ((), {}), (("tests/",), {}), (("tests/a.py",), {}), (("tests/a.py::test_een",), {}),
        ((), {"keyword": "matrix"}), ((), {"markexpr": "browser"}), ((), {"deselect": ["tests/a.py::x"]})]] == [
        False, False, False, True, True, True, True]
    schrijver = DurenSchrijver(pad)
    schrijver.pytest_runtest_logreport(SimpleNamespace(nodeid="tests/a.py::test_een", duration=0.5, skipped=False))
    schrijver.pytest_runtest_logreport(SimpleNamespace(nodeid="tests/b.py::test_een", duration=0.1, skipped=True))
    schrijver.pytest_sessionfinish(SimpleNamespace(config=_config("tests/a.py::test_een")), exitstatus=0)
    assert json.loads(pad.read_text()) == {"tests/a.py": 5.0, "tests/b.py": 7.0}
    schrijver.pytest_sessionfinish(SimpleNamespace(config=_config()), exitstatus=0)
    assert json.loads(pad.read_text()) == {"tests/a.py": 0.5, "tests/b.py": 7.0}
    assert not list(tmp_path.glob("tests/*.tmp"))
