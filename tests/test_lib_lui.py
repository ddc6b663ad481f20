"""klantreis.lib.lui: a library imported at its first use, and a process of the portal that starts without the
libraries only a rare action needs (fpdf2, holidays, openpyxl, pikepdf, icalendar; botocore's config only with object
storage)."""

import subprocess
import sys
from pathlib import Path

import pytest

from klantreis.lib.lui import LuiModule

ROOT = Path(__file__).resolve().parent.parent
ZELDEN = ("fpdf", "fontTools", "holidays", "openpyxl", "pikepdf", "icalendar", "botocore.config")


def _python(code, **env):
    resultaat = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                               timeout=120, env={"PATH": "/usr/bin:/bin", "DEBUG": "true", **env})
    assert resultaat.returncode == 0, resultaat.stderr
    return resultaat.stdout.strip()


def test_the_module_is_imported_at_the_first_attribute_read_and_not_before():
    uit = _python("import sys\n"
                  "from klantreis.lib.lui import LuiModule\n"
                  "kleuren = LuiModule('colorsys')\n"
                  "voor = 'colorsys' in sys.modules\n"
                  "hsv = kleuren.rgb_to_hsv(1.0, 0.0, 0.0)\n"
                  "print(voor, 'colorsys' in sys.modules, hsv, kleuren.rgb_to_hsv is sys.modules['colorsys'].rgb_to_hsv)")
    assert uit == "False True (0.0, 1.0, 1.0) True"


def test_a_missing_attribute_or_module_says_what_is_missing():
    with pytest.raises(AttributeError, match="bestaat_niet"):
        LuiModule("json").bestaat_niet  # noqa: B018
    with pytest.raises(ModuleNotFoundError, match="geen_bibliotheek_van_ons"):
        LuiModule("geen_bibliotheek_van_ons").iets  # noqa: B018
    assert repr(LuiModule("json")) == "<LuiModule 'json'>"


def test_threads_that_use_it_first_at_the_same_time_all_get_the_module():
    uit = _python("import sys, threading\n"
                  "from klantreis.lib.lui import LuiModule\n"
                  "verschil = LuiModule('difflib')\n"
                  "voor = 'difflib' in sys.modules\n"
                  "start = threading.Barrier(8)\n"
                  "gevonden = []\n"
                  "def lees():\n"
                  "    start.wait()\n"
                  "    gevonden.append(verschil.get_close_matches('wsp', ['wps', 'uwv']) == ['wps']\n"
                  "                    and verschil.SequenceMatcher is sys.modules['difflib'].SequenceMatcher)\n"
                  "draden = [threading.Thread(target=lees) for _ in range(8)]\n"
                  "[d.start() for d in draden]; [d.join() for d in draden]\n"
                  "print([voor] + gevonden)")
    assert uit == str([False] + [True] * 8)


def test_a_web_or_celery_process_starts_without_the_libraries_of_rare_actions():
    """What a gunicorn worker (the URLs and their views) and a Celery worker (every task module) import at their
    start; a PDF, an Excel download, a public holiday, an uploaded pdf or an invitation with its iCalendar file
    brings its library in when it comes. Without object storage configured, botocore's config is not read either."""
    uit = _python("import os, sys, django\n"
                  "os.environ['DJANGO_SETTINGS_MODULE'] = 'klantreis.settings'\n"
                  "django.setup()\n"
                  "from klantreis.celery import app\n"
                  "app.loader.import_default_modules()\n"
                  "import klantreis.urls\n"
                  f"print(sorted(m for m in {ZELDEN!r} if m in sys.modules))\n"
                  "from klantreis.lib.werktijd import is_feestdag\n"
                  "from datetime import date\n"
                  "print(is_feestdag(date(2026, 4, 27)), 'holidays' in sys.modules)",
                  DATABASE_URL="sqlite:///:memory:")
    assert uit.splitlines() == ["[]", "True True"]  # Koningsdag 2026
