from datetime import datetime, time, timedelta

from django.db import connections
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Rol
from klantreis.lib import vaste_vorm
from klantreis.lib.beheerlijst import geschat_aantal, telgrens
from klantreis.lib.letterlijk import Letterlijk
from plaatsingen.models import NazorgMoment, Plaatsing

# An open moment, as the partial indexes on the open moments say it (``uitkomst = ''``): in the SQL text, so that
# the plan a prepared statement keeps for any values can use those indexes (klantreis/lib/letterlijk.py).
OPEN = Letterlijk("")


def _volgend_moment():
    """The first open nazorg moment of the plaatsing, as a subquery per row: PostgreSQL looks it up only for the
    rows on the page. As MIN over a join with GROUP BY it read every moment of every plaatsing of the region before
    the page could be cut (1.3 s for an accountmanager with 54,000 plaatsingen in the region)."""
    return Subquery(NazorgMoment.objects.filter(plaatsing=OuterRef("pk"), uitkomst=OPEN).order_by("gepland_op")
                    .values("gepland_op")[:1])


def _bereik(user, pad=""):
    """The plaatsingen ``user`` follows, as a condition on Plaatsing reached through ``pad`` (``"plaatsing__"`` from
    a nazorg moment), or None: none."""
    if user.rol == Rol.ACCOUNTMANAGER:
        return Q(**{f"{pad}regio_id": user.regio_id})
    if user.rol == Rol.KLANTMANAGER:
        return Q(**{f"{pad}kandidaat__klantmanager": user})
    if user.rol == Rol.WERKGEVER:
        return Q(**{f"{pad}werkgever__organisatie_id": user.organisatie_id})
    if user.rol == Rol.WERKZOEKENDE:
        return Q(**{f"{pad}kandidaat__account": user})
    return None


def plaatsingen_voor(user):
    qs = Plaatsing.objects.select_related("kandidaat", "werkgever").annotate(volgend_moment=_volgend_moment())
    bereik = _bereik(user)
    return (qs.filter(bereik) if bereik is not None else qs.none()).order_by("-startdatum", "-pk")


def momenten_vandaag_en_te_laat(user):
    """The open contact moments due today or before, of the plaatsingen ``user`` follows: the due moments from the
    partial index on the open ones, each one's plaatsing looked up. Read with the plan a prepared statement keeps for
    any values, ``uitkomst = $n`` could not use that index and walked every moment due before tomorrow, handled ones
    too (312,000 at national volume: 350-470 ms from the eighth visit on); with the constant in the SQL (``OPEN``)
    and the plaatsing's condition in the join it takes 1.7 ms (docs/benchmarks.md, vijfentwintigste sessie)."""
    bereik = _bereik(user, "plaatsing__")
    if bereik is None:
        return NazorgMoment.objects.none()
    einde_vandaag = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))
    return (NazorgMoment.objects.filter(bereik, uitkomst=OPEN, gepland_op__lt=einde_vandaag,
                                        plaatsing__status=Plaatsing.Status.LOPEND)
            .select_related("plaatsing__kandidaat", "plaatsing__werkgever").order_by("gepland_op", "pk"))


def proef_eindigt_binnenkort(plaatsingen):
    vandaag = timezone.localdate()
    return plaatsingen.filter(soort=Plaatsing.Soort.PROEFPLAATSING, status=Plaatsing.Status.LOPEND,
                              einddatum__gte=vandaag, einddatum__lte=vandaag + timedelta(weeks=2)).order_by("einddatum")


def tellingen_per_status(user):
    """``[(label, aantal, soort)]`` for each status, of the plaatsingen ``user`` follows: counted exactly up to
    ``telgrens()`` (10,000) per status, in one query that stops there for each status (a UNION ALL of one range of
    the index on (regio, status) per status); above it PostgreSQL's estimate (``soort`` "ongeveer"), or "meer_dan"
    the limit where the estimate is lower than what was counted. A region gathers plaatsingen over the years; a
    GROUP BY over all of them read 54,294 rows for the accountmanager of the bench's busiest region on every visit of
    the nazorg overview (18 ms, a scan of the table). The embedded SQLite counts exactly (a demo, not a country)."""
    bereik = _bereik(user)
    basis = Plaatsing.objects.filter(bereik).order_by() if bereik is not None else Plaatsing.objects.none()
    grens = telgrens()
    verbinding = connections[basis.db]
    if bereik is None:
        tellingen = {}
    elif verbinding.vendor == "postgresql":
        delen = [basis.filter(status=waarde).values("status")[:grens + 1] for waarde in Plaatsing.Status.values]
        sql, params = delen[0].union(*delen[1:], all=True).query.sql_with_params()
        with verbinding.cursor() as cursor:
            cursor.execute(f"SELECT status, COUNT(*) FROM ({sql}) AS per_status GROUP BY status", params)
            tellingen = dict(cursor.fetchall())
    else:
        tellingen = dict(basis.values_list("status").annotate(n=Count("pk")))
    uitkomst = []
    for waarde, label in Plaatsing.Status.choices:
        aantal, soort = tellingen.get(waarde, 0), ""
        if aantal > grens and verbinding.vendor == "postgresql":
            schatting = geschat_aantal(basis.filter(status=waarde))
            aantal, soort = (schatting, "ongeveer") if schatting and schatting > grens else (grens, "meer_dan")
        uitkomst.append((label, aantal, soort))
    return uitkomst


def _huidige_plaatsing(kandidaat_id, nu):
    return (Plaatsing.objects.filter(kandidaat_id=kandidaat_id, status__in=[Plaatsing.Status.LOPEND,
                                                                             Plaatsing.Status.WACHT_OP_HANDTEKENING])
            .select_related("werkgever").annotate(
                volgend_moment=Min("nazorgmomenten__gepland_op", filter=Q(nazorgmomenten__uitkomst="",
                                                                           nazorgmomenten__gepland_op__gte=nu)))
            .order_by("-startdatum", "-pk")[:1])


def huidige_plaatsing(kandidaat):
    """The werknemer's current work: for 'hoe lang kan ik blijven?'. On the werkzoekende's home page and the
    dossier: the SQL is compiled once per process (``vaste_vorm``)."""
    gevonden = vaste_vorm.objecten("plaatsingen.huidige", _huidige_plaatsing, kandidaat_id=kandidaat.pk,
                                   nu=timezone.now())
    return gevonden[0] if gevonden else None
