from datetime import datetime, time, timedelta
from functools import partial

from django.db import connections
from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from accounts.models import Rol
from accounts.selectors import ik_en_wie_ik_waarneem
from klantreis.lib import vaste_vorm
from klantreis.lib.beheerlijst import geschat_aantal, telgrens
from klantreis.lib.letterlijk import Letterlijk
from klantreis.lib.paginering import blader, blader_vast
from plaatsingen.models import NazorgMoment, Plaatsing, PlaatsingCorrectie, Regelingaanvraag, RegelingaanvraagWijziging

# An open moment, as the partial indexes on the open moments say it (``uitkomst = ''``): in the SQL text, so that
# the plan a prepared statement keeps for any values can use those indexes (klantreis/lib/letterlijk.py).
OPEN = Letterlijk("")


def _volgend_moment():
    """The first open nazorg moment of the plaatsing, as a subquery per row: PostgreSQL looks it up only for the
    rows on the page. As MIN over a join with GROUP BY it read every moment of every plaatsing of the region before
    the page could be cut (1.3 s for an accountmanager with 54,000 plaatsingen in the region)."""
    return Subquery(NazorgMoment.objects.filter(plaatsing=OuterRef("pk"), uitkomst=OPEN).order_by("gepland_op")
                    .values("gepland_op")[:1])


_BEREIK = {  # the plaatsingen a role follows: this field of the plaatsing is the person's (or their region's) value
    Rol.ACCOUNTMANAGER: "regio_id",
    Rol.KLANTMANAGER: "kandidaat__klantmanager_id__in",  # her caseload and those she covers for (a list of ids)
    Rol.WERKGEVER: "werkgever__organisatie_id",
    Rol.WERKZOEKENDE: "kandidaat__account_id",
}


def _bereik_waarde(user):
    """The value the condition of ``_bereik`` reads for ``user`` (their region, their id, their organisation; a
    klantmanager's the ids of hers and of the colleagues she covers for), or None: a role that follows none."""
    if user.rol == Rol.ACCOUNTMANAGER:
        return user.regio_id
    if user.rol == Rol.WERKGEVER:
        return user.organisatie_id
    if user.rol == Rol.KLANTMANAGER:
        # Away, her plaatsingen are followed by the colleague who covers her caseload: their nazorg moments and
        # ending proefplaatsingen are on that colleague's overview, as her caseload and tasks are.
        return ik_en_wie_ik_waarneem(user)
    return user.pk if user.rol in _BEREIK else None


def _bereik_q(rol, waarde, pad=""):
    return Q(**{f"{pad}{_BEREIK[rol]}": waarde})


_NOG_TE_LEZEN = object()


def _bereik(user, pad="", waarde=_NOG_TE_LEZEN):
    """The plaatsingen ``user`` follows, as a condition on Plaatsing reached through ``pad`` (``"plaatsing__"`` from
    a nazorg moment), or None: none. ``waarde``: ``_bereik_waarde(user)`` when the caller read it already."""
    if user.rol not in _BEREIK:
        return None
    return _bereik_q(user.rol, _bereik_waarde(user) if waarde is _NOG_TE_LEZEN else waarde, pad)


def wijzigingen_te_ondertekenen(plaatsing: Plaatsing):
    """What changed in the overeenkomst the werkgever is asked to sign, as ``PlaatsingCorrectie.samen`` says it: since
    he signed it last (``opnieuw_te_ondertekenen_sinds``), or, before his first signature, since it was first offered
    to him. Empty when there is nothing to sign."""
    if plaatsing.opnieuw_te_ondertekenen:
        sinds = plaatsing.opnieuw_te_ondertekenen_sinds
    elif plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING:
        sinds = (plaatsing.transities.filter(naar=Plaatsing.Status.WACHT_OP_HANDTEKENING).order_by("tijdstip")
                 .values_list("tijdstip", flat=True).first())
    else:
        return []
    if sinds is None:
        return []
    return PlaatsingCorrectie.samen(plaatsing.correcties.filter(tijdstip__gte=sinds).order_by("tijdstip", "pk"))


def regelingen_met_aanvraag(plaatsing: Plaatsing, *, geschiedenis=False):
    """The regelingen of the plaatsing, each with ``aanvraag`` (its ``Regelingaanvraag``, or None: still to be applied
    for), and with ``geschiedenis`` each aanvraag's changes with who made them: three queries however many there are.
    An aanvraag of a regeling taken off the plaatsing (withdrawn or rejected first) is not shown."""
    instrumenten = list(plaatsing.instrumenten.all())
    aanvragen = Regelingaanvraag.objects.filter(plaatsing=plaatsing)
    if geschiedenis:
        aanvragen = aanvragen.prefetch_related(Prefetch(
            "wijzigingen", queryset=RegelingaanvraagWijziging.objects.select_related("door")))
    per_regeling = {a.instrument_id: a for a in aanvragen} if instrumenten else {}
    for instrument in instrumenten:
        instrument.aanvraag = per_regeling.get(instrument.pk)
    return instrumenten


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
    return _open_momenten(bereik, _einde_vandaag())


def _open_momenten(bereik, einde_vandaag):
    return (NazorgMoment.objects.filter(bereik, uitkomst=OPEN, gepland_op__lt=einde_vandaag,
                                        plaatsing__status=Plaatsing.Status.LOPEND)
            .select_related("plaatsing__kandidaat", "plaatsing__werkgever").order_by("gepland_op", "pk"))


def _einde_vandaag():
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))


def overzicht(request, user):
    """What the nazorg overview shows ``user``: the open contact moments due today or before (``momenten``), the
    proefplaatsingen ending in the next two weeks (``eindigend``), the page of all their plaatsingen that ``request``
    asks for (``blad``, keyset, newest first) and the number per status (``per_status``).

    Every visit reads the same shapes with the person's values: with SQL compiled once per process (``vaste_vorm``,
    ``blader_vast``). Built by the ORM on every visit these were twelve querysets, a third of the page's CPU. A person
    whose condition reads a missing value (an accountmanager without a region: ``IS NULL`` is another shape) gets
    what the ORM builds."""
    waarde = _bereik_waarde(user)
    if waarde is None:
        plaatsingen = plaatsingen_voor(user)
        return {"momenten": list(momenten_vandaag_en_te_laat(user)[:50]),
                "eindigend": list(proef_eindigt_binnenkort(plaatsingen)[:50]),
                "blad": blader(request, plaatsingen, ["-startdatum", "-pk"]),
                "per_status": tellingen_per_status(user, waarde=waarde)}
    rol, vandaag = user.rol, timezone.localdate()
    return {
        "momenten": vaste_vorm.objecten(f"plaatsingen.overzicht.momenten.{rol}", partial(_momenten, rol),
                                        waarde=waarde, einde_vandaag=_einde_vandaag()),
        "eindigend": vaste_vorm.objecten(f"plaatsingen.overzicht.eindigend.{rol}", partial(_eindigend, rol),
                                         waarde=waarde, vandaag=vandaag, tot=vandaag + timedelta(weeks=2)),
        # Keyset pages, newest first: a page reads a page of the region's index (plaatsing_regio_nieuwste), without a
        # count over the years of plaatsingen of the region, and page 400 costs what the first does.
        "blad": blader_vast(request, f"plaatsingen.overzicht.{rol}", partial(_plaatsingen, rol), ["-startdatum", "-pk"],
                            waarde=waarde),
        "per_status": tellingen_per_status(user, waarde=waarde),
    }


def _plaatsingen(rol, waarde):
    return (Plaatsing.objects.select_related("kandidaat", "werkgever").annotate(volgend_moment=_volgend_moment())
            .filter(_bereik_q(rol, waarde)))


def _momenten(rol, waarde, einde_vandaag):
    return _open_momenten(_bereik_q(rol, waarde, "plaatsing__"), einde_vandaag)[:50]


def _eindigend(rol, waarde, vandaag, tot):
    return _plaatsingen(rol, waarde).filter(soort=Plaatsing.Soort.PROEFPLAATSING, status=Plaatsing.Status.LOPEND,
                                            einddatum__gte=vandaag, einddatum__lte=tot).order_by("einddatum")[:50]


def proef_eindigt_binnenkort(plaatsingen):
    vandaag = timezone.localdate()
    return plaatsingen.filter(soort=Plaatsing.Soort.PROEFPLAATSING, status=Plaatsing.Status.LOPEND,
                              einddatum__gte=vandaag, einddatum__lte=vandaag + timedelta(weeks=2)).order_by("einddatum")


_PER_STATUS = "SELECT status, COUNT(*) FROM ({}) AS per_status GROUP BY status"


def _tot_de_grens(basis, grens):
    """Each status's plaatsingen of ``basis`` up to ``grens + 1``: one range of the index on (regio, status) each."""
    delen = [basis.filter(status=waarde).values_list("status")[:grens + 1] for waarde in Plaatsing.Status.values]
    return delen[0].union(*delen[1:], all=True)


def _per_status(rol, grens, waarde):
    return _tot_de_grens(Plaatsing.objects.filter(_bereik_q(rol, waarde)).order_by(), grens)


def _precies(basis):
    return basis.values_list("status").annotate(n=Count("pk")).order_by()


def _per_status_precies(rol, waarde):
    return _precies(Plaatsing.objects.filter(_bereik_q(rol, waarde)))


def tellingen_per_status(user, *, waarde=_NOG_TE_LEZEN):
    """``[(label, aantal, soort)]`` for each status, of the plaatsingen ``user`` follows: counted exactly up to
    ``telgrens()`` (10,000) per status, in one query that stops there for each status (a UNION ALL of one range of
    the index on (regio, status) per status); above it PostgreSQL's estimate (``soort`` "ongeveer"), or "meer_dan"
    the limit where the estimate is lower than what was counted. A region gathers plaatsingen over the years; a
    GROUP BY over all of them read 54,294 rows for the accountmanager of the bench's busiest region on every visit of
    the nazorg overview (18 ms, a scan of the table). The embedded SQLite counts exactly (a demo, not a country)."""
    waarde_van = _bereik_waarde(user) if waarde is _NOG_TE_LEZEN else waarde
    bereik = _bereik(user, waarde=waarde_van)
    basis = Plaatsing.objects.filter(bereik).order_by() if bereik is not None else Plaatsing.objects.none()
    grens = telgrens()
    verbinding = connections[basis.db]
    pg = verbinding.vendor == "postgresql"
    if bereik is None:
        tellingen = {}
    elif waarde_van is not None:
        # On every visit of the nazorg overview: compiled once per process (the limit is part of the shape).
        tellingen = dict(vaste_vorm.rijen(
            f"plaatsingen.per_status.{user.rol}.{grens if pg else ''}",
            partial(_per_status, user.rol, grens) if pg else partial(_per_status_precies, user.rol),
            omhullen=_PER_STATUS if pg else None, waarde=waarde_van))
    elif pg:  # a condition on a missing value (IS NULL): the ORM builds it
        sql, params = _tot_de_grens(basis, grens).query.sql_with_params()
        with verbinding.cursor() as cursor:
            cursor.execute(_PER_STATUS.format(sql), params)
            tellingen = dict(cursor.fetchall())
    else:
        tellingen = dict(_precies(basis))
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


def _plaatsingen_van_kandidaat(kandidaat_id, aantal):
    return (Plaatsing.objects.filter(kandidaat_id=kandidaat_id).select_related("werkgever")
            .order_by("-startdatum", "-pk")[:aantal])


def plaatsingen_van_kandidaat(kandidaat, *, aantal=10):
    """The ``aantal`` most recent plaatsingen of the werknemer, for the klantmanager's dossier. The SQL is compiled
    once per process."""
    return vaste_vorm.objecten(f"plaatsingen.van_kandidaat.{aantal}",
                               partial(_plaatsingen_van_kandidaat, aantal=aantal), kandidaat_id=kandidaat.pk)


def huidige_plaatsing(kandidaat):
    """The werknemer's current work: for 'hoe lang kan ik blijven?'. On the werkzoekende's home page and the
    dossier: the SQL is compiled once per process (``vaste_vorm``)."""
    gevonden = vaste_vorm.objecten("plaatsingen.huidige", _huidige_plaatsing, kandidaat_id=kandidaat.pk,
                                   nu=timezone.now())
    return gevonden[0] if gevonden else None
