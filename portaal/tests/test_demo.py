from io import StringIO

import pytest
from django.contrib.auth import base_user
from django.core.management import call_command

from accounts.models import Rol, User
from conftest import een_keer_per_module
from portaal.management.commands import demo
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat, Toestemming

pytestmark = pytest.mark.django_db
# ``esco``: the occupations and skills are loaded once for the module; the demo loads them itself only when
# there are none, which test_demo_wsp_has_a_phone_number_on_its_public_page keeps testing from an empty database.


@pytest.fixture(scope="module")
def _demo_van_de_module(_esco_van_de_module, django_db_blocker):
    """The demo's personas (``demo --kandidaten 0 --vacatures 0``), run twice as a second deploy would: what the
    tests below read must be there once, not twice. Made once for the module (conftest.een_keer_per_module)."""
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            for _keer in range(2):
                call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
        yield


@pytest.fixture
def demo_tweemaal(esco, _demo_van_de_module):
    """The demo run twice on the ESCO data, once per module; each test in a savepoint of its own."""


def test_demo_bulk_gives_profiles_matching_can_use_and_tops_up(esco):
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


def test_demo_bulk_spreads_kandidaten_over_caseloads_of_50_to_200_and_one_waarneming_team(esco):
    from django.db.models import Count

    from accounts.models import User
    from portaal.management.commands.demo import CASELOAD_MAX, CASELOAD_MIN, WAARNEMER_TEAM
    from werkzoekenden.selectors import caseload_gefilterd

    call_command("demo", kandidaten=1200, regio=["AM07"], stdout=StringIO())
    bulk_km = User.objects.filter(email__endswith="@bulk.demo.invalid", rol="klantmanager")
    omvang = sorted(bulk_km.annotate(n=Count("caseload")).values_list("n", flat=True))
    # every bulk klantmanager is full (50..200) except the last one started in each organisation
    assert len(omvang) >= 1200 // CASELOAD_MAX and all(n <= CASELOAD_MAX for n in omvang)
    assert sum(n >= CASELOAD_MIN for n in omvang) >= len(omvang) - 2
    assert not Kandidaat.objects.filter(email__endswith="@bulk.demo.invalid", klantmanager__isnull=True).exists()
    jeske = User.objects.get(email=WAARNEMER_TEAM)
    team = bulk_km.filter(waarnemer=jeske)
    assert team.exists() and not team.exclude(organisatie=jeske.organisatie).exists()
    caseload, aandacht = caseload_gefilterd(jeske, {})
    assert caseload.count() == Kandidaat.objects.filter(klantmanager__in=[jeske, *team]).count() > 400
    assert 0 < aandacht < caseload.count()  # bulk contact dates spread over 60 days


def test_demo_bulk_staff_can_log_in_and_bulk_werkgevers_have_a_vaste_accountmanager(esco, client):
    from accounts.models import User
    from portaal.management.commands.demo import DEMO_WACHTWOORD, PORTEFEUILLE
    from werkgevers.models import AccountmanagerToewijzing, Werkgever

    call_command("demo", kandidaten=60, vacatures=300, regio=["AM07"], stdout=StringIO())
    bulk_werkgevers = Werkgever.objects.filter(kvk_nummer__startswith="9")
    assert bulk_werkgevers.count() == 60 and not bulk_werkgevers.filter(accountmanager__isnull=True).exists()
    am = bulk_werkgevers.first().accountmanager
    assert am.email.endswith("@bulk.demo.invalid") and am.organisatie.soort == "wsp"
    assert 0 < am.werkgevers.count() <= PORTEFEUILLE
    assert AccountmanagerToewijzing.objects.filter(werkgever__in=bulk_werkgevers).count() == 60
    for user in (am, User.objects.filter(email__endswith="@bulk.demo.invalid", rol="klantmanager").first()):
        # the real login form: a verified address and the demo password (no e-mail confirmation step)
        antwoord = client.post("/accounts/login/", {"login": user.email, "password": DEMO_WACHTWOORD})
        assert antwoord.status_code == 302 and "confirm-email" not in antwoord["Location"], antwoord["Location"]
        client.logout()


def test_demo_refuses_an_unknown_region(esco):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende arbeidsmarktregio: AM99"):
        call_command("demo", kandidaten=5, regio=["AM99"], stdout=StringIO())


def test_the_demo_hashes_its_password_once_for_all_its_accounts(esco, monkeypatch):
    """Hashing a password is slow on purpose (0.3 s with the production hasher): the 20 named demo users each hashed
    the same demo password, half of the 10-12 s that ``make run`` waited for the demo on a new database."""
    monkeypatch.setattr(demo, "_WACHTWOORD_HASH", [])
    echt, keer = base_user.make_password, []
    monkeypatch.setattr(base_user, "make_password", lambda *args, **kwargs: keer.append(args) or echt(*args, **kwargs))
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    assert len(keer) == 1, keer
    for rol in (Rol.BEHEERDER, Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.WERKGEVER, Rol.WERKZOEKENDE):
        for user in User.objects.filter(rol=rol, email__endswith=".example.nl")[:3]:
            assert user.check_password(demo.DEMO_WACHTWOORD), user.email


def test_demo_wsp_has_a_phone_number_on_its_public_page(client):
    from django.urls import reverse

    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    html = client.get(reverse("regio", kwargs={"code": "AM07"})).content.decode()
    assert 'href="tel:0263775500"' in html


def test_demo_has_a_thread_between_willem_and_jeske(demo_tweemaal, client):
    from berichten.models import Berichtenwisseling
    from meldingen.models import Melding

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


def test_demo_gives_willem_documents_and_his_vca_goes_with_the_voordracht(demo_tweemaal):
    from werkzoekenden.models import Document

    willem = Kandidaat.objects.get(account__email="willem.vandevecht@example.nl")
    documenten = {d.titel: d for d in Document.objects.filter(kandidaat=willem)}
    assert set(documenten) == {"VCA basis", "Heftruckcertificaat", "Motivatie bakkerij"}
    assert documenten["Heftruckcertificaat"].verloopt_binnenkort
    assert not documenten["Motivatie bakkerij"].delen_met_werkgever
    assert [v.vacature.titel for v in documenten["VCA basis"].voordrachten.all()] == ["Medewerker bakkerij"]


def test_demo_willem_prepares_his_gesprek_at_the_bakery(demo_tweemaal, client):
    """Issue #14 in the demo: Willem's home says where he is (step 6: preparing a gesprek) and leads to the
    preparation Jeske and Hans filled, with two points ticked off; run twice, nothing doubles."""
    from bemiddeling.models import Gespreksvoorbereiding

    voorbereiding = Gespreksvoorbereiding.objects.select_related("gesprek__voordracht__kandidaat__account").get()
    willem = voorbereiding.gesprek.voordracht.kandidaat.account
    assert willem.email == "willem.vandevecht@example.nl"
    client.force_login(willem)
    home = client.get("/mijn/").content.decode()
    assert "Ik bereid me voor op een sollicitatiegesprek" in home and 'aria-current="step"' in home
    pagina = client.get(f"/mijn/gesprekken/{voorbereiding.gesprek_id}/voorbereiding/").content.decode()
    assert "Je gesprek bij Bakkerij Van Dam" in pagina and "heftruckcertificaat" in pagina
    assert "Je hebt 2 van de 7 punten gedaan." in pagina


def test_demo_has_answered_belevingsvragen_and_an_open_one_for_willem(demo_tweemaal, client):
    from django.urls import reverse
    from django.utils import timezone

    from beleving.models import Belevingsvraag
    from beleving.selectors import opmerkingen_voor

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


def test_the_demo_has_a_gids_for_midden_gelderland_that_willem_browses(demo_tweemaal, client):
    """The ondersteuningsgids of the demo (moved here from ondersteuning/tests: the demo run twice once per module,
    where that test ran it twice itself and loaded the ESCO data on the way, 7 s)."""
    from django.urls import reverse

    from ondersteuning.models import Startmoment, Traject

    titels = set(Traject.objects.filter(regio__code="AM07").values_list("titel", flat=True))
    assert {"VCA-basiscursus", "Taalcoach", "Schuldhulpmaatje", "Jobcoach bij je nieuwe baan",
            "Werkervaringsplaats groenvoorziening", "Workshop solliciteren"} <= titels
    assert Traject.objects.count() == 6
    workshop = Traject.objects.get(titel="Workshop solliciteren")
    assert workshop.startmomenten.filter(afspraak__soort="groepsbijeenkomst").count() == 2
    # Its second session says where once ("Werkplein Arnhem, zaal 2", not "Werkplein Arnhem, Werkplein Arnhem, ...").
    plaatsen = {m.afspraak.plaats for m in workshop.startmomenten.select_related("afspraak")}
    assert plaatsen == {"Werkplein Arnhem, zaal 2"}
    assert Startmoment.objects.filter(traject__titel="VCA-basiscursus").count() == 2
    client.force_login(User.objects.get(email="willem.vandevecht@example.nl"))
    pagina = client.get(reverse("ondersteuningsgids")).content.decode()
    assert "VCA-basiscursus" in pagina and "Taalcoach" in pagina
    assert "Workshop solliciteren" in client.get(reverse("ondersteuningsgids") + "?soort=groepsbijeenkomst").content.decode()


def test_the_demo_gives_anja_a_plicht_with_activities_and_fatima_someone_behind(demo_tweemaal):
    """The sollicitatieplicht of the demo (moved here from sollicitaties/tests, as the gids above)."""
    from django.utils import timezone

    from sollicitaties.models import Sollicitatieactiviteit, Sollicitatieplicht
    from sollicitaties.selectors import lopen_achter, overzicht

    anja = Kandidaat.objects.get(account__email="anja.roest@example.nl")
    gegevens = overzicht(anja)
    huidige, vorige = gegevens["pagina"].object_list[:2]
    assert gegevens["plicht"].aantal == 4 and vorige.compleet and not huidige.compleet
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja).count() == 5
    bewijs = Sollicitatieactiviteit.objects.exclude(bewijs="").get(kandidaat=anja)
    assert bewijs.bewijs.open("rb").read(5) == b"%PDF-"
    achter = Kandidaat.objects.filter(klantmanager=anja.klantmanager,
                                       pk__in=lopen_achter(timezone.localdate()).values("kandidaat_id"))
    assert achter.count() == 1 and achter.get() != anja
    assert Sollicitatieplicht.objects.filter(kandidaat__klantmanager=anja.klantmanager).count() == 2


def test_every_address_the_demo_makes_is_one_the_forms_accept(demo_tweemaal):
    """Before: Zoë's address was "zoë.jansen.65@example.nl", which Django's e-mail validator refuses, so a
    klantmanager who saved her dossier, or a beheerder who saved her account, was told to enter a valid address."""
    from django.core.validators import validate_email

    adressen = [*Kandidaat.objects.exclude(email="").values_list("email", flat=True),
                *User.objects.values_list("email", flat=True)]
    assert any(a.startswith("zoe.") for a in adressen)
    for adres in adressen:
        validate_email(adres)
