"""A library module imported at its first use instead of when the process starts.

Every process of the portal (a gunicorn worker, a Celery worker, ``manage.py``) imports all apps at its start, and
with them the libraries they use. Some of those serve one rare action and cost more to import than the rest of an
app: fpdf2 (a PDF, 0.27 s without numpy), ``holidays`` (the Dutch public holidays; the package imports every
country, 0.16 s), openpyxl (an Excel export, 0.08 s), pikepdf (checking an uploaded PDF, 0.04 s). Measured with
``python -X importtime`` on a 2-core machine: together about a third of the 1.5 s a process spends importing the
portal (docs/benchmarks.md, negentiende sessie).

``fpdf = LuiModule("fpdf")`` at the top of a module, then ``fpdf.FPDF(...)`` where it is used: the first attribute
read imports the library (``importlib.import_module``, which Python's import lock makes safe from several threads
at once); every later read finds it in ``sys.modules``. Only for third-party libraries: the portal's own modules
are imported as usual, so import-linter sees the layers.
"""

import importlib


class LuiModule:
    __slots__ = ("_naam",)

    def __init__(self, naam: str):
        self._naam = naam

    def __getattr__(self, attribuut):
        return getattr(importlib.import_module(self._naam), attribuut)

    def __repr__(self):
        return f"<LuiModule {self._naam!r}>"
