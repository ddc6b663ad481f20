"""``{% passende_vacatures %}`` and ``{% breder_kijken %}`` write the dossier's cards in Python: character for
character what ``werkzoekenden/_passende_vacatures.html`` and ``werkzoekenden/_breder_kijken.html`` give, with no,
one or several matches and explanations, suggestions with and without missing skills (more than four, one more,
none) and open vacatures (none, one, several), no suggestions for someone with skills or without, for the
werkzoekende and for staff, with names that need escaping, in both languages."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils.translation import override

from accounts.models import Gemeente, Rol, User
from beroepen.models import Beroep
from matching.selectors import Suggesties
from tests.pariteit import verzoek_als, zonder_csrf
from werkgevers.models import Vacature, Werkgever
from werkzoekenden.models import Kandidaat


def _sjabloon(naam):
    return engines["django"].from_string(f'{{% include "werkzoekenden/_{naam}.html" %}}')


def _tag(naam):
    return engines["django"].from_string(f"{{% load dossierkaarten %}}{{% {naam} %}}")


def _beide(naam, context, rol, taal):
    verzoek = verzoek_als(User(pk=5, rol=rol, voornaam="Jeske") if rol else AnonymousUser(), "/dossiers/7/")
    with override(taal):
        verwacht, kaart = _sjabloon(naam).render(context, verzoek), _tag(naam).render(context, verzoek)
    return zonder_csrf(verwacht, verzoek)[0], zonder_csrf(kaart, verzoek)[0]


def _passend(aantal):
    vacatures = []
    for i in range(aantal):
        werkgever = Werkgever(pk=10 + i, naam=["Bakkerij <Van Dam>", "O'Reilly & Zn", "Zorg"][i % 3])
        v = Vacature(pk=20 + i, titel=f'Medewerker "{i}" <b>', werkgever=werkgever)
        v.gemeente = Gemeente(naam="Arnhem & <Oosterbeek>")
        uitleg = ["Vaardigheden: 3 van 4 <vereist>", "Afstand 12 km", "Uren & dagen"][:i]
        r = SimpleNamespace(totaal=[87.4, 66.5, 100.0, 0.49][i % 4],
                            onderdelen=[SimpleNamespace(uitleg=u) for u in uitleg])
        vacatures.append({"r": r, "v": v})
    return vacatures


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("aantal", [0, 1, 4])
def test_the_matching_vacatures_are_the_templates_own(aantal, taal):
    verwacht, kaart = _beide("passende_vacatures", {"passende_vacatures": _passend(aantal)}, Rol.KLANTMANAGER, taal)
    assert kaart == verwacht
    assert kaart.count("<strong>Medewerker &quot;") == aantal


def _suggesties(aantal, vaardigheden):
    uit = Suggesties(vaardigheden=vaardigheden)
    for i in range(aantal):
        alle = ["VCA", "Heftruck <rijden>", "Plannen & organiseren", "Excel", "Engels"]
        nog = [alle[:n] for n in (5, 4, 1, 0)][i % 4]
        uit.append({"beroep": Beroep(pk=40 + i, naam=f"Beroep <{i}> & co"), "gedeeld": 3 + i, "totaal": 9,
                    "nog_nodig": nog[:4], "nog_meer": [3, 1, 0, 0][i % 4], "open_vacatures": [0, 1, 7, 2][i % 4]})
    return uit


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("rol", [Rol.WERKZOEKENDE, Rol.KLANTMANAGER, None])
@pytest.mark.parametrize("aantal,vaardigheden", [(0, 0), (0, 1), (0, 8), (1, 5), (4, 12)])
def test_broader_looking_is_the_templates_own(aantal, vaardigheden, rol, taal):
    context = {"suggesties": _suggesties(aantal, vaardigheden), "kandidaat": Kandidaat(pk=7)}
    verwacht, kaart = _beide("breder_kijken", context, rol, taal)
    assert kaart == verwacht
    assert kaart.count('name="actie" value="breder"') == aantal
    if aantal == 4 and taal == "nl":
        for stuk in (("Beroep &lt;0&gt; &amp; co</strong>: 3 van 9 vaardigheden; nog nodig: VCA, "
                      "Heftruck &lt;rijden&gt;"),
                     " en 3 andere.", " en 1 andere.", "1 open vacature in de regio.", "7 open vacatures in de regio.",
                     'action="/dossiers/7/wensen/"'):
            assert stuk in kaart, stuk
