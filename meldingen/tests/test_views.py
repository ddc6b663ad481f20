import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sessie
from berichten.services import wisseling_starten
from meldingen.models import Melding, MeldingVoorkeur
from meldingen.selectors import MET_DE_SESSIE, TELLER_MAX, aantal_ongelezen
from meldingen.services import melding_maken, meldingen_maken

pytestmark = pytest.mark.django_db


def _melding(wereld, sleutel="t:1", url="/mijn/plan/"):
    return melding_maken(ontvanger=wereld.werkzoekende_user, soort="plan", tekst="Je plan is aangepast.",
                         url=url, sleutel=sleutel)


def test_count_in_the_header_for_every_role(client, wereld):
    for rol, gebruiker in wereld.per_rol().items():
        client.force_login(gebruiker)
        inhoud = client.get(reverse("meldingen")).content.decode()
        assert ", geen nieuwe" in inhoud and ">Berichten</a>" in inhoud, rol
    _melding(wereld)
    _melding(wereld, "t:2")
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(reverse("werkzoekende_home")).content.decode()
    assert '<span class="wsp-bel__aantal" aria-hidden="true">2</span>' in inhoud and ", 2 ongelezen" in inhoud


def test_open_marks_read_and_goes_there(client, wereld):
    melding = _melding(wereld)
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("melding_openen", args=[melding.pk]))
    assert antwoord.status_code == 302 and antwoord["Location"] == "/mijn/plan/"
    melding.refresh_from_db()
    assert melding.gelezen_op is not None


def test_an_outside_url_is_never_followed(client, wereld):
    melding = _melding(wereld, url="https://kwaad.example/")
    client.force_login(wereld.werkzoekende_user)
    assert client.post(reverse("melding_openen", args=[melding.pk]))["Location"] == reverse("meldingen")
    andere = _melding(wereld, "t:2")
    antwoord = client.post(reverse("melding_gelezen", args=[andere.pk]), {"terug": "//kwaad.example/"})
    assert antwoord["Location"] == reverse("meldingen")


def test_mark_one_and_all_read(client, wereld):
    een, _twee, _drie = _melding(wereld, "a"), _melding(wereld, "b"), _melding(wereld, "c")
    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("melding_gelezen", args=[een.pk]), {"terug": "/meldingen/?pagina=1"})
    assert Melding.objects.filter(gelezen_op__isnull=True).count() == 2
    client.post(reverse("meldingen_alles_gelezen"))
    assert not Melding.objects.filter(gelezen_op__isnull=True).exists()


def test_preference_page(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("melding_voorkeur")).content.decode()
    assert 'value="portaal" ' in pagina and "checked" in pagina  # bellen: in the portal only, until chosen
    assert client.post(reverse("melding_voorkeur"), {"bezorging": "onzin"}).status_code == 400
    client.post(reverse("melding_voorkeur"), {"bezorging": "dagelijks"})
    assert MeldingVoorkeur.objects.get(gebruiker=wereld.werkzoekende_user).bezorging == "dagelijks"
    client.force_login(wereld.werkgever_user)
    assert "Hoe wilt u horen" in client.get(reverse("melding_voorkeur")).content.decode()


def _bel(inhoud):
    """The count the header's bell shows ('' for none)."""
    gevonden = re.search(r'<span class="wsp-bel__aantal" aria-hidden="true">([^<]*)</span>', inhoud)
    return gevonden.group(1) if gevonden else ""


def test_the_header_count_comes_with_the_session_query(client, wereld):
    """No query of its own on a page: the count is a column of the session's read (accounts.sessieopslag.mee_lezen,
    meldingen.selectors.ongelezen_met_de_sessie), and it is the same count."""
    _melding(wereld, "t:1")
    _melding(wereld, "t:2")
    Melding.objects.create(ontvanger=wereld.werkzoekende_user, soort="plan", tekst="gelezen", sleutel="t:3",
                           gelezen_op=timezone.now())
    melding_maken(ontvanger=wereld.klantmanager, soort="plan", tekst="voor een ander", url="/", sleutel="t:4")
    client.force_login(wereld.werkzoekende_user)
    with CaptureQueriesContext(connection) as ctx:
        inhoud = client.get(reverse("mijn_plan")).content.decode()
    assert _bel(inhoud) == "2" and ", 2 ongelezen" in inhoud
    meldingen = [q["sql"] for q in ctx.captured_queries if "meldingen_melding" in q["sql"]]
    assert len(meldingen) == 1 and "accounts_sessie" in meldingen[0], meldingen


def test_the_capped_count_with_the_session_is_the_same_as_apart(client, wereld):
    meldingen_maken([{"ontvanger": wereld.werkzoekende_user, "soort": "plan", "tekst": f"x{i}", "sleutel": f"c{i}"}
                     for i in range(TELLER_MAX + 5)])
    assert aantal_ongelezen(wereld.werkzoekende_user) == TELLER_MAX + 1
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.get(reverse("mijn_plan"))
    assert antwoord.wsgi_request.user.__dict__[MET_DE_SESSIE] == TELLER_MAX + 1
    assert _bel(antwoord.content.decode()) == f"{TELLER_MAX}+"


def test_opening_a_thread_reads_its_meldingen_and_the_header_of_that_page_says_so(client, wereld):
    """The thread page marks its meldingen read before it renders: the count read with the session no longer holds
    (meldingen.services forgets it), so the header of that same page asks again."""
    wisseling = wisseling_starten(door=wereld.klantmanager, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoe gaat het?")
    Melding.objects.filter(ontvanger=wereld.werkzoekende_user).delete()
    melding_maken(ontvanger=wereld.werkzoekende_user, soort="bericht", tekst="Nieuw bericht", sleutel="w:1",
                  url=reverse("wisseling", args=[wisseling.pk]))
    _melding(wereld, "t:1")
    client.force_login(wereld.werkzoekende_user)
    assert _bel(client.get(reverse("mijn_plan")).content.decode()) == "2"
    assert _bel(client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()) == "1"
    Melding.objects.filter(ontvanger=wereld.werkzoekende_user).update(gelezen_op=timezone.now())
    assert _bel(client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()) == ""


def test_someone_logged_in_on_a_session_that_names_another_gets_their_own_count(client, wereld):
    """A session whose gebruiker column names someone else (a session from before the column): the person is read
    apart, and so is their count."""
    _melding(wereld, "t:1")
    client.force_login(wereld.werkzoekende_user)
    Sessie.objects.update(gebruiker_id=wereld.klantmanager.pk)
    melding_maken(ontvanger=wereld.klantmanager, soort="plan", tekst="a", url="/", sleutel="k:1")
    melding_maken(ontvanger=wereld.klantmanager, soort="plan", tekst="b", url="/", sleutel="k:2")
    antwoord = client.get(reverse("mijn_plan"))
    assert antwoord.wsgi_request.user == wereld.werkzoekende_user
    assert MET_DE_SESSIE not in antwoord.wsgi_request.user.__dict__
    assert _bel(antwoord.content.decode()) == "1"
