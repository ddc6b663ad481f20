"""import_kandidaten and import_vacatures, driven through call_command with real files."""

import codecs
import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Postcodegebied, Verwerking
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from conftest import ontbreekt
from koppelingen.importeren import schrijven
from sollicitaties.models import Sollicitatieplicht
from werkgevers.models import Tijdlijnregel, Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat, KlantmanagerToewijzing, PlanVanAanpak, Toestemming
from werkzoekenden.services import toestemming_intrekken
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

KM = "karin.klant@gemeente.example.nl"
KOP = "referentie;voornaam;achternaam;postcode;uitkering;klantmanager;gewenste_beroepen;vaardigheden;gewenste_uren"


@pytest.fixture
def km():
    return KlantmanagerFactory(email=KM)


@pytest.fixture
def esco():
    """Real ESCO names (matching/data); the test database has no ESCO data, so make the few we use."""
    return {
        "conciërge": BeroepFactory(naam="conciërge"),
        "industriële kok": BeroepFactory(naam="industriële kok", synoniemen="kok in een grootkeuken"),
        "magazijnmedewerker": BeroepFactory(naam="magazijnmedewerker"),
        "heftrucks bedienen": VaardigheidFactory(naam="heftrucks bedienen"),
        "voorraadniveaus bewaken": VaardigheidFactory(naam="voorraadniveaus bewaken"),
        "hygiëne waarborgen": VaardigheidFactory(naam="hygiëne waarborgen"),
    }


def schrijf(tmp_path, naam, tekst, encoding="utf-8"):
    pad = tmp_path / naam
    pad.write_bytes(tekst.encode(encoding) if isinstance(tekst, str) else tekst)
    return pad


def importeer(commando, pad, *args, **opties):
    out = io.StringIO()
    call_command(commando, str(pad), *args, stdout=out, stderr=io.StringIO(), **opties)
    return out.getvalue()


def mislukt(commando, pad, *args, **opties):
    """The command refuses: returns (the CommandError message, the report on stdout)."""
    out = io.StringIO()
    with pytest.raises(CommandError) as fout:
        call_command(commando, str(pad), *args, stdout=out, stderr=io.StringIO(), **opties)
    return str(fout.value), out.getvalue()


def namen(manager):
    return {o.naam for o in manager.all()}


# --- kandidaten: reading ---------------------------------------------------------------------


def test_semicolon_csv_from_dutch_excel_in_windows_1252(tmp_path, km, esco):
    pad = schrijf(tmp_path, "kandidaten.csv", (
        f"{KOP};beschikbaar_per;werkfit;telefoon\r\n"
        "K-1;Zoë;Müller;1012ab;WW;;conciërge|industriële kok;hygiëne waarborgen;32;1-12-2026;nee;06 12345678\r\n"
        "K-2;Daan;de Vries;6811 AB;Bijstand (Participatiewet);karin.klant@GEMEENTE.example.nl;magazijnmedewerker;"
        "heftrucks bedienen|Voorraadniveaus bewaken;;2026-12-01;;\r\n"
    ), encoding="cp1252")

    uitvoer = importeer("import_kandidaten", pad, klantmanager=KM)

    assert "Windows-1252" in uitvoer
    assert "2 kandidaten nieuw, 0 bijgewerkt, 0 regels overgeslagen" in uitvoer
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    assert (zoe.voornaam, zoe.achternaam) == ("Zoë", "Müller")
    assert zoe.postcode == "1012 AB" and zoe.gemeente.code == "GM0363" and zoe.regio == zoe.gemeente.regio
    assert zoe.uitkering == "ww" and zoe.werkfit is False and zoe.gewenste_uren == 32
    assert zoe.beschikbaar_per == datetime.date(2026, 12, 1) and zoe.telefoon == "06 12345678"
    assert namen(zoe.gewenste_beroepen) == {"conciërge", "industriële kok"}
    assert namen(zoe.vaardigheden) == {"hygiëne waarborgen"}
    assert zoe.klantmanager == km and zoe.toewijzingen.get().klantmanager == km and zoe.plan
    daan = Kandidaat.objects.get(externe_referentie="K-2")
    assert daan.uitkering == "bijstand" and daan.werkfit is True and daan.gewenste_uren is None
    assert daan.gemeente.naam == "Arnhem" and daan.beschikbaar_per == datetime.date(2026, 12, 1)
    assert namen(daan.vaardigheden) == {"heftrucks bedienen", "voorraadniveaus bewaken"}
    log = Verwerking.objects.filter(doel="import", actie=Verwerking.Actie.AANMAKEN)
    assert log.count() == 1  # one line naming everyone the import created
    assert sorted(log.values_list("betrokkenen__object_id", flat=True)) == sorted([str(zoe.pk), str(daan.pk)])
    # Stamped once more after the transaction, later than anything written inside it (the matching index
    # catches up by gewijzigd_op).
    assert min(zoe.gewijzigd_op, daan.gewijzigd_op) >= max(log.values_list("tijdstip", flat=True))


def test_comma_csv_in_utf8_with_bom_and_loose_headers(tmp_path, km, esco):
    pad = schrijf(tmp_path, "kandidaten.csv", (
        "\ufeff Referentie ,Voornaam,ACHTERNAAM,Postcode,Uitkering,Gewenste beroepen\n"
        '\n'
        'K-7,Łukasz,"Wiśniewski, jr.",8911 AA,geen,kok in een grootkeuken\n'
    ))
    uitvoer = importeer("import_kandidaten", pad, klantmanager=KM)
    assert "Windows-1252" not in uitvoer and "1 kandidaat nieuw" in uitvoer
    lukasz = Kandidaat.objects.get(externe_referentie="K-7")
    assert (lukasz.voornaam, lukasz.achternaam) == ("Łukasz", "Wiśniewski, jr.")
    assert namen(lukasz.gewenste_beroepen) == {"industriële kok"}  # found by its synonym


@pytest.mark.parametrize("omhulsel", [lambda items: items, lambda items: {"kandidaten": items}])
def test_json_with_real_lists(tmp_path, km, esco, omhulsel):
    items = [
        {"referentie": "K-20", "voornaam": "Sem", "achternaam": "Bakker", "postcode": "5911 AA",
         "uitkering": "anders", "gewenste_beroepen": ["magazijnmedewerker"],
         "vaardigheden": ["heftrucks bedienen", "voorraadniveaus bewaken"], "gewenste_uren": 24,
         "max_reisafstand_km": 30, "werkfit": True, "beschikbaar_per": None, "rijbewijs": "b"},
        {"referentie": 21, "voornaam": "Mila", "achternaam": "Jansen", "postcode": "6822AB", "uitkering": "ww"},
    ]
    pad = schrijf(tmp_path, "kandidaten.json", json.dumps(omhulsel(items)))
    assert "2 kandidaten nieuw" in importeer("import_kandidaten", pad, klantmanager=KM)
    sem = Kandidaat.objects.get(externe_referentie="K-20")
    assert namen(sem.vaardigheden) == {"heftrucks bedienen", "voorraadniveaus bewaken"}
    assert sem.max_reisafstand_km == 30 and sem.rijbewijs == "B" and sem.uitkering == "anders"
    assert Kandidaat.objects.get(externe_referentie="21").postcode == "6822 AB"


def test_binary_junk_or_utf16_without_bom_is_refused_in_plain_dutch(tmp_path, km):
    tekst = f"{KOP}\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;\n"
    utf16 = schrijf(tmp_path, "kandidaten.csv", tekst, encoding="utf-16-le")
    melding, _ = mislukt("import_kandidaten", utf16)
    assert "is geen CSV- of JSON-tekstbestand" in melding

    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    melding, _ = mislukt("import_kandidaten", schrijf(tmp_path, "kandidaten.xlsx", xlsx.getvalue()))
    assert "kandidaten.xlsx is geen CSV- of JSON-tekstbestand; sla het op als CSV (puntkomma's) of CSV UTF-8" \
        in melding
    melding, _ = mislukt("import_kandidaten", schrijf(tmp_path, "junk.csv", bytes(range(256)) * 4))
    assert "geen CSV- of JSON-tekstbestand" in melding
    assert not Kandidaat.objects.exists()

    # Told what it is, the same UTF-16 file reads fine.
    importeer("import_kandidaten", utf16, encoding="utf-16-le")
    assert Kandidaat.objects.get(externe_referentie="K-1").voornaam == "Zoë"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_excel_unicode_text_utf16_with_bom_and_tabs_is_read(tmp_path, km, encoding):
    """Before: Excel's "Unicode-tekst" (UTF-16 with a BOM, tab-separated) was refused, though the BOM says what it
    is."""
    tekst = "\ufeff" * (encoding == "utf-16-be") + (f"{KOP}\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;\n").replace(";", "\t")
    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, "kandidaten.txt", tekst, encoding=encoding))
    assert "1 kandidaat nieuw" in uitvoer and "Windows-1252" not in uitvoer
    assert Kandidaat.objects.get(externe_referentie="K-1").voornaam == "Zoë"


def test_invalid_json_names_line_and_column(tmp_path, km):
    pad = schrijf(tmp_path, "kandidaten.json", '[\n  {"referentie": "K-1",\n   "voornaam" "Zoë"}\n]')
    melding, _ = mislukt("import_kandidaten", pad)
    assert "geen geldige JSON" in melding and "regel 3, kolom 15" in melding


def test_missing_required_or_unknown_column_is_a_file_error(tmp_path, km):
    pad = schrijf(tmp_path, "a.csv", "referentie;voornaam;achternaam;uitkering\nK-1;Zoë;Müller;ww\n")
    melding, _ = mislukt("import_kandidaten", pad)
    assert "Verplichte kolom ontbreekt: postcode." in melding

    pad = schrijf(tmp_path, "b.csv", "referentie;voornaam;achternaam;postcode;uitkering;geboortedatum\n")
    melding, _ = mislukt("import_kandidaten", pad)
    assert "Onbekende kolom: geboortedatum." in melding and "Bekende kolommen: referentie, voornaam" in melding

    pad = schrijf(tmp_path, "c.json", json.dumps([{"referentie": "K-1", "bsn": "123456782"}]))
    melding, _ = mislukt("import_kandidaten", pad)
    assert "Onbekende kolom: bsn." in melding


# --- kandidaten: validation ------------------------------------------------------------------

SLECHT = (
    f"{KOP}\n"
    f"K-1;Zoë;Müller;1012 AB;ww;{KM};conciërge;;32\n"
    f"K-2;Piet;Post;12AB;ww;{KM};;;\n"
    "\n"
    f"K-3;Anna;Uit;6811 AB;pensioen;{KM};;;\n"
    f'K-4;Bram;Beroep;6811 AB;ww;{KM};"conciërge|astronaut";;\n'
    f"K-5;Lotte;Lang;6811 AB;ww;{KM};;;60\n"
)


def test_bad_rows_are_reported_per_line_and_field_and_nothing_is_written(tmp_path, km, esco):
    melding, rapport = mislukt("import_kandidaten", schrijf(tmp_path, "k.csv", SLECHT))

    assert "4 regels van 5 hebben fouten; er is niets opgeslagen" in melding
    assert "regel 3, veld postcode: Vul een postcode in zoals 1234 AB." in rapport
    assert "regel 5, veld uitkering: 'pensioen' kennen we niet. Kies uit: ww, bijstand, anders, geen." in rapport
    assert "regel 6, veld gewenste_beroepen: Dit beroep kennen we niet: 'astronaut'." in rapport
    assert "regel 7, veld gewenste_uren: Vul een getal in van 1 tot en met 40." in rapport
    assert "regel 2" not in rapport
    assert not Kandidaat.objects.exists() and not Verwerking.objects.exists()


def test_skip_invalid_writes_only_the_good_rows(tmp_path, km, esco):
    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, "k.csv", SLECHT), skip_invalid=True)
    assert "regel 3, veld postcode" in uitvoer
    assert "1 kandidaat nieuw, 0 bijgewerkt, 4 regels overgeslagen" in uitvoer
    assert list(Kandidaat.objects.values_list("externe_referentie", flat=True)) == ["K-1"]


def test_dry_run_checks_but_writes_nothing(tmp_path, km, esco):
    pad = schrijf(tmp_path, "k.csv", f"{KOP}\nK-1;Zoë;Müller;1012 AB;ww;{KM};conciërge;;32\n")
    uitvoer = importeer("import_kandidaten", pad, dry_run=True)
    assert "Proefdraai: 1 regel in orde (1 nieuw, 0 met een bekende referentie), 0 regels overgeslagen" in uitvoer
    assert not Kandidaat.objects.exists()


def test_a_referentie_twice_in_one_file_is_an_error_on_the_later_line(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", (
        f"{KOP}\n"
        f"K-12;Zoë;Müller;1012 AB;ww;{KM};;;\n"
        f"K-13;Daan;Dekker;1012 AB;ww;{KM};;;\n"
        f"K-12;Zoë;Muller;1012 AB;ww;{KM};;;\n"
    ))
    melding, rapport = mislukt("import_kandidaten", pad)
    assert "regel 4, veld referentie: De referentie K-12 staat ook al op regel 2." in rapport
    assert "1 regel van 3 heeft fouten" in melding and not Kandidaat.objects.exists()


def test_klantmanager_from_the_row_or_the_option_or_an_error(tmp_path, km):
    andere = KlantmanagerFactory(email="andere@uwv.example.nl")
    pad = schrijf(tmp_path, "k.csv", (
        "referentie;voornaam;achternaam;postcode;uitkering;klantmanager\n"
        "K-1;Zoë;Müller;1012 AB;ww;andere@uwv.example.nl\n"
        "K-2;Daan;Dekker;1012 AB;ww;\n"
        "K-3;Piet;Post;1012 AB;ww;onbekend@example.nl\n"
    ))
    _, rapport = mislukt("import_kandidaten", pad)
    assert "regel 3, veld klantmanager: Vul het e-mailadres van de klantmanager in" in rapport
    assert "regel 4, veld klantmanager: Er is geen klantmanager met e-mailadres onbekend@example.nl." in rapport

    importeer("import_kandidaten", pad, klantmanager=KM, skip_invalid=True)
    assert Kandidaat.objects.get(externe_referentie="K-1").klantmanager == andere
    assert Kandidaat.objects.get(externe_referentie="K-2").klantmanager == km


# --- kandidaten: re-import and consent -------------------------------------------------------


def test_reimport_updates_by_referentie_and_replaces_lists(tmp_path, km, esco):
    eerst = schrijf(tmp_path, "1.csv", (
        f"{KOP};telefoon\n"
        f"K-1;Zoë;Müller;1012 AB;ww;{KM};conciërge|magazijnmedewerker;heftrucks bedienen;32;06 12345678\n"
    ))
    importeer("import_kandidaten", eerst)
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    voor = timezone.now()

    # Another file from the same system: new surname, other lists, no telefoon column.
    daarna = schrijf(tmp_path, "2.csv", (
        f"{KOP}\n"
        f"K-1;Zoë;de Boer;1012 AB;ww;{KM};industriële kok;hygiëne waarborgen|voorraadniveaus bewaken;32\n"
    ))
    assert "0 kandidaten nieuw, 1 bijgewerkt" in importeer("import_kandidaten", daarna)

    assert Kandidaat.objects.count() == 1
    zoe.refresh_from_db()
    assert zoe.achternaam == "de Boer" and zoe.telefoon == "06 12345678"  # absent column: kept
    assert namen(zoe.gewenste_beroepen) == {"industriële kok"}
    assert namen(zoe.vaardigheden) == {"hygiëne waarborgen", "voorraadniveaus bewaken"}
    assert zoe.gewijzigd_op >= voor
    assert Verwerking.objects.filter(betrokkenen__object_id=str(zoe.pk), actie=Verwerking.Actie.WIJZIGEN,
                                     doel="import").count() == 1

    # The same file again changes nothing and logs nothing.
    assert "0 bijgewerkt, 1 ongewijzigd" in importeer("import_kandidaten", daarna)
    assert Verwerking.objects.filter(object_id=str(zoe.pk), actie=Verwerking.Actie.WIJZIGEN).count() == 1


def test_an_empty_telefoon_cell_keeps_the_number_and_says_so(tmp_path, km):
    """Zoë chose "Appen" in the portal; the next file from the gemeente's system has an empty telefoon cell. The
    import wrote "" over her number and kept "Appen". Now the number stays and the report says so; a number in the
    cell still replaces it."""
    importeer("import_kandidaten", schrijf(tmp_path, "1.csv", (
        f"{KOP};telefoon\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;32;06 12345678\n")))
    Kandidaat.objects.filter(externe_referentie="K-1").update(contactvoorkeur="app")
    uit = importeer("import_kandidaten", schrijf(tmp_path, "2.csv", (
        f"{KOP};telefoon\nK-1;Zoë;de Boer;1012 AB;ww;{KM};;;32;\n")))
    assert "regel 2: telefoon is leeg; het telefoonnummer van Zoë Müller blijft staan." in uit, uit
    assert "1 bijgewerkt" in uit
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    assert (zoe.achternaam, zoe.telefoon, zoe.contactvoorkeur) == ("de Boer", "06 12345678", "app")
    importeer("import_kandidaten", schrijf(tmp_path, "3.csv", (
        f"{KOP};telefoon\nK-1;Zoë;de Boer;1012 AB;ww;{KM};;;32;06 87654321\n")))
    assert Kandidaat.objects.get(externe_referentie="K-1").telefoon == "06 87654321"


def test_a_new_kandidaat_without_a_number_is_reached_by_mail(tmp_path, km):
    importeer("import_kandidaten", schrijf(tmp_path, "1.csv", (
        f"{KOP};telefoon;email\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;32;;zoe@example.nl\n"
        f"K-2;Bram;Bel;1012 AB;ww;{KM};;;32;06 12345678;\n")))
    assert dict(Kandidaat.objects.values_list("externe_referentie", "contactvoorkeur")) == {
        "K-1": "mail", "K-2": "bellen"}


def test_an_empty_email_cell_keeps_the_address_and_says_so(tmp_path, km):
    """The same for mail: Zoë is reached by mail; an empty e-mail cell erased her address and left "Mailen"."""
    importeer("import_kandidaten", schrijf(tmp_path, "1.csv", (
        f"{KOP};email\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;32;zoe@example.nl\n")))
    Kandidaat.objects.filter(externe_referentie="K-1").update(contactvoorkeur="mail")
    uit = importeer("import_kandidaten", schrijf(tmp_path, "2.csv", (
        f"{KOP};email\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;32;\n")))
    assert "regel 2: e-mail is leeg; het e-mailadres van Zoë Müller blijft staan." in uit, uit
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    assert (zoe.email, zoe.contactvoorkeur) == ("zoe@example.nl", "mail")


def test_a_new_kandidaat_with_neither_phone_nor_email_is_reported_to_ask_how_to_reach_her(tmp_path, km):
    """"Nieuw dossier" refuses a dossier without either; the source's may have none. The import read it in without a
    word, "Mailen" beside no address: now the report says to ask her."""
    uit = importeer("import_kandidaten", schrijf(tmp_path, "1.csv", (
        f"{KOP};telefoon;email\nK-1;Zoë;Müller;1012 AB;ww;{KM};;;32;;\n")))
    assert "regel 2: geen telefoonnummer en geen e-mailadres; vraag Zoë Müller hoe die bereikt wil worden." in uit


def test_reimport_with_another_klantmanager_keeps_the_history(tmp_path, km):
    andere = KlantmanagerFactory(email="andere@uwv.example.nl")
    kop = "referentie;voornaam;achternaam;postcode;uitkering;klantmanager\n"
    importeer("import_kandidaten", schrijf(tmp_path, "1.csv", kop + f"K-1;Zoë;Müller;1012 AB;ww;{KM}\n"))
    importeer("import_kandidaten", schrijf(tmp_path, "2.csv", kop + "K-1;Zoë;Müller;1012 AB;ww;andere@uwv.example.nl"))
    zoe = Kandidaat.objects.get()
    assert zoe.klantmanager == andere
    assert [(t.klantmanager, t.tot is None) for t in zoe.toewijzingen.order_by("pk")] == [(km, False), (andere, True)]
    # Each with the organisation its klantmanager had then (``portaal.waar_sta_ik`` reads it).
    assert [t.organisatie for t in zoe.toewijzingen.order_by("pk")] == [km.organisatie, andere.organisatie]
    # An empty cell keeps the vaste klantmanager, even with --klantmanager given.
    importeer("import_kandidaten", schrijf(tmp_path, "3.csv", kop + "K-1;Zoë;Müller;1012 AB;ww;\n"), klantmanager=KM)
    zoe.refresh_from_db()
    assert zoe.klantmanager == andere


def test_vindbaar_ja_records_one_active_consent_and_nee_never_withdraws(tmp_path, km):
    kop = "referentie;voornaam;achternaam;postcode;uitkering;vindbaar\n"
    ja = schrijf(tmp_path, "ja.csv", kop + "K-1;Zoë;Müller;1012 AB;ww;ja\n")
    importeer("import_kandidaten", ja, klantmanager=KM)
    importeer("import_kandidaten", ja, klantmanager=KM)
    zoe = Kandidaat.objects.get()
    toestemming = Toestemming.objects.get(kandidaat=zoe, doel=Toestemming.Doel.VINDBAAR)
    assert toestemming.actief and toestemming.verleend_door is None

    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, "nee.csv", kop + "K-1;Zoë;Müller;1012 AB;ww;nee\n"))
    toestemming.refresh_from_db()
    assert toestemming.actief and "intrekken doet de kandidaat" in uitvoer

    # Withdrawn by the person: a stale "ja" from the source system does not grant it again.
    toestemming_intrekken(toestemming=toestemming, door=km)
    uitvoer = importeer("import_kandidaten", ja)
    assert not Toestemming.objects.filter(kandidaat=zoe, ingetrokken_op__isnull=True).exists()
    assert "zet haar niet terug" in uitvoer


def test_bad_command_line_input_gives_dutch_errors(tmp_path, km):
    melding, _ = mislukt("import_kandidaten", tmp_path / "bestaat-niet.csv")
    assert "bestaat niet" in melding
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering\n")
    melding, _ = mislukt("import_kandidaten", pad, format="xml")
    assert "Onbekend formaat 'xml'; kies csv of json." in melding
    melding, _ = mislukt("import_kandidaten", pad, door="niemand@example.nl")
    assert "--door: er is geen actieve beheerder of klantmanager met e-mailadres niemand@example.nl" in melding
    melding, _ = mislukt("import_kandidaten", pad, klantmanager="niemand@example.nl")
    assert "--klantmanager" in melding


def test_door_is_recorded_in_the_verwerkingenlog(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering\nK-1;Zoë;Müller;1012 AB;ww\n")
    importeer("import_kandidaten", pad, klantmanager=KM, door=KM)
    assert Verwerking.objects.get(doel="import").gebruiker == km


# --- vacatures -------------------------------------------------------------------------------


def test_good_vacature_with_skills_imports(tmp_path, esco):
    werkgever = WerkgeverFactory(kvk_nummer="12345678")
    start = timezone.localdate() + datetime.timedelta(days=60)  # the vacature form allows up to two years ahead
    pad = schrijf(tmp_path, "vacatures.json", json.dumps({"vacatures": [{
        "referentie": "V-1", "werkgever_kvk": "12345678", "titel": "Magazijnmedewerker dagdienst",
        "postcode": "6811ab", "uren_per_week": 32, "beroep": "magazijnmedewerker",
        "vereiste_vaardigheden": ["heftrucks bedienen"],
        "gewenste_vaardigheden": ["voorraadniveaus bewaken", "heftrucks bedienen"],
        "contracttype": "Vast contract", "startdatum": f"{start:%d-%m-%Y}", "rijbewijs": "B", "taalniveau": "b1",
    }, {
        "referentie": "V-2", "werkgever_kvk": "12345678", "titel": "Conciërge", "postcode": "6811 AB",
        "uren_per_week": "24", "status": "Concept", "aantal_posities": None,
    }]}, ensure_ascii=False))
    accountmanager = AccountmanagerFactory(email="anton@wsp.example.nl")
    uitvoer = importeer("import_vacatures", pad, door="anton@wsp.example.nl")

    assert "2 vacatures nieuw, 0 bijgewerkt, 0 regels overgeslagen" in uitvoer
    vacature = Vacature.objects.get(externe_referentie="V-1")
    assert vacature.werkgever == werkgever and vacature.status == Vacature.Status.OPEN
    assert vacature.beroep.naam == "magazijnmedewerker" and vacature.gemeente.naam == "Arnhem"
    assert vacature.postcode == "6811 AB" and vacature.contracttype == "vast" and vacature.taalniveau == "B1"
    assert vacature.startdatum == start and vacature.aangemaakt_door == accountmanager
    assert namen(vacature.vereiste_vaardigheden) == {"heftrucks bedienen"}
    assert namen(vacature.gewenste_vaardigheden) == {"voorraadniveaus bewaken"}  # required stays required
    assert Tijdlijnregel.objects.filter(werkgever=werkgever, tekst__contains="Magazijnmedewerker dagdienst").exists()
    concept = Vacature.objects.get(externe_referentie="V-2")
    assert concept.status == Vacature.Status.CONCEPT and concept.beroep is None and concept.aantal_posities == 1


def test_vacature_rows_with_unknown_werkgever_or_open_without_beroep(tmp_path, esco):
    WerkgeverFactory(kvk_nummer="12345678")
    pad = schrijf(tmp_path, "vacatures.csv", (
        "referentie;werkgever_kvk;titel;postcode;uren_per_week;beroep;status\n"
        "V-1;87654321;Heftruckchauffeur;6811 AB;40;magazijnmedewerker;\n"
        "V-2;12345678;Conciërge;6811 AB;24;;open\n"
        "V-3;12345678;Schoonmaker;6811 AB;24;;concept\n"
    ))
    _, rapport = mislukt("import_vacatures", pad)
    assert "regel 2, veld werkgever_kvk: Er is geen werkgever met KvK-nummer 87654321." in rapport
    assert "regel 3, veld beroep: Een open vacature heeft een beroep nodig" in rapport
    assert "regel 4" not in rapport and not Vacature.objects.exists()


def test_vacature_reimport_updates_and_never_moves_to_another_werkgever(tmp_path, esco):
    werkgever, ander = WerkgeverFactory(kvk_nummer="12345678"), WerkgeverFactory(kvk_nummer="11112222")
    vacature = VacatureFactory(werkgever=werkgever, externe_referentie="V-1", beroep=esco["magazijnmedewerker"])
    vacature.vereiste_vaardigheden.set([esco["heftrucks bedienen"]])
    kop = "referentie;werkgever_kvk;titel;postcode;uren_per_week;vereiste_vaardigheden\n"

    pad = schrijf(tmp_path, "1.csv", kop + "V-1;12345678;Orderpicker;6822 AB;24;voorraadniveaus bewaken\n")
    assert "0 vacatures nieuw, 1 bijgewerkt" in importeer("import_vacatures", pad)
    vacature.refresh_from_db()
    assert Vacature.objects.count() == 1 and vacature.titel == "Orderpicker" and vacature.uren_per_week == 24
    assert namen(vacature.vereiste_vaardigheden) == {"voorraadniveaus bewaken"}
    assert vacature.beroep == esco["magazijnmedewerker"]  # no beroep column: kept

    pad = schrijf(tmp_path, "2.csv", kop + "V-1;11112222;Orderpicker;6822 AB;24;\n")
    _, rapport = mislukt("import_vacatures", pad)
    assert "regel 2, veld werkgever_kvk: Vacature V-1 hoort bij een andere werkgever" in rapport
    assert not ander.vacatures.exists()


def test_reimport_of_many_rows_keeps_counts(tmp_path, km, esco):
    """Lookups are cached and existing rows fetched in chunks: more rows than one IN (...) holds."""
    regels = [f"K-{n};Voornaam{n};Achternaam;6811 AB;ww;{KM};magazijnmedewerker;heftrucks bedienen;32"
              for n in range(1200)]
    pad = schrijf(tmp_path, "veel.csv", KOP + "\n" + "\n".join(regels) + "\n")
    assert "1200 kandidaten nieuw" in importeer("import_kandidaten", pad)
    regels[5] = regels[5].replace("Achternaam", "Anders")
    pad = schrijf(tmp_path, "veel.csv", KOP + "\n" + "\n".join(regels) + "\n")
    assert "0 kandidaten nieuw, 1 bijgewerkt, 1199 ongewijzigd" in importeer("import_kandidaten", pad)
    assert Kandidaat.objects.count() == 1200 and Kandidaat.objects.get(externe_referentie="K-5").achternaam == "Anders"


def test_new_kandidaten_are_written_together_about_the_same_queries_for_ten_as_for_sixty(tmp_path, km, esco):
    """Saved one by one, every new kandidaat of an import cost four queries (a check of its pseudonym, the INSERT, the
    read and the UPDATE of its attention dates): 3-4 ms each, 40 s for an import of 10,000. Now the new ones are
    written together (``kandidaten_toevoegen``), with everything a new kandidaat gets."""
    def bestand(naam, begin, aantal):
        regels = [f"N-{n};Voornaam{n};Achter{n};6811 AB;ww;{KM};magazijnmedewerker;heftrucks bedienen;32;ja"
                  for n in range(begin, begin + aantal)]
        return schrijf(tmp_path, naam, f"{KOP};vindbaar\n" + "\n".join(regels) + "\n")

    importeer("import_kandidaten", bestand("een.csv", 1000, 1))  # the lookups and content types a first import reads
    queries = []
    for naam, begin, aantal in (("tien.csv", 0, 10), ("zestig.csv", 100, 60)):
        pad = bestand(naam, begin, aantal)
        with CaptureQueriesContext(connection) as gevangen:
            assert f"{aantal} kandidaten nieuw" in importeer("import_kandidaten", pad)
        queries.append(len(gevangen.captured_queries))
    # One by one that was 200 more for the fifty more. SQLite takes at most 999 values a statement, so its INSERTs of
    # the 60 come in a few parts (Kandidaat has ~35 columns); PostgreSQL's in one.
    assert queries[1] - queries[0] <= (0 if connection.vendor == "postgresql" else 3), queries
    nieuw = Kandidaat.objects.filter(externe_referentie__startswith="N-")
    assert nieuw.count() == 71 and len(set(nieuw.values_list("pseudoniem", flat=True))) == 71
    assert not nieuw.filter(aandacht_vanaf__isnull=True).exists()  # no contact yet: needs attention from the start
    assert set(nieuw.values_list("sorteernaam", flat=True)) == {
        f"achter{n}" for n in [*range(10), *range(100, 160), 1000]}
    for model in (PlanVanAanpak, KlantmanagerToewijzing):
        assert model.objects.filter(kandidaat__in=nieuw).count() == 71
    assert Toestemming.objects.filter(kandidaat__in=nieuw, doel=Toestemming.Doel.VINDBAAR,
                                      ingetrokken_op__isnull=True).count() == 71
    for k in nieuw.prefetch_related("gewenste_beroepen", "vaardigheden"):
        assert namen(k.gewenste_beroepen) == {"magazijnmedewerker"} and namen(k.vaardigheden) == {"heftrucks bedienen"}
    # One line per import naming everyone it created.
    assert {str(pk) for pk in nieuw.values_list("pk", flat=True)} == set(Verwerking.objects.filter(
        doel="import", actie=Verwerking.Actie.AANMAKEN).values_list("betrokkenen__object_id", flat=True))


def test_new_kandidaten_are_written_a_block_at_a_time_between_updates_and_all_or_nothing(tmp_path, km, esco,
                                                                                         monkeypatch):
    """A first import of 70,000 held every new kandidaat and the ~300,000 rows around them until the end (620 MB at
    its peak). New kandidaten are now written a block at a time (``PER_BLOK``), in the import's one transaction,
    between the rows that update existing ones; each block has its own verwerkingenlog line."""
    monkeypatch.setattr(schrijven, "PER_BLOK", 2)
    bestaand = KandidaatFactory(externe_referentie="N-2", achternaam="Oud", klantmanager=km)
    regels = [f"N-{n};Voornaam{n};Achter{n};6811 AB;ww;{KM};magazijnmedewerker;heftrucks bedienen;32;ja"
              for n in range(6)]
    pad = schrijf(tmp_path, "blokken.csv", f"{KOP};vindbaar\n" + "\n".join(regels) + "\n")
    with CaptureQueriesContext(connection) as gevangen:
        assert "5 kandidaten nieuw, 1 bijgewerkt" in importeer("import_kandidaten", pad)
    inserts = [q["sql"] for q in gevangen.captured_queries
               if q["sql"].startswith(f'INSERT INTO "{Kandidaat._meta.db_table}"')]
    assert len(inserts) == 3, inserts  # 2 + 1 + 2; before, one INSERT of all five at the end
    tabel = Kandidaat._meta.db_table
    gelezen = [q["sql"] for q in gevangen.captured_queries if q["sql"].startswith("SELECT")
               and f'FROM "{tabel}"' in q["sql"] and '"externe_referentie" IN' in q["sql"]]
    # The check reads them once; writing reads (and locks) the existing ones a block at a time too (before: once).
    assert len(gelezen) == 1 + 3, gelezen
    nieuw = Kandidaat.objects.filter(externe_referentie__startswith="N-").exclude(pk=bestaand.pk)
    assert nieuw.count() == 5 and Kandidaat.objects.get(pk=bestaand.pk).achternaam == "Achter2"
    for model in (PlanVanAanpak, KlantmanagerToewijzing):
        assert model.objects.filter(kandidaat__in=nieuw).count() == 5
    assert Toestemming.objects.filter(kandidaat__in=nieuw, doel=Toestemming.Doel.VINDBAAR).count() == 5
    for k in nieuw.prefetch_related("gewenste_beroepen", "vaardigheden"):
        assert namen(k.gewenste_beroepen) == {"magazijnmedewerker"} and namen(k.vaardigheden) == {"heftrucks bedienen"}
    regels_log = Verwerking.objects.filter(doel="import", actie=Verwerking.Actie.AANMAKEN)
    assert regels_log.count() == 3
    assert set(regels_log.values_list("betrokkenen__object_id", flat=True)) == {str(k.pk) for k in nieuw}

    # All or nothing still: a failure after the first blocks leaves none of them.
    regels = [r.replace("N-", "M-") for r in regels]
    pad = schrijf(tmp_path, "blokken2.csv", f"{KOP};vindbaar\n" + "\n".join(regels) + "\n")
    echt = schrijven.PlanVanAanpak.objects.bulk_create
    keer = []

    def derde_blok_faalt(objs, *args, **kwargs):
        keer.append(len(objs))
        if len(keer) == 3:
            raise DatabaseError("verbinding verbroken")
        return echt(objs, *args, **kwargs)

    monkeypatch.setattr(schrijven.PlanVanAanpak.objects, "bulk_create", derde_blok_faalt)
    with pytest.raises(CommandError):
        importeer("import_kandidaten", pad)
    assert not Kandidaat.objects.filter(externe_referentie__startswith="M-").exists()


def test_the_lookups_of_later_blocks_are_planned_for_the_table_the_earlier_blocks_grew(tmp_path, km, esco,
                                                                                      monkeypatch, settings):
    """The connection prepares a read it repeats (klantreis/lib/postgresql), and after five runs PostgreSQL keeps one
    generic plan, made while the table was as small as before the import. The blocks of new kandidaten grow it inside
    the import's transaction, and with that plan the lookup of each next block's referenties read every row: 1-2 s a
    lookup at 60,000 new, a first import of 70,000 took 273 s instead of 110. The import's reads are planned for
    their values, every time."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: prepared statements en plannen")
    assert settings.DATABASE_PREPARE_THRESHOLD, "this test is about prepared statements"
    monkeypatch.setattr(schrijven, "PER_BLOK", 2)
    regels = [f"P-{n:02d};Voornaam{n};Achter{n};6811 AB;ww;{KM};magazijnmedewerker;heftrucks bedienen;32"
              for n in range(24)]
    pad = schrijf(tmp_path, "plannen.csv", KOP + "\n" + "\n".join(regels) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection.voorbereid.namen.clear()
    assert "24 kandidaten nieuw" in importeer("import_kandidaten", pad)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT generic_plans, custom_plans FROM pg_prepared_statements
                          WHERE statement LIKE '%%"externe_referentie" IN%%' """)
        plannen = cursor.fetchall()
    assert plannen, "the lookup was not prepared: this test would test nothing"
    assert all(generiek == 0 for generiek, _eigen in plannen), plannen


def test_existing_kandidaat_without_referentie_is_left_alone(tmp_path, km):
    KandidaatFactory(voornaam="Zoë", achternaam="Müller")
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering\nK-1;Zoë;Müller;1012 AB;ww\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.filter(achternaam="Müller").count() == 2


def test_a_spreadsheet_formula_is_refused_naming_the_line_and_a_phone_number_is_not(tmp_path, km, esco):
    """Before: "=CMD|' /C calc'!A0" was stored as it was, and ran when the data went back into Excel."""
    pad = schrijf(tmp_path, "kandidaten.csv", (
        "Referentie,Voornaam,Achternaam,Postcode,Uitkering,Telefoon\n"
        "K-1,Anja,Roest,8911 AA,ww,+31 6 12345678\n"
        "K-2,\"=CMD|' /C calc'!A0\",Boer,8911 AA,ww,\n"
    ))
    _fout, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert "spreadsheetformule" in rapport and "3" in rapport  # the line of the file
    assert not Kandidaat.objects.filter(externe_referentie__in=["K-1", "K-2"]).exists()  # all or nothing

    importeer("import_kandidaten", pad, klantmanager=KM, skip_invalid=True)
    anja = Kandidaat.objects.get(externe_referentie="K-1")
    assert anja.telefoon == "+31 6 12345678"
    assert not Kandidaat.objects.filter(externe_referentie="K-2").exists()


def test_a_reimport_that_ends_the_ww_ends_the_ww_sollicitatieplicht(tmp_path, km, django_capture_on_commit_callbacks):
    """The source system says the WW ended (uitkering: bijstand). A warme overdracht or the klantmanager saying so in
    the dossier ends the WW sollicitatieplicht; the import changed the uitkering and left it on ("Nog 4 te doen",
    reminders, "loopt achter")."""
    kop = "referentie;voornaam;achternaam;postcode;uitkering\n"
    importeer("import_kandidaten", schrijf(tmp_path, "1.csv", kop + "K-1;Zoë;Müller;1012 AB;ww\n"), klantmanager=KM)
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    plicht = Sollicitatieplicht.objects.create(kandidaat=zoe, startdatum=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        importeer("import_kandidaten", schrijf(tmp_path, "2.csv", kop + "K-1;Zoë;Müller;1012 AB;bijstand\n"),
                  klantmanager=KM)
    plicht.refresh_from_db()
    assert plicht.vrijgesteld and "De WW is gestopt" in plicht.reden


@pytest.mark.parametrize("datum", ["31-12-2026", "31.12.2026", "31-12-26", "31 dec 2026", "31 december 2026",
                                   "31-Dec-2026", "31 dec. 2026", "2026-12-31"])
def test_a_date_in_a_dutch_way_of_writing_it_is_read(tmp_path, km, datum):
    """Before: "31 dec 2026" and "31.12.2026", as Dutch source systems and spreadsheets write dates, were refused."""
    pad = schrijf(tmp_path, "k.csv", f"referentie;voornaam;achternaam;postcode;uitkering;beschikbaar_per\n"
                                     f"K-1;Zoë;Müller;1012 AB;ww;{datum}\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-1").beschikbaar_per == datetime.date(2026, 12, 31)


def test_an_impossible_or_unreadable_date_names_the_ways_to_write_it(tmp_path, km):
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;beschikbaar_per\n"
                                     "K-1;Zoë;Müller;1012 AB;ww;31 feb 2026\nK-2;Daan;Dekker;1012 AB;ww;31 dek 2026\n")
    _, rapport = mislukt("import_kandidaten", pad, klantmanager=KM)
    melding = "Vul een datum in zoals 31-12-2026, 31 dec 2026 of 2026-12-31."
    assert f"regel 2, veld beschikbaar_per: {melding}" in rapport
    assert f"regel 3, veld beschikbaar_per: {melding}" in rapport


@pytest.mark.parametrize("inhoud", ["referentie;voornaam;achternaam;postcode;uitkering\r\n;;;;\r\n", "[]"])
def test_a_file_with_only_a_header_says_there_was_nothing_to_import(tmp_path, km, inhoud):
    """Before: a header-only file (the wrong sheet saved, an export cut off) reported only "0 kandidaten nieuw"."""
    naam = "k.json" if inhoud == "[]" else "k.csv"
    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, naam, inhoud), klantmanager=KM)
    assert f"Let op: {naam} heeft geen regels met gegevens, alleen een kopregel (of een lege lijst)." in uitvoer
    assert "0 kandidaten nieuw" in uitvoer


def test_a_quote_that_is_never_closed_is_named_instead_of_eating_the_rest_of_the_file(tmp_path, km):
    """Before: the rest of the file became one value, and the report said only that fields were missing (or, past
    128 kB, gave Python's English "field larger than field limit")."""
    kop = "referentie;voornaam;achternaam;postcode;uitkering\n"
    pad = schrijf(tmp_path, "k.csv",
                  kop + 'K-1;Zoë;Müller;1012 AB;ww\nK-2;"Daan;Dekker;1012 AB;ww\nK-3;Piet;Post;1012 AB;ww\n')
    melding, _ = mislukt("import_kandidaten", pad, klantmanager=KM)
    assert melding == ('Regel 3 heeft een aanhalingsteken (") dat niet wordt gesloten, zodat de rest van het bestand '
                       "één waarde lijkt. Haal het weg, of zet de hele waarde tussen aanhalingstekens.")
    lang = "".join(f"K-{i};Piet;Post;1012 AB;ww\n" for i in range(10, 8000))
    melding, _ = mislukt("import_kandidaten", schrijf(tmp_path, "l.csv", kop + 'K-2;"Daan;Dekker;1012 AB;ww\n' + lang),
                         klantmanager=KM)
    assert melding.startswith('Regel 2 heeft een aanhalingsteken (") dat niet wordt gesloten')
    assert not Kandidaat.objects.exists()

    # A value in quotes over two lines, with a quote doubled inside, is fine.
    pad = schrijf(tmp_path, "g.csv", kop + 'K-4;"Anna ""An""\nMarie";Jansen;1012 AB;ww\n')
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-4").voornaam == 'Anna "An"\nMarie'


def test_beroepen_and_vaardigheden_written_without_accents_are_found(tmp_path, km, esco):
    """Before: a source system that writes no accents ("concierge", "hygiene waarborgen") had every such row refused:
    "Dit beroep kennen we niet"."""
    pad = schrijf(tmp_path, "k.csv", f"{KOP}\nK-1;Zoë;Müller;1012 AB;ww;{KM};CONCIERGE|industriele kok;"
                                     "Hygiene waarborgen;\n")
    importeer("import_kandidaten", pad)
    zoe = Kandidaat.objects.get(externe_referentie="K-1")
    assert namen(zoe.gewenste_beroepen) == {"conciërge", "industriële kok"}
    assert namen(zoe.vaardigheden) == {"hygiëne waarborgen"}


@pytest.mark.parametrize("kvk", ["1234567", "0123 4567", "01.23.45.67"])
def test_a_kvk_number_that_lost_its_leading_zero_in_excel_or_has_spaces_is_found(tmp_path, esco, kvk):
    """Before: Excel turns 01234567 into 1234567 in a number column, and the row was refused."""
    werkgever = WerkgeverFactory(kvk_nummer="01234567")
    pad = schrijf(tmp_path, "v.csv", "referentie;werkgever_kvk;titel;postcode;uren_per_week;status\n"
                                     f"V-1;{kvk};Kok;6811 AB;32;concept\n")
    importeer("import_vacatures", pad)
    assert Vacature.objects.get(externe_referentie="V-1").werkgever == werkgever


def test_a_kvk_number_of_six_or_nine_digits_is_refused(tmp_path, esco):
    WerkgeverFactory(kvk_nummer="01234567")
    pad = schrijf(tmp_path, "v.csv", "referentie;werkgever_kvk;titel;postcode;uren_per_week;status\n"
                                     "V-1;123456;Kok;6811 AB;32;concept\nV-2;012345678;Kok;6811 AB;32;concept\n")
    _, rapport = mislukt("import_vacatures", pad)
    assert "regel 2, veld werkgever_kvk: Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678." in rapport
    assert "regel 3, veld werkgever_kvk: Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678." in rapport


def test_a_phone_number_that_lost_its_leading_zero_in_excel_is_read(tmp_path, km):
    """Before: "612345678" (Excel drops the 0 of a number column) was refused: "Vul een telefoonnummer in"."""
    pad = schrijf(tmp_path, "k.csv", "referentie;voornaam;achternaam;postcode;uitkering;telefoon\n"
                                     "K-1;Zoë;Müller;1012 AB;ww;612345678\nK-2;Daan;Dekker;1012 AB;ww;261234567\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-1").telefoon == "0612345678"
    assert Kandidaat.objects.get(externe_referentie="K-2").telefoon == "0261234567"


def test_hours_as_dutch_excel_writes_them_are_read_and_a_fraction_is_named(tmp_path, km):
    """Before: "32,0" was refused, and "32,5" got "Vul een getal in van 1 tot en met 40", which it is."""
    kop = "referentie;voornaam;achternaam;postcode;uitkering;gewenste_uren\n"
    pad = schrijf(tmp_path, "k.csv", kop + "K-1;Zoë;Müller;1012 AB;ww;32,0\n")
    importeer("import_kandidaten", pad, klantmanager=KM)
    assert Kandidaat.objects.get(externe_referentie="K-1").gewenste_uren == 32
    _, rapport = mislukt("import_kandidaten", schrijf(tmp_path, "l.csv", kop + "K-2;Daan;Dekker;1012 AB;ww;32,5\n"),
                         klantmanager=KM)
    assert "regel 2, veld gewenste_uren: Vul een heel getal in van 1 tot en met 40, zonder komma." in rapport


def test_a_utf8_bom_before_windows_1252_text_is_not_read_as_part_of_the_first_column(tmp_path, km):
    """Before: "Onbekende kolom: ï»¿referentie" (the BOM read as three Windows-1252 letters)."""
    data = codecs.BOM_UTF8 + "referentie;voornaam;achternaam;postcode;uitkering\nK-1;Zoë;Müller;1012 AB;ww\n".encode(
        "cp1252")
    uitvoer = importeer("import_kandidaten", schrijf(tmp_path, "k.csv", data), klantmanager=KM)
    assert "Windows-1252" in uitvoer
    assert Kandidaat.objects.get(externe_referentie="K-1").voornaam == "Zoë"


def test_a_file_larger_than_the_limit_is_refused_before_reading_naming_the_limit_and_how_to_split(
        tmp_path, km, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    regel = f"K-1;Jan;Jansen;6811 AB;ww;{KM};;;32\n"
    pad = schrijf(tmp_path, "groot.csv", KOP + "\n" + regel * (1024 * 1024 // len(regel) + 1))
    fout, _verslag = mislukt("import_kandidaten", pad, "--dry-run")
    assert fout == ("groot.csv is 1,0 MB; een import leest hoogstens 1 MB (instelling IMPORT_MAX_MB). Splits het "
                    "bestand in delen van hoogstens 1 MB, met de kopregel bovenaan elk deel, en importeer die na "
                    "elkaar.")
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024  # the same file under the limit is read (and its doubles named)
    assert "De referentie K-1 staat ook al op regel 2." in mislukt("import_kandidaten", pad, "--dry-run")[1]


def test_checking_a_file_costs_the_same_queries_for_ten_rows_as_for_a_hundred(tmp_path, km):
    """Every postcode area, beroep and werkgever a file named cost a query the first time it came up while checking:
    a 70,000-row file names thousands. Now they are looked up together before the rows are checked."""
    pc4s = list(Postcodegebied.objects.order_by("pc4").values_list("pc4", flat=True)[:100])
    beroepen = [BeroepFactory(naam=f"beroep nummer {n}").naam for n in range(100)]
    werkgevers = [WerkgeverFactory().kvk_nummer for _n in range(100)]

    def kandidaten(aantal):
        return schrijf(tmp_path, f"k{aantal}.csv", KOP + "\n" + "\n".join(
            f"K-{n};Jan;Jansen;{pc4s[n]} AB;ww;{KM};{beroepen[n]};;32" for n in range(aantal)) + "\n")

    def vacatures(aantal):
        return schrijf(tmp_path, f"v{aantal}.csv", "referentie;werkgever_kvk;titel;postcode;uren_per_week;beroep\n"
                       + "\n".join(f"V-{n};{werkgevers[n]};Kok;{pc4s[n]} AB;32;{beroepen[n]}"
                                   for n in range(aantal)) + "\n")

    for commando, bestand, woord in (("import_kandidaten", kandidaten, "regels in orde"),
                                     ("import_vacatures", vacatures, "regels in orde")):
        importeer(commando, bestand(1), "--dry-run")  # what any first import reads once (name maps, content types)
        queries = []
        for aantal in (10, 100):
            with CaptureQueriesContext(connection) as gevangen:
                assert f"{aantal} {woord}" in importeer(commando, bestand(aantal), "--dry-run")
            queries.append(len(gevangen.captured_queries))
        assert queries[0] == queries[1], (commando, queries)
