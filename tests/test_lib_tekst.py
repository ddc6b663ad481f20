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
