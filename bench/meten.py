"""What the benchmark scripts share: Django set up as in production, timing a call."""

import os
import statistics
import time

import django


def django_als_productie():
    """Django with production settings (no DEBUG) as the test client can reach it: plain HTTP on "testserver",
    no second login step (not what is measured). Call before importing models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SECURE_COOKIES", "false")
    os.environ.setdefault("MFA_VERPLICHT", "false")
    django.setup()


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
