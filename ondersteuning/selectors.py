from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from agenda.models import Deelnemer
from klantreis.lib import vaste_vorm
from ondersteuning.models import Aanvraag, Startmoment, Traject
from ondersteuning.permissions import zichtbaar_voor_kandidaat
from werkzoekenden.selectors import caseload_van_klantmanager


def _startmomenten():
    """Every start with how many places are taken: open and approved aanvragen, or for a groepsbijeenkomst
    the werkzoekenden signed up in the agenda (distinct counts: the two joins do not multiply)."""
    return Startmoment.objects.select_related("afspraak").annotate(
        aantal_aanvragen=Count("aanvragen", filter=Q(aanvragen__status__in=Aanvraag.ACTIEF), distinct=True),
        aantal_aangemeld=Count("afspraak__deelnemers", filter=Q(
            afspraak__deelnemers__status=Deelnemer.Status.AANGEMELD,
            afspraak__deelnemers__kandidaat__isnull=False), distinct=True),
    ).order_by("start", "pk")


def met_plaatsen(startmoment):
    """Set ``bezet``, ``vrij`` (None: no maximum), ``vol`` and ``begonnen`` on an annotated startmoment."""
    if startmoment.afspraak_id:
        startmoment.bezet = startmoment.aantal_aangemeld
        capaciteit = startmoment.afspraak.capaciteit
        startmoment.gaat_niet_door = startmoment.afspraak.geannuleerd
    else:
        startmoment.bezet = startmoment.aantal_aanvragen
        capaciteit = startmoment.capaciteit
        startmoment.gaat_niet_door = False
    startmoment.vrij = None if capaciteit is None else max(capaciteit - startmoment.bezet, 0)
    startmoment.vol = startmoment.vrij == 0
    return startmoment


def trajecten(qs):
    """Trajecten with their startmomenten (and places) in one more query."""
    return qs.select_related("gemeente").prefetch_related(Prefetch("startmomenten", _startmomenten()))


def trajecten_voor_kandidaat(kandidaat, *, soort=""):
    qs = Traject.objects.filter(zichtbaar_voor_kandidaat(kandidaat))
    if soort:
        qs = qs.filter(soort=soort)
    return trajecten(qs).order_by("titel", "pk")


def trajecten_van_regio(regio_id, *, archief=False, soort=""):
    qs = Traject.objects.filter(regio_id=regio_id, gearchiveerd_op__isnull=not archief)
    if soort:
        qs = qs.filter(soort=soort)
    return trajecten(qs).order_by("titel", "pk")


def startmomenten_van(traject, *, sinds=timedelta(days=60)):
    """The starts of the last two months (marked as begun) and every start to come."""
    return [met_plaatsen(s) for s in _startmomenten().filter(traject=traject, start__gte=timezone.now() - sinds)]


def aanvragen_van_kandidaat(kandidaat):
    return (Aanvraag.objects.filter(kandidaat=kandidaat)
            .select_related("traject", "startmoment", "beoordeeld_door").order_by("-ingediend_op", "-pk"))


def _laatste_aanvragen(kandidaat_id):
    return aanvragen_van_kandidaat(kandidaat_id)[:10]


def laatste_aanvragen_van_kandidaat(kandidaat):
    """The ten most recent aanvragen, for the dossier: the SQL is compiled once per process."""
    return vaste_vorm.objecten("ondersteuning.laatste_aanvragen", _laatste_aanvragen, kandidaat_id=kandidaat.pk)


def aangemelde_afspraken(kandidaat):
    """The agenda afspraken (groepsbijeenkomsten) this kandidaat signed up for or waits for."""
    return dict(Deelnemer.objects.filter(kandidaat=kandidaat).exclude(status=Deelnemer.Status.AFGEMELD)
                .values_list("afspraak_id", "status"))


def open_aanvragen_voor(klantmanager):
    """Requests waiting for a decision, of the klantmanager's caseload (and of colleagues they cover)."""
    caseload = caseload_van_klantmanager(klantmanager).values("pk")
    return (Aanvraag.objects.filter(status=Aanvraag.Status.INGEDIEND, kandidaat__in=caseload)
            .select_related("kandidaat", "traject", "startmoment").order_by("ingediend_op", "pk"))


def komende_start(traject, nu=None):
    nu = nu or timezone.now()
    return next((s for s in traject.startmomenten.all() if s.start > nu), None)
