"""A klantmanager or accountmanager who is away: the colleague covering plans the gesprekken of the caseload, and
has the colleague's afspraken, evaluations and nazorg in her week and her calendar feed while she covers."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from agenda.models import Afspraak, Deelnemer
from agenda.selectors import agenda_items
from agenda.services import (
    afspraak_annuleren,
    afspraak_plannen,
    afspraak_verplaatsen,
    feed_vernieuwen,
    herinneringen_versturen,
)
from meldingen.models import Melding
from werkgevers.services import accountmanager_toewijzen
from werkgevers.tests.factories import WerkgeverFactory
from werkzoekenden.services import evaluatiedatum_instellen, warme_overdracht
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _plannen(client, kandidaat):
    dag = (timezone.localdate() + timedelta(days=3)).isoformat()
    return client.post(reverse("afspraak_nieuw"), {
        "soort": "klantmanagergesprek", "datum": dag, "begintijd": "10:00", "eindtijd": "11:00",
        "plaats": "Stadskantoor", "kandidaat": kandidaat.pk})


def test_the_colleague_covering_plans_a_gesprek_with_a_werkzoekende_of_that_caseload(client, wereld):
    """Ruud is on leave and Yasmina covers his caseload: Willem's home page says "Tot Ruud terug is, helpt Yasmina je",
    and she sends him messages and works in his plan. But "Nieuwe afspraak" listed only her own werkzoekenden: a
    gesprek with Willem could not be planned until Ruud came back."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    eigen = KandidaatFactory(klantmanager=yasmina)
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    client.force_login(yasmina)
    assert {wereld.kandidaat, eigen} <= set(
        client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset)
    antwoord = _plannen(client, wereld.kandidaat)
    assert antwoord.status_code == 302
    afspraak = Afspraak.objects.get()
    assert afspraak.georganiseerd_door == yasmina and afspraak.deelnemers.filter(kandidaat=wereld.kandidaat).exists()

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # he is back: his werkzoekenden are his own again
    assert list(client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset) == [eigen]
    assert _plannen(client, wereld.kandidaat).status_code == 400
    assert Afspraak.objects.count() == 1


def test_the_accountmanager_covering_plans_a_visit_with_a_werkgever_of_the_one_who_is_away(client, wereld):
    """Anton is on leave and Bram covers for him: De Heul's page says Bram helps them, and Bram answers their
    messages. But "Nieuwe afspraak" listed only Bram's own werkgevers: a kennismakingsbezoek or a nazorg visit at De
    Heul could not be planned until Anton came back."""
    anton = wereld.accountmanager
    bram = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio)
    eigen = WerkgeverFactory(accountmanager=bram, naam="Bakkerij Bram")
    waarnemer_instellen(gebruiker=anton, waarnemer=bram)
    client.force_login(bram)

    def plannen():
        dag = (timezone.localdate() + timedelta(days=3)).isoformat()
        return client.post(reverse("afspraak_nieuw"), {
            "soort": "kennismakingsbezoek", "datum": dag, "begintijd": "10:00", "eindtijd": "11:00",
            "plaats": "Arnhem", "werkgever": wereld.werkgever.pk})

    keuzes = client.get(reverse("afspraak_nieuw")).context["form"].fields["werkgever"].queryset
    assert {wereld.werkgever, eigen} <= set(keuzes)
    assert plannen().status_code == 302
    afspraak = Afspraak.objects.get(soort=Afspraak.Soort.KENNISMAKINGSBEZOEK)
    assert afspraak.georganiseerd_door == bram and afspraak.werkgever == wereld.werkgever
    assert afspraak.deelnemers.filter(gebruiker=wereld.werkgever_user).exists()

    waarnemer_instellen(gebruiker=anton, waarnemer=None)  # he is back: his werkgevers are his own again
    assert list(client.get(reverse("afspraak_nieuw")).context["form"].fields["werkgever"].queryset) == [eigen]
    assert plannen().status_code == 400
    assert Afspraak.objects.filter(soort=Afspraak.Soort.KENNISMAKINGSBEZOEK).count() == 1


@pytest.mark.parametrize("rol", ["klantmanager", "accountmanager"])
def test_what_the_colleague_covering_plans_in_the_caseload_is_in_the_week_of_the_one_away_when_he_is_back(
        wereld, met_commit, rol):
    """Yasmina planned a gesprek with Willem while Ruud was away (or Bram a visit at De Heul while Anton was): back,
    Ruud did not know it, as he was not in it; the gesprek with his werkzoekende was not in his week, nor would a
    handover of Willem take it along. He takes part now, without an invitation mail in his inbox while he is away
    (the melding of it waits in the portal); the others are invited as ever."""
    afwezig = getattr(wereld, rol)
    factory = KlantmanagerFactory if rol == "klantmanager" else AccountmanagerFactory
    waarnemer = factory(organisatie=afwezig.organisatie, regio=afwezig.regio, voornaam="Yasmina",
                        achternaam="Waarnemer")
    met_commit(waarnemer_instellen, gebruiker=afwezig, waarnemer=waarnemer)
    begin = timezone.now() + timedelta(days=3)
    met = ({"soort": "klantmanagergesprek", "kandidaten": [wereld.kandidaat]} if rol == "klantmanager" else
           {"soort": "kennismakingsbezoek", "werkgever": wereld.werkgever, "gebruikers": [wereld.werkgever_user]})
    mail.outbox.clear()
    afspraak = met_commit(afspraak_plannen, door=waarnemer, titel="", start=begin, eind=begin + timedelta(hours=1),
                          plaats="Stadskantoor", **met)

    assert afspraak.deelnemers.filter(gebruiker=afwezig, status=Deelnemer.Status.AANGEMELD).exists()
    assert not [m for m in mail.outbox if afwezig.email in m.to]
    anderen = [wereld.kandidaat.account.email] if rol == "klantmanager" else [wereld.werkgever_user.email]
    assert all(any(adres in m.to for m in mail.outbox) for adres in anderen)
    assert Melding.objects.filter(ontvanger=afwezig, url=reverse("afspraak_detail", args=[afspraak.pk])).exists()
    assert not Melding.objects.filter(ontvanger=waarnemer, waargenomen_voor=afwezig).exists()  # her own act

    met_commit(waarnemer_instellen, gebruiker=afwezig, waarnemer=None)  # back
    week = agenda_items(afwezig, begin - timedelta(days=1), begin + timedelta(days=1))
    assert afspraak.ics_uid in {i.uid for i in week}
    # Her own planning with her own werkzoekende or werkgever does not involve him.
    eigen = met_commit(afspraak_plannen, door=waarnemer, titel="", start=begin, eind=begin + timedelta(hours=1),
                       plaats="Stadskantoor", soort="klantmanagergesprek",
                       kandidaten=[KandidaatFactory(klantmanager=waarnemer)]) if rol == "klantmanager" else (
        met_commit(afspraak_plannen, door=waarnemer, titel="", start=begin, eind=begin + timedelta(hours=1),
                   plaats="Arnhem", soort="kennismakingsbezoek", werkgever=WerkgeverFactory(accountmanager=waarnemer)))
    assert not eigen.deelnemers.filter(gebruiker=afwezig).exists()


def test_planning_with_the_caseload_of_a_colleague_one_does_not_cover_for_does_not_add_him(wereld):
    """A beheerder or a colleague who plans with Willem without covering for Ruud: Ruud is not added."""
    ruud = wereld.klantmanager
    ander = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)
    afspraak = afspraak_plannen(door=ander, soort="klantmanagergesprek", titel="", start=begin,
                                eind=begin + timedelta(hours=1), plaats="Stadskantoor", kandidaten=[wereld.kandidaat])
    assert not afspraak.deelnemers.filter(gebruiker=ruud).exists()


def _door_waarnemer_gepland(wereld, met_commit, rol):
    """The colleague away (the klantmanager or accountmanager of the wereld), his waarnemer, and the afspraak she
    planned with his werkzoekende or werkgever while he is away (he was added without an invitation)."""
    afwezig = getattr(wereld, rol)
    factory = KlantmanagerFactory if rol == "klantmanager" else AccountmanagerFactory
    waarnemer = factory(organisatie=afwezig.organisatie, regio=afwezig.regio)
    met_commit(waarnemer_instellen, gebruiker=afwezig, waarnemer=waarnemer)
    begin = timezone.now() + timedelta(days=3)
    met = ({"soort": "klantmanagergesprek", "kandidaten": [wereld.kandidaat]} if rol == "klantmanager" else
           {"soort": "kennismakingsbezoek", "werkgever": wereld.werkgever, "gebruikers": [wereld.werkgever_user]})
    afspraak = met_commit(afspraak_plannen, door=waarnemer, titel="", start=begin, eind=begin + timedelta(hours=1),
                          plaats="Stadskantoor", **met)
    return afwezig, waarnemer, afspraak


def _mails(aan, afspraak, onderwerp):
    return [m for m in mail.outbox if aan.email in m.to and m.subject.endswith(f"] {onderwerp}: {afspraak.titel}")]


def _overdragen(wereld, met_commit, rol, afwezig):
    if rol == "klantmanager":
        naar = KlantmanagerFactory(organisatie=afwezig.organisatie, regio=afwezig.regio)
        met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=afwezig, naar=naar, notitie="Willem gaat naar")
    else:
        naar = AccountmanagerFactory(organisatie=afwezig.organisatie, regio=wereld.werkgever.regio)
        met_commit(accountmanager_toewijzen, werkgever=wereld.werkgever, accountmanager=naar, door=wereld.beheerder)
    return naar


@pytest.mark.parametrize("rol", ["klantmanager", "accountmanager"])
def test_the_colleague_away_gets_no_reminder_his_waarnemer_does(wereld, met_commit, rol):
    """The day before the gesprek Yasmina planned with Willem while Ruud is on leave, a "Morgen:" mail reached Ruud
    on holiday: she goes, not he. She still gets hers; back before the day, he gets his."""
    afwezig, waarnemer, afspraak = _door_waarnemer_gepland(wereld, met_commit, rol)
    mail.outbox.clear()
    met_commit(herinneringen_versturen, nu=afspraak.start - timedelta(hours=23))
    assert not _mails(afwezig, afspraak, "Morgen")
    assert len(_mails(waarnemer, afspraak, "Morgen")) == 1
    assert afspraak.deelnemers.get(gebruiker=afwezig).herinnerd_op is not None  # claimed: not sent later either
    # Back before the day (the afspraak moved to later): he is reminded as ever, and it is in his calendar then.
    met_commit(waarnemer_instellen, gebruiker=afwezig, waarnemer=None)
    later = afspraak.start + timedelta(days=2)
    met_commit(afspraak_verplaatsen, afspraak=afspraak, door=waarnemer, start=later, eind=later + timedelta(hours=1))
    mail.outbox.clear()
    met_commit(herinneringen_versturen, nu=later - timedelta(hours=23))
    assert len(_mails(afwezig, afspraak, "Morgen")) == 1


@pytest.mark.parametrize("rol", ["klantmanager", "accountmanager"])
def test_no_cancel_at_a_handover_for_an_invitation_he_never_had(wereld, met_commit, rol):
    """Ruud, added without an invitation while Yasmina planned with Willem, hands Willem over (or De Heul goes to
    another accountmanager): a "Gaat niet door voor jou" with a CANCEL came for an afspraak that was never in his own
    calendar. The new one is invited as ever."""
    afwezig, _waarnemer, afspraak = _door_waarnemer_gepland(wereld, met_commit, rol)
    mail.outbox.clear()
    naar = _overdragen(wereld, met_commit, rol, afwezig)
    assert afspraak.deelnemers.get(gebruiker=afwezig).status == Deelnemer.Status.AFGEMELD
    assert not _mails(afwezig, afspraak, "Gaat niet door voor jou")
    assert len(_mails(naar, afspraak, "Afspraak")) == 1
    assert afspraak.deelnemers.get(gebruiker=naar).uitgenodigd


@pytest.mark.parametrize("rol", ["klantmanager", "accountmanager"])
def test_once_mailed_with_its_ics_he_gets_the_cancel_at_a_handover(wereld, met_commit, rol):
    """Moved after he is back, the change (with its .ics) put it in his calendar: a handover then takes it out."""
    afwezig, waarnemer, afspraak = _door_waarnemer_gepland(wereld, met_commit, rol)
    met_commit(waarnemer_instellen, gebruiker=afwezig, waarnemer=None)
    later = afspraak.start + timedelta(days=1)
    met_commit(afspraak_verplaatsen, afspraak=afspraak, door=waarnemer, start=later, eind=later + timedelta(hours=1))
    assert afspraak.deelnemers.get(gebruiker=afwezig).uitgenodigd
    mail.outbox.clear()
    _overdragen(wereld, met_commit, rol, afwezig)
    assert len(_mails(afwezig, afspraak, "Gaat niet door voor jou")) == 1


def test_no_cancel_when_cancelled_for_an_invitation_he_never_had(wereld, met_commit):
    """Yasmina cancels the gesprek she planned with Willem while Ruud is away: the others get the CANCEL, he, who
    never had it in his calendar, does not (the melding of it is in the portal)."""
    afwezig, waarnemer, afspraak = _door_waarnemer_gepland(wereld, met_commit, "klantmanager")
    mail.outbox.clear()
    met_commit(afspraak_annuleren, afspraak=afspraak, door=waarnemer)
    assert not _mails(afwezig, afspraak, "Gaat niet door")
    assert [m for m in mail.outbox if wereld.kandidaat.account.email in m.to and "Gaat niet door" in m.subject]


def _week(moment):
    jaar, week, _dag = timezone.localtime(moment).isocalendar()
    return f"{jaar}-W{week:02d}"


def test_the_colleague_covering_sees_and_can_move_the_gesprekken_of_the_one_who_is_away(client, wereld):
    """Ruud had a gesprek with Willem on Thursday and went on sick leave; Yasmina covers his caseload. The gesprek was
    in nobody's week who was there: Willem came to the office (with a reminder the day before) for a klantmanager
    who was ill, and Yasmina could neither see it nor move it."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    ander = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)
    afspraak = afspraak_plannen(door=ruud, soort="klantmanagergesprek", titel="", start=begin,
                                eind=begin + timedelta(hours=1), plaats="Stadskantoor", kandidaten=[wereld.kandidaat])
    detail = reverse("afspraak_detail", args=[afspraak.pk])
    week = reverse("agenda") + "?week=" + _week(begin)
    client.force_login(yasmina)
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()

    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    html = client.get(week).content.decode()
    assert detail in html and f"Voor {ruud.get_full_name()} (je neemt waar)" in html
    assert client.get(detail).status_code == 200
    assert client.get(reverse("afspraak_verplaatsen", args=[afspraak.pk])).status_code == 200
    assert client.post(reverse("afspraak_annuleren", args=[afspraak.pk])).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.geannuleerd

    client.force_login(ander)  # a colleague who does not cover for him
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # he is back
    client.force_login(yasmina)
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()


def test_the_colleague_covering_sees_the_evaluations_and_nazorg_of_the_caseload_in_her_week(client, wereld):
    """Her own week shows the evaluations of her caseload's plans and the nazorg moments due; Ruud's, whose caseload
    she covers, were in nobody's week who was there: Anja's first nazorg call and Willem's evaluation went by."""
    wereld.met_plaatsing()
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    moment = wereld.moment
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=ruud,
                             evaluatiedatum=timezone.localtime(moment.gepland_op).date())
    week = reverse("agenda") + "?week=" + _week(moment.gepland_op)
    voor = f"Voor {ruud.get_full_name()} (je neemt waar): "
    client.force_login(yasmina)
    html = client.get(week).content.decode()
    assert "Willem van de Vecht" not in html and "Anja Roest" not in html

    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    html = client.get(week).content.decode()
    assert voor + "Evaluatie plan van aanpak: Willem van de Vecht" in html
    assert voor + "Nazorg (" in html and "Anja Roest bij De Heul Installatietechniek" in html
    assert reverse("plan_van_aanpak", args=[wereld.kandidaat.pk]) in html
    assert reverse("nazorg_uitkomst", args=[moment.pk]) in html
    assert client.get(reverse("nazorg_uitkomst", args=[moment.pk])).status_code == 200

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # he is back
    html = client.get(week).content.decode()
    assert "Willem van de Vecht" not in html and "Anja Roest" not in html


def test_the_accountmanager_covering_sees_the_nazorg_at_the_werkgevers_of_the_one_who_is_away(client, wereld):
    wereld.met_plaatsing()
    anton = wereld.accountmanager
    bram = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio)
    week = reverse("agenda") + "?week=" + _week(wereld.moment.gepland_op)
    waarnemer_instellen(gebruiker=anton, waarnemer=bram)
    client.force_login(bram)
    html = client.get(week).content.decode()
    assert f"Voor {anton.get_full_name()} (je neemt waar): Nazorg (" in html
    assert reverse("nazorg_uitkomst", args=[wereld.moment.pk]) in html


def _feed(client, gebruiker):
    sleutel = feed_vernieuwen(gebruiker=gebruiker)
    client.logout()
    antwoord = client.get(reverse("agenda_feed", args=[sleutel]))
    assert antwoord.status_code == 200
    return Calendar.from_ical(antwoord.content)


def _events(cal):
    return {str(e["uid"]): str(e["summary"]) for e in cal.walk("VEVENT")}


def test_the_feed_of_the_colleague_covering_shows_what_her_week_shows_until_the_waarneming_ends(client, wereld):
    """Her calendar app showed only her own afspraken: Ruud's gesprek with Willem, his evaluation and nazorg were
    on her week page but not on her phone. While she covers they are in the feed, without a werkzoekende's name;
    when Ruud is back they are gone from it."""
    wereld.met_plaatsing()
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)
    afspraak = afspraak_plannen(door=ruud, soort="klantmanagergesprek", titel="Gesprek met Willem van de Vecht",
                                start=begin, eind=begin + timedelta(hours=1), plaats="Stadskantoor",
                                kandidaten=[wereld.kandidaat])
    plan = evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=ruud,
                                    evaluatiedatum=timezone.localdate() + timedelta(days=5))
    evaluatie = f"evaluatie-{plan.pk}-{plan.evaluatiedatum:%Y%m%d}@klantreis"
    nazorg = f"nazorg-{wereld.moment.pk}@klantreis"
    assert not {afspraak.ics_uid, evaluatie, nazorg} & set(_events(_feed(client, yasmina)))

    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    cal = _feed(client, yasmina)
    events = _events(cal)
    voor = f"Voor {ruud.get_full_name()} (je neemt waar): "
    assert events[afspraak.ics_uid] == voor + "Gesprek met klantmanager"
    assert events[evaluatie] == voor + "Evaluatie plan van aanpak"
    assert events[nazorg] == voor + "Nazorg (De Heul Installatietechniek)"
    tekst = cal.to_ical().decode()
    assert "Willem" not in tekst and "Anja" not in tekst

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)
    assert not {afspraak.ics_uid, evaluatie, nazorg} & set(_events(_feed(client, yasmina)))


def _bezet(cal):
    """Per event whether it makes the time busy: OPAQUE is the default of a VEVENT without TRANSP (RFC 5545)."""
    return {str(e["uid"]): str(e.get("transp", "OPAQUE")) == "OPAQUE" for e in cal.walk("VEVENT")}


def test_the_covered_colleagues_afspraken_leave_the_time_of_the_one_covering_free(client, wereld):
    """Ruud's gesprek with Willem stood in Yasmina's calendar app as busy: her colleagues could not plan with her then,
    while Ruud's gesprek is not hers to attend. Shown, but free (TRANSPARENT), as a workshop's waiting-list place is;
    her own afspraak at the same time stays busy, also when she takes part in one of his."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)
    van_ruud = afspraak_plannen(door=ruud, soort="klantmanagergesprek", titel="Gesprek met Willem van de Vecht",
                                start=begin, eind=begin + timedelta(hours=1), plaats="Stadskantoor",
                                kandidaten=[wereld.kandidaat])
    eigen = afspraak_plannen(door=yasmina, soort="klantmanagergesprek", titel="Gesprek met Anja",
                             start=begin, eind=begin + timedelta(hours=1), plaats="Stadskantoor",
                             kandidaten=[KandidaatFactory(klantmanager=yasmina)])
    samen = afspraak_plannen(door=ruud, soort="klantmanagergesprek", titel="Gesprek met Willem en Yasmina",
                             start=begin + timedelta(days=1), eind=begin + timedelta(days=1, hours=1),
                             plaats="Stadskantoor", kandidaten=[wereld.kandidaat], gebruikers=[yasmina])
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    bezet = _bezet(_feed(client, yasmina))
    assert bezet[van_ruud.ics_uid] is False
    assert bezet[eigen.ics_uid] is True
    assert bezet[samen.ics_uid] is True
    # In Ruud's own feed his gesprek is busy, as it is his.
    assert _bezet(_feed(client, ruud))[van_ruud.ics_uid] is True


def _feed_queries(client, sleutel):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        antwoord = client.get(reverse("agenda_feed", args=[sleutel]))
    assert antwoord.status_code == 200
    return len(ctx.captured_queries), len(Calendar.from_ical(antwoord.content).walk("VEVENT"))


def test_query_count_feed_of_the_colleague_covering(client, wereld):
    """However many colleagues she covers for, and however many afspraken, evaluations and nazorg they have."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    sleutel = feed_vernieuwen(gebruiker=yasmina)
    _feed_queries(client, sleutel)  # the first fetch marks the link used (then once an hour)
    zonder, _aantal = _feed_queries(client, sleutel)
    # the feed with its owner, her afspraken, evaluations of her caseload, nazorg moments, the colleagues she covers
    # for
    assert zonder == 5

    def collega_met_werk(aantal):
        collega = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
        waarnemer_instellen(gebruiker=collega, waarnemer=yasmina)
        for i in range(aantal):
            begin = timezone.now() + timedelta(days=2 + i)
            kandidaat = KandidaatFactory(klantmanager=collega)
            afspraak_plannen(door=collega, soort="klantmanagergesprek", titel="", start=begin,
                             eind=begin + timedelta(hours=1), plaats="Stadskantoor", kandidaten=[kandidaat])
            evaluatiedatum_instellen(kandidaat=kandidaat, door=collega, evaluatiedatum=begin.date())

    collega_met_werk(1)
    klein, events_klein = _feed_queries(client, sleutel)
    collega_met_werk(4)
    collega_met_werk(3)
    groot, events_groot = _feed_queries(client, sleutel)
    # and, when she covers for someone: their afspraken, the evaluations of their caseloads, their nazorg moments
    assert (klein, groot) == (zonder + 3, zonder + 3)
    assert (events_klein, events_groot) == (2, 16)


def _queries(client, url):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_the_week_of_a_colleague_covering_many(client, wereld):
    """A team lead who covers a whole team sees all their afspraken in her week: one read of their places, not one per
    colleague (each added colleague cost a query)."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)

    def afwezig_met_gesprek(collega, i):
        afspraak_plannen(door=collega, soort="klantmanagergesprek", titel=f"Gesprek {i}",
                         start=begin + timedelta(hours=i), eind=begin + timedelta(hours=i, minutes=30),
                         plaats="Stadskantoor", kandidaten=[KandidaatFactory(klantmanager=collega)])
        waarnemer_instellen(gebruiker=collega, waarnemer=yasmina)

    afwezig_met_gesprek(ruud, 0)
    url = reverse("agenda") + "?week=" + _week(begin)
    client.force_login(yasmina)
    een = _queries(client, url)
    for i in range(1, 4):
        afwezig_met_gesprek(KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio), i)
    html = client.get(url).content.decode()
    assert all(f"Gesprek {i}" in html for i in range(4)) and html.count("(je neemt waar)") == 4
    assert _queries(client, url) == een
