"""``{% waar_sta_ik %}`` writes the card "Waar sta ik?" in Python: character for character what the template
``werkzoekenden/_waar_sta_ik.html`` gives, for both routes at every step, with steps that were not needed, every
answer to "wie doet het", with and without a klantmanager, remarks and a gesprek to prepare for, for the
werkzoekende and for the klantmanager (``medewerker``), with names that need escaping, in both languages."""

import itertools

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.translation import override

from accounts.models import User
from portaal.waar_sta_ik import BIJSTAND_STAPPEN, IK, KLANTMANAGER, SAMEN, WERKGEVER, WSP, WW_STAPPEN, _reis
from werkzoekenden.models import Kandidaat

SJABLOON = {medewerker: engines["django"].from_string(
    '{% include "werkzoekenden/_waar_sta_ik.html"' + (" with medewerker=True" if medewerker else "") + " %}")
    for medewerker in (False, True)}
TAG = {medewerker: engines["django"].from_string(
    "{% load reisstappen %}{% waar_sta_ik" + (" medewerker=True" if medewerker else "") + " %}")
    for medewerker in (False, True)}


def _kandidaat(met_klantmanager):
    kandidaat = Kandidaat(pk=7, voornaam='Zoë <b>"', achternaam="van 't Veld")
    kandidaat.klantmanager = User(pk=3, voornaam="Jeske & <i>", achternaam="O'Gunterman") if met_klantmanager else None
    return kandidaat


def _reizen():
    for soort, titels in (("ww", WW_STAPPEN), ("bijstand", BIJSTAND_STAPPEN)):
        for huidig in range(1, len(titels) + 1):
            for wie, niet_nodig, opmerkingen, gesprek_id in (
                    (IK, (), (), None), (KLANTMANAGER, (2,), ("Let op: <b>schulden</b> & zorg",), 41),
                    (SAMEN, (1, 3), ("Eén", "Twee"), None), (WERKGEVER, (), (), 12), (WSP, (huidig - 1,), (), None)):
                yield _reis(soort, titels, huidig, f"Bel {huidig} & <kijk>", wie, niet_nodig=niet_nodig,
                            opmerkingen=opmerkingen, gesprek_id=gesprek_id)


def _beide(reis, kandidaat, medewerker, taal):
    context, verzoek = {"reis": reis, "kandidaat": kandidaat}, RequestFactory().get("/mijn/")
    with override(taal):
        verwacht = SJABLOON[medewerker].render(context, verzoek)
        kaart = TAG[medewerker].render(context, verzoek)
    assert verwacht.endswith("\n"), "the template file ends with a newline"
    return verwacht[:-1], kaart


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("medewerker", [False, True])
@pytest.mark.parametrize("met_klantmanager", [True, False])
def test_the_card_is_the_templates_own_at_every_step(taal, medewerker, met_klantmanager):
    kandidaat = _kandidaat(met_klantmanager)
    for reis in _reizen():
        verwacht, kaart = _beide(reis, kandidaat, medewerker, taal)
        assert kaart == verwacht, (reis.soort, reis.nu.nummer, reis.wie)


def test_the_cards_take_every_branch():
    """The journeys above reach every status of a step, every "wie", the remarks and the gesprek link."""
    with override("nl"):
        html = "".join(_beide(reis, _kandidaat(km), medewerker, "nl")[1] for reis, km, medewerker in
                       itertools.product(_reizen(), (True, False), (True, False)))
    for stuk in ('aria-current="step"', ">✓</span>", ">–</span>", '<span class="wsp-verborgen">(nog niet)</span>',
                 '<span class="wsp-reis__klein">(niet nodig)</span>', "hier ben je nu", "hier is het nu",
                 "Jeske &amp; &lt;i&gt; O&#x27;Gunterman, je contactpersoon", "jij en je contactpersoon",
                 "Zoë &lt;b&gt;&quot; en Jeske", "de werkgever (met het Werkgeversservicepunt)", "UWV of de gemeente",
                 "Let op: &lt;b&gt;schulden&lt;/b&gt; &amp; zorg", 'href="/mijn/gesprekken/41/voorbereiding/"',
                 "Waar staat Zoë &lt;b&gt;&quot; in de klantreis?", "De route naar werk vanuit de bijstand."):
        assert stuk in html, stuk
