import pytest

from klantreis.lib.tekst import een_punt


@pytest.mark.parametrize("tekst,verwacht", [
    ("Dank je. We delen niets met De Heul Installatietechniek B.V..", "Dank je. We delen niets met De Heul "
                                                                       "Installatietechniek B.V."),
    ("met Bakker B.V.. Vraag eerst toestemming.", "met Bakker B.V. Vraag eerst toestemming."),
    ("met Bakkerij Van Dam. Vraag eerst.", "met Bakkerij Van Dam. Vraag eerst."),
    ("Even wachten... daarna verder.", "Even wachten... daarna verder."),
])
def test_a_sentence_ending_on_a_name_with_a_period_ends_once(tekst, verwacht):
    assert een_punt(tekst) == verwacht


@pytest.mark.parametrize("tekst,verwacht", [
    ("Dank je. We delen niets met Yahoo!.", "Dank je. We delen niets met Yahoo!"),
    ("met Wat Nu?. Vraag eerst toestemming.", "met Wat Nu? Vraag eerst toestemming."),
    ("Je begint op maandag bij Bakkerij Zo….", "Je begint op maandag bij Bakkerij Zo…"),
    ("Je begint op maandag bij Bakkerij Zo....", "Je begint op maandag bij Bakkerij Zo..."),
    ("Wat nu? Bel ons!", "Wat nu? Bel ons!"),
    ("Kijk op zo...nl. Even wachten... daarna.", "Kijk op zo...nl. Even wachten... daarna."),
])
def test_a_sentence_ending_on_a_name_with_an_exclamation_question_mark_or_ellipsis_adds_no_period(tekst, verwacht):
    """Review of ``een_punt``: a werkgever's name ending in "!", "?" or an ellipsis got the sentence's period after
    it ("bij Yahoo!.", "bij Bakkerij Zo…."): the same typo as "B.V..", which it was written to take away."""
    assert een_punt(tekst) == verwacht
