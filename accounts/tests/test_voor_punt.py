"""A name that ends a sentence: "Je werkt nu bij De Heul B.V." and not "B.V..", in mails and on pages."""

from datetime import date
from types import SimpleNamespace as Ns

from django.template import Context, Template
from django.template.loader import get_template


def _zin(naam, sjabloon="Bij {{ naam }}."):
    return Template("{% load wsp %}{% autoescape on %}{% filter een_punt %}" + sjabloon
                    + "{% endfilter %}{% endautoescape %}").render(Context({"naam": naam}))


def test_a_name_ending_in_a_full_stop_loses_it_before_the_sentence_stop():
    assert _zin("De Heul Installatietechniek B.V.") == "Bij De Heul Installatietechniek B.V."
    assert _zin("Bakkerij Jansen") == "Bij Bakkerij Jansen."
    assert _zin("Even wachten...") == "Bij Even wachten..."  # an ellipsis stays, without a fourth period
    assert _zin("") == "Bij ."
    assert _zin("Smit & Zn. B.V.") == "Bij Smit &amp; Zn. B.V."


def test_a_name_ending_in_an_exclamation_or_question_mark_or_an_ellipsis_gets_no_period_after_it():
    """Review: the filter ``voor_punt`` on the name still gave "Bij Yahoo!." (``een_punt`` had learnt it): a filter on
    the name cannot take away the period the template writes after it, so the sentence goes through ``een_punt``."""
    assert _zin("Yahoo!") == "Bij Yahoo!"
    assert _zin("Wat Nu?", "Bij {{ naam }}. Hoe gaat het?") == "Bij Wat Nu? Hoe gaat het?"
    assert _zin("Bakkerij Zo…") == "Bij Bakkerij Zo…"
    assert _zin("<b>Zo!</b>") == "Bij &lt;b&gt;Zo!&lt;/b&gt;."  # escaped, and the period after a tag stays


def test_the_checkin_mail_to_the_werknemer_ends_the_sentence_once():
    m = Ns(plaatsing=Ns(werkgever=Ns(naam="De Heul B.V.", contactpersoon_naam="Martijn"),
                       kandidaat=Ns(voornaam="Anja"), functie="Monteur"))
    tekst = get_template("emails/plaatsingen/checkin.txt").template.render(Context(
        {"m": m, "rol": "werknemer", "site_url": "https://wsp.example", "link": "/hoe-gaat-het/x/",
         "geldig_tot": date(2026, 12, 16), "am": None}, autoescape=False))
    assert "Je werkt nu bij De Heul B.V. Hoe gaat het?" in tekst, tekst
    assert ".." not in tekst
    m.plaatsing.werkgever.naam = "Yahoo!"
    tekst = get_template("emails/plaatsingen/checkin.txt").template.render(Context(
        {"m": m, "rol": "werknemer", "site_url": "https://wsp.example", "link": "/hoe-gaat-het/x/",
         "geldig_tot": date(2026, 12, 16), "am": None}, autoescape=False))
    assert "Je werkt nu bij Yahoo! Hoe gaat het?" in tekst, tekst


def test_the_consent_answer_mail_ends_on_the_vacature_title_once():
    verzoek = Ns(gevraagd_door=Ns(get_short_name="Anton"), werkgever=Ns(naam="De Heul B.V."),
                 vacature=Ns(titel="Monteur m/v."))
    tekst = get_template("emails/werkzoekenden/toestemming_beantwoord.txt").template.render(Context(
        {"verzoek": verzoek, "ja": True, "site_url": "https://wsp.example"}, autoescape=False))
    assert "voor de vacature Monteur m/v. Je kunt nu voordragen." in tekst, tekst
