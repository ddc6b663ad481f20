"""Apply the retention periods: a dry run by default (a report, nothing changes); ``--uitvoeren`` acts."""

import json

from django.core.management.base import BaseCommand, CommandError

from privacy.bewaren import CATEGORIEEN, bewaartermijnen_toepassen


class Command(BaseCommand):
    help = ("Anonimiseer afgesloten dossiers en verwijder gegevens waarvan de bewaartermijn voorbij is. "
            "Zonder --uitvoeren is het een proef: je ziet wat er zou gebeuren en er verandert niets.")

    def add_arguments(self, parser):
        parser.add_argument("--uitvoeren", action="store_true", help="Echt uitvoeren (anders alleen een rapport).")
        parser.add_argument("--categorie", action="append", dest="categorieen", metavar="NAAM",
                            help="Alleen deze categorie (mag vaker): " + ", ".join(c.naam for c in CATEGORIEEN))
        parser.add_argument("--json", action="store_true", help="Het rapport als JSON.")

    def handle(self, *args, uitvoeren=False, categorieen=None, json=False, **options):
        bekend = {c.naam for c in CATEGORIEEN}
        onbekend = set(categorieen or ()) - bekend
        if onbekend:
            raise CommandError(f"Onbekende categorie: {', '.join(sorted(onbekend))}. Kies uit: "
                               f"{', '.join(sorted(bekend))}.")
        rapport = bewaartermijnen_toepassen(droog=not uitvoeren, categorieen=categorieen)
        self.stdout.write(_json_dumps(rapport.als_dict()) if json else rapport.als_tekst())


def _json_dumps(data):
    return json.dumps(data, indent=2, ensure_ascii=False)
