"""Retention (AVG art. 5(1)(e)): what is no longer needed is anonymised or removed, per category, after the
period in ``settings.BEWAARTERMIJNEN`` (env ``BEWAARTERMIJN_<CATEGORIE>_DAGEN``; reasoning in docs/privacy.md).

``bewaartermijnen_toepassen(droog=True)`` is a dry run: it reports what is due and changes nothing. With
``droog=False`` it acts, in batches of ``PARTIJ`` rows, each batch one transaction with its rows locked
(SKIP LOCKED on PostgreSQL, so two runs never take the same row). A run killed halfway leaves every row either
done or untouched, and the next run picks up the rest: each category selects only what is still to do, so a
second run changes nothing more.

A category is one ``Categorie`` line: a name, the setting, and a function ``(nu, droog) -> ids or count``.
Another app's clean-up with the same signature is added as one more line (``verwerkingen_opschonen``)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Collegauitnodiging, Organisatie, Verwerking
from accounts.services import gebruiker_opslaan, verwerkingen_opschonen, verwerkingen_registreer
from agenda.models import Afspraak as AgendaAfspraak
from agenda.models import Deelnemer
from beleving.models import Belevingsvraag, Bevraagde
from bemiddeling.models import Gespreksvoorbereiding, Shortlist, Sollicitatiegesprek, Voordracht, VoordrachtTransitie
from berichten.models import Berichtenwisseling
from matching.models import Interesse
from ondersteuning.models import Aanvraag
from outbox.models import Gebeurtenis, Mail
from outbox.selectors import mails_aan
from plaatsingen.models import (
    Checkin,
    NazorgMoment,
    Plaatsing,
    PlaatsingCorrectie,
    PlaatsingTransitie,
    Regelingaanvraag,
    RegelingaanvraagWijziging,
)
from sollicitaties.models import PlichtWijziging, Sollicitatieactiviteit, Sollicitatieplicht
from taken.models import Taak
from werkgevers.models import (
    AccountmanagerToewijzing,
    Afspraak,
    Bedrijfsbezoek,
    Tijdlijnregel,
    Vacature,
    Verzoek,
    Verzoekaanvulling,
    Werkgever,
)
from werkzoekenden.models import (
    Actie,
    Caseloadoverdracht,
    Document,
    DossierToegang,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanWijziging,
    Rechtenverzoek,
    Toestemming,
    ToestemmingVerzoek,
)

logger = logging.getLogger(__name__)

PARTIJ = 200
GEANONIMISEERD = "Geanonimiseerd"
# Ended without a job: the free text of such a voordracht (why it fits, the werkgever's reasons) goes.
VOORDRACHT_AFGELOPEN = (Voordracht.Status.NIET_PASSEND, Voordracht.Status.AFGEWEZEN, Voordracht.Status.INGETROKKEN,
                        Voordracht.Status.ELDERS_GEPLAATST, Voordracht.Status.ZONDER_TOESTEMMING,
                        Voordracht.Status.VACATURE_GESLOTEN)
PLAATSING_AFGELOPEN = (Plaatsing.Status.AFSCHEID, Plaatsing.Status.AFGEROND, Plaatsing.Status.CONTRACT)


@dataclass
class Regel:
    categorie: str
    omschrijving: str
    termijn_dagen: int | None
    aantal: int
    ids: list = field(default_factory=list)


@dataclass
class Rapport:
    droog: bool
    nu: object
    regels: list

    def als_tekst(self) -> str:
        kop = "PROEF (er is niets veranderd; gebruik --uitvoeren)" if self.droog else "UITGEVOERD"
        uit = [f"Bewaartermijnen {kop}, peildatum {timezone.localtime(self.nu):%d-%m-%Y %H:%M}"]
        for r in self.regels:
            termijn = f"na {r.termijn_dagen} dagen" if r.termijn_dagen else ""
            ids = f" ids: {', '.join(map(str, r.ids[:50]))}{' ...' if len(r.ids) > 50 else ''}" if r.ids else ""
            uit.append(f"- {r.categorie}: {r.aantal} ({r.omschrijving} {termijn}).{ids}")
        return "\n".join(uit)

    def als_dict(self) -> dict:
        return {"droog": self.droog, "nu": self.nu.isoformat(),
                "categorieen": {r.categorie: {"aantal": r.aantal, "ids": r.ids[:1000], "termijn_dagen": r.termijn_dagen}
                                for r in self.regels}}


def termijn(categorie) -> timedelta:
    return timedelta(days=settings.BEWAARTERMIJNEN[categorie])


def _in_partijen(queryset, doe, *, droog):
    """Ids of ``queryset`` (what is still due); unless ``droog``, ``doe(ids)`` per locked batch."""
    if droog:
        return list(queryset.order_by("pk").values_list("pk", flat=True))
    gedaan, gedaan_set = [], set()
    while True:
        with transaction.atomic():
            partij = queryset.order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                partij = partij.select_for_update(skip_locked=True, of=("self",))
            ids = list(partij.values_list("pk", flat=True)[:PARTIJ])
            if not ids:
                return gedaan
            if not gedaan_set.isdisjoint(ids):
                # ``doe`` must take a row out of ``queryset``; otherwise this would loop for ever.
                raise RuntimeError(f"Bewaartermijn: rijen {sorted(gedaan_set & set(ids))} blijven na verwerking over.")
            doe(ids)
        gedaan.extend(ids)
        gedaan_set.update(ids)


# --- dossiers ---------------------------------------------------------------------------------

def _lopende_plaatsing(grens):
    """A plaatsing of the kandidaat that still runs, or ended after ``grens``."""
    return Plaatsing.objects.filter(kandidaat=OuterRef("pk")).filter(
        ~Q(status__in=PLAATSING_AFGELOPEN) | Q(einddatum__isnull=True, status=Plaatsing.Status.CONTRACT)
        | Q(einddatum__gt=grens))


def te_anonimiseren_dossiers(nu):
    grens = nu - termijn("dossier")
    return Kandidaat.objects.filter(afgesloten_op__lte=grens, geanonimiseerd_op__isnull=True).exclude(
        Exists(_lopende_plaatsing(timezone.localdate(grens))))


def _bestanden_weg(veld_waarden, storage):
    # Storage first, inside the batch's transaction: killed before commit, the row still names the file and
    # the next run deletes again (a missing file is no error); killed after, the row says the file is gone.
    for naam in veld_waarden:
        if naam:
            storage.delete(naam)


def dossiers_anonimiseren(ids, *, nu):
    """Replace every personal field of these kandidaten and what hangs off them; keep dates, statuses, region,
    skills and wishes (statistics stay true). The account is deactivated and its e-mail made unusable."""
    User = get_user_model()
    kandidaten = Kandidaat.objects.filter(pk__in=ids)
    _bestanden_weg(kandidaten.values_list("cv", flat=True), Kandidaat._meta.get_field("cv").storage)
    documenten = Document.objects.filter(kandidaat_id__in=ids)
    _bestanden_weg(documenten.values_list("bestand", flat=True), Document._meta.get_field("bestand").storage)
    documenten.delete()
    plaatsingen = Plaatsing.objects.filter(kandidaat_id__in=ids)
    _bestanden_weg(plaatsingen.values_list("overeenkomst", flat=True),
                   Plaatsing._meta.get_field("overeenkomst").storage)
    correcties = PlaatsingCorrectie.objects.filter(plaatsing__kandidaat_id__in=ids)
    # The signed pdf a correction replaced (``oud["overeenkomst"]``) is on file until now.
    _bestanden_weg(correcties.values_list("oud__overeenkomst", flat=True),
                   Plaatsing._meta.get_field("overeenkomst").storage)
    activiteiten = Sollicitatieactiviteit.objects.filter(kandidaat_id__in=ids)
    _bestanden_weg(activiteiten.values_list("bewijs", flat=True),
                   Sollicitatieactiviteit._meta.get_field("bewijs").storage)
    adressen = set(kandidaten.exclude(email="").values_list("email", flat=True))
    account_ids = list(kandidaten.filter(account__isnull=False).values_list("account_id", flat=True))
    adressen |= set(User.objects.filter(pk__in=account_ids).values_list("email", flat=True))
    voordrachten = Voordracht.objects.filter(kandidaat_id__in=ids)
    momenten = NazorgMoment.objects.filter(plaatsing__kandidaat_id__in=ids)

    kandidaten.update(
        voornaam=GEANONIMISEERD, achternaam="", sorteernaam="", email="", telefoon="", postcode="",
        samenvatting="", werkervaring="", talen="", rijbewijs="", externe_referentie="",
        cv="", cv_bestandsnaam="", cv_geupload_op=None, cv_formuliersleutel=None, doelgroepregister_van=None,
        doelgroepregister_tot=None,
        geanonimiseerd_op=nu, gewijzigd_op=nu)
    # Closing withdrew them; one given again afterwards (a reopened and closed dossier) ends here too.
    Toestemming.objects.filter(kandidaat_id__in=ids, ingetrokken_op__isnull=True).update(ingetrokken_op=nu)
    Toestemming.objects.filter(kandidaat_id__in=ids).update(derde_partij="")
    Actie.objects.filter(plan__kandidaat_id__in=ids).update(doel="", omschrijving=GEANONIMISEERD, notitie="",
                                                            derde_partij="")
    PlanWijziging.objects.filter(plan__kandidaat_id__in=ids).update(omschrijving=GEANONIMISEERD, voor="", na="")
    KlantmanagerToewijzing.objects.filter(kandidaat_id__in=ids).update(overdrachtsnotitie="")
    # Why a colleague had access is about her (a leave, her debts): who, from when to when and why it ended stay.
    DossierToegang.objects.filter(kandidaat_id__in=ids).update(reden=GEANONIMISEERD)
    Rechtenverzoek.objects.filter(kandidaat_id__in=ids).update(wat=GEANONIMISEERD, wens="", antwoord="")
    voordrachten.update(toelichting="", reden_toelichting="")
    VoordrachtTransitie.objects.filter(voordracht__in=voordrachten).update(toelichting="")
    Sollicitatiegesprek.objects.filter(voordracht__in=voordrachten).update(voorbereiding="")
    Gespreksvoorbereiding.objects.filter(gesprek__voordracht__in=voordrachten).delete()
    Afspraak.objects.filter(plaatsing__in=plaatsingen).update(wat=GEANONIMISEERD)
    plaatsingen.update(overeenkomst="", voorwaarden="", verlenging_reden="", afscheid_reden="")
    PlaatsingTransitie.objects.filter(plaatsing__in=plaatsingen).update(toelichting="")
    _correcties_leeg(correcties)
    # The aanvragen of her regelingen: which, with whom, the state and the dates stay (statistics); the kenmerk and
    # the reasons go (a rejection keeps one: the database asks for it).
    aanvragen = Regelingaanvraag.objects.filter(plaatsing__in=plaatsingen)
    aanvragen.update(kenmerk="")
    aanvragen.exclude(reden="").update(reden=GEANONIMISEERD)
    RegelingaanvraagWijziging.objects.filter(aanvraag__in=aanvragen).update(toelichting="")
    momenten.update(bijzonderheden="", interventie="")
    Checkin.objects.filter(moment__in=momenten).update(email="", opmerking="")
    Shortlist.objects.filter(kandidaat_id__in=ids).delete()
    # Dates and how she applied stay (statistics); to whom, the proof and every reason go.
    activiteiten.update(werkgever=GEANONIMISEERD, functie=GEANONIMISEERD, link="", toelichting="", bewijs="",
                        bewijs_bestandsnaam="")
    Sollicitatieplicht.objects.filter(kandidaat_id__in=ids).exclude(reden="").update(reden=GEANONIMISEERD)
    PlichtWijziging.objects.filter(plicht__kandidaat_id__in=ids).exclude(reden="").update(reden=GEANONIMISEERD)
    # Requests for ondersteuning: what they wrote and the reason of a no go; traject, status and dates stay.
    Aanvraag.objects.filter(kandidaat_id__in=ids).update(motivatie="")
    Aanvraag.objects.filter(kandidaat_id__in=ids).exclude(reden="").update(reden=GEANONIMISEERD)
    # Why she could not come to an afspraak (often her health) and when she could; the answer and its date stay
    # (a "kan niet" keeps a reason: the database asks for one).
    Deelnemer.objects.filter(kandidaat_id__in=ids).exclude(kan_niet_reden="").update(kan_niet_reden=GEANONIMISEERD,
                                                                                    kan_niet_wanneer_wel="")
    # "Hoe ging dit?": the answer stays for the monitor, the comment and the link to the person go.
    Belevingsvraag.objects.filter(kandidaat_id__in=ids).update(**BELEVING_LOS)
    Bevraagde.objects.filter(kandidaat_id__in=ids).delete()
    # "Ik wil hier meer over weten" (Mijn kansen): the row stays (dates, no free text); its task names them.
    interesse_sleutels = [f"interesse:{pk}" for pk in Interesse.objects.filter(kandidaat_id__in=ids).values_list(
        "pk", flat=True)]
    Taak.objects.filter(Q(kandidaat_id__in=ids) | Q(voordracht__in=voordrachten)
                        | Q(rechtenverzoek__kandidaat_id__in=ids) | Q(sleutel__in=interesse_sleutels)).update(
        omschrijving=GEANONIMISEERD)
    # Mail waiting to go still goes (it was written before); what was sent or failed loses the address.
    mails_aan(adressen).exclude(status__in=[Mail.Status.WACHT, Mail.Status.BEZIG]).delete()
    for account_id in account_ids:
        gebruiker = User.objects.get(pk=account_id)
        gebruiker.email = f"geanonimiseerd-{account_id}@geanonimiseerd.invalid"
        gebruiker.voornaam, gebruiker.achternaam = GEANONIMISEERD, ""
        gebruiker.telefoon = ""
        gebruiker.is_active = False
        gebruiker.set_unusable_password()
        gebruiker_opslaan(gebruiker, door=None)
    _allauth_adressen_weg(account_ids)
    verwerkingen_registreer(gebruiker=None, actie=Verwerking.Actie.VERWIJDEREN, objecten=kandidaten.order_by("pk"),
                            doel="bewaartermijn verstreken: dossier geanonimiseerd")


# What a PlaatsingCorrectie keeps of its old and new values: dates, hours and when (statistics); the functie, the
# afspraken, the signer's name, who gave the akkoord and the replaced pdf's name go (the key stays, emptied).
CORRECTIE_BLIJFT = ("startdatum", "einddatum", "uren_per_week", "ondertekend_op", "akkoord_op")


def _correcties_leeg(correcties):
    rijen = list(correcties.only("pk", "oud", "nieuw"))
    for c in rijen:
        c.reden = GEANONIMISEERD
        c.oud, c.nieuw = ({k: v if k in CORRECTIE_BLIJFT else None for k, v in d.items()} for d in (c.oud, c.nieuw))
    PlaatsingCorrectie.objects.bulk_update(rijen, ["reden", "oud", "nieuw"])


def _allauth_adressen_weg(account_ids):
    EmailAddress.objects.filter(user_id__in=account_ids).delete()


def _dossiers(nu, droog):
    return _in_partijen(te_anonimiseren_dossiers(nu), lambda ids: dossiers_anonimiseren(ids, nu=nu), droog=droog)


# --- cv files ---------------------------------------------------------------------------------

def _cv(nu, droog):
    # A dossier due for anonymisation loses its cv there; leaving it out here keeps dry run and real run alike.
    qs = (Kandidaat.objects.filter(afgesloten_op__lte=nu - termijn("cv"), geanonimiseerd_op__isnull=True)
          .exclude(cv="").exclude(pk__in=te_anonimiseren_dossiers(nu).values("pk")))

    def doe(ids):
        _bestanden_weg(Kandidaat.objects.filter(pk__in=ids).values_list("cv", flat=True),
                       Kandidaat._meta.get_field("cv").storage)
        # The key against a double upload (``cv_opslaan``) belongs to the cv that goes: it goes with it.
        Kandidaat.objects.filter(pk__in=ids).update(cv="", cv_geupload_op=None, cv_formuliersleutel=None,
                                                    gewijzigd_op=nu)

    return _in_partijen(qs, doe, droog=droog)


def _documenten(nu, droog):
    """Diploma's, certificates and letters of a closed dossier go with the cv (same period): file and row."""
    qs = (Document.objects.filter(kandidaat__afgesloten_op__lte=nu - termijn("cv"),
                                  kandidaat__geanonimiseerd_op__isnull=True)
          .exclude(kandidaat_id__in=te_anonimiseren_dossiers(nu).values("pk")))

    def doe(ids):
        _bestanden_weg(Document.objects.filter(pk__in=ids).values_list("bestand", flat=True),
                       Document._meta.get_field("bestand").storage)
        Document.objects.filter(pk__in=ids).delete()

    return _in_partijen(qs, doe, droog=droog)


# --- voordrachten, mail, events ---------------------------------------------------------------

def _voordrachten(nu, droog):
    grens = nu - termijn("voordracht")
    # Ended (its last step) before the limit; a plain EXISTS, so the batch can lock its rows.
    recent = VoordrachtTransitie.objects.filter(voordracht=OuterRef("pk"), tijdstip__gt=grens)
    qs = (Voordracht.objects.filter(status__in=VOORDRACHT_AFGELOPEN, voorgedragen_op__lte=grens)
          .exclude(Exists(recent)).exclude(toelichting="", reden_toelichting=""))

    def doe(ids):
        Voordracht.objects.filter(pk__in=ids).update(toelichting="", reden_toelichting="")
        VoordrachtTransitie.objects.filter(voordracht_id__in=ids).update(toelichting="")
        Sollicitatiegesprek.objects.filter(voordracht_id__in=ids).update(voorbereiding="")
        Gespreksvoorbereiding.objects.filter(gesprek__voordracht_id__in=ids).delete()

    return _in_partijen(qs, doe, droog=droog)


# What goes of a "Hoe ging dit?" answer: the comment and everything that leads to the person (the touchpoint,
# the answer, the dates, regio and organisatie stay: the monitor counts them).
BELEVING_LOS = {"opmerking": "", "gebruiker": None, "kandidaat": None, "werkgever": None, "bevraagde": None}


def _beleving(nu, droog):
    """Questions asked longer ago than the period for free text about a step (``voordracht``, 365 days):
    answered or not, they lose the comment and the link to the person."""
    qs = Belevingsvraag.objects.filter(gesteld_op__lte=nu - termijn("voordracht")).filter(
        ~Q(opmerking="") | Q(gebruiker__isnull=False) | Q(kandidaat__isnull=False) | Q(werkgever__isnull=False)
        | Q(bevraagde__isnull=False))
    return _in_partijen(qs, lambda ids: Belevingsvraag.objects.filter(pk__in=ids).update(**BELEVING_LOS),
                        droog=droog)


def _mail(nu, droog):
    qs = Mail.objects.filter(status__in=[Mail.Status.VERSTUURD, Mail.Status.MISLUKT, Mail.Status.VERVALLEN],
                             aangemaakt_op__lte=nu - termijn("mail"))
    return _in_partijen(qs, lambda ids: Mail.objects.filter(pk__in=ids).delete(), droog=droog)


def _gebeurtenissen(nu, droog):
    qs = Gebeurtenis.objects.filter(verwerkt_op__isnull=False, aangemaakt_op__lte=nu - termijn("gebeurtenis"))
    return _in_partijen(qs, lambda ids: Gebeurtenis.objects.filter(pk__in=ids).delete(), droog=droog)


def _caseloadoverdrachten(nu, droog):
    """The note of a caseload handover is free text about a whole caseload (it may name werkzoekenden); each dossier
    keeps its copy (``KlantmanagerToewijzing.overdrachtsnotitie``, wiped with the dossier). The run's own goes once
    the run is done and the period to look into a fault (``gebeurtenis``) is over; who, when and how many stay."""
    qs = Caseloadoverdracht.objects.filter(status=Caseloadoverdracht.Status.KLAAR,
                                           klaar_op__lte=nu - termijn("gebeurtenis")).exclude(notitie=GEANONIMISEERD)
    return _in_partijen(qs, lambda ids: Caseloadoverdracht.objects.filter(pk__in=ids).update(notitie=GEANONIMISEERD),
                        droog=droog)


# --- verzoeken van werkgevers ------------------------------------------------------------------
# A verzoek names who asked (a werkgever's contactpersoon, or through the public form anyone: an aanvulling's asker
# is not even verified), with phone, mail and the question. Once the first contact, or the closing without contact, is
# long past, that is no longer needed: who asked and how to reach them go, and the notes of the call or of the closing
# (they may name them); the dates, region, kanaal, accountmanager and reason of closing stay (the monitor counts the
# 24-hour promise from them). The werkgever's own contactpersoon stays on the werkgever while the relation runs;
# without one ever, it is the asker, and goes with ``werkgever_zonder_relatie`` below.
VERZOEK_LOS = {"contactpersoon": GEANONIMISEERD, "telefoon": "", "email": "", "vraag": GEANONIMISEERD,
               "contact_notitie": "", "sluit_toelichting": ""}
AANVULLING_LOS = {"bedrijfsnaam": "", "contactpersoon": GEANONIMISEERD, "telefoon": "", "email": "",
                  "vraag": GEANONIMISEERD}
TIJDLIJN_VERZOEK_GEWIST = "Verzoek om hulp (na de bewaartermijn gewist)."


def _verzoeken(nu, droog):
    """Verzoeken whose first contact, or closing without contact, is longer ago than the period, with the questions
    added to them."""
    grens = nu - termijn("verzoek")
    qs = Verzoek.objects.filter(Q(status=Verzoek.Status.CONTACT, contact_opgenomen_op__lte=grens)
                                | Q(status=Verzoek.Status.GESLOTEN, gesloten_op__lte=grens)).exclude(
        vraag=GEANONIMISEERD)

    def doe(ids):
        Verzoek.objects.filter(pk__in=ids).update(**VERZOEK_LOS)
        Verzoekaanvulling.objects.filter(verzoek_id__in=ids).update(**AANVULLING_LOS)

    return _in_partijen(qs, doe, droog=droog)


def _verzoek_tijdlijn(nu, droog):
    """The werkgever's tijdlijn lines about verzoeken repeat the question and who asked; older than the period, the
    line says only that there was one. A line is not tied to its verzoek, so the period counts from the werkgever's
    last first contact or closing: while a verzoek of his is open, or had its first contact or was closed without
    contact within the period, his lines stay (the accountmanager calling about it reads them)."""
    grens = nu - termijn("verzoek")
    loopt = Verzoek.objects.filter(werkgever=OuterRef("werkgever")).filter(
        Q(status=Verzoek.Status.NIEUW) | Q(contact_opgenomen_op__gt=grens) | Q(gesloten_op__gt=grens))
    qs = (Tijdlijnregel.objects.filter(soort=Tijdlijnregel.Soort.VERZOEK, tijdstip__lte=grens)
          .exclude(tekst=TIJDLIJN_VERZOEK_GEWIST).exclude(Exists(loopt)))
    return _in_partijen(qs, lambda ids: Tijdlijnregel.objects.filter(pk__in=ids).update(tekst=TIJDLIJN_VERZOEK_GEWIST),
                        droog=droog)


# --- werkgevers known only from verzoeken closed without contact ---------------------------------
# A KvK-nummer the portal did not know becomes a werkgever, with whoever asked as its contactpersoon (name, phone,
# mail, also on its organisatie). When no relation began, a period after the last closing:
# - every verzoek was no question for the WSP (spam, a werkzoekende on the werkgevers' form, a wrong desk): the
#   werkgever was never one, and whatever was typed as its name and address (a werkzoekende's own, perhaps: the
#   KvK-nummer is not checked against the register) goes with it: werkgever, organisatie, vestiging, verzoeken;
# - a company asked and was never reached: the asker, as its contactpersoon, goes; the company's own data (name,
#   KvK-nummer, sector, vestiging) stays, and a later verzoek for the same KvK-nummer links to it.
WERKGEVER_CONTACT_LOS = {"contactpersoon_naam": "", "contactpersoon_telefoon": "", "contactpersoon_email": ""}


def _relatie(model, veld="werkgever"):
    """Rows of ``model`` that tie it to the werkgever (``veld``) or, for ``organisatie``, to its organisatie."""
    return Exists(model.objects.filter(**{veld: OuterRef("organisatie_id" if veld == "organisatie" else "pk")}))


def _zonder_relatie(nu):
    """Werkgevers whose every verzoek was closed without contact, the last longer than the period ``verzoek`` ago,
    with nothing else that makes a relation: no vaste accountmanager other than one who only picked up such a verzoek
    (``AccountmanagerToewijzing.verzoek``), now or before; no first contact, visit, profile, vacature, plaatsing,
    agreement, appointment, message, task, consent or "Hoe ging dit?"; nobody of the company on the portal, invited
    or not. Each condition an EXISTS on an indexed foreign key: the werkgevers are read once, not loaded into
    Python."""
    grens = nu - termijn("verzoek")
    User = get_user_model()
    verzoeken = Verzoek.objects.filter(werkgever=OuterRef("pk"))
    gesloten_voor_grens = verzoeken.filter(status=Verzoek.Status.GESLOTEN, gesloten_op__lte=grens)
    anders = verzoeken.filter(~Q(status=Verzoek.Status.GESLOTEN) | Q(gesloten_op__gt=grens))
    toewijzingen = AccountmanagerToewijzing.objects.filter(werkgever=OuterRef("pk"))
    # The current vaste accountmanager is no relation when she came with the pick-up of a verzoek.
    door_oppakken = toewijzingen.filter(tot__isnull=True, verzoek__isnull=False,
                                        accountmanager=OuterRef("accountmanager"))
    return (Werkgever.objects
            .filter(Exists(gesloten_voor_grens), laatste_contact_op__isnull=True, profiel_bijgewerkt_op__isnull=True)
            .exclude(Exists(anders))
            .exclude(Exists(toewijzingen.filter(verzoek__isnull=True)))
            .exclude(Q(accountmanager__isnull=False) & ~Exists(door_oppakken))
            .exclude(_relatie(Vacature)).exclude(_relatie(Bedrijfsbezoek)).exclude(_relatie(Afspraak))
            .exclude(_relatie(AgendaAfspraak)).exclude(_relatie(Plaatsing)).exclude(_relatie(Toestemming))
            .exclude(_relatie(ToestemmingVerzoek)).exclude(_relatie(Berichtenwisseling)).exclude(_relatie(Taak))
            .exclude(_relatie(Belevingsvraag))
            .exclude(_relatie(User, "organisatie")).exclude(_relatie(Collegauitnodiging, "organisatie")))


def _geen_vraag_voor_het_wsp():
    """Of the werkgever (``OuterRef``): a verzoek that was a question for the WSP (not closed as none)."""
    return Exists(Verzoek.objects.filter(werkgever=OuterRef("pk")).exclude(
        status=Verzoek.Status.GESLOTEN, sluitreden=Verzoek.Sluitreden.GEEN_VRAAG))


def werkgevers_zonder_relatie(nu):
    """``_zonder_relatie`` of which a verzoek was a question (a company asked, nobody was reached), with a
    contactpersoon or an organisatie phone or mail still to wipe."""
    return (_zonder_relatie(nu).filter(_geen_vraag_voor_het_wsp())
            .filter(~Q(**WERKGEVER_CONTACT_LOS) | ~Q(organisatie__telefoon="") | ~Q(organisatie__email="")))


def werkgevers_zonder_vraag(nu):
    """``_zonder_relatie`` of which no verzoek was a question for the WSP: never a werkgever at all."""
    return _zonder_relatie(nu).exclude(_geen_vraag_voor_het_wsp())


def _werkgevers_zonder_relatie(nu, droog):
    def doe(ids):
        werkgevers = Werkgever.objects.filter(pk__in=ids)
        Organisatie.objects.filter(pk__in=werkgevers.values("organisatie_id")).update(telefoon="", email="")
        werkgevers.update(**WERKGEVER_CONTACT_LOS)
        verwerkingen_registreer(gebruiker=None, actie=Verwerking.Actie.VERWIJDEREN, objecten=werkgevers.order_by("pk"),
                                doel="bewaartermijn verstreken: contactpersoon van werkgever zonder relatie gewist")

    return _in_partijen(werkgevers_zonder_relatie(nu), doe, droog=droog)


def _werkgevers_zonder_vraag(nu, droog):
    def doe(ids):
        werkgevers = Werkgever.objects.filter(pk__in=ids).order_by("pk")
        verwerkingen_registreer(gebruiker=None, actie=Verwerking.Actie.VERWIJDEREN, objecten=werkgevers,
                                doel="bewaartermijn verstreken: werkgever die alleen verzoeken zonder vraag voor het "
                                     "WSP had, verwijderd")
        organisaties = list(werkgevers.values_list("organisatie_id", flat=True))
        werkgevers.delete()  # with its vestigingen, verzoeken and their questions, tijdlijn and toewijzingen
        Organisatie.objects.filter(pk__in=organisaties).delete()

    return _in_partijen(werkgevers_zonder_vraag(nu), doe, droog=droog)


@dataclass(frozen=True)
class Categorie:
    naam: str
    omschrijving: str
    instelling: str | None  # key of settings.BEWAARTERMIJNEN; None when the other function owns its period
    uitvoeren: Callable  # (nu, droog) -> list of ids, or a count


CATEGORIEEN = [
    Categorie("dossier", "afgesloten dossiers anonimiseren, bestanden verwijderen", "dossier", _dossiers),
    Categorie("cv", "cv-bestanden van afgesloten dossiers verwijderen", "cv", _cv),
    Categorie("documenten", "diploma's, certificaten en andere documenten van afgesloten dossiers verwijderen", "cv",
              _documenten),
    Categorie("voordracht", "vrije tekst van afgelopen voordrachten wissen", "voordracht", _voordrachten),
    Categorie("beleving", "toelichting en koppeling aan de persoon van belevingsvragen wissen", "voordracht",
              _beleving),
    Categorie("mail", "verstuurde mail verwijderen", "mail", _mail),
    Categorie("gebeurtenis", "verwerkte gebeurtenissen verwijderen", "gebeurtenis", _gebeurtenissen),
    Categorie("caseloadoverdracht", "overdrachtsnotitie van afgeronde caseloadoverdrachten wissen", "gebeurtenis",
              _caseloadoverdrachten),
    Categorie("verzoek", "wie een verzoek deed, telefoon, e-mail en vraag wissen", "verzoek", _verzoeken),
    Categorie("verzoek_tijdlijn", "vraag en vrager uit de tijdlijnregels over verzoeken wissen", "verzoek",
              _verzoek_tijdlijn),
    Categorie("werkgever_zonder_relatie", "contactpersoon van werkgevers die alleen zonder contact gesloten verzoeken "
              "hebben wissen", "verzoek", _werkgevers_zonder_relatie),
    Categorie("werkgever_zonder_vraag", "werkgevers die alleen verzoeken hadden die geen vraag voor het WSP waren "
              "verwijderen", "verzoek", _werkgevers_zonder_vraag),
    # The log owns its period (BEWAARTERMIJN_VERWERKINGENLOG_DAGEN, never under the database's 730 days).
    Categorie("verwerkingen", "regels van het verwerkingenlog verwijderen", None,
              lambda nu, droog: verwerkingen_opschonen(nu=nu, droog=droog)),
]


def bewaartermijnen_toepassen(*, nu=None, droog=True, categorieen=None) -> Rapport:
    """Apply every category (or those named); dry run unless ``droog=False``. Returns the report."""
    nu = nu or timezone.now()
    regels = []
    for c in CATEGORIEEN:
        if categorieen and c.naam not in categorieen:
            continue
        uitkomst = c.uitvoeren(nu, droog)
        ids = list(uitkomst) if isinstance(uitkomst, (list, tuple)) else []
        aantal = len(ids) if isinstance(uitkomst, (list, tuple)) else int(uitkomst)
        regels.append(Regel(c.naam, c.omschrijving, settings.BEWAARTERMIJNEN.get(c.instelling), aantal, ids))
    rapport = Rapport(droog=droog, nu=nu, regels=regels)
    logger.info("%s", rapport.als_tekst())
    return rapport
