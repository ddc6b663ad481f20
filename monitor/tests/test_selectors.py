from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import OrganisatieFactory, regio
from monitor import selectors
from monitor.tests.factories import KengetalFactory

pytestmark = pytest.mark.django_db
JAN, FEB, MRT = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def _monitor(**kwargs):
    plaats = kwargs.pop("regio") if "regio" in kwargs else regio("AM07")
    return selectors.monitor_voor(regio=plaats, van=JAN, tot=MRT, **kwargs)


def test_share_is_sum_over_sum_not_the_mean_of_months():
    KengetalFactory(sleutel="belofte_24u", maand=JAN, aantal=9, noemer=10, personen=10)
    KengetalFactory(sleutel="belofte_24u", maand=FEB, aantal=1, noemer=10, personen=10)
    KengetalFactory(sleutel="belofte_24u", maand=MRT, aantal=0, noemer=20, personen=20)
    cel = _monitor().cel("belofte_24u")
    assert cel.getal == 25  # 10 / 40, not the mean of 90%, 10% and 0%
    assert cel.tekst == "25%"


def test_median_of_the_merged_histograms():
    KengetalFactory(sleutel="tijd_eerste_contact", maand=JAN, mediaan=2, verdeling={"2": 6, "8": 1}, personen=7)
    KengetalFactory(sleutel="tijd_eerste_contact", maand=FEB, mediaan=24, verdeling={"8": 2, "24": 7}, personen=9)
    cel = _monitor().cel("tijd_eerste_contact")
    # 16 values: 6 x 2, 3 x 8, 7 x 24 -> the 8th is 8 (the months' medians 2 and 24 say nothing of that).
    assert cel.waarde == 8
    assert cel.tekst == "8 werkuren"


def test_counts_add_up_and_beleving_averages_over_all_answers():
    KengetalFactory(sleutel="funnel_plaatsing", maand=JAN, aantal=3, personen=3)
    KengetalFactory(sleutel="funnel_plaatsing", maand=FEB, aantal=4, personen=4)
    KengetalFactory(sleutel="beleving:wg_eerste_contact", maand=JAN, aantal=20, noemer=5, personen=5)
    KengetalFactory(sleutel="beleving:wg_eerste_contact", maand=FEB, aantal=10, noemer=5, personen=5)
    KengetalFactory(sleutel="beleving:wg_gesprek", maand=FEB, aantal=10, noemer=5, personen=5)
    m = _monitor()
    assert m.cel("funnel_plaatsing").getal == 7
    assert m.cel("beleving:wg_eerste_contact").tekst == "3 van 5"  # 30 / 10
    assert m.cel("beleving:werkgever").waarde == pytest.approx(40 / 15)  # every touchpoint of the journey


def test_fewer_than_five_people_is_suppressed_and_the_value_is_not_kept():
    KengetalFactory(sleutel="funnel_plaatsing", maand=JAN, aantal=2, personen=2)
    KengetalFactory(sleutel="funnel_plaatsing", maand=FEB, aantal=2, personen=2)
    KengetalFactory(sleutel="funnel_verzoek", maand=JAN, aantal=4, personen=4)
    KengetalFactory(sleutel="funnel_verzoek", maand=FEB, aantal=1, personen=1)
    m = _monitor()
    plaatsing = m.cel("funnel_plaatsing")
    assert plaatsing.onderdrukt and plaatsing.waarde is None and plaatsing.getal is None
    assert plaatsing.tekst == "minder dan 5" and plaatsing.exportwaarde == "minder dan 5"
    assert m.cel("funnel_verzoek").getal == 5  # 4 + 1 people over the period: shown
    # Per month (trend) every month is judged on its own.
    assert [c.tekst for _m, c in m.trend["funnel_plaatsing"]] == ["minder dan 5", "minder dan 5", "geen gegevens"]


def test_region_organisation_and_country_are_kept_apart():
    org = OrganisatieFactory(regio=regio("AM07"))
    KengetalFactory(sleutel="funnel_verzoek", aantal=10, maand=JAN)
    KengetalFactory(sleutel="funnel_verzoek", aantal=7, maand=JAN, organisatie=org)
    KengetalFactory(sleutel="funnel_verzoek", aantal=20, maand=JAN, regio=regio("AM29"))
    KengetalFactory(sleutel="funnel_verzoek", aantal=99, maand=date(2025, 12, 1))  # outside the period
    assert _monitor().cel("funnel_verzoek").getal == 10
    assert _monitor(organisatie=org).cel("funnel_verzoek").getal == 7
    assert _monitor(regio=None).cel("funnel_verzoek").getal == 30  # the regions' own rows, not the organisations'
    naast = dict((r.code, cellen) for r, cellen in selectors.regios_naast_elkaar(
        van=JAN, tot=MRT, sleutels=["funnel_verzoek"]))
    assert naast["AM07"][0].getal == 10 and naast["AM29"][0].getal == 20
    assert naast["AM02"][0].tekst == "geen gegevens"


def test_unknown_keys_of_a_newer_rollup_are_left_out():
    KengetalFactory(sleutel="iets_nieuws", maand=JAN)
    KengetalFactory(sleutel="fase:intake", maand=JAN, verdeling={"10": 5}, personen=5)
    m = _monitor()
    assert "iets_nieuws" not in m.cellen
    assert [(str(c.label), c.tekst) for c in m.fasen] == [("Tijd in fase: intake", "10 dagen")]


def test_queries_do_not_grow_with_months_keys_or_regions():
    gemaakt = set()

    def tel(n):
        for code in ("AM07", "AM29", "AM02")[:n]:
            for maand in (JAN, FEB, MRT)[:n]:
                for sleutel in ("belofte_24u", "funnel_verzoek", "beleving:wz_intake")[:n]:
                    if (code, maand, sleutel) not in gemaakt:  # one row per key, place and month (kengetal_uniek)
                        gemaakt.add((code, maand, sleutel))
                        KengetalFactory(regio=regio(code), maand=maand, sleutel=sleutel, noemer=10)
        am07 = regio("AM07")
        with CaptureQueriesContext(connection) as ctx:
            _monitor(regio=am07)
            selectors.regios_naast_elkaar(van=JAN, tot=MRT)
        return len(ctx)

    # monitor_voor: 2 (the rows, when they were computed); regios_naast_elkaar: 2 (the rows, the regions).
    assert tel(1) == tel(3) == 4


def test_comments_carry_no_person_fields_and_no_names(wereld):
    from datetime import datetime

    from django.utils import timezone

    from beleving.models import Belevingsvraag

    opgeslagen = Belevingsvraag.objects.create(
        touchpoint="wg_eerste_contact", gebruiker=wereld.werkgever_user, werkgever=wereld.werkgever,
        regio=regio("AM07"), sleutel="t:1", verloopt_op=timezone.now(), token_hash="a" * 64,
        beantwoord_op=timezone.make_aware(datetime(2026, 2, 10, 12)), score=4,
        opmerking=f"Snel gebeld! Groet, {wereld.werkgever_user.get_full_name()}")
    Belevingsvraag.objects.create(
        touchpoint="wg_eerste_contact", gebruiker=wereld.werkgever_user, regio=regio("AM29"), sleutel="t:2",
        verloopt_op=timezone.now(), token_hash="b" * 64, beantwoord_op=opgeslagen.beantwoord_op, score=1,
        opmerking="Andere regio")
    opmerkingen = selectors.opmerkingen_voor(regio("AM07"), van=JAN, tot=MRT)
    assert opmerkingen == [{"touchpoint": "wg_eerste_contact", "moment": "Werkgever: eerste contact", "score": 4,
                            "opmerking": "Snel gebeld! Groet, [naam]", "maand": FEB}]
    assert selectors.opmerkingen_voor(regio("AM07"), van=MRT, tot=MRT) == []


def test_heartbeat_follows_the_journeys_of_the_study():
    KengetalFactory(sleutel="beleving:wz_overdracht", maand=JAN, aantal=10, noemer=5, personen=5)
    m = _monitor()
    werkzoekende = m.heartbeat("werkzoekende")
    assert [c.sleutel for c in werkzoekende][:3] == ["beleving:wz_overdracht", "beleving:wz_intake", "beleving:wz_plan"]
    assert werkzoekende[0].tekst == "2 van 5" and werkzoekende[1].tekst == "geen gegevens"
    assert [c.sleutel for c in m.heartbeat("werkgever")] == [
        "beleving:wg_eerste_contact", "beleving:wg_kennismaking", "beleving:wg_voordrachten", "beleving:wg_gesprek",
        "beleving:wg_nazorg"]


def test_an_organisation_is_suppressed_when_the_rest_of_its_region_is_under_five():
    org = OrganisatieFactory(regio=regio("AM07"))
    KengetalFactory(sleutel="funnel_verzoek", maand=JAN, aantal=12, personen=12)
    KengetalFactory(sleutel="funnel_verzoek", maand=JAN, aantal=9, personen=9, organisatie=org)  # rest: 3
    KengetalFactory(sleutel="funnel_vacature", maand=JAN, aantal=20, personen=20)
    KengetalFactory(sleutel="funnel_vacature", maand=JAN, aantal=10, personen=10, organisatie=org)  # rest: 10
    m = _monitor(organisatie=org)
    assert m.cel("funnel_verzoek").tekst == "minder dan 5"  # 12 - 9 would name the other 3
    assert m.cel("funnel_vacature").getal == 10
    assert m.trend["funnel_voordracht"][0][1].tekst == "geen gegevens"
    assert _monitor().cel("funnel_verzoek").getal == 12


def test_a_figure_without_a_number_has_no_unit_in_the_kerncijfers():
    """"minder dan 5" beside "werkdagen" reads as "less than 5 working days"; it means fewer than 5 people."""
    from monitor import tabellen

    KengetalFactory(sleutel="tijd_reactie_voordracht", maand=JAN, aantal=3, personen=3, mediaan=2.0,
                    verdeling={"2": 3})
    rijen = {r[0]: r[1:] for r in tabellen.kerncijfers(_monitor()).tekstrijen}
    assert rijen["Tijd van voordracht tot reactie van de werkgever"] == ["minder dan 5"]  # the page: no unit column
    assert rijen["Tijd van verzoek tot eerste voordracht"] == ["geen gegevens"]
    rijen = {r[0]: r[1:] for r in tabellen.kerncijfers(_monitor()).exportrijen}
    assert rijen["Tijd van voordracht tot reactie van de werkgever"] == ["minder dan 5", ""]
    assert rijen["Binnen één werkdag contact met een nieuwe werkgever"] == ["geen gegevens", ""]
