"""Third reading of the import: American dates, phone numbers Excel turned into numbers, and years far off."""

import datetime
import json

import pytest
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from koppelingen.tests.test_importeren import KM, importeer, mislukt, schrijf
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

KOP = "referentie;voornaam;achternaam;postcode;uitkering;beschikbaar_per\n"
VACATUREKOP = "referentie;werkgever_kvk;titel;postcode;uren_per_week;status;startdatum\n"


@pytest.fixture
def km():
    return KlantmanagerFactory(email=KM)


def beschikbaar(referentie):
    return Kandidaat.objects.get(externe_referentie=referentie).beschikbaar_per


# --- dates with a slash: American or Dutch, decided per column ----------------------------------


def test_slash_dates_in_a_column_with_an_american_date_are_month_first(tmp_path, km):
    """Before: 3/4/2026 was 3 April and 12/31/2026 was refused, in a file from an American Excel (month/day/year)."""
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;3/4/2026\n"
                                           "K-2;Daan;Dekker;1012 AB;ww;12/31/2026\n"
                                           "K-3;Anja;Smit;1012 AB;ww;3-4-2026\n")
    uitvoer = importeer("import_kandidaten", pad, klantmanager=KM)
    assert beschikbaar("K-1") == datetime.date(2026, 3, 4)
    assert beschikbaar("K-2") == datetime.date(2026, 12, 31)
    assert beschikbaar("K-3") == datetime.date(2026, 4, 3)  # a dash is Dutch, whatever the slashes are
    assert "kolom beschikbaar_per: de datums met een schuine streep zijn gelezen als maand/dag/jaar" in uitvoer


def test_only_ambiguous_slash_dates_are_read_day_first_and_the_report_says_how(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;3/4/2026\n"
                                           "K-2;Daan;Dekker;1012 AB;ww;05/06/2026\n")
    uitvoer = importeer("import_kandidaten", pad, klantmanager=KM, dry_run=True)
    assert ("Let op: kolom beschikbaar_per: de datums met een schuine streep zijn gelezen als dag/maand/jaar: "
            "3/4/2026 (regel 2) is 3 april 2026.") in uitvoer
    assert "Amerikaanse Excel" in uitvoer
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert (beschikbaar("K-1"), beschikbaar("K-2")) == (datetime.date(2026, 4, 3), datetime.date(2026, 6, 5))


def test_a_column_with_an_unambiguous_dutch_slash_date_is_read_day_first_without_a_notice(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;3/4/2026\nK-2;Daan;Dekker;1012 AB;ww;31/5/2026\n")
    uitvoer = importeer("import_kandidaten", pad, klantmanager=KM)
    assert (beschikbaar("K-1"), beschikbaar("K-2")) == (datetime.date(2026, 4, 3), datetime.date(2026, 5, 31))
    assert "schuine streep" not in uitvoer


def test_a_column_with_both_an_american_and_a_dutch_slash_date_is_refused_naming_the_rows(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;31/12/2026\n"
                                           "K-2;Daan;Dekker;1012 AB;ww;12/31/2026\n"
                                           "K-3;Anja;Smit;1012 AB;ww;3/4/2026\n"
                                           "K-4;Piet;Bos;1012 AB;ww;3-4-2026\n")
    _, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    melding = ("In deze kolom staan datums met een schuine streep in twee volgordes: 12/31/2026 (regel 3) kan "
               "alleen maand/dag/jaar zijn en 31/12/2026 (regel 2) alleen dag/maand/jaar. Welke datum er bedoeld "
               "is, is zo niet te zien. Schrijf de datums in deze kolom als 31-12-2026 of 2026-12-31.")
    for regel in (2, 3, 4):
        assert f"regel {regel}, veld beschikbaar_per: {melding}" in rapport, rapport
    assert "regel 5" not in rapport  # a date with dashes is read as always
    assert not Kandidaat.objects.exists()


def test_american_slash_dates_in_a_json_vacature_file(tmp_path):
    WerkgeverFactory(kvk_nummer="12345678")
    dagen = [timezone.localdate() + datetime.timedelta(days=n) for n in range(40, 100)]
    dubbelzinnig = next(d for d in dagen if d.day <= 12 and d.day != d.month)  # day/month would be another date
    alleen_amerikaans = next(d for d in dagen if d.day > 12)
    rijen = [{"referentie": f"V-{n}", "werkgever_kvk": "12345678", "titel": "Kok", "postcode": "6811 AB",
              "uren_per_week": 32, "status": "concept", "startdatum": f"{datum.month}/{datum.day}/{datum.year}"}
             for n, datum in enumerate([dubbelzinnig, alleen_amerikaans])]
    pad = schrijf(tmp_path, "v.json", json.dumps(rijen))
    importeer("import_vacatures", pad)
    assert Vacature.objects.get(externe_referentie="V-0").startdatum == dubbelzinnig
    assert Vacature.objects.get(externe_referentie="V-1").startdatum == alleen_amerikaans


# --- phone numbers that Excel turned into numbers -------------------------------------------------


@pytest.mark.parametrize("nummer", ["912345678", "812345678", "971234567"])
def test_nine_digits_that_cannot_be_a_dutch_number_without_its_zero_are_refused(tmp_path, km, nummer):
    """Before: any nine digits got a 0 in front, so a foreign number became a Dutch one that does not exist."""
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                     f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    _, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert (f"regel 2, veld telefoon: {nummer} heeft 9 cijfers, maar is geen Nederlands nummer waar de 0 van "
            "afgevallen is (zo'n nummer begint met een 6 of met een netnummer). Is het een buitenlands nummer? Zet er "
            "dan een + en het landnummer voor, zoals +32 470 12 34 56.") in rapport
    assert not Kandidaat.objects.exists()


@pytest.mark.parametrize(("nummer", "opgeslagen"), [("612345678", "0612345678"), ("201234567", "0201234567"),
                                                    ("851234567", "0851234567"), ("881234567", "0881234567")])
def test_nine_digits_of_a_dutch_number_get_their_zero_back(tmp_path, km, nummer, opgeslagen):
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                     f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().telefoon == opgeslagen


@pytest.mark.parametrize("formaat", ["csv", "json"])
def test_plus_31_that_excel_made_a_number_keeps_its_plus(tmp_path, km, formaat):
    """Before: +31612345678, typed in Excel, came as the number 31612345678 and was stored without its +."""
    if formaat == "csv":
        pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                         "K-1;Zoë;Müller;1012 AB;ww;31612345678\nK-2;Daan;Dekker;1012 AB;ww;"
                                         "31201234567\n")
    else:
        pad = schrijf(tmp_path, "k.json", json.dumps([
            {"referentie": "K-1", "voornaam": "Zoë", "achternaam": "Müller", "postcode": "1012 AB",
             "uitkering": "ww", "telefoon": 31612345678},
            {"referentie": "K-2", "voornaam": "Daan", "achternaam": "Dekker", "postcode": "1012 AB",
             "uitkering": "ww", "telefoon": 31201234567}]))
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-1").telefoon == "+31612345678"
    assert Kandidaat.objects.get(externe_referentie="K-2").telefoon == "+31201234567"


@pytest.mark.parametrize(("nummer", "opgeslagen"), [
    pytest.param("32470123456", "+32470123456", id="belgie-mobiel-11-cijfers"),
    pytest.param("491511234567", "+491511234567", id="duitsland-12-cijfers"),
    pytest.param("33612345678", "+33612345678", id="frankrijk"),
    pytest.param("353851234567", "+353851234567", id="ierland-drie-cijfers"),
    # A German mobile number (+49 151 12345678) and an Italian one have 13 digits: they kept no + either.
    pytest.param("4915112345678", "+4915112345678", id="duitsland-mobiel-13-cijfers"),
    pytest.param("3934712345678", "+3934712345678", id="italie-mobiel-13-cijfers"),
])
@pytest.mark.parametrize("formaat", ["csv", "json"])
def test_a_foreign_eu_number_that_excel_made_a_number_keeps_its_plus(tmp_path, km, formaat, nummer, opgeslagen):
    """Before: +32470123456 (Belgium), typed in Excel, came as the number 32470123456 and was stored without its +,
    as a number nobody can call; +31... already got its + back."""
    if formaat == "csv":
        pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                         f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    else:
        pad = schrijf(tmp_path, "k.json", json.dumps([
            {"referentie": "K-1", "voornaam": "Zoë", "achternaam": "Müller", "postcode": "1012 AB",
             "uitkering": "ww", "telefoon": int(nummer)}]))
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().telefoon == opgeslagen


@pytest.mark.parametrize("nummer", ["0612345678", "61234567890", "+4915112345678", "0032470123456", "310612345678"])
def test_numbers_that_are_no_eu_number_without_its_plus_stay_as_they_are(tmp_path, km, nummer):
    """A Dutch number with its 0, 11 digits with no EU country code in front (61: Australia), a number with its +,
    one with 00 in front and a 12-digit number beginning with 31 that is no Dutch one: stored as written."""
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                     f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().telefoon == nummer


@pytest.mark.parametrize(("nummer", "opgeslagen"), [
    pytest.param("212612345678", "+212612345678", id="marokko-mobiel"),
    pytest.param("905321234567", "+905321234567", id="turkije-mobiel"),
    pytest.param("5978123456", "+5978123456", id="suriname-mobiel-10-cijfers"),
    pytest.param("59996612345", "+59996612345", id="curacao"),
    pytest.param("2975601234", "+2975601234", id="aruba"),
    pytest.param("447911123456", "+447911123456", id="verenigd-koninkrijk"),
    pytest.param("41791234567", "+41791234567", id="zwitserland"),
    pytest.param("48512345678", "+48512345678", id="polen"),
    pytest.param("40712345678", "+40712345678", id="roemenie"),
    pytest.param("359881234567", "+359881234567", id="bulgarije"),
    pytest.param("380501234567", "+380501234567", id="oekraine"),
    pytest.param("963944123456", "+963944123456", id="syrie"),
    pytest.param("251911234567", "+251911234567", id="ethiopie"),
    pytest.param("2917123456", "+2917123456", id="eritrea"),
    pytest.param("989121234567", "+989121234567", id="iran"),
    pytest.param("93701234567", "+93701234567", id="afghanistan"),
])
@pytest.mark.parametrize("formaat", ["csv", "json"])
def test_a_number_from_outside_the_eu_that_excel_made_a_number_keeps_its_plus(tmp_path, km, formaat, nummer,
                                                                              opgeslagen):
    """Before: only EU country codes got their + back; +212 612345678 (Morocco) came as 212612345678 and was stored
    as a number nobody can call, as were Turkish, Surinamese, British and Syrian numbers."""
    if formaat == "csv":
        pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                         f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    else:
        pad = schrijf(tmp_path, "k.json", json.dumps([
            {"referentie": "K-1", "voornaam": "Zoë", "achternaam": "Müller", "postcode": "1012 AB",
             "uitkering": "ww", "telefoon": int(nummer)}]))
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().telefoon == opgeslagen


@pytest.mark.parametrize(("nummer", "opgeslagen"), [
    pytest.param("597123456", "0597123456", id="nederlands-netnummer-0597"),
    pytest.param("+212612345678", "+212612345678", id="al-met-plus-niet-dubbel"),
    pytest.param("21261234567", "21261234567", id="marokko-te-kort"),
    pytest.param("9053212345678", "9053212345678", id="turkije-te-lang"),
    pytest.param("0212612345678", "0212612345678", id="met-nul-ervoor"),
])
def test_a_number_from_outside_the_eu_of_another_length_is_not_given_a_plus(tmp_path, km, nummer, opgeslagen):
    """Nine digits beginning with 597 stay a Dutch number (0597 is Winschoten's area code); a number one digit short
    or long for its country, or with a 0 in front, is stored as written, not as a + number that cannot exist."""
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                     f"K-1;Zoë;Müller;1012 AB;ww;{nummer}\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().telefoon == opgeslagen


# --- years far off --------------------------------------------------------------------------------


@pytest.mark.parametrize(("datum", "melding"), [
    ("1-1-1066", "Deze datum ligt meer dan tien jaar terug. Klopt het jaartal?"),
    ("1.1.1066", "Deze datum ligt meer dan tien jaar terug. Klopt het jaartal?"),
    ("1066-01-01", "Deze datum ligt meer dan tien jaar terug. Klopt het jaartal?"),
    ("1-1-2999", "Deze datum ligt meer dan twee jaar vooruit. Klopt het jaartal?"),
    ("1 jan 2999", "Deze datum ligt meer dan twee jaar vooruit. Klopt het jaartal?"),
])
def test_a_beschikbaar_per_far_off_is_refused_as_the_dossier_form_refuses_it(tmp_path, km, datum, melding):
    """Before: 1-1-1066 and 1-1-2999 were imported as they stand; the dossier form allows ten years back and two
    ahead."""
    pad = schrijf(tmp_path, "k.csv", KOP + f"K-1;Zoë;Müller;1012 AB;ww;{datum}\n")
    _, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert f"regel 2, veld beschikbaar_per: {melding}" in rapport
    assert not Kandidaat.objects.exists()


def test_a_stored_beschikbaar_per_out_of_bounds_is_not_refused_when_the_file_repeats_it(tmp_path, km):
    """As in the dossier form: only a value that changes is checked, so a daily export still imports."""
    oud = datetime.date(2001, 5, 1)
    KandidaatFactory(externe_referentie="K-1", voornaam="Zoë", achternaam="Müller", klantmanager=km,
                     beschikbaar_per=oud)
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;1-5-2001\n")
    assert "0 kandidaten nieuw" in importeer("import_kandidaten", pad, klantmanager=KM)
    assert beschikbaar("K-1") == oud
    _, rapport = mislukt("import_kandidaten", schrijf(tmp_path, "l.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;2-5-2001\n"),
                         klantmanager=KM)
    assert "regel 2, veld beschikbaar_per: Deze datum ligt meer dan tien jaar terug." in rapport


@pytest.mark.parametrize(("datum", "melding"), [
    ("1-1-2999", "Deze datum ligt meer dan twee jaar vooruit. Klopt het jaartal?"),
    ("1-1-1066", "Deze datum ligt meer dan een jaar terug. Klopt het jaartal?"),
])
def test_a_startdatum_far_off_is_refused_as_the_vacature_form_refuses_it(tmp_path, datum, melding):
    werkgever = WerkgeverFactory(kvk_nummer="12345678")
    VacatureFactory(werkgever=werkgever, externe_referentie="V-1", status=Vacature.Status.CONCEPT, startdatum=None)
    pad = schrijf(tmp_path, "v.csv", VACATUREKOP + f"V-1;12345678;Kok;6811 AB;32;concept;{datum}\n"
                                                   f"V-2;12345678;Kok;6811 AB;32;concept;{datum}\n")
    _, rapport = mislukt("import_vacatures", pad)
    assert f"regel 2, veld startdatum: {melding}" in rapport
    assert f"regel 3, veld startdatum: {melding}" in rapport  # not also "ligt in het verleden"
    assert "verleden" not in rapport
    assert Vacature.objects.get().startdatum is None


def test_a_stored_startdatum_out_of_bounds_is_not_refused_when_the_file_repeats_it(tmp_path):
    werkgever = WerkgeverFactory(kvk_nummer="12345678")
    oud = timezone.localdate() - datetime.timedelta(days=800)
    VacatureFactory(werkgever=werkgever, externe_referentie="V-1", status=Vacature.Status.CONCEPT, startdatum=oud,
                    titel="Kok", postcode="6811 AB", uren_per_week=32)
    pad = schrijf(tmp_path, "v.csv", VACATUREKOP + f"V-1;12345678;Kok;6811 AB;32;concept;{oud:%d-%m-%Y}\n")
    assert "0 vacatures nieuw" in importeer("import_vacatures", pad)
    assert Vacature.objects.get().startdatum == oud


def test_the_notice_how_slash_dates_were_read_stays_when_another_row_has_an_error(tmp_path, km):
    """The report's notice on the slash dates was lost as soon as one row had an error (``--skip-invalid``): it was
    replaced by that row's error messages, printed again as notices without their row."""
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;3/4/2026\n"
                                           "K-2;Daan;Dekker;1012 AB;pensioen;5-6-2026\n")
    uitvoer = importeer("import_kandidaten", pad, "--skip-invalid", klantmanager=KM)
    assert ("Let op: kolom beschikbaar_per: de datums met een schuine streep zijn gelezen als dag/maand/jaar: "
            "3/4/2026 (regel 2) is 3 april 2026.") in uitvoer
    fout = next(regel for regel in uitvoer.splitlines() if regel.startswith("regel 3, veld uitkering: "))
    melding = fout.removeprefix("regel 3, veld uitkering: ")
    assert uitvoer.count(melding) == 1, uitvoer
    assert beschikbaar("K-1") == datetime.date(2026, 4, 3) and Kandidaat.objects.count() == 1


@pytest.mark.parametrize(("geen_datum", "andere"), [("2/30/2026", "3/4/2026"), ("31/4/2026", "12/31/2026")])
def test_a_slash_value_that_is_no_date_in_either_order_does_not_decide_how_the_column_is_read(tmp_path, km,
                                                                                           geen_datum, andere):
    """2/30/2026 (30 February, or month 30) made a Dutch column American: 3/4/2026 became 4 March, "because 2/30/2026
    can only be month/day". 31/4/2026 (31 April) next to 12/31/2026 made an American column mixed, and refused it
    all. A value that is no date is refused by itself and says nothing of the column's order."""
    pad = schrijf(tmp_path, "k.csv", KOP + f"K-1;Zoë;Müller;1012 AB;ww;{andere}\n"
                                           f"K-2;Daan;Dekker;1012 AB;ww;{geen_datum}\n")
    uitvoer = importeer("import_kandidaten", pad, "--skip-invalid", klantmanager=KM)
    assert "regel 3, veld beschikbaar_per: Vul een datum in zoals 31-12-2026, 31 dec 2026 of 2026-12-31." in uitvoer
    assert geen_datum not in uitvoer  # not named as an example of the column's order
    eerste, tweede, jaar = (int(deel) for deel in andere.split("/"))
    verwacht = datetime.date(jaar, tweede, eerste) if andere == "3/4/2026" else datetime.date(jaar, eerste, tweede)
    assert beschikbaar("K-1") == verwacht and Kandidaat.objects.count() == 1
