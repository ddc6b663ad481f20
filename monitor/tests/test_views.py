from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Organisatie, Rol
from accounts.tests.factories import (
    AccountmanagerFactory,
    BeheerderFactory,
    KlantmanagerFactory,
    OrganisatieFactory,
    UserFactory,
    regio,
)
from monitor.export import xlsx_download
from monitor.tabellen import Tabel
from monitor.tests.factories import KengetalFactory

pytestmark = pytest.mark.django_db
NU = datetime(2026, 11, 15, 12, tzinfo=timezone.get_fixed_timezone(60))
MONITOR = "/monitor/"


@pytest.fixture(autouse=True)
def november_2026():
    with time_machine.travel(NU, tick=False):
        yield


@pytest.fixture
def coordinator():
    return AccountmanagerFactory(is_coordinator=True, regio=regio("AM07"), voornaam="Hans")


@pytest.fixture
def programma():
    return UserFactory(rol=Rol.PROGRAMMA, organisatie=None, regio=None)


def _cijfers():
    am07, am29 = regio("AM07"), regio("AM29")
    for maand in (date(2026, 9, 1), date(2026, 10, 1)):
        KengetalFactory(regio=am07, maand=maand, sleutel="belofte_24u", aantal=8, noemer=10, personen=10)
        KengetalFactory(regio=am07, maand=maand, sleutel="funnel_verzoek", aantal=20, personen=20)
        KengetalFactory(regio=am07, maand=maand, sleutel="beleving:wg_eerste_contact", aantal=21, noemer=5,
                        personen=5)
    KengetalFactory(regio=am07, maand=date(2026, 10, 1), sleutel="funnel_plaatsing", aantal=4321, personen=3)
    KengetalFactory(regio=am29, maand=date(2026, 10, 1), sleutel="belofte_24u", aantal=1, noemer=10, personen=10)


def test_coordinator_sees_own_region_with_suppression(client, coordinator):
    _cijfers()
    client.force_login(coordinator)
    response = client.get(MONITOR)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kengetal="belofte_24u">80%<' in html  # 16 of 20 in Midden-Gelderland (AM29's 10% not mixed in)
    assert "4321" not in html and "minder dan 5" in html  # 3 people behind the plaatsingen
    assert "4,2 van 5" in html  # beleving eerste contact: 42 / 10
    assert 'role="img"' in html and "<details" in html and "<table" in html
    assert "Regio&#x27;s naast elkaar" not in html  # not for a coordinator


def test_coordinator_gets_404_for_another_region_or_its_organisation(client, coordinator):
    client.force_login(coordinator)
    vreemd = OrganisatieFactory(regio=regio("AM29"))
    eigen = OrganisatieFactory(regio=regio("AM07"))
    assert client.get(MONITOR, {"regio": "AM29"}).status_code == 404
    assert client.get(MONITOR, {"organisatie": vreemd.pk}).status_code == 404
    assert client.get(MONITOR, {"organisatie": "x"}).status_code == 404
    assert client.get(MONITOR, {"organisatie": eigen.pk}).status_code == 200
    assert client.get(reverse("monitor_export", args=["regios", "csv"])).status_code == 404


@pytest.mark.parametrize("maker", [
    lambda: AccountmanagerFactory(regio=regio("AM07")),  # not a coordinator
    lambda: KlantmanagerFactory(regio=regio("AM07")),
    lambda: UserFactory(rol=Rol.WERKZOEKENDE, organisatie=None),
])
def test_others_get_404(client, maker):
    client.force_login(maker())
    assert client.get(MONITOR).status_code == 404
    assert client.get(reverse("monitor_export", args=["funnel", "xlsx"])).status_code == 404


def test_klantmanager_coordinator_also_reads_their_region(client):
    client.force_login(KlantmanagerFactory(regio=regio("AM07"), is_coordinator=True))
    assert client.get(MONITOR).status_code == 200


@pytest.mark.parametrize("rol", ["beheerder", "programma"])
def test_national_roles_see_regions_side_by_side_and_no_comments(client, rol, programma):
    _cijfers()
    client.force_login(programma if rol == "programma" else BeheerderFactory())
    html = client.get(MONITOR).content.decode()
    assert "Regio&#x27;s naast elkaar" in html and "Noord-Limburg" in html
    assert 'data-kengetal="belofte_24u">57%<' in html  # the country: (16 + 1) / 30
    assert "Wat mensen erbij schreven" not in html
    html = client.get(MONITOR, {"regio": "AM29"}).content.decode()
    assert 'data-kengetal="belofte_24u">10%<' in html
    assert client.get(MONITOR, {"regio": "XX99"}).status_code == 404


def test_period_filter_and_quick_choices(client, coordinator):
    _cijfers()
    client.force_login(coordinator)
    html = client.get(MONITOR, {"van": "2026-10", "tot": "2026-10"}).content.decode()
    assert "oktober 2026 tot en met oktober 2026" in html
    html = client.get(MONITOR, {"snel": "kwartaal"}).content.decode()
    assert "oktober 2026 tot en met november 2026" in html
    html = client.get(MONITOR, {"snel": "jaar"}).content.decode()
    assert "januari 2026 tot en met november 2026" in html
    html = client.get(MONITOR).content.decode()  # default: the last 12 months, shown in the fields too
    assert "december 2025 tot en met november 2026" in html
    assert 'value="2025-12"' in html and 'value="2026-11"' in html


@pytest.mark.parametrize("van, tot, fout", [
    ("2026-13", "", "bijvoorbeeld 2026-03"),
    ("=1+1", "", "bijvoorbeeld 2026-03"),
    ("2026-09", "2026-03", "vóór de eerste"),
    ("2020-01", "2026-10", "hoogstens 60 maanden"),
])
def test_wrong_period_is_explained_and_kept(client, coordinator, van, tot, fout):
    client.force_login(coordinator)
    response = client.get(MONITOR, {"van": van, "tot": tot})
    assert response.status_code == 400
    html = response.content.decode()
    assert fout in html and f'value="{van}"' in html.replace("&#x3D;", "=")
    export = client.get(reverse("monitor_export", args=["funnel", "csv"]), {"van": van, "tot": tot})
    assert export.status_code == 400


def test_comments_for_the_coordinator_without_names(client, coordinator, wereld):
    from beleving.models import Belevingsvraag

    Belevingsvraag.objects.create(
        touchpoint="wg_eerste_contact", gebruiker=wereld.werkgever_user, werkgever=wereld.werkgever,
        regio=regio("AM07"), sleutel="t:1", verloopt_op=timezone.now(), token_hash="a" * 64,
        beantwoord_op=timezone.now(), score=5, opmerking="Binnen een uur gebeld, top")
    client.force_login(coordinator)
    html = client.get(MONITOR).content.decode()
    assert "Binnen een uur gebeld, top" in html
    assert wereld.werkgever.naam not in html and wereld.werkgever_user.achternaam not in html


def test_xlsx_export_has_the_page_values_and_suppression(client, coordinator):
    _cijfers()
    client.force_login(coordinator)
    response = client.get(reverse("monitor_export", args=["funnel", "xlsx"]), {"van": "2026-09", "tot": "2026-10"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == \
        'attachment; filename="klantreis-monitor-funnel-AM07-2026-09-2026-10.xlsx"'
    assert response["Cache-Control"] == "no-store"
    blad = load_workbook(BytesIO(response.content)).active
    rijen = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert rijen[0] == ["Stap", "Aantal"]
    assert rijen[1] == ["Verzoeken", 40]
    assert ["Plaatsingen", "minder dan 5"] in rijen
    assert not any(4321 in r for r in rijen)


def test_csv_export_of_the_key_figures(client, coordinator):
    from accounts.models import Verwerking

    _cijfers()
    client.force_login(coordinator)
    response = client.get(reverse("monitor_export", args=["kerncijfers", "csv"]))
    assert client.get(MONITOR).status_code == 200
    assert not Verwerking.objects.exists()  # aggregates: not about people, nothing to log
    tekst = response.content.decode("utf-8-sig")
    assert "Binnen één werkdag contact met een nieuwe werkgever;80;%" in tekst
    assert reverse("monitor_export", args=["nee", "csv"]) and client.get(
        reverse("monitor_export", args=["nee", "csv"])).status_code == 404
    assert client.get(reverse("monitor_export", args=["funnel", "pdf"])).status_code == 404


def test_the_key_figures_table_shows_each_unit_once_and_the_export_keeps_it_beside_the_number(client, coordinator):
    """The table read "80%" under Waarde and "%" again under Eenheid ("8 werkuren" beside "werkuren")."""
    _cijfers()
    KengetalFactory(regio=regio("AM07"), maand=date(2026, 10, 1), sleutel="tijd_eerste_contact", mediaan=8,
                    verdeling={"8": 6}, personen=6)
    client.force_login(coordinator)
    html = client.get(MONITOR).content.decode()
    tabel = html[html.index('data-tabel="kerncijfers"'):]
    tabel = tabel[:tabel.index("</table>")]
    assert ">Eenheid<" not in tabel and 'data-kolom="Eenheid"' not in tabel
    assert ('<th class="utrecht-table__header-cell" scope="row" role="rowheader">Binnen één werkdag contact met '
            'een nieuwe werkgever</th><td class="utrecht-table__cell" role="cell" data-kolom="Waarde">80%</td></tr>'
            ) in tabel
    assert 'data-kolom="Waarde">8 werkuren</td></tr>' in tabel
    tekst = client.get(reverse("monitor_export", args=["kerncijfers", "csv"])).content.decode("utf-8-sig")
    assert tekst.splitlines()[0] == "Kengetal;Waarde;Eenheid"
    rij = next(r for r in tekst.splitlines() if r.startswith("Tijd tot eerste contact met een nieuwe werkgever;"))
    assert rij.split(";")[1:] == ["8,0", "werkuren"]  # the number as the export writes it, the unit beside it


def test_xlsx_cells_are_formula_safe():
    tabel = Tabel("t", "Test", ["=Kop"], [["=HYPERLINK(\"http://x\")", -3, "+31 6 1234", "@SUM(A1)", 2.5]])
    blad = load_workbook(BytesIO(xlsx_download(tabel, "t").content)).active
    rijen = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert rijen == [["'=Kop", None, None, None, None], ["'=HYPERLINK(\"http://x\")", -3, "+31 6 1234", "'@SUM(A1)", 2.5]]
    assert all(c.data_type != "f" for rij in blad.iter_rows() for c in rij)


def test_dashboard_queries_do_not_grow(client, programma, django_assert_max_num_queries):
    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(MONITOR, {"regio": "AM07"}).status_code == 200
        return len(ctx)

    client.force_login(programma)
    OrganisatieFactory(regio=regio("AM07"), soort=Organisatie.Soort.UWV, gemeente=None)
    _cijfers()
    weinig = tel()
    for code in ("AM07", "AM29", "AM02", "AM36"):
        for m in range(1, 9):  # September and October of AM07 are _cijfers()' (one row per key, place, month)
            for sleutel in ("belofte_24u", "funnel_gesprek", "tijd_eerste_contact", "beleving:wz_plan"):
                KengetalFactory(regio=regio(code), maand=date(2026, m, 1), sleutel=sleutel, noemer=10,
                                verdeling={"4": 5}, personen=6)
    # session+user, the region asked for, rows of the place, when they were computed, rows of all regions, the
    # regions, the organisations of the region (the programme has no meldingen bell).
    assert tel() == weinig == 7


def test_menu_and_home_link_for_coordinator_only(client, coordinator):
    client.force_login(coordinator)
    assert b'href="/monitor/"' in client.get(reverse("accountmanager_home")).content
    client.force_login(AccountmanagerFactory(regio=regio("AM07")))
    assert b'href="/monitor/"' not in client.get(reverse("accountmanager_home")).content


def test_programma_lands_on_the_monitor_without_bell_or_berichten(client, programma):
    client.force_login(programma)
    assert client.get("/").url == MONITOR
    html = client.get(MONITOR).content.decode()
    assert 'href="/meldingen/"' not in html and 'href="/berichten/"' not in html
    assert 'href="/monitor/"' in html


def test_programma_is_staff_for_mfa_and_session(settings, programma):
    from accounts import sessie

    settings.MFA_VERPLICHT = True
    assert programma.is_medewerker and sessie.mfa_vereist(programma)
    assert sessie.inactief_minuten(programma) == settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER
    programma.full_clean()  # landelijk: no region or organisation needed


def test_beheerder_may_invite_the_programme(client):
    from accounts.services import mag_uitnodigen

    beheerder = BeheerderFactory()
    assert mag_uitnodigen(beheerder, Rol.PROGRAMMA)
    assert not mag_uitnodigen(AccountmanagerFactory(), Rol.PROGRAMMA)


def test_the_page_says_when_its_figures_were_computed(client, coordinator):
    """Before: a region whose figures were not computed yet (a new region, or the beat task not run) showed "geen
    gegevens" everywhere, and a beheerder could not tell that from a region where nothing happened. A refresh also
    marks the months where nothing happened (no Kengetal row: a first version said "not computed" there)."""
    from monitor.models import Verversing
    from monitor.rollups import kengetallen_verversen

    client.force_login(coordinator)
    html = client.get(MONITOR).content.decode()
    assert "Voor deze periode en plaats zijn nog geen cijfers berekend." in html
    kengetallen_verversen(vanaf=date(2026, 10, 1), tot=date(2026, 11, 1))  # nothing happened anywhere
    html = client.get(MONITOR).content.decode()
    assert "Bijgewerkt op 15 november 2026 om 12:00." in html and "nog geen cijfers berekend" not in html
    Verversing.objects.filter(regio=regio("AM07")).update(bijgewerkt_op=datetime(2026, 11, 15, 9, 45,
                                                                                  tzinfo=NU.tzinfo))
    html = client.get(MONITOR).content.decode()
    assert "Bijgewerkt op 15 november 2026 om 09:45." in html  # the region's own, not another region's


def test_csv_export_writes_fractions_with_a_decimal_comma_for_dutch_excel(client, coordinator):
    """Before: the ';' file Dutch Excel opens held "4.2", which Excel reads as the date 4 February."""
    _cijfers()
    client.force_login(coordinator)
    tekst = client.get(reverse("monitor_export", args=["heartbeat", "csv"])).content.decode("utf-8-sig")
    assert "Werkgeversreis;1;eerste contact;4,2\r\n" in tekst
    tekst = client.get(reverse("monitor_export", args=["funnel", "csv"])).content.decode("utf-8-sig")
    assert "Verzoeken;40\r\n" in tekst  # whole numbers unchanged


def test_choosing_another_region_with_an_organisation_still_selected_shows_that_region(client, programma):
    """Before: the programme chose an organisation of Midden-Gelderland, then the region Noord-Limburg in the same form;
    the organisation went along and the page was a 404."""
    arnhem = OrganisatieFactory(regio=regio("AM07"), soort=Organisatie.Soort.UWV, gemeente=None)
    client.force_login(programma)
    assert client.get(MONITOR, {"regio": "AM07", "organisatie": arnhem.pk}).status_code == 200
    response = client.get(MONITOR, {"van": "2026-01", "tot": "2026-06", "regio": "AM29", "organisatie": arnhem.pk})
    assert response.status_code == 302 and response.url == f"{MONITOR}?van=2026-01&tot=2026-06&regio=AM29"
    assert client.get(response.url).status_code == 200
    response = client.get(MONITOR, {"regio": "", "organisatie": arnhem.pk})  # back to the whole country
    assert response.status_code == 302 and response.url == f"{MONITOR}?regio="
    assert client.get(MONITOR, {"regio": "XX", "organisatie": arnhem.pk}, follow=True).status_code == 404
