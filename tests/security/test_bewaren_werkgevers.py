"""Retention of a werkgever known only from verzoeken closed without contact (category ``werkgever_zonder_relatie``).

Before: a KvK-nummer the portal did not know became a werkgever with whoever asked as its contactpersoon (name, phone,
mail, also on its organisatie). When that verzoek was closed without contact (nobody answered, spam, a werkzoekende on
the werkgevers' form), the verzoek lost the asker a year later, but the werkgever kept them for ever. Now they go a
year after the last closing, unless a relation began, and the company's own data stays. A werkgever whose every
verzoek was no question for the WSP (category ``werkgever_zonder_vraag``) was never one: it goes altogether, with
what was typed as its name and address (a werkzoekende's own, perhaps)."""

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Collegauitnodiging, Organisatie, Verwerking
from accounts.tests.factories import AccountmanagerFactory
from outbox.models import Mail
from privacy import bewaren
from privacy.bewaren import bewaartermijnen_toepassen
from taken.services import taak_aanmaken
from tests.plannen import leest_hoogstens
from werkgevers.models import AccountmanagerToewijzing, Bedrijfsbezoek, Verzoek, Vestiging, Werkgever
from werkgevers.services import (
    accountmanager_toewijzen,
    verzoek_indienen,
    verzoek_oppakken,
    verzoek_sluiten,
)
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory, WerkgeverUserFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
PEILDATUM = datetime(2026, 12, 15, 3, 15, tzinfo=AMS)  # the nightly run
CATEGORIE = "werkgever_zonder_relatie"
ZONDER_VRAAG = "werkgever_zonder_vraag"
NIET_BEREIKBAAR, GEEN_VRAAG = Verzoek.Sluitreden.NIET_BEREIKBAAR, Verzoek.Sluitreden.GEEN_VRAAG

VELDEN = dict(bedrijfsnaam="Klusbedrijf Piet", kvk_nummer="30000001", adres="Dorpsstraat 1", postcode="6822 AB",
              plaats="Arnhem", sector="Bouw", aantal_medewerkers=1, kanaal=Verzoek.Kanaal.WEBFORMULIER)
VRAGER = dict(contactpersoon="Piet Pieters", telefoon="06 11111111", email="piet@klus.example.nl",
              vraag="Ik zoek zelf werk als timmerman.")


@pytest.fixture(autouse=True)
def een_jaar(settings):
    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "verzoek": 365}


def gesloten_verzoek(wereld, *, gesloten=366, ontvangen=400, oppakken=False, reden=NIET_BEREIKBAAR, **anders):
    """A verzoek received ``ontvangen`` days before the nightly run and closed without contact ``gesloten`` days
    before it (``oppakken``: picked up from the queue first, which makes her the vaste accountmanager)."""
    with time_machine.travel(PEILDATUM - timedelta(days=ontvangen), tick=False):
        verzoek = verzoek_indienen(**{**VELDEN, **VRAGER, **anders})
        if oppakken:
            verzoek_oppakken(verzoek=verzoek, accountmanager=wereld.accountmanager)
    with time_machine.travel(PEILDATUM - timedelta(days=gesloten), tick=False):
        return verzoek_sluiten(verzoek=verzoek, door=wereld.accountmanager, reden=reden,
                               toelichting="Drie keer gebeld.")


def contact(werkgever):
    werkgever.refresh_from_db()
    werkgever.organisatie.refresh_from_db()
    return (werkgever.contactpersoon_naam, werkgever.contactpersoon_telefoon, werkgever.contactpersoon_email,
            werkgever.organisatie.telefoon, werkgever.organisatie.email)


PIET = ("Piet Pieters", "06 11111111", "piet@klus.example.nl", "06 11111111", "piet@klus.example.nl")
LEEG = ("", "", "", "", "")


def droog_en_echt(categorie=CATEGORIE):
    with time_machine.travel(PEILDATUM, tick=False):
        droog = bewaartermijnen_toepassen(categorieen=[categorie]).regels[0].ids
        bewaartermijnen_toepassen(droog=False, categorieen=[categorie])
    return droog


def test_the_asker_goes_from_a_werkgever_whose_verzoeken_were_all_closed_without_contact_long_ago(wereld):
    """The second verzoek was picked up from the queue before it was closed: that made the accountmanager his vaste
    one, but no relation began. The dry run lists the werkgever and changes nothing; the real run wipes the
    contactpersoon on the werkgever and its organisatie and keeps the company's own data; a second run finds
    nothing more."""
    eerste = gesloten_verzoek(wereld, gesloten=500, ontvangen=520, reden=GEEN_VRAAG)
    tweede = gesloten_verzoek(wereld, oppakken=True, reden=NIET_BEREIKBAAR)
    werkgever = eerste.werkgever
    assert tweede.werkgever == werkgever and werkgever.accountmanager == wereld.accountmanager
    assert contact(werkgever) == PIET
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_toepassen(categorieen=[CATEGORIE])
        assert rapport.droog and rapport.regels[0].ids == [werkgever.pk]
        assert contact(werkgever) == PIET
        uit = StringIO()
        call_command("bewaartermijnen", "--categorie", CATEGORIE, stdout=uit)
        assert f"- {CATEGORIE}: 1 (" in uit.getvalue() and str(werkgever.pk) in uit.getvalue()
        assert contact(werkgever) == PIET
        assert bewaartermijnen_toepassen(droog=False, categorieen=[CATEGORIE]).regels[0].ids == [werkgever.pk]
        assert contact(werkgever) == LEEG
        voor = list(Werkgever.objects.values()), list(Organisatie.objects.values())
        assert bewaartermijnen_toepassen(droog=False, categorieen=[CATEGORIE]).regels[0].ids == []
        assert (list(Werkgever.objects.values()), list(Organisatie.objects.values())) == voor
    werkgever.refresh_from_db()
    assert (werkgever.naam, werkgever.kvk_nummer, werkgever.sector) == ("Klusbedrijf Piet", "30000001", "Bouw")
    assert werkgever.organisatie.naam == "Klusbedrijf Piet"
    assert [(v.adres, v.plaats) for v in werkgever.vestigingen.all()] == [("Dorpsstraat 1", "Arnhem")]
    assert Verwerking.objects.filter(actie=Verwerking.Actie.VERWIJDEREN,
                                     doel__contains="werkgever zonder relatie").exists()


def _accountmanager_nu(wereld, werkgever):
    accountmanager_toewijzen(werkgever=werkgever, accountmanager=wereld.accountmanager, door=wereld.beheerder)


def _accountmanager_ooit(wereld, werkgever):
    # Assigned once and no longer (the history only): the relation was there.
    AccountmanagerToewijzing.objects.create(werkgever=werkgever, accountmanager=wereld.accountmanager,
                                            toegewezen_door=wereld.beheerder, van=PEILDATUM - timedelta(days=900),
                                            tot=PEILDATUM - timedelta(days=800))


def _ander_na_oppakken(wereld, werkgever):
    # Picked up by one, then handed to another by the coordinator: that is relatiebeheer.
    accountmanager_toewijzen(werkgever=werkgever, accountmanager=AccountmanagerFactory(regio=werkgever.regio),
                             door=wereld.beheerder)


def _contact(wereld, werkgever):
    # Long ago, and alone: the accountmanager and "laatste contact" that a first contact also sets are checked apart.
    with time_machine.travel(PEILDATUM - timedelta(days=700), tick=False):
        verzoek = verzoek_indienen(**{**VELDEN, **VRAGER})
    Verzoek.objects.filter(pk=verzoek.pk).update(status=Verzoek.Status.CONTACT,
                                                 contact_opgenomen_op=PEILDATUM - timedelta(days=699))


def _open(wereld, werkgever):
    with time_machine.travel(PEILDATUM - timedelta(days=2), tick=False):
        verzoek_indienen(**{**VELDEN, **VRAGER, "vraag": "Nog een vraag."})


def _recent_gesloten(wereld, werkgever):
    gesloten_verzoek(wereld, gesloten=30, ontvangen=31)


def _vacature(wereld, werkgever):
    VacatureFactory(werkgever=werkgever)


def _account(wereld, werkgever):
    WerkgeverUserFactory(werkgever=werkgever, is_active=False)  # even one that left, or waits for its invitation


def _uitnodiging(wereld, werkgever):
    Collegauitnodiging.objects.create(door=wereld.werkgever_user, organisatie=werkgever.organisatie,
                                      email="collega@klus.example.nl", voornaam="Col", achternaam="Lega")


def _bezoek(wereld, werkgever):
    Bedrijfsbezoek.objects.create(werkgever=werkgever, bezocht_op=(PEILDATUM - timedelta(days=800)).date(),
                                  accountmanager=wereld.accountmanager, verslag="Kennismaking.")


def _laatste_contact(wereld, werkgever):
    Werkgever.objects.filter(pk=werkgever.pk).update(laatste_contact_op=(PEILDATUM - timedelta(days=800)).date())


def _taak(wereld, werkgever):
    taak_aanmaken(voor=wereld.accountmanager, omschrijving="Bel terug", werkgever=werkgever)


@pytest.mark.parametrize("relatie", [
    _accountmanager_nu, _accountmanager_ooit, _ander_na_oppakken, _contact, _open, _recent_gesloten, _vacature,
    _account, _uitnodiging, _bezoek, _laatste_contact, _taak,
], ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("reden", [NIET_BEREIKBAAR, GEEN_VRAAG])
def test_the_contactpersoon_stays_while_there_is_or_was_a_relation(wereld, relatie, reden):
    """Each of these alone keeps the werkgever and its contactpersoon: the same werkgever without it is wiped (the
    first test) or, when its verzoeken were no question for the WSP, removed."""
    werkgever = gesloten_verzoek(wereld, oppakken=relatie is _ander_na_oppakken, reden=reden).werkgever
    relatie(wereld, werkgever)
    assert droog_en_echt() == [] and droog_en_echt(ZONDER_VRAAG) == []
    assert contact(werkgever) == PIET


def test_the_period_is_that_of_the_verzoeken(wereld, settings):
    """BEWAARTERMIJN_VERZOEK_DAGEN: the werkgever loses the asker when the verzoeken themselves do."""
    werkgever = gesloten_verzoek(wereld, gesloten=30, ontvangen=31).werkgever
    assert droog_en_echt() == []
    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "verzoek": 29}
    assert droog_en_echt() == [werkgever.pk]
    assert contact(werkgever) == LEEG


def test_a_later_verzoek_does_not_make_its_asker_the_contact_of_a_company(wereld):
    """Anyone can send the public form with any KvK-nummer (a public number). A werkgever without a contactpersoon
    (wiped here, or emptied by the accountmanager after the contact left) would otherwise hand its mails (voordrachten
    with kandidaten, the overeenkomst to sign) to whoever typed its number. The asker is on the verzoek, where the
    accountmanager calls them from; who the company's contact is, she decides after that call."""
    werkgever = gesloten_verzoek(wereld).werkgever
    assert droog_en_echt() == [werkgever.pk]
    nieuw = verzoek_indienen(**VELDEN, contactpersoon="Mallory", telefoon="06 22222222", email="mallory@x.example",
                             vraag="Stuur mij de kandidaten.")
    assert nieuw.werkgever == werkgever and (nieuw.contactpersoon, nieuw.email) == ("Mallory", "mallory@x.example")
    assert contact(werkgever) == LEEG
    echt = wereld.werkgever
    Werkgever.objects.filter(pk=echt.pk).update(contactpersoon_naam="", contactpersoon_telefoon="",
                                                contactpersoon_email="")
    verzoek_indienen(**{**VELDEN, "kvk_nummer": echt.kvk_nummer, "postcode": "6822 AB"}, contactpersoon="Mallory",
                     telefoon="06 22222222", email="mallory@x.example", vraag="Stuur mij de kandidaten.")
    echt.refresh_from_db()
    assert "mallory@x.example" not in (echt.contactpersoon_email, echt.organisatie.email)


def test_a_werkgever_whose_every_verzoek_was_no_question_for_the_wsp_goes_altogether(wereld):
    """A werkzoekende who used the werkgevers' form typed her own name as the company's and her home address as its
    vestiging (the KvK-nummer is not checked against the register): wiping the contactpersoon alone kept both for
    good. Never a werkgever, it goes: werkgever, organisatie, vestiging, verzoeken; a werkgever of which one verzoek
    was a question keeps its company data (the first test)."""
    eerste = gesloten_verzoek(wereld, gesloten=500, ontvangen=520, reden=GEEN_VRAAG, bedrijfsnaam="Jan de Vries",
                              adres="Lindelaan 7")
    gesloten_verzoek(wereld, oppakken=True, reden=GEEN_VRAAG, bedrijfsnaam="Jan de Vries", adres="Lindelaan 7")
    werkgever = eerste.werkgever
    anders = gesloten_verzoek(wereld, kvk_nummer="30000002", reden=NIET_BEREIKBAAR).werkgever
    gesloten_verzoek(wereld, kvk_nummer="30000002", reden=GEEN_VRAAG, gesloten=400, ontvangen=410)
    assert droog_en_echt(ZONDER_VRAAG) == [werkgever.pk]
    assert not Werkgever.objects.filter(pk=werkgever.pk).exists()
    assert not Organisatie.objects.filter(pk=werkgever.organisatie_id).exists()
    assert not Verzoek.objects.filter(werkgever_id=werkgever.pk).exists()
    assert not Werkgever.objects.filter(naam="Jan de Vries").exists()
    assert not Vestiging.objects.filter(adres="Lindelaan 7").exists()
    assert Werkgever.objects.filter(pk=anders.pk).exists()
    assert Verwerking.objects.filter(actie=Verwerking.Actie.VERWIJDEREN,
                                     doel__contains="zonder vraag voor het WSP").exists()
    assert droog_en_echt(ZONDER_VRAAG) == []
    # The same KvK-nummer later is a new werkgever.
    nieuw = verzoek_indienen(**{**VELDEN, **VRAGER})
    assert nieuw.werkgever.pk != werkgever.pk


def test_the_pages_of_a_werkgever_without_a_contactpersoon_still_work(client, wereld):
    werkgever = gesloten_verzoek(wereld).werkgever
    droog_en_echt()
    client.force_login(wereld.accountmanager)
    detail = client.get(reverse("werkgever_detail", args=[werkgever.pk]))
    assert detail.status_code == 200 and "Klusbedrijf Piet" in detail.content.decode()
    assert "Piet Pieters" not in detail.content.decode() and "06 11111111" not in detail.content.decode()
    lijst = client.get(reverse("werkgevers_regio"), {"q": "Klusbedrijf"})
    assert lijst.status_code == 200 and [w.pk for w in lijst.context["blad"].object_list] == [werkgever.pk]
    # A new vaste accountmanager is told to the company's addresses: there are none, and nothing breaks.
    mails = Mail.objects.count()
    accountmanager_toewijzen(werkgever=werkgever, accountmanager=AccountmanagerFactory(regio=werkgever.regio),
                             door=wereld.beheerder)
    assert Mail.objects.count() == mails
    assert client.get(reverse("werkgever_detail", args=[werkgever.pk])).status_code == 200


def test_the_selection_reads_only_the_werkgevers_with_a_verzoek_closed_before_the_period(wereld):
    """At national volume (20,000 werkgevers) the nightly run starts from the verzoeken closed without contact, not
    from every werkgever: with many werkgevers and one such verzoek, PostgreSQL reads a handful of werkgevers."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL")
    WerkgeverFactory.create_batch(300, gemeente=wereld.werkgever.gemeente)
    werkgever = gesloten_verzoek(wereld).werkgever
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE werkgevers_werkgever")
        cursor.execute("ANALYZE werkgevers_verzoek")
    for droog in (True, False):  # the real run takes its batches with LIMIT and FOR UPDATE SKIP LOCKED
        with time_machine.travel(PEILDATUM, tick=False), CaptureQueriesContext(connection) as queries:
            assert bewaartermijnen_toepassen(droog=droog, categorieen=[CATEGORIE]).regels[0].ids == [werkgever.pk]
        # A few found are sorted by id; at volume they are a few of the 20,000.
        leest_hoogstens(queries, "werkgevers_werkgever", 5, opzoeken=True, sorteren=True)


def test_the_category_is_in_the_documentation():
    tekst = (Path(settings.BASE_DIR) / "docs" / "privacy.md").read_text()
    assert f"| `{CATEGORIE}` | `BEWAARTERMIJN_VERZOEK_DAGEN` | 365 |" in tekst
    assert any(c.naam == CATEGORIE and c.instelling == "verzoek" for c in bewaren.CATEGORIEEN)
