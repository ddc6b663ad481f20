from dataclasses import dataclass
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Max, Min, Prefetch, Q, Subquery, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import (
    WAAROM_PER_ROL,
    Arbeidsmarktregio,
    Gemeente,
    Organisatie,
    Postcodegebied,
    Rol,
    User,
    Verwerking,
    VerwerkingBetrokkene,
)
from klantreis.lib import vaste_vorm
from klantreis.lib.beheerlijst import BegrensdePaginator
from klantreis.lib.letterlijk import Letterlijk
from klantreis.lib.paginering import Blad, codeer_cursor


def beheer_overzicht():
    verwerkingen, geschat = aantal_verwerkingen()
    per_rol = gebruikers_per_rol()
    return {
        "regios": Arbeidsmarktregio.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "gebruikers": sum(n for n, _geschat in per_rol.values()),
        "gebruikers_geschat": any(geschat for _n, geschat in per_rol.values()),
        "per_rol": per_rol,
        "open_uitnodigingen": open_uitnodigingen().count(),
        "verwerkingen": verwerkingen,
        "verwerkingen_geschat": geschat,
    }


def aantal_verwerkingen():
    """The number of lines in the verwerkingenlog, and whether it is PostgreSQL's estimate: counted as the log's own
    admin list counts (``BegrensdePaginator``: up to ``telgrens()``, then the planner's estimate). The log grows with
    every view of personal data, by millions a month at national volume; a COUNT(*) read all of it on every visit of
    /beheer/."""
    return _begrensd_geteld(Verwerking.objects.all())


def _begrensd_geteld(queryset):
    telling = BegrensdePaginator(queryset, 1)
    return telling.count, telling.geschat


def gebruikers_per_rol():
    """``{rol: (aantal, geschat)}`` of the active users, each role counted as the log is (exact up to ``telgrens()``,
    above that PostgreSQL's estimate from the statistics of ``rol``). Every werkzoekende and every werkgever with an
    account is a user: at national volume hundreds of thousands, which an exact count read whole on every visit."""
    return {rol: _begrensd_geteld(User.objects.filter(is_active=True, rol=rol)) for rol in Rol.values}


def open_uitnodigingen(nu=None):
    """Invitations that can still be accepted: sent within the link's validity (``PASSWORD_RESET_TIMEOUT``, after
    which the link no longer works and the sweep removes the account) and not used yet. A range of the index on
    ``uitgenodigd_op``, where "ever invited" was most of the users."""
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return User.objects.filter(uitgenodigd_op__gte=grens, last_login__isnull=True)


def verlopen_uitnodigingen(nu=None):
    """Accounts whose invitation link expired unused: invited before ``PASSWORD_RESET_TIMEOUT`` ago, never logged in,
    no password set (an unusable one, as an invitation makes). From the index on the invitations never used."""
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return User.objects.filter(uitgenodigd_op__lt=grens, last_login__isnull=True,
                               password__startswith=UNUSABLE_PASSWORD_PREFIX).order_by("uitgenodigd_op", "pk")


def account_met_adres(email, *, voor_update=False):
    """The account an e-mail address belongs to, case-insensitively: the one that logs in with it (``User.email``),
    else the one that added it as a second address and verified it (allauth's ``EmailAddress``; no other account may
    verify it again, so a second account made on it could never be used: accepting its invitation broke allauth's
    one-verified-owner rule). None: the address is nobody's. ``voor_update`` locks the row (in a transaction)."""
    adres = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    qs = (User.objects.filter(Q(email__iexact=email) | Q(pk__in=adres))
          .order_by(Case(When(email__iexact=email, then=0), default=1), "pk"))
    if voor_update:
        qs = qs.select_for_update()
    return qs.first()


def wacht_op_werkgeversuitnodiging():
    """Accounts that a werkgever's invitation of a colleague made or brought back and that nobody used since: no
    password of their own, and not logged in since that invitation. Such an account is only its invitation (an
    address someone typed, ``Collegauitnodiging``) until its owner accepts: it is not among the company's people who
    log in, take part in afspraken or get its mail, or a werkgever could tell a new address (an account was made)
    from a werkzoekende's (nothing was) once the invitation expired. An account the WSP invited (a contactpersoon the
    accountmanager invited) is not one of these: the werkgever always saw it, and still does."""
    return (Q(password__startswith=UNUSABLE_PASSWORD_PREFIX) & Q(uitgenodigd_door__rol=Rol.WERKGEVER)
            & (Q(last_login__isnull=True) | Q(last_login__lt=F("uitgenodigd_op"))))


def werkgevermensen(organisatie_id):
    """The people of a werkgever's company on the portal: its active werkgever accounts, without those that only
    wait for a werkgever's invitation to be accepted (``wacht_op_werkgeversuitnodiging``). What every list the
    werkgever sees, every afspraak and every mail to the company start from."""
    return (User.objects.filter(organisatie_id=organisatie_id, rol=Rol.WERKGEVER, is_active=True)
            .alias(wacht=Case(When(wacht_op_werkgeversuitnodiging(), then=True), default=False))
            .filter(wacht=False))


def van_gedeactiveerd_account(email) -> bool:
    """Whether ``email`` is the address of an account that was deactivated (``is_active=False``): someone who left
    the company, say, but is still written down as its contactpersoon. Accounts store their address lower case."""
    email = (email or "").strip().lower()
    return bool(email) and User.objects.filter(email=email, is_active=False).exists()


def recente_uitnodigingen(limit=10):
    return (
        User.objects.filter(uitgenodigd_op__isnull=False)
        .select_related("organisatie", "regio", "uitgenodigd_door")
        .order_by("-uitgenodigd_op")[:limit]
    )


def wsp_van_regio(regio):
    return Organisatie.objects.filter(regio=regio, soort=Organisatie.Soort.WSP).first()


def gemeente_voor_postcode(postcode):
    """The gemeente of a Dutch postcode (``1234 AB``), or None when the 4 digits are unknown."""
    pc4 = (postcode or "").strip()[:4]
    gebied = Postcodegebied.objects.select_related("gemeente__regio").filter(pc4=pc4).first()
    return gebied.gemeente if gebied else None


def gemeenten_voor_postcodes(pc4s):
    """{pc4: gemeente} for those of these 4-digit postcodes that are known, a query per 500 of them (as
    ``gemeente_voor_postcode`` for each, with ``gemeente.regio`` loaded)."""
    pc4s, gevonden = sorted(pc4s), {}
    for i in range(0, len(pc4s), 500):  # SQLite limits the number of parameters in one statement
        gebieden = Postcodegebied.objects.select_related("gemeente__regio").filter(pc4__in=pc4s[i:i + 500])
        gevonden.update((g.pc4, g.gemeente) for g in gebieden)
    return gevonden


def _wsp_prefetch():
    return Prefetch("organisaties", queryset=Organisatie.objects.filter(soort=Organisatie.Soort.WSP), to_attr="wsps")


def regios_met_wsp():
    """Every arbeidsmarktregio with its Werkgeversservicepunt (``regio.wsps``, at most one), for the public list."""
    return Arbeidsmarktregio.objects.order_by("naam").prefetch_related(_wsp_prefetch())


def regio_met_wsp(code):
    """One region by its CBS code (any case) with its WSP (``regio.wsps``) and gemeenten, or None."""
    return (
        Arbeidsmarktregio.objects.filter(code__iexact=code)
        .prefetch_related(_wsp_prefetch(), Prefetch("gemeenten", queryset=Gemeente.objects.all()))
        .first()
    )


def verwerkingen_over(*personen):
    """The verwerkingenlog lines about any of ``personen`` (e.g. a Kandidaat and its account), newest first: all
    of them, for the inzage export. Uses the (content_type, object_id) index of the betrokkenen; one line per page
    even when it names several of ``personen``."""
    wie = Q(pk__in=[])
    for persoon in personen:
        if persoon is not None:
            wie |= Q(content_type=ContentType.objects.get_for_model(persoon), object_id=str(persoon.pk))
    ids = VerwerkingBetrokkene.objects.filter(wie).values("verwerking_id")
    return Verwerking.objects.filter(pk__in=ids).select_related("gebruiker").order_by("-tijdstip", "-pk")


# --- "wie heeft mijn gegevens bekeken": the lines grouped per person per day ---------------------------------------

DAGEN_PER_PAGINA = 7  # a page of the inzage holds the lines of up to this many days (with lines), newest first
# How many of a person's newest lines a page looks at to find its days, per person: the days of a page are those
# whose lines all fall within this many (at least one day, however busy). A kandidaat on a caseload is named on
# every view of it: at national volume tens of thousands of lines over the bewaartermijn, so never all of them.
REGELS_PER_VERKENNING = 300


@dataclass
class Inzagegroep:
    """One line of the werkzoekende's inzage: what one person (with one role, of one organisation) did with their
    data on one day, counted. ``wat``: [(what, how often, what its lines say in detail)], in the order first done;
    the detail as the page's ``uitleg`` wrote it (a change of the dossier: which of their data), or []."""

    dag: object
    gebruiker_id: int | None
    naam: str
    rol: str
    organisatie: str
    actie: str
    aantal: int
    eerst: object
    laatst: object
    wat: list
    laagste: int
    hoogste: int
    # Done by her own vaste klantmanager (then or now): "je contactpersoon". A colleague who covered, had access for
    # a task, or held the dossier before is no contactpersoon of hers.
    contactpersoon: bool = False

    @property
    def bekeken(self):
        return self.actie == Verwerking.Actie.INZIEN

    @property
    def systeem(self):
        return self.gebruiker_id is None and not self.rol

    def get_rol_display(self):
        return Rol(self.rol).label if self.rol in Rol.values else self.rol

    @property
    def waarom(self):
        """Why, in the werkzoekende's words: by the role it was done with (``WAAROM_PER_ROL``); the line's own
        ``doel`` mostly repeats what was done."""
        return WAAROM_PER_ROL.get(self.rol, WAAROM_PER_ROL[""])


def _betrokkene_van(persoon):
    return {"content_type": ContentType.objects.get_for_model(persoon), "object_id": str(persoon.pk)}


def _dag(expressie="tijdstip"):
    return TruncDate(expressie, tzinfo=timezone.get_current_timezone())


def _dagen_verkennen(persoon, behalve, na, voor, dagen, verkenning):
    """The days (local dates) of ``persoon``'s next ``verkenning`` (+ 1) lines beyond the cursor with a line by someone
    other than ``behalve``, nearest first, at most ``dagen + 1`` of them, and whether there are more lines beyond the
    walk (then the last day may have more lines than it saw). One query: a walk of the betrokkenen index
    (content_type, object_id, verwerking) from the cursor that stops after ``verkenning + 1`` ids, and those lines
    counted per day by the database: a row per day, a few dozen at most. The walk reads the index alone: what
    ``behalve`` did themself is counted apart per day, not filtered out during the walk (a join there let PostgreSQL
    merge the walk with the whole log's primary key, reading every line of the country in between)."""
    ids = VerwerkingBetrokkene.objects.filter(**_betrokkene_van(persoon))
    if voor is not None:
        ids = ids.filter(verwerking_id__gt=voor).order_by("verwerking_id")
    else:
        ids = (ids.filter(verwerking_id__lt=na) if na is not None else ids).order_by("-verwerking_id")
    anderen = Q() if behalve is None else Q(gebruiker__isnull=True) | ~Q(gebruiker=behalve)
    rijen = list(Verwerking.objects.filter(pk__in=ids.values("verwerking_id")[:verkenning + 1])
                 .annotate(dag=_dag()).values("dag")
                 .annotate(aantal=Count("pk"), van_anderen=Count("pk", filter=anderen), laagste=Min("pk"),
                           hoogste=Max("pk"))
                 .order_by("dag" if voor is not None else "-dag"))
    gezien = [r["dag"] for r in rijen if r["van_anderen"]]
    gestopt = len(gezien) > dagen or sum(r["aantal"] for r in rijen) > verkenning
    # Where the walk ended: the page after a walk that met only what the werkzoekende did themself starts there.
    einde = (max(r["hoogste"] for r in rijen) if voor is not None else min(r["laagste"] for r in rijen)) if rijen \
        else None
    return gezien[:dagen + 1], gestopt, einde


def _dagen_van_de_pagina(personen, behalve, na, voor, dagen, verkenning):
    """The days of the page beyond the cursor (nearest first) and whether there are lines beyond them. A day is on the
    page only when every person's walk saw all of its lines (it stopped at an older day, or at the end), except the
    nearest day, which is always on the page however many lines it has."""
    terug = voor is not None
    alle, grenzen, eindes = set(), [], []
    for persoon in personen:
        gevonden, gestopt, einde = _dagen_verkennen(persoon, behalve, na, voor, dagen, verkenning)
        alle.update(gevonden)
        if gestopt and gevonden:
            grenzen.append(gevonden[-1])  # this day and those beyond it: not all of this person's lines seen
        elif gestopt:
            eindes.append(einde)  # a whole walk of what they did themself: there may be more beyond it
    volgorde = sorted(alle, reverse=not terug)
    if grenzen:
        grens = min(grenzen) if terug else max(grenzen)
        gekozen = [d for d in volgorde if (d < grens if terug else d > grens)]
    else:
        gekozen = volgorde
    gekozen = gekozen[:dagen] or volgorde[:1]
    # No day with a line by someone else, but walks that stopped: the nearest place where one stopped, to go on from.
    sprong = None if gekozen or not eindes else (min(eindes) if terug else max(eindes))
    return gekozen, bool(grenzen) or bool(eindes) or len(volgorde) > len(gekozen), sprong


def inzage_per_dag_blad(*personen, behalve=None, na=None, voor=None, dagen=DAGEN_PER_PAGINA,
                        verkenning=REGELS_PER_VERKENNING, uitleg=None, contactpersoon=None):
    """One page (a Blad) of "wie heeft mijn gegevens bekeken": the verwerkingenlog lines about any of ``personen``
    (a Kandidaat and its account), without what ``behalve`` did, grouped per day, person, role, organisation and
    action (viewing, changing, ...), counted; the newest day first and within a day the latest group first.

    The grouping is the database's (GROUP BY): a klantmanager who opened the dossier forty times that day is one row,
    however many lines. A page holds up to ``dagen`` days and never half a day; it costs the same however long the
    log and however deep the page: per person one walk of at most ``verkenning`` ids of the betrokkenen index from
    the cursor finds the page's days (``_dagen_van_de_pagina``), then one query groups the page's lines, which it
    finds by their id: from the cursor to the first line of the log on or after the start of the page's last day
    (the log's index on tijdstip). Pages are ranges of ids (the log is append-only, a line's tijdstip is the moment
    it was written, so a later line has a higher id), so every line is on exactly one page. ``na``: the lines older
    than this id; ``voor``: the newer ones. ``uitleg``: what the page says of the ``details`` of the lines of one
    what (each detail once, in order), as a list of words; the lines' details are not shown without it.
    ``contactpersoon``: a condition on a line (a Q) that it was done by the werkzoekende's own contactpersoon; a group
    with such a line is ``Inzagegroep.contactpersoon``. Counted in the same query, not looked up per group.
    """
    personen = [p for p in personen if p is not None]
    terug = voor is not None
    gekozen, meer, sprong = (_dagen_van_de_pagina(personen, behalve, na, voor, dagen, verkenning) if personen
                             else ([], False, None))
    if not gekozen:
        if sprong is None:  # nothing (more) beyond the cursor; going back, the way on to older lines stays
            return Blad([], None, codeer_cursor([voor + 1]), True) if terug else Blad([], None, None, na is None)
        # Only what the werkzoekende did themself here, more than a walk looks at: an empty page that goes on.
        if terug:
            return Blad([], codeer_cursor([sprong]), codeer_cursor([voor + 1]), False)
        return Blad([], codeer_cursor([na - 1]) if na is not None else None, codeer_cursor([sprong]), na is None)
    tz = timezone.get_current_timezone()
    if terug:
        einde = timezone.make_aware(datetime.combine(gekozen[-1] + timedelta(days=1), time.min), tz)
        grens = Subquery(Verwerking.objects.filter(tijdstip__lt=einde).order_by("-tijdstip", "-pk").values("pk")[:1])
        bereik = {"gt": voor, "lte": grens}
    else:
        begin = timezone.make_aware(datetime.combine(gekozen[-1], time.min), tz)
        # Lines of one moment (a batch, a clock that did not move) all count: the lowest id of the earliest moment.
        grens = Subquery(Verwerking.objects.filter(tijdstip__gte=begin).order_by("tijdstip", "pk").values("pk")[:1])
        bereik = {"gte": grens, **({"lt": na} if na is not None else {})}
    # The range is the betrokkenen's: each person's part of their index, whose lines are then looked up by key. On
    # the log itself it let PostgreSQL read the page's days of the whole country by primary key and merge.
    wie = Q()
    for persoon in personen:
        wie |= Q(**_betrokkene_van(persoon))
    ids = VerwerkingBetrokkene.objects.filter(wie, **{f"verwerking_id__{op}": w for op, w in bereik.items()})
    regels = Verwerking.objects.filter(pk__in=ids.values("verwerking_id"))
    if behalve is not None:
        regels = regels.exclude(gebruiker=behalve)
    rijen = (regels.annotate(dag=_dag(), wat_tekst=Case(When(wat="", then=F("object_omschrijving")), default=F("wat")))
             .values("dag", "gebruiker_id", "rol", "organisatie", "actie", "gebruiker__voornaam",
                     "gebruiker__achternaam", "wat_tekst", "details")
             .annotate(aantal=Count("pk"), eerst=Min("tijdstip"), laatst=Max("tijdstip"), laagste=Min("pk"),
                       hoogste=Max("pk"),
                       **({"door_contactpersoon": Count("pk", filter=contactpersoon)} if contactpersoon else {}))
             .order_by())
    groepen = _groepen(rijen, uitleg)
    if not groepen:
        return Blad([], None, None, na is None)
    laagste = codeer_cursor([min(g.laagste for g in groepen)])
    hoogste = codeer_cursor([max(g.hoogste for g in groepen)])
    if terug:
        return Blad(groepen, hoogste if meer else None, laagste, not meer)
    return Blad(groepen, hoogste if na is not None else None, laagste if meer else None, na is None)


# Whose name the inzage shows: staff (the werkzoekende knows them or may ask for them) and the werkgever's people (the
# werkzoekende meets them and sees their name on the afspraak and the voordracht); anyone else by role and
# organisation.
BENOEMD = (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER, Rol.BEHEERDER, Rol.WERKGEVER)


def _groepen(rijen, uitleg=None):
    """The page's grouped rows (one per day, person, role, organisation, action, what and details) as one
    Inzagegroep per day, person, role, organisation and action: a handful of rows, already counted by the database."""
    groepen, wat_per_groep = {}, {}
    for rij in sorted(rijen, key=lambda r: (r["eerst"], r["laagste"])):
        sleutel = (rij["dag"], rij["gebruiker_id"], rij["rol"], rij["organisatie"], rij["actie"])
        groep = groepen.get(sleutel)
        if groep is None:
            naam = " ".join(filter(None, (rij["gebruiker__voornaam"], rij["gebruiker__achternaam"])))
            groep = groepen[sleutel] = Inzagegroep(
                dag=rij["dag"], gebruiker_id=rij["gebruiker_id"], naam=naam if rij["rol"] in BENOEMD else "",
                rol=rij["rol"], organisatie=rij["organisatie"], actie=rij["actie"], aantal=0, eerst=rij["eerst"],
                laatst=rij["laatst"], wat=[], laagste=rij["laagste"], hoogste=rij["hoogste"])
        groep.aantal += rij["aantal"]
        groep.contactpersoon = groep.contactpersoon or bool(rij.get("door_contactpersoon"))
        groep.laatst, groep.hoogste = max(groep.laatst, rij["laatst"]), max(groep.hoogste, rij["hoogste"])
        groep.laagste = min(groep.laagste, rij["laagste"])
        telling = wat_per_groep.setdefault(sleutel, {}).setdefault(rij["wat_tekst"], [0, []])  # how often, details
        telling[0] += rij["aantal"]
        if rij["details"] and rij["details"] not in telling[1]:
            telling[1].append(rij["details"])
    for sleutel, groep in groepen.items():
        groep.wat = [(wat, aantal, uitleg(details) if uitleg and details else [])
                     for wat, (aantal, details) in wat_per_groep[sleutel].items()]
    return sorted(groepen.values(), key=lambda g: (g.dag, g.laatst, g.hoogste), reverse=True)


# --- choosing a colleague: the warme overdracht, the waarneming -------------------------------------

COLLEGAS_PER_ZOEKOPDRACHT = 20


@dataclass(frozen=True)
class Collegakeuze:
    """What a page for choosing a colleague shows: at most a page of them (the one already chosen first, when a
    search did not find them), the search term as it was used, and whether there are more."""

    collegas: list
    zoekterm: str
    aantal_gevonden: int
    meer_gevonden: bool

    def context(self):
        return {"zoekterm": self.zoekterm, "aantal_gevonden": self.aantal_gevonden,
                "meer_gevonden": self.meer_gevonden}


def collegas_zoeken(collegas, zoekterm, *, gekozen=None, zonder_zoekterm=None):
    """The colleagues of ``collegas`` to choose from: those in whose first name, surname or organisation every word
    of ``zoekterm`` occurs ("jeske", "gunterman arnhem", "uwv"; nothing for a term of fewer than two letters); with
    no term, the first of ``zonder_zoekterm`` (a queryset of ``collegas``) by name, or nobody. A page of them, from
    a query that stops after a page and one more. ``gekozen`` (an id, as the form had it) is kept when it is one of
    ``collegas``, even when the search does not find them."""
    zoekterm = " ".join((zoekterm or "").split()[:5])[:100]
    if len(zoekterm) >= 2:
        gevonden = collegas
        for woord in zoekterm.split():
            gevonden = gevonden.filter(Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord)
                                       | Q(organisatie__naam__icontains=woord))
    else:
        gevonden = zonder_zoekterm if not zoekterm and zonder_zoekterm is not None else collegas.none()
    gevonden = list(gevonden.order_by("achternaam", "voornaam", "pk")[:COLLEGAS_PER_ZOEKOPDRACHT + 1])
    meer = len(gevonden) > COLLEGAS_PER_ZOEKOPDRACHT
    gevonden = gevonden[:COLLEGAS_PER_ZOEKOPDRACHT]
    aantal = len(gevonden)
    if gekozen and gekozen not in {c.pk for c in gevonden}:
        gevonden = [*collegas.filter(pk=gekozen), *gevonden]
    return Collegakeuze(gevonden, zoekterm, aantal, meer)


# Who can be away and covered by a colleague: the vaste contactpersonen of werkzoekenden and werkgevers.
WAARNEMENDE_ROLLEN = (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER)


def mogelijke_waarnemers(gebruiker):
    """Who may cover for ``gebruiker``: the active colleagues of their own organisation in the same role (a
    klantmanager's caseload, an accountmanager's werkgevers). A municipality the size of Arnhem has hundreds, so the
    page shows a search's results (``collegas_zoeken``), never them all."""
    if not gebruiker.organisatie_id or gebruiker.rol not in WAARNEMENDE_ROLLEN:
        return User.objects.none()
    return (User.objects.filter(organisatie_id=gebruiker.organisatie_id, rol=Letterlijk(gebruiker.rol),
                                is_active=True).exclude(pk=gebruiker.pk).select_related("organisatie"))



# What a task only a WSP-coordinator can do is about, named by field (the tasks' app is above this one): a
# werkzoekende's request about their data (not of the holder's own caseload), or a slowed colleague (``bulkrem``).
BULKREM = "bulkrem:"
ONDERWERP_VAN_COORDINATORTAAK = ("rechtenverzoek__kandidaat__klantmanager",)


def coordinatortaken(gebruiker):
    """Her open tasks that only a WSP-coordinator can do: a werkzoekende's request about their data that is not of
    her own caseload (escalated past its legal month, or of a werkzoekende without a klantmanager: ``privacy``
    opens it only to a coordinator who has the task), and the check of a colleague slowed for opening too much
    personal data (``bulkrem``). Named by field: the tasks' app is above this one (``taken.reacties`` hands them on
    when her flag goes, the user admin first asks whether someone can take them)."""
    return gebruiker.taken.filter(afgerond_op__isnull=True).filter(
        Q(sleutel__startswith=BULKREM)
        | (Q(rechtenverzoek__isnull=False) & ~Q(rechtenverzoek__kandidaat__klantmanager_id=gebruiker.pk))
    ).select_related(*ONDERWERP_VAN_COORDINATORTAAK)


def is_coordinatortaak(taak, gebruiker_id):
    """``coordinatortaken`` for one loaded task held by ``gebruiker_id`` (its rechtenverzoek's kandidaat loaded)."""
    if (taak.sleutel or "").startswith(BULKREM):
        return True
    return bool(taak.rechtenverzoek_id) and taak.rechtenverzoek.kandidaat.klantmanager_id != gebruiker_id


def _geremde_id(taak):
    try:
        return int(taak.sleutel.split(":")[1])
    except (IndexError, ValueError):
        return None


@dataclass
class Opvolging:
    coordinatoren: list
    regio_id: int | None


def opvolgers_van_coordinatortaken(taken, *, niet, voor_update=False):
    """Who may take each of ``taken`` (coordinator-only tasks, ``coordinatortaken``), decided by what the task is
    about and never by whom it moves from, so every path (flag taken, leaving, moving, a late retry) answers alike:
    for a request about data a klantmanager-coordinator (``privacy.permissions`` opens it to no other) of the
    werkzoekende's own organisation (her klantmanager's), else of her region; for a slowed colleague's check a
    coordinator of that colleague's organisation, else of its region. ``{taak.pk: Opvolging}``, with an empty list
    of coordinators where nobody may; never ``niet`` (a set of user ids). A fixed number of queries, however many
    tasks. Each answer also names the region of what the task is about (for a beheerder when nobody may).
    ``voor_update`` locks the candidates' rows (inside a transaction): a flag taken from one of them
    meanwhile waits, or is seen."""
    waar = {}  # taak.pk -> (rol or None, organisatie_id, regio_id)
    geremden = {_geremde_id(t) for t in taken if not t.rechtenverzoek_id} - {None}
    over = {u["pk"]: u for u in User.objects.filter(pk__in=geremden).values(
        "pk", "organisatie_id", "regio_id", "organisatie__regio_id")} if geremden else {}
    for taak in taken:
        if taak.rechtenverzoek_id:
            kandidaat = taak.rechtenverzoek.kandidaat
            km = kandidaat.klantmanager
            waar[taak.pk] = (Rol.KLANTMANAGER, km.organisatie_id if km is not None else None,
                             kandidaat.regio_id or (km.regio_id if km is not None else None))
        else:
            u = over.get(_geremde_id(taak))
            waar[taak.pk] = (None, u["organisatie_id"], u["regio_id"] or u["organisatie__regio_id"]) if u else (
                None, None, None)
    organisaties = {o for _r, o, _g in waar.values()} - {None}
    regios = {g for _r, _o, g in waar.values()} - {None}
    if not (organisaties or regios):
        return {pk: Opvolging([], regio_id) for pk, (_r, _o, regio_id) in waar.items()}
    coordinatoren = (User.objects.filter(is_active=True, is_coordinator=True, rol__in=WAARNEMENDE_ROLLEN)
                     .filter(Q(organisatie_id__in=organisaties) | Q(regio_id__in=regios)).exclude(pk__in=niet)
                     .order_by("achternaam", "voornaam", "pk"))
    if voor_update:
        coordinatoren = coordinatoren.select_for_update()
    coordinatoren = list(coordinatoren)
    uitkomst = {}
    for pk, (rol, organisatie_id, regio_id) in waar.items():
        passend = [c for c in coordinatoren if rol is None or c.rol == rol]
        uitkomst[pk] = Opvolging(
            [c for c in passend if organisatie_id is not None and c.organisatie_id == organisatie_id]
            or [c for c in passend if regio_id is not None and c.regio_id == regio_id], regio_id)
    return uitkomst


def ik_en_wie_ik_waarneem(gebruiker):
    """The ids of ``gebruiker`` and of the colleagues (same organisation) they cover for: a short list, the
    relation a caseload and an inbox start from. The ids go into those queries as values, not as a subquery, so the
    planner estimates from the column's statistics (docs/benchmarks.md, "Caseload"). Asked on every visit of those
    pages: compiled once per process."""
    if gebruiker.organisatie_id is None:  # IS NULL is another shape: the ORM builds it
        return list(User.objects.filter(Q(pk=gebruiker.pk) | Q(waarnemer=gebruiker, organisatie_id=None))
                    .values_list("pk", flat=True))
    return [pk for (pk,) in vaste_vorm.rijen("accounts.ik_en_wie_ik_waarneem", _ik_en_wie_ik_waarneem,
                                             gebruiker_id=gebruiker.pk, organisatie_id=gebruiker.organisatie_id)]


def _ik_en_wie_ik_waarneem(gebruiker_id, organisatie_id):
    return User.objects.filter(
        Q(pk=gebruiker_id) | Q(waarnemer_id=gebruiker_id, organisatie_id=organisatie_id)).values_list("pk")


def doorgegeven_waarnemingen(gebruiker, limiet=10):
    """The colleagues who chose ``gebruiker`` as waarnemer, and whom she passed on to her own waarnemer while she is
    away (``User.waarneming_doorgegeven_door``), with those who chose one of them while that one was away, and so on:
    all that come back to her when she is back. The first ``limiet`` by name, and how many in all. Each went along
    to her waarnemer, so they are found among the passed-on waarnemingen her waarnemer holds (one query, however
    deep the chain: Karin chose Jeske, who went away and chose her, who went away too)."""
    if gebruiker.waarnemer_id is None:
        return [], 0
    doorgegeven = dict(User.objects.filter(waarnemer_id=gebruiker.waarnemer_id,
                                           waarneming_doorgegeven_door__isnull=False)
                       .exclude(pk=gebruiker.pk).values_list("pk", "waarneming_doorgegeven_door_id"))
    rusten, rand = set(), {gebruiker.pk}
    while rand:
        rand = {pk for pk, door in doorgegeven.items() if door in rand and pk not in rusten}
        rusten |= rand
    if not rusten:
        return [], 0
    return list(User.objects.filter(pk__in=rusten).order_by("achternaam", "voornaam", "pk")[:limiet]), len(rusten)


def waargenomen_door(gebruiker, limiet=10):
    """The colleagues whose caseload ``gebruiker`` covers now, as the caseload counts them (same organisation,
    ``werkzoekenden.selectors.klantmanagers_van_caseload``): the first ``limiet`` by name, and how many in all (both
    from the index on waarnemer; one team lead in the demo covers for 500)."""
    collegas = User.objects.filter(waarnemer_id=gebruiker.pk, organisatie_id=gebruiker.organisatie_id).exclude(
        pk=gebruiker.pk)
    eerste = list(collegas.order_by("achternaam", "voornaam", "pk")[:limiet + 1])
    aantal = collegas.count() if len(eerste) > limiet else len(eerste)
    return eerste[:limiet], aantal
