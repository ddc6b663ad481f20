"""tests/werkverdeling.py: the outage test on a worker of its own, the rest on the others, every test once."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.werkverdeling import EIGEN_WERKER, EigenWerkerVerdeling, eigen_werker_nodig

ROOT = Path(__file__).resolve().parent.parent
STORING = EIGEN_WERKER[0]


class Werker:
    def __init__(self, naam):
        self.naam = naam
        self.gateway = SimpleNamespace(id=naam)
        self.shutting_down = False
        self.gekregen = []

    def send_runtest_some(self, indices):
        self.gekregen.extend(indices)

    def shutdown(self):
        self.shutting_down = True

    def __repr__(self):
        return self.naam


def _config(args=(), map=ROOT, werkers=3):
    return SimpleNamespace(getvalue=lambda naam: [f"{werkers}*popen"] if naam == "tx" else None, rootpath=ROOT,
                           args=list(args), invocation_params=SimpleNamespace(dir=map))


def _draai(collectie, apart, werkers=3):
    """Run the scheduler as pytest-xdist does: every worker collects the same, then each completes what it got,
    one test at a time, until nothing is pending. Returns {worker: [nodeids it ran]}."""
    verdeling = EigenWerkerVerdeling(_config(werkers=werkers), apart=apart)
    knopen = [Werker(f"gw{i}") for i in range(werkers)]
    for knoop in knopen:
        verdeling.add_node(knoop)
        verdeling.add_node_collection(knoop, collectie)
    verdeling.schedule()
    gedaan = {knoop: [] for knoop in knopen}
    while verdeling.has_pending:
        bezig = [k for k in knopen if len(gedaan[k]) < len(k.gekregen)]
        assert bezig, "tests pending but no worker has one"
        for knoop in bezig:
            index = knoop.gekregen[len(gedaan[knoop])]
            gedaan[knoop].append(collectie[index])
            verdeling.mark_test_complete(knoop, index)
    assert verdeling.tests_finished
    for knoop in knopen:  # every worker is told to stop once its queue is empty
        assert knoop.shutting_down, knoop
    return {knoop.naam: lijst for knoop, lijst in gedaan.items()}


COLLECTIE = [f"{STORING}::test_storing", "tests/test_a.py::t1", "tests/test_a.py::t2", "tests/test_a.py::t3",
             "tests/test_b.py::t1", "tests/test_b.py::t2", "tests/test_c.py::t1", "tests/test_d.py::t1"]


def test_the_outage_file_goes_to_the_worker_of_its_own_and_nothing_else_does():
    gedaan = _draai(COLLECTIE, apart=1)
    assert gedaan["gw2"] == [f"{STORING}::test_storing"]
    rest = gedaan["gw0"] + gedaan["gw1"]
    assert sorted(rest) == sorted(COLLECTIE[1:])  # every other test once, on the other workers
    for naam in ("gw0", "gw1"):  # a file stays on one worker (--dist loadfile)
        bestanden = [nodeid.split("::")[0] for nodeid in gedaan[naam]]
        assert not set(bestanden) & {n.split("::")[0] for n in gedaan["gw1" if naam == "gw0" else "gw0"]}


def test_without_a_worker_of_its_own_the_outage_file_is_handed_out_first_like_any_file():
    gedaan = _draai(COLLECTIE, apart=0, werkers=2)
    assert f"{STORING}::test_storing" in gedaan["gw0"][:1] + gedaan["gw1"][:1]
    assert sorted(gedaan["gw0"] + gedaan["gw1"]) == sorted(COLLECTIE)


def test_when_the_outage_file_is_not_in_the_run_the_extra_worker_gets_nothing():
    collectie = COLLECTIE[1:]
    gedaan = _draai(collectie, apart=1)
    assert gedaan["gw2"] == []
    assert sorted(gedaan["gw0"] + gedaan["gw1"]) == sorted(collectie)


@pytest.mark.parametrize(("args", "map", "nodig"), [
    ([], ROOT, True),  # no arguments: pytest gives the testpaths, tests/ among them
    (["tests"], ROOT, True),
    (["."], ROOT, True),
    ([f"{STORING}::test_nothing_lost_nothing_doubled_through_kills_and_a_broker_outage"], ROOT, True),
    (["test_storingen.py"], ROOT / "tests", True),
    (["tests/test_lib_datums.py", "matching/tests"], ROOT, False),
    (["../matching/tests"], ROOT / "tests", False),
])
def test_an_extra_worker_only_when_the_run_may_hold_the_outage_file(args, map, nodig):
    config = _config(args or ["tests", "matching/tests"], map)
    assert eigen_werker_nodig(config) is nodig


def test_the_files_kept_apart_exist_and_hold_tests():
    for pad in EIGEN_WERKER:
        assert "\ndef test_" in (ROOT / pad).read_text(), pad
