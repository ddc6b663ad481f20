"""A closed dossier asks for nothing any more: her open aanvragen lapse (and leave the klantmanager's list and tasks),
the gids shows her no button to ask or sign up, and after reopening she may ask again."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import Deelnemer
from meldingen.models import Melding
from ondersteuning import services
from ondersteuning.models import Aanvraag
from ondersteuning.selectors import open_aanvragen_voor
from ondersteuning.tests.factories import StartmomentFactory, TrajectFactory
from taken.models import Taak
from werkzoekenden.services import dossier_afsluiten, dossier_heropenen


def _vraag(wereld, met_commit, startmoment=None):
    startmoment = startmoment or StartmomentFactory()
    return met_commit(services.aanvraag_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                      traject=startmoment.traject, startmoment=startmoment)


def test_closing_lets_her_open_aanvragen_lapse_and_leave_the_task_list(wereld, met_commit):
    """Before: the aanvraag stayed "Wacht op je klantmanager", in the klantmanager's open aanvragen and her task list
    ("Beoordeel een aanvraag"), and all she could do was refuse it."""
    open_aanvraag = _vraag(wereld, met_commit)
    goedgekeurd = _vraag(wereld, met_commit)
    met_commit(services.aanvraag_beoordelen, aanvraag=goedgekeurd, door=wereld.klantmanager, goedkeuren=True)
    taak = Taak.objects.get(sleutel=f"ondersteuning:{open_aanvraag.pk}")
    assert taak.afgerond_op is None and list(open_aanvragen_voor(wereld.klantmanager)) == [open_aanvraag]

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")

    open_aanvraag.refresh_from_db()
    assert open_aanvraag.status == Aanvraag.Status.VERVALLEN and open_aanvraag.reden == "Het dossier is gesloten."
    taak.refresh_from_db()
    assert taak.afgerond_op is not None
    assert list(open_aanvragen_voor(wereld.klantmanager)) == []
    goedgekeurd.refresh_from_db()
    assert goedgekeurd.status == Aanvraag.Status.GOEDGEKEURD  # in her plan, which stands still

    # Reopened: nothing comes back by itself, and she may ask again for the same traject.
    met_commit(dossier_heropenen, kandidaat=wereld.kandidaat, door=wereld.klantmanager)
    open_aanvraag.refresh_from_db()
    assert open_aanvraag.status == Aanvraag.Status.VERVALLEN
    opnieuw = _vraag(wereld, met_commit, startmoment=open_aanvraag.startmoment)
    assert opnieuw.open and Taak.objects.get(sleutel=f"ondersteuning:{opnieuw.pk}").afgerond_op is None


def test_she_reads_that_her_aanvraag_lapsed_and_why(client, wereld, met_commit):
    aanvraag = _vraag(wereld, met_commit)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("ondersteuningsgids")).content.decode()
    assert aanvraag.traject.titel in pagina and "Vervallen" in pagina and "Waarom: Het dossier is gesloten." in pagina
    assert reverse("aanvraag_intrekken", args=[aanvraag.pk]) not in pagina


def test_a_closed_dossier_gets_no_button_to_ask_or_sign_up(client, wereld):
    """Before: "Ik wil hieraan meedoen" and "Ik meld me aan" stayed on the page of a closed dossier; the one gave an
    error after the form, the other took a place at the workshop."""
    traject = TrajectFactory()
    workshop = TrajectFactory(groep=True, titel="Workshop solliciteren")
    begin = timezone.now() + timedelta(days=5)
    moment = services.startmoment_toevoegen(traject=workshop, door=wereld.klantmanager, start=begin,
                                            eind=begin + timedelta(hours=2), capaciteit=10)
    client.force_login(wereld.werkzoekende_user)
    assert reverse("traject_meedoen", args=[traject.pk]) in client.get(
        reverse("traject_detail", args=[traject.pk])).content.decode()
    assert reverse("groep_aanmelden", args=[moment.pk]) in client.get(
        reverse("traject_detail", args=[workshop.pk])).content.decode()

    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")

    pagina = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    assert reverse("traject_meedoen", args=[traject.pk]) not in pagina
    assert "Je dossier is gesloten. Daarom kun je niet vragen om mee te doen." in pagina
    pagina = client.get(reverse("traject_detail", args=[workshop.pk])).content.decode()
    assert reverse("groep_aanmelden", args=[moment.pk]) not in pagina
    assert "Je dossier is gesloten. Daarom kun je je niet aanmelden." in pagina
    antwoord = client.post(reverse("groep_aanmelden", args=[moment.pk]), follow=True)
    assert "Je dossier is gesloten. Daarom kun je je niet aanmelden." in antwoord.content.decode()
    assert not Deelnemer.objects.filter(kandidaat=wereld.kandidaat).exists()


def test_a_reopening_committed_after_the_reaction_looked_keeps_her_new_aanvraag(wereld, met_commit):
    """Before: the reaction looked whether the dossier was still closed without the kandidaat's lock; a reopening and
    her new request committed in between lapsed with the old closing. Now the service looks under the lock."""
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")  # reaction not yet run
    dossier_heropenen(kandidaat=wereld.kandidaat, door=wereld.klantmanager)  # ... commits before it does its work
    nieuw = _vraag(wereld, met_commit)

    assert services.aanvragen_vervallen(kandidaat_id=wereld.kandidaat.pk) == []

    nieuw.refresh_from_db()
    assert nieuw.open


def test_the_klantmanager_reads_a_lapsed_aanvraag_without_an_empty_decision_line(client, wereld, met_commit):
    """Before: the page of a lapsed aanvraag said "Vervallen op  door " (nobody decided), and the reason in Dutch on
    an English page."""
    aanvraag = _vraag(wereld, met_commit)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("aanvraag_beoordelen", args=[aanvraag.pk])).content.decode()
    assert "Vervallen" in pagina and "Het dossier is gesloten." in pagina
    assert " door </p>" not in pagina and "op  door" not in pagina
    with translation.override("en"):
        engels = translation.gettext("Het dossier is gesloten.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pagina = client.get(reverse("aanvraag_beoordelen", args=[aanvraag.pk])).content.decode()
    assert engels in pagina and "Het dossier is gesloten." not in pagina


def test_she_reads_why_it_lapsed_in_her_language(client, wereld, met_commit):
    _vraag(wereld, met_commit)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    with translation.override("en"):
        engels = translation.gettext("Het dossier is gesloten.")
    client.force_login(wereld.werkzoekende_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pagina = client.get(reverse("ondersteuningsgids")).content.decode()
    assert engels in pagina and "Het dossier is gesloten." not in pagina


def test_the_klantmanagers_melding_to_decide_is_read_when_the_aanvraag_lapses(wereld, met_commit):
    """Before: the task closed, but "... wil meedoen aan ... Keur goed of leg uit waarom niet." stayed unread in the
    bell, asking a decision nobody can take any more."""
    aanvraag = _vraag(wereld, met_commit)
    vraag = Melding.objects.get(ontvanger=wereld.klantmanager, url=reverse("aanvraag_beoordelen", args=[aanvraag.pk]))
    assert vraag.gelezen_op is None
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    vraag.refresh_from_db()
    assert vraag.gelezen_op is not None
