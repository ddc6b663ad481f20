"""Reads for the agenda pages and the feed. ``agenda_items`` merges three sources into one time-ordered list:
afspraken the user takes part in, plan evaluation dates (the klantmanager's caseload, the werkzoekende's own
plan) and nazorg moments (staff of the plaatsing). Each source is one query, whatever the number of rows."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import NamedTuple

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol, User
from agenda.models import BEGELEIDER_NIET_MEE, MAX_DUUR, Afspraak, AgendaFeed, Deelnemer
from klantreis.lib import datums, vaste_vorm
from plaatsingen.models import NazorgMoment, Plaatsing
from plaatsingen.selectors import OPEN
from werkzoekenden.models import PlanVanAanpak
from werkzoekenden.permissions import dossiers_te_openen
from werkzoekenden.selectors import aan_account_of_kandidaat


@dataclass
class Item:
    soort: str  # "afspraak", "evaluatie", "nazorg"
    start: datetime | date
    titel: str  # for the page (the user is logged in: names are fine)
    feed_titel: str  # for the feed (a leaked URL must not expose names of kandidaten)
    url: str
    afspraak: Afspraak | None = None
    hele_dag: bool = False
    uid: str = ""
    kandidaat: object = None  # whose personal data the page shows (for the audit log)
    # Staff's week: the werkzoekenden taking part in the afspraak, as (kandidaat, dossier url or ""), and how many
    # more take part than are named (``met_kandidaten``).
    kandidaten: list = field(default_factory=list)
    meer_kandidaten: int = 0
    # The klantmanager at a sollicitatiegesprek the werkzoekende goes to alone: in her agenda for information only.
    ter_informatie: bool = False
    # A werkzoekende on the waiting list of a workshop: in her agenda, but she has no place (yet).
    wachtlijst: bool = False
    # Of a colleague she covers for (``_voor_collega``): she does not attend it, so her time stays free.
    waargenomen: bool = False

    @property
    def dag(self):
        return self.start if self.hele_dag else timezone.localtime(self.start).date()


def afspraken_van(gebruiker):
    """Afspraken ``gebruiker`` takes part in (as user, or as the kandidaat behind their account)."""
    return afspraken_van_id(gebruiker.pk)


def afspraken_van_id(gebruiker_id):
    deelname = Deelnemer.objects.filter(aan_account_of_kandidaat(gebruiker_id)).exclude(
        status=Deelnemer.Status.AFGEMELD)
    return Afspraak.objects.filter(pk__in=deelname.values("afspraak_id")).select_related("werkgever")


def kan_niet_bij(gebruiker, afspraak_ids) -> set:
    """Of these afspraken, the ones where ``gebruiker`` (a werkzoekende, or a werkgever's contactpersoon) said they
    cannot come: one query."""
    if not afspraak_ids:
        return set()
    wie = Q(gebruiker_id=gebruiker.pk) if gebruiker.rol == Rol.WERKGEVER else aan_account_of_kandidaat(gebruiker.pk)
    return set(Deelnemer.objects.filter(wie, afspraak_id__in=afspraak_ids,
                                        status=Deelnemer.Status.KAN_NIET).values_list("afspraak_id", flat=True))


def wie_kan_niet(afspraak, deelnemer) -> str:
    """How the organiser's task and melding name who cannot come: the kandidaat, or the werkgever's contactpersoon
    with the company."""
    if deelnemer.kandidaat_id:
        return str(deelnemer.kandidaat)
    naam = deelnemer.gebruiker.get_full_name() or deelnemer.gebruiker.email
    return f"{naam} ({afspraak.werkgever.naam})" if afspraak.werkgever_id else naam


def plant_opnieuw(afspraak, deelnemer):
    """Who proposes a new time when ``deelnemer`` cannot come: the organiser; when that account is gone, the
    werkzoekende's klantmanager. None when there is nobody."""
    if afspraak.georganiseerd_door.is_active:
        return afspraak.georganiseerd_door
    klantmanager = deelnemer.kandidaat.klantmanager if deelnemer.kandidaat_id else None
    return klantmanager if klantmanager is not None and klantmanager.is_active else None


def komende_groepsbijeenkomsten(gebruiker, *, limiet=20):
    """The first ``limiet`` upcoming workshops a werkzoekende can sign up for (their region, not cancelled),
    soonest first: on every visit of the werkzoekende's agenda, compiled once per process."""
    if gebruiker.rol != Rol.WERKZOEKENDE or not gebruiker.regio_id:
        return []
    return vaste_vorm.objecten(f"agenda.komende_groepsbijeenkomsten.{limiet}", partial(_komende_groepsbijeenkomsten,
                                                                                     limiet=limiet),
                               regio_id=gebruiker.regio_id, nu=timezone.now())


def _komende_groepsbijeenkomsten(regio_id, nu, limiet):
    return (Afspraak.objects.filter(soort=Afspraak.Soort.GROEPSBIJEENKOMST, regio_id=regio_id, start__gt=nu)
            .exclude(status=Afspraak.Status.GEANNULEERD).order_by("start", "pk")[:limiet])


def _feed_titel(afspraak, gebruiker):
    """Minimal text for the feed: the kind of afspraak and, for staff and the kandidaat, the werkgever. Never
    a kandidaat's name; a werkgever reads the vacature title."""
    if afspraak.soort == Afspraak.Soort.SOLLICITATIEGESPREK and afspraak.gesprek_id:
        if gebruiker.rol == Rol.WERKGEVER:
            return afspraak.titel
        return _("Sollicitatiegesprek (%(w)s)") % {"w": afspraak.werkgever.naam}
    if afspraak.soort == Afspraak.Soort.GROEPSBIJEENKOMST:
        return afspraak.titel
    label = str(Afspraak.Soort(afspraak.soort).label)
    if gebruiker.rol == Rol.WERKZOEKENDE and afspraak.soort == Afspraak.Soort.KLANTMANAGERGESPREK:
        label = _("Gesprek met je contactpersoon")
    if afspraak.werkgever_id and gebruiker.rol != Rol.WERKGEVER:
        return f"{label} ({afspraak.werkgever.naam})"
    return label


def _afspraak_titel(afspraak, gebruiker):
    # Staff read the kandidaat of a sollicitatiegesprek under the title, with every werkzoekende taking part
    # (``met_kandidaten``), not in it.
    if afspraak.werkgever_id and gebruiker.rol != Rol.WERKGEVER:
        return f"{afspraak.titel} ({afspraak.werkgever.naam})"
    return afspraak.titel_voor_werkzoekende if gebruiker.rol == Rol.WERKZOEKENDE else afspraak.titel


# The three reads of the agenda, each compiled once per process (``vaste_vorm``): the week page and every poll of a
# calendar feed read them, and Django built and compiled the three querysets (a union, joins for the names) in more
# CPU than PostgreSQL needed to run them (docs/benchmarks.md, negenenveertigste sessie).
LIMIET = 500


def _afspraken(gebruiker_id, van, tot):
    return (afspraken_van_id(gebruiker_id).filter(start__gte=van, start__lt=tot).select_related("gesprek")
            .order_by("start", "pk")[:LIMIET])


def ter_informatie_voor(afspraak, gebruiker):
    """A klantmanager takes part in a sollicitatiegesprek as the werkzoekende's begeleider: when the werkzoekende
    goes alone, she need not come (and got a CANCEL for her own calendar)."""
    return (gebruiker.rol == Rol.KLANTMANAGER and afspraak.gesprek_id is not None
            and not afspraak.gesprek.begeleider_gaat_mee)


def _evaluaties(soort, gebruiker_id, van, tot):
    eigenaar = {"kandidaat__klantmanager_id": gebruiker_id} if soort == "caseload" else {
        "kandidaat__account_id": gebruiker_id}
    return _evaluaties_van(eigenaar, van, tot)


def _evaluaties_van(eigenaar, van, tot):
    # A closed dossier's plan is not evaluated any more: its date is not in anyone's week.
    return PlanVanAanpak.objects.filter(**eigenaar, evaluatiedatum__gte=van, evaluatiedatum__lt=tot,
                                        kandidaat__afgesloten_op__isnull=True).select_related(
        "kandidaat").order_by("evaluatiedatum", "pk")[:LIMIET]


def _nazorg(gebruiker_id, van, tot):
    return _nazorg_van("", gebruiker_id, van, tot)


def _nazorg_van(bij, gebruikers, van, tot):
    """The open nazorg moments of the window at the werkgevers and of the caseload of ``gebruikers`` (one id, or a
    list with ``bij="__in"``)."""
    # The plaatsingen at the user's werkgevers and of their caseload, as two lists by their own index: as one OR
    # across joins to the werkgever and the kandidaat, every open moment of the window in the country was read.
    # (The status is asked of those few afterwards: in the lists, an index on it drew the planner to all running
    # plaatsingen of the country.)
    alle = Plaatsing.objects.order_by()
    plaatsingen = (alle.filter(**{f"werkgever__accountmanager_id{bij}": gebruikers}).values("pk")
                   .union(alle.filter(**{f"kandidaat__klantmanager_id{bij}": gebruikers}).values("pk"), all=True))
    return NazorgMoment.objects.filter(
        plaatsing_id__in=plaatsingen, plaatsing__status=Plaatsing.Status.LOPEND, uitkomst=OPEN,
        gepland_op__gte=van, gepland_op__lt=tot,
    ).select_related("plaatsing__werkgever", "plaatsing__kandidaat").order_by("gepland_op", "pk")[:LIMIET]


def op_wachtlijst_bij(gebruiker, afspraken) -> set:
    """Of these afspraken, the workshops where the werkzoekende ``gebruiker`` is on the waiting list: one query, and
    none without a workshop."""
    groepen = [a.pk for a in afspraken if a.is_groep] if gebruiker.rol == Rol.WERKZOEKENDE else []
    if not groepen:
        return set()
    return set(Deelnemer.objects.filter(aan_account_of_kandidaat(gebruiker.pk), afspraak_id__in=groepen,
                                        status=Deelnemer.Status.WACHTLIJST).values_list("afspraak_id", flat=True))


def agenda_items(gebruiker, van: datetime, tot: datetime, *, met_waarneming=False):
    """What ``gebruiker``'s week or feed shows between ``van`` and ``tot``. ``met_waarneming`` (her week page and her
    feed): also what the colleagues she covers for have in it, under their name (``_waargenomen_items``)."""
    items = []
    afspraken = vaste_vorm.objecten("agenda.afspraken", _afspraken, gebruiker_id=gebruiker.pk, van=van, tot=tot)
    wachtlijst = op_wachtlijst_bij(gebruiker, afspraken)
    for afspraak in afspraken:
        ter_informatie = ter_informatie_voor(afspraak, gebruiker)
        feed_titel = _feed_titel(afspraak, gebruiker)
        if ter_informatie:
            feed_titel = _("Ter informatie, je gaat niet mee: %(titel)s") % {"titel": feed_titel}
        if afspraak.pk in wachtlijst:
            feed_titel = _("Wachtlijst, je hebt nog geen plek: %(titel)s") % {"titel": feed_titel}
        items.append(Item("afspraak", afspraak.start, _afspraak_titel(afspraak, gebruiker), feed_titel,
                          reverse("afspraak_detail", args=[afspraak.pk]), afspraak=afspraak, uid=afspraak.ics_uid,
                          ter_informatie=ter_informatie, wachtlijst=afspraak.pk in wachtlijst))
    dag_van, dag_tot = timezone.localtime(van).date(), timezone.localtime(tot).date()
    soort = {Rol.KLANTMANAGER: "caseload", Rol.WERKZOEKENDE: "eigen"}.get(gebruiker.rol)
    plannen = [] if soort is None else vaste_vorm.objecten(
        f"agenda.evaluaties.{soort}", partial(_evaluaties, soort), gebruiker_id=gebruiker.pk, van=dag_van, tot=dag_tot)
    for plan in plannen:
        eigen = gebruiker.rol == Rol.WERKZOEKENDE
        items.append(_evaluatie_item(plan, eigen=eigen))
    if gebruiker.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER):
        for moment in vaste_vorm.objecten("agenda.nazorg", _nazorg, gebruiker_id=gebruiker.pk, van=van, tot=tot):
            items.append(_nazorg_item(moment))
    if met_waarneming and gebruiker.rol in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER):
        items += _waargenomen_items(gebruiker, van, tot, al={i.uid for i in items})
    # By the real moment, not the clock time: the night the clocks go back the second 02:30 comes after the first 02:45.
    items.sort(key=lambda i: (i.dag, not i.hele_dag, 0 if i.hele_dag else i.start.timestamp()))
    return items


def _evaluatie_item(plan, *, eigen=False):
    titel = _("Evaluatie van je plan") if eigen else _("Evaluatie plan van aanpak: %(k)s") % {"k": plan.kandidaat}
    return Item("evaluatie", plan.evaluatiedatum, titel,
                _("Evaluatie van je plan") if eigen else _("Evaluatie plan van aanpak"),
                reverse("mijn_plan") if eigen else reverse("plan_van_aanpak", args=[plan.kandidaat_id]),
                hele_dag=True, uid=f"evaluatie-{plan.pk}-{plan.evaluatiedatum:%Y%m%d}@klantreis",
                kandidaat=None if eigen else plan.kandidaat)


def _nazorg_item(moment):
    return Item(
        "nazorg", timezone.localtime(moment.gepland_op).date(),
        _("Nazorg (%(m)s): %(k)s bij %(w)s") % {
            "m": moment.get_soort_display().lower(), "k": moment.plaatsing.kandidaat,
            "w": moment.plaatsing.werkgever.naam},
        _("Nazorg (%(w)s)") % {"w": moment.plaatsing.werkgever.naam},
        reverse("nazorg_uitkomst", args=[moment.pk]), hele_dag=True, uid=f"nazorg-{moment.pk}@klantreis",
        kandidaat=moment.plaatsing.kandidaat)


def _voor_collega(item, collega):
    """``item`` of a colleague she covers for, as her week and feed show it: "Voor Ruud Dijkstra (je neemt waar):
    ...". The colleague's name is no werkzoekende's: the feed may carry it."""
    voor = _("Voor %(naam)s (je neemt waar): %(titel)s")
    item.titel = voor % {"naam": collega.get_full_name(), "titel": item.titel}
    item.feed_titel = voor % {"naam": collega.get_full_name(), "titel": item.feed_titel}
    item.waargenomen = True
    return item


def _waargenomen_items(gebruiker, van, tot, *, al):
    """What the colleagues ``gebruiker`` covers for have between ``van`` and ``tot`` (away: their werkzoekenden and
    werkgevers still come, their plans are still due), as her own is: their afspraken, the evaluations of their
    caseload and the nazorg moments of their werkgevers or caseload, each once and not what she has herself (``al``:
    uids), under their name (``_voor_collega``). She opens them (``permissions.waargenomen_deelname``, the dossier
    and the plaatsing of a caseload she covers). The colleagues are one query; when she covers for somebody, each
    kind is one more, however many colleagues and rows. The waarneming ended, none of it is read: her feed drops it
    at the next poll."""
    # Those who chose her, of her organisation (``accounts.selectors.ik_en_wie_ik_waarneem``), read with their names.
    # Of her role too, as the afspraak page's rule (``permissions.waargenomen_deelname``).
    if not gebruiker.organisatie_id:
        return []
    collegas = {c.pk: c for c in User.objects.filter(
        waarnemer_id=gebruiker.pk, organisatie_id=gebruiker.organisatie_id, rol=gebruiker.rol).exclude(
        pk=gebruiker.pk).order_by("achternaam", "voornaam", "pk")}
    if not collegas:
        return []
    ids, volgorde = sorted(collegas), {pk: i for i, pk in enumerate(collegas)}
    items = []
    # A colleague's place at each afspraak (the first of them by name when two take part).
    deelnames = sorted(vaste_vorm.objecten("agenda.waargenomen_afspraken", _waargenomen_afspraken, gebruiker_ids=ids,
                                           van=van, tot=tot), key=lambda d: volgorde[d.gebruiker_id])
    for deelname in deelnames:
        afspraak, collega = deelname.afspraak, collegas[deelname.gebruiker_id]
        if afspraak.ics_uid in al:
            continue
        al.add(afspraak.ics_uid)
        items.append(_voor_collega(Item("afspraak", afspraak.start, _afspraak_titel(afspraak, collega),
                                        _feed_titel(afspraak, collega), reverse("afspraak_detail", args=[afspraak.pk]),
                                        afspraak=afspraak, uid=afspraak.ics_uid), collega))
    if gebruiker.rol == Rol.KLANTMANAGER:
        dag_van, dag_tot = timezone.localtime(van).date(), timezone.localtime(tot).date()
        for plan in vaste_vorm.objecten("agenda.waargenomen_evaluaties", _waargenomen_evaluaties, gebruiker_ids=ids,
                                        van=dag_van, tot=dag_tot):
            item = _evaluatie_item(plan)
            if item.uid not in al:
                al.add(item.uid)
                items.append(_voor_collega(item, collegas[plan.kandidaat.klantmanager_id]))
    for moment in vaste_vorm.objecten("agenda.waargenomen_nazorg", _waargenomen_nazorg, gebruiker_ids=ids, van=van,
                                      tot=tot):
        item, plaatsing = _nazorg_item(moment), moment.plaatsing
        collega = collegas.get(plaatsing.werkgever.accountmanager_id) or collegas.get(
            plaatsing.kandidaat.klantmanager_id)
        if item.uid not in al and collega is not None:
            al.add(item.uid)
            items.append(_voor_collega(item, collega))
    return items


def _waargenomen_afspraken(gebruiker_ids, van, tot):
    return (Deelnemer.objects.filter(gebruiker_id__in=gebruiker_ids, afspraak__start__gte=van, afspraak__start__lt=tot)
            .exclude(status=Deelnemer.Status.AFGEMELD).select_related("afspraak__werkgever", "afspraak__gesprek")
            .order_by("afspraak__start", "afspraak_id", "pk")[:LIMIET])


def _waargenomen_evaluaties(gebruiker_ids, van, tot):
    return _evaluaties_van({"kandidaat__klantmanager_id__in": gebruiker_ids}, van, tot)


def _waargenomen_nazorg(gebruiker_ids, van, tot):
    return _nazorg_van("__in", gebruiker_ids, van, tot)


NAMEN_PER_AFSPRAAK = 3  # a workshop of thirty is "Met A, B, C en 27 anderen" at a glance; its page names them all


def _kandidaten_bij(afspraak_ids):
    # Who said "ik kan niet" is named too (marked so): the week is where the klantmanager sees whom to call.
    return (Deelnemer.objects.filter(afspraak_id__in=afspraak_ids, kandidaat__isnull=False,
                                     status__in=[Deelnemer.Status.AANGEMELD, Deelnemer.Status.KAN_NIET])
            .select_related("kandidaat").only("afspraak_id", "status", "kandidaat__voornaam", "kandidaat__achternaam",
                                              "kandidaat__sorteernaam", "kandidaat__klantmanager_id",
                                              "kandidaat__account_id")
            .order_by("afspraak_id", "kandidaat__sorteernaam", "kandidaat__voornaam", "pk"))


def met_kandidaten(items, gebruiker):
    """Staff's week: each afspraak names the werkzoekenden taking part (``Item.kandidaten``: up to
    ``NAMEN_PER_AFSPRAAK`` of them as (kandidaat, url of the dossier or "", whether she said "ik kan niet")), those
    whose dossier ``gebruiker`` may
    open first, then by name; ``Item.meer_kandidaten``: how many more take part). For staff only: a werkgever or
    werkzoekende never reads other werkzoekenden's names in their agenda. Two or three queries whatever the number of
    afspraken: the deelnemers of all of them, and which of those dossiers open for ``gebruiker``
    (``dossiers_te_openen``). Returns the kandidaten named, for the verwerkingenlog: those only counted are not
    shown, so not logged."""
    if gebruiker.rol not in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER):
        return []
    per_afspraak = {i.afspraak.pk: i for i in items if i.afspraak is not None}
    if not per_afspraak:
        return []
    alle = {}
    kan_niet = set()
    for deelnemer in vaste_vorm.objecten("agenda.kandidaten_bij", _kandidaten_bij, afspraak_ids=list(per_afspraak)):
        alle.setdefault(deelnemer.afspraak_id, []).append(deelnemer.kandidaat)
        if deelnemer.kan_niet:
            kan_niet.add((deelnemer.afspraak_id, deelnemer.kandidaat.pk))
    te_openen = dossiers_te_openen(gebruiker, [k for kandidaten in alle.values() for k in kandidaten])
    genoemd = []
    for afspraak_id, kandidaten in alle.items():
        item = per_afspraak[afspraak_id]
        # Stable: by name within each of the two (the query's order).
        kandidaten.sort(key=lambda k: k.pk not in te_openen)
        getoond = kandidaten[:NAMEN_PER_AFSPRAAK]
        item.kandidaten = [(k, reverse("dossier", args=[k.pk]) if k.pk in te_openen else "",
                            (afspraak_id, k.pk) in kan_niet) for k in getoond]
        item.meer_kandidaten = len(kandidaten) - len(getoond)
        genoemd += getoond
    return genoemd


def deelnemers_bij(afspraak):
    """Who takes part in ``afspraak`` (not signed off, not on the waiting list), with user and kandidaat: one
    query."""
    return list(afspraak.deelnemers.filter(status__in=[Deelnemer.Status.AANGEMELD, Deelnemer.Status.KAN_NIET])
                .select_related("gebruiker", "kandidaat").order_by("pk"))


def bezet(*, gebruiker_ids=(), kandidaat_ids=(), start, eind, behalve_afspraak_id=None, behalve_gesprek_id=None):
    """Who of these people (staff or werkgever users, kandidaten) already takes part in an afspraak that overlaps
    ``start``-``eind`` and takes place: their Deelnemer rows with the afspraak, soonest first. One query, read by the
    index on ``Afspraak.start`` (an afspraak starts before ``eind`` and at most ``MAX_DUUR`` before ``start``). Who
    said "ik kan niet" to it, signed off or waits for a place is not busy then, nor the klantmanager at a
    sollicitatiegesprek the werkzoekende goes to alone (``BEGELEIDER_NIET_MEE``). The afspraak being moved (or that
    of the gesprek) is not in the way of itself."""
    # In UTC: MAX_DUUR before a local time is reckoned on the clock, 11 real hours across the night it goes forward.
    start, eind = datums.in_utc(start), datums.in_utc(eind)
    wie = Q(gebruiker_id__in=[i for i in gebruiker_ids if i]) | Q(kandidaat_id__in=[i for i in kandidaat_ids if i])
    rijen = (Deelnemer.objects.filter(wie, status=Deelnemer.Status.AANGEMELD, afspraak__start__lt=eind,
                                      afspraak__start__gt=start - MAX_DUUR, afspraak__eind__gt=start)
             .exclude(afspraak__status=Afspraak.Status.GEANNULEERD).exclude(BEGELEIDER_NIET_MEE))
    if behalve_afspraak_id is not None:
        rijen = rijen.exclude(afspraak_id=behalve_afspraak_id)
    if behalve_gesprek_id is not None:
        rijen = rijen.exclude(afspraak__gesprek_id=behalve_gesprek_id)
    return list(rijen.select_related("afspraak", "gebruiker", "kandidaat").order_by("afspraak__start", "pk"))


class Botsing(NamedTuple):
    """One busy person, as the reader reads it (``tekst``); ``kandidaat`` when it is a werkzoekende (for the
    verwerkingenlog of the page that shows it)."""

    tekst: str
    kandidaat: object = None

    def __str__(self):
        return self.tekst


def _klok(lokaal):
    """"14:00", and a time of the hour the clocks show twice with which: "02:30 (wintertijd)" (``datums.klok``)."""
    klok = datums.klok(lokaal)
    return f"{lokaal:%H:%M} ({klok})" if klok else f"{lokaal:%H:%M}"


def _tijdvak(afspraak, start):
    van, tot = timezone.localtime(afspraak.start), timezone.localtime(afspraak.eind)
    tijd = f"{_klok(van)}-{_klok(tot)}"
    # Another day (a long afspraak the evening before): with its date, so the time is not misread.
    return tijd if van.date() == timezone.localtime(start).date() else f"{datums.kort(van, 'j F')} {tijd}"


def botsingen(lezer, **wie_en_wanneer) -> list[Botsing]:
    """What ``lezer`` reads when the time chosen clashes (``bezet``): a sentence per busy person, saying what they
    already have and when. Staff read the other afspraak's title ("Willem van de Vecht heeft dan al: Gesprek met
    klantmanager 14:00-15:00"); a werkgever reads the title of his own afspraken only, and of others only that they
    have another afspraak, in "u"."""
    werkgever = lezer.rol == Rol.WERKGEVER
    regels = []
    for deelnemer in bezet(**wie_en_wanneer):
        afspraak = deelnemer.afspraak
        tijd = _tijdvak(afspraak, wie_en_wanneer["start"])
        if deelnemer.gebruiker_id == lezer.pk:
            tekst = (_("U hebt dan al: %(wat)s %(tijd)s.") if werkgever
                     else _("Je hebt dan al: %(wat)s %(tijd)s.")) % {"wat": afspraak.titel, "tijd": tijd}
        elif werkgever:
            naam = deelnemer.kandidaat.voornaam if deelnemer.kandidaat_id else deelnemer.gebruiker.get_full_name()
            tekst = _("%(naam)s heeft dan al een andere afspraak (%(tijd)s).") % {"naam": naam, "tijd": tijd}
        else:
            naam = deelnemer.kandidaat if deelnemer.kandidaat_id else deelnemer.gebruiker.get_full_name()
            tekst = _("%(naam)s heeft dan al: %(wat)s %(tijd)s.") % {"naam": naam, "wat": afspraak.titel, "tijd": tijd}
        if tekst not in (b.tekst for b in regels):
            regels.append(Botsing(tekst, deelnemer.kandidaat if deelnemer.kandidaat_id else None))
    return regels


def _uitnodigingen(gesprek_ids):
    return (Deelnemer.objects.filter(afspraak__gesprek_id__in=gesprek_ids, kandidaat__isnull=False)
            .select_related("afspraak", "kandidaat").order_by("pk"))


def uitnodigingen_bij_gesprekken(gesprek_ids) -> dict:
    """The werkzoekende's invitation to each of these sollicitatiegesprekken (their Afspraak, kept in step by
    ``services.gesprek_bijwerken``): gesprek id -> her Deelnemer row, with ``kan_niet`` (why, when she can) and
    ``opnieuw_uitgenodigd``. One query, compiled once per process; a gesprek whose afspraak is not made yet is
    missing."""
    if not gesprek_ids:
        return {}
    return {d.afspraak.gesprek_id: d for d in vaste_vorm.objecten("agenda.uitnodigingen_bij_gesprekken",
                                                                  _uitnodigingen, gesprek_ids=sorted(gesprek_ids))}


def week_van(maandag: date):
    tz = timezone.get_current_timezone()
    van = timezone.make_aware(datetime.combine(maandag, time.min), tz)
    return van, timezone.make_aware(datetime.combine(maandag + timedelta(days=7), time.min), tz)


def feed_bij_sleutel(sleutel: str):
    """The feed for a token, or None. Looked up by its SHA-256 (the token itself is never stored)."""
    if not sleutel or len(sleutel) > 100:
        return None
    return AgendaFeed.objects.select_related("gebruiker").filter(
        sleutel_hash=hashlib.sha256(sleutel.encode()).hexdigest(), gebruiker__is_active=True).first()
