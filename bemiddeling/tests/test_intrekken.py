"""The accountmanager withdraws a voordracht. Before: one button, no reason asked, and nothing reached anyone: the
planned gesprek stayed in every agenda (no CANCEL), the werkzoekende and her klantmanager were not told, and the
werkgever's melding still asked him to answer."""

import pytest
from django.core import mail
from django.urls import reverse

from bemiddeling.models import Voordracht
from bemiddeling.services import voordracht_intrekken
from meldingen.models import Melding

pytestmark = pytest.mark.django_db

S = Voordracht.Status
REDEN = "Willem is de komende twee maanden in behandeling; daarna zoeken we verder."


def test_the_page_asks_why_and_says_who_hears_it(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    url = reverse("voordracht_intrekken", args=[wereld.voordracht.pk])
    detail = client.get(reverse("voordracht_detail", args=[wereld.voordracht.pk])).content.decode()
    assert f'href="{url}"' in detail
    html = client.get(url).content.decode()
    assert "Waarom trek je de voordracht in?" in html
    assert "De Heul Installatietechniek" in html and "Het gesprek op" in html and "wordt afgezegd" in html

    response = client.post(url, {"toelichting": "   "})
    assert response.status_code == 400
    assert "Schrijf kort waarom" in response.content.decode()
    wereld.voordracht.refresh_from_db()
    assert wereld.voordracht.status == S.GESPREK_GEPLAND


def test_withdrawing_cancels_the_gesprek_and_tells_everyone(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    voordracht = wereld.voordracht
    client.force_login(wereld.accountmanager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voordracht_intrekken", args=[voordracht.pk]), {"toelichting": REDEN})
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == S.INGETROKKEN
    laatste = voordracht.transities.order_by("-id").first()
    assert (laatste.naar, laatste.door, laatste.toelichting) == (S.INGETROKKEN, wereld.accountmanager, REDEN)

    assert voordracht.gesprekken.get().geannuleerd_op is not None
    afgezegd = {m.to[0]: m.body for m in mail.outbox if "Gaat niet door" in m.subject}
    assert "Reden: je voordracht is ingetrokken." in afgezegd[wereld.werkzoekende_user.email]
    assert "Reden: de voordracht is ingetrokken." in afgezegd[wereld.werkgever_user.email]
    [bericht] = [m for m in mail.outbox if "vervallen" in m.subject]
    assert bericht.to == [wereld.werkgever_user.email]
    assert "wij hebben de voordracht ingetrokken" in bericht.body
    assert "Willem" not in bericht.body and "behandeling" not in bericht.body  # no name, no reason to the werkgever

    [voor_haar] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="ingetrokken")
    assert voor_haar.tekst == (f"Anton Account heeft je voordracht bij De Heul Installatietechniek voor Monteur "
                               f"ingetrokken: {REDEN}")
    [voor_km] = Melding.objects.filter(ontvanger=wereld.klantmanager, tekst__contains="ingetrokken")
    assert REDEN in voor_km.tekst and "Willem van de Vecht" in voor_km.tekst
    assert not Melding.objects.filter(ontvanger=wereld.accountmanager, tekst__contains="ingetrokken").exists()
    # The werkgever's people: told in the portal, without the reason, and nothing left that asks them to answer.
    [voor_wg] = Melding.objects.filter(ontvanger=wereld.werkgever_user, tekst__contains="ingetrokken")
    assert "behandeling" not in voor_wg.tekst and "Willem" not in voor_wg.tekst
    assert not Melding.objects.filter(ontvanger=wereld.werkgever_user, gelezen_op__isnull=True,
                                      url=reverse("voordracht_detail", args=[voordracht.pk])).exclude(
        pk=voor_wg.pk).exists()

    # The voordracht page the melding links to shows the werkgever that it was withdrawn, not why.
    client.force_login(wereld.werkgever_user)
    pagina = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    assert "Ingetrokken" in pagina and "behandeling" not in pagina
    client.force_login(wereld.accountmanager)
    assert "behandeling" in client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()

    # Her own page says who withdrew it and why, as her melding does (it links there).
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Anton Account heeft deze voordracht ingetrokken." in pagina and REDEN in pagina


def test_her_page_names_who_withdrew_it_not_her_contactpersoon(client, wereld, met_commit):
    """Mijn sollicitaties said "Je contactpersoon heeft deze voordracht ingetrokken." while her contactpersoon (the
    klantmanager, named on her home page) had not, and left out why: her melding named the accountmanager and the
    reason, and linked to this page."""
    wereld.met_bemiddeling()
    met_commit(voordracht_intrekken, voordracht=wereld.voordracht, door=wereld.accountmanager, toelichting=REDEN)
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Je contactpersoon heeft deze voordracht ingetrokken." not in pagina
    assert f"{wereld.accountmanager.get_full_name()} heeft deze voordracht ingetrokken." in pagina
    assert f"<strong>Waarom:</strong> {REDEN}" in pagina


def test_a_voordracht_no_longer_open_cannot_be_withdrawn_and_says_so(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    url = reverse("voordracht_intrekken", args=[wereld.voordracht.pk])
    client.post(url, {"toelichting": REDEN})
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("voordracht_detail", args=[wereld.voordracht.pk])
    assert "Deze voordracht loopt niet meer." in response.content.decode()


def test_the_reason_fits_whole_in_her_melding(client, wereld, django_capture_on_commit_callbacks):
    """The form took 500 characters and her melding keeps 300 with who, where and what: a long reason was cut off
    mid-sentence, with nowhere to read the rest. Now the form takes what fits, and says so."""
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    url = reverse("voordracht_intrekken", args=[wereld.voordracht.pk])
    te_lang = "Willem wil eerst zijn opleiding afmaken. " * 6
    response = client.post(url, {"toelichting": te_lang})
    assert response.status_code == 400 and te_lang.strip() in response.content.decode()
    reden = ("Willem wil eerst zijn opleiding tot monteur afmaken; hij heeft nog vier maanden te gaan en daarna "
             "zoeken we samen verder naar een plek bij een installatiebedrijf in de buurt.")
    assert len(reden) <= 180
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"toelichting": reden})
    [voor_hem] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="ingetrokken")
    assert voor_hem.tekst.endswith(reden)
