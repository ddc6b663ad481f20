"""How pytest-xdist hands out the test files (``make test``: ``-n auto --dist loadfile``).

One file spends most of its time waiting, not computing: the outage test keeps Redis away for 30 seconds and
then waits for a mail worker sending 20,000 mails (one core). On one of the two usual workers it held that worker
for a minute and a half, most of it with nothing to do. With ``-n auto`` the run starts one worker more than there
are cores, and that worker takes only the files of EIGEN_WERKER; the other workers never get one of them. So the
waiting overlaps the rest of the run instead of taking a worker from it (docs/benchmarks.md,
"achtendertigste sessie"). When none of these files is in the run, the extra worker stops at once, so a run of a
few files has one worker per core as before.

With an explicit number of workers (``-n 2``) nothing is reserved: these files go to the front of the queue,
as the longest (conftest.py, ``pytest_collection_modifyitems``).
"""

from collections import OrderedDict
from pathlib import Path

from xdist.scheduler import LoadFileScheduling

# Files that mostly wait on processes of their own (a broker kept away, a worker that sends); paths as pytest-xdist
# names them (relative to the rootdir).
EIGEN_WERKER = ("tests/test_storingen.py",)


def eigen_werker_nodig(config):
    """True when the run may hold a file of EIGEN_WERKER: one of the paths given on the command line (or the
    testpaths when none is given) is that file or a folder above it."""
    root = Path(config.rootpath)
    bestanden = [(root / pad).resolve() for pad in EIGEN_WERKER]
    for argument in config.args or ["."]:
        pad = Path(config.invocation_params.dir, argument.split("::", 1)[0]).resolve()
        if any(bestand == pad or pad in bestand.parents for bestand in bestanden):
            return True
    return False


class EigenWerkerVerdeling(LoadFileScheduling):
    """``--dist loadfile`` with the last ``apart`` workers kept for the files of EIGEN_WERKER."""

    def __init__(self, config, log=None, apart=0):
        super().__init__(config, log)
        self.apart = apart
        self.eigen_queue = OrderedDict()
        self.eigen_nodes = []

    @property
    def tests_finished(self):
        return not self.eigen_queue and super().tests_finished

    @property
    def has_pending(self):
        return bool(self.eigen_queue) or super().has_pending

    def _queue_van(self, node):
        return self.eigen_queue if node in self.eigen_nodes else self.workqueue

    def _reschedule(self, node):
        if node.shutting_down:
            return
        queue = self._queue_van(node)
        if not queue:
            node.shutdown()
            return
        if self._pending_of(self.assigned_work[node]) > 2:
            return
        self._geef(node, queue)

    def _geef(self, node, queue):
        scope, work_unit = queue.popitem(last=False)
        self.assigned_work[node][scope] = work_unit
        collectie = self.registered_collections[node]
        node.send_runtest_some([collectie.index(nodeid) for nodeid, klaar in work_unit.items() if not klaar])

    def schedule(self):
        assert self.collection_is_completed
        if self.collection is not None:
            for node in self.nodes:
                self._reschedule(node)
            return
        if not self._check_nodes_have_same_collection():
            self.log("**Different tests collected, aborting run**")
            return
        self.collection = list(next(iter(self.registered_collections.values())))
        if not self.collection:
            return
        nodes = self.nodes
        eigen = set(EIGEN_WERKER)
        apart = self.apart if len(nodes) > self.apart else 0
        for nodeid in self.collection:  # in the order conftest.py gave them (--no-loadscope-reorder)
            scope = self._split_scope(nodeid)
            queue = self.eigen_queue if apart and scope in eigen else self.workqueue
            queue.setdefault(scope, {})[nodeid] = False
        if apart:
            self.eigen_nodes = nodes[-apart:]
        for node in nodes:
            self._reschedule(node)
