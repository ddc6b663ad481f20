import pytest
from django.urls import reverse

from meldingen.models import Melding, MeldingVoorkeur
from meldingen.services import melding_maken

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
    een, twee, drie = _melding(wereld, "a"), _melding(wereld, "b"), _melding(wereld, "c")
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
