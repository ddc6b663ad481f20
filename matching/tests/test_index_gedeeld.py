"""The kandidaat index on disk, with real processes: built once, mapped read-only and shared by separate
processes, swapped while a ranking on the old version finishes, safe against a build killed mid-write and against
a broken version folder, and exact after changes (transactional: the other processes read committed data)."""

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from matching import index
from matching.index import Filters, bijhouden, kolommen, opslag
from matching.ranking import kandidaten_voor_vacature
from matching.tests.test_index import GEMEENTEN, POSTCODES, _ids, _straight, bevolking  # noqa: F401 - fixture
from tests.werkers import database_url
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import vaardigheden_instellen

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent.parent
PROCES = Path(__file__).resolve().parent / "indexproces.py"


class Indexproces:
    """A separate Python process on the test database and the test's index folder (``indexproces.py``)."""

    def __init__(self, *argumenten):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true",
                   DATABASE_URL=database_url(connection.settings_dict),
                   MATCHINGINDEX_MAP=str(settings.MATCHINGINDEX_MAP), MATCHINGINDEX_CONTROLE_SECONDEN="0",
                   MATCHING_TERUGBLIK_SECONDEN="0", MATCHINGINDEX_BEWAREN=str(settings.MATCHINGINDEX_BEWAREN),
                   PYTHONUNBUFFERED="1")
        self.proces = subprocess.Popen([sys.executable, str(PROCES), *argumenten], cwd=ROOT, env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def lees(self):
        regel = self.proces.stdout.readline()
        assert regel, f"indexproces gestopt (exit {self.proces.wait(timeout=30)})"
        return json.loads(regel)

    def vraag(self, opdracht):
        self.proces.stdin.write(opdracht + "\n")
        self.proces.stdin.flush()
        return self.lees()

    def stop(self):
        if self.proces.poll() is None:
            self.proces.kill()
        self.proces.wait(timeout=30)


@pytest.fixture
def processen():
    gestart = []

    def start(*argumenten):
        proces = Indexproces(*argumenten)
        gestart.append(proces)
        return proces

    yield start
    for proces in gestart:
        proces.stop()


def _bouw_in_ander_proces():
    """``manage.py matchingindex_bouwen`` as a deploy runs it: a process of its own."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true",
               DATABASE_URL=database_url(connection.settings_dict),
               MATCHINGINDEX_MAP=str(settings.MATCHINGINDEX_MAP),
               MATCHINGINDEX_BEWAREN=str(settings.MATCHINGINDEX_BEWAREN))
    uit = subprocess.run([sys.executable, "manage.py", "matchingindex_bouwen"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert uit.returncode == 0, uit.stderr
    return opslag.huidige_naam()


def test_two_processes_share_the_pages_of_one_version(bevolking, processen):
    _kandidaten, vacatures = bevolking
    naam = _bouw_in_ander_proces()
    a, b = processen(), processen()
    a.lees(), b.lees()
    verwacht = _ids(_straight(vacatures[1], heel_nederland=True))
    for proces in (a, b):
        antwoord = proces.vraag(f"rang {vacatures[1].pk}")
        assert antwoord["versie"] == naam
        assert [tuple(r) for r in antwoord["ranglijst"]] == verwacht
    a.vraag("smaps"), b.vraag("smaps")  # each reads every array once; then both hold every page
    smaps_a, smaps_b = a.vraag("smaps"), b.vraag("smaps")
    assert smaps_a["controlesom"] == smaps_b["controlesom"]
    arrays = {p.name for p in (settings.MATCHINGINDEX_MAP / naam).glob("*.npy")
              if json.loads((settings.MATCHINGINDEX_MAP / naam / "meta.json").read_text())["arrays"][p.stem]["shape"]
              != [0]}
    assert len(arrays) >= 20
    for smaps in (smaps_a, smaps_b):
        per_bestand = {Path(m["pad"]).name: m for m in smaps["mappings"]}
        assert arrays <= set(per_bestand), f"niet gemapt: {arrays - set(per_bestand)}"
        for bestandsnaam in arrays:
            m = per_bestand[bestandsnaam]
            # Read-only and shared with the file (s), never copied into the process: no private dirty page, no
            # anonymous page; both processes hold the same page-cache pages (Shared_Clean).
            assert m["rechten"] == "r--s", m
            assert m["Private_Dirty"] == 0 and m["Anonymous"] == 0, m
            assert m["Shared_Clean"] > 0 and m["Pss"] < m["Rss"], m


def test_a_running_process_takes_a_new_version_while_a_ranking_on_the_old_one_finishes(
        wereld, bevolking, processen, settings):
    settings.MATCHINGINDEX_BEWAREN = 1  # the old version's folder is removed while the process still maps it
    kandidaten, vacatures = bevolking
    oud = _bouw_in_ander_proces()
    proces = processen()
    proces.lees()
    halverwege = proces.vraag(f"houd {vacatures[1].pk}")
    assert halverwege["versie"] == oud
    # Meanwhile someone gains every required skill, and a new version is built and made current.
    vacature = vacatures[1]
    wie = next(k for k in kandidaten if Kandidaat.objects.filter(pk=k.pk, toestemmingen__doel="vindbaar").exists())
    vaardigheden_instellen(kandidaat=wie, door=wereld.klantmanager,
                           vaardigheden=list(vacature.vereiste_vaardigheden.all()))
    nieuw = _bouw_in_ander_proces()
    assert nieuw != oud and not (settings.MATCHINGINDEX_MAP / oud).exists()
    klaar = proces.vraag("verder")
    assert klaar["versie"] == oud
    # The old ranking finished on the old arrays (their files are gone, their pages are not): the same scores
    # after the swap as before it.
    assert klaar["na"] == klaar["voor"] and len(klaar["ids"]) == len(klaar["na"]) > 0
    # The next ranking of the running process uses the new version and is exact.
    antwoord = proces.vraag(f"rang {vacature.pk}")
    assert antwoord["versie"] == nieuw
    assert [tuple(r) for r in antwoord["ranglijst"]] == _ids(_straight(vacature, heel_nederland=True))


def test_a_build_killed_mid_write_leaves_the_previous_version_current(bevolking, processen, caplog):
    _kandidaten, vacatures = bevolking
    vorige = _bouw_in_ander_proces()
    bouwer = processen("--pauzeer-na", "5")
    halverwege = bouwer.lees()
    tijdelijk = Path(halverwege["tijdelijk"])
    assert tijdelijk.name.startswith(opslag.TIJDELIJK) and len(list(tijdelijk.glob("*.npy"))) >= 5
    os.kill(bouwer.proces.pid, signal.SIGKILL)
    assert bouwer.proces.wait(timeout=30) == -signal.SIGKILL
    assert opslag.huidige_naam() == vorige and opslag.versies() == [vorige]
    # A process that starts now maps the previous version and ranks exactly.
    lezer = processen()
    lezer.lees()
    antwoord = lezer.vraag(f"rang {vacatures[2].pk}")
    assert antwoord["versie"] == vorige
    assert [tuple(r) for r in antwoord["ranglijst"]] == _ids(_straight(vacatures[2], heel_nederland=True))
    # The killed build's lock died with it: the next build does not skip, and clears the leftover.
    with caplog.at_level(logging.INFO, logger="matching.index.opslag"):
        naam = opslag.bouw_versie(wacht=False)
    assert naam is not None and opslag.huidige_naam() == naam
    assert not tijdelijk.exists() and "afgebroken bouw" in caplog.text


def test_a_broken_version_folder_is_skipped_with_a_log_line(bevolking, caplog):
    _kandidaten, vacatures = bevolking
    goed = _bouw_in_ander_proces()
    map_ = settings.MATCHINGINDEX_MAP
    # A newer folder with a truncated array, made current; and a newer one still without meta.json.
    kapot = "v99990101T000000-000000-1"
    shutil.copytree(map_ / goed, map_ / kapot)
    ids = map_ / kapot / "ids.npy"
    ids.write_bytes(ids.read_bytes()[:-16])
    (map_ / opslag.WIJZER).write_text(kapot)
    shutil.copytree(map_ / goed, map_ / "v99991231T000000-000000-1")
    (map_ / "v99991231T000000-000000-1" / "meta.json").unlink()
    with caplog.at_level(logging.WARNING, logger="matching.index.opslag"):
        resultaten = kandidaten_voor_vacature(vacatures[1], heel_nederland=True).resultaten
    assert index.index().versie == goed
    assert f"Matchingindex-versie {kapot} overgeslagen: ids.npy" in caplog.text
    assert "v99991231T000000-000000-1 overgeslagen: meta.json onleesbaar" in caplog.text
    assert _ids(resultaten) == _ids(_straight(vacatures[1], heel_nederland=True))


def test_a_version_built_elsewhere_is_exact_after_changes_and_agrees_on_text_codes(wereld, bevolking):
    kandidaten, vacatures = bevolking
    _bouw_in_ander_proces()
    # This process numbered texts in its own order before it mapped the version; the version's table wins.
    kolommen.zet_tekstcodes({"bijstand": 0, "ww": 1, "C": 2, "": 3})
    vacature = vacatures[1]
    for k in kandidaten[:12]:
        vaardigheden_instellen(kandidaat=k, door=wereld.klantmanager,
                               vaardigheden=list(vacature.vereiste_vaardigheden.all()))
    Kandidaat.objects.filter(pk__in=[k.pk for k in kandidaten[12:20]]).update(uitkering="ww",
                                                                          gewijzigd_op=timezone.now())
    Kandidaat.objects.filter(pk=kandidaten[20].pk).delete()
    for filters in (Filters(), Filters(uitkering="ww"), Filters(alleen_werkfit=False, uitkering="bijstand")):
        snel = kandidaten_voor_vacature(vacature, heel_nederland=True, filters=filters).resultaten
        assert _ids(snel) == _ids(_straight(vacature, heel_nederland=True, filters=filters))
    assert index.index().versie == opslag.huidige_naam()
    assert index.index().basis.rijbewijs.flags.writeable is False  # mapped, not read into this process


def test_the_command_builds_only_when_needed_with_als_nodig(bevolking, capsys):
    call_command("matchingindex_bouwen", "--als-nodig")
    eerste = opslag.huidige_naam()
    assert eerste and "is de huidige" in capsys.readouterr().out
    call_command("matchingindex_bouwen", "--als-nodig")
    assert opslag.huidige_naam() == eerste and "niet gebouwd" in capsys.readouterr().out
    call_command("matchingindex_bouwen")
    assert opslag.huidige_naam() != eerste


def test_a_large_overlay_asks_for_a_new_version_without_the_request_waiting(wereld, bevolking, monkeypatch):
    """The request that finds the overlay too large only starts a thread that sends the Celery task (run in that
    thread here: the test settings run tasks eagerly); the next ranking maps the new version, with an empty
    overlay, and stays exact."""
    kandidaten, vacatures = bevolking
    vacature = vacatures[1]
    kandidaten_voor_vacature(vacature, heel_nederland=True)
    eerste = index.index().versie
    monkeypatch.setattr(bijhouden, "OVERLAY_GROOT", 2)
    for k in kandidaten[:30]:  # more than a tenth of the base (the other bound)
        vaardigheden_instellen(kandidaat=k, door=wereld.klantmanager,
                               vaardigheden=list(vacature.vereiste_vaardigheden.all()))
    kandidaten_voor_vacature(vacature, heel_nederland=True)  # catches up: all of them in the overlay
    assert len(index.index().overlay_ids) > index.index().basis.n // 10
    assert index.index()._aanvraag is None and index.index().versie == eerste
    kandidaten_voor_vacature(vacature, heel_nederland=True)  # finds the overlay too large: asks, does not wait
    index.index()._aanvraag.join(timeout=120)
    assert opslag.huidige_naam() != eerste
    na = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    assert index.index().versie == opslag.huidige_naam() and not index.index().overlay_ids
    assert _ids(na) == _ids(_straight(vacature, heel_nederland=True))
