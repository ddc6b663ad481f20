"""``{% matchkaarten %}`` writes the cards of "Wie past erbij?" in Python: character for character what the template
``matching/_match.html`` gives, for every kind of row (fits or misses something, name shown or pseudonym, on the
shortlist or not, consent asked, not yet werkfit), with text that needs escaping, in both languages."""

from types import SimpleNamespace

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import override

from matching.engine import Onderdeel, Resultaat

SJABLOON = engines["django"].from_string('{% include "matching/_match.html" with rijen=rijen %}')
TAG = engines["django"].from_string("{% load matchkaarten %}{% matchkaarten rijen %}")


def _kandidaat(pk, **velden):
    basis = {"voornaam": "Jan", "achternaam": "de Vries", "pseudoniem": f"K{pk}X7", "werkfit": True,
             "gemeente": "Arnhem"}
    basis.update(velden)
    kandidaat = SimpleNamespace(pk=pk, **basis)
    kandidaat.anoniem = f"Kandidaat {kandidaat.pseudoniem}"
    return kandidaat


def _rijen():
    past = Resultaat(kandidaat_id=1, totaal=87.456, onderdelen=[
        Onderdeel("vereist", 40, 40, "3 van 3 vereiste vaardigheden"),
        Onderdeel("afstand", 5, 10, "Woont 12 km weg & <reist> met \"de\" bus")])
    mist = Resultaat(kandidaat_id=2, totaal=41.5, onderdelen=[Onderdeel("contract", 0, 5, "Zoekt vast")],
                     mist=["rijbewijs B", "Nederlands op niveau B1 (heeft A2) & <meer>", mark_safe("<em>veilig</em>")])
    leeg = Resultaat(kandidaat_id=3, totaal=0, onderdelen=[])
    rijen = []
    for i, (resultaat, zichtbaar, shortlist, gevraagd, werkfit) in enumerate([
        (past, True, False, False, True), (past, False, True, False, True), (mist, False, False, True, False),
        (mist, True, True, False, False), (leeg, False, False, False, True), (past, False, False, True, True),
    ]):
        kandidaat = _kandidaat(1000 + i, voornaam="Anne-<Marie> & \"Co\"" if i == 3 else "Jan", werkfit=werkfit,
                               gemeente=None if i == 4 else "'s-Hertogenbosch")
        rijen.append({"r": resultaat, "k": kandidaat, "naam_zichtbaar": zichtbaar, "op_shortlist": shortlist,
                      "gevraagd": gevraagd})
    return rijen


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("aantal", [0, 1, 6])
def test_the_cards_are_the_templates_own(taal, aantal):
    request = RequestFactory().get("/vacatures/7/matches/")
    context = {"rijen": _rijen()[:aantal], "vacature": SimpleNamespace(pk=7), "csrf_token": "token<&>"}
    with override(taal):
        verwacht = SJABLOON.render(context, request)
        kaarten = TAG.render(context, request)
    assert kaarten == verwacht
    assert kaarten.count('<li class="wsp-kaart">') == aantal


def test_every_kind_of_row_is_compared():
    """The rows above take every branch of the card, so the comparison covers them all."""
    with override("nl"):
        html = TAG.render({"rijen": _rijen(), "vacature": SimpleNamespace(pk=7), "csrf_token": "t"})
    for stuk in ("Past voor 87%", "<strong>Mist:</strong>", "(anoniem)", "Van de shortlist", "Op de shortlist",
                 "Toestemming gevraagd: wacht op antwoord", "Voordragen", "Toestemming vragen", "nog niet werkfit",
                 "Anne-&lt;Marie&gt; &amp; &quot;Co&quot;", "&lt;reist&gt;", "<em>veilig</em>",
                 "/vacatures/7/voordragen/", "/vacatures/7/toestemming-vragen/1004/", ", None"):
        assert stuk in html, stuk
