from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.selectors import werkgevermensen
from bemiddeling.models import (
    STAP_DOSSIER_GESLOTEN,
    Gespreksvoorbereiding,
    Shortlist,
    Sollicitatiegesprek,
    Voordracht,
    VoordrachtTransitie,
)
from klantreis.lib import datums, vaste_vorm
from werkgevers.selectors import vacatures_van_werkgever


class InstrumentNaam(NamedTuple):
    """What a row of the vacature's voordrachten shows of an instrument: its name."""

    naam: str


def _instrumenten_van_voordrachten(ids):
    # In the order of Instrument's Meta.ordering (its unique name), as vd.instrumenten.all() gives them.
    return (Voordracht.instrumenten.through.objects.filter(voordracht_id__in=ids)
            .order_by("instrument__naam").values_list("voordracht_id", "instrument__naam"))


def instrumenten_erbij(voordrachten):
    """Each voordracht's instruments as ``instrumenten_lijst`` (names in the order of the instrumentengids), read in
    one query whose SQL is compiled once per process. ``Prefetch("instrumenten", to_attr=...)`` gave the same list,
    but built and compiled the queryset of a many-to-many manager on every page: a seventh of the vacature page's
    CPU (docs/benchmarks.md, vijfendertigste sessie)."""
    per_voordracht = defaultdict(list)
    for voordracht_id, naam in vaste_vorm.rijen("bemiddeling.voordrachten.instrumenten",
                                                _instrumenten_van_voordrachten, ids=[vd.pk for vd in voordrachten]):
        per_voordracht[voordracht_id].append(InstrumentNaam(naam))
    for vd in voordrachten:
        vd.instrumenten_lijst = per_voordracht.get(vd.pk, [])


def voordrachten_van_kandidaat(kandidaat_id):
    """The werkzoekende's own voordrachten, newest first, with vacature and werkgever (``Mijn sollicitaties``)."""
    return (Voordracht.objects.filter(kandidaat_id=kandidaat_id)
            .select_related("vacature__werkgever", "geplaatst_via__vacature__werkgever")
            .order_by("-voorgedragen_op", "-pk"))


def _laatste_voordrachten(kandidaat_id, aantal):
    return voordrachten_van_kandidaat(kandidaat_id)[:aantal]


def laatste_voordrachten_van_kandidaat(kandidaat, *, aantal=10):
    """The ``aantal`` most recent voordrachten of the kandidaat, for the klantmanager's dossier: where she was
    proposed and how it stands. The SQL is compiled once per process."""
    return vaste_vorm.objecten(f"bemiddeling.laatste_voordrachten.{aantal}",
                               partial(_laatste_voordrachten, aantal=aantal), kandidaat_id=kandidaat.pk)


def rust_op_toestemming(toestemming_id, *, nu=None):
    """The open voordrachten that rest on one consent, each with ``gesprek``: its next sollicitatiegesprek still
    to come (or None). What stops when the consent is withdrawn (``voordrachten_vervallen_zonder_toestemming``),
    so the werkzoekende can be told before. Two queries."""
    nu = nu or timezone.now()
    voordrachten = list(Voordracht.objects.filter(toestemming_id=toestemming_id, status__in=Voordracht.OPEN)
                        .select_related("vacature__werkgever").order_by("voorgedragen_op", "pk"))
    komend = {}
    for gesprek in (Sollicitatiegesprek.objects.filter(voordracht__in=[vd.pk for vd in voordrachten],
                                                       geannuleerd_op__isnull=True, begint_op__gt=nu)
                    .order_by("-begint_op")):
        komend[gesprek.voordracht_id] = gesprek  # the earliest last
    for vd in voordrachten:
        vd.gesprek = komend.get(vd.pk)
    return voordrachten


# The agenda, a floor up, keeps each gesprek's Afspraak: whether the werkzoekende said "ik kan niet" to it (why, when
# she can) and who is busy at a time. It tells bemiddeling's pages through the two readers it registers here in
# ``AgendaConfig.ready`` (as sollicitaties tells the caseload who lags behind): bemiddeling never imports the agenda.
AGENDA = {}


def agenda_registreren(*, uitnodigingen, botsingen):
    """``uitnodigingen(gesprek_ids)``: gesprek id -> the werkzoekende's invitation (``kan_niet``,
    ``kan_niet_reden``, ``kan_niet_wanneer_wel``, ``kan_niet_op``, ``opnieuw_uitgenodigd``), one query.
    ``botsingen(lezer, gebruiker_ids=, kandidaat_ids=, start=, eind=, behalve_gesprek_id=)``: who is busy then, as
    sentences in the words ``lezer`` may read (``str``), each with the ``kandidaat`` it names or None; one query."""
    AGENDA.update(uitnodigingen=uitnodigingen, botsingen=botsingen)


def uitnodigingen_bij_gesprekken(gesprek_ids) -> dict:
    lezen = AGENDA.get("uitnodigingen")
    return lezen(list(gesprek_ids)) if lezen is not None and gesprek_ids else {}


def uitnodigingen_erbij(voordrachten):
    """Each gesprek of ``gesprekken_lijst`` (``gesprekken_erbij`` first) with ``uitnodiging``: the werkzoekende's
    answer in the agenda, or None. One query for the page."""
    gesprekken = [g for vd in voordrachten for g in vd.gesprekken_lijst]
    per_gesprek = uitnodigingen_bij_gesprekken([g.pk for g in gesprekken])
    for gesprek in gesprekken:
        gesprek.uitnodiging = per_gesprek.get(gesprek.pk)


def botsingen_bij_gesprek(lezer, *, voordracht, begint_op, duur_minuten, begeleider_gaat_mee, gesprek=None):
    """Who of the gesprek is busy at ``begint_op``: the kandidaat, the accountmanager of the voordracht, who plans it
    and the klantmanager when she goes along. Sentences for ``lezer`` (see ``agenda_registreren``)."""
    lezen = AGENDA.get("botsingen")
    if lezen is None:
        return []
    # The end reckoned in UTC: on the local clock it is an hour off across the night the clocks change.
    begint_op = datums.in_utc(begint_op)
    gebruikers = [lezer.pk, voordracht.voorgedragen_door_id]
    if begeleider_gaat_mee:
        gebruikers.append(voordracht.kandidaat.klantmanager_id)
    return lezen(lezer, gebruiker_ids=gebruikers, kandidaat_ids=[voordracht.kandidaat_id], start=begint_op,
                 eind=begint_op + timedelta(minutes=duur_minuten),
                 behalve_gesprek_id=gesprek.pk if gesprek is not None else None)


def _gesprekken_van_voordrachten(ids):
    # In the order of Sollicitatiegesprek's Meta.ordering (newest first), as vd.gesprekken.all() gives them.
    return (Sollicitatiegesprek.objects.filter(voordracht_id__in=ids).select_related("gespreksvoorbereiding")
            .order_by("-begint_op", "pk"))


def intrekkingen_erbij(voordrachten):
    """Each withdrawn voordracht of the page with ``intrekking``: its step to ingetrokken, with who did it and why
    (the werkzoekende reads both, as in her melding); None for the others. One query, only when the page has one."""
    ids = [vd.pk for vd in voordrachten if vd.status == Voordracht.Status.INGETROKKEN]
    per_voordracht = {}
    if ids:
        for stap in (VoordrachtTransitie.objects.filter(voordracht_id__in=ids, naar=Voordracht.Status.INGETROKKEN)
                     .select_related("door").order_by("pk")):
            per_voordracht[stap.voordracht_id] = stap  # the latest last
    for vd in voordrachten:
        vd.intrekking = per_voordracht.get(vd.pk)


def vervallingen_erbij(voordrachten):
    """Each voordracht of the page stopped without consent with ``dossier_gesloten``: whether the consent ended
    because the klantmanager closed the dossier (``STAP_DOSSIER_GESLOTEN``). Not what she did: "toestemming
    ingetrokken" would tell her she withdrew it. One query, only when the page has one."""
    ids = [vd.pk for vd in voordrachten if vd.status == Voordracht.Status.ZONDER_TOESTEMMING]
    gesloten = set()
    if ids:
        gesloten = set(VoordrachtTransitie.objects.filter(STAP_DOSSIER_GESLOTEN, voordracht_id__in=ids)
                       .values_list("voordracht_id", flat=True))
    for vd in voordrachten:
        vd.dossier_gesloten = vd.pk in gesloten


def gesprekken_erbij(voordrachten):
    """Each voordracht's sollicitatiegesprekken as ``gesprekken_lijst`` (newest first), each with its
    ``gespreksvoorbereiding`` read along (or none), in one query whose SQL is compiled once per process. The
    ``prefetch_related`` of the two built two querysets on every visit of "Mijn sollicitaties"."""
    per_voordracht = defaultdict(list)
    for gesprek in vaste_vorm.objecten("bemiddeling.voordrachten.gesprekken", _gesprekken_van_voordrachten,
                                       ids=[vd.pk for vd in voordrachten]):
        per_voordracht[gesprek.voordracht_id].append(gesprek)
    for vd in voordrachten:
        vd.gesprekken_lijst = per_voordracht.get(vd.pk, [])


# What the vacature's page reads for the voordrachten of one page (``vaste_vorm.Lijst``): not for all of them. The
# instruments of each voordracht on the page as a plain list (``instrumenten_lijst``): the rows read it once each,
# without a manager and a queryset per row (bemiddeling/templatetags/voordrachtrijen.py).
VOORDRACHTEN_VAN_VACATURE_PREFETCH = (instrumenten_erbij,)


def voordrachten_van_vacature(vacature_id, *, voor_werkgever):
    # Only what the list shows (name, date, status, consent, instruments) and what the verwerkingenlog reads of
    # each kandidaat: a row is 25 of these on a page, and whole Kandidaat, Gemeente and User rows cost more to read
    # and build than the page uses.
    qs = Voordracht.objects.filter(vacature_id=vacature_id).select_related("kandidaat", "toestemming").only(
        "status", "voorgedragen_op", "vacature_id", "kandidaat__voornaam", "kandidaat__achternaam",
        "kandidaat__account_id", "toestemming__ingetrokken_op", "toestemming__bij_afsluiten")
    if voor_werkgever:
        # Only with consent that still stands; withdrawn means: gone from the werkgever's view at once.
        qs = qs.filter(toestemming__ingetrokken_op__isnull=True)
    else:
        # Why a stopped one stopped (``Voordracht.status_weergave``), in the same query: as ``vervallingen_erbij``
        # reads it, without a query more for a page that has one.
        qs = qs.annotate(dossier_gesloten=Exists(VoordrachtTransitie.objects.filter(
            STAP_DOSSIER_GESLOTEN, voordracht=OuterRef("pk"))))
    return qs.order_by("-voorgedragen_op", "-pk")


def lopende_voordrachten_van_vacature(vacature_id, *, voor_werkgever, nu=None):
    """(what stops, what waits for an outcome) when the vacature closes: its open voordrachten, each with its gesprek
    still to come (``komt``, or None); those whose gesprek took place wait for their outcome
    (``voordrachten_vervallen_vacature_gesloten`` leaves them open). For the werkgever only those with consent."""
    nu = nu or timezone.now()
    qs = (Voordracht.objects.filter(vacature_id=vacature_id, status__in=Voordracht.OPEN)
          .select_related("kandidaat").only("status", "voorgedragen_op", "vacature_id", "kandidaat__voornaam",
                                            "kandidaat__achternaam", "kandidaat__account_id")
          .annotate(komt=Subquery(Sollicitatiegesprek.objects.filter(
              voordracht=OuterRef("pk"), geannuleerd_op__isnull=True, begint_op__gt=nu).values("begint_op")[:1]),
                    geweest=Exists(Sollicitatiegesprek.objects.filter(
                        voordracht=OuterRef("pk"), geannuleerd_op__isnull=True, begint_op__lte=nu)))
          .order_by("voorgedragen_op", "pk"))
    if voor_werkgever:
        qs = qs.filter(toestemming__ingetrokken_op__isnull=True)
    stoppen, uitkomst_nodig = [], []
    for voordracht in qs:
        (uitkomst_nodig if voordracht.geweest else stoppen).append(voordracht)
    return stoppen, uitkomst_nodig


def wachtend_na_vervulling(voordracht) -> tuple[int, int]:
    """(hired, still waiting) when a hire filled every place of a vacature that is still open and other kandidaten
    still wait on it; (0, 0) otherwise. Read only on the page of a hired voordracht, where "Vervuld" is the next
    step that tells them."""
    vacature = voordracht.vacature
    if voordracht.status != Voordracht.Status.AANGENOMEN or vacature.status != vacature.Status.OPEN:
        return 0, 0
    tellingen = Voordracht.objects.filter(vacature_id=vacature.pk).aggregate(
        aangenomen=Count("pk", filter=Q(status=Voordracht.Status.AANGENOMEN)),
        wachtend=Count("pk", filter=Q(status__in=Voordracht.OPEN)))
    if tellingen["aangenomen"] < vacature.aantal_posities or not tellingen["wachtend"]:
        return 0, 0
    return tellingen["aangenomen"], tellingen["wachtend"]


def werkgever_in_portaal(werkgever) -> bool:
    """Whether someone of the werkgever has an active account, who sees meldingen in the portal."""
    return werkgevermensen(werkgever.organisatie_id).exists()


def wachtende_voordrachten(accountmanager):
    """Voordrachten still waiting for the werkgever (reminded or not) that this accountmanager follows up: those she
    made, and those for the werkgevers she is the vaste accountmanager of (made by a colleague, or by the one she
    took the werkgever over from)."""
    return (
        Voordracht.objects.filter(Q(voorgedragen_door=accountmanager)
                                  | Q(vacature__werkgever__accountmanager=accountmanager),
                                  status=Voordracht.Status.VOORGEDRAGEN)
        .select_related("vacature__werkgever", "kandidaat")
        .order_by("voorgedragen_op", "pk")
    )


def vacatures_met_tellingen(werkgever):
    return vacatures_van_werkgever(werkgever).select_related("beroep").annotate(
        # What the werkgever can open: a voordracht that stopped for lack of consent is no longer theirs to see.
        n_voordrachten=Count("voordrachten", filter=~Q(voordrachten__status=Voordracht.Status.ZONDER_TOESTEMMING),
                             distinct=True),
        n_wachtend=Count("voordrachten", filter=Q(voordrachten__status=Voordracht.Status.VOORGEDRAGEN), distinct=True),
    )


def _shortlist(vacature_id):
    return Shortlist.objects.filter(vacature_id=vacature_id).values_list("kandidaat_id")


def shortlist_kandidaat_ids(vacature):
    """On every visit of "Wie past erbij?": compiled once per process."""
    return [k for (k,) in vaste_vorm.rijen("bemiddeling.shortlist", _shortlist, vacature_id=vacature.pk)]


def meegestuurde_documenten(voordracht):
    """The documents that go along with the voordracht and that the kandidaat still allows to share."""
    return voordracht.documenten.filter(delen_met_werkgever=True).select_related("kandidaat").order_by("soort", "pk")


def voorbereiding_gegevens(voorbereiding):
    """What the preparation page shows: the checklist and, per part, who changed it last (names in one query).
    ``onderdelen`` is a list of (key, label, text, wijziging) in page order; wijziging is None or
    {"naam", "rol", "op"}."""
    punten = list(voorbereiding.punten.all())
    stempels = voorbereiding.gewijzigd or {}
    mensen = User.objects.only("pk", "voornaam", "achternaam", "rol").in_bulk(
        {s["door"] for s in stempels.values() if s.get("door")})

    def wijziging(deel):
        stempel = stempels.get(deel)
        if not stempel:
            return None
        door = mensen.get(stempel.get("door"))
        return {"naam": door.get_full_name() if door else "", "rol": door.get_rol_display() if door else "",
                "op": datetime.fromisoformat(stempel["op"])}

    velden = Gespreksvoorbereiding._meta
    onderdelen = [(veld, velden.get_field(veld).verbose_name, getattr(voorbereiding, veld), wijziging(veld))
                  for veld in Gespreksvoorbereiding.TEKSTVELDEN]
    laatste = max((w for w in [wijziging(d) for d in stempels] if w), key=lambda w: w["op"], default=None)
    return {"punten": punten, "afgevinkt": sum(1 for p in punten if p.afgevinkt_op), "onderdelen": onderdelen,
            "punten_wijziging": wijziging("punten"), "laatste_wijziging": laatste}
