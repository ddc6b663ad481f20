"""A closed dossier keeps no coming afspraken: those of the dossier alone are cancelled (with the reason, a CANCEL and
a melding as by hand), from those that go on for others she is signed off (her place goes to the waiting list), a
sollicitatiegesprek is cancelled once, by bemiddeling. And she signs up for no workshop any more."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from accounts.tests.factories import KlantmanagerFactory, WerkzoekendeUserFactory
from agenda import services
from agenda.models import Afspraak, Deelnemer
from meldingen.models import Melding
from werkzoekenden.services import dossier_afsluiten, dossier_heropenen, dossiertoegang_geven
from werkzoekenden.tests.factories import KandidaatFactory


def _over(dagen=3, uur=10):
    return (timezone.localtime() + timedelta(days=dagen)).replace(hour=uur, minute=0, second=0, microsecond=0)


def _gesprek(wereld, met_commit, **extra):
    start = extra.pop("start", _over())
    return met_commit(services.afspraak_plannen, door=wereld.klantmanager, titel="Gesprek over je plan", start=start,
                      eind=start + timedelta(hours=1), plaats="Werkplein",
                      **{"soort": Afspraak.Soort.KLANTMANAGERGESPREK, "kandidaten": [wereld.kandidaat], **extra})


def _workshop(wereld, met_commit, capaciteit=1):
    start = _over(5)
    return met_commit(services.afspraak_plannen, door=wereld.klantmanager, soort=Afspraak.Soort.GROEPSBIJEENKOMST,
                      titel="Workshop solliciteren", start=start, eind=start + timedelta(hours=2),
                      plaats="Wijkcentrum", capaciteit=capaciteit, regio=wereld.werkzoekende_user.regio)


def _methodes(adres, uid):
    """The METHOD of every .ics mailed to ``adres`` about the afspraak with ``uid``."""
    methodes = []
    for bericht in mail.outbox:
        if adres not in bericht.to:
            continue
        for naam, inhoud, _type in bericht.attachments:
            if naam.endswith(".ics"):
                kalender = Calendar.from_ical(inhoud.encode() if isinstance(inhoud, str) else inhoud)
                if any(str(e["uid"]) == uid for e in kalender.walk("VEVENT")):
                    methodes.append(str(kalender["method"]))
    return methodes


def test_closing_cancels_the_coming_afspraken_of_the_dossier_as_by_hand_with_the_reason(wereld, met_commit):
    """Before: the gesprek with the klantmanager next week stayed in the agenda, with its reminder the day before, for
    a werkzoekende nobody guides any more."""
    komend = _gesprek(wereld, met_commit)
    al_geannuleerd = _gesprek(wereld, met_commit, start=_over(4))
    met_commit(services.afspraak_annuleren, afspraak=al_geannuleerd, door=wereld.klantmanager)
    geweest = _gesprek(wereld, met_commit, start=_over(6))
    Afspraak.objects.filter(pk=geweest.pk).update(start=timezone.now() - timedelta(days=2),
                                                  eind=timezone.now() - timedelta(days=2) + timedelta(hours=1))
    al_volgnummer = Afspraak.objects.get(pk=al_geannuleerd.pk).volgnummer
    mail.outbox.clear()

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")

    komend.refresh_from_db()
    assert komend.geannuleerd and komend.annuleringsreden == "Het dossier is gesloten."
    assert not komend.deelnemers.filter(herinnering_op__isnull=False).exists()  # no reminder the day before
    # the same CANCEL as by hand, for her calendar and the klantmanager's, saying why
    assert _methodes(wereld.kandidaat.account.email, komend.ics_uid) == ["CANCEL"]
    assert _methodes(wereld.klantmanager.email, komend.ics_uid) == ["CANCEL"]
    [aan_haar] = [m for m in mail.outbox if wereld.kandidaat.account.email in m.to and komend.titel in m.subject]
    assert "Gaat niet door" in aan_haar.subject and "Waarom: Het dossier is gesloten." in aan_haar.body
    # and the melding of a cancel by hand: for her, not for the klantmanager who closed it
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user, sleutel__startswith=f"afspraak:{komend.pk}:",
                                  tekst__contains="gaat niet door").count() == 1
    assert not Melding.objects.filter(ontvanger=wereld.klantmanager, sleutel__startswith=f"afspraak:{komend.pk}:")
    # what was cancelled already, or is past, is left as it was
    al_geannuleerd.refresh_from_db()
    assert al_geannuleerd.volgnummer == al_volgnummer and al_geannuleerd.annuleringsreden == ""
    assert Afspraak.objects.get(pk=geweest.pk).status == Afspraak.Status.GEPLAND


def test_the_reason_is_on_the_afspraak_page_for_her_and_staff(client, wereld, met_commit):
    komend = _gesprek(wereld, met_commit)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    for wie in (wereld.werkzoekende_user, wereld.klantmanager):
        client.force_login(wie)
        pagina = client.get(reverse("afspraak_detail", args=[komend.pk])).content.decode()
        assert "Deze afspraak gaat niet door. Het dossier is gesloten." in pagina


def test_closing_signs_her_off_a_workshop_and_her_place_goes_to_the_waiting_list(wereld, met_commit):
    """Before: her place at the workshop stayed taken, and who waited for it kept waiting."""
    workshop = _workshop(wereld, met_commit, capaciteit=1)
    services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    wachtend = KandidaatFactory(email="wacht@example.nl")
    assert services.aanmelden(afspraak=workshop, door=wereld.klantmanager,
                              kandidaat=wachtend).status == Deelnemer.Status.WACHTLIJST
    mail.outbox.clear()

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")

    workshop.refresh_from_db()
    assert not workshop.geannuleerd  # it goes on for the others
    assert Deelnemer.objects.get(afspraak=workshop, kandidaat=wereld.kandidaat).status == Deelnemer.Status.AFGEMELD
    assert Deelnemer.objects.get(afspraak=workshop, kandidaat=wachtend).status == Deelnemer.Status.AANGEMELD
    [plek] = [m.subject for m in mail.outbox if "wacht@example.nl" in m.to]
    assert plek.endswith("Er is een plek voor je: Workshop solliciteren")
    # she gets the CANCEL for her own calendar, and why
    assert _methodes(wereld.kandidaat.account.email, workshop.ics_uid) == ["CANCEL"]
    [aan_haar] = [m for m in mail.outbox if wereld.kandidaat.account.email in m.to and workshop.titel in m.subject]
    assert "Je dossier is gesloten. Daarom ben je afgemeld" in aan_haar.body


def test_an_afspraak_with_other_werkzoekenden_goes_on_without_her(wereld, met_commit):
    ander = KandidaatFactory(klantmanager=wereld.klantmanager)
    samen = _gesprek(wereld, met_commit, kandidaten=[wereld.kandidaat, ander])
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    samen.refresh_from_db()
    assert not samen.geannuleerd
    assert samen.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AFGEMELD
    assert samen.deelnemers.get(kandidaat=ander).status == Deelnemer.Status.AANGEMELD


def test_a_sollicitatiegesprek_is_cancelled_once_by_its_voordracht(wereld, met_commit):
    """The voordracht lapses with the consent the closing ends, which cancels its gesprek (bemiddeling); the agenda
    follows that and cancels nothing a second time."""
    wereld.met_bemiddeling()
    afspraak = services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    mail.outbox.clear()
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    afspraak.refresh_from_db()
    wereld.gesprek.refresh_from_db()
    assert wereld.gesprek.geannuleerd_op is not None and afspraak.geannuleerd
    assert afspraak.annuleringsreden == ""  # bemiddeling's mails said why, in its own words
    for adres in (wereld.kandidaat.account.email, wereld.accountmanager.email, wereld.werkgever_user.email):
        # (the invitations of the gesprek, queued before, go out with this commit too)
        assert _methodes(adres, afspraak.ics_uid).count("CANCEL") == 1, adres


def test_closing_that_is_undone_before_the_reaction_runs_cancels_nothing(wereld, met_commit):
    komend = _gesprek(wereld, met_commit)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")  # reaction not yet run
    met_commit(dossier_heropenen, kandidaat=wereld.kandidaat, door=wereld.klantmanager)
    komend.refresh_from_db()
    assert not komend.geannuleerd


def test_a_closed_dossier_signs_up_for_no_workshop(wereld, met_commit):
    """Before: she could still take a place at a workshop after her dossier closed."""
    workshop = _workshop(wereld, met_commit, capaciteit=5)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    with pytest.raises(ValidationError, match=r"Je dossier is gesloten\. Daarom kun je je niet aanmelden"):
        services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    assert not Deelnemer.objects.filter(kandidaat=wereld.kandidaat).exists()


def test_the_workshop_page_shows_no_sign_up_to_a_closed_dossier(client, wereld, met_commit):
    workshop = _workshop(wereld, met_commit, capaciteit=5)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("afspraak_detail", args=[workshop.pk])
    assert "afspraak_aanmelden" not in url and reverse("afspraak_aanmelden", args=[workshop.pk]) in client.get(
        url).content.decode()
    assert client.get(reverse("agenda")).context["workshops"] == [workshop]
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    pagina = client.get(url).content.decode()
    assert reverse("afspraak_aanmelden", args=[workshop.pk]) not in pagina
    assert "Je dossier is gesloten. Daarom kun je je niet aanmelden." in pagina
    antwoord = client.post(reverse("afspraak_aanmelden", args=[workshop.pk]), follow=True)
    assert "Je dossier is gesloten" in antwoord.content.decode()
    assert not Deelnemer.objects.filter(kandidaat=wereld.kandidaat).exists()
    assert client.get(reverse("agenda")).context["workshops"] == []


def test_a_reopening_committed_after_the_reaction_looked_is_not_undone(wereld, met_commit):
    """Before: the reaction looked whether the dossier was still closed without the kandidaat's lock, then stopped
    her afspraken. A reopening (and a sign-up right after it) committed in between was undone: her gesprek cancelled
    and her new workshop place given away. Now the service looks under the lock: it finds the dossier open."""
    komend = _gesprek(wereld, met_commit)
    workshop = _workshop(wereld, met_commit, capaciteit=5)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")  # reaction not yet run
    dossier_heropenen(kandidaat=wereld.kandidaat, door=wereld.klantmanager)  # ... commits before it does its work
    services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    assert services.dossierafspraken_stoppen(kandidaat_id=wereld.kandidaat.pk, door=wereld.klantmanager) == 0

    komend.refresh_from_db()
    assert not komend.geannuleerd
    assert workshop.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD


def test_a_freed_place_skips_a_closed_dossier_on_the_waiting_list(wereld, met_commit):
    """Before: the first on the waiting list got the place and the mail "Er is een plek voor je", also when her
    dossier was closed (before closing signed off, or before its reaction ran); the place then went empty again."""
    workshop = _workshop(wereld, met_commit, capaciteit=1)
    services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    gesloten = KandidaatFactory(email="gesloten@example.nl")
    volgende = KandidaatFactory(email="volgende@example.nl")
    for kandidaat in (gesloten, volgende):
        services.aanmelden(afspraak=workshop, door=wereld.klantmanager, kandidaat=kandidaat)
    gesloten.afgesloten_op = timezone.now()
    gesloten.save(update_fields=["afgesloten_op"])
    mail.outbox.clear()

    met_commit(services.afmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    assert workshop.deelnemers.get(kandidaat=gesloten).status == Deelnemer.Status.WACHTLIJST
    assert workshop.deelnemers.get(kandidaat=volgende).status == Deelnemer.Status.AANGEMELD
    assert [m.to for m in mail.outbox if "gesloten@example.nl" in m.to or "volgende@example.nl" in m.to] == [
        ["volgende@example.nl"]]


def test_the_reason_is_in_the_readers_language(client, wereld, met_commit):
    """Before: the reason was stored in Dutch and shown as stored, so an English page said "... Het dossier is
    gesloten."."""
    komend = _gesprek(wereld, met_commit)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    with translation.override("en"):
        engels = translation.gettext("Het dossier is gesloten.")
    assert engels != "Het dossier is gesloten."
    client.force_login(wereld.klantmanager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pagina = client.get(reverse("afspraak_detail", args=[komend.pk])).content.decode()
    assert engels in pagina and "Het dossier is gesloten." not in pagina


def test_a_nazorggesprek_with_her_werkgever_goes_on_after_she_left_for_work(wereld, met_commit):
    """Before: closing the dossier because she found work cancelled the nazorggesprek with her new werkgever: he got
    "Gaat niet door" and a CANCEL, while the plaatsing's nazorg goes on after the dossier closed."""
    nazorg = _gesprek(wereld, met_commit, soort=Afspraak.Soort.NAZORGGESPREK, werkgever=wereld.werkgever,
                      gebruikers=[wereld.werkgever_user])
    mail.outbox.clear()
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    nazorg.refresh_from_db()
    assert not nazorg.geannuleerd
    assert nazorg.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD
    assert _methodes(wereld.werkgever_user.email, nazorg.ics_uid) == []


def test_a_werkgevers_visit_she_was_to_come_along_to_goes_on_without_her(wereld, met_commit):
    """Before: the accountmanager's kennismakingsbezoek at the werkgever, with her along, was cancelled as "of this
    dossier alone": the werkgever got "Gaat niet door" and a CANCEL for a visit that is his and the accountmanager's.
    Now she is signed off; the werkgever hears nothing."""
    start = _over()
    bezoek = met_commit(services.afspraak_plannen, door=wereld.accountmanager,
                        soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel="Kennismaking", start=start,
                        eind=start + timedelta(hours=1), plaats="Arnhem", werkgever=wereld.werkgever,
                        gebruikers=[wereld.werkgever_user], kandidaten=[wereld.kandidaat])
    mail.outbox.clear()
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    bezoek.refresh_from_db()
    assert not bezoek.geannuleerd
    assert bezoek.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AFGEMELD
    assert not [m for m in mail.outbox if wereld.werkgever_user.email in m.to]
    assert not Melding.objects.filter(ontvanger=wereld.werkgever_user, sleutel__startswith=f"afspraak:{bezoek.pk}:",
                                      tekst__contains="gaat niet door")
    assert _methodes(wereld.kandidaat.account.email, bezoek.ics_uid) == ["CANCEL"]


def test_another_werkzoekende_signed_off_before_does_not_read_why_it_was_cancelled(client, wereld, met_commit):
    """Before: every non-werkgever who may open the afspraak read "Het dossier is gesloten.", also the other
    werkzoekende of a gesprek for two, signed off before: she learnt that the dossier of the one left had closed."""
    ander_account = WerkzoekendeUserFactory()
    ander = KandidaatFactory(klantmanager=wereld.klantmanager, account=ander_account)
    samen = _gesprek(wereld, met_commit, kandidaten=[wereld.kandidaat, ander])
    met_commit(services.afmelden, afspraak=samen, door=wereld.klantmanager, kandidaat=ander)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    samen.refresh_from_db()
    assert samen.geannuleerd and samen.annuleringsreden
    url = reverse("afspraak_detail", args=[samen.pk])
    client.force_login(ander_account)
    pagina = client.get(url).content.decode()
    assert "Deze afspraak gaat niet door." in pagina and "Het dossier is gesloten." not in pagina
    for wie in (wereld.werkzoekende_user, wereld.klantmanager):  # she herself and staff still read it
        client.force_login(wie)
        assert "Deze afspraak gaat niet door. Het dossier is gesloten." in client.get(url).content.decode()


def _workshop_van(organisator, wereld, met_commit):
    start = _over(5)
    return met_commit(services.afspraak_plannen, door=organisator, soort=Afspraak.Soort.GROEPSBIJEENKOMST,
                      titel="Workshop solliciteren", start=start, eind=start + timedelta(hours=2),
                      plaats="Wijkcentrum", capaciteit=5, regio=wereld.werkzoekende_user.regio)


def _afgemeld_meldingen(afspraak):
    return list(Melding.objects.filter(sleutel__startswith=f"afspraak:{afspraak.pk}:afgemeld:")
                .values_list("ontvanger_id", "tekst"))


def test_the_organiser_hears_that_she_signed_herself_off(wereld, met_commit):
    """Before: the sign-off (afspraak_gewijzigd, volgnummer 0) told nobody, so the organiser learnt of it only by
    looking at the list."""
    workshop = _workshop_van(wereld.accountmanager, wereld, met_commit)
    met_commit(services.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    met_commit(services.afmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    [(ontvanger, tekst)] = _afgemeld_meldingen(workshop)
    assert ontvanger == wereld.accountmanager.pk
    assert tekst.startswith(f"{wereld.kandidaat} heeft zich afgemeld voor Workshop solliciteren op ")
    assert not Melding.objects.filter(ontvanger=wereld.werkzoekende_user,
                                      sleutel__startswith=f"afspraak:{workshop.pk}:")


def test_her_own_klantmanager_organising_hears_the_dossier_closed(wereld, met_commit):
    """Before: the klantmanager whose workshop it was heard nothing when a beheerder's closing signed her off."""
    workshop = _workshop_van(wereld.klantmanager, wereld, met_commit)
    met_commit(services.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.beheerder, reden="werk")

    [(ontvanger, tekst)] = _afgemeld_meldingen(workshop)
    assert ontvanger == wereld.klantmanager.pk
    assert tekst.startswith(f"{wereld.kandidaat} is afgemeld voor Workshop solliciteren op ")
    assert tekst.endswith(": het dossier is gesloten.")


def test_an_organiser_without_access_to_the_dossier_reads_a_neutral_sign_off(wereld, met_commit):
    """The accountmanager's workshop: he hears she is signed off, not that her dossier closed."""
    workshop = _workshop_van(wereld.accountmanager, wereld, met_commit)
    met_commit(services.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")

    [(ontvanger, tekst)] = _afgemeld_meldingen(workshop)
    assert ontvanger == wereld.accountmanager.pk
    assert tekst.startswith(f"{wereld.kandidaat} is afgemeld voor Workshop solliciteren op ")
    assert "gesloten" not in tekst and "heeft zich" not in tekst
    # who closed it (the klantmanager) and she herself get nothing of this
    assert not Melding.objects.filter(ontvanger__in=[wereld.klantmanager, wereld.werkzoekende_user],
                                      sleutel__startswith=f"afspraak:{workshop.pk}:afgemeld:")


def test_the_organiser_who_closed_the_dossier_herself_hears_nothing(wereld, met_commit):
    workshop = _workshop_van(wereld.klantmanager, wereld, met_commit)
    met_commit(services.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    assert Deelnemer.objects.get(afspraak=workshop, kandidaat=wereld.kandidaat).status == Deelnemer.Status.AFGEMELD
    assert _afgemeld_meldingen(workshop) == []


@pytest.mark.parametrize("met_toegang", [True, False])
def test_a_colleague_organising_reads_why_only_with_access_to_the_dossier(wereld, met_commit, met_toegang):
    karin = wereld.klantmanager
    collega = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    if met_toegang:
        dossiertoegang_geven(kandidaat=wereld.kandidaat, door=karin, klantmanager=collega, reden="Workshops",
                             tot=timezone.localdate() + timedelta(days=14))
    workshop = _workshop_van(collega, wereld, met_commit)
    met_commit(services.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)

    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=karin, reden="werk")

    [(ontvanger, tekst)] = _afgemeld_meldingen(workshop)
    assert ontvanger == collega.pk
    assert tekst.endswith(": het dossier is gesloten.") is met_toegang
