"""A separate Python process that maps the matching index, for ``test_index_gedeeld.py``.

It reads one command per line on stdin and answers one JSON line on stdout:

* ``rang <vacature id>``: the ranking of the page (``kandidaten_voor_vacature``, whole country), with the name of
  the version it used;
* ``smaps``: for every mapping of a file in the index folder, its permissions and page counts from
  ``/proc/self/smaps``, after reading every array once (so every page is resident);
* ``houd <vacature id>``: start a ranking the way ``kandidaat_ids`` does (the mapped base taken under the index
  lock) and answer halfway; ``verder`` finishes it on the same arrays and answers the scores;
* ``stop``.

With ``--pauzeer-na N`` it instead builds a version (``opslag.bouw_versie``) and stops for good after writing N
arrays, printing ``halverwege``: the test then kills it with SIGKILL mid-write. The pause only fixes the moment;
the build and the files are the real ones.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402

from matching.index import Filters, beroep_factor, index, opslag  # noqa: E402
from matching.ranking import kandidaten_voor_vacature  # noqa: E402
from matching.selectors import matchgewichten, vacature_profiel  # noqa: E402
from werkgevers.models import Vacature  # noqa: E402


def antwoord(waarde):
    sys.stdout.write(json.dumps(waarde) + "\n")
    sys.stdout.flush()


def smaps():
    map_ = str(Path(settings.MATCHINGINDEX_MAP).resolve())
    basis = index().basis
    totaal = sum(float(np.sum(a, dtype=np.float64)) for a in basis.arrays().values())
    mappings, huidige = [], None
    for regel in Path("/proc/self/smaps").read_text().splitlines():
        delen = regel.split()
        if len(delen) >= 5 and "-" in delen[0] and len(delen[1]) == 4:
            pad = delen[5] if len(delen) > 5 else ""
            huidige = {"pad": pad, "rechten": delen[1]} if pad.startswith(map_) else None
            if huidige:
                mappings.append(huidige)
        elif huidige is not None and delen and delen[0].endswith(":") and len(delen) >= 2 and delen[1].isdigit():
            huidige[delen[0][:-1]] = int(delen[1])
    return {"mappings": mappings, "controlesom": totaal, "versie": index().versie}


def houd_en_rangschik(vacature_id):
    vacature = Vacature.objects.get(pk=vacature_id)
    v = vacature_profiel(vacature)
    ix = index()
    ix.bijwerken()
    with ix.lock:
        basis, versie = ix.basis, ix.versie
        voor = np.round(basis.scores(v, matchgewichten(), beroep_factor(v.beroep_id), 0, basis.n), 9).tolist()
    antwoord({"versie": versie, "stand": "halverwege"})
    assert sys.stdin.readline().strip() == "verder"
    with ix.lock:  # what a ranking holds: the base it started on, whatever was swapped in since
        na = np.round(basis.scores(v, matchgewichten(), beroep_factor(v.beroep_id), 0, basis.n), 9).tolist()
        ids = basis.ids.tolist()
    antwoord({"versie": versie, "ids": ids, "voor": voor, "na": na})


def pauzeer_bouw(na):
    opslaan, geschreven = np.save, []

    def save(bestand, waarden, **kwargs):
        if len(geschreven) == na:
            antwoord({"stand": "halverwege", "tijdelijk": str(Path(bestand.name).parent)})
            while True:
                time.sleep(60)
        geschreven.append(bestand.name)
        return opslaan(bestand, waarden, **kwargs)

    opslag.np.save = save
    opslag.bouw_versie(wacht=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--pauzeer-na":
        pauzeer_bouw(int(sys.argv[2]))
        return
    antwoord({"stand": "klaar", "pid": os.getpid()})
    for regel in sys.stdin:
        opdracht, *rest = regel.split()
        if opdracht == "rang":
            resultaten = kandidaten_voor_vacature(Vacature.objects.get(pk=int(rest[0])), heel_nederland=True,
                                                  filters=Filters()).resultaten
            antwoord({"versie": index().versie,
                      "ranglijst": [[r.kandidaat_id, round(r.totaal, 9)] for r in resultaten]})
        elif opdracht == "smaps":
            antwoord(smaps())
        elif opdracht == "houd":
            houd_en_rangschik(int(rest[0]))
        elif opdracht == "stop":
            return


if __name__ == "__main__":
    main()
