"""Monitor figures for the demo regions, so the dashboard shows something before the rollups have run.

Writes Kengetal rows (the rollups' table) for the last 12 months of the four regions of the klantreis
interviews, only where a row for that key, region and month does not exist yet: real rollups always win.
Deterministic (a fixed seed), so ``make demo`` can call it every time.
"""

import random
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Arbeidsmarktregio
from beleving.models import Touchpoint
from monitor.forms import snelkeuze
from monitor.models import Kengetal, Verversing

REGIOS = ["AM07", "AM29", "AM36", "AM02"]
# Per region how well the 24-hour promise is kept, and how the touchpoints felt (the study's heartbeat:
# the first contact and the start of work feel good, voordrachten that do not fit and the papers do not).
BELOFTE = {"AM07": 0.92, "AM29": 0.81, "AM36": 0.74, "AM02": 0.86}
BELEVING = {"wg_eerste_contact": 4.4, "wg_kennismaking": 4.3, "wg_voordrachten": 2.9, "wg_gesprek": 3.8,
            "wg_nazorg": 3.1, "wz_intake": 4.1, "wz_plan": 3.6, "wz_voordracht": 3.9, "wz_gesprek": 3.4,
            "wz_start_werk": 4.5, "wz_nazorg": 3.8, "wz_overdracht": 2.7}


class Command(BaseCommand):
    help = "Zet demo-kengetallen klaar voor de klantreis monitor (alleen waar nog geen cijfer is)."

    def handle(self, *args, **options):
        rng = random.Random(15)
        van, tot = snelkeuze("12m")
        maanden, m = [], van
        while m <= tot:
            maanden.append(m)
            m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        bestaand = set(Kengetal.objects.filter(organisatie__isnull=True, maand__gte=van).values_list(
            "sleutel", "regio__code", "maand"))
        nieuw = []
        for regio in Arbeidsmarktregio.objects.filter(code__in=REGIOS):
            for maand in maanden:
                verzoeken = rng.randint(14, 30)
                binnen = round(verzoeken * min(1.0, BELOFTE[regio.code] + rng.uniform(-0.08, 0.06)))
                vacatures = round(verzoeken * 0.8)
                voordrachten = round(vacatures * 1.7)
                gesprekken = round(voordrachten * 0.5)
                plaatsingen = max(1, round(gesprekken * 0.35))
                rijen = [
                    ("belofte_24u", dict(aantal=binnen, noemer=verzoeken, personen=verzoeken)),
                    ("tijd_eerste_contact", dict(aantal=verzoeken, mediaan=6,
                                                 verdeling={"2": verzoeken // 3, "8": verzoeken // 3,
                                                            "24": verzoeken - 2 * (verzoeken // 3) - 2, "40": 2},
                                                 personen=verzoeken)),
                    ("funnel_verzoek", dict(aantal=verzoeken, personen=verzoeken)),
                    ("funnel_vacature", dict(aantal=vacatures, personen=vacatures)),
                    ("funnel_voordracht", dict(aantal=voordrachten, personen=voordrachten)),
                    ("funnel_gesprek", dict(aantal=gesprekken, personen=gesprekken)),
                    ("funnel_plaatsing", dict(aantal=plaatsingen, personen=plaatsingen)),
                    ("funnel_werkt_6w", dict(aantal=max(0, plaatsingen - 1), personen=max(0, plaatsingen - 1))),
                    ("warme_overdrachten", dict(aantal=rng.randint(2, 7), personen=rng.randint(2, 7))),
                ]
                for touchpoint, gemiddeld in BELEVING.items():
                    n = rng.randint(3, 9)
                    score = min(5.0, max(1.0, gemiddeld + rng.uniform(-0.4, 0.4)))
                    rijen.append((f"beleving:{touchpoint}", dict(aantal=round(score * n), noemer=n, personen=n)))
                for sleutel, waarden in rijen:
                    if (sleutel, regio.code, maand) not in bestaand:
                        nieuw.append(Kengetal(sleutel=sleutel, regio=regio, maand=maand, **waarden))
        Kengetal.objects.bulk_create(nieuw)
        # The months it filled count as computed now (the page says when), unless a real refresh already did them.
        nu = timezone.now()
        for regio_id, maand in {(k.regio_id, k.maand) for k in nieuw}:
            Verversing.objects.get_or_create(regio_id=regio_id, maand=maand, defaults={"bijgewerkt_op": nu})
        assert all(t in Touchpoint.values for t in BELEVING)
        self.stdout.write(f"{len(nieuw)} demo-kengetallen klaargezet.")
