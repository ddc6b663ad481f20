"""What one role does reaches the others (journey events, after commit): consent withdrawn, a warme
overdracht, a plan action for the contactpersoon. Each of these failed before the events existed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, regio
from bemiddeling.models import Voordracht, VoordrachtTransitie
from bemiddeling.selectors import vacatures_met_tellingen
from bemiddeling.services import (
    VOORDRACHT_AANGENOMEN,
    VOORDRACHT_VERVALLEN,
    gesprek_plannen,
    voordracht_create,
    voordracht_reageren,
    voordracht_uitkomst,
    voordrachten_herinneren,
)
from beroepen.tests.factories import BeroepFactory
from klantreis.lib import datums
from klantreis.lib.werktijd import volgende_werkdag
from matching.services import INTERESSE_GETOOND, interesse_tonen
from meldingen import reacties as melding_reacties
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_verwerken
from plaatsingen.models import Plaatsing
from plaatsingen.services import (
    PLAATSING_GESTART,
    overeenkomst_klaarzetten,
    overeenkomst_ondertekenen,
    plaatsing_starten,
    proefplaatsing_akkoord,
)
from portaal.waar_sta_ik import reis_bepalen, situatie_van
from taken import reacties as taak_reacties
from taken.models import Taak
from werkgevers.models import Vacature
from werkgevers.services import VACATURE_GEOPEND, vacature_status_wijzigen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory, WerkgeverUserFactory
from werkzoekenden.models import Actie, KlantmanagerToewijzing, Toestemming
from werkzoekenden.services import (
    DOSSIER_AFGESLOTEN,
    DOSSIER_OVERGEDRAGEN,
    actie_toevoegen,
    actie_wijzigen,
    dossier_afsluiten,
    dossier_heropenen,
    toestemming_intrekken,
    toestemming_verlenen,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_withdrawn_consent_closes_the_voordracht_for_everyone(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    voordracht = wereld.voordracht
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)

    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.ZONDER_TOESTEMMING
    laatste = voordracht.transities.order_by("-id").first()
    assert (laatste.naar, laatste.door) == (Voordracht.Status.ZONDER_TOESTEMMING, None)
    # The planned gesprek does not take place: marked, and a CANCEL for every agenda it was in.
    gesprek = voordracht.gesprekken.get()
    assert gesprek.geannuleerd_op is not None
    annuleringen = [m for m in mail.outbox if "Gaat niet door" in m.subject]
    assert {m.to[0] for m in annuleringen} >= {wereld.werkgever_user.email, wereld.accountmanager.email,
                                                wereld.werkzoekende_user.email}
    ics = Calendar.from_ical(annuleringen[0].attachments[0][1])
    assert str(ics["METHOD"]) == "CANCEL"
    assert [str(e["STATUS"]) for e in ics.walk("VEVENT")] == ["CANCELLED"]
    assert [str(e["UID"]) for e in ics.walk("VEVENT")] == [gesprek.ics_uid]
    # The accountmanager gets a task; the werkgever a neutral notice that names neither person nor reason.
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.accountmanager, voordracht=voordracht)
    assert "toestemming ingetrokken" in taak.omschrijving
    [notice] = [m for m in mail.outbox if "vervallen" in m.subject]
    assert "Willem" not in "".join(m.body for m in annuleringen if wereld.werkzoekende_user.email not in m.to)
    assert notice.to == [wereld.werkgever_user.email]
    assert "Willem" not in notice.body and "toestemming" not in notice.body.lower()
    # No reminder follows, the voordracht page offers no gesprek, Willem sees it stopped.
    assert voordrachten_herinneren(nu=voordracht.voorgedragen_op + timedelta(days=30)) == 0
    client.force_login(wereld.accountmanager)
    pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    assert "Gesprek plannen" not in pagina and "Gesprek verplaatsen" not in pagina
    client.force_login(wereld.werkzoekende_user)
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "toestemming ingetrokken" in sollicitaties and "gaat niet door" in sollicitaties
    # The werkgever's count of proposed kandidaten no longer includes it.
    client.force_login(wereld.werkgever_user)
    assert [v.n_voordrachten for v in vacatures_met_tellingen(wereld.werkgever)] == [0]
    # Handled once: the reaction does not run a second time.
    assert Taak.objects.filter(voordracht=voordracht, toegewezen_aan=wereld.accountmanager).count() == 1


def test_warme_overdracht_is_warm_on_the_receiving_side(client, wereld, django_capture_on_commit_callbacks):
    uwv = KlantmanagerFactory(voornaam="Fatima", achternaam="Uwv", regio=regio("AM07"))
    gemeente_km = KlantmanagerFactory(voornaam="Jeske", achternaam="Gemeente", regio=regio("AM07"))
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=uwv, uitkering="ww")
    assert not KlantmanagerToewijzing.objects.filter(kandidaat=anja).exists()  # like a demo or imported dossier
    client.force_login(uwv)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("overdracht", args=[anja.pk]), {
            "naar": gemeente_km.pk, "notitie": "WW eindigt 1 maart.", "uitkering": "bijstand"})
    assert antwoord.status_code == 302

    anja.refresh_from_db()
    assert (anja.klantmanager, anja.uitkering) == (gemeente_km, "bijstand")
    [taak] = Taak.objects.filter(toegewezen_aan=gemeente_km)
    assert "Anja Roest" in taak.omschrijving and "Fatima Uwv" in taak.omschrijving
    [ontvangen] = [m for m in mail.outbox if m.to == [gemeente_km.email]]
    assert "WW eindigt 1 maart." in ontvangen.body and "Bijstand" in ontvangen.body
    client.force_login(gemeente_km)
    dossier = client.get(reverse("dossier", args=[anja.pk])).content.decode()
    assert "Fatima Uwv" in dossier and "Jeske Gemeente" in dossier  # both in the list of vaste klantmanagers
    plan = client.get(reverse("plan_van_aanpak", args=[anja.pk])).content.decode()
    assert "Dossier overgedragen van Fatima Uwv" in plan  # in "Wat er veranderde"


def test_an_action_for_my_contactpersoon_is_a_task_until_it_is_done(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, levensdomein="financien",
                                doel="Rust in geldzaken", omschrijving="Afspraak schuldhulp regelen",
                                eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.klantmanager)
    assert "Afspraak schuldhulp regelen" in taak.omschrijving and taak.afgerond_op is None

    with django_capture_on_commit_callbacks(execute=True):
        actie_wijzigen(actie=actie, door=wereld.klantmanager, versie=actie.versie, status=Actie.Status.KLAAR)
    taak.refresh_from_db()
    assert taak.afgerond_op is not None
    assert Taak.objects.filter(toegewezen_aan=wereld.klantmanager).count() == 1



def test_closing_a_dossier_closes_the_tasks_of_its_plan(client, wereld, django_capture_on_commit_callbacks):
    """Jeske closed Willem's dossier (uitgestroomd naar werk); "Plan van Willem: Afspraak schuldhulp regelen" and
    "Dossier van Willem overgenomen ...: neem contact op" stayed in her "Mijn taken", and went overdue. A
    rechtenverzoek's legal deadline does not end with the dossier, nor does anyone else's task."""
    with django_capture_on_commit_callbacks(execute=True):
        actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, levensdomein="financien",
                        doel="Rust in geldzaken", omschrijving="Afspraak schuldhulp regelen",
                        eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    km = wereld.klantmanager
    kennismaken = Taak.objects.create(toegewezen_aan=km, kandidaat=wereld.kandidaat, omschrijving="Neem contact op",
                                      sleutel=f"{taak_reacties.OVERDRACHT}1")
    avg = Taak.objects.create(toegewezen_aan=km, kandidaat=wereld.kandidaat, omschrijving="Verzoek over gegevens",
                              sleutel="rechtenverzoek:1")
    ander = KandidaatFactory(klantmanager=km)
    elders = Taak.objects.create(toegewezen_aan=km, kandidaat=ander, omschrijving="Bel", sleutel="actie:999999")
    client.force_login(km)
    assert "Afspraak schuldhulp regelen" in client.get(reverse("taken")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    open_ = set(Taak.objects.filter(toegewezen_aan=km, afgerond_op__isnull=True).values_list("pk", flat=True))
    assert open_ == {avg.pk, elders.pk} and kennismaken.pk not in open_
    html = client.get(reverse("taken")).content.decode()
    assert "Afspraak schuldhulp regelen" not in html and "Verzoek over gegevens" in html

    # Reopened (closed by mistake, or Willem is back within weeks): its tasks come back; a task done before the
    # closing stays done.
    with django_capture_on_commit_callbacks(execute=True):
        dossier_heropenen(kandidaat=wereld.kandidaat, door=km)
    assert "Afspraak schuldhulp regelen" in client.get(reverse("taken")).content.decode()
    assert Taak.objects.get(pk=kennismaken.pk).afgerond_op is None


def test_closing_the_dossier_tells_the_accountmanager_the_voordracht_stopped_because_it_closed(
        client, wereld, django_capture_on_commit_callbacks):
    """Karin closes Willem's dossier (he found work) while a voordracht is open: its consent ends with the dossier.
    Anton's task said "Willem heeft de toestemming ingetrokken" and his melding "de toestemming is ingetrokken", which
    Willem never did; and Karin got a melding about her own act with that same wrong reason. Now Anton reads that
    the dossier closed, and Willem that it stopped because his dossier closed; Karin, who closed it, gets no melding
    of it."""
    wereld.met_bemiddeling()
    km, am, voordracht = wereld.klantmanager, wereld.accountmanager, wereld.voordracht
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")

    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.ZONDER_TOESTEMMING
    [taak] = Taak.objects.filter(toegewezen_aan=am, voordracht=voordracht, sleutel__startswith="vervallen:")
    assert "dossier van Willem" in taak.omschrijving and "toestemming ingetrokken" not in taak.omschrijving
    melding = Melding.objects.get(ontvanger=am, sleutel__startswith=f"vervallen:{voordracht.pk}:")
    assert "het dossier van Willem" in melding.tekst and "toestemming" not in melding.tekst
    assert not Melding.objects.filter(ontvanger=km, sleutel__startswith=f"vervallen:{voordracht.pk}:").exists()
    client.force_login(am)
    assert "is gesloten" in client.get(reverse("taken")).content.decode()
    pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    assert "Het dossier van de kandidaat is gesloten." in pagina and "De kandidaat heeft de toestemming" not in pagina
    # Willem's "Mijn sollicitaties" said "Gestopt: toestemming ingetrokken": he withdrew nothing.
    client.force_login(wereld.werkzoekende_user)
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Gestopt: je dossier is gesloten" in sollicitaties and "toestemming ingetrokken" not in sollicitaties


def test_every_page_names_the_closed_dossier_as_the_cause_not_a_withdrawn_consent(
        client, wereld, django_capture_on_commit_callbacks):
    """Karin closes Willem's dossier while one voordracht is open and another was turned down: both consents end
    with the dossier. The voordracht's page explained that the dossier closed, yet its header, and the rows of the
    vacature that Anton and Karin read, said "Gestopt: toestemming ingetrokken" and "toestemming ingetrokken":
    what Willem never did. A consent Anja withdrew herself still says so."""
    wereld.met_plaatsing()
    km, am, voordracht = wereld.klantmanager, wereld.accountmanager, wereld.voordracht
    anja = Voordracht.objects.get(pk=wereld.voordracht2.pk)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.ZONDER_TOESTEMMING

    for wie in (am, km):
        client.force_login(wie)
        pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
        assert "Gestopt: dossier gesloten" in pagina and "toestemming ingetrokken" not in pagina
    client.force_login(am)
    rijen = client.get(reverse("vacature_detail", args=[wereld.vacature.pk])).content.decode()
    rij = rijen.split(f'href="/voordrachten/{voordracht.pk}/"')[1].split("</tr>")[0]
    assert '<span class="wsp-status wsp-status--nee">dossier gesloten</span>' in rij
    assert "Gestopt: dossier gesloten" in rij and "toestemming ingetrokken" not in rij

    # Willem's own page of consents said "ingetrokken op": he withdrew nothing.
    client.force_login(wereld.werkzoekende_user)
    toestemmingen = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()
    assert "je dossier is gesloten" in toestemmingen and "ingetrokken op" not in toestemmingen
    client.force_login(am)

    # Anja withdraws her consent herself (her voordracht is not open any more): that is what her row says.
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=anja.toestemming, door=anja.kandidaat.account or km)
    rijen = client.get(reverse("vacature_detail", args=[wereld.vacature.pk])).content.decode()
    rij = rijen.split(f'href="/voordrachten/{anja.pk}/"')[1].split("</tr>")[0]
    assert "toestemming ingetrokken" in rij and "dossier gesloten" not in rij


def test_a_voordracht_stopped_by_closing_still_says_so_after_the_klantmanagers_account_went(
        client, wereld, django_capture_on_commit_callbacks):
    """The step that closing the dossier gave was known by its ``door`` (the klantmanager who closed it). Her account
    deleted, that became empty, and the voordracht's history, the vacature's rows and Willem's "Mijn sollicitaties"
    said "toestemming ingetrokken": what he never did. The consent's own mark (``bij_afsluiten``) says it now."""
    wereld.met_bemiddeling()
    km, am, voordracht = wereld.klantmanager, wereld.accountmanager, wereld.voordracht
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    # Karin's account deleted: the steps she made keep no name (on_delete=SET_NULL).
    assert VoordrachtTransitie.objects.filter(voordracht=voordracht, door=km).update(door=None)

    client.force_login(am)
    pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    verloop = pagina.split('<ol class="wsp-tijdlijn">')[1].split("</ol>")[0]
    assert "Gestopt: dossier gesloten" in verloop and "toestemming ingetrokken" not in verloop
    rijen = client.get(reverse("vacature_detail", args=[wereld.vacature.pk])).content.decode()
    rij = rijen.split(f'href="/voordrachten/{voordracht.pk}/"')[1].split("</tr>")[0]
    assert "Gestopt: dossier gesloten" in rij and "toestemming ingetrokken" not in rij
    client.force_login(wereld.werkzoekende_user)
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Gestopt: je dossier is gesloten" in sollicitaties and "toestemming ingetrokken" not in sollicitaties

def test_a_close_event_handled_after_the_dossier_was_reopened_leaves_its_tasks_open(
        wereld, django_capture_on_commit_callbacks):
    """The worker handles the closing late (a queue behind, a retry), when the dossier is open again: its tasks
    stay open."""
    km = wereld.klantmanager
    with django_capture_on_commit_callbacks(execute=True):
        actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, levensdomein="financien",
                        doel="Rust in geldzaken", omschrijving="Afspraak schuldhulp regelen",
                        eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")  # its reactions not run yet
    dossier_heropenen(kandidaat=wereld.kandidaat, door=km)
    for gebeurtenis in Gebeurtenis.objects.filter(soort=DOSSIER_AFGESLOTEN):
        gebeurtenis_verwerken(gebeurtenis.pk)
    assert Taak.objects.filter(toegewezen_aan=km, sleutel__startswith="actie:", afgerond_op__isnull=True).exists()


def test_closing_a_dossier_finishes_the_task_of_a_vacature_the_werkzoekende_asked_about(
        client, wereld, django_capture_on_commit_callbacks):
    """Willem asked about a vacature ("Ik wil hier meer over weten") and his dossier was closed the next day: "Willem
    wil meer weten over Lasser ... vraag zo nodig de accountmanager om een voordracht" stayed in Karin's "Mijn taken"
    and went overdue, for someone nobody looks for work with any more (a closed dossier is not matched). Closing
    finishes it, reopening brings it back; an interest the worker handles only after the closing gives no task."""
    km = wereld.klantmanager
    lasser = VacatureFactory(werkgever=wereld.werkgever, titel="Lasser")
    with django_capture_on_commit_callbacks(execute=True):
        interesse_tonen(kandidaat=wereld.kandidaat, vacature=lasser, door=wereld.werkzoekende_user)
    client.force_login(km)
    assert "wil meer weten over Lasser" in client.get(reverse("taken")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    assert "wil meer weten over Lasser" not in client.get(reverse("taken")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_heropenen(kandidaat=wereld.kandidaat, door=km)
    assert "wil meer weten over Lasser" in client.get(reverse("taken")).content.decode()

    # Asked just before a closing, handled by a worker behind: no task appears after the closing.
    heftruck = VacatureFactory(werkgever=wereld.werkgever, titel="Heftruckchauffeur")
    interesse_tonen(kandidaat=wereld.kandidaat, vacature=heftruck, door=wereld.werkzoekende_user)  # not handled yet
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    gebeurtenis_verwerken(Gebeurtenis.objects.filter(soort=INTERESSE_GETOOND).latest("pk").pk)
    assert not Taak.objects.filter(toegewezen_aan=km, afgerond_op__isnull=True,
                                   omschrijving__contains="Heftruckchauffeur").exists()


def _nog_eens(soort, *handlers):
    """Run the reactions again on the same events (a retry after a crash): nothing new may come of it."""
    for gebeurtenis in Gebeurtenis.objects.filter(soort=soort):
        for handler in handlers:
            with transaction.atomic():
                handler(gebeurtenis)


def _meldingen(sleutel):
    return {m.ontvanger_id: m for m in Melding.objects.filter(sleutel__startswith=sleutel)}


def test_aangenomen_reaches_the_accountmanager_the_klantmanager_and_the_werkzoekende(
        client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    voordracht = wereld.voordracht
    wereld.gesprek_geweest(voordracht)
    with django_capture_on_commit_callbacks(execute=True):
        voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=True)

    # The accountmanager who made the voordracht arranges the plaatsing, within two working days.
    [taak] = Taak.objects.filter(voordracht=voordracht)
    assert (taak.toegewezen_aan, taak.werkgever, taak.afgerond_op) == (wereld.accountmanager, wereld.werkgever, None)
    assert taak.uiterlijk == volgende_werkdag(volgende_werkdag(timezone.localdate()))
    assert "Willem van de Vecht" in taak.omschrijving and "Plaatsing regelen" in taak.omschrijving
    # Meldingen: accountmanager, klantmanager and the werkzoekende (good news, "je"); not who recorded it.
    meldingen = _meldingen(f"aangenomen:{voordracht.pk}:")
    assert set(meldingen) == {wereld.accountmanager.pk, wereld.klantmanager.pk, wereld.werkzoekende_user.pk}
    assert meldingen[wereld.werkzoekende_user.pk].tekst.startswith("Goed nieuws: De Heul Installatietechniek wil je")
    assert meldingen[wereld.werkzoekende_user.pk].url == reverse("mijn_voordrachten")
    assert "Willem van de Vecht" in meldingen[wereld.klantmanager.pk].tekst
    assert meldingen[wereld.accountmanager.pk].url == reverse("voordracht_detail", args=[voordracht.pk])
    _nog_eens(VOORDRACHT_AANGENOMEN, melding_reacties.voordracht_aangenomen, taak_reacties.plaatsing_regelen)
    assert len(_meldingen(f"aangenomen:{voordracht.pk}:")) == 3
    assert Taak.objects.filter(voordracht=voordracht).count() == 1

    # The task leads to the voordracht, where the accountmanager starts the plaatsing; then it is done.
    client.force_login(wereld.accountmanager)
    pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    assert "Plaatsing regelen" in pagina and reverse("plaatsing_nieuw", args=[voordracht.pk]) in pagina
    with django_capture_on_commit_callbacks(execute=True):
        plaatsing_starten(voordracht=voordracht, door=wereld.accountmanager, soort=Plaatsing.Soort.VAST,
                          functie="Monteur", startdatum=timezone.localdate(), einddatum=None, uren_per_week=36)
    taak.refresh_from_db()
    assert taak.afgerond_op is not None


def test_the_werkgever_who_hires_hears_who_arranges_the_plaatsing(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        pagina = client.post(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk]), {"keuze": "aangenomen"},
                             follow=True).content.decode()
    assert "Uw accountmanager Anton Account neemt binnen twee werkdagen contact met u op" in pagina


def test_hired_elsewhere_cancels_the_gesprek_and_tells_the_other_side_without_names(
        client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()  # Willem has a gesprek at De Heul in three days
    elders_voordracht = wereld.voordracht
    bram = AccountmanagerFactory(voornaam="Bram", achternaam="Bemiddelaar", regio=wereld.accountmanager.regio)
    bakker = WerkgeverFactory(naam="Bakkerij Brood", accountmanager=bram)
    bert = WerkgeverUserFactory(werkgever=bakker, voornaam="Bert", achternaam="Brood")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=bakker,
                         door=wereld.klantmanager)
    gekozen = voordracht_create(vacature=VacatureFactory(werkgever=bakker, titel="Bakker"),
                                kandidaat=wereld.kandidaat, door=bram, toelichting="Vroeg op.")
    voordracht_reageren(voordracht=gekozen, door=bert, uitnodigen=True)
    gesprek_plannen(voordracht=gekozen, door=bram, begint_op=timezone.now() + timedelta(hours=2), locatie="Ede",
                    begeleider_gaat_mee=False)
    wereld.gesprek_geweest(gekozen)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voordracht_uitkomst(voordracht=gekozen, door=bert, aangenomen=True)

    elders_voordracht.refresh_from_db()
    assert elders_voordracht.status == Voordracht.Status.ELDERS_GEPLAATST
    # Closed by the system: De Heul does not see Bakkerij Brood's contact person in its history.
    laatste = elders_voordracht.transities.order_by("-id").first()
    assert (laatste.naar, laatste.door) == (Voordracht.Status.ELDERS_GEPLAATST, None)
    client.force_login(wereld.werkgever_user)
    pagina = client.get(reverse("voordracht_detail", args=[elders_voordracht.pk])).content.decode()
    assert "Bert" not in pagina and "Brood" not in pagina
    # The gesprek at De Heul does not take place: marked, and a CANCEL for every agenda it was in.
    gesprek = elders_voordracht.gesprekken.get()
    assert gesprek.geannuleerd_op is not None
    annuleringen = [m for m in mail.outbox if "Gaat niet door" in m.subject]
    assert {m.to[0] for m in annuleringen} >= {wereld.werkgever_user.email, wereld.accountmanager.email}
    ics = Calendar.from_ical(annuleringen[0].attachments[0][1])
    assert str(ics["METHOD"]) == "CANCEL" and [str(e["UID"]) for e in ics.walk("VEVENT")] == [gesprek.ics_uid]
    # De Heul gets a neutral notice: the kandidaat found work, without where; no word of consent.
    [notice] = [m for m in mail.outbox if "vervallen" in m.subject]
    assert notice.to == [wereld.werkgever_user.email]
    assert "ander werk gevonden" in notice.body
    for woord in ("Bakkerij", "Brood", "Bert", "Willem", "toestemming", "niet meer in te zien"):
        assert woord not in notice.body, woord
    # Anton (who proposed Willem to De Heul) looks for another kandidaat: a task and a melding that say why.
    [taak] = Taak.objects.filter(voordracht=elders_voordracht)
    assert taak.toegewezen_aan == wereld.accountmanager
    assert "bij een andere werkgever aangenomen" in taak.omschrijving and "toestemming" not in taak.omschrijving
    vervallen = _meldingen(f"vervallen:{elders_voordracht.pk}:")
    assert set(vervallen) == {wereld.accountmanager.pk}
    assert "bij een andere werkgever aangenomen" in vervallen[wereld.accountmanager.pk].tekst
    # Bram arranges the plaatsing at Bakkerij Brood.
    assert Taak.objects.get(voordracht=gekozen).toegewezen_aan == bram
    _nog_eens(VOORDRACHT_VERVALLEN, melding_reacties.voordracht_vervallen, taak_reacties.voordracht_vervallen)
    assert Taak.objects.filter(voordracht=elders_voordracht).count() == 1
    assert len(_meldingen(f"vervallen:{elders_voordracht.pk}:")) == 1
    # Willem reads why that sollicitatie stopped.
    client.force_login(wereld.werkzoekende_user)
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Je bent aangenomen als Bakker bij Bakkerij Brood. Daarom stopt deze sollicitatie." in sollicitaties
    # The cancellation says why, each reader as much as is theirs: De Heul not where, Willem and staff where.
    per_adres = {m.to[0]: m.body for m in annuleringen}
    assert "Reden: de kandidaat is elders aan het werk gegaan." in per_adres[wereld.werkgever_user.email]
    assert "Reden: je bent aangenomen als Bakker bij Bakkerij Brood." in per_adres[wereld.werkzoekende_user.email]
    assert ("Reden: Willem van de Vecht is aangenomen als Bakker bij Bakkerij Brood."
            in per_adres[wereld.accountmanager.email]), per_adres[wereld.accountmanager.email]


def test_hired_at_the_same_werkgever_says_so_not_andere_werkgever(client, wereld, django_capture_on_commit_callbacks):
    """Willem has a gesprek for Monteur at De Heul and is hired there as Magazijnmedewerker: the Monteur voordracht
    closes, and no text may say he was hired by another werkgever."""
    wereld.met_bemiddeling()
    monteur = wereld.voordracht
    magazijn = voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever, titel="Magazijnmedewerker"),
                                 kandidaat=wereld.kandidaat, door=wereld.accountmanager, toelichting="Sterk.")
    voordracht_reageren(voordracht=magazijn, door=wereld.werkgever_user, uitnodigen=True)
    gesprek_plannen(voordracht=magazijn, door=wereld.accountmanager, begint_op=timezone.now() + timedelta(hours=2),
                    locatie="Arnhem", begeleider_gaat_mee=False)
    wereld.gesprek_geweest(magazijn)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voordracht_uitkomst(voordracht=magazijn, door=wereld.werkgever_user, aangenomen=True)

    monteur.refresh_from_db()
    assert monteur.status == Voordracht.Status.ELDERS_GEPLAATST
    [taak] = Taak.objects.filter(voordracht=monteur)
    assert "andere werkgever" not in taak.omschrijving
    assert "De Heul Installatietechniek heeft Willem van de Vecht aangenomen als Magazijnmedewerker" in (
        taak.omschrijving)
    [melding] = _meldingen(f"vervallen:{monteur.pk}:").values()
    assert "andere werkgever" not in melding.tekst
    assert "De Heul Installatietechniek heeft Willem van de Vecht aangenomen als Magazijnmedewerker" in melding.tekst
    client.force_login(wereld.werkzoekende_user)
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "andere werkgever" not in sollicitaties
    assert ("Je bent aangenomen als Magazijnmedewerker bij De Heul Installatietechniek. Daarom stopt deze "
            "sollicitatie.") in sollicitaties
    annuleringen = {m.to[0]: m.body for m in mail.outbox if "Gaat niet door" in m.subject}
    assert "Reden: u heeft Willem aangenomen als Magazijnmedewerker." in annuleringen[wereld.werkgever_user.email]
    assert ("Reden: je bent aangenomen als Magazijnmedewerker bij De Heul Installatietechniek."
            in annuleringen[wereld.werkzoekende_user.email])
    assert "Reden: Willem van de Vecht is aangenomen als" in annuleringen[wereld.klantmanager.email]


def test_a_vacature_the_werkgever_opens_reaches_the_accountmanager(client, wereld, django_capture_on_commit_callbacks):
    beroep = BeroepFactory(naam="servicemonteur")
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Servicemonteur", beroep=beroep,
                               status=Vacature.Status.CONCEPT)
    # A concept says so plainly, with the button that opens it: nobody looks for people yet.
    client.force_login(wereld.werkgever_user)
    pagina = client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
    assert "Deze vacature is nog een concept" in pagina and "Openzetten" in pagina
    assert "Uw accountmanager zoekt mensen die passen" not in pagina

    with django_capture_on_commit_callbacks(execute=True):
        pagina = client.post(reverse("vacature_status", args=[vacature.pk]), {"status": "open"},
                             follow=True).content.decode()
    assert "Uw accountmanager Anton Account hoort het" in pagina
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.accountmanager, werkgever=wereld.werkgever,
                                 sleutel__startswith="vacature_geopend:")
    assert taak.omschrijving == ("Nieuwe vacature van De Heul Installatietechniek: Servicemonteur. "
                                 "Zoek kandidaten die passen.")
    assert taak.uiterlijk == volgende_werkdag(volgende_werkdag(timezone.localdate()))
    [melding] = Melding.objects.filter(sleutel__startswith="vacature_geopend:")
    assert melding.ontvanger == wereld.accountmanager
    assert melding.url == reverse("vacature_matches", args=[vacature.pk])
    _nog_eens(VACATURE_GEOPEND, melding_reacties.vacature_geopend, taak_reacties.vacature_geopend)
    assert Melding.objects.filter(sleutel__startswith="vacature_geopend:").count() == 1
    assert Taak.objects.filter(sleutel__startswith="vacature_geopend:").count() == 1

    # The accountmanager who opens a vacature herself gets no task for it.
    eigen = VacatureFactory(werkgever=wereld.werkgever, titel="Leerling", beroep=beroep, status=Vacature.Status.CONCEPT)
    with django_capture_on_commit_callbacks(execute=True):
        vacature_status_wijzigen(vacature=eigen, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    assert Taak.objects.filter(sleutel__startswith="vacature_geopend:").count() == 1
    assert Melding.objects.filter(sleutel__startswith="vacature_geopend:").count() == 1


def test_a_warme_overdracht_takes_the_open_work_about_the_kandidaat_along(client, wereld,
                                                                        django_capture_on_commit_callbacks):
    """Fatima (UWV) hands Anja over to Jeske (gemeente). Her open tasks about Anja (an action of Anja's plan for
    "mijn contactpersoon", a stopped proefplaatsing) go with the dossier, which she can no longer open; her tasks
    about others, her done tasks and the accountmanager's stay. When Jeske hands it back, her own "overgenomen"
    task is done."""
    fatima = KlantmanagerFactory(voornaam="Fatima", achternaam="Uwv", regio=regio("AM07"))
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gemeente", regio=regio("AM07"))
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=fatima, uitkering="ww")
    ander = KandidaatFactory(klantmanager=fatima)
    with django_capture_on_commit_callbacks(execute=True):
        actie_toevoegen(kandidaat=anja, door=fatima, levensdomein="werk", doel="Werk als schilder",
                        omschrijving="Oriëntatiegesprek bij schildersbedrijf regelen",
                        eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    [actietaak] = Taak.objects.filter(toegewezen_aan=fatima, sleutel__startswith="actie:")
    assert actietaak.kandidaat == anja
    proef = Taak.objects.create(toegewezen_aan=fatima, kandidaat=anja, omschrijving="Proefplaatsing gestopt",
                                sleutel="proef_gestopt:1")
    klaar = Taak.objects.create(toegewezen_aan=fatima, kandidaat=anja, omschrijving="Al gedaan",
                                afgerond_op=timezone.now())
    over_ander = Taak.objects.create(toegewezen_aan=fatima, kandidaat=ander, omschrijving="Over een ander")
    van_am = Taak.objects.create(toegewezen_aan=wereld.accountmanager, kandidaat=anja, omschrijving="Van de am")

    client.force_login(fatima)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overdracht", args=[anja.pk]), {"naar": jeske.pk, "notitie": "WW eindigt 1 maart."})
    for taak in (actietaak, proef, klaar, over_ander, van_am):
        taak.refresh_from_db()
    assert (actietaak.toegewezen_aan, proef.toegewezen_aan) == (jeske, jeske)
    assert actietaak.afgerond_op is None and proef.afgerond_op is None
    assert (klaar.toegewezen_aan, over_ander.toegewezen_aan, van_am.toegewezen_aan) == (
        fatima, fatima, wereld.accountmanager)
    [overgenomen] = Taak.objects.filter(toegewezen_aan=jeske, sleutel__startswith="overdracht:")
    assert overgenomen.kandidaat == anja
    assert "Oriëntatiegesprek" not in client.get(reverse("taken")).content.decode()

    # On Jeske's list every task about Anja leads to her dossier, the plan action's to her plan.
    client.force_login(jeske)
    lijst = client.get(reverse("taken")).content.decode()
    assert "Oriëntatiegesprek bij schildersbedrijf regelen" in lijst
    assert lijst.count(f'href="{reverse("dossier", args=[anja.pk])}"') == 2
    assert lijst.count(f'href="{reverse("plan_van_aanpak", args=[anja.pk])}"') == 1

    # Jeske hands it back: her "overgenomen" task is done, the work goes back to Fatima.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overdracht", args=[anja.pk]), {"naar": fatima.pk, "notitie": "Toch WW, terug."})
    overgenomen.refresh_from_db()
    actietaak.refresh_from_db()
    assert overgenomen.afgerond_op is not None and overgenomen.toegewezen_aan == jeske
    assert actietaak.toegewezen_aan == fatima and actietaak.afgerond_op is None
    assert not Taak.objects.filter(toegewezen_aan=jeske, afgerond_op__isnull=True).exists()


def test_handovers_handled_out_of_order_send_the_work_to_who_holds_the_dossier_now(client, wereld):
    """Fatima hands Anja to Jeske and Jeske at once back, before the worker handled either: when the first reaction
    runs last, the tasks must not land on Jeske, who no longer has the dossier; a coordinator's escalation stays."""
    fatima = KlantmanagerFactory(voornaam="Fatima", achternaam="Uwv", regio=regio("AM07"))
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gemeente", regio=regio("AM07"))
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=fatima)
    werk = Taak.objects.create(toegewezen_aan=fatima, kandidaat=anja, omschrijving="Bel Anja", sleutel="actie:9")
    escalatie = Taak.objects.create(toegewezen_aan=fatima, kandidaat=anja, omschrijving="Te laat: verzoek",
                                    sleutel="rechtenverzoek:1:escalatie:1")
    warme_overdracht(kandidaat=anja, door=fatima, naar=jeske, notitie="WW eindigt.")
    warme_overdracht(kandidaat=anja, door=jeske, naar=fatima, notitie="Toch terug.")
    heen, terug = Gebeurtenis.objects.filter(soort=DOSSIER_OVERGEDRAGEN).order_by("pk")
    gebeurtenis_verwerken(terug.pk)
    gebeurtenis_verwerken(heen.pk)
    werk.refresh_from_db()
    escalatie.refresh_from_db()
    assert werk.toegewezen_aan == fatima and escalatie.toegewezen_aan == fatima
    assert not Taak.objects.filter(toegewezen_aan=jeske, afgerond_op__isnull=True).exists()


def test_a_plaatsing_started_before_the_hire_was_handled_gets_no_task_that_never_closes(wereld):
    """The accountmanager reads "regel de plaatsing" on the page and starts it at once; the reaction to the hire runs
    later (a backlog): its task would wait for a start that already came."""
    wereld.met_bemiddeling()
    voordracht = wereld.voordracht
    wereld.gesprek_geweest(voordracht)
    voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=True)
    plaatsing_starten(voordracht=voordracht, door=wereld.accountmanager, soort=Plaatsing.Soort.VAST,
                      functie="Monteur", startdatum=timezone.localdate(), einddatum=None, uren_per_week=36)
    for gebeurtenis in Gebeurtenis.objects.filter(verwerkt_op__isnull=True).order_by("-pk"):
        gebeurtenis_verwerken(gebeurtenis.pk)  # the start first, the hire last
    assert not Taak.objects.filter(voordracht=voordracht, afgerond_op__isnull=True).exists()


def test_the_melding_about_a_voordracht_goes_where_its_task_goes_when_its_accountmanager_left(
        wereld, django_capture_on_commit_callbacks):
    """The task went to the werkgever's accountmanager once the one who made the voordracht had left; the melding
    still went to the inactive account."""
    wereld.met_bemiddeling()
    voordracht = wereld.voordracht
    opvolger = AccountmanagerFactory(regio=wereld.werkgever.regio)
    type(wereld.werkgever).objects.filter(pk=wereld.werkgever.pk).update(accountmanager=opvolger)
    type(wereld.accountmanager).objects.filter(pk=wereld.accountmanager.pk).update(is_active=False)
    wereld.gesprek_geweest(voordracht)
    with django_capture_on_commit_callbacks(execute=True):
        voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=False,
                            reden=Voordracht.Reden.values[0])
    ontvangers = set(Melding.objects.filter(sleutel__startswith=f"afgewezen:{voordracht.pk}:").values_list(
        "ontvanger_id", flat=True))
    assert opvolger.pk in ontvangers and wereld.accountmanager.pk not in ontvangers


def test_the_klantmanager_hears_when_the_work_starts(wereld):
    """The accountmanager arranged and the werkgever signed the proefplaatsing; the klantmanager, whose uitkering and
    plan follow it, heard nothing."""
    wereld.met_plaatsing()  # Anja: hired, proefplaatsing signed and running (events not yet handled)
    for gebeurtenis in Gebeurtenis.objects.filter(verwerkt_op__isnull=True).order_by("pk"):
        gebeurtenis_verwerken(gebeurtenis.pk)
    assert Gebeurtenis.objects.filter(soort=PLAATSING_GESTART).exists()
    klantmanager = wereld.plaatsing.kandidaat.klantmanager
    [melding] = Melding.objects.filter(ontvanger=klantmanager, sleutel__startswith=f"gestart:{wereld.plaatsing.pk}:")
    assert melding.tekst.startswith(f"{wereld.plaatsing.kandidaat} is begonnen bij {wereld.werkgever.naam}: ")
    assert melding.url == reverse("plaatsing_detail", args=[wereld.plaatsing.pk])


def test_a_signed_plaatsing_that_starts_next_week_has_not_begun(client, wereld, django_capture_on_commit_callbacks):
    """The werkgever signs today for a start in a week: the plaatsing runs (LOPEND), but nobody reads that Willem
    has begun; everyone reads when he starts."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)
    start = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        plaatsing = plaatsing_starten(voordracht=wereld.voordracht, door=wereld.accountmanager,
                                      soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=start,
                                      einddatum=start + timedelta(days=50), uren_per_week=32)
        proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV",
                               op=timezone.localdate())
        overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)
        plaatsing = overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn")
    assert plaatsing.status == Plaatsing.Status.LOPEND
    dag = datums.kort(start, "j F")
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager,
                                       sleutel__startswith=f"gestart:{plaatsing.pk}:")
    assert "is begonnen" not in melding.tekst
    assert f"{wereld.kandidaat} begint op {dag} bij {wereld.werkgever.naam}" in melding.tekst
    for wie in (wereld.accountmanager, wereld.werkgever_user):
        client.force_login(wie)
        pagina = client.get(reverse("plaatsing_detail", args=[plaatsing.pk])).content.decode()
        assert f"Getekend, start op {dag}" in pagina and ">Loopt<" not in pagina
        # Nor the verloop: its line of the signing said "Loopt (ondertekend door Martijn)" under that heading.
        assert f"Getekend, start op {dag} (ondertekend door Martijn)" in pagina and "Loopt (" not in pagina
    client.force_login(wereld.werkgever_user)
    assert f"getekend, start op {dag}" in client.get(reverse("werkgever_home")).content.decode()
    client.force_login(wereld.werkzoekende_user)
    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert f"Je begint op {datums.kort(start, 'l j F')} bij {wereld.werkgever.naam}." in home
    assert "Je bent begonnen" not in home
    assert reis_bepalen(situatie_van(wereld.kandidaat)).nu.nummer == 8  # "Ik word aangenomen en start"


def test_the_step_of_a_voordracht_stopped_by_closing_is_stored_in_dutch(client, wereld,
                                                                         django_capture_on_commit_callbacks):
    """The step's note is written when the closing commits, in the language of the klantmanager who closes: with the
    English portal, Anton read "(The case file is closed.)" in the verloop of the voordracht in his Dutch portal."""
    wereld.met_bemiddeling()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    stap = VoordrachtTransitie.objects.get(voordracht=wereld.voordracht, naar=Voordracht.Status.ZONDER_TOESTEMMING)
    assert stap.toelichting == "Het dossier is gesloten."
    client.force_login(wereld.accountmanager)
    # The verloop names the step by its cause (``VoordrachtTransitie.naar_weergave``), so the note is not repeated.
    pagina = client.get(reverse("voordracht_detail", args=[wereld.voordracht.pk])).content.decode()
    assert "Gestopt: dossier gesloten, Karin" in pagina and "case file" not in pagina


def test_a_consent_ended_by_an_earlier_closing_keeps_its_cause_after_the_dossier_reopens(
        client, wereld, django_capture_on_commit_callbacks):
    """Karin closes Willem's dossier (his consent to share with the werkgever ends with it) and opens it again
    later. The cause was read off the dossier's closing moment, which reopening clears: his consents page then said
    "ingetrokken op" and the vacature's row "toestemming ingetrokken", what Willem never did. Closed a second time,
    the first closing's consents ended before it, and read as withdrawn too. One he withdrew himself in between
    still says so."""
    wereld.met_plaatsing()
    km, am, voordracht = wereld.klantmanager, wereld.accountmanager, wereld.voordracht
    # Turned down before the closing: not stopped by it, so its row reads the consent's cause.
    voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=False,
                        reden=Voordracht.Reden.ERVARING)
    eerste = voordracht.toestemming
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_heropenen(kandidaat=wereld.kandidaat, door=km)

    def toestemmingen():
        client.force_login(wereld.werkzoekende_user)
        return client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()

    def rij():
        client.force_login(am)
        rijen = client.get(reverse("vacature_detail", args=[wereld.vacature.pk])).content.decode()
        return rijen.split(f'href="/voordrachten/{voordracht.pk}/"')[1].split("</tr>")[0]

    def banner():
        client.force_login(am)
        return client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()

    assert "je dossier is gesloten" in toestemmingen() and "ingetrokken op" not in toestemmingen()
    assert "dossier gesloten" in rij() and "toestemming ingetrokken" not in rij()
    assert "Het dossier van de kandidaat is gesloten" in banner() and "toestemming ingetrokken" not in banner()

    # Open again: he shares with the werkgever once more, then withdraws it himself; Karin closes the dossier again.
    with django_capture_on_commit_callbacks(execute=True):
        zelf = toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                    werkgever=wereld.werkgever, door=wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=zelf, door=wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=wereld.kandidaat, door=km, reden="werk")
    eerste.refresh_from_db()
    zelf.refresh_from_db()
    assert eerste.ingetrokken_op < zelf.ingetrokken_op
    pagina = toestemmingen()
    assert pagina.count("je dossier is gesloten") == 1 and pagina.count("ingetrokken op") == 1
    assert "dossier gesloten" in rij() and "toestemming ingetrokken" not in rij()
