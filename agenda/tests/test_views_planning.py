"""Planning in the agenda as real users found it: who said "ik kan niet" stays in the klantmanager's week, a time at
which someone is busy is planned only after "Toch plannen", the reason is on the move forms, the werkzoekende reads
that she cannot (or is invited again) everywhere, and "Annuleren" asks first."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Verwerking, VerwerkingBetrokkene
from agenda import selectors
from agenda.models import Afspraak, Deelnemer
from agenda.services import afspraak_plannen, afspraak_verplaatsen, gesprek_bijwerken, kan_niet_melden
from bemiddeling.models import Sollicitatiegesprek, Voordracht
from bemiddeling.services import begeleider_kiezen, gesprek_plannen, voordracht_create
from klantreis.lib import datums
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _dag(dagen=5):
    """A weekday ``dagen`` or more days ahead (a Wednesday or later in the week is fine for a week page)."""
    return timezone.localdate() + timedelta(days=dagen)


def _om(dag, uur, minuut=0):
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


def _week(moment):
    jaar, week, _dag = timezone.localtime(moment).isocalendar()
    return f"{jaar}-W{week:02d}"


def _gesprek_over_plan(wereld, dag, uur=14):
    return afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK,
                            titel="Gesprek over je plan", start=_om(dag, uur), eind=_om(dag, uur + 1),
                            plaats="Werkplein", kandidaten=[wereld.kandidaat])


def _kan_niet(wereld, afspraak, reden="Mijn dochter is ziek", wanneer_wel="dinsdagochtend"):
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    return kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden=reden, wanneer_wel=wanneer_wel)


def _betrokkenen(regel):
    return set(VerwerkingBetrokkene.objects.filter(verwerking=regel).values_list("content_type_id", "object_id"))


def _willem(wereld):
    return (ContentType.objects.get_for_model(wereld.kandidaat).pk, str(wereld.kandidaat.pk))


def _gesprek(wereld):
    """Willem's sollicitatiegesprek (Anton voordraagt, Karin goes along) with its afspraak in the agenda."""
    wereld.met_bemiddeling()
    return gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)


# --- 1. Mijn week keeps who cannot come -----------------------------------------------------------


def test_mijn_week_noemt_wie_niet_kan_met_kan_niet_erbij_en_logt_haar(client, wereld):
    """The week listed only who was aangemeld: Willem's name vanished exactly when he said "Ik kan niet"."""
    afspraak = _gesprek_over_plan(wereld, _dag())
    _kan_niet(wereld, afspraak)
    client.force_login(wereld.klantmanager)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    pagina = client.get(reverse("agenda") + "?week=" + _week(afspraak.start)).content.decode()
    dossier = reverse("dossier", args=[wereld.kandidaat.pk])
    assert f'<a class="utrecht-link" href="{dossier}">Willem van de Vecht</a> (kan niet)' in pagina
    assert "Mijn dochter" not in pagina  # the reason is on the afspraak, not in the week
    [regel] = Verwerking.objects.exclude(pk__in=voor)
    assert _willem(wereld) in _betrokkenen(regel)


# --- 3. a clash asks "Toch plannen" ---------------------------------------------------------------


def test_nieuwe_afspraak_op_een_bezet_moment_vraagt_eerst_en_verliest_niets(client, wereld):
    dag = _dag()
    _gesprek_over_plan(wereld, dag)
    geannuleerd = _gesprek_over_plan(wereld, dag, uur=16)
    Afspraak.objects.filter(pk=geannuleerd.pk).update(status=Afspraak.Status.GEANNULEERD)
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Cv bijwerken", "datum": dag.isoformat(), "begintijd": "14:30",
            "eindtijd": "15:30", "plaats": "Werkplein kamer 2", "kandidaat": wereld.kandidaat.pk,
            "toelichting": "Neem je cv mee."}
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    response = client.post(reverse("afspraak_nieuw"), data)
    html = response.content.decode()
    assert response.status_code == 200 and Afspraak.objects.count() == 2  # nothing planned yet
    assert "Op dit moment heeft niet iedereen tijd." in html
    assert "Willem van de Vecht heeft dan al: Gesprek over je plan 14:00-15:00." in html
    assert "Je hebt dan al: Gesprek over je plan 14:00-15:00." in html  # Karin herself
    assert 'value="Werkplein kamer 2"' in html and "Neem je cv mee." in html and 'value="14:30"' in html
    assert 'type="checkbox" name="toch_plannen"' in html and "Toch plannen" in html
    [regel] = Verwerking.objects.exclude(pk__in=voor)  # the page named Willem's other afspraak
    assert _betrokkenen(regel) == {_willem(wereld)}
    # Ticked: planned at that time after all.
    botsing = response.context["form"].data["botsing"]
    response = client.post(reverse("afspraak_nieuw"), {**data, "toch_plannen": "on", "botsing": botsing})
    assert response.status_code == 302 and Afspraak.objects.filter(titel="Cv bijwerken").exists()
    # Right after it (15:00) or at the cancelled one's time nobody is busy: no question.
    response = client.post(reverse("afspraak_nieuw"), {**data, "titel": "Na afloop", "begintijd": "15:30",
                                                       "eindtijd": "16:30"})
    assert response.status_code == 302


def test_toch_plannen_geldt_voor_de_botsing_die_je_zag_niet_voor_een_andere(client, wereld):
    dag = _dag()
    _gesprek_over_plan(wereld, dag, uur=10)
    _gesprek_over_plan(wereld, dag, uur=14)
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "", "datum": dag.isoformat(), "begintijd": "10:30",
            "eindtijd": "11:00", "plaats": "Werkplein", "kandidaat": wereld.kandidaat.pk}
    botsing = client.post(reverse("afspraak_nieuw"), data).context["form"].data["botsing"]
    # Ticked for 10:00-11:00, but now at 14:30: asked again about 14:00-15:00, the box unticked.
    response = client.post(reverse("afspraak_nieuw"), {**data, "begintijd": "14:30", "eindtijd": "15:00",
                                                       "toch_plannen": "on", "botsing": botsing})
    html = response.content.decode()
    assert response.status_code == 200 and "Gesprek over je plan 14:00-15:00" in html
    assert 'name="toch_plannen" id="id_toch_plannen" checked' not in html and " checked" not in html
    assert Afspraak.objects.count() == 2


def test_verplaatsen_naar_een_bezet_moment_vraagt_eerst(client, wereld):
    dag = _dag()
    bezoek = afspraak_plannen(door=wereld.accountmanager, soort="kennismakingsbezoek", titel="", start=_om(dag, 9),
                              eind=_om(dag, 10), plaats="Arnhem", werkgever=wereld.werkgever,
                              gebruikers=[wereld.werkgever_user])
    afspraak_plannen(door=wereld.accountmanager, soort="kennismakingsbezoek", titel="Bij Bakkerij Jansen",
                     start=_om(dag, 13), eind=_om(dag, 14), plaats="Ede", werkgever=wereld.werkgever)
    client.force_login(wereld.accountmanager)
    data = {"datum": dag.isoformat(), "begintijd": "13:30", "eindtijd": "14:30", "plaats": "Arnhem"}
    response = client.post(reverse("afspraak_verplaatsen", args=[bezoek.pk]), data)
    assert response.status_code == 200
    assert "Je hebt dan al: Bij Bakkerij Jansen 13:00-14:00." in response.content.decode()
    bezoek.refresh_from_db()
    assert timezone.localtime(bezoek.start).hour == 9
    # Moving it within its own time is no clash with itself.
    response = client.post(reverse("afspraak_verplaatsen", args=[bezoek.pk]), {**data, "begintijd": "09:30",
                                                                                "eindtijd": "10:30"})
    assert response.status_code == 302


def test_de_botsing_is_een_query(wereld):
    dag = _dag()
    for uur in (9, 11, 14):
        _gesprek_over_plan(wereld, dag, uur=uur)
    with CaptureQueriesContext(connection) as ctx:
        botsingen = selectors.botsingen(wereld.accountmanager, gebruiker_ids=[wereld.accountmanager.pk,
                                                                              wereld.klantmanager.pk],
                                        kandidaat_ids=[wereld.kandidaat.pk], start=_om(dag, 8), eind=_om(dag, 18))
    assert len(ctx.captured_queries) == 1
    # Soonest first; Karin (who planned each) before Willem.
    assert [str(b) for b in botsingen] == [f"{naam} heeft dan al: Gesprek over je plan {tijd}."
                                           for tijd in ("09:00-10:00", "11:00-12:00", "14:00-15:00")
                                           for naam in ("Karin Klant", "Willem van de Vecht")]
    assert [b.kandidaat for b in botsingen][1::2] == [wereld.kandidaat] * 3


def test_gesprek_verplaatsen_naar_een_bezet_moment_staf_leest_wat_de_werkgever_alleen_dat(client, wereld):
    """Anton (staff) reads who is busy with what; Martijn (werkgever) reads "u", and of Willem and Karin only that
    they have another afspraak then, never what."""
    afspraak = _gesprek(wereld)
    dag = timezone.localdate(afspraak.start) + timedelta(days=1)
    _gesprek_over_plan(wereld, dag, uur=10)
    url = reverse("gesprek_plannen", args=[wereld.voordracht.pk])
    data = {"datum": dag.isoformat(), "tijd": "10:30", "locatie": "Arnhem", "duur_minuten": 60,
            "begeleider_gaat_mee": "on"}
    client.force_login(wereld.accountmanager)
    html = client.post(url, data).content.decode()
    assert "Willem van de Vecht heeft dan al: Gesprek over je plan 10:00-11:00." in html
    assert "Karin Klant heeft dan al: Gesprek over je plan 10:00-11:00." in html  # the begeleider
    client.force_login(wereld.werkgever_user)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Willem heeft dan al een andere afspraak (10:00-11:00)." in html
    assert "Karin Klant heeft dan al een andere afspraak (10:00-11:00)." in html
    assert "Gesprek over je plan" not in html and "Vink dit aan als u het toch op dit moment wilt plannen." in html
    assert Sollicitatiegesprek.objects.get().begint_op == wereld.gesprek.begint_op
    # "Toch plannen" moves it.
    botsing = response.context["form"].data["botsing"]
    response = client.post(url, {**data, "toch_plannen": "on", "botsing": botsing})
    assert response.status_code == 302
    assert timezone.localtime(Sollicitatiegesprek.objects.get().begint_op).time() == time(10, 30)
    # Now at 10:30-11:30: 11:00-12:00 overlaps the gesprek itself (no clash) and nothing else.
    assert client.post(url, {**data, "tijd": "11:00"}).status_code == 302


def _voordracht(wereld):
    """Willem voorgedragen by Anton to Martijn's vacature, not yet answered."""
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    return voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever), kandidaat=wereld.kandidaat,
                             door=wereld.accountmanager, toelichting="Ervaren monteur.")


def test_werkgever_die_uitnodigt_met_een_bezet_moment_krijgt_eerst_de_waarschuwing(client, wereld):
    """Martijn invites Willem and proposes a time at which Willem sees his klantmanager: he reads, in "u", only that
    Willem has another afspraak then; nothing is answered or planned until he ticks "Toch plannen"."""
    voordracht = _voordracht(wereld)
    dag = _dag(7)
    _gesprek_over_plan(wereld, dag, uur=10)
    url = reverse("voordracht_reageren", args=[voordracht.pk])
    data = {"keuze": "uitnodigen", "datum": dag.isoformat(), "tijd": "10:30", "locatie": "Velperweg 12, Arnhem"}
    client.force_login(wereld.werkgever_user)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Willem heeft dan al een andere afspraak (10:00-11:00)." in html
    assert "Gesprek over je plan" not in html and "Willem van de Vecht" not in html
    assert "Vink dit aan als u het toch op dit moment wilt plannen." in html
    assert "Velperweg 12, Arnhem" in html  # nothing typed is lost
    voordracht.refresh_from_db()
    assert (voordracht.status, voordracht.gereageerd_op) == (Voordracht.Status.VOORGEDRAGEN, None)
    assert not Sollicitatiegesprek.objects.exists()
    # Naming Willem's afspraak is a line of the verwerkingenlog, as on the gesprek form.
    [regel] = Verwerking.objects.exclude(pk__in=voor)
    assert regel.gebruiker == wereld.werkgever_user and _betrokkenen(regel) == {_willem(wereld)}
    # "Toch plannen" invites and plans it.
    botsing = response.context["form"].data["botsing"]
    assert client.post(url, {**data, "toch_plannen": "on", "botsing": botsing}).status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.GESPREK_GEPLAND
    assert Sollicitatiegesprek.objects.get().begint_op == _om(dag, 10, 30)


def test_werkgever_die_uitnodigt_op_een_vrij_moment_plant_meteen(client, wereld):
    voordracht = _voordracht(wereld)
    dag = _dag(7)
    _gesprek_over_plan(wereld, dag, uur=10)
    client.force_login(wereld.werkgever_user)
    response = client.post(reverse("voordracht_reageren", args=[voordracht.pk]), {
        "keuze": "uitnodigen", "datum": dag.isoformat(), "tijd": "11:00", "locatie": "Arnhem"})
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.GESPREK_GEPLAND
    assert Sollicitatiegesprek.objects.get().begint_op == _om(dag, 11)


# --- 4. why she cannot, where the new time is chosen ----------------------------------------------


def test_verplaatsen_toont_waarom_zij_niet_kan_en_wanneer_wel(client, wereld):
    afspraak = _gesprek_over_plan(wereld, _dag())
    _kan_niet(wereld, afspraak)
    client.force_login(wereld.klantmanager)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    html = client.get(reverse("afspraak_verplaatsen", args=[afspraak.pk])).content.decode()
    assert "Kan niet komen" in html and "Mijn dochter is ziek" in html and "Kan wel: dinsdagochtend" in html
    [regel] = Verwerking.objects.exclude(pk__in=voor)
    assert _betrokkenen(regel) == {_willem(wereld)}


def test_bij_de_voordracht_en_het_gespreksformulier_leest_alleen_de_staf_waarom(client, wereld):
    afspraak = _gesprek(wereld)
    _kan_niet(wereld, afspraak)
    for gebruiker in (wereld.accountmanager, wereld.klantmanager):
        client.force_login(gebruiker)
        html = client.get(reverse("voordracht_detail", args=[wereld.voordracht.pk])).content.decode()
        assert "Kan niet komen" in html and "Mijn dochter is ziek" in html and "Kan wel: dinsdagochtend" in html
    client.force_login(wereld.accountmanager)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    html = client.get(reverse("gesprek_plannen", args=[wereld.voordracht.pk])).content.decode()
    assert "Mijn dochter is ziek" in html and "Kan wel: dinsdagochtend" in html
    [regel] = Verwerking.objects.exclude(pk__in=voor)
    assert _betrokkenen(regel) == {_willem(wereld)}
    client.force_login(wereld.werkgever_user)
    for naam in ("voordracht_detail", "gesprek_plannen"):
        html = client.get(reverse(naam, args=[wereld.voordracht.pk])).content.decode()
        assert "Mijn dochter" not in html and "dinsdagochtend" not in html, naam


# --- 6. the werkzoekende reads that she cannot, or that she is invited again ----------------------


def test_na_ik_kan_niet_leest_zij_er_komt_een_nieuwe_tijd_en_na_verplaatsen_opnieuw_uitgenodigd(client, wereld):
    afspraak = _gesprek(wereld)
    wanneer = datums.kort(afspraak.start, "l j F H:i")
    client.force_login(wereld.werkzoekende_user)
    assert "Bereid je voor op je sollicitatiegesprek op" in client.get(reverse("werkzoekende_home")).content.decode()
    _kan_niet(wereld, afspraak)
    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert f"Je kunt niet op {wanneer}. Er komt een nieuwe tijd." in home
    assert "Bereid je voor op je sollicitatiegesprek" not in home and "Bereid je gesprek voor" not in home
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    assert f"Je kunt niet op {wanneer}. Er komt een nieuwe tijd." in sollicitaties
    assert "Bereid je gesprek voor" not in sollicitaties and "Je voorbereiding bekijken" in sollicitaties
    # Anton moves it: she is invited again, at the new time, on her home, her sollicitaties and the afspraak.
    nieuw = afspraak.start + timedelta(days=1)
    gesprek_plannen(voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=nieuw, locatie="Arnhem",
                    begeleider_gaat_mee=True)
    gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    wanneer = datums.kort(nieuw, "l j F H:i")
    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert f"Je bent opnieuw uitgenodigd: {wanneer}." in home and "Je kunt niet" not in home
    sollicitaties = client.get(reverse("mijn_voordrachten")).content.decode()
    tijd = timezone.localtime(nieuw).strftime("%H:%M")
    assert "Je bent opnieuw uitgenodigd:" in sollicitaties and f"om {tijd}." in sollicitaties
    assert "Je kunt niet" not in sollicitaties
    detail = client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()
    assert "Je bent opnieuw uitgenodigd:" in detail and f"om {tijd}." in detail
    assert reverse("afspraak_kan_niet", args=[afspraak.pk]) in detail  # she can answer the new time


def test_opnieuw_uitgenodigd_op_de_afspraak_na_verplaatsen(client, wereld):
    afspraak = _gesprek_over_plan(wereld, _dag())
    client.force_login(wereld.werkzoekende_user)
    assert "opnieuw uitgenodigd" not in client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()
    _kan_niet(wereld, afspraak)
    afspraak_verplaatsen(afspraak=afspraak, door=wereld.klantmanager, start=_om(_dag(6), 11), eind=_om(_dag(6), 12))
    html = client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()
    assert f"Je bent opnieuw uitgenodigd: {date_format(_dag(6), 'l j F')} om 11:00." in html
    assert "Je hebt laten weten dat je niet kunt" not in html


# --- 7. "Annuleren" asks first ---------------------------------------------------------------------


def test_annuleren_vraagt_eerst_en_noemt_wie_bericht_krijgt(client, wereld):
    dag = _dag()
    afspraak = afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel="Gesprek over je plan",
                                start=_om(dag, 14), eind=_om(dag, 15), plaats="Werkplein",
                                gebruikers=[wereld.accountmanager], kandidaten=[wereld.kandidaat])
    client.force_login(wereld.klantmanager)
    detail = client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()
    url = reverse("afspraak_annuleren", args=[afspraak.pk])
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail  # a link to the question, not a form
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    html = client.get(url).content.decode()
    assert "Weet je het zeker?" in html and "Iedereen krijgt bericht:" in html
    assert "Willem van de Vecht" in html and "Anton Account" in html and "Karin Klant</li>" not in html
    assert not Afspraak.objects.get(pk=afspraak.pk).geannuleerd
    [regel] = Verwerking.objects.exclude(pk__in=voor)
    assert _betrokkenen(regel) == {_willem(wereld)}
    assert client.post(url).status_code == 302
    assert Afspraak.objects.get(pk=afspraak.pk).geannuleerd
    assert Deelnemer.objects.filter(afspraak=afspraak).count() == 3


def test_de_klantmanager_die_niet_mee_hoeft_heeft_dan_tijd_haar_werkzoekende_niet(client, wereld, met_commit):
    """Willem goes to his sollicitatiegesprek alone: Karin's feed keeps that time free, but planning another
    afspraak with her then said "Je hebt dan al: Sollicitatiegesprek Monteur" and asked for "Toch plannen". Willem
    himself is still busy then."""
    gesprek = _gesprek(wereld)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=_om(_dag(), 10),
               locatie="Arnhem", begeleider_gaat_mee=True)
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    gesprek.refresh_from_db()
    start = timezone.localtime(gesprek.start)
    client.force_login(wereld.klantmanager)
    # With another werkzoekende of hers (a gesprek met de klantmanager is with one), who is free then.
    anders = KandidaatFactory(klantmanager=wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Intake", "datum": start.date().isoformat(),
            "begintijd": start.strftime("%H:%M"), "eindtijd": (start + timedelta(hours=1)).strftime("%H:%M"),
            "plaats": "Werkplein", "kandidaat": anders.pk}
    botsingen = selectors.botsingen(wereld.klantmanager, gebruiker_ids=[wereld.klantmanager.pk],
                                    kandidaat_ids=[wereld.kandidaat.pk], start=gesprek.start, eind=gesprek.eind)
    assert [str(b) for b in botsingen] == [f"Willem van de Vecht heeft dan al: {gesprek.titel} "
                                           f"{start:%H:%M}-{timezone.localtime(gesprek.eind):%H:%M}."]
    response = client.post(reverse("afspraak_nieuw"), data)
    assert response.status_code == 302 and Afspraak.objects.filter(titel="Intake").exists()
    # Asked along again: she is busy then.
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=True)
    assert "Je hebt dan al: " + gesprek.titel in client.post(reverse("afspraak_nieuw"), {**data, "titel": "Nog een"}
                                                            ).content.decode()


# --- The kind of afspraak each one plans most is chosen already ------------------------------------------------

def test_nieuwe_afspraak_staat_voor_de_klantmanager_op_gesprek_en_voor_de_accountmanager_op_bezoek(client, wereld):
    """Found on the demo: the list began with "Kennismakingsbezoek", so a klantmanager who typed a title and a time
    sent her werkzoekende a "Kennismakingsbezoek" (that is how it shows in the werkzoekende's calendar feed)."""
    client.force_login(wereld.klantmanager)
    form = client.get(reverse("afspraak_nieuw")).context["form"]
    assert form["soort"].value() == Afspraak.Soort.KLANTMANAGERGESPREK
    client.force_login(wereld.accountmanager)
    form = client.get(reverse("afspraak_nieuw")).context["form"]
    assert form["soort"].value() == Afspraak.Soort.KENNISMAKINGSBEZOEK


# --- The soort fits who is invited -------------------------------------------------------------------------------

def test_een_workshop_met_een_werkzoekende_en_een_plaats_vraagt_om_een_andere_soort_en_houdt_wat_er_staat(
        client, wereld):
    """Found in a review: a klantmanager could plan a "Groepsbijeenkomst of workshop" with her one werkzoekende and
    one place: a gesprek under another name, in his calendar and the region's list of workshops."""
    client.force_login(wereld.klantmanager)
    data = {"soort": "groepsbijeenkomst", "titel": "Cv bijwerken", "datum": _dag().isoformat(), "begintijd": "14:30",
            "eindtijd": "15:30", "plaats": "Werkplein", "kandidaat": wereld.kandidaat.pk, "capaciteit": "1"}
    response = client.post(reverse("afspraak_nieuw"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Is het een gesprek met één werkzoekende? Kies dan een gesprek met de klantmanager." in html
    assert response.context["form"].errors.keys() == {"kandidaat"}
    assert 'value="Cv bijwerken"' in html and 'value="14:30"' in html
    assert not Afspraak.objects.exists()


def test_een_kennismakingsbezoek_zonder_werkgever_vraagt_om_de_werkgever(client, wereld):
    client.force_login(wereld.accountmanager)
    data = {"soort": "kennismakingsbezoek", "titel": "Kennismaken", "datum": _dag().isoformat(), "begintijd": "10:00",
            "eindtijd": "11:00", "plaats": "Arnhem"}
    response = client.post(reverse("afspraak_nieuw"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["werkgever"] == [
        "Een kennismakingsbezoek is bij een werkgever. Kies de werkgever."]
    assert 'value="Kennismaken"' in response.content.decode()
    assert client.post(reverse("afspraak_nieuw"), {**data, "werkgever": wereld.werkgever.pk}).status_code == 302


def test_de_klantmanager_kiest_geen_kennismakingsbezoek_zonder_werkgevers(client, wereld):
    """She has no werkgever to choose: the visit is not in her list, and sent anyway it is refused in Dutch."""
    client.force_login(wereld.klantmanager)
    soorten = [w for w, _label in client.get(reverse("afspraak_nieuw")).context["form"].fields["soort"].choices]
    assert soorten == ["klantmanagergesprek", "nazorggesprek", "groepsbijeenkomst"]
    response = client.post(reverse("afspraak_nieuw"), {
        "soort": "kennismakingsbezoek", "datum": _dag().isoformat(), "begintijd": "10:00", "eindtijd": "11:00",
        "plaats": "Arnhem", "kandidaat": wereld.kandidaat.pk})
    assert response.context["form"].errors["soort"] == ["Kies een soort afspraak uit de lijst."]


# --- The night the clocks go back: 02:30 is there twice ----------------------------------------------------------

def _terugnacht():
    """The next last Sunday of October at least two days ahead (within the year the form accepts)."""
    vandaag = timezone.localdate()
    for jaar in (vandaag.year, vandaag.year + 1):
        nacht = max(datetime(jaar, 10, d).date() for d in range(25, 32) if datetime(jaar, 10, d).weekday() == 6)
        if nacht > vandaag + timedelta(days=1):
            return nacht


def test_een_tijd_die_er_twee_keer_is_wordt_gevraagd_en_de_afspraak_duurt_zo_lang_als_gekozen(client, wereld):
    """Found in a review: 01:30-02:30 in the night the clocks go back was taken as summer time without a word, an
    hour, while the second 02:30 is two hours after 01:30. Now the form asks which 02:30, keeps what was typed, and
    the page says which one it is."""
    nacht = _terugnacht()
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Nachtdienst bespreken", "datum": nacht.isoformat(),
            "begintijd": "01:30", "eindtijd": "02:30", "plaats": "Werkplein", "kandidaat": wereld.kandidaat.pk}
    response = client.post(reverse("afspraak_nieuw"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "In deze nacht gaat de klok een uur terug, van zomertijd naar wintertijd. Daarom is het die nacht twee " \
           "keer 02:30." in html
    assert "Kies welke keer 02:30 je bedoelt." in html
    # Asked, so not "(niet verplicht)" beside the question (seen in the browser: it said both).
    assert re.search(r"Welke keer eindigt het\?</legend>", html), "the question is marked (niet verplicht)"
    assert response.context["form"].errors.keys() == {"eindtijd_keer"}  # 01:30 is there once: not asked
    assert 'value="Nachtdienst bespreken"' in html and 'value="02:30"' in html
    assert 'type="radio" name="eindtijd_keer" value="wintertijd"' in html
    assert not Afspraak.objects.exists()

    response = client.post(reverse("afspraak_nieuw"), {**data, "eindtijd_keer": "wintertijd"})
    assert response.status_code == 302
    afspraak = Afspraak.objects.get()
    assert afspraak.eind - afspraak.start == timedelta(hours=2)
    detail = client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()
    assert "01:30–02:30 (wintertijd)" in detail
    week = client.get(reverse("agenda") + "?week=" + _week(afspraak.start)).content.decode()
    assert "01:30–02:30 (wintertijd)" in week

    # Moving it: the form has the second 02:30 as chosen. Now the first, still summer time: an hour.
    verplaatsen = client.get(reverse("afspraak_verplaatsen", args=[afspraak.pk])).content.decode()
    assert 'type="hidden" name="eindtijd_keer" value="wintertijd"' in verplaatsen
    client.post(reverse("afspraak_verplaatsen", args=[afspraak.pk]), {
        "datum": nacht.isoformat(), "begintijd": "01:30", "eindtijd": "02:30", "eindtijd_keer": "zomertijd",
        "plaats": "Werkplein"})
    afspraak.refresh_from_db()
    assert afspraak.eind - afspraak.start == timedelta(hours=1)
    assert "01:30–02:30 (zomertijd)" in client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode()


def test_willem_leest_bij_mijn_afspraken_welke_0230_het_is(client, wereld):
    """His list wrote "02:30" for an afspraak at the second 02:30 of the night the clocks go back: an hour early
    for whoever reads it in summer time."""
    tweede = timezone.make_aware(datetime.combine(_terugnacht(), time(2, 30, fold=1)))
    afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="", start=tweede,
                     eind=tweede + timedelta(hours=1), plaats="Werkplein", kandidaten=[wereld.kandidaat])
    client.force_login(wereld.werkzoekende_user)
    assert ", 02:30 (wintertijd)</span>" in client.get(reverse("agenda")).content.decode()


# --- The night the clocks go forward: 02:30 does not exist ---------------------------------------------------------

def _voornacht():
    """The next last Sunday of March at least two days ahead (within the year the form accepts)."""
    vandaag = timezone.localdate()
    for jaar in (vandaag.year, vandaag.year + 1):
        nacht = max(datetime(jaar, 3, d).date() for d in range(25, 32) if datetime(jaar, 3, d).weekday() == 6)
        if nacht > vandaag + timedelta(days=1):
            return nacht


def _bestaat_niet(nacht):
    return (f"Deze tijd bestaat niet: in de nacht van zaterdag {nacht.day - 1} op zondag {nacht.day} maart gaat de "
            "klok van 02:00 naar 03:00. Kies een tijd voor 02:00 of vanaf 03:00.")


@pytest.mark.parametrize("begintijd, eindtijd, veld", [("02:30", "04:00", "begintijd"), ("01:00", "02:30", "eindtijd")])
def test_een_tijd_die_niet_bestaat_wordt_gezegd_en_niet_een_uur_verschoven(client, wereld, begintijd, eindtijd, veld):
    """Found in a review: in the night the clocks go forward 02:30 does not exist; 02:30-04:00 was planned as
    03:30-04:00 without a word. Now the form says so and keeps what was typed."""
    nacht = _voornacht()
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Vroege dienst", "datum": nacht.isoformat(),
            "begintijd": begintijd, "eindtijd": eindtijd, "plaats": "Werkplein", "kandidaat": wereld.kandidaat.pk}
    response = client.post(reverse("afspraak_nieuw"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {veld: [_bestaat_niet(nacht)]}
    html = response.content.decode()
    assert _bestaat_niet(nacht) in html
    assert 'value="Vroege dienst"' in html and f'value="{begintijd}"' in html and f'value="{eindtijd}"' in html
    assert not Afspraak.objects.exists()

    # Moving an afspraak into the gap: the same.
    afspraak = afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="",
                                start=_om(_dag(), 10), eind=_om(_dag(), 11), plaats="Werkplein",
                                kandidaten=[wereld.kandidaat])
    response = client.post(reverse("afspraak_verplaatsen", args=[afspraak.pk]), {
        "datum": nacht.isoformat(), "begintijd": begintijd, "eindtijd": eindtijd, "plaats": "Werkplein"})
    assert response.status_code == 400
    assert response.context["form"].errors == {veld: [_bestaat_niet(nacht)]}
    assert f'value="{begintijd}"' in response.content.decode()
    afspraak.refresh_from_db()
    assert afspraak.start == _om(_dag(), 10)


def test_in_de_nacht_dat_de_klok_teruggaat_staat_de_week_op_volgorde_van_de_echte_tijd(client, wereld):
    """Found in a review: the week and Mijn afspraken sorted a day's afspraken by the clock time, so the second
    02:30 (winter time, 01:30 UTC) came before the first 02:45 (summer time, 00:45 UTC), three quarters of an hour
    earlier in reality."""
    nacht = _terugnacht()
    eerste = timezone.make_aware(datetime.combine(nacht, time(2, 45)))  # summer time
    tweede = timezone.make_aware(datetime.combine(nacht, time(2, 30, fold=1)))  # winter time, 45 minutes later
    for titel, start in (("Tweede gesprek", tweede), ("Eerste gesprek", eerste)):
        afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel=titel, start=start,
                         eind=datums.in_utc(start) + timedelta(minutes=10), plaats="Werkplein",
                         kandidaten=[wereld.kandidaat])
    client.force_login(wereld.klantmanager)
    week = client.get(reverse("agenda") + "?week=" + _week(eerste)).content.decode()
    assert -1 < week.index("Eerste gesprek") < week.index("Tweede gesprek")
    assert "02:45 (zomertijd)–02:55 (zomertijd)" in week and "02:30 (wintertijd)–02:40 (wintertijd)" in week
    client.force_login(wereld.werkzoekende_user)
    lijst = client.get(reverse("agenda")).content.decode()
    assert -1 < lijst.index("Eerste gesprek") < lijst.index("Tweede gesprek")


def test_wie_al_een_afspraak_heeft_om_de_tweede_0230_leest_welke_0230(client, wereld):
    """Found in a review: the clash said "Willem heeft dan al: Nachtdienst 02:30-03:00" for the second 02:30 of the
    night the clocks go back, while the planner was asked which 02:30 she meant: it read as the first one."""
    nacht = _terugnacht()
    tweede = timezone.make_aware(datetime.combine(nacht, time(2, 30, fold=1)))
    afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Nachtdienst",
                     start=tweede, eind=datums.in_utc(tweede) + timedelta(minutes=30), plaats="Werkplein",
                     kandidaten=[wereld.kandidaat])
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Nog een", "datum": nacht.isoformat(), "begintijd": "02:15",
            "begintijd_keer": "wintertijd", "eindtijd": "03:00", "plaats": "Werkplein",
            "kandidaat": wereld.kandidaat.pk}
    html = client.post(reverse("afspraak_nieuw"), data).content.decode()
    assert "Willem van de Vecht heeft dan al: Nachtdienst 02:30 (wintertijd)-03:00." in html


def test_een_onbekende_waarde_voor_welke_keer_wordt_opnieuw_gevraagd_en_zet_het_formulier_niet_vast(client, wereld):
    """Found in a review: a "welke keer" that is not one of the two (a mangled or hand-made post) was an error on
    the hidden field. On an ordinary day the page said "Niet alles is goed ingevuld" without saying where, and sent
    the same value again each time: it could not be planned. In the night the clocks go back it said Django's
    "Selecteer een geldige keuze. bogus is ..." beside the question."""
    client.force_login(wereld.klantmanager)
    data = {"soort": "klantmanagergesprek", "titel": "Voortgang", "datum": _dag().isoformat(), "begintijd": "10:30",
            "begintijd_keer": "bogus", "eindtijd": "11:30", "eindtijd_keer": "bogus", "plaats": "Werkplein",
            "kandidaat": wereld.kandidaat.pk}
    assert client.post(reverse("afspraak_nieuw"), data).status_code == 302
    assert Afspraak.objects.get().start == _om(_dag(), 10, 30)

    nacht = _terugnacht()
    response = client.post(reverse("afspraak_nieuw"), {**data, "datum": nacht.isoformat(), "begintijd": "02:30",
                                                        "eindtijd": "03:30"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"begintijd_keer": ["Kies welke keer 02:30 je bedoelt."]}
    assert 'type="radio" name="begintijd_keer" value="wintertijd"' in response.content.decode()


def test_wie_bezet_is_wordt_in_echte_uren_gelezen_ook_in_de_nacht_dat_de_klok_vooruitgaat(wereld):
    """Found in a review: ``bezet`` reads afspraken that start at most MAX_DUUR (12 hours) before the time asked,
    reckoned on the local clock when the form's local time came in: across the night the clocks go forward that is
    11 real hours, so a night shift from 21:45 until 10:15 the next morning was not in the way of 10:00."""
    nacht = _voornacht()
    begin = timezone.make_aware(datetime.combine(nacht - timedelta(days=1), time(21, 45)))
    afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Meelopen nachtdienst",
                     start=begin, eind=datums.in_utc(begin) + timedelta(hours=11, minutes=30), plaats="Werkplein",
                     kandidaten=[wereld.kandidaat])
    start = timezone.make_aware(datetime.combine(nacht, time(10)))  # as the form gives it: local
    bezet = selectors.bezet(kandidaat_ids=[wereld.kandidaat.pk], start=start, eind=start + timedelta(hours=1))
    assert [d.afspraak.titel for d in bezet] == ["Meelopen nachtdienst"]
