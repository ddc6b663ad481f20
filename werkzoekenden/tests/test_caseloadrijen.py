"""``{% caseloadrijen %}`` writes the rows of the caseload in Python: character for character what the template
``werkzoekenden/_caseload_rijen.html`` (with ``_kandidaat_naamcel.html``) gives, for every kind of row (own or covered
for a colleague, werkfit or not, contact date or none, every kind of attention, invited or not), with names that need
escaping, in both languages."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.translation import override

from accounts.models import Gemeente, User
from werkzoekenden.models import Kandidaat

SJABLOON = engines["django"].from_string('{% include "werkzoekenden/_caseload_rijen.html" %}')
TAG = engines["django"].from_string("{% load caseloadrijen %}{% caseloadrijen kandidaten %}")
VANDAAG = date(2026, 12, 4)


def _kandidaten():
    ik = User(pk=5, voornaam="Jeske", achternaam="Gunterman")
    collega = User(pk=6, voornaam="Pieter & <Co>", achternaam="de \"Vries\"")
    arnhem, den_bosch = Gemeente(naam="Arnhem"), Gemeente(naam="'s-Hertogenbosch")
    rijen = []
    for i, (km, uitkering, contact, werkfit, te_laat, evaluatie, extra, account) in enumerate([
        (ik, "ww", "telefonisch", True, False, None, [], 11),
        (collega, "bijstand", "face_to_face", False, True, date(2026, 12, 1), ["geen contact"], None),
        (ik, "geen", "zelfstandig", True, True, date(2025, 12, 4), ["<schulden>", "kinderopvang"], 12),
        (collega, "anders", "telefonisch", False, False, date(2027, 1, 1), [], None),
        # a closed dossier (late actions, an evaluation due, no contact, no account): none of it asks for attention
        (ik, "ww", "telefonisch", True, True, date(2026, 12, 1), ["geen contact"], None),
    ]):
        # contact: 30 days before VANDAAG (the rule holds from the 31st day on), never, last year, June
        laatste_contact = [date(2026, 11, 4), None, date(2025, 3, 9), date(2026, 6, 9), None][i]
        kandidaat = Kandidaat(pk=100 + i, voornaam="Anne-<Marie>" if i == 1 else "Willem",
                              achternaam="van 't \"Veld\" & zn" if i == 2 else "Bosman", klantmanager=km,
                              gemeente=den_bosch if i == 3 else arnhem, uitkering=uitkering, soort_contact=contact,
                              werkfit=werkfit, laatste_contact_op=laatste_contact,
                              contactvoorkeur=["app", "bellen", "mail", "app", "bellen"][i],
                              volgende_evaluatie=evaluatie, account_id=account)
        if i == 4:  # closed just after midnight, Dutch time: the 21st, not the 20th
            kandidaat.afgesloten_op = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
            kandidaat.afsluitreden = "werk"
        kandidaat.acties_te_laat = te_laat
        kandidaat.extra_aandacht = extra
        rijen.append(kandidaat)
    return ik, rijen


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("aantal", [1, 5])
def test_the_rows_are_the_templates_own(taal, aantal):
    ik, kandidaten = _kandidaten()
    context = {"kandidaten": kandidaten[:aantal], "user": ik, "vandaag": VANDAAG}
    request = RequestFactory().get("/klantmanager/")
    with override(taal):
        verwacht = SJABLOON.render(context, request)
        rijen = TAG.render(context, request)
    assert verwacht.endswith("\n")
    assert rijen == verwacht[:-1]  # the template file ends with a newline
    assert rijen.count('<tr class="utrecht-table__row" role="row">') == aantal


def test_every_kind_of_row_is_compared():
    """The rows above take every branch, so the comparison covers them all."""
    ik, kandidaten = _kandidaten()
    with override("nl"):
        html = TAG.render({"kandidaten": kandidaten, "user": ik, "vandaag": VANDAAG})
    for stuk in ("waarneming voor Pieter &amp; &lt;Co&gt; de &quot;Vries&quot;", "Anne-&lt;Marie&gt;",
                 "van &#x27;t &quot;Veld&quot; &amp; zn", "acties over datum", "evaluatie 1 dec</span>",
                 "evaluatie 4 dec 2025</span>", "&lt;schulden&gt;", "nog niet uitgenodigd", "laatst: -",
                 "laatst: 9 jun", "laatst: 9 mrt 2025", "laatst: 4 nov", "nog nooit contact",
                 "geen contact sinds 9 jun</span>", "geen contact sinds 9 mrt 2025</span>",
                 "Bijstand (Participatiewet)", ">&#x27;s-Hertogenbosch</td>",
                 '<a class="utrecht-link" href="/dossiers/101/">', ">ja</td>", ">nee</td>",
                 '<span class="wsp-status">afgesloten op 21 nov</span> Uitgestroomd naar werk</td>'):
        assert stuk in html, stuk
    assert html.count("evaluatie ") == 2  # 1 December and last year, not January
    assert html.count("geen contact sinds") == 2  # not 4 November: 30 days before VANDAAG
    # the closed dossier's late actions, evaluation, rule, missing contact and account are not flagged
    assert (html.count("acties over datum"), html.count("nog nooit contact"), html.count("nog niet uitgenodigd"),
            html.count(">geen contact</span>")) == (2, 1, 2, 1)
    # nothing needs attention: an empty cell, which a card on a phone leaves out (wsp-tabel--stapel, td:empty)
    assert html.count('data-kolom="Aandacht"></td>') == 1
