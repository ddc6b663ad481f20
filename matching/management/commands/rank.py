import json

from django.core.management.base import BaseCommand, CommandError

from matching.index import Filters
from matching.ranking import kandidaten_voor_vacature, vacatures_voor_kandidaat
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat


def _zoek(model, ref, soort):
    """By external reference first (what a WSP's own files use), then a kandidaat's pseudonym, then the id."""
    gevonden = model.objects.filter(externe_referentie=ref).first() if ref else None
    if gevonden is None and model is Kandidaat and ref.upper().startswith("K-"):
        gevonden = model.objects.filter(pseudoniem=ref.upper()).first()
    if gevonden is None and ref.isdigit():
        gevonden = model.objects.filter(pk=int(ref)).first()
    if gevonden is None:
        raise CommandError(f"{soort} {ref!r} bestaat niet (gezocht op externe referentie en op nummer).")
    return gevonden


class Command(BaseCommand):
    help = ("Rangschikt kandidaten voor een vacature (--vacature) of vacatures voor een kandidaat (--kandidaat), "
            "met elk onderdeel van de score, voor scripts en audits.")

    def add_arguments(self, parser):
        groep = parser.add_mutually_exclusive_group(required=True)
        groep.add_argument("--vacature", metavar="REF", help="Externe referentie of nummer van de vacature.")
        groep.add_argument("--kandidaat", metavar="REF", help="Externe referentie of nummer van de kandidaat.")
        parser.add_argument("--top", type=int, default=25, help="Hoeveel resultaten (1-1000, standaard 25).")
        parser.add_argument("--heel-nederland", action="store_true", help="Niet alleen de eigen regio.")
        parser.add_argument("--ook-niet-werkfit", action="store_true",
                            help="Ook kandidaten die (nog) niet werkfit zijn (alleen bij --vacature).")
        parser.add_argument("--format", choices=["json", "tekst"], default="tekst")

    def handle(self, *args, **opts):
        if not 1 <= opts["top"] <= 1000:
            raise CommandError("--top moet tussen 1 en 1000 liggen.")
        if opts["vacature"] is not None:
            vacature = _zoek(Vacature, opts["vacature"].strip(), "Vacature")
            ranglijst = kandidaten_voor_vacature(
                vacature, top=opts["top"], heel_nederland=opts["heel_nederland"],
                filters=Filters(alleen_werkfit=not opts["ook_niet_werkfit"]))
            kop = {"vacature": vacature.pk, "referentie": vacature.externe_referentie,
                   "kandidaten_bekeken": ranglijst.bekeken}
            # Kandidaten are named by their pseudonym, never by their database id.
            namen = dict(Kandidaat.objects.filter(pk__in=[r.kandidaat_id for r in ranglijst.resultaten])
                         .values_list("pk", "pseudoniem"))
            titel = f"{vacature.titel} ({vacature.werkgever}): {ranglijst.bekeken} vindbare kandidaten"
        else:
            kandidaat = _zoek(Kandidaat, opts["kandidaat"].strip(), "Kandidaat")
            ranglijst = vacatures_voor_kandidaat(kandidaat, top=opts["top"], heel_nederland=opts["heel_nederland"])
            kop = {"kandidaat": kandidaat.pseudoniem, "referentie": kandidaat.externe_referentie,
                   "vacatures_bekeken": ranglijst.bekeken}
            namen = {kandidaat.pk: kandidaat.pseudoniem}
            titel = f"{kandidaat.anoniem}: {ranglijst.bekeken} open vacatures"
        if opts["format"] == "json":
            self.stdout.write(json.dumps({**kop, "resultaten": [
                {**r.als_dict(), "kandidaat": namen.get(r.kandidaat_id)} for r in ranglijst.resultaten]},
                ensure_ascii=False, indent=2))
            return
        self.stdout.write(titel)
        for plek, r in enumerate(ranglijst.resultaten, 1):
            wie = f"kandidaat {namen.get(r.kandidaat_id)}" if opts["vacature"] is not None \
                else f"vacature {r.vacature_id}"
            self.stdout.write(f"{plek:>3}. {wie}: {r.totaal:.0f}")
            for o in r.onderdelen:
                self.stdout.write(f"       {o.code:<9} {o.punten:5.1f}/{o.maximum:<3} {o.uitleg}")
