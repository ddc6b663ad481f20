"""Second reading of the import's Dutch formats: what was read as another value than the one written."""

import codecs
import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from koppelingen.tests.test_importeren import KM, importeer, mislukt, schrijf
from werkgevers.models import Vacature
from werkgevers.tests.factories import WerkgeverFactory
from werkzoekenden.models import Kandidaat

pytestmark = pytest.mark.django_db

KOP = "referentie;voornaam;achternaam;postcode;uitkering;beschikbaar_per\n"


@pytest.fixture
def km():
    return KlantmanagerFactory(email=KM)


@pytest.mark.parametrize("datum", ["31-12-70", "31 dec 70", "1-1-99"])
def test_a_two_digit_year_far_ahead_is_refused_not_read_as_another_century(tmp_path, km, datum):
    """Before: "31-12-70" became 1970 (Python's pivot year) and "31 dec 70" 2070, each imported without a word."""
    pad = schrijf(tmp_path, "k.csv", KOP + f"K-1;Zoë;Müller;1012 AB;ww;{datum}\n")
    _, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert "regel 2, veld beschikbaar_per: Deze datum ligt meer dan twee jaar vooruit. Klopt het jaartal?" in rapport
    assert not Kandidaat.objects.exists()


@pytest.mark.parametrize("datum", ["1-3-{jj}", "1 mrt {jj}", "1 maart {jj}"])
@pytest.mark.parametrize("jaren", [1, -3])  # next year, and one a few years back (beschikbaar_per allows ten)
def test_a_two_digit_year_is_this_century_in_both_ways_of_writing(tmp_path, km, datum, jaren):
    jaar = timezone.localdate().year + jaren
    pad = schrijf(tmp_path, "k.csv", KOP + f"K-1;Zoë;Müller;1012 AB;ww;{datum.format(jj=f'{jaar % 100:02d}')}\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().beschikbaar_per == datetime.date(jaar, 3, 1)


@pytest.mark.parametrize("kvk", ["1234567.0", "1234567,0", "01234567.00"])
def test_a_kvk_number_from_a_decimal_number_column_is_not_read_with_its_decimal_as_a_digit(tmp_path, kvk):
    """Before: "1234567.0" (a KvK number in a number column, as pandas or Excel writes it) became 12345670: another
    company's number, or "Er is geen werkgever met KvK-nummer 12345670"."""
    werkgever = WerkgeverFactory(kvk_nummer="01234567")
    WerkgeverFactory(kvk_nummer="12345670")
    pad = schrijf(tmp_path, "v.csv", "referentie;werkgever_kvk;titel;postcode;uren_per_week;status\n"
                                     f"V-1;{kvk};Kok;6811 AB;32;concept\n")
    importeer("import_vacatures", pad)
    assert Vacature.objects.get(externe_referentie="V-1").werkgever == werkgever


def test_a_kvk_number_with_a_fraction_is_refused(tmp_path):
    WerkgeverFactory(kvk_nummer="12345675")
    pad = schrijf(tmp_path, "v.csv", "referentie;werkgever_kvk;titel;postcode;uren_per_week;status\n"
                                     "V-1;1234567.5;Kok;6811 AB;32;concept\n")
    _, rapport = mislukt("import_vacatures", pad)
    assert "regel 2, veld werkgever_kvk: Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678." in rapport


def test_utf8_lines_before_windows_1252_lines_keep_their_accents(tmp_path, km):
    """Before: a file begun in UTF-8 (with its BOM) and added to in Windows-1252 was read as Windows-1252 as a
    whole, so the UTF-8 lines were imported as "ZoÃ«", "MÃ¼ller"."""
    data = (codecs.BOM_UTF8 + "referentie;voornaam;achternaam;postcode;uitkering\nK-1;Zoë;Müller;1012 AB;ww\n"
            .encode() + "K-2;Anaïs;Brønd;1012 AB;ww\n".encode("cp1252"))
    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, "k.csv", data), klantmanager=KM)
    assert "Windows-1252" in uitvoer
    assert {(k.voornaam, k.achternaam) for k in Kandidaat.objects.all()} == {("Zoë", "Müller"), ("Anaïs", "Brønd")}


def test_a_beschikbaar_per_written_in_full_is_unchanged(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", KOP + "K-1;Zoë;Müller;1012 AB;ww;31-12-2026\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get().beschikbaar_per == datetime.date(2026, 12, 31)


def test_a_stray_quote_closed_by_a_later_quote_is_named_instead_of_swallowing_the_rows_between(tmp_path, km):
    """Before: K-1's stray quote ran on to K-3's opening quote: K-1 was imported with the name 'Daan;Dekker;1012
    AB;ww<newline>K-2;Piet;...' and K-2 and K-3 vanished, reported as "2 kandidaten nieuw"."""
    kop = "referentie;voornaam;achternaam;postcode;uitkering\n"
    pad = schrijf(tmp_path, "k.csv", kop + 'K-1;"Daan;Dekker;1012 AB;ww\nK-2;Piet;Post;1012 AB;ww\n'
                                           'K-3;"Anna";Jansen;1012 AB;ww\nK-4;Els;Eik;1012 AB;ww\n')
    melding, _ = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert melding.startswith('Regel 2 heeft een aanhalingsteken (") dat niet wordt gesloten')
    assert not Kandidaat.objects.exists()

    # A value in quotes over two lines, as Excel writes it, is still read.
    pad = schrijf(tmp_path, "g.csv", kop + 'K-5;"Anna\nMarie";"Jansen";1012 AB;ww\nK-6;Els;Eik;1012 AB;ww\n')
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-5").voornaam == "Anna\nMarie"
    assert Kandidaat.objects.filter(externe_referentie="K-6").exists()
