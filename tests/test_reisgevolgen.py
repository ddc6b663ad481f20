"""What one role does reaches the others (journey events, after commit): consent withdrawn, a warme
overdracht, a plan action for the contactpersoon. Each of these failed before the events existed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from accounts.tests.factories import KlantmanagerFactory, regio
from bemiddeling.models import Voordracht
from bemiddeling.selectors import vacatures_met_tellingen
from bemiddeling.services import voordrachten_herinneren
from taken.models import Taak
from werkzoekenden.models import Actie, KlantmanagerToewijzing
from werkzoekenden.services import actie_toevoegen, actie_wijzigen, toestemming_intrekken
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
