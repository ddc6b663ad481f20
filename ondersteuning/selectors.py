from datetime import timedelta
from functools import partial

from django.db.models import Count, Q
from django.utils import timezone

from agenda.models import Deelnemer
from klantreis.lib import vaste_vorm
from ondersteuning.models import Aanvraag, Startmoment, Traject
from ondersteuning.permissions import zichtbaar_in, zichtbaar_voor_kandidaat
from werkzoekenden.selectors import caseload_van_klantmanager, klantmanagers_van_caseload


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
    """Trajecten with their gemeente; their startmomenten (and places) come from ``startmomenten_erbij``."""
    return qs.select_related("gemeente")


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


# The gids on every visit: its page and count compiled once per process (``vaste_vorm.Lijst``). A value that is
# missing (no region, no gemeente: IS NULL) is a shape of its own: the ORM builds those.
def gids_voor_kandidaat(kandidaat, *, soort=""):
    """``trajecten_voor_kandidaat`` for the werkzoekende's gids page."""
    if kandidaat.regio_id is None or kandidaat.gemeente_id is None:
        return trajecten_voor_kandidaat(kandidaat, soort=soort)
    return vaste_vorm.Lijst(f"ondersteuning.gids.kandidaat.{bool(soort)}", _gids_voor_kandidaat,
                            regio_id=kandidaat.regio_id, gemeente_id=kandidaat.gemeente_id,
                            **({"soort": soort} if soort else {}))


def _gids_voor_kandidaat(regio_id, gemeente_id, soort=None):
    qs = Traject.objects.filter(zichtbaar_in(regio_id, gemeente_id))
    if soort is not None:
        qs = qs.filter(soort=soort)
    return trajecten(qs).order_by("titel", "pk")


def gids_van_regio(regio_id, *, archief=False, soort=""):
    """``trajecten_van_regio`` for the gids page of the klantmanager and the beheerder."""
    if regio_id is None:
        return trajecten_van_regio(regio_id, archief=archief, soort=soort)
    return vaste_vorm.Lijst(f"ondersteuning.gids.regio.{archief}.{bool(soort)}",
                            partial(_gids_van_regio, archief=archief), regio_id=regio_id,
                            **({"soort": soort} if soort else {}))


def _gids_van_regio(regio_id, archief, soort=None):
    return trajecten_van_regio(regio_id, archief=archief, soort=soort or "")


def _startmomenten_van_trajecten(ids):
    return _startmomenten().filter(traject_id__in=ids)


def startmomenten_erbij(trajecten):
    """Each traject's startmomenten, soonest first and with their places taken (``_startmomenten``), as
    ``starts``: one read for a page of trajecten, compiled once per process (a ``Prefetch`` built its queryset on
    every visit of the gids)."""
    per_traject = {}
    for startmoment in vaste_vorm.objecten("ondersteuning.startmomenten_erbij", _startmomenten_van_trajecten,
                                           ids=[t.pk for t in trajecten]):
        per_traject.setdefault(startmoment.traject_id, []).append(startmoment)
    for traject in trajecten:
        traject.starts = per_traject.get(traject.pk, [])


def startmomenten_van(traject, *, sinds=timedelta(days=60)):
    """The starts of the last two months (marked as begun) and every start to come."""
    return [met_plaatsen(s) for s in _startmomenten().filter(traject=traject, start__gte=timezone.now() - sinds)]


def aanvragen_van_kandidaat(kandidaat):
    return (Aanvraag.objects.filter(kandidaat=kandidaat)
            .select_related("traject", "startmoment", "beoordeeld_door").order_by("-ingediend_op", "-pk"))


def _laatste_aanvragen(kandidaat_id, aantal):
    return aanvragen_van_kandidaat(kandidaat_id)[:aantal]


def laatste_aanvragen_van_kandidaat(kandidaat, *, aantal=10):
    """The ``aantal`` most recent aanvragen, for the dossier (10) and the werkzoekende's gids (20): the SQL is
    compiled once per process."""
    return vaste_vorm.objecten(f"ondersteuning.laatste_aanvragen.{aantal}", partial(_laatste_aanvragen, aantal=aantal),
                               kandidaat_id=kandidaat.pk)


def aangemelde_afspraken(kandidaat):
    """The agenda afspraken (groepsbijeenkomsten) this kandidaat signed up for or waits for."""
    return dict(Deelnemer.objects.filter(kandidaat=kandidaat).exclude(status=Deelnemer.Status.AFGEMELD)
                .values_list("afspraak_id", "status"))


def open_aanvragen_voor(klantmanager):
    """Requests waiting for a decision, of the klantmanager's caseload (and of colleagues they cover)."""
    return _open_aanvragen(klantmanagers_van_caseload(klantmanager))


def aantal_open_aanvragen(klantmanager):
    """How many ``open_aanvragen_voor`` gives, on every visit of the gids: compiled once per process."""
    return vaste_vorm.aantal("ondersteuning.open_aanvragen", _open_aanvragen,
                             ids=klantmanagers_van_caseload(klantmanager))


def _open_aanvragen(ids):
    caseload = caseload_van_klantmanager(None, klantmanager_ids=ids).values("pk")
    return (Aanvraag.objects.filter(status=Aanvraag.Status.INGEDIEND, kandidaat__in=caseload)
            .select_related("kandidaat", "traject", "startmoment").order_by("ingediend_op", "pk"))
