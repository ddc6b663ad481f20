from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Gemeente
from accounts.tests.factories import gemeente, regio
from agenda.models import Deelnemer
from ondersteuning import services
from ondersteuning.forms import TrajectForm
from ondersteuning.models import Aanvraag, Startmoment, Traject
from ondersteuning.tests.factories import AanvraagFactory, StartmomentFactory, TrajectFactory
from tests.gebouwd import gebouwde_queries
from werkzoekenden.models import Actie
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_willem_sees_only_trajecten_of_his_gemeente_and_region(client, wereld):
    voor_regio = TrajectFactory(titel="VCA-basiscursus")
    voor_arnhem = TrajectFactory(titel="Taalcafé Arnhem", soort=Traject.Soort.TAAL, gemeente=wereld.kandidaat.gemeente)
    andere_gemeente = TrajectFactory(titel="Taalcafé Ede", gemeente=gemeente("GM0228"))
    andere_regio = TrajectFactory(titel="Heftruckcursus Venlo", regio=regio("AM29"))
    gearchiveerd = TrajectFactory(titel="Oude cursus", gearchiveerd_op=timezone.now())
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(reverse("ondersteuningsgids")).content.decode()
    assert voor_regio.titel in inhoud and voor_arnhem.titel in inhoud
    for verborgen in (andere_gemeente, andere_regio, gearchiveerd):
        assert verborgen.titel not in inhoud
        assert client.get(reverse("traject_detail", args=[verborgen.pk])).status_code == 404
    gefilterd = client.get(reverse("ondersteuningsgids") + "?soort=taal").content.decode()
    assert voor_arnhem.titel in gefilterd and voor_regio.titel not in gefilterd


def test_full_and_started_startmomenten_are_marked(client, wereld):
    vol = StartmomentFactory(capaciteit=1, traject__titel="Heftruck")
    AanvraagFactory(traject=vol.traject, startmoment=vol)
    begonnen = StartmomentFactory(start=timezone.now() - timedelta(days=2), traject__titel="Jobcoach groep")
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(reverse("ondersteuningsgids")).content.decode()
    assert "Vol" in inhoud and "Al begonnen" in inhoud
    assert "Al begonnen" in client.get(reverse("traject_detail", args=[begonnen.traject.pk])).content.decode()
    # Every start full: asking is not offered as a form.
    response = client.get(reverse("traject_meedoen", args=[vol.traject.pk]))
    assert response.status_code == 302


def test_willem_asks_to_join_and_sees_the_status(client, wereld):
    start = StartmomentFactory(traject__titel="VCA-basiscursus")
    client.force_login(wereld.werkzoekende_user)
    url = reverse("traject_meedoen", args=[start.traject.pk])
    fout = client.post(url, {"motivatie": "Ik wil de bouw in."})
    assert fout.status_code == 400
    assert "Kies wanneer je wilt beginnen." in fout.content.decode() and "Ik wil de bouw in." in fout.content.decode()
    assert client.post(url, {"startmoment": str(start.pk), "motivatie": "Ik wil de bouw in."}).status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert (aanvraag.kandidaat, aanvraag.startmoment, aanvraag.motivatie) == (wereld.kandidaat, start,
                                                                              "Ik wil de bouw in.")
    assert "Wacht op je contactpersoon" in client.get(reverse("ondersteuningsgids")).content.decode()
    assert client.get(url).status_code == 302  # asked already: back to the traject


def test_a_start_from_another_traject_is_refused_without_an_error_page(client, wereld):
    start = StartmomentFactory()
    ander = StartmomentFactory()
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("traject_meedoen", args=[start.traject.pk]), {"startmoment": str(ander.pk)})
    assert response.status_code == 400 and "Kies een moment uit de lijst." in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_jeske_approves_and_it_is_in_willems_plan(client, wereld):
    start = StartmomentFactory(traject__titel="VCA-basiscursus", traject__aanbieder="Bouwmensen")
    aanvraag = services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                          traject=start.traject, startmoment=start)
    client.force_login(wereld.klantmanager)
    lijst = client.get(reverse("ondersteuning_aanvragen")).content.decode()
    assert "Willem van de Vecht: VCA-basiscursus" in lijst
    url = reverse("aanvraag_beoordelen", args=[aanvraag.pk])
    zonder_reden = client.post(url, {"besluit": "nee"})
    assert zonder_reden.status_code == 400 and "Schrijf op waarom niet" in zonder_reden.content.decode()
    assert client.post(url, {"besluit": "ja"}).status_code == 302
    actie = Actie.objects.get(plan__kandidaat=wereld.kandidaat)
    assert actie.derde_partij == "Bouwmensen" and "VCA-basiscursus" in actie.omschrijving
    client.force_login(wereld.werkzoekende_user)
    assert "VCA-basiscursus" in client.get(reverse("mijn_plan")).content.decode()
    assert "Goedgekeurd" in client.get(reverse("ondersteuningsgids")).content.decode()


def test_a_declined_request_shows_the_reason_to_willem(client, wereld):
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat, traject__titel="Jobcoach")
    client.force_login(wereld.klantmanager)
    client.post(reverse("aanvraag_beoordelen", args=[aanvraag.pk]), {"besluit": "nee",
                                                                      "reden": "Eerst de taalcursus."})
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(reverse("ondersteuningsgids")).content.decode()
    assert "Niet goedgekeurd" in inhoud and "Eerst de taalcursus." in inhoud


@pytest.mark.parametrize(("status", "kop"), [
    (Aanvraag.Status.INGEDIEND, "Willem van de Vecht wil meedoen aan Jobcoach"),
    (Aanvraag.Status.GOEDGEKEURD, "Willem van de Vecht mag meedoen aan Jobcoach"),
    (Aanvraag.Status.AFGEWEZEN, "Willem van de Vecht mag niet meedoen aan Jobcoach"),
    (Aanvraag.Status.VERVALLEN, "Willem van de Vecht wilde meedoen aan Jobcoach"),
    (Aanvraag.Status.INGETROKKEN, "Willem van de Vecht wilde meedoen aan Jobcoach"),
])
def test_the_heading_of_the_aanvraag_fits_its_status(client, wereld, status, kop):
    """Before: a lapsed (or decided) aanvraag still read "Willem wil meedoen aan ...", a question still open."""
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat, traject__titel="Jobcoach", status=status,
                               reden="Eerst de taalcursus." if status == Aanvraag.Status.AFGEWEZEN else "")
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("aanvraag_beoordelen", args=[aanvraag.pk])).content.decode()
    assert f'<h1 class="utrecht-heading-1">{kop}</h1>' in pagina


def test_another_klantmanager_cannot_open_or_decide(client, wereld):
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat)
    andere = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    client.force_login(wereld.vreemde_klantmanager)
    url = reverse("aanvraag_beoordelen", args=[aanvraag.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"besluit": "ja"}).status_code == 404
    assert "Willem" not in client.get(reverse("ondersteuning_aanvragen")).content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.open and andere.pk


def test_staff_create_edit_and_archive_a_traject_in_the_portal(client, wereld):
    client.force_login(wereld.klantmanager)
    leeg = client.post(reverse("traject_nieuw"), {"titel": "Schuldhulpmaatje", "soort": "schuldhulp"})
    assert leeg.status_code == 400 and "Schuldhulpmaatje" in leeg.content.decode()
    response = client.post(reverse("traject_nieuw"), {
        "titel": "Schuldhulpmaatje", "soort": "schuldhulp", "omschrijving": "Een vrijwilliger helpt je met je post.",
        "aanbieder": "SchuldHulpMaatje Arnhem", "plaats": "Arnhem", "kosten": "Geen"})
    traject = Traject.objects.get()
    assert response.status_code == 302 and traject.regio == wereld.klantmanager.regio
    assert client.post(reverse("traject_bewerken", args=[traject.pk]), {
        "titel": "SchuldHulpMaatje", "soort": "schuldhulp", "omschrijving": "Een maatje helpt je.",
        "aanbieder": "SchuldHulpMaatje Arnhem", "plaats": "Arnhem", "kosten": "Geen"}).status_code == 302
    start = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert client.post(reverse("startmoment_nieuw", args=[traject.pk]),
                       {"datum": start, "begintijd": "09:30", "capaciteit": "4"}).status_code == 302
    verleden = client.post(reverse("startmoment_nieuw", args=[traject.pk]),
                           {"datum": "2020-01-01", "begintijd": "09:30"})
    assert verleden.status_code == 400 and "al voorbij" in verleden.content.decode()
    assert client.post(reverse("traject_archiveren", args=[traject.pk])).status_code == 302
    traject.refresh_from_db()
    assert traject.titel == "SchuldHulpMaatje" and traject.gearchiveerd and traject.startmomenten.count() == 1
    client.force_login(wereld.vreemde_klantmanager)
    assert client.post(reverse("traject_archiveren", args=[traject.pk]),
                       {"actie": "terugzetten"}).status_code == 404


@pytest.mark.parametrize(("eindtijd", "fout"), [
    ("09:00", "De afspraak moet na het begin eindigen. Controleer de eindtijd."),
    ("22:00", "Een afspraak duurt hoogstens 12 uur. Controleer de eindtijd."),
])
def test_a_workshop_ending_before_it_begins_shows_the_error_at_the_end_time(client, wereld, eindtijd, fout):
    """Before: the agenda's error about the end came above the form, as a general error, not next to "Eindigt om"."""
    traject = TrajectFactory(groep=True, titel="Workshop solliciteren", regio=wereld.klantmanager.regio)
    client.force_login(wereld.klantmanager)
    datum = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(reverse("startmoment_nieuw", args=[traject.pk]),
                           {"datum": datum, "begintijd": "09:30", "eindtijd": eindtijd, "capaciteit": "12"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"eindtijd": [fout]}
    html = response.content.decode()
    assert f'value="{datum}"' in html and 'value="09:30"' in html and f'value="{eindtijd}"' in html
    assert 'value="12"' in html
    assert not traject.startmomenten.exists() and not Deelnemer.objects.exists()

def test_willem_signs_up_for_a_workshop_and_sees_it_in_his_agenda(client, wereld):
    traject = TrajectFactory(groep=True, titel="Workshop solliciteren")
    begin = timezone.now() + timedelta(days=5)
    moment = services.startmoment_toevoegen(traject=traject, door=wereld.klantmanager, start=begin,
                                            eind=begin + timedelta(hours=2), capaciteit=10)
    client.force_login(wereld.werkzoekende_user)
    assert client.get(reverse("traject_meedoen", args=[traject.pk])).status_code == 302  # no request: sign up
    assert client.post(reverse("groep_aanmelden", args=[moment.pk])).status_code == 302
    assert Deelnemer.objects.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD
    assert "Je bent aangemeld" in client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    assert "Workshop solliciteren" in client.get(reverse("agenda")).content.decode()
    client.post(reverse("groep_afmelden", args=[moment.pk]))
    assert Deelnemer.objects.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AFGEMELD


def _queries(client, url):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _aanbod(n):
    for i in range(n):
        StartmomentFactory(traject__titel=f"Cursus {i}")
        StartmomentFactory(traject__titel=f"Workshop {i}", capaciteit=None)


def test_query_counts_of_the_gids_do_not_grow_with_the_data(client, wereld):
    _aanbod(1)
    AanvraagFactory(kandidaat=wereld.kandidaat)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("ondersteuningsgids")
    klein = _queries(client, url)
    _aanbod(12)
    for _i in range(5):
        AanvraagFactory(kandidaat=wereld.kandidaat)
    groot = _queries(client, url)
    # session+user (+organisatie, regio: the header's region), kandidaat (+klantmanager, organisatie, gemeente),
    # page of trajecten (+gemeente) and, once that first page of 20 is full, their count (pagineer), their
    # startmomenten with places taken (+afspraak), own aanvragen (+traject, startmoment, beoordeeld door); the unread
    # meldingen count comes with the session
    assert (klein, groot) == (5, 6)
    _aanbod(20)
    assert _queries(client, url) == groot
    client.force_login(wereld.klantmanager)
    klein = _queries(client, url)
    _aanbod(3)
    groot = _queries(client, url)
    # session+user (+organisatie, regio: the header's region), page of trajecten and their count (the first page is
    # full by now: pagineer), their startmomenten, the ids of the caseload's klantmanagers (own and covered,
    # werkzoekenden.selectors.klantmanagers_van_caseload), the number of open aanvragen of the caseload; the unread
    # meldingen count comes with the session
    assert (klein, groot) == (6, 6)


def test_query_count_of_the_open_aanvragen_does_not_grow(client, wereld):
    AanvraagFactory(kandidaat=wereld.kandidaat)
    client.force_login(wereld.klantmanager)
    url = reverse("ondersteuning_aanvragen")
    klein = _queries(client, url)
    for _i in range(10):
        AanvraagFactory(kandidaat=KandidaatFactory(klantmanager=wereld.klantmanager))
    groot = _queries(client, url)
    # session+user, count and page of aanvragen (+kandidaat, traject, startmoment), the verwerkingenlog line
    # and its betrokkenen (2 INSERTs), organisation of the viewer, meldingen count
    assert klein == groot


def test_the_dossier_shows_the_requests_with_a_link_for_the_klantmanager(client, wereld):
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat, traject__titel="Taalcoach")
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    inhoud = client.get(url).content.decode()
    assert "Taalcoach" in inhoud and reverse("aanvraag_beoordelen", args=[aanvraag.pk]) in inhoud
    assert "Wacht op je besluit" in inhoud
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(url).content.decode()
    assert "Taalcoach" in inhoud and reverse("aanvraag_beoordelen", args=[aanvraag.pk]) not in inhoud


def test_willem_withdraws_his_own_request_and_nobody_else_can(client, wereld):
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat, traject__titel="Taalcoach")
    url = reverse("aanvraag_intrekken", args=[aanvraag.pk])
    anders = AanvraagFactory()
    client.force_login(wereld.werkzoekende_user)
    assert "Toch niet meedoen aan Taalcoach" in client.get(reverse("ondersteuningsgids")).content.decode()
    assert client.post(reverse("aanvraag_intrekken", args=[anders.pk])).status_code == 404
    assert client.post(url).status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGETROKKEN
    detail = client.get(reverse("traject_detail", args=[aanvraag.traject_id])).content.decode()
    assert "Ik wil hieraan meedoen" in detail  # asking again is possible
    client.force_login(wereld.klantmanager)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("wie", ["werkzoekende_user", "klantmanager"])
def test_the_gids_is_built_once_per_process_with_each_trajects_own_starts(client, wereld, wie, monkeypatch):
    """The gids, its count, the startmomenten of its page (with the places taken), the own aanvragen or the open
    aanvragen of the caseload: on the next visit nothing of them is built again (before: four or five querysets on
    every visit). Each traject shows its own coming starts, soonest first."""

    nu = timezone.now()
    later = StartmomentFactory(traject__titel="Heftruck", start=nu + timedelta(days=20))
    eerder = StartmomentFactory(traject=later.traject, start=nu + timedelta(days=5))
    StartmomentFactory(traject=later.traject, start=nu - timedelta(days=3))  # begun: not among the coming ones
    ander = StartmomentFactory(traject__titel="Taalcafé", start=nu + timedelta(days=1))
    AanvraagFactory(kandidaat=wereld.kandidaat, traject=ander.traject, startmoment=ander)
    client.force_login(getattr(wereld, wie))
    url = reverse("ondersteuningsgids")
    eerste = client.get(url).context["pagina"].object_list
    komend = {t.titel: [s.pk for s in t.komend] for t in eerste}
    assert komend["Heftruck"] == [eerder.pk, later.pk] and komend["Taalcafé"] == [ander.pk]
    gebouwd = gebouwde_queries(monkeypatch)
    tweede = client.get(url).context
    monkeypatch.undo()
    assert {t.titel: [s.pk for s in t.komend] for t in tweede["pagina"].object_list} == komend
    assert [t.pk for t in tweede["pagina"].object_list] == [t.pk for t in eerste]
    assert [s.bezet for t in tweede["pagina"].object_list for s in t.komend if s.pk == ander.pk] == [1]
    if wie == "klantmanager":
        assert tweede["open_aanvragen"] == Aanvraag.objects.filter(status=Aanvraag.Status.INGEDIEND).count() == 1
    else:
        assert [a.traject_id for a in tweede["aanvragen"]] == [ander.traject_id]
    assert not [c for c in gebouwd if c.query.model in (Traject, Startmoment, Aanvraag)]


def test_the_gemeente_choices_of_a_traject_file_s_hertogenbosch_under_h():
    """"'s-Hertogenbosch" stood first in the list of its region, above Bernheze, under the apostrophe."""
    noordoost_brabant = Gemeente.objects.get(naam="'s-Hertogenbosch").regio
    keuzes = [label for _waarde, label in TrajectForm(regio_id=noordoost_brabant.pk).fields["gemeente"].choices][1:]
    assert keuzes == sorted(keuzes, key=lambda naam: naam.removeprefix("'s-").lower())
    assert 0 < keuzes.index("Boxtel") < keuzes.index("'s-Hertogenbosch")  # under H, after the B's
