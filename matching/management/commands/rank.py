import json

from django.core.management.base import BaseCommand, CommandError

from matching.engine import rangschik
from matching.models import Beroep, Vaardigheid
from matching.selectors import beroep_vaardigheden, kandidaat_profielen, vacature_profiel, vindbare_kandidaten
from werkgevers.models import Vacature


class Command(BaseCommand):
    help = "Rangschikt vindbare kandidaten voor een vacature, met elk onderdeel van de score (voor scripts en audits)."

    def add_arguments(self, parser):
        parser.add_argument("--vacature", type=int, required=True, help="Id van de vacature.")
        parser.add_argument("--top", type=int, default=25)
        parser.add_argument("--heel-nederland", action="store_true", help="Niet alleen de eigen regio.")
        parser.add_argument("--format", choices=["json", "tekst"], default="tekst")

    def handle(self, *args, **opts):
        if not 1 <= opts["top"] <= 1000:
            raise CommandError("--top moet tussen 1 en 1000 liggen.")
        vacature = Vacature.objects.filter(pk=opts["vacature"]).first()
        if vacature is None:
            raise CommandError(f"Vacature {opts['vacature']} bestaat niet.")
        profiel = vacature_profiel(vacature)
        kandidaten = kandidaat_profielen(vindbare_kandidaten(vacature, heel_nederland=opts["heel_nederland"]))
        beroepen = set(profiel.beroep_id and [profiel.beroep_id] or [])
        for k in kandidaten:
            beroepen |= k.beroepen
        resultaten = rangschik(
            profiel, kandidaten, top=opts["top"], beroep_vaardigheden=beroep_vaardigheden(),
            namen=dict(Vaardigheid.objects.filter(pk__in=profiel.vereist | profiel.gewenst).values_list("pk", "naam")),
            beroepnamen=dict(Beroep.objects.filter(pk__in=beroepen).values_list("pk", "naam")),
        )
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"vacature": vacature.pk, "kandidaten_bekeken": len(kandidaten),
                                          "resultaten": [r.als_dict() for r in resultaten]}, ensure_ascii=False,
                                         indent=2))
            return
        self.stdout.write(f"{vacature.titel} ({vacature.werkgever}): {len(kandidaten)} vindbare kandidaten")
        for plek, r in enumerate(resultaten, 1):
            self.stdout.write(f"{plek:>3}. kandidaat {r.kandidaat_id}: {r.totaal:.0f}")
            for o in r.onderdelen:
                self.stdout.write(f"       {o.code:<9} {o.punten:5.1f}/{o.maximum:<3} {o.uitleg}")
