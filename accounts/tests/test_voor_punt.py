"""A name that ends a sentence: "Je werkt nu bij De Heul B.V." and not "B.V..", in mails and on pages."""

from datetime import date
from types import SimpleNamespace as Ns

from django.template import Context, Template
from django.template.loader import get_template

from accounts.templatetags.wsp import voor_punt


def test_a_name_ending_in_a_full_stop_loses_it_before_the_sentence_stop():
    assert voor_punt("De Heul Installatietechniek B.V.") == "De Heul Installatietechniek B.V"
    assert voor_punt("Bakkerij Jansen") == "Bakkerij Jansen"
    assert voor_punt("Even wachten...") == "Even wachten..."  # an ellipsis stays
    assert voor_punt("") == ""
    sjabloon = Template('{% load wsp %}{% autoescape on %}Bij {{ naam|voor_punt }}.{% endautoescape %}')
    assert sjabloon.render(Context({"naam": "Smit & Zn. B.V."})) == "Bij Smit &amp; Zn. B.V."


def test_the_checkin_mail_to_the_werknemer_ends_the_sentence_once():
    m = Ns(plaatsing=Ns(werkgever=Ns(naam="De Heul B.V.", contactpersoon_naam="Martijn"),
                       kandidaat=Ns(voornaam="Anja"), functie="Monteur"))
    tekst = get_template("emails/plaatsingen/checkin.txt").template.render(Context(
        {"m": m, "rol": "werknemer", "site_url": "https://wsp.example", "link": "/hoe-gaat-het/x/",
         "geldig_tot": date(2026, 12, 16), "am": None}, autoescape=False))
    assert "Je werkt nu bij De Heul B.V. Hoe gaat het?" in tekst, tekst
    assert ".." not in tekst


def test_the_consent_answer_mail_ends_on_the_vacature_title_once():
    verzoek = Ns(gevraagd_door=Ns(get_short_name="Anton"), werkgever=Ns(naam="De Heul B.V."),
                 vacature=Ns(titel="Monteur m/v."))
    tekst = get_template("emails/werkzoekenden/toestemming_beantwoord.txt").template.render(Context(
        {"verzoek": verzoek, "ja": True, "site_url": "https://wsp.example"}, autoescape=False))
    assert "voor de vacature Monteur m/v. Je kunt nu voordragen." in tekst, tekst
