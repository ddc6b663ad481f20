"""``{% plaatsingregels %}`` writes the werkgever's "Uw mensen via ons" in Python: character for character what the
template ``werkgevers/_plaatsing_regels.html`` gives, for every kind and status of plaatsing, waiting for the
werkgever's signature (the first or again) or not, with or without a next contact moment (one that is another day in
Amsterdam than in UTC), with names that need escaping, in both languages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.translation import override

from klantreis.lib import datums
from plaatsingen.models import Plaatsing
from tests.pariteit import tag_en_sjabloon
from werkzoekenden.models import Kandidaat

TAG = engines["django"].from_string("{% load plaatsingregels %}{% plaatsingregels plaatsingen %}")


def _plaatsingen():
    namen = [("Willem", "Bosman"), ("Anne-<Marie>", "van 't \"Veld\" & zn"), ("Zoë", "Çelik")]
    rijen = []
    soorten = list(Plaatsing.Soort)
    for i, status in enumerate(Plaatsing.Status):
        for met_moment in (True, False):
            voornaam, achternaam = namen[(i + met_moment) % len(namen)]
            p = Plaatsing(pk=300 + 2 * i + met_moment, status=status, soort=soorten[i % len(soorten)],
                          kandidaat=Kandidaat(pk=100 + i, voornaam=voornaam, achternaam=achternaam))
            p.volgend_moment = (datetime(2027, 3, 31, 23, 30, tzinfo=UTC) if i % 2 else
                                datetime(2026, 12, 8, 9, 0, tzinfo=UTC)) if met_moment else None
            rijen.append(p)
    laat = Plaatsing(pk=399, status=Plaatsing.Status.LOPEND, soort=Plaatsing.Soort.VAST,
                     kandidaat=Kandidaat(pk=199, voornaam="Pim", achternaam="de Vries"))
    laat.volgend_moment = datetime(2027, 3, 31, 23, 30, tzinfo=UTC)  # 1 April in Amsterdam
    # Running, with a corrected overeenkomst to sign again.
    opnieuw = Plaatsing(pk=398, status=Plaatsing.Status.LOPEND, soort=Plaatsing.Soort.WERKERVARING,
                        opnieuw_te_ondertekenen_sinds=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
                        kandidaat=Kandidaat(pk=198, voornaam="Sem", achternaam="Bakker"))
    opnieuw.volgend_moment = None
    # Signed, but its startdatum is still to come (one needing a signature, one without an overeenkomst).
    getekend = Plaatsing(pk=397, status=Plaatsing.Status.LOPEND, soort=Plaatsing.Soort.WERKERVARING,
                         startdatum=timezone.localdate() + timedelta(days=7),
                         kandidaat=Kandidaat(pk=197, voornaam="Willem", achternaam="Wit"))
    getekend.volgend_moment = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    vast = Plaatsing(pk=396, status=Plaatsing.Status.LOPEND, soort=Plaatsing.Soort.VAST,
                     startdatum=timezone.localdate() + timedelta(days=1),
                     kandidaat=Kandidaat(pk=196, voornaam="Vera", achternaam="Vast"))
    vast.volgend_moment = None
    return [*rijen, laat, opnieuw, getekend, vast]


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("aantal", [0, 1, 2 * len(Plaatsing.Status) + 4])
def test_the_lines_are_the_templates_own(taal, aantal):
    verwacht, regels = tag_en_sjabloon("werkgevers/_plaatsing_regels.html", "plaatsingregels",
                                       {"plaatsingen": _plaatsingen()[:aantal]}, pad="/werkgever/", taal=taal)
    assert regels == verwacht
    assert regels.count("<li>") == aantal


def _jaar(jaar):
    """A date of another year than this one is written with its year (klantreis.lib.datums.kort)."""
    return "" if timezone.localdate().year == jaar else f" {jaar}"


def test_every_kind_of_line_is_compared():
    """The lines above take every branch, so the comparison covers them all."""
    with override("nl"):
        html = TAG.render({"plaatsingen": _plaatsingen()})
    for stuk in ('<li><a class="utrecht-link" href="/plaatsingen/301/">',
                 "Anne-&lt;Marie&gt; van &#x27;t &quot;Veld&quot; &amp; zn</a>",
                 "tijdelijk contract, <strong>wacht op uw handtekening</strong>",
                 f", loopt. Volgend contact: 8 december{_jaar(2026)}</li>", ", loopt</li>",
                 "werkervaringsplaats, omgezet in contract</li>",
                 f"Pim de Vries</a>: vast contract, loopt. Volgend contact: 1 april{_jaar(2027)}</li>",
                 "Sem Bakker</a>: werkervaringsplaats, loopt. <strong>Gewijzigde overeenkomst: wacht op uw handtekening"
                 "</strong></li>",
                 "proefplaatsing (met behoud van uitkering), "):
        assert stuk in html, stuk
    # Signed for a start still to come: not "loopt" (it has not begun) but when it starts.
    start = datums.kort(timezone.localdate() + timedelta(days=7), "j F")
    assert f"Willem Wit</a>: werkervaringsplaats, getekend, start op {start}. Volgend contact" in html
    assert (f"Vera Vast</a>: vast contract, start op {datums.kort(timezone.localdate() + timedelta(days=1), 'j F')}"
            "</li>") in html
    assert "Volgend contact" not in html.split("loopt")[0]  # only a running plaatsing names its next contact
    assert "handtekening werkgever" not in html  # the werkgever reads one phrase: his own signature is awaited
