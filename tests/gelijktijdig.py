"""Real concurrency on PostgreSQL for tests: each task runs in a thread of its own, with its own connection, all
starting at the same moment, and keeps its transaction open a while after its work, so the others run while it still
holds its locks (they must wait for its commit, then see it)."""

import threading
import time

from django.db import connections, transaction


def tegelijk(taken, *, vang=Exception, vasthouden=0.3):
    """Run the callables ``taken`` at once, each in ``atomic()``; the exceptions of the kind ``vang`` they raised, as
    a list (any other fails its thread loudly)."""
    start = threading.Barrier(len(taken))
    fouten = []

    def draai(taak):
        try:
            start.wait()
            with transaction.atomic():
                taak()
                time.sleep(vasthouden)
        except vang as exc:
            fouten.append(exc)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=draai, args=(t,)) for t in taken]
    for d in draden:
        d.start()
    for d in draden:
        d.join(30)
    return fouten


def in_draad(doel):
    """Start ``doel`` in a thread of its own (its own connection, closed at the end); returns the thread and the list
    its exception lands in, for a test that orders the steps of two threads itself (with events)."""
    fouten = []

    def draai():
        try:
            doel()
        except Exception as exc:  # noqa: BLE001 (handed to the test, which names it)
            fouten.append(exc)
        finally:
            connections.close_all()

    draad = threading.Thread(target=draai)
    draad.start()
    return draad, fouten
