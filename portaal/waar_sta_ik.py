"""Waar sta ik? The phases of the gewenste klantreis (WW and bijstand, as the study drew them) and where a
werkzoekende is now, derived from real data: dossier, klantmanager, plan van aanpak, groepsbijeenkomsten,
wensen, voordrachten, gesprekken, plaatsing, nazorg and a warme overdracht from UWV to the gemeente.

``situatie_van`` reads the data in a fixed number of queries (the home page's query count does not grow with the
dossier); ``reis_bepalen`` is a pure function of that ``Situatie``, so tests construct situations directly.
It lives on the top floor because it reads werkzoekenden, bemiddeling, plaatsingen and agenda together."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisatie
from agenda.models import Afspraak, Deelnemer
from bemiddeling.models import STAP_DOSSIER_GESLOTEN, Sollicitatiegesprek, Voordracht, VoordrachtTransitie
from klantreis.lib import datums, vaste_vorm
from klantreis.lib.tekst import een_punt
from klantreis.lib.tellen import Aantal
from plaatsingen.models import NazorgMoment, Plaatsing
from werkzoekenden.models import Actie, Kandidaat, KlantmanagerToewijzing, SoortContact

# Who does the next step (the template names the klantmanager, "jij" or the werkgever).
IK, KLANTMANAGER, WERKGEVER, SAMEN, WSP = "ik", "klantmanager", "werkgever", "samen", "wsp"

# Status of a step in the timeline.
GEDAAN, NU, STRAKS, NIET_NODIG = "gedaan", "nu", "straks", "niet_nodig"

# The phases as the study drew them ("Gewenste klantreis kandidaat tot max. WW" and "... vanaf bijstand"),
# in the werkzoekende's own words.
WW_STAPPEN = (
    _("Ik verlies mijn baan"),
    _("Ik vraag WW aan"),
    _("Contact met mijn contactpersoon"),
    _("Samen een plan van aanpak maken"),
    _("Eerste groepsbijeenkomst"),
    _("Tweede groepsbijeenkomst"),
    _("Breder kijken met mijn contactpersoon"),
    _("Begeleiding op maat"),
    _("Solliciteren"),
    _("Hoera, een baan!"),
)
BIJSTAND_STAPPEN = (
    _("Ik vraag bijstand aan"),
    _("Ik heb contact met mijn contactpersoon"),
    _("Mijn plan van aanpak bijwerken"),
    _("Ik kies welke hulp ik nodig heb"),
    _("Ik zie welke kansen bij mij passen"),
    _("Ik bereid me voor op een sollicitatiegesprek"),
    _("Ik ga op gesprek"),
    _("Ik word aangenomen en start"),
    _("Hoera, een baan!"),
    _("Mijn contactpersoon houdt contact met mij"),
)


@dataclass
class Situatie:
    """What the derivation needs to know; every field has the value of "nothing yet"."""

    uitkering: str = Kandidaat.Uitkering.BIJSTAND
    heeft_klantmanager: bool = False
    soort_contact: str = SoortContact.FACE_TO_FACE
    acties: int = 0
    acties_begeleiding_open: int = 0  # open actions of "mijn contactpersoon" or another organisation
    gewenste_beroepen: int = 0
    groepsbijeenkomsten_geweest: int = 0
    groepsbijeenkomst_gepland: datetime | None = None
    voordrachten_open: int = 0  # voorgedragen or uitgenodigd, no gesprek planned yet
    voordrachten_gesloten: int = 0  # not passend, afgewezen, ingetrokken: "bij geen baan start het opnieuw"
    voordrachten_zonder_toestemming: int = 0  # of those: stopped because the werkzoekende withdrew consent
    voordrachten_dossier_gesloten: int = 0  # of those: stopped because her dossier closed (she withdrew nothing)
    gesprek_komt: datetime | None = None  # the next sollicitatiegesprek still to come
    gesprek_komt_id: int | None = None
    gesprek_kan_niet: bool = False  # she said "ik kan niet" to that gesprek: a new time is coming
    gesprek_opnieuw: bool = False  # that gesprek moved and she is invited at its new time
    gesprek_geweest_zonder_uitkomst: bool = False
    aangenomen: bool = False
    plaatsing_status: str = ""  # the most recent plaatsing's status
    plaatsing_begint: date | None = None  # its startdatum, while that is still to come (signed, not begun)
    plaatsing_werkgever: str = ""  # with whom, then
    nazorg_gehad: int = 0  # nazorg moments with an outcome
    warm_overgedragen: bool = False  # handed over from UWV to the gemeente, and the uitkering is bijstand


@dataclass
class Stap:
    nummer: int
    titel: str
    status: str

    @property
    def is_nu(self):
        return self.status == NU


@dataclass
class Reis:
    soort: str  # "ww" or "bijstand"
    stappen: list[Stap]
    nu: Stap
    volgende: str  # what happens next, in je-form
    wie: str  # IK, KLANTMANAGER, WERKGEVER, SAMEN or WSP
    opmerkingen: list[str] = field(default_factory=list)
    gesprek_id: int | None = None  # the gesprek to prepare for (link to its voorbereiding)


def _stappen(titels, huidig, niet_nodig=()):
    return [Stap(i, str(t), NU if i == huidig else NIET_NODIG if i in niet_nodig and i < huidig
                 else GEDAAN if i < huidig else STRAKS)
            for i, t in enumerate(titels, start=1)]


def _reis(soort, titels, huidig, volgende, wie, *, niet_nodig=(), opmerkingen=(), gesprek_id=None):
    stappen = _stappen(titels, huidig, niet_nodig)
    return Reis(soort=soort, stappen=stappen, nu=stappen[huidig - 1], volgende=str(volgende), wie=wie,
                opmerkingen=[str(o) for o in opmerkingen], gesprek_id=gesprek_id)


def _aan_het_werk(s):
    return (s.plaatsing_status in (Plaatsing.Status.LOPEND, Plaatsing.Status.CONTRACT, Plaatsing.Status.AFGEROND)
            and s.plaatsing_begint is None)


def _contract_afgelopen(s):
    """The most recent plaatsing was closed because it ended, and nothing newer runs (a voordracht, a gesprek):
    nobody keeps contact with the werkgever any more."""
    return (s.plaatsing_status == Plaatsing.Status.AFGEROND and not s.gesprek_komt
            and not s.gesprek_geweest_zonder_uitkomst and not s.voordrachten_open)


CONTRACT_AFGELOPEN = _("Je contract is afgelopen. Je contactpersoon bespreekt met je hoe het verder gaat.")


def _na_het_contract(s):
    """A contract that ended with something newer running (a voordracht, a gesprek): that plaatsing and the hire it
    came from are the past; the journey follows what runs now."""
    if s.plaatsing_status != Plaatsing.Status.AFGEROND or _contract_afgelopen(s):
        return s
    return replace(s, plaatsing_status="", aangenomen=False, nazorg_gehad=0)


def _start_werk(s):
    return s.aangenomen or s.plaatsing_begint is not None or s.plaatsing_status in (
        Plaatsing.Status.VOORBEREIDING, Plaatsing.Status.WACHT_OP_HANDTEKENING)


def _eerste_werkdag(s, anders):
    """Signed, with the startdatum still to come: the day she starts and where; before that, ``anders``."""
    if s.plaatsing_begint is None:
        return anders
    return een_punt(_("Je begint op %(dag)s bij %(w)s.") % {"dag": datums.kort(s.plaatsing_begint, "l j F"),
                                                             "w": s.plaatsing_werkgever})


def reis_bepalen(s: Situatie) -> Reis:
    """Where the werkzoekende is in the gewenste klantreis. WW follows the WW journey; every other uitkering
    (bijstand, none, another) the bijstand journey, which starts with the warme overdracht when WW ended."""
    s = _na_het_contract(s)
    if s.uitkering == Kandidaat.Uitkering.WW:
        return _ww(s)
    return _bijstand(s)


def _ww(s):
    zelfstandig = s.soort_contact == SoortContact.ZELFSTANDIG
    # The groepsbijeenkomsten are a choice ("niet nodig, lukt zelfstandig"): one not attended by someone who
    # is already further along shows as "niet nodig", not as done.
    niet_nodig = tuple(stap for stap, nodig in ((5, 1), (6, 2)) if s.groepsbijeenkomsten_geweest < nodig)
    if _contract_afgelopen(s):
        return _reis("ww", WW_STAPPEN, 10, CONTRACT_AFGELOPEN, KLANTMANAGER, niet_nodig=niet_nodig)
    if _aan_het_werk(s) or _start_werk(s):
        volgende = (_("Je contactpersoon en het Werkgeversservicepunt houden contact met je en de werkgever.")
                    if _aan_het_werk(s) else
                    _eerste_werkdag(s, _("De werkgever en het Werkgeversservicepunt regelen je contract en je "
                                         "eerste werkdag.")))
        wie = SAMEN if _aan_het_werk(s) else IK if s.plaatsing_begint else WERKGEVER
        return _reis("ww", WW_STAPPEN, 10, volgende, wie, niet_nodig=niet_nodig)
    if s.gesprek_komt:
        volgende, wie, gesprek_id = _gesprek_komt(s)
        return _reis("ww", WW_STAPPEN, 9, volgende, wie, niet_nodig=niet_nodig, gesprek_id=gesprek_id)
    if s.gesprek_geweest_zonder_uitkomst:
        return _reis("ww", WW_STAPPEN, 9, _("Je hebt een gesprek gehad. De werkgever laat weten hoe het ging."),
                     WERKGEVER, niet_nodig=niet_nodig)
    if s.voordrachten_open:
        return _reis("ww", WW_STAPPEN, 9, _("Je bent voorgesteld bij een werkgever. De werkgever laat weten of er "
                                            "een gesprek komt."), WERKGEVER, niet_nodig=niet_nodig)
    # As in the bijstand journey: what stopped the voordrachten is said on every step before a new one.
    opnieuw = _gestopt(s, _("Het werd (nog) geen baan. Je contactpersoon past je plan aan en je zoekt verder.")
                       if s.heeft_klantmanager else _("Het werd (nog) geen baan. Je plan wordt aangepast en je zoekt "
                                                      "verder."))
    if not s.heeft_klantmanager:
        return _reis("ww", WW_STAPPEN, 3, _("Je krijgt een vaste contactpersoon. Die neemt contact met je op."), WSP,
                     opmerkingen=opnieuw)
    if not s.acties:
        return _reis("ww", WW_STAPPEN, 4, _("Maak samen met je contactpersoon je plan van aanpak."), SAMEN,
                     opmerkingen=opnieuw)
    if not zelfstandig and s.groepsbijeenkomsten_geweest == 0:
        volgende = (_("Je bent aangemeld voor een groepsbijeenkomst op %(wanneer)s.")
                    % {"wanneer": _wanneer(s.groepsbijeenkomst_gepland)} if s.groepsbijeenkomst_gepland
                    else _("Meld je aan voor een groepsbijeenkomst: wat biedt de arbeidsmarkt en wat past bij jou?"))
        return _reis("ww", WW_STAPPEN, 5, volgende, IK, opmerkingen=opnieuw)
    if not zelfstandig and s.groepsbijeenkomsten_geweest == 1 and not s.voordrachten_gesloten:
        volgende = (_("Je bent aangemeld voor de tweede groepsbijeenkomst op %(wanneer)s.")
                    % {"wanneer": _wanneer(s.groepsbijeenkomst_gepland)} if s.groepsbijeenkomst_gepland
                    else _("Meld je aan voor de tweede groepsbijeenkomst: welke kansen zie jij?"))
        return _reis("ww", WW_STAPPEN, 6, volgende, IK, opmerkingen=opnieuw)
    if s.acties_begeleiding_open:
        return _reis("ww", WW_STAPPEN, 8, _("Je contactpersoon helpt je met wat in je plan staat."), KLANTMANAGER,
                     niet_nodig=niet_nodig, opmerkingen=opnieuw)
    return _reis("ww", WW_STAPPEN, 7, _("Je contactpersoon kijkt met je welk werk nog meer bij je past en stelt je "
                                        "voor bij werkgevers."), KLANTMANAGER, niet_nodig=niet_nodig,
                 opmerkingen=opnieuw)


def _bijstand(s):
    opmerkingen = []
    if s.warm_overgedragen:
        opmerkingen.append(_("Je WW is gestopt. UWV heeft je dossier warm overgedragen aan de gemeente: je hoeft "
                             "je verhaal niet opnieuw te vertellen."))
    if _contract_afgelopen(s):
        return _reis("bijstand", BIJSTAND_STAPPEN, 10, CONTRACT_AFGELOPEN, KLANTMANAGER, opmerkingen=opmerkingen)
    if _aan_het_werk(s):
        if s.nazorg_gehad:
            return _reis("bijstand", BIJSTAND_STAPPEN, 10, _("Je contactpersoon blijft contact met je houden. Zo "
                                                             "weet je zeker dat het goed gaat."), KLANTMANAGER,
                         opmerkingen=opmerkingen)
        return _reis("bijstand", BIJSTAND_STAPPEN, 9, _("Je bent begonnen. Je contactpersoon belt je binnenkort om "
                                                        "te horen hoe het gaat."), KLANTMANAGER,
                     opmerkingen=opmerkingen)
    if _start_werk(s):
        return _reis("bijstand", BIJSTAND_STAPPEN, 8, _eerste_werkdag(s, _(
            "De werkgever en het Werkgeversservicepunt regelen je contract en je eerste werkdag.")),
                     IK if s.plaatsing_begint else WERKGEVER, opmerkingen=opmerkingen)
    if s.gesprek_komt:
        volgende, wie, gesprek_id = _gesprek_komt(s)
        return _reis("bijstand", BIJSTAND_STAPPEN, 6, volgende, wie, opmerkingen=opmerkingen, gesprek_id=gesprek_id)
    if s.gesprek_geweest_zonder_uitkomst:
        return _reis("bijstand", BIJSTAND_STAPPEN, 7, _("Je hebt een gesprek gehad. De werkgever laat weten hoe het "
                                                        "ging; je contactpersoon neemt ook contact op."), WERKGEVER,
                     opmerkingen=opmerkingen)
    if s.voordrachten_open:
        return _reis("bijstand", BIJSTAND_STAPPEN, 5, _("Je bent voorgesteld bij een werkgever. De werkgever laat "
                                                        "weten of er een gesprek komt."), WERKGEVER,
                     opmerkingen=opmerkingen)
    # What stopped the voordrachten (a "no", her withdrawn consent, the closed dossier) is said on every step before a
    # new one: without it the journey jumped back (from "op gesprek" to "plan van aanpak") with no word why.
    opmerkingen += _gestopt(s, _("Het werd (nog) geen baan. Je plan wordt aangepast en je zoekt verder."))
    if not s.heeft_klantmanager:
        return _reis("bijstand", BIJSTAND_STAPPEN, 2, _("Je krijgt een vaste contactpersoon. Die neemt contact met "
                                                        "je op."), WSP, opmerkingen=opmerkingen)
    if not s.acties:
        return _reis("bijstand", BIJSTAND_STAPPEN, 3, _("Werk samen met je contactpersoon je plan van aanpak bij."),
                     SAMEN, opmerkingen=opmerkingen)
    if not s.gewenste_beroepen:
        return _reis("bijstand", BIJSTAND_STAPPEN, 4, _("Kies welke hulp je nodig hebt en welk werk je zoekt. Zet "
                                                        "het in je plan en bij 'Werk dat ik zoek'."), IK,
                     opmerkingen=opmerkingen)
    return _reis("bijstand", BIJSTAND_STAPPEN, 5, _("Je contactpersoon zoekt met je naar werk dat bij je past en "
                                                    "stelt je voor bij werkgevers."), KLANTMANAGER,
                 opmerkingen=opmerkingen)


def _gesprek_komt(s):
    """What comes next with a gesprek to come: prepare for it; or, when she said she cannot, the new time that the
    accountmanager proposes (with the werkgever), and nothing to prepare yet; or, once it moved, its new time."""
    wanneer = {"wanneer": _wanneer(s.gesprek_komt)}
    if s.gesprek_kan_niet:
        return _("Je kunt niet op %(wanneer)s. Er komt een nieuwe tijd.") % wanneer, WERKGEVER, None
    if s.gesprek_opnieuw:
        return (_("Je bent opnieuw uitgenodigd: %(wanneer)s. Bereid je voor op je sollicitatiegesprek.") % wanneer, IK,
                s.gesprek_komt_id)
    return _("Bereid je voor op je sollicitatiegesprek op %(wanneer)s.") % wanneer, IK, s.gesprek_komt_id


def _gestopt(s, geen_baan):
    """What the closed voordrachten mean. One stopped because the werkzoekende withdrew consent, or because her
    dossier closed, was no "no" of the werkgever: it says what really happened."""
    opmerkingen = []
    if s.voordrachten_gesloten > s.voordrachten_zonder_toestemming + s.voordrachten_dossier_gesloten:
        opmerkingen.append(geen_baan)
    if s.voordrachten_dossier_gesloten:
        opmerkingen.append(_("Je voordrachten zijn gestopt toen je dossier werd gesloten."))
    if s.voordrachten_zonder_toestemming and s.heeft_klantmanager:
        opmerkingen.append(_("Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever "
                             "gestopt. Je contactpersoon zoekt met je verder naar werk dat bij je past."))
    elif s.voordrachten_zonder_toestemming:  # the step itself says she gets a contactpersoon
        opmerkingen.append(_("Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever "
                             "gestopt."))
    return opmerkingen


def _wanneer(moment):
    return datums.kort(moment, "l j F H:i")


def _van_uwv_naar_de_gemeente():
    """A warme overdracht to a klantmanager of the gemeente of a dossier a UWV klantmanager held before, with the
    gemeente holding it still: what "UWV heeft je dossier warm overgedragen aan de gemeente" says. A handover between
    two colleagues of the gemeente (leave, a caseload shared out) is not one: the werkzoekende in bijstand read that
    her WW had stopped. Each by the organisation its klantmanager had when assigned
    (``KlantmanagerToewijzing.organisatie``): a beheerder who later moves a klantmanager to another organisation does
    not rewrite the dossier's history."""
    eerder_bij_uwv = KlantmanagerToewijzing.objects.filter(
        kandidaat=OuterRef(OuterRef("pk")), organisatie__soort=Organisatie.Soort.UWV, van__lt=OuterRef("van"))
    # And the gemeente holds it now: handed back to a klantmanager of UWV (still in the bijstand), the sentence would
    # name the gemeente beside a contactpersoon of UWV.
    nu_bij_de_gemeente = KlantmanagerToewijzing.objects.filter(
        kandidaat=OuterRef(OuterRef("pk")), tot__isnull=True, organisatie__soort=Organisatie.Soort.GEMEENTE)
    return KlantmanagerToewijzing.objects.filter(
        kandidaat=OuterRef("pk"), organisatie__soort=Organisatie.Soort.GEMEENTE,
    ).exclude(overdrachtsnotitie="").filter(Exists(eerder_bij_uwv), Exists(nu_bij_de_gemeente))


def _tellingen(kandidaat_id, nu):
    acties = Actie.objects.filter(plan__kandidaat=OuterRef("pk"))
    # The most recent plaatsing: its status, and how many of its nazorg moments have an outcome (one level deeper).
    def laatste(kandidaat):
        return Plaatsing.objects.filter(kandidaat=kandidaat).order_by("-startdatum", "-pk")

    deelnames = Deelnemer.objects.filter(kandidaat=OuterRef("pk"), status=Deelnemer.Status.AANGEMELD,
                                         afspraak__soort=Afspraak.Soort.GROEPSBIJEENKOMST).exclude(
        afspraak__status=Afspraak.Status.GEANNULEERD)
    return Kandidaat.objects.filter(pk=kandidaat_id).annotate(
        n_acties=_telling(acties),
        n_begeleiding=_telling(acties.exclude(status=Actie.Status.KLAAR).exclude(eigenaar=Actie.Eigenaar.IK)),
        n_beroepen=Count("gewenste_beroepen", distinct=True),
        n_geweest=_telling(deelnames.filter(afspraak__start__lte=nu)),
        groep_gepland=_eerste(deelnames.filter(afspraak__start__gt=nu).order_by("afspraak__start")
                              .values("afspraak__start")),
        overgedragen=Exists(_van_uwv_naar_de_gemeente()),
        plaatsing_status=_eerste(laatste(OuterRef("pk")).values("status")),
        plaatsing_start=_eerste(laatste(OuterRef("pk")).values("startdatum")),
        plaatsing_werkgever=_eerste(laatste(OuterRef("pk")).values("werkgever__naam")),
        n_nazorg=_telling(NazorgMoment.objects.filter(plaatsing=_eerste(laatste(OuterRef(OuterRef("pk"))).values("pk")))
                          .exclude(uitkomst="")),
    ).values("n_acties", "n_begeleiding", "n_beroepen", "n_geweest", "groep_gepland", "overgedragen",
             "plaatsing_status", "plaatsing_start", "plaatsing_werkgever", "n_nazorg")


def _voordrachten(kandidaat_id, nu):
    gesprekken = Sollicitatiegesprek.objects.filter(voordracht=OuterRef("pk"), geannuleerd_op__isnull=True)
    komt = gesprekken.filter(begint_op__gt=nu).order_by("begint_op")
    # Her answer to that gesprek in the agenda (its Afspraak, kept in step with it).
    uitnodiging = Deelnemer.objects.filter(afspraak__gesprek=OuterRef("pk"), kandidaat_id=kandidaat_id)
    return Voordracht.objects.filter(kandidaat_id=kandidaat_id).annotate(
        komt=_eerste(komt.values("begint_op")),
        komt_id=_eerste(komt.values("pk")),
        komt_kan_niet=_eerste(komt.annotate(x=Exists(uitnodiging.filter(status=Deelnemer.Status.KAN_NIET)))
                              .values("x")),
        komt_opnieuw=_eerste(komt.annotate(x=Exists(uitnodiging.filter(
            status=Deelnemer.Status.AANGEMELD, afspraak__status=Afspraak.Status.VERPLAATST))).values("x")),
        geweest=Exists(gesprekken.filter(begint_op__lte=nu)),
        # Stopped because the klantmanager closed the dossier (bemiddeling.vervallingen_erbij).
        dossier_gesloten=Exists(VoordrachtTransitie.objects.filter(
            STAP_DOSSIER_GESLOTEN, voordracht=OuterRef("pk")))).values(
        "status", "komt", "komt_id", "komt_kan_niet", "komt_opnieuw", "geweest", "dossier_gesloten")


def situatie_van(kandidaat, *, nu=None) -> Situatie:
    """Read the situation in two queries, however big the dossier: the kandidaat's counts as subqueries (the most
    recent plaatsing and its nazorg among them), and the voordrachten with their gesprekken. Both the werkzoekende's
    home page and the dossier read it on every visit, so the SQL is compiled once per process (``vaste_vorm``)."""
    nu = nu or timezone.now()
    tellingen = vaste_vorm.lees("waar_sta_ik.tellingen", _tellingen, kandidaat_id=kandidaat.pk, nu=nu)
    if not tellingen:
        raise Kandidaat.DoesNotExist
    tellingen = tellingen[0]
    s = Situatie(uitkering=kandidaat.uitkering, heeft_klantmanager=kandidaat.klantmanager_id is not None,
                 soort_contact=kandidaat.soort_contact, acties=tellingen["n_acties"],
                 acties_begeleiding_open=tellingen["n_begeleiding"], gewenste_beroepen=tellingen["n_beroepen"],
                 groepsbijeenkomsten_geweest=tellingen["n_geweest"],
                 groepsbijeenkomst_gepland=tellingen["groep_gepland"],
                 warm_overgedragen=tellingen["overgedragen"] and kandidaat.uitkering == Kandidaat.Uitkering.BIJSTAND)
    for v in vaste_vorm.lees("waar_sta_ik.voordrachten", _voordrachten, kandidaat_id=kandidaat.pk, nu=nu):
        status = v["status"]
        if status == Voordracht.Status.AANGENOMEN:
            s.aangenomen = True
        elif status == Voordracht.Status.GESPREK_GEPLAND and v["komt"]:
            if s.gesprek_komt is None or v["komt"] < s.gesprek_komt:
                s.gesprek_komt, s.gesprek_komt_id = v["komt"], v["komt_id"]
                s.gesprek_kan_niet, s.gesprek_opnieuw = bool(v["komt_kan_niet"]), bool(v["komt_opnieuw"])
        elif status == Voordracht.Status.GESPREK_GEPLAND and v["geweest"]:
            s.gesprek_geweest_zonder_uitkomst = True
        elif status in Voordracht.OPEN:
            s.voordrachten_open += 1
        else:
            s.voordrachten_gesloten += 1
            if status == Voordracht.Status.ZONDER_TOESTEMMING and v["dossier_gesloten"]:
                s.voordrachten_dossier_gesloten += 1
            else:
                s.voordrachten_zonder_toestemming += status == Voordracht.Status.ZONDER_TOESTEMMING
    if tellingen["plaatsing_status"] is not None:  # a plaatsing always has a status
        s.plaatsing_status, s.nazorg_gehad = tellingen["plaatsing_status"], tellingen["n_nazorg"]
        if s.plaatsing_status == Plaatsing.Status.LOPEND and tellingen["plaatsing_start"] > timezone.localdate(nu):
            s.plaatsing_begint, s.plaatsing_werkgever = tellingen["plaatsing_start"], tellingen["plaatsing_werkgever"]
    return s


def _telling(qs):
    return Aantal(qs.order_by().values("pk"))


def _eerste(qs):
    return Subquery(qs[:1])


def reis_van(kandidaat) -> Reis:
    return reis_bepalen(situatie_van(kandidaat))

