"""The voordracht pages through the test client: the cv behind consent, the werkgever's answer, planning
a gesprek and the agenda download, and who can be proposed."""

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Verwerking
from bemiddeling.models import Sollicitatiegesprek, Voordracht
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_intrekken, voordracht_reageren
from privacy.export import gegevens_van, kandidaat_voor_export
from taken.models import Taak
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat, Toestemming
from werkzoekenden.services import document_opslaan, toestemming_intrekken, toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory
from werkzoekenden.tests.test_documenten import PDF

pytestmark = pytest.mark.django_db

S = Voordracht.Status
WAARSCHUWING = "De kandidaat heeft de toestemming om het cv met deze werkgever te delen ingetrokken."


def _toestemming(wereld, kandidaat, werkgever=None):
    return toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                werkgever=werkgever or wereld.werkgever, door=wereld.klantmanager)


@pytest.fixture
def vacature(wereld):
    return VacatureFactory(werkgever=wereld.werkgever, titel="Monteur installatietechniek")


@pytest.fixture
def voordracht(wereld, vacature):
    _toestemming(wereld, wereld.kandidaat)
    return voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                             toelichting="Ervaren monteur met VCA-diploma.")


def _over_een_week():
    return timezone.localdate() + timedelta(days=7)


def _ics_events(tekst):
    return Calendar.from_ical(tekst).walk("VEVENT")


# --- the cv page ----------------------------------------------------------------------------


def test_werkgever_sees_the_cv_while_consent_stands_and_not_a_moment_after_withdrawal(client, wereld, voordracht):
    url = reverse("voordracht_detail", args=[voordracht.pk])
    client.force_login(wereld.werkgever_user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Willem van de Vecht" in html and "Ervaren monteur met VCA-diploma." in html
    assert WAARSCHUWING not in html

    toestemming_intrekken(toestemming=voordracht.toestemming, door=wereld.werkzoekende_user)

    assert client.get(url).status_code == 404
    assert client.get(reverse("voordracht_reageren", args=[voordracht.pk])).status_code == 404


def test_accountmanager_still_sees_a_withdrawn_voordracht_with_a_warning(client, wereld, voordracht):
    url = reverse("voordracht_detail", args=[voordracht.pk])
    client.force_login(wereld.accountmanager)
    assert WAARSCHUWING not in client.get(url).content.decode()

    toestemming_intrekken(toestemming=voordracht.toestemming, door=wereld.werkzoekende_user)

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert WAARSCHUWING in html and "Willem van de Vecht" in html


def test_viewing_the_cv_is_logged_as_inzien_of_the_kandidaat(client, wereld, voordracht):
    kandidaat_rijen = Verwerking.objects.filter(
        betrokkenen__content_type=ContentType.objects.get_for_model(Kandidaat),
        betrokkenen__object_id=str(wereld.kandidaat.pk),
    )
    assert not kandidaat_rijen.exists()
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 200

    rij = kandidaat_rijen.get()
    assert rij.actie == Verwerking.Actie.INZIEN
    assert rij.gebruiker == wereld.werkgever_user
    assert rij.betrokkenen.get().omschrijving == "Willem van de Vecht"
    assert "Monteur installatietechniek" in rij.wat

    # A refused look is no look: nothing is logged for it.
    toestemming_intrekken(toestemming=voordracht.toestemming, door=wereld.werkzoekende_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 404
    assert kandidaat_rijen.count() == 1


# --- the werkgever's answer -----------------------------------------------------------------


def test_niet_passend_without_a_reason_says_so_in_dutch_and_keeps_what_was_typed(client, wereld, voordracht):
    client.force_login(wereld.werkgever_user)
    response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
        "keuze": "niet_passend", "reden": "", "reden_toelichting": "Woont te ver van onze werkplaats",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een reden; daarmee zoeken we gerichter verder." in html
    assert "Woont te ver van onze werkplaats" in html
    voordracht.refresh_from_db()
    assert voordracht.status == S.VOORGEDRAGEN
    assert not Taak.objects.filter(voordracht=voordracht).exists()


def test_niet_passend_with_a_reason_is_stored(client, wereld, voordracht):
    client.force_login(wereld.werkgever_user)
    response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
        "keuze": "niet_passend", "reden": Voordracht.Reden.REISAFSTAND, "reden_toelichting": "Twee uur reizen",
        "reden_delen": "on",
    })
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert (voordracht.status, voordracht.reden, voordracht.reden_delen_met_kandidaat) == (
        S.NIET_PASSEND, Voordracht.Reden.REISAFSTAND, True)


def test_uitnodigen_with_a_moment_in_the_past_is_refused(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    client.force_login(wereld.werkgever_user)
    gisteren = timezone.localdate() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
            "keuze": "uitnodigen", "datum": gisteren.isoformat(), "tijd": "10:00", "locatie": "Arnhem",
        })
    assert response.status_code == 400
    assert "Dit moment is al voorbij." in response.content.decode()
    voordracht.refresh_from_db()
    assert voordracht.status == S.VOORGEDRAGEN
    assert not Sollicitatiegesprek.objects.exists()
    assert mail.outbox == []


def test_uitnodigen_with_a_moment_plans_the_gesprek_and_mails_everyone(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    client.force_login(wereld.werkgever_user)
    datum = _over_een_week()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
            "keuze": "uitnodigen", "datum": datum.isoformat(), "tijd": "14:30", "locatie": "Velperweg 12, Arnhem",
            "begeleider_gaat_mee": "on",
        })
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == S.GESPREK_GEPLAND
    gesprek = voordracht.gesprekken.get()
    assert gesprek.begint_op == timezone.make_aware(datetime.combine(datum, time(14, 30)))
    assert (gesprek.locatie, gesprek.begeleider_gaat_mee) == ("Velperweg 12, Arnhem", True)
    assert [(t.van, t.naar) for t in voordracht.transities.all()][1:] == [
        (S.VOORGEDRAGEN, S.UITGENODIGD), (S.UITGENODIGD, S.GESPREK_GEPLAND)]

    gesprekmails = [b for b in mail.outbox if "sollicitatiegesprek" in b.subject.lower()]
    assert sorted(adres for bericht in gesprekmails for adres in bericht.to) == sorted([
        wereld.werkgever_user.email, wereld.accountmanager.email, wereld.werkzoekende_user.email,
        wereld.klantmanager.email,
    ])
    kandidaat_mail = next(b for b in gesprekmails if wereld.werkzoekende_user.email in b.to)
    assert "14:30" in kandidaat_mail.body and "Velperweg 12, Arnhem" in kandidaat_mail.body
    assert all(b.attachments for b in gesprekmails)


def test_the_mailed_invitation_defines_every_timezone_it_uses(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    """RFC 5545 3.2.19: every TZID needs its VTIMEZONE, or agendas may show the gesprek at another hour."""
    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
            "keuze": "uitnodigen", "datum": _over_een_week().isoformat(), "tijd": "14:30", "locatie": "Arnhem",
        })
    ics = next(b for b in mail.outbox if b.attachments).attachments[0][1]
    kalender = Calendar.from_ical(ics)
    gedefinieerd = {str(tz["TZID"]) for tz in kalender.walk("VTIMEZONE")}
    gebruikt = {str(event[veld].params["TZID"]) for event in kalender.walk("VEVENT")
                for veld in ("DTSTART", "DTEND") if "TZID" in event[veld].params}
    assert gebruikt <= gedefinieerd, ics


# --- the accountmanager plans -----------------------------------------------------------------


def test_accountmanager_plans_a_gesprek_with_tips_that_the_kandidaat_reads(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    client.force_login(wereld.accountmanager)
    datum = _over_een_week()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("gesprek_plannen", args=[voordracht.pk]), {
            "datum": datum.isoformat(), "tijd": "09:15", "locatie": "Arnhem", "duur_minuten": "45",
            "voorbereiding": "Neem je VCA-diploma mee en vraag naar de ploegendienst.",
        })
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == S.GESPREK_GEPLAND

    kandidaat_mails = [b for b in mail.outbox if wereld.werkzoekende_user.email in b.to]
    assert len(kandidaat_mails) == 1
    assert "Neem je VCA-diploma mee en vraag naar de ploegendienst." in kandidaat_mails[0].body
    (event,) = _ics_events(kandidaat_mails[0].attachments[0][1])
    assert event.decoded("dtstart") == timezone.make_aware(datetime.combine(datum, time(9, 15)))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    # The begeleider was not asked along.
    assert not any(wereld.klantmanager.email in b.to for b in mail.outbox)


def test_a_double_click_on_gesprek_plannen_says_the_gesprek_stands_not_that_it_moved(client, wereld, voordracht):
    """The second press of a double click answered "Het gesprek is verplaatst. Iedereen krijgt een nieuwe
    uitnodiging": nothing moved, and (now) nobody is invited again."""
    client.force_login(wereld.accountmanager)
    gegevens = {"datum": _over_een_week().isoformat(), "tijd": "09:15", "locatie": "Arnhem", "duur_minuten": "45",
                "voorbereiding": ""}
    url = reverse("gesprek_plannen", args=[voordracht.pk])
    assert client.post(url, gegevens).status_code == 302
    html = client.post(url, gegevens, follow=True).content.decode()
    assert "Het gesprek staat al op dit moment. Er is niets veranderd." in html
    assert "verplaatst" not in html


def test_the_werkgever_cannot_write_tips_for_the_kandidaat(client, wereld, voordracht):
    client.force_login(wereld.werkgever_user)
    response = client.get(reverse("gesprek_plannen", args=[voordracht.pk]))
    assert response.status_code == 200
    assert 'name="voorbereiding"' not in response.content.decode()


def test_agenda_download_is_a_calendar_file(client, wereld):
    wereld.met_bemiddeling()
    gesprek = wereld.gesprek
    url = reverse("gesprek_agenda", args=[gesprek.pk])
    for gebruiker in (wereld.werkgever_user, wereld.accountmanager, wereld.klantmanager):
        client.force_login(gebruiker)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == "text/calendar"
        assert response["Content-Disposition"].startswith("attachment")
        (event,) = _ics_events(response.content)
        assert str(event["uid"]) == gesprek.ics_uid
        assert event.decoded("dtstart") == gesprek.begint_op.replace(microsecond=0)  # iCalendar counts seconds
    client.force_login(wereld.vreemde_werkgever_user)
    assert client.get(url).status_code == 404


# --- who can be proposed ----------------------------------------------------------------------


def test_voordracht_form_lists_only_kandidaten_with_consent_for_this_werkgever(client, wereld, vacature):
    met = KandidaatFactory(voornaam="Mila", achternaam="Metconsent")
    _toestemming(wereld, met)
    zonder = KandidaatFactory(voornaam="Zeno", achternaam="Zonderconsent")
    elders = KandidaatFactory(voornaam="Erik", achternaam="Eldersconsent")
    _toestemming(wereld, elders, werkgever=WerkgeverFactory())
    ingetrokken = KandidaatFactory(voornaam="Ilse", achternaam="Ingetrokkenconsent")
    toestemming_intrekken(toestemming=_toestemming(wereld, ingetrokken), door=wereld.klantmanager)
    vindbaar = KandidaatFactory(voornaam="Vera", achternaam="Vindbaarconsent")
    toestemming_verlenen(kandidaat=vindbaar, doel=Toestemming.Doel.VINDBAAR, door=wereld.klantmanager)
    al_voorgedragen = KandidaatFactory(voornaam="Alex", achternaam="Alvoorgedragen")
    _toestemming(wereld, al_voorgedragen)
    voordracht_create(vacature=vacature, kandidaat=al_voorgedragen, door=wereld.accountmanager, toelichting="Past.")

    url = reverse("voordracht_nieuw", args=[vacature.pk])
    client.force_login(wereld.accountmanager)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mila Metconsent" in html
    for kandidaat in (zonder, elders, ingetrokken, vindbaar, al_voorgedragen):
        assert kandidaat.achternaam not in html

    # Sending one of them anyway is refused, next to the field.
    response = client.post(url, {"kandidaat": zonder.pk, "toelichting": "Past goed."})
    assert response.status_code == 400
    assert not Voordracht.objects.filter(kandidaat=zonder).exists()

    response = client.post(url, {"kandidaat": met.pk, "toelichting": "Past goed."})
    assert response.status_code == 302
    assert Voordracht.objects.get(kandidaat=met).vacature == vacature


def test_a_kandidaat_withdrawn_here_but_open_elsewhere_can_be_proposed_again(client, wereld, vacature):
    """An exclude() across voordrachten may match two different rows; only an open one for *this* vacature
    hides the kandidaat."""
    _toestemming(wereld, wereld.kandidaat)
    hier = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                             toelichting="Past.")
    voordracht_intrekken(voordracht=hier, door=wereld.accountmanager)  # e.g. the kandidaat was ill for a while
    elders = VacatureFactory(werkgever=wereld.werkgever, titel="Servicemonteur")
    voordracht_create(vacature=elders, kandidaat=wereld.kandidaat, door=wereld.accountmanager, toelichting="Past.")

    client.force_login(wereld.accountmanager)
    response = client.get(reverse("voordracht_nieuw", args=[vacature.pk]))
    assert "Willem van de Vecht" in response.content.decode()


def test_voordragen_someone_already_proposed_or_hired_leads_to_that_voordracht(client, wereld, vacature):
    """The card on "Wie past erbij?" still says Voordragen; the form left the kandidaat out of its list and showed an
    empty choice ("Dit veld is verplicht"). Now the accountmanager lands on the voordracht that exists."""
    _toestemming(wereld, wereld.kandidaat)
    voordracht = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past.")
    client.force_login(wereld.accountmanager)
    response = client.get(reverse("voordracht_nieuw", args=[vacature.pk]), {"kandidaat": wereld.kandidaat.pk},
                          follow=True)
    assert response.redirect_chain == [(reverse("voordracht_detail", args=[voordracht.pk]), 302)]
    assert "Willem van de Vecht is al voorgedragen voor deze vacature: voorgedragen." in response.content.decode()

    # Hired for it: not proposed a second time, not even by a POST.
    Voordracht.objects.filter(pk=voordracht.pk).update(status=Voordracht.Status.AANGENOMEN)
    response = client.post(reverse("voordracht_nieuw", args=[vacature.pk]),
                           {"kandidaat": wereld.kandidaat.pk, "toelichting": "Nog een keer."})
    assert response.status_code == 400
    assert Voordracht.objects.filter(vacature=vacature, kandidaat=wereld.kandidaat).count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="al aangenomen"):
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Nog een keer.")


# --- found by exploratory testing -------------------------------------------------------------


def _label(html, veld):
    """The text of the label of ``veld`` (its <label for="id_veld">)."""
    begin = html.index(f'for="id_{veld}">')
    return html[begin:html.index("</label>", begin)]


def test_a_gesprek_more_than_a_year_ahead_is_refused_and_the_date_stays(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
            "keuze": "uitnodigen", "datum": "2999-12-31", "tijd": "03:00", "locatie": "Arnhem",
        })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze datum ligt meer dan een jaar vooruit. Klopt het jaartal?" in html
    assert 'value="2999-12-31"' in html
    voordracht.refresh_from_db()
    assert voordracht.status == S.VOORGEDRAGEN
    assert not Sollicitatiegesprek.objects.exists() and mail.outbox == []

    # Moving it there is refused as well; within the year it is fine.
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    url = reverse("gesprek_plannen", args=[wereld.voordracht.pk])
    response = client.post(url, {"datum": "9999-12-31", "tijd": "10:00", "locatie": "Arnhem", "duur_minuten": "60"})
    assert response.status_code == 400
    assert "meer dan een jaar vooruit" in response.content.decode()
    binnen_een_jaar = timezone.localdate() + timedelta(days=360)
    response = client.post(url, {"datum": binnen_een_jaar.isoformat(), "tijd": "10:00", "locatie": "Arnhem",
                                 "duur_minuten": "60"})
    assert response.status_code == 302


def test_moving_a_gesprek_shows_it_as_it_stands_and_marks_nothing_required_as_optional(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    response = client.get(reverse("gesprek_plannen", args=[wereld.voordracht.pk]))
    html = response.content.decode()
    assert "Sollicitatiegesprek verplaatsen" in html and "Sollicitatiegesprek plannen" not in html
    begint_op = timezone.localtime(wereld.gesprek.begint_op)
    assert f'value="{begint_op:%Y-%m-%d}"' in html and f'value="{begint_op:%H:%M}"' in html
    for veld in ("datum", "tijd", "locatie"):
        assert "niet verplicht" not in _label(html, veld), veld


def test_the_answer_form_marks_only_what_is_really_optional(client, wereld, voordracht):
    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("voordracht_reageren", args=[voordracht.pk])).content.decode()
    # Needed in some cases: said in the help text, never "(niet verplicht)".
    for veld in ("reden", "reden_toelichting", "tijd", "locatie"):
        assert "niet verplicht" not in _label(html, veld), veld
    assert "Nodig als u &#x27;Niet passend&#x27; kiest." in html or "Nodig als u 'Niet passend' kiest." in html
    assert "Nodig als u een datum invult." in html
    # Really optional: an empty date leaves the planning to the accountmanager.
    assert "niet verplicht" in _label(html, "datum")


def test_a_stale_answer_after_the_back_button_goes_to_the_voordracht_with_a_plain_message(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_reageren", args=[voordracht.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"keuze": "uitnodigen", "datum": _over_een_week().isoformat(), "tijd": "10:00",
                          "locatie": "Arnhem"})
    # Back, and "Niet passend" on the page the browser kept.
    response = client.post(url, {"keuze": "niet_passend", "reden": Voordracht.Reden.REISAFSTAND}, follow=True)
    assert response.redirect_chain == [(reverse("voordracht_detail", args=[voordracht.pk]), 302)]
    html = response.content.decode()
    assert "Deze voordracht is intussen al beantwoord: Gesprek gepland." in html
    assert "kan niet naar" not in html
    voordracht.refresh_from_db()
    assert voordracht.status == S.GESPREK_GEPLAND


@pytest.mark.parametrize(("uur", "wanneer"), [(10, "vandaag"), (17, "morgen")])
def test_after_proposing_the_accountmanager_reads_when_the_werkgever_hears_of_it(client, wereld, vacature, uur,
                                                                                wanneer, settings):
    """"De werkgever krijgt bericht." was vague and, before the melding for the werkgever, untrue for the portal.
    Now: he sees it in the portal at once, and the day's one mail (VOORDRACHT_MELDING_UUR) goes today or
    tomorrow."""
    import time_machine

    settings.VOORDRACHT_MELDING_UUR = 16
    _toestemming(wereld, wereld.kandidaat)
    moment = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(uur, 30)))
    with time_machine.travel(moment, tick=False):
        client.force_login(wereld.accountmanager)
        response = client.post(reverse("voordracht_nieuw", args=[vacature.pk]),
                               {"kandidaat": wereld.kandidaat.pk, "toelichting": "Past goed."}, follow=True)
    html = response.content.decode()
    assert "De werkgever krijgt bericht." not in html
    assert (f"Willem van de Vecht is voorgedragen. De werkgever ziet het nu in het portaal. De dagelijkse mail met "
            f"nieuwe kandidaten gaat {wanneer} na 16:00 naar de werkgever.") in html


def test_after_proposing_for_a_werkgever_without_account_or_address_the_accountmanager_is_told(client, wereld):
    werkgever = WerkgeverFactory(accountmanager=wereld.accountmanager, contactpersoon_email="")
    vacature = VacatureFactory(werkgever=werkgever, titel="Heftruckchauffeur")
    _toestemming(wereld, wereld.kandidaat, werkgever=werkgever)
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("voordracht_nieuw", args=[vacature.pk]),
                           {"kandidaat": wereld.kandidaat.pk, "toelichting": "Past goed."}, follow=True)
    html = response.content.decode()
    assert "ziet het nu in het portaal" not in html and "dagelijkse mail" not in html
    assert "De werkgever heeft geen account en geen e-mailadres bij ons: laat het de werkgever zelf weten." in html


def test_the_answer_form_groups_each_choices_fields_and_shares_the_reason_unless_unticked(client, wereld, voordracht):
    """After "Niet passend" the date, time, place and begeleider still showed: each choice now has its own fieldset
    (wsp.css shows the one of the choice made), and "De kandidaat mag deze reden lezen" starts ticked."""
    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("voordracht_reageren", args=[voordracht.pk])).content.decode()
    uitnodigen = html.split("wsp-keuzedeel--uitnodigen", 1)[1].split("</fieldset>", 1)[0]
    niet_passend = html.split("wsp-keuzedeel--niet_passend", 1)[1].split("</fieldset>", 1)[0]
    for naam in ("datum", "tijd", "locatie", "begeleider_gaat_mee"):
        assert f'name="{naam}"' in uitnodigen and f'name="{naam}"' not in niet_passend, naam
    for naam in ("reden", "reden_toelichting", "reden_delen"):
        assert f'name="{naam}"' in niet_passend and f'name="{naam}"' not in uitnodigen, naam
    assert re.search(r'<input type="checkbox" name="reden_delen"[^>]* checked', html)


def test_the_reason_checkbox_tells_honestly_that_an_avg_inzage_still_holds_the_reason(client, wereld):
    """Unticking "De kandidaat mag deze reden lezen" keeps the reason out of her portal only: her AVG inzage
    (art. 15) holds it. The help said just "Zo kan de kandidaat ervan leren.", so the werkgever (and the
    accountmanager on the outcome form) could think the reason stays hidden from her. Now each reads it, in his
    own wording, on the form and on the voordracht."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    u_hulp = ("Zet u dit uit, dan ziet de kandidaat de reden niet in het portaal. Vraagt de kandidaat de eigen "
              "gegevens op (AVG), dan staat de reden daar wel bij.")
    je_hulp = u_hulp.replace("Zet u dit uit", "Zet je dit uit")
    tweede = voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever), kandidaat=wereld.kandidaat,
                               door=wereld.accountmanager, toelichting="Past goed.")
    client.force_login(wereld.werkgever_user)
    reageren = client.get(reverse("voordracht_reageren", args=[tweede.pk])).content.decode()
    uitkomst = client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()
    assert u_hulp in reageren and u_hulp in uitkomst and je_hulp not in uitkomst
    client.force_login(wereld.accountmanager)
    uitkomst = client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()
    assert je_hulp in uitkomst and u_hulp not in uitkomst
    client.post(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk]), {
        "keuze": "afgewezen", "reden": Voordracht.Reden.ANDERS, "reden_toelichting": "Te weinig ervaring"})
    detail = client.get(reverse("voordracht_detail", args=[wereld.voordracht.pk])).content.decode()
    assert ("Te weinig ervaring (niet in het portaal van de kandidaat; wel bij de gegevens die de kandidaat via de "
            "AVG opvraagt)") in detail
    # What the help promises: her inzage holds the reason that her portal leaves out.
    gegevens = gegevens_van(kandidaat_voor_export(wereld.kandidaat.pk))
    assert [v["toelichting_reden"] for v in gegevens["voordrachten"] if v["toelichting_reden"]] == [
        "Te weinig ervaring"]


def test_a_past_date_without_a_time_gets_both_errors_at_once(client, wereld, voordracht):
    client.force_login(wereld.werkgever_user)
    gisteren = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
        "keuze": "uitnodigen", "datum": gisteren.isoformat(), "locatie": "Arnhem"})
    assert response.status_code == 400
    fouten = response.context["form"].errors
    assert "Dit moment is al voorbij." in fouten["datum"][0] and "tijd" in fouten, fouten


def test_the_outcome_form_groups_the_reason_under_afgewezen_and_shares_it_unless_unticked(client, wereld):
    """The outcome form showed the reason fields also after "Aangenomen", and "De kandidaat mag deze reden lezen"
    started unticked there while the answer form starts ticked: in the gewenste klantreis the werkgever gives the
    kandidaat feedback. Now the reason has its own fieldset under "Afgewezen" and starts shared."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()
    afgewezen = html.split("wsp-keuzedeel--afgewezen", 1)[1].split("</fieldset>", 1)[0]
    for naam in ("reden", "reden_toelichting", "reden_delen"):
        assert f'name="{naam}"' in afgewezen, naam
    assert re.search(r'<input type="checkbox" name="reden_delen"[^>]* checked', html)


def test_afgewezen_with_andere_reden_needs_a_few_words_and_keeps_what_was_typed(client, wereld):
    """"Andere reden" without a word passed on the outcome form (the answer form asked for one): the kandidaat then
    read only "Andere reden"."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    client.force_login(wereld.werkgever_user)
    response = client.post(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk]), {
        "keuze": "afgewezen", "reden": Voordracht.Reden.ANDERS, "reden_toelichting": "  ", "reden_delen": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors["reden_toelichting"] == ["Licht de andere reden kort toe."]
    assert 'value="anders" selected' in response.content.decode()
    wereld.voordracht.refresh_from_db()
    assert wereld.voordracht.status == S.GESPREK_GEPLAND


def test_a_too_long_andere_reden_is_called_too_long_not_missing(client, wereld, voordracht):
    """A toelichting over the limit got two errors at once: "too long" and "Licht de andere reden kort toe.", which
    says the werkgever wrote nothing while the text stands in the box. On both forms the werkgever gives a reason."""
    client.force_login(wereld.werkgever_user)
    response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
        "keuze": "niet_passend", "reden": Voordracht.Reden.ANDERS, "reden_toelichting": "x" * 6000})
    assert response.status_code == 400
    fouten = response.context["form"].errors["reden_toelichting"]
    assert len(fouten) == 1 and "hoogstens 5000 tekens" in fouten[0], fouten

    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    response = client.post(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk]), {
        "keuze": "afgewezen", "reden": Voordracht.Reden.ANDERS, "reden_toelichting": "x" * 6000})
    assert response.status_code == 400
    fouten = response.context["form"].errors["reden_toelichting"]
    assert len(fouten) == 1 and "hoogstens 5000 tekens" in fouten[0], fouten


def test_the_answer_form_of_an_answered_voordracht_is_not_offered_again(client, wereld, voordracht):
    """The back button or the mail's link after answering showed the empty answer form again; filled in, it was only
    refused ("intussen al beantwoord"). Now the page says so at once, on the voordracht."""
    client.force_login(wereld.werkgever_user)
    client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {"keuze": "uitnodigen"})
    response = client.get(reverse("voordracht_reageren", args=[voordracht.pk]), follow=True)
    assert response.redirect_chain == [(reverse("voordracht_detail", args=[voordracht.pk]), 302)]
    assert "Deze voordracht is intussen al beantwoord: Uitgenodigd." in response.content.decode()

    voordracht_intrekken(voordracht=voordracht, door=wereld.accountmanager, toelichting="Vond ander werk.")
    response = client.get(reverse("voordracht_reageren", args=[voordracht.pk]), follow=True)
    assert "Deze voordracht is intussen veranderd. De status is nu: Ingetrokken." in response.content.decode()


# --- wording on the voordracht ---------------------------------------------------------------


def test_the_verloop_writes_the_moment_of_the_gesprek_out(client, wereld, voordracht):
    """The note on the step read "Gesprek gepland (09-03-2026 10:00)"; the portal writes dates out."""
    with time_machine.travel(datetime(2026, 3, 2, 8, tzinfo=timezone.get_default_timezone()), tick=False):
        voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
                        begint_op=datetime(2026, 3, 9, 10, tzinfo=timezone.get_default_timezone()),
                        begeleider_gaat_mee=False)
        client.force_login(wereld.werkgever_user)
        html = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()

    verloop = html.split('<ol class="wsp-tijdlijn">', 1)[1].split("</ol>", 1)[0]
    assert "(maandag 9 maart 2026 om 10:00), Anton Account" in verloop
    assert not re.search(r"\d{2}-\d{2}-\d{4}", verloop)


def test_a_kandidaat_without_a_phone_number_has_no_stray_separator(client, wereld, voordracht):
    """"willem@example.nl ·" with nothing after the dot."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(telefoon="")
    client.force_login(wereld.accountmanager)

    html = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()

    assert f'>{wereld.kandidaat.email}</a></p>' in html


def test_a_document_to_choose_says_when_it_expires_as_the_portal_writes_dates(client, wereld, voordracht):
    """"VCA basis (Certificaat) - verloopt op 01-06-2027"."""
    document_opslaan(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, bestand=ContentFile(PDF, name="v.pdf"),
                     bestandssoort="pdf", soort="certificaat", titel="VCA basis", verloopt_op=date(2027, 6, 1),
                     delen_met_werkgever=True)
    client.force_login(wereld.accountmanager)

    html = client.get(reverse("voordracht_documenten", args=[voordracht.pk])).content.decode()

    assert "verloopt op 1 juni 2027" in html
    assert "01-06-2027" not in html


@pytest.mark.parametrize("rol", ["accountmanager", "werkgever_user"])
def test_the_question_of_the_outcome_form_does_not_repeat_its_heading(client, wereld, rol):
    """"Uitkomst van het gesprek" as the heading, and right under it again as the question."""
    wereld.met_bemiddeling()
    client.force_login(getattr(wereld, rol))

    html = client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()

    kop = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    vraag = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S).group(1).strip()
    assert (kop, vraag) == ("Uitkomst van het gesprek", "Hoe is het gesprek afgelopen?")


@pytest.mark.parametrize("duur,melding", [("5", "Vul minstens 15 in."), ("600", "Vul hoogstens 480 in.")])
def test_a_gesprek_too_short_or_too_long_is_said_plainly_to_the_werkgever(client, wereld, duur, melding):
    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    morgen = timezone.localdate() + timedelta(days=1)

    response = client.post(reverse("gesprek_plannen", args=[wereld.voordracht.pk]), {
        "datum": morgen.isoformat(), "tijd": "10:00", "locatie": "Arnhem", "duur_minuten": duur})

    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html and "Zorg ervoor" not in html


@pytest.mark.parametrize("pagina", ["gesprek_plannen", "voordracht_uitkomst"])
def test_the_gesprek_and_outcome_forms_of_a_closed_voordracht_show_the_voordracht_not_an_empty_form(client, wereld,
                                                                                                   pagina):
    """The werkgever opened "Uitkomst vastleggen" or "Gesprek verplaatsen" from a mail, the back button or a second
    tab after the accountmanager withdrew the voordracht: the form showed the cancelled gesprek to be moved, or asked
    for the outcome and a reason, only to refuse them once filled in."""
    wereld.met_bemiddeling()
    voordracht_intrekken(voordracht=wereld.voordracht, door=wereld.accountmanager, toelichting="Vond ander werk.")
    client.force_login(wereld.werkgever_user)

    response = client.get(reverse(pagina, args=[wereld.voordracht.pk]), follow=True)

    assert response.redirect_chain == [(reverse("voordracht_detail", args=[wereld.voordracht.pk]), 302)]
    html = response.content.decode()
    assert "Deze voordracht is intussen veranderd. De status is nu: Ingetrokken." in html
    assert 'name="datum"' not in html and 'name="keuze"' not in html


def test_the_outcome_form_stays_for_a_gesprek_still_open(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)

    assert client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).status_code == 200
    assert client.get(reverse("gesprek_plannen", args=[wereld.voordracht.pk])).status_code == 200


@pytest.mark.parametrize("rol,zin", [("werkgever_user", "Aangenomen kunt u vastleggen nadat het gesprek is geweest"),
                                     ("accountmanager", "Aangenomen kun je vastleggen nadat het gesprek is geweest")])
def test_the_outcome_form_before_the_gesprek_says_first_that_only_afwijzen_can_be_recorded_yet(client, wereld, rol,
                                                                                               zin):
    """"Aangenomen" is refused until the gesprek has been: the form said so only after it was filled in and sent."""
    wereld.met_bemiddeling()
    client.force_login(getattr(wereld, rol))

    html = client.get(reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()

    assert "Het gesprek is pas op" in html and zin in html
    with time_machine.travel(wereld.gesprek.begint_op + timedelta(hours=1)):
        assert "Het gesprek is pas op" not in client.get(
            reverse("voordracht_uitkomst", args=[wereld.voordracht.pk])).content.decode()
