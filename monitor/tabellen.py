"""The tables of the monitor: the same rows on the page (next to each chart) and in the CSV/Excel export, so
an export never shows more than the page, and a suppressed cell is "minder dan 5" in both."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from monitor.selectors import TREND, Cel, definitie

TABELLEN = {
    "kerncijfers": _("Kerncijfers"),
    "funnel": _("Van verzoek tot werk"),
    "heartbeat": _("Beleving per moment van de reis"),
    "trend": _("Per maand"),
    "fasen": _("Tijd per fase van de werkzoekende"),
    "regios": _("Regio's naast elkaar"),
}


@dataclass
class Tabel:
    naam: str
    titel: str
    kop: list
    rijen: list  # cells: a Cel, a str or a number
    # Columns only the export has: there a figure is a bare number, on the page its text says the unit already.
    alleen_export: tuple = ()

    @property
    def paginakop(self):
        return [k for i, k in enumerate(self.kop) if i not in self.alleen_export]

    @property
    def tekstrijen(self):
        """Every cell as it is read on the page."""
        return [[_tekst(c) for i, c in enumerate(rij) if i not in self.alleen_export] for rij in self.rijen]

    @property
    def gelabelde_rijen(self):
        """Every row as (column name, cell as read): on a phone a row is a card and each cell is shown behind the name
        of its column."""
        return [list(zip(self.paginakop, rij, strict=True)) for rij in self.tekstrijen]

    @property
    def exportrijen(self):
        """Every cell as it is exported: a number where there is one, else the text that replaces it."""
        return [[c.exportwaarde if isinstance(c, Cel) else c for c in rij] for rij in self.rijen]


def _tekst(cel):
    if isinstance(cel, Cel):
        return cel.tekst
    if isinstance(cel, float):
        return formats.number_format(cel, decimal_pos=1, use_l10n=True)
    return cel


def kort(label):
    """'Werkgever: eerste contact' -> 'eerste contact' (the journey is the table's or chart's own title)."""
    return str(label).split(": ", 1)[-1]


def kerncijfers(monitor):
    # The page reads "93%" and "8 werkuren"; a unit column beside them said it twice. The export has the bare number
    # and the unit beside it. No number (fewer than 5 people, no data): no unit either, else "minder dan 5" beside
    # "werkdagen" reads as "less than 5 working days".
    return Tabel("kerncijfers", TABELLEN["kerncijfers"], [_("Kengetal"), _("Waarde"), _("Eenheid")],
                 [[str(c.label), c, str(c.eenheid) if c.getal is not None else ""] for c in monitor.kerncijfers],
                 alleen_export=(2,))


def funnel(monitor):
    return Tabel("funnel", TABELLEN["funnel"], [_("Stap"), _("Aantal")],
                 [[str(c.label), c] for c in monitor.funnel])


def heartbeat(monitor):
    rijen = []
    for reis, naam in (("werkgever", _("Werkgeversreis")), ("werkzoekende", _("Werkzoekendereis"))):
        for nummer, c in enumerate(monitor.heartbeat(reis), start=1):
            rijen.append([str(naam), nummer, kort(c.label), c])
    return Tabel("heartbeat", TABELLEN["heartbeat"], [_("Reis"), _("Stap"), _("Moment"), _("Gemiddelde (1 tot 5)")],
                 rijen)


def trend(monitor):
    kop = [_("Maand")] + [f"{definitie(s).label} ({Cel(definitie(s), None).eenheid})".replace(" ()", "")
                          for s in TREND]
    rijen = []
    for i, maand in enumerate(monitor.maanden):
        rijen.append([f"{maand:%Y-%m}"] + [monitor.trend[s][i][1] for s in TREND])
    return Tabel("trend", TABELLEN["trend"], kop, rijen)


def fasen(monitor):
    return Tabel("fasen", TABELLEN["fasen"], [_("Fase"), _("Mediaan (dagen)")],
                 [[str(c.label), c] for c in monitor.fasen])


def regios(per_regio, sleutels):
    kop = [_("Regio")] + [f"{definitie(s).label} ({Cel(definitie(s), None).eenheid})".replace(" ()", "")
                          for s in sleutels]
    return Tabel("regios", TABELLEN["regios"], kop, [[regio.naam, *cellen] for regio, cellen in per_regio])
