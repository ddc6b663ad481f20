"""The admin lists of tables that grow with the country (klantreis/lib/beheerlijst.py): the verwerkingenlog and the
outbox. Django's own list read such a table whole twice per page (the years of the date drill-down with SELECT
DISTINCT, the number with COUNT); at five million lines that was 2.2-3.5 s (docs/benchmarks.md)."""

import datetime
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.admin import UserAdmin, VerwerkingAdmin
from accounts.models import Rol, User, Verwerking
from tests.plannen import leest_hoogstens
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory

pytestmark = pytest.mark.django_db

GRENS = 50


def _moment(jaar, maand, dag, uur=10):
    return timezone.make_aware(datetime.datetime(jaar, maand, dag, uur))


def _log(momenten):
    Verwerking.objects.bulk_create(
        Verwerking(tijdstip=m, gebruiker_omschrijving=f"Klantmanager {i % 7}", rol="klantmanager",
                   organisatie="Gemeente Arnhem", actie=Verwerking.Actie.INZIEN, wat="dossier",
                   object_id=str(i), object_omschrijving=f"Kandidaat {i}", doel="uitvoering van de bemiddeling")
        for i, m in enumerate(momenten))


def _drie_jaar():
    """400 lines: a busy March 2024, some of July 2025, and 5-9 February 2026."""
    momenten = [_moment(2024, 3, 1 + i % 28, 8 + i % 9) for i in range(300)]
    momenten += [_moment(2025, 7, 10 + i % 3) for i in range(60)]
    momenten += [_moment(2026, 2, 5 + i % 5) for i in range(40)]
    _log(momenten)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_verwerking")  # the statistics the planner would have


def _keuzes(html):
    begin = html.index('<nav class="toplinks">')
    return html[begin:html.index("</nav>", begin)]


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_verwerkingenlog_list_offers_its_years_and_pages_without_reading_every_line(client, wereld):
    _drie_jaar()
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    keuzes = _keuzes(html)
    assert all(f"tijdstip__year={jaar}" in keuzes for jaar in (2024, 2025, 2026))
    # More lines than the limit: PostgreSQL's estimate, said to be one; SQLite (the embedded demo) counts.
    aantal = Verwerking.objects.count()
    if connection.vendor == "postgresql":
        # Every query reads at most a page (and one more) of the log, whatever the log holds. Django's own list
        # read all 400+ lines twice: the years (SELECT DISTINCT) and the number (COUNT).
        leest_hoogstens(queries, "accounts_verwerking", max(VerwerkingAdmin.list_per_page, GRENS) + 1)
        assert "ongeveer" in html and "verfijn met een datum of filter" in html
        # "Select all" says it too, rather than a number as if counted.
        assert "verwerkingenlog selecteren (ongeveer" in html and not re.search(r"Alle [\d.]+ verwerkingenlog", html)
    else:
        assert f"{aantal} verwerkingenlog" in html

    # No counts per filter option, even when asked for: each read every line.
    assert "Aantallen tonen" not in html
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"_facets": "True"})
    assert response.context["cl"].add_facets is False
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "accounts_verwerking", max(VerwerkingAdmin.list_per_page, GRENS) + 1)

    # A search says how many it found the same way.
    zoeken = client.get(url, {"q": "Klantmanager"}).content.decode()
    begin = zoeken.index('id="changelist-search"')
    zoekbalk = zoeken[begin:zoeken.index("</form>", begin)]
    gevonden = Verwerking.objects.filter(gebruiker_omschrijving__contains="Klantmanager").count()
    if connection.vendor == "postgresql":  # PostgreSQL guesses what share of the log a LIKE finds
        assert "ongeveer" in zoekbalk or f"meer dan {max(GRENS, VerwerkingAdmin.list_per_page)} resultaten" in zoekbalk
    else:
        assert f"{gevonden} resultaten" in zoekbalk

    # A year opens at the months from its first to its last line, a month at its days.
    keuzes = _keuzes(client.get(url, {"tijdstip__year": 2025}).content.decode())
    assert "tijdstip__month=7" in keuzes and "tijdstip__month=6" not in keuzes and "tijdstip__month=8" not in keuzes
    keuzes = _keuzes(client.get(url, {"tijdstip__year": 2024, "tijdstip__month": 3}).content.decode())
    assert all(f"tijdstip__day={d}&" in keuzes for d in range(1, 29)) and "tijdstip__day=29&" not in keuzes
    dag = client.get(url, {"tijdstip__year": 2026, "tijdstip__month": 2, "tijdstip__day": 7})
    assert "7 februari" in _keuzes(dag.content.decode())
    assert dag.context["cl"].result_count == 8
    # A month without lines lists nothing; the pages still go on.
    leeg = client.get(url, {"tijdstip__year": 2025, "tijdstip__month": 1})
    assert leeg.status_code == 200 and "tijdstip__day=" not in _keuzes(leeg.content.decode())
    assert client.get(url, {"p": 2}).status_code == 200


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_a_list_within_the_limit_is_counted_exactly_and_one_year_opens_at_its_months(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    _log([_moment(2025, 7, 10 + i % 3) for i in range(20)])
    response = client.get(url, {"tijdstip__year": 2025})
    assert response.context["cl"].result_count == 20
    assert "ongeveer" not in response.content.decode()
    assert "20 verwerkingenlog" in response.content.decode()


def test_the_outbox_and_the_lists_per_account_are_big_lists_too(client, wereld):
    """The outbox grows with every mail and event; e-mail addresses, DigiD/eHerkenning links and second factors
    with the accounts (a million werkzoekenden)."""
    client.force_login(wereld.beheerder)
    for naam in ("admin:outbox_mail_changelist", "admin:outbox_gebeurtenis_changelist",
                 "admin:account_emailaddress_changelist", "admin:socialaccount_socialaccount_changelist",
                 "admin:mfa_authenticator_changelist"):
        response = client.get(reverse(naam))
        assert response.status_code == 200
        assert response.templates[0].name == "admin/grote_lijst.html"


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_list_of_users_reads_a_page_in_name_order_from_an_index(client, wereld):
    """Every werkzoekende with an account is a user: at national volume the beheerder's list sorted a million rows
    by name for each page (and counted them all)."""
    User.objects.bulk_create(User(email=f"persoon{i}@example.nl", voornaam=f"Voornaam{i % 13}",
                                  achternaam=f"Achternaam{i % 97:02d}", rol=Rol.WERKZOEKENDE) for i in range(300))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")  # the statistics the planner would have
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_user_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    namen = [(u.achternaam, u.voornaam, u.email) for u in response.context["cl"].result_list]
    assert namen == sorted(namen) and len(namen) == UserAdmin.list_per_page
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "accounts_user", max(UserAdmin.list_per_page, GRENS) + 1)
        assert "ongeveer" in response.content.decode()
    else:
        assert f"{User.objects.count()} gebruikers" in response.content.decode()


def _vacatures():
    werkgever = WerkgeverFactory()
    nu = timezone.now()
    Vacature.objects.bulk_create(VacatureFactory.build(werkgever=werkgever, aangemaakt_op=nu - timedelta(hours=i))
                                 for i in range(250))


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
@pytest.mark.parametrize(("lijst", "tabel", "vullen"), [
    ("admin:werkgevers_vacature_changelist", "werkgevers_vacature", _vacatures),
    ("admin:werkgevers_werkgever_changelist", "werkgevers_werkgever", lambda: WerkgeverFactory.create_batch(150)),
], ids=["vacatures", "werkgevers"])
def test_the_lists_of_vacatures_and_werkgevers_read_a_page_in_their_order_from_an_index(client, wereld, lijst, tabel,
                                                                                      vullen):
    """Vacatures (open and closed) and werkgevers add up over the years; their lists sorted every row per page."""
    vullen()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tabel}")  # the statistics the planner would have
    client.force_login(wereld.beheerder)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(lijst))
    cl = response.context["cl"]
    assert response.status_code == 200 and len(cl.result_list) == cl.list_per_page
    volgorde = [o.aangemaakt_op for o in cl.result_list] if tabel == "werkgevers_vacature" else \
        [o.naam for o in cl.result_list]
    assert volgorde == sorted(volgorde, reverse=tabel == "werkgevers_vacature")
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, tabel, max(cl.list_per_page, GRENS) + 1)
