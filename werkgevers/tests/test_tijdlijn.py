"""The werkgever's tijdlijn as the accountmanager and the werkgever read it: each line says what happened once, in
words a person would write, with dates written out as everywhere else in the portal ("2 maart 2026").

The clock stands still on Monday 2 March 2026, 08:00 in Amsterdam, so the dates on the page are fixed."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import override

from beroepen.tests.factories import BeroepFactory
from plaatsingen.services import plaatsing_verlengen
from werkgevers.models import Tijdlijnregel, Vacature
from werkgevers.services import bezoek_vastleggen, tijdlijn, vacature_status_wijzigen
from werkgevers.tests.factories import VacatureFactory

pytestmark = pytest.mark.django_db

MAANDAG = datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def klok():
    with time_machine.travel(MAANDAG, tick=False) as traveller:
        yield traveller


def _regels(client, gebruiker, werkgever):
    """The lines of the tijdlijn page, as text without markup, newest first."""
    client.force_login(gebruiker)
    html = client.get(reverse("werkgever_tijdlijn", args=[werkgever.pk])).content.decode()
    lijst = html.split('<ol class="wsp-tijdlijn">', 1)[1].split("</ol>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", lijst, re.S)]


def test_a_vacature_opened_and_closed_reads_as_a_person_would_write_it(client, klok, wereld):
    """It read "Vacature: Vacature Lasser: open (Anton Account)": the kind of line, then the title with the
    status's value in lower case, then the name in brackets."""
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=BeroepFactory(), titel="Lasser",
                               status=Vacature.Status.CONCEPT)
    vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    vacature_status_wijzigen(vacature=vacature, door=wereld.werkgever_user, status=Vacature.Status.GESLOTEN)
    vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.VERVULD)

    regels = _regels(client, wereld.accountmanager, wereld.werkgever)

    assert regels == [
        "2 maart 2026 08:00 Vacature Lasser vervuld door Anton Account",
        "2 maart 2026 08:00 Vacature Lasser heropend door Anton Account",
        "2 maart 2026 08:00 Vacature Lasser gesloten door Martijn de Heul",
        "2 maart 2026 08:00 Vacature Lasser geopend door Anton Account",
    ]


def test_a_line_that_names_who_did_it_does_not_name_them_twice(client, klok, wereld):
    """"Overeenkomst ondertekend door Martijn de Heul. (Martijn de Heul)": the text says who, the page said it
    again. A line that does not name the person gets "door ..." once."""
    wereld.met_plaatsing()

    regels = _regels(client, wereld.werkgever_user, wereld.werkgever)

    getekend = [r for r in regels if "Overeenkomst ondertekend" in r]
    assert getekend == ["2 maart 2026 08:00 Overeenkomst ondertekend door Martijn de Heul."]
    assert "2 maart 2026 08:00 Kandidaat voorgedragen voor Monteur. door Anton Account" in regels
    assert not any(r.count("Martijn de Heul") > 1 or "(" + "Anton Account" in r for r in regels), regels
    # Not the kind of line before every line ("Overeenkomst: Overeenkomst ondertekend ...").
    assert not any(re.match(r"^[\d: a-z]+ \w+( \w+)?: ", r) for r in regels), regels


def test_an_old_line_keeps_its_text_and_drops_only_the_repeated_name(client, klok, wereld):
    """A line written before keeps its words and date as they were stored; the page only stops repeating."""
    tijdlijn(wereld.werkgever, Tijdlijnregel.Soort.CONTACT, "Contact opgenomen door Anton Account op 07-12-2025.",
             door=wereld.accountmanager)

    assert _regels(client, wereld.accountmanager, wereld.werkgever) == [
        "2 maart 2026 08:00 Contact opgenomen door Anton Account op 07-12-2025."]


def test_dates_in_new_lines_are_written_out(client, klok, wereld):
    """The gesprek, the start of the plaatsing and a visit read "07-03-2026"-style dates on a page that writes
    "2 maart 2026" everywhere else."""
    wereld.met_plaatsing()
    bezoek_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager, bezocht_op=date(2026, 2, 27),
                      verslag="Rondleiding in de werkplaats.")

    regels = _regels(client, wereld.accountmanager, wereld.werkgever)
    tekst = "\n".join(regels)

    assert not re.search(r"\d{2}-\d{2}-\d{4}", tekst), tekst
    assert "Kennismaking op locatie op 27 februari 2026." in tekst
    assert "Sollicitatiegesprek gepland op donderdag 5 maart 2026 om 08:00 in Arnhem." in tekst
    assert re.search(r"Proefplaatsing[^\n]* voor Monteur vanaf (maandag )?2 maart 2026\.", tekst), tekst


def test_what_an_accountmanager_with_the_english_portal_does_is_written_down_in_dutch(client, klok, wereld):
    """Anton reads the portal in English. The lines with a date written out, and a vacature's new status, were stored
    in his language: Martijn (werkgever) read "Job interview scheduled for Monday 2 March 2026 om 10:00 at Arnhem."
    on the tijdlijn and "Gesprek gepland (Monday 2 March 2026 om 10:00)" in the verloop of the voordracht, where the
    note had been "02-03-2026 10:00" in any language. These stored texts are written in Dutch."""

    with override("en"):
        wereld.met_plaatsing()  # a vacature, a gesprek and a proefplaatsing that started, all by Anton
        plaatsing_verlengen(plaatsing=wereld.plaatsing, door=wereld.accountmanager, einddatum=date(2026, 5, 29),
                            verlenging_reden="Meer tijd nodig voor het VCA-diploma.")
        bezoek_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager, bezocht_op=date(2026, 2, 27),
                          verslag="Rondleiding door de werkplaats.")
        vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Lasser", status=Vacature.Status.CONCEPT,
                                   beroep=wereld.beroep)
        vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.OPEN)

    regels = _regels(client, wereld.werkgever_user, wereld.werkgever)
    assert "Sollicitatiegesprek gepland op maandag 2 maart 2026 om 10:00 in Arnhem. door Anton Account" in " | ".join(
        regels), regels
    for zin in ("Kennismaking op locatie op 27 februari 2026.", "Vacature Lasser geopend",
                "Proefplaatsing (met behoud van uitkering) voor"):
        assert any(zin in r for r in regels), (zin, regels)
    engels = re.compile(r"March|February|May|Monday|scheduled|Vacancy|visit|extended| as .* from ")
    assert not [r for r in regels if engels.search(r)], regels
    client.force_login(wereld.werkgever_user)
    voordracht = client.get(reverse("voordracht_detail", args=[wereld.voordracht2.pk])).content.decode()
    assert "Gesprek gepland (maandag 2 maart 2026 om 10:00)" in voordracht
    plaatsing = client.get(reverse("plaatsing_detail", args=[wereld.plaatsing.pk])).content.decode()
    assert "(verlengd tot 29 mei 2026; de werkgever ondertekent opnieuw)" in plaatsing and "extended" not in plaatsing
