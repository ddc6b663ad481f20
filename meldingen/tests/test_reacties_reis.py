"""Meldingen from the consent requests and the agenda (issue #13): exactly once, the right people, never the
one who did it, and nothing new when a reaction runs a second time."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AccountmanagerFactory, WerkzoekendeUserFactory
from agenda import services as agenda
from agenda.models import Afspraak
from bemiddeling.services import VOORDRACHT_GEMAAKT, gesprek_plannen, voordracht_create, voordracht_uitkomst
from klantreis.lib import datums
from meldingen import reacties
from meldingen.models import Bezorging, Melding
from meldingen.services import voorkeur_instellen
from outbox.models import Gebeurtenis
from plaatsingen.services import (
    OVEREENKOMST_KLAARGEZET,
    PLAATSING_GECORRIGEERD,
    PLAATSING_VERLENGD,
    overeenkomst_klaarzetten,
    plaatsing_corrigeren,
    plaatsing_verlengen,
    proefplaatsing_afronden,
    proefplaatsing_akkoord,
)
from plaatsingen.tests.factories import PlaatsingFactory
from taken.models import Taak
from werkgevers.models import Instrument, Tijdlijnregel, Werkgever
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Kandidaat, Toestemming
from werkzoekenden.services import (
    TOESTEMMING_GEVRAAGD,
    TOESTEMMING_GEWEIGERD,
    TOESTEMMING_VERLEEND,
    toestemming_verlenen,
    toestemming_verzoek_beantwoorden,
    toestemming_vragen,
)
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db



def _van(gebruiker, soort=None):
    qs = Melding.objects.filter(ontvanger=gebruiker)
    if soort:
        qs = qs.filter(soort=soort)
    return list(qs.values_list("tekst", "url", "samengevat_op"))


def _nog_eens(soort, handler):
    """Run the reaction again on the same event (a retry after a crash): nothing new."""
    for gebeurtenis in Gebeurtenis.objects.filter(soort=soort):
        with transaction.atomic():
            handler(gebeurtenis)


def _vraag(wereld, met_commit):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Bakker")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature,
                         door=wereld.accountmanager, delen=["profiel", "cv"])
    return vacature, verzoek


def test_gevraagd_werkzoekende_and_klantmanager_once_not_the_asker(wereld, met_commit):
    _vacature, _verzoek = _vraag(wereld, met_commit)
    [(tekst, url, samengevat)] = _van(wereld.werkzoekende_user)
    assert tekst.startswith("Er is een vraag over het delen van je gegevens")
    assert url == reverse("werkzoekende_home")
    assert samengevat is not None  # mail=False: the service mailed Willem already
    assert wereld.werkgever.naam not in tekst  # the mail and the melding name no werkgever; the home page does
    [(tekst, url, samengevat)] = _van(wereld.klantmanager)
    assert "Anton Account" in tekst and wereld.werkgever.naam in tekst
    assert url == reverse("dossier", args=[wereld.kandidaat.pk]) and samengevat is None
    assert _van(wereld.accountmanager) == [] and _van(wereld.werkgever_user) == []
    _nog_eens(TOESTEMMING_GEVRAAGD, reacties.toestemming_gevraagd)
    assert Melding.objects.count() == 2


def test_gevraagd_for_a_kandidaat_without_account_tells_only_the_klantmanager(wereld, met_commit):
    zonder = KandidaatFactory(account=None, klantmanager=wereld.klantmanager)
    met_commit(toestemming_vragen, kandidaat=zonder, vacature=VacatureFactory(werkgever=wereld.werkgever),
               door=wereld.accountmanager, delen=["profiel"])
    assert list(Melding.objects.values_list("ontvanger_id", flat=True)) == [wereld.klantmanager.pk]


def test_verleend_names_the_kandidaat_to_the_accountmanager(wereld, met_commit):
    vacature, verzoek = _vraag(wereld, met_commit)
    Melding.objects.all().delete()
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    [(tekst, url, samengevat)] = _van(wereld.accountmanager)
    assert "Willem van de Vecht" in tekst and "voordragen" in tekst
    assert url == reverse("vacature_matches", args=[vacature.pk])
    assert samengevat is not None  # the service mailed the accountmanager
    [(tekst, url, _s)] = _van(wereld.klantmanager)
    assert "Willem van de Vecht geeft toestemming" in tekst
    assert _van(wereld.werkzoekende_user) == []  # who answered
    _nog_eens(TOESTEMMING_VERLEEND, reacties.toestemming_beantwoord)
    assert Melding.objects.count() == 2


def test_geweigerd_does_not_name_the_kandidaat_to_the_accountmanager(wereld, met_commit):
    _vacature, verzoek = _vraag(wereld, met_commit)
    Melding.objects.all().delete()
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=False,
               reden="Te ver weg")
    [(tekst, _url, _s)] = _van(wereld.accountmanager)
    assert "geen toestemming" in tekst
    for deel in ("Willem", "Vecht", "Te ver weg"):
        assert deel not in tekst
    [(tekst, url, _s)] = _van(wereld.klantmanager)
    assert "Willem van de Vecht geeft geen toestemming" in tekst
    assert _van(wereld.werkzoekende_user) == []
    _nog_eens(TOESTEMMING_GEWEIGERD, reacties.toestemming_beantwoord)
    assert Melding.objects.count() == 2


def _morgen(uur=10):
    return (timezone.localtime() + timedelta(days=2)).replace(hour=uur, minute=0, second=0, microsecond=0)


def _bezoek(wereld, met_commit):
    start = _morgen()
    return met_commit(agenda.afspraak_plannen, door=wereld.accountmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK,
                      titel="Kennismaking", start=start, eind=start + timedelta(hours=1), plaats="Arnhem",
                      gebruikers=[wereld.werkgever_user, wereld.klantmanager], kandidaten=[wereld.kandidaat])


def test_afspraak_planned_moved_cancelled_every_participant_but_the_actor(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    url = reverse("afspraak_detail", args=[afspraak.pk])
    anderen = [wereld.werkgever_user, wereld.klantmanager, wereld.werkzoekende_user]
    for mens in anderen:
        [(_tekst, murl, samengevat)] = _van(mens, "agenda")
        assert murl == url and samengevat is not None  # the invitation with .ics is the mail
    assert _van(wereld.werkzoekende_user)[0][0].startswith("Je hebt een nieuwe afspraak")
    assert _van(wereld.accountmanager) == []
    start = _morgen(14)
    met_commit(agenda.afspraak_verplaatsen, afspraak=afspraak, door=wereld.klantmanager, start=start,
               eind=start + timedelta(hours=1))
    for mens in (wereld.werkgever_user, wereld.werkzoekende_user, wereld.accountmanager):
        assert sum("verplaatst" in t for t, _u, _s in _van(mens, "agenda")) == 1, mens.rol
    assert not any("verplaatst" in t for t, _u, _s in _van(wereld.klantmanager))
    met_commit(agenda.afspraak_annuleren, afspraak=afspraak, door=wereld.accountmanager)
    for mens in anderen:
        assert sum("gaat niet door" in t for t, _u, _s in _van(mens, "agenda")) == 1, mens.rol
    assert Melding.objects.filter(ontvanger=wereld.accountmanager).count() == 1  # only the move
    voor = Melding.objects.count()
    for soort in (agenda.AFSPRAAK_GEPLAND, agenda.AFSPRAAK_GEWIJZIGD, agenda.AFSPRAAK_GEANNULEERD):
        _nog_eens(soort, reacties.afspraak_veranderd)
    assert Melding.objects.count() == voor


def test_signing_up_for_a_workshop_tells_the_others_nothing(wereld, met_commit):
    start = _morgen()
    workshop = met_commit(agenda.afspraak_plannen, door=wereld.klantmanager,
                          soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel="Workshop", start=start,
                          eind=start + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=5)
    met_commit(agenda.aanmelden, afspraak=workshop, door=wereld.klantmanager,
               kandidaat=KandidaatFactory(account=None))
    met_commit(agenda.aanmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    assert not Melding.objects.exists()
    # After a move, who signs up later saw the new time already; who was there hears it once.
    met_commit(agenda.afspraak_verplaatsen, afspraak=workshop, door=wereld.klantmanager, start=start + timedelta(
        days=1), eind=start + timedelta(days=1, hours=2))
    assert len(_van(wereld.werkzoekende_user, "agenda")) == 1
    anja = KandidaatFactory(voornaam="Anja")

    anja.account = WerkzoekendeUserFactory(voornaam="Anja")
    anja.save()
    met_commit(agenda.aanmelden, afspraak=workshop, door=wereld.klantmanager, kandidaat=anja)
    assert _van(anja.account) == [] and len(_van(wereld.werkzoekende_user, "agenda")) == 1


def test_a_gesprek_gives_each_person_one_melding_not_two(wereld, met_commit):
    """A sollicitatiegesprek has an Afspraak that mirrors it: the meldingen come from bemiddeling's events
    only (``gesprek_gepland``), so moving it tells each of the four once, and not the werkgever who moved it."""
    wereld.met_bemiddeling()
    agenda.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    Melding.objects.all().delete()
    later = _morgen(15) + timedelta(days=3)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.werkgever_user, begint_op=later,
               locatie="Bakkerij, Arnhem", begeleider_gaat_mee=True)
    assert Afspraak.objects.get(gesprek=wereld.gesprek).status == Afspraak.Status.VERPLAATST
    for mens in (wereld.accountmanager, wereld.klantmanager, wereld.werkzoekende_user):
        meldingen = _van(mens)
        assert len(meldingen) == 1 and "verplaatst" in meldingen[0][0], (mens.rol, meldingen)
    assert _van(wereld.werkgever_user) == []
    assert not Melding.objects.filter(soort="agenda").exists()
    _nog_eens(agenda.AFSPRAAK_GEWIJZIGD, reacties.afspraak_veranderd)
    assert Melding.objects.count() == 3


def test_a_melding_about_a_day_in_another_year_names_the_year(wereld, met_commit):
    """"Gesprek met klantmanager op vrijdag 10 december 10:30" was next year's; this year's keeps it short."""
    volgend_jaar = date(timezone.localdate().year + 1, 1, 15)
    start = timezone.make_aware(datetime.combine(volgend_jaar, time(10, 30)))
    met_commit(agenda.afspraak_plannen, door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK,
               titel="Gesprek met klantmanager", start=start, eind=start + timedelta(hours=1), plaats="Arnhem",
               gebruikers=[], kandidaten=[wereld.kandidaat])
    [(tekst, _url, _samengevat)] = _van(wereld.werkzoekende_user, "agenda")
    assert f"15 januari {volgend_jaar.year} 10:30" in tekst, tekst
    Melding.objects.all().delete()
    dit_jaar = timezone.localtime() + timedelta(hours=2)
    met_commit(agenda.afspraak_plannen, door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK,
               titel="Gesprek met klantmanager", start=dit_jaar, eind=dit_jaar + timedelta(hours=1), plaats="Arnhem",
               gebruikers=[], kandidaten=[wereld.kandidaat])
    [(tekst, _url, _samengevat)] = _van(wereld.werkzoekende_user, "agenda")
    assert f"{dit_jaar:%H:%M}" in tekst and str(dit_jaar.year) not in tekst, tekst
    # The werkzoekende knows the klantmanager as her contactpersoon, in the melding too.
    assert "Gesprek met je contactpersoon" in tekst and "klantmanager" not in tekst, tekst


# --- found by exploratory testing (werkgever) ----------------------------------------------------


def test_a_new_voordracht_is_in_the_werkgevers_meldingen_at_once_without_a_second_mail(wereld, met_commit):
    """The werkgever's /meldingen/ said "U hebt geen meldingen." after a kandidaat was proposed. The mail about it is
    the day's one mail (voordrachten_melden): the melding is in the portal at once and mails nothing itself."""
    from django.core import mail

    voorkeur_instellen(door=wereld.werkgever_user, bezorging=Bezorging.DIRECT)
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    mail.outbox.clear()
    voordracht = met_commit(voordracht_create, vacature=vacature, kandidaat=wereld.kandidaat,
                            door=wereld.accountmanager, toelichting="Past goed.")
    [(tekst, url, samengevat)] = _van(wereld.werkgever_user)
    assert tekst == ("Er is een nieuwe kandidaat voor uw vacature Monteur. Bekijk het cv en laat weten of u een "
                     "gesprek wilt.")
    assert url == reverse("voordracht_detail", args=[voordracht.pk])
    assert samengevat is not None  # mail=False: in no mail and no summary
    assert not [m for m in mail.outbox if wereld.werkgever_user.email in m.to]
    assert _van(wereld.vreemde_werkgever_user) == [] and _van(wereld.accountmanager) == []
    _nog_eens(VOORDRACHT_GEMAAKT, reacties.voordracht_gemaakt)
    assert Melding.objects.filter(ontvanger=wereld.werkgever_user).count() == 1


def test_the_werkzoekende_hears_she_was_proposed_by_her_preference(wereld, met_commit):
    """Willem heard nothing when Anton proposed him: only when the werkgever answered. Now a melding in "je" form
    with his sollicitaties page, mailed as his preference says."""
    from django.core import mail

    voorkeur_instellen(door=wereld.werkzoekende_user, bezorging=Bezorging.DIRECT)
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Medewerker bakkerij")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    mail.outbox.clear()
    met_commit(voordracht_create, vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
               toelichting="Past goed.")
    tekst = (f"{wereld.accountmanager.voornaam} heeft je voorgesteld bij {wereld.werkgever.naam} voor Medewerker "
             "bakkerij. Je hoort het als de werkgever reageert.")
    [(gemeld, url, _samengevat)] = _van(wereld.werkzoekende_user)
    assert (gemeld, url) == (tekst, reverse("mijn_voordrachten"))
    # The mail says there is a melding (no content), as for every werkzoekende melding.
    assert [m.subject for m in mail.outbox if m.to == [wereld.werkzoekende_user.email]] == [
        "[Werkgeversservicepunt] Je hebt een nieuwe melding in het portaal"]
    _nog_eens(VOORDRACHT_GEMAAKT, reacties.voordracht_gemaakt)
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1


def test_an_overeenkomst_ready_to_sign_is_in_the_werkgevers_meldingen_with_the_signing_page(wereld, met_commit):
    """"Overeenkomst klaar om te ondertekenen" went by mail only. Now a melding links to the signing page; the
    service's own mail stays the one mail."""
    from django.core import mail

    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    voordracht = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past goed.")
    plaatsing = wereld.proefplaatsing_met_akkoord(voordracht)
    Melding.objects.all().delete()
    mail.outbox.clear()
    met_commit(overeenkomst_klaarzetten, plaatsing=plaatsing, door=wereld.accountmanager)
    [(tekst, url, samengevat)] = _van(wereld.werkgever_user)
    assert tekst == "De overeenkomst voor Willem (Monteur) staat klaar. Controleer en onderteken die."
    assert url == reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])
    assert samengevat is not None
    naar_werkgever = [m.subject for m in mail.outbox if wereld.werkgever_user.email in m.to]
    assert [o for o in naar_werkgever if "Overeenkomst klaar om te ondertekenen" in o] != []
    assert not [o for o in naar_werkgever if "melding" in o]
    _nog_eens(OVEREENKOMST_KLAARGEZET, reacties.overeenkomst_klaargezet)
    assert Melding.objects.filter(ontvanger=wereld.werkgever_user).count() == 1


def test_kan_niet_tells_the_organiser_once_and_only_while_it_is_true(wereld, met_commit):
    """"Ik kan niet" reaches who planned the afspraak (not the werkzoekende herself), by their own choice of
    delivery (staff: the daily summary); a retry gives nothing new, and a "kan niet" taken back before the
    reaction ran is not told."""
    start = _morgen()
    afspraak = met_commit(agenda.afspraak_plannen, door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK,
                          titel="Gesprek met klantmanager", start=start, eind=start + timedelta(hours=1),
                          plaats="Arnhem", kandidaten=[wereld.kandidaat])
    Melding.objects.all().delete()
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    met_commit(agenda.kan_niet_melden, deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="Ziek")
    [(tekst, url, samengevat)] = _van(wereld.klantmanager, "agenda")
    assert tekst.startswith("Willem van de Vecht kan niet op") and "Stel een nieuwe tijd voor." in tekst
    assert url == reverse("afspraak_detail", args=[afspraak.pk]) and samengevat is None
    assert _van(wereld.werkzoekende_user) == []
    _nog_eens(agenda.DEELNEMER_KAN_NIET, reacties.deelnemer_antwoordt)
    assert len(_van(wereld.klantmanager)) == 1
    with transaction.atomic():  # taken back before the reaction of the second "kan niet" ran
        agenda.kan_toch(deelnemer=deelnemer, door=wereld.werkzoekende_user)
        agenda.kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="Toch ziek")
        agenda.kan_toch(deelnemer=deelnemer, door=wereld.werkzoekende_user)
    laatste_kan_niet = Gebeurtenis.objects.filter(soort=agenda.DEELNEMER_KAN_NIET).latest("pk")
    with transaction.atomic():
        reacties.deelnemer_antwoordt(laatste_kan_niet)
    assert len(_van(wereld.klantmanager)) == 1


def test_kan_niet_at_a_sollicitatiegesprek_tells_the_werkgever_without_the_reason(client, wereld, met_commit):
    """The werkgever's people at the gesprek hear that Willem cannot come (first name, "u", no reason) and that their
    accountmanager proposes a new time; his afspraak page marks him "kan niet", still without the reason. "Ik kan
    toch" tells them too. Another werkgever hears nothing."""
    wereld.met_bemiddeling()
    afspraak = agenda.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    Melding.objects.all().delete()
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    met_commit(agenda.kan_niet_melden, deelnemer=deelnemer, door=wereld.werkzoekende_user,
               reden="Mijn dochter is ziek", wanneer_wel="donderdagmiddag")
    [(tekst, url, _samengevat)] = _van(wereld.werkgever_user, "agenda")
    wanneer = datums.kort(afspraak.start, "l j F H:i")
    assert tekst == f"Willem kan niet op {wanneer}. Uw accountmanager stelt een nieuwe tijd voor."
    assert url == reverse("afspraak_detail", args=[afspraak.pk])
    assert _van(wereld.vreemde_werkgever_user) == []
    assert len(_van(wereld.accountmanager, "agenda")) == 1  # the organiser, as before
    _nog_eens(agenda.DEELNEMER_KAN_NIET, reacties.deelnemer_antwoordt)
    assert len(_van(wereld.werkgever_user)) == 1
    client.force_login(wereld.werkgever_user)
    pagina = client.get(url).content.decode()
    assert "Willem van de Vecht (kan niet)" in pagina
    assert "dochter" not in pagina and "donderdagmiddag" not in pagina
    met_commit(agenda.kan_toch, deelnemer=deelnemer, door=wereld.werkzoekende_user)
    assert f"Willem kan toch op {wanneer}. Het gesprek gaat door zoals gepland." in [
        t for t, _url, _s in _van(wereld.werkgever_user, "agenda")]
    assert "(kan niet)" not in client.get(url).content.decode()


def test_a_corrected_plaatsing_tells_werkgever_werknemer_and_professionals_what_changed(wereld, met_commit):
    """Everyone who relies on the plaatsing hears the new start in plain words, except the accountmanager who
    corrected it; the werkgever's own accountmanager hears of a colleague's correction."""

    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat,
                                 voordracht__vacature__werkgever=wereld.werkgever, soort="tijdelijk", status="lopend",
                                 startdatum=date(2026, 12, 28), einddatum=date(2027, 6, 30))
    collega = plaatsing.aangemaakt_door
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=collega, reden="Start verkeerd overgenomen.",
               startdatum=date(2027, 1, 4))

    wat = "De startdatum is nu maandag 4 januari 2027 (was maandag 28 december 2026)."
    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    assert _van(wereld.werkgever_user) == [
        (f"De gegevens van de plaatsing van Willem (Monteur) zijn aangepast. {wat}", url, None)]
    assert _van(wereld.werkzoekende_user) == [
        (f"Je plaatsing bij De Heul Installatietechniek is aangepast. {wat}", url, None)]
    professionals = (f"De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is gecorrigeerd. {wat}",
                     url, None)
    assert _van(wereld.klantmanager) == [professionals] and _van(wereld.accountmanager) == [professionals]
    assert _van(collega) == [] and _van(wereld.vreemde_werkgever_user) == []
    assert "verkeerd overgenomen" not in str(list(Melding.objects.values_list("tekst", flat=True))).lower()
    _nog_eens(PLAATSING_GECORRIGEERD, reacties.plaatsing_gecorrigeerd)
    assert Melding.objects.count() == 4


@pytest.mark.parametrize("status,klaar", [
    ("lopend", "is gewijzigd. De plaatsing loopt door; controleer de gewijzigde overeenkomst en onderteken die "
               "opnieuw."),
    ("ter_ondertekening", "staat klaar. Controleer en onderteken die."),
])
def test_a_werkgever_who_signs_the_corrected_overeenkomst_gets_one_mail_and_both_meldingen(wereld, met_commit, status,
                                                                                            klaar):
    """The hours of a proefplaatsing corrected after the werkgever signed, or while the overeenkomst waited for his
    first signature: the melding of what changed stays in the portal (the mail "Overeenkomst klaar om te ondertekenen"
    is the one mail), next to the one that links to the signing page."""
    from django.core import mail

    ongetekend = {} if status == "lopend" else {"ondertekend_op": None, "ondertekend_door_naam": ""}
    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat,
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True, status=status,
                                 **ongetekend)
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, reden="Uren van de vacature.",
               uren_per_week=24)

    meldingen = _van(wereld.werkgever_user)
    assert [(tekst, url) for tekst, url, _samengevat in meldingen] == [
        (f"De overeenkomst voor Willem (Monteur) {klaar}", reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])),
        ("De gegevens van de plaatsing van Willem (Monteur) zijn aangepast. Het aantal uren per week is nu 24 "
         "(was 32).",
         reverse("plaatsing_detail", args=[plaatsing.pk])),
    ]
    assert all(samengevat is not None for _tekst, _url, samengevat in meldingen)  # in no mail of their own
    assert [m.subject.endswith("Overeenkomst klaar om te ondertekenen") for m in mail.outbox
            if wereld.werkgever_user.email in m.to] == [True]


def test_the_klantmanager_hears_that_the_akkoord_was_given_for_the_period_and_hours_before_a_correction(
        wereld, met_commit):
    """UWV agreed to 32 hours: with 24 the akkoord may no longer cover it. It is not cleared (only UWV or the gemeente
    can say), but the klantmanager, who keeps in touch with them about the uitkering, reads that it needs checking. A
    corrected functie leaves the period and the hours as they were agreed to."""

    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat,
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30), akkoord_op=date(2026, 2, 26))
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, reden="Uren van de vacature.",
               uren_per_week=24)
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, reden="Typfout.",
               functie="Leerling-monteur")

    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    assert {tekst for tekst, _url, _samengevat in _van(wereld.klantmanager)} == {
        "De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is gecorrigeerd. Het akkoord van UWV of "
        "de gemeente (26 februari 2026) gold voor de periode en de uren van vóór deze correctie: controleer of het nog "
        "geldt. Het aantal uren per week is nu 24 (was 32).",
        "De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is gecorrigeerd. De functie is nu "
        "Leerling-monteur (was Monteur).",
    }
    assert {u for _tekst, u, _samengevat in _van(wereld.klantmanager)} == {url}
    assert all(len(tekst) <= 300 for tekst in Melding.objects.values_list("tekst", flat=True))
    assert not [t for t in Melding.objects.exclude(ontvanger=wereld.klantmanager).values_list("tekst", flat=True)
                if "akkoord" in t.lower()]


@pytest.mark.parametrize("contactvoorkeur, email, doorgeven", [
    pytest.param("bellen", "anja@voorbeeld.nl", "bellen", id="wil-gebeld-worden"),
    pytest.param("mail", "", "mailen", id="geen-adres"),
    pytest.param("mail", "anja@voorbeeld.nl", "", id="wil-mail"),
])
def test_a_werknemer_without_an_account_hears_of_a_correction_by_mail_or_from_her_klantmanager(
        wereld, met_commit, contactvoorkeur, email, doorgeven):
    """Meldingen need an account. Anja has none: she gets a mail when that is how she wants to be reached and we have
    her address; else nobody told her. Then her klantmanager is asked first to pass it on (the way she wants to be
    reached), and still reads what changed; the werkgever's accountmanager reads the usual melding."""
    from django.core import mail

    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", account=None, klantmanager=wereld.klantmanager,
                            contactvoorkeur=contactvoorkeur, email=email)
    plaatsing = PlaatsingFactory(voordracht__kandidaat=anja, voordracht__vacature__werkgever=wereld.werkgever,
                                 soort="tijdelijk", status="lopend", startdatum=date(2026, 12, 28),
                                 einddatum=date(2027, 6, 30))
    collega = plaatsing.aangemaakt_door
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=collega, reden="Start verkeerd overgenomen.",
               startdatum=date(2027, 1, 4))

    wat = "De startdatum is nu maandag 4 januari 2027 (was maandag 28 december 2026)."
    gecorrigeerd = f"De plaatsing van Anja Roest bij De Heul Installatietechniek is gecorrigeerd. {wat}"
    [(km, _url, _samengevat)] = _van(wereld.klantmanager)
    if doorgeven:
        assert km == (f"Anja Roest heeft geen account en krijgt hierover geen bericht van ons. Geef het aan Anja door "
                      f"(voorkeur: {doorgeven}). {gecorrigeerd}")
    else:
        assert km == gecorrigeerd
    assert _van(wereld.accountmanager) == [(gecorrigeerd, reverse("plaatsing_detail", args=[plaatsing.pk]), None)]
    aan_anja = [m for m in mail.outbox if email and email in m.to]
    assert len(aan_anja) == (0 if doorgeven else 1)
    for bericht in aan_anja:
        assert bericht.subject.endswith("Je plaatsing is aangepast")
        assert "Beste Anja," in bericht.body and wat in bericht.body
        assert "De Heul Installatietechniek" in bericht.body and "verkeerd overgenomen" not in bericht.body
        assert "portaal" not in bericht.body and "http" not in bericht.body  # she cannot log in
        assert f"Bel je contactpersoon {wereld.klantmanager.get_full_name()}" in bericht.body


def test_a_klantmanager_asked_to_pass_on_a_correction_after_the_akkoord_reads_it_whole(wereld, met_commit):
    """Jeroen has no account and wants to be called; UWV agreed to 32 hours and they are now 28, and a jobcoach came.
    His klantmanager's melding asks her to pass it on, warns that the akkoord is to be checked, and says what
    changed: all of it within a melding, not cut off halfway through a word."""

    jeroen = KandidaatFactory(voornaam="Jeroen", achternaam="Bosch", account=None, klantmanager=wereld.klantmanager,
                              contactvoorkeur="bellen", email="jeroen@voorbeeld.nl")
    plaatsing = PlaatsingFactory(voordracht__kandidaat=jeroen, voordracht__vacature__werkgever=wereld.werkgever,
                                 lopend=True, startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30),
                                 akkoord_op=date(2026, 2, 26))
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, reden="Verkeerd overgenomen.",
               uren_per_week=28, instrumenten=Instrument.objects.filter(naam__in=["Proefplaatsing", "Jobcoach"]))

    [(tekst, _url, _samengevat)] = _van(wereld.klantmanager)
    assert len(tekst) <= 300 and tekst.endswith(".")
    assert "Geef dit door aan Jeroen" in tekst and "voorkeur: bellen" in tekst
    assert "De plaatsing van Jeroen Bosch bij De Heul Installatietechniek is gecorrigeerd." in tekst
    assert "26 februari 2026" in tekst and "controleer of het nog geldt." in tekst
    assert tekst.endswith("Aangepast: uren per week, regelingen.")


def test_a_changed_akkoord_and_corrected_regelingen_are_heard_by_klantmanager_and_werkgever(wereld, met_commit):
    """A new akkoord of the gemeente after the signature: the werkgever and the klantmanager read it, and the werkgever
    signs again (the akkoord is on what he signed). Then a regeling forgotten and one ticked by mistake: they read
    which came and which went, and the werkgever signs again."""

    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat,
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30), akkoord_op=date(2026, 2, 26))
    plaatsing.instrumenten.set(Instrument.objects.filter(naam__in=["Proefplaatsing", "No-riskpolis"]))
    met_commit(proefplaatsing_akkoord, plaatsing=plaatsing, door=wereld.accountmanager, instantie="Gemeente Arnhem",
               op=date(2026, 2, 27), reden="Willem heeft bijstand, geen WW.")

    wat = ("Het akkoord van UWV of de gemeente is nu Gemeente Arnhem, 27 februari 2026 (was UWV Arnhem, 26 februari "
           "2026).")
    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    assert [(tekst, u) for tekst, u, _samengevat in _van(wereld.werkgever_user)] == [
        ("De overeenkomst voor Willem (Monteur) is gewijzigd. De plaatsing loopt door; controleer de gewijzigde "
         "overeenkomst en onderteken die opnieuw.", reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])),
        (f"De gegevens van de plaatsing van Willem (Monteur) zijn aangepast. {wat}", url)]
    assert _van(wereld.klantmanager) == [
        (f"De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is gecorrigeerd. {wat}", url, None)]
    assert "bijstand" not in str(list(Melding.objects.values_list("tekst", flat=True)))
    Melding.objects.all().delete()

    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, reden="Jobcoach vergeten.",
               instrumenten=Instrument.objects.filter(naam__in=["Proefplaatsing", "Jobcoach"]))

    wat = "Regeling erbij: Jobcoach. Regeling vervallen: No-riskpolis."
    assert [(tekst, u) for tekst, u, _samengevat in _van(wereld.werkgever_user)] == [
        ("De overeenkomst voor Willem (Monteur) is gewijzigd. De plaatsing loopt door; controleer de gewijzigde "
         "overeenkomst en onderteken die opnieuw.", reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])),
        (f"De gegevens van de plaatsing van Willem (Monteur) zijn aangepast. {wat}", url)]
    assert _van(wereld.klantmanager) == [
        (f"De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is gecorrigeerd. {wat}", url, None)]


@pytest.mark.parametrize("soort, staf_extra", [
    pytest.param("proef", " Het akkoord van UWV of de gemeente (2 maart 2026) gold voor de oude periode: controleer of "
                          "het nog geldt.", id="proefplaatsing-met-akkoord"),
    pytest.param("tijdelijk", "", id="tijdelijk-contract"),
])
def test_an_extended_plaatsing_tells_werkgever_werknemer_and_professionals_the_new_end(wereld, met_commit, soort,
                                                                                       staf_extra):
    """"Verlengen" moved the end of Willem's plaatsing from 30 April to 30 June: only the accountmanager who did it
    knew. The werkgever planned on the old end, Willem did not know he could stay, and the klantmanager did not know
    that the akkoord of UWV or the gemeente, given for the old period, was to be checked. Now each hears the new end
    in their own words (not who extended it), and the werkgever's tijdlijn says so."""
    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat, soort=soort,
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30), akkoord_op=date(2026, 3, 2))
    collega = plaatsing.aangemaakt_door
    met_commit(plaatsing_verlengen, plaatsing=plaatsing, door=collega, einddatum=date(2026, 6, 30),
               verlenging_reden="Meer tijd nodig om het werk te leren.")

    nu = "De einddatum is nu 30 juni 2026 (was 30 april 2026)."
    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    verlengd = (f"De plaatsing van Willem (Monteur) is verlengd. {nu}", url)
    # The signed overeenkomst of a proefplaatsing named the old end: the werkgever signs the new one.
    opnieuw = ("De overeenkomst voor Willem (Monteur) is gewijzigd. De plaatsing loopt door; controleer de gewijzigde "
               "overeenkomst en onderteken die opnieuw.", reverse("overeenkomst_ondertekenen", args=[plaatsing.pk]))
    assert [(tekst, u) for tekst, u, _samengevat in _van(wereld.werkgever_user)] == (
        [opnieuw, verlengd] if soort == "proef" else [verlengd])
    assert _van(wereld.werkzoekende_user) == [
        (f"Je plaatsing bij De Heul Installatietechniek is verlengd. {nu}", url, None)]
    staf = (f"De plaatsing van Willem van de Vecht bij De Heul Installatietechniek is verlengd. {nu}{staf_extra}",
            url, None)
    assert _van(wereld.klantmanager) == [staf] and _van(wereld.accountmanager) == [staf]
    assert _van(collega) == [] and _van(wereld.vreemde_werkgever_user) == []
    assert Tijdlijnregel.objects.filter(werkgever=wereld.werkgever,
                                        tekst="Plaatsing van Willem verlengd tot 30 juni 2026.").count() == 1
    _nog_eens(PLAATSING_VERLENGD, reacties.plaatsing_verlengd)
    assert Melding.objects.count() == (5 if soort == "proef" else 4)


def test_after_afscheid_from_a_proefplaatsing_the_werkzoekende_hears_it_kindly_without_the_reason(wereld, met_commit):
    """The proefplaatsing of Willem ended in afscheid: his klantmanager got a melding, Willem none, though it is his
    work that stopped. Now he reads it in his own words with who will talk with him; the werkgever's reason (told to
    the WSP, never marked as shared with him) stays out."""
    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat, soort="proef",
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30))
    met_commit(proefplaatsing_afronden, plaatsing=plaatsing, door=wereld.accountmanager, besluit="afscheid",
               reden="Komt te vaak te laat en het team mist tempo.")

    assert _van(wereld.werkzoekende_user) == [(
        "Je proefplaatsing bij De Heul Installatietechniek is gestopt. Je gaat daar niet verder werken. Dat kan "
        f"tegenvallen. {wereld.klantmanager.get_full_name()}, je contactpersoon, neemt contact met je op. Samen kijken "
        "jullie hoe het verder gaat.", reverse("werkzoekende_home"), None)]
    assert not Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="te laat").exists()
    assert [tekst for tekst, _url, _samengevat in _van(wereld.klantmanager)] == [
        "De proefplaatsing van Willem van de Vecht bij De Heul Installatietechniek is gestopt."]


@pytest.mark.parametrize("vaste", [True, False], ids=["another_accountmanager", "none"])
def test_after_afscheid_without_a_klantmanager_the_werkzoekende_hears_who_has_the_talk_with_her(
        wereld, met_commit, vaste):
    """Willem has no klantmanager. Anton decided the afscheid and got the task to talk it over with him; Willem read
    that Jeske, De Heul's own accountmanager, would contact him (or, De Heul without one, nothing at all). Now he
    reads the name of who has the task: Anton."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(klantmanager=None)
    jeske = AccountmanagerFactory(organisatie=wereld.accountmanager.organisatie, regio=wereld.werkgever.regio,
                                  voornaam="Jeske")
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(accountmanager=jeske if vaste else None)
    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat, soort="proef",
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30))
    met_commit(proefplaatsing_afronden, plaatsing=plaatsing, door=wereld.accountmanager, besluit="afscheid",
               reden="Komt te vaak te laat.")

    assert Taak.objects.get(sleutel=f"proef_gestopt:{plaatsing.pk}").toegewezen_aan == wereld.accountmanager
    assert _van(wereld.werkzoekende_user) == [(
        "Je proefplaatsing bij De Heul Installatietechniek is gestopt. Je gaat daar niet verder werken. Dat kan "
        f"tegenvallen. {wereld.accountmanager.get_full_name()}, je contactpersoon, neemt contact met je op. Samen "
        "kijken jullie hoe het verder gaat.", reverse("werkzoekende_home"), None)]


def test_the_accountmanager_who_records_an_afwijzing_gets_no_melding_of_her_own_act(wereld, met_commit):
    """The werkgever phoned Anton after the gesprek: no. Anton recorded the outcome himself and then read in his
    meldingen "De Heul Installatietechniek heeft Willem van de Vecht afgewezen na het gesprek", his own act as news.
    The klantmanager and Willem hear it; Anton's task to look further stays (taken)."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    Melding.objects.all().delete()
    met_commit(voordracht_uitkomst, voordracht=wereld.voordracht, door=wereld.accountmanager, aangenomen=False,
               reden="ervaring")

    assert _van(wereld.accountmanager) == []
    assert _van(wereld.klantmanager) == [
        ("De Heul Installatietechniek heeft Willem van de Vecht afgewezen na het gesprek (Monteur).",
         reverse("voordracht_detail", args=[wereld.voordracht.pk]), None)]
    assert [tekst for tekst, _url, _samengevat in _van(wereld.werkzoekende_user)] == [
        "Er is nieuws over je sollicitatie bij De Heul Installatietechniek."]
    assert wereld.voordracht.taken.filter(toegewezen_aan=wereld.accountmanager).exists()


def test_a_plaatsing_given_an_earlier_end_is_not_called_extended(wereld, met_commit):
    """"Verlengen" also takes an earlier end (the proefplaatsing stops sooner, as agreed with the werkgever): Willem
    read "Je plaatsing is verlengd" under an end two months earlier, the werkgever's tijdlijn said "verlengd tot", and
    the professionals were asked to check an akkoord that was given for the longer period and still covers it."""
    plaatsing = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat, soort="proef",
                                 voordracht__vacature__werkgever=wereld.werkgever, lopend=True,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 6, 30), akkoord_op=date(2026, 3, 2))
    met_commit(plaatsing_verlengen, plaatsing=plaatsing, door=plaatsing.aangemaakt_door, einddatum=date(2026, 4, 30))

    nu = "De einddatum is nu 30 april 2026 (was 30 juni 2026)."
    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    werkgever = _van(wereld.werkgever_user)
    assert (f"De plaatsing van Willem (Monteur) eindigt eerder. {nu}", url, None) in werkgever
    # It was signed: he signs the overeenkomst with the new end again (as after a correction), nothing else.
    assert [u for _t, u, _s in werkgever if u != url] == [reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])]
    assert _van(wereld.werkzoekende_user) == [
        (f"Je plaatsing bij De Heul Installatietechniek stopt eerder. {nu}", url, None)]
    staf = (f"De plaatsing van Willem van de Vecht bij De Heul Installatietechniek eindigt eerder. {nu}", url, None)
    assert _van(wereld.klantmanager) == [staf] and _van(wereld.accountmanager) == [staf]
    assert list(Tijdlijnregel.objects.filter(werkgever=wereld.werkgever, soort=Tijdlijnregel.Soort.PLAATSING)
                .values_list("tekst", flat=True)) == ["Plaatsing van Willem eindigt eerder, op 30 april 2026."]


def test_the_klantmanager_is_asked_to_pass_on_an_extension_to_a_werknemer_without_an_account(wereld, met_commit):
    """Jeroen has no account and wants to be called: the extension of his proefplaatsing reached the werkgever and
    the professionals, and nobody told Jeroen, who has no meldingen; his klantmanager's melding did not ask her to,
    as it does after a correction. Now it asks first, and still says the new end and that the akkoord is to be
    checked, whole; the werkgever's accountmanager reads the usual melding."""
    jeroen = KandidaatFactory(voornaam="Jeroen", achternaam="Bosch", account=None, klantmanager=wereld.klantmanager,
                              contactvoorkeur="bellen", email="jeroen@voorbeeld.nl")
    plaatsing = PlaatsingFactory(voordracht__kandidaat=jeroen, soort="proef", lopend=True,
                                 voordracht__vacature__werkgever=wereld.werkgever,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 4, 30), akkoord_op=date(2026, 3, 2))
    met_commit(plaatsing_verlengen, plaatsing=plaatsing, door=plaatsing.aangemaakt_door, einddatum=date(2026, 6, 30),
               verlenging_reden="Meer tijd nodig om het werk te leren.")

    verlengd = ("De plaatsing van Jeroen Bosch bij De Heul Installatietechniek is verlengd. De einddatum is nu "
                "30 juni 2026 (was 30 april 2026).")
    [(km, _url, _samengevat)] = _van(wereld.klantmanager)
    assert km == (f"Geef dit door aan Jeroen, die geen account heeft (voorkeur: bellen). {verlengd} Het akkoord "
                  "(2 maart 2026) gold voor de oude periode: controleer of het nog geldt.")
    assert [t for t, _u, _s in _van(wereld.accountmanager)] == [
        f"{verlengd} Het akkoord van UWV of de gemeente (2 maart 2026) gold voor de oude periode: controleer of het "
        "nog geldt."]


def test_the_ask_to_pass_on_an_extension_is_said_in_full_when_there_is_room(wereld, met_commit):
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", account=None, klantmanager=wereld.klantmanager,
                            contactvoorkeur="mail", email="anja@voorbeeld.nl")
    plaatsing = PlaatsingFactory(voordracht__kandidaat=anja, soort="tijdelijk", lopend=True,
                                 voordracht__vacature__werkgever=wereld.werkgever,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 6, 30))
    met_commit(plaatsing_verlengen, plaatsing=plaatsing, door=plaatsing.aangemaakt_door, einddatum=date(2026, 12, 31))

    assert [t for t, _u, _s in _van(wereld.klantmanager)] == [
        "Anja Roest heeft geen account en krijgt hierover geen bericht van ons. Geef het aan Anja door (voorkeur: "
        "mailen). De plaatsing van Anja Roest bij De Heul Installatietechniek is verlengd. De einddatum is nu "
        "31 december 2026 (was 30 juni 2026)."]


def test_the_ask_to_pass_on_an_extension_says_a_deactivated_werknemer_cannot_log_in(wereld, met_commit):
    """Sanne's account was deactivated: she has one, so the klantmanager's melding does not say she has none, but
    that she cannot log in now, and she gets no melding herself."""
    sanne = KandidaatFactory(voornaam="Sanne", achternaam="Visser", klantmanager=wereld.klantmanager,
                             account=WerkzoekendeUserFactory(voornaam="Sanne", is_active=False),
                             contactvoorkeur="bellen", email="sanne@voorbeeld.nl")
    plaatsing = PlaatsingFactory(voordracht__kandidaat=sanne, soort="tijdelijk", lopend=True,
                                 voordracht__vacature__werkgever=wereld.werkgever,
                                 startdatum=date(2026, 3, 2), einddatum=date(2026, 6, 30))
    met_commit(plaatsing_verlengen, plaatsing=plaatsing, door=plaatsing.aangemaakt_door, einddatum=date(2026, 12, 31))

    assert [t for t, _u, _s in _van(wereld.klantmanager)] == [
        "Sanne Visser kan nu niet inloggen op het portaal en krijgt hierover geen bericht van ons. Geef het aan Sanne "
        "door (voorkeur: bellen). De plaatsing van Sanne Visser bij De Heul Installatietechniek is verlengd. De "
        "einddatum is nu 31 december 2026 (was 30 juni 2026)."]
    assert not Melding.objects.filter(ontvanger=sanne.account).exists()


def test_the_ask_to_pass_on_a_correction_says_a_deactivated_werknemer_cannot_log_in(wereld, met_commit):
    """As after an extension: Sanne has an account, deactivated; the ask does not say she has none."""
    sanne = KandidaatFactory(voornaam="Sanne", achternaam="Visser", klantmanager=wereld.klantmanager,
                             account=WerkzoekendeUserFactory(voornaam="Sanne", is_active=False),
                             contactvoorkeur="bellen", email="sanne@voorbeeld.nl")
    plaatsing = PlaatsingFactory(voordracht__kandidaat=sanne, voordracht__vacature__werkgever=wereld.werkgever,
                                 soort="tijdelijk", status="lopend", startdatum=date(2026, 12, 28),
                                 einddatum=date(2027, 6, 30))
    met_commit(plaatsing_corrigeren, plaatsing=plaatsing, door=plaatsing.aangemaakt_door,
               reden="Start verkeerd overgenomen.", startdatum=date(2027, 1, 4))

    assert [t for t, _u, _s in _van(wereld.klantmanager)] == [
        "Sanne Visser kan nu niet inloggen op het portaal en krijgt hierover geen bericht van ons. Geef het aan Sanne "
        "door (voorkeur: bellen). De plaatsing van Sanne Visser bij De Heul Installatietechniek is gecorrigeerd. De "
        "startdatum is nu maandag 4 januari 2027 (was maandag 28 december 2026)."]
