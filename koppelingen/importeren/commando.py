"""The base of ``import_kandidaten`` and ``import_vacatures``, and their closing summaries."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Rol, User

from .lezen import Bestandsfout, bestand_lezen


class ImportCommand(BaseCommand):
    """Shared by ``import_kandidaten`` and ``import_vacatures``: options, report and exit status."""

    soort = None
    door_rollen = ()

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="CSV- of JSON-bestand.")
        parser.add_argument("--format", dest="formaat", help="csv of json (standaard: volgens de extensie).")
        parser.add_argument("--encoding", help="Tekenset van het bestand, bijvoorbeeld utf-16 of cp1252 "
                                               "(standaard: UTF-8, anders Windows-1252).")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Sla regels met fouten over en importeer de rest (standaard: alles of niets).")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren; niets opslaan.")
        parser.add_argument("--door", metavar="EMAIL", help="Wie de import doet; komt in het verwerkingenlog.")

    def controleren(self, gelezen, opties):
        raise NotImplementedError

    def importeren(self, rijen, door):
        raise NotImplementedError

    def samenvatting(self, nieuw, bijgewerkt, ongewijzigd, overgeslagen):
        raise NotImplementedError

    def gebruiker(self, email, rollen, optie):
        gebruiker = User.objects.filter(email__iexact=email.strip(), rol__in=rollen, is_active=True).first()
        if gebruiker is None:
            raise CommandError(_("%(optie)s: er is geen actieve %(rollen)s met e-mailadres %(e)s.") % {
                "optie": optie, "e": email, "rollen": _(" of ").join(str(Rol(r).label).lower() for r in rollen)})
        return gebruiker

    def handle(self, *args, **opties):
        pad = Path(opties["bestand"])
        if not pad.exists():
            raise CommandError(_("Bestand %(pad)s bestaat niet.") % {"pad": pad})
        if not pad.is_file():
            raise CommandError(_("%(pad)s is geen bestand.") % {"pad": pad})
        formaat = (opties["formaat"] or "").strip().lower() or None
        if formaat not in (None, "csv", "json"):
            raise CommandError(_("Onbekend formaat '%(f)s'; kies csv of json.") % {"f": opties["formaat"]})
        door = self.gebruiker(opties["door"], self.door_rollen, "--door") if opties["door"] else None
        try:
            gelezen = bestand_lezen(pad, self.soort, formaat=formaat, encoding=opties["encoding"])
        except Bestandsfout as fout:
            raise CommandError(str(fout)) from None
        for melding in gelezen.meldingen:
            self.stdout.write(self.style.WARNING(melding))
        controle = self.controleren(gelezen, opties)
        for melding in controle.meldingen:
            self.stdout.write(self.style.WARNING(melding))
        for probleem in controle.problemen:
            self.stdout.write(str(probleem))
        if controle.problemen and not opties["skip_invalid"]:
            raise CommandError(
                ngettext("%(n)d regel van %(t)d heeft fouten", "%(n)d regels van %(t)d hebben fouten",
                         controle.overgeslagen) % {"n": controle.overgeslagen, "t": controle.aantal_rijen}
                + "; " + _("er is niets opgeslagen. Verbeter het bestand, of importeer alleen de goede regels met "
                           "--skip-invalid."))
        if opties["dry_run"]:
            goed, bekend = controle.aantal_geldig, controle.aantal_bekend
            self.stdout.write(
                ngettext("Proefdraai: %(g)d regel in orde", "Proefdraai: %(g)d regels in orde", goed) % {"g": goed}
                + " " + _("(%(n)d nieuw, %(b)d met een bekende referentie), %(o)s; er is niets opgeslagen.")
                % {"n": goed - bekend, "b": bekend, "o": _overgeslagen(controle.overgeslagen)})
            return
        try:
            uitkomst = self.importeren(controle.geldig, door)
        except DatabaseError as fout:
            raise CommandError(_("De import is teruggedraaid, er is niets opgeslagen: %(f)s. Draait er tegelijk "
                                 "een andere import? Probeer het opnieuw.") % {"f": fout}) from None
        for melding in uitkomst.meldingen:
            self.stdout.write(self.style.WARNING(melding))
        self.stdout.write(self.style.SUCCESS(self.samenvatting(
            len(uitkomst.nieuw), len(uitkomst.bijgewerkt), uitkomst.ongewijzigd, controle.overgeslagen)))


def _overgeslagen(n):
    return ngettext("%(n)d regel overgeslagen", "%(n)d regels overgeslagen", n) % {"n": n}


def samenvatting_kandidaten(nieuw, bijgewerkt, ongewijzigd, overgeslagen):
    """"12 kandidaten nieuw, 3 bijgewerkt, 2 regels overgeslagen" (a dry run counts what would happen)."""
    delen = [ngettext("%(n)d kandidaat nieuw", "%(n)d kandidaten nieuw", nieuw) % {"n": nieuw},
             _("%(n)d bijgewerkt") % {"n": bijgewerkt}]
    if ongewijzigd:
        delen.append(_("%(n)d ongewijzigd") % {"n": ongewijzigd})
    return ", ".join(delen + [_overgeslagen(overgeslagen)])


def samenvatting_vacatures(nieuw, bijgewerkt, ongewijzigd, overgeslagen):
    delen = [ngettext("%(n)d vacature nieuw", "%(n)d vacatures nieuw", nieuw) % {"n": nieuw},
             _("%(n)d bijgewerkt") % {"n": bijgewerkt}]
    if ongewijzigd:
        delen.append(_("%(n)d ongewijzigd") % {"n": ongewijzigd})
    return ", ".join(delen + [_overgeslagen(overgeslagen)])
