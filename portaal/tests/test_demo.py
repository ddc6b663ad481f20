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


def test_demo_has_answered_belevingsvragen_and_an_open_one_for_willem(client):
    from django.urls import reverse
    from django.utils import timezone

    from beleving.models import Belevingsvraag
    from beleving.selectors import opmerkingen_voor

    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())  # idempotent
    beantwoord = Belevingsvraag.objects.filter(beantwoord_op__isnull=False)
    assert beantwoord.count() >= 10
    assert beantwoord.filter(touchpoint__startswith="wg_").exists() and beantwoord.filter(
        touchpoint__startswith="wz_").exists()
    willem = Kandidaat.objects.get(email="willem.vandevecht@example.nl")
    client.force_login(willem.account)
    assert "Hoe ging dit?" in client.get(reverse("werkzoekende_home")).content.decode()
    regio = willem.regio
    vandaag = timezone.localdate()
    teksten = opmerkingen_voor(regio, van=vandaag - timezone.timedelta(days=365), tot=vandaag)
    assert "[naam] luisterde echt naar mij. Ik hoefde niet alles te bewijzen." in teksten
    assert not any("Jeske" in t or "Hans" in t for t in teksten)
