from io import StringIO

import pytest
from django.core.management import call_command

from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat, Toestemming

pytestmark = pytest.mark.django_db


def test_demo_bulk_gives_profiles_matching_can_use_and_tops_up():
    call_command("demo", kandidaten=40, vacatures=10, regio=["AM07"], stdout=StringIO())
    bulk = Kandidaat.objects.filter(email__endswith="@bulk.demo.invalid")
    assert bulk.count() == 40
    assert all(k.regio.code == "AM07" for k in bulk.select_related("regio"))
    assert Kandidaat.vaardigheden.through.objects.filter(kandidaat__in=bulk).count() >= 40 * 5
    assert Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat__in=bulk).count() == 40
    # A cv a werkgever can read after a voordracht: work history, not "-".
    assert not bulk.filter(werkervaring="").exists()
    assert Toestemming.objects.filter(kandidaat__in=bulk, doel="vindbaar").exists()
    vacatures = Vacature.objects.filter(werkgever__kvk_nummer__startswith="9")
    assert vacatures.count() == 10 and not vacatures.filter(beroep__isnull=True).exists()
    call_command("demo", kandidaten=40, vacatures=10, regio=["AM07"], stdout=StringIO())
    assert bulk.count() == 40  # tops up to N, never duplicates


def test_demo_refuses_an_unknown_region():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende arbeidsmarktregio: AM99"):
        call_command("demo", kandidaten=5, regio=["AM99"], stdout=StringIO())


def test_demo_wsp_has_a_phone_number_on_its_public_page(client):
    from django.urls import reverse

    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    html = client.get(reverse("regio", kwargs={"code": "AM07"})).content.decode()
    assert 'href="tel:0263775500"' in html


def test_demo_has_a_thread_between_willem_and_jeske(client):
    from berichten.models import Berichtenwisseling
    from meldingen.models import Melding

    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())  # twice: no second thread
    wisseling = Berichtenwisseling.objects.get()
    assert wisseling.kandidaat.account.email == "willem.vandevecht@example.nl"
    assert wisseling.kandidaat.klantmanager.voornaam == "Jeske"
    assert wisseling.berichten.count() == 4
    willem = wisseling.kandidaat.account
    client.force_login(willem)
    assert ", 1 ongelezen" in client.get("/mijn/").content.decode()  # Jeske's answer waits for him
    pagina = client.get(f"/berichten/{wisseling.pk}/").content.decode()
    assert "Hans heeft je voorgedragen" in pagina
    assert not Melding.objects.filter(ontvanger=willem, gelezen_op__isnull=True).exists()


def test_demo_willem_prepares_his_gesprek_at_the_bakery(client):
    """Issue #14 in the demo: Willem's home says where he is (step 6: preparing a gesprek) and leads to the
    preparation Jeske and Hans filled, with two points ticked off; run twice, nothing doubles."""
    from bemiddeling.models import Gespreksvoorbereiding

    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    voorbereiding = Gespreksvoorbereiding.objects.select_related("gesprek__voordracht__kandidaat__account").get()
    willem = voorbereiding.gesprek.voordracht.kandidaat.account
    assert willem.email == "willem.vandevecht@example.nl"
    client.force_login(willem)
    home = client.get("/mijn/").content.decode()
    assert "Ik bereid me voor op een sollicitatiegesprek" in home and 'aria-current="step"' in home
    pagina = client.get(f"/mijn/gesprekken/{voorbereiding.gesprek_id}/voorbereiding/").content.decode()
    assert "Je gesprek bij Bakkerij Van Dam" in pagina and "heftruckcertificaat" in pagina
    assert "Je hebt 2 van de 7 punten gedaan." in pagina
