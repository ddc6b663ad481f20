"""What the benchmark scripts share: timing a call."""

import statistics
import time


def tijden(functie, herhalingen):
    """p50 and p95 in ms of ``herhalingen`` calls of ``functie``, after one call to warm up (the first call pays
    for caches that every later request has)."""
    functie()
    gemeten = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        functie()
        gemeten.append((time.perf_counter() - begin) * 1000)
    gemeten.sort()
    return statistics.median(gemeten), gemeten[min(len(gemeten) - 1, int(len(gemeten) * 0.95))]
