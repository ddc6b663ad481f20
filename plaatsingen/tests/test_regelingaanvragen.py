"""The aanvraag and besluit of each regeling of a plaatsing.

An exploration as users found that the portal kept no state of the application for a regeling: one applied for with
UWV or the gemeente could be taken off the plaatsing through "Gegevens corrigeren" without a trace, and the werkgever
could not see where his subsidy stood (he had to chase the WSP). Now each regeling has its ``Regelingaanvraag``
(aangevraagd, toegekend, afgewezen, ingetrokken) with a history; the plaatsing page shows it; a running or granted one
cannot be taken off; a besluit is a melding for the werkgever.

Anja Roest is in a signed, running proefplaatsing from Monday 2 March 2026 (``w``); the clock stands still then."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Verwerking
from accounts.tests.factories import AccountmanagerFactory, WerkzoekendeUserFactory
from bemiddeling.services import voordracht_uitkomst
from klantreis.lib.toestanden import OvergangNietToegestaan
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from plaatsingen.models import AANVRAAG_REDEN_MAX, Plaatsing, Regelingaanvraag
from plaatsingen.services import (
    AKKOORD_VASTGELEGD,
    REGELING_BESLUIT,
    correctie_stand,
    plaatsing_corrigeren,
    plaatsing_starten,
    proefplaatsing_afronden,
    proefplaatsing_akkoord,
    regeling_aanvragen,
    regeling_besluit,
    regelingaanvraag_stand,
)
from privacy.export import gegevens_van, kandidaat_voor_export
from privacy.pdf import gegevens_pdf
from werkgevers.models import Instrument

pytestmark = pytest.mark.django_db

MAANDAG = date(2026, 3, 2)
VRIJDAG = date(2026, 2, 27)


@pytest.fixture
def polis(w):
    """The no-riskpolis on Anja's proefplaatsing, still to be applied for."""
    polis = Instrument.objects.get(naam="No-riskpolis")
    w.plaatsing.instrumenten.add(polis)
    return polis


def _aanvragen(w, polis, **kwargs):
    return regeling_aanvragen(plaatsing=w.plaatsing, instrument=polis, door=w.accountmanager,
                              **{"aangevraagd_op": VRIJDAG, **kwargs})


def _besluit(w, polis, besluit, **kwargs):
    return regeling_besluit(plaatsing=w.plaatsing, instrument=polis, door=w.accountmanager, besluit=besluit,
                            **{"op": MAANDAG, **kwargs})


def _zonder(w, polis):
    """"Gegevens corrigeren" with every regeling but the polis."""
    return plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Polis per ongeluk aangevinkt.",
                                instrumenten=list(w.plaatsing.instrumenten.exclude(pk=polis.pk)))


# --- services ------------------------------------------------------------------------------------------------------


def test_an_aanvraag_goes_with_whom_the_gids_says_and_keeps_its_history(w, polis):
    aanvraag = _aanvragen(w, polis, kenmerk=" NRP-2026-0113 ")
    assert (aanvraag.status, aanvraag.aangevraagd_op, aanvraag.aangevraagd_bij, aanvraag.kenmerk) == (
        "aangevraagd", VRIJDAG, polis.aanvragen_bij, "NRP-2026-0113")
    _besluit(w, polis, "toegekend")
    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.besluit_op) == ("toegekend", MAANDAG)
    geschiedenis = list(aanvraag.wijzigingen.values_list("van", "naar", "door", "toelichting"))
    assert geschiedenis == [
        ("", "aangevraagd", w.accountmanager.pk,
         f"aangevraagd bij {polis.aanvragen_bij} op 27 februari 2026, kenmerk NRP-2026-0113"),
        ("aangevraagd", "toegekend", w.accountmanager.pk, "toegekend op 2 maart 2026"),
    ]
    # Her data changed: a line in the verwerkingenlog each time.
    assert Verwerking.objects.filter(actie=Verwerking.Actie.WIJZIGEN, doel__in=[
        "regeling aanvragen", "besluit over een regeling"]).count() == 2


def test_a_rejected_aanvraag_can_be_applied_for_again_and_the_first_stays_in_the_history(w, polis):
    _aanvragen(w, polis, aangevraagd_bij="UWV Arnhem")
    _besluit(w, polis, "afgewezen", reden="Geen doelgroepverklaring.")
    aanvraag = _aanvragen(w, polis, aangevraagd_op=MAANDAG, aangevraagd_bij="UWV Nijmegen")
    assert (aanvraag.status, aanvraag.besluit_op, aanvraag.reden, aanvraag.aangevraagd_bij) == (
        "aangevraagd", None, "", "UWV Nijmegen")
    assert [n for n in aanvraag.wijzigingen.values_list("naar", flat=True)] == ["aangevraagd", "afgewezen",
                                                                                  "aangevraagd"]
    assert "afgewezen op 2 maart 2026: Geen doelgroepverklaring." in aanvraag.wijzigingen.values_list(
        "toelichting", flat=True)


@pytest.mark.parametrize("velden, veld, fout", [
    ({"aangevraagd_op": MAANDAG + timedelta(days=1)}, "aangevraagd_op", "Deze datum ligt in de toekomst."),
])
def test_an_aanvraag_in_the_future_is_refused(w, polis, velden, veld, fout):
    with pytest.raises(ValidationError) as exc:
        _aanvragen(w, polis, **velden)
    assert fout in exc.value.message_dict[veld][0]
    assert not Regelingaanvraag.objects.exists()


def test_the_besluit_is_guarded(w, polis):
    # Nothing applied for yet: no besluit.
    with pytest.raises(ValidationError, match="nog niet aangevraagd"):
        _besluit(w, polis, "toegekend")
    aanvraag = _aanvragen(w, polis)
    with pytest.raises(ValidationError) as exc:
        _besluit(w, polis, "afgewezen", reden="  ")
    assert "waarom de aanvraag is afgewezen" in exc.value.message_dict["reden"][0]
    with pytest.raises(ValidationError) as exc:
        _besluit(w, polis, "toegekend", op=MAANDAG + timedelta(days=1))
    assert "in de toekomst" in exc.value.message_dict["op"][0]
    with pytest.raises(ValidationError) as exc:
        _besluit(w, polis, "toegekend", op=VRIJDAG - timedelta(days=1))
    assert exc.value.message_dict["op"] == ["Deze datum ligt vóór de aanvraag (27 februari 2026)."]
    _besluit(w, polis, "toegekend")
    # Granted: only a withdrawal follows, not a rejection afterwards.
    with pytest.raises(OvergangNietToegestaan):
        _besluit(w, polis, "afgewezen", reden="Toch niet.")
    with pytest.raises(OvergangNietToegestaan):  # a form opened before it was granted
        _besluit(w, polis, "ingetrokken", stand=str(aanvraag.wijzigingen.first().pk))
    _besluit(w, polis, "ingetrokken", reden="Werkgever ziet ervan af.")
    assert Regelingaanvraag.objects.get().status == "ingetrokken"


def test_only_a_regeling_of_the_plaatsing_is_applied_for(w, polis):
    ander = Instrument.objects.get(naam="Loonkostensubsidie")
    w.plaatsing.instrumenten.remove(ander)
    with pytest.raises(ValidationError, match="hoort niet \\(meer\\) bij deze plaatsing"):
        _aanvragen(w, ander)


@pytest.mark.parametrize("stappen, melding", [
    ([("aanvragen",)], "No-riskpolis is aangevraagd bij UWV op 27 februari 2026. Leg eerst bij de regeling vast dat "
                       "de aanvraag is ingetrokken; daarna kun je hem hier weghalen."),
    ([("aanvragen",), ("toegekend",)], "No-riskpolis is toegekend op 2 maart 2026. Leg eerst bij de regeling vast dat "
                                       "die is ingetrokken; daarna kun je hem hier weghalen."),
])
def test_a_regeling_applied_for_or_granted_is_not_taken_off_by_a_correction(w, polis, stappen, melding):
    _aanvragen(w, polis, aangevraagd_bij="UWV")
    if ("toegekend",) in stappen:
        _besluit(w, polis, "toegekend")
    with pytest.raises(ValidationError) as exc:
        _zonder(w, polis)
    assert exc.value.message_dict["instrumenten"] == [melding]
    assert w.plaatsing.instrumenten.filter(pk=polis.pk).exists()


@pytest.mark.parametrize("besluit", ["afgewezen", "ingetrokken"])
def test_a_rejected_or_withdrawn_regeling_is_taken_off_and_its_aanvraag_kept(w, polis, besluit):
    _aanvragen(w, polis)
    _besluit(w, polis, besluit, reden="Past niet.")
    _zonder(w, polis)
    assert not w.plaatsing.instrumenten.filter(pk=polis.pk).exists()
    assert Regelingaanvraag.objects.get().status == besluit  # the trace stays


def test_the_contract_after_the_proefplaatsing_takes_the_aanvragen_of_its_regelingen_along(w, polis):
    _aanvragen(w, polis, kenmerk="NRP-1")
    _besluit(w, polis, "toegekend")
    contract = proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                       contractsoort="vast", startdatum=date(2026, 5, 4), uren_per_week=32)
    overgenomen = Regelingaanvraag.objects.get(plaatsing=contract)
    assert (overgenomen.instrument, overgenomen.status, overgenomen.kenmerk) == (polis, "toegekend", "NRP-1")
    assert overgenomen.wijzigingen.get().toelichting == "overgenomen van de proefplaatsing: toegekend op 2 maart 2026"


# --- the melding -----------------------------------------------------------------------------------------------


def test_a_besluit_is_a_melding_for_the_werkgever_and_not_for_who_recorded_it(w, polis, met_commit):
    _aanvragen(w, polis)
    met_commit(_besluit, w=w, polis=polis, besluit="toegekend")
    url = reverse("plaatsing_detail", args=[w.plaatsing.pk]) + "#afspraken-en-regelingen"
    assert list(Melding.objects.values_list("ontvanger", "tekst", "url")) == [
        (w.werkgever_user.pk, "Goed nieuws: No-riskpolis voor de plaatsing van Anja (Monteur) is toegekend.", url)]
    assert Gebeurtenis.objects.filter(soort=REGELING_BESLUIT).count() == 1


def test_a_rejection_recorded_by_a_colleague_tells_the_vaste_accountmanager_too(w, polis, met_commit):
    collega = AccountmanagerFactory(regio=w.accountmanager.regio, organisatie=w.accountmanager.organisatie)
    regeling_aanvragen(plaatsing=w.plaatsing, instrument=polis, door=collega, aangevraagd_op=VRIJDAG)
    met_commit(regeling_besluit, plaatsing=w.plaatsing, instrument=polis, door=collega, besluit="afgewezen",
               op=MAANDAG, reden="Werkgever heeft al een polis.")
    teksten = dict(Melding.objects.values_list("ontvanger", "tekst"))
    assert teksten == {
        w.werkgever_user.pk: "No-riskpolis voor de plaatsing van Anja (Monteur) is afgewezen. Bij de plaatsing leest u "
                             "waarom.",
        w.accountmanager.pk: "No-riskpolis voor de plaatsing van Anja bij De Heul Installatietechniek is afgewezen.",
    }
    # The reason is on the page, behind the login, not in the melding.
    assert "polis." not in " ".join(teksten.values())


def test_a_withdrawal_is_no_melding(w, polis, met_commit):
    _aanvragen(w, polis)
    met_commit(_besluit, w=w, polis=polis, besluit="ingetrokken")
    assert not Melding.objects.exists() and not Gebeurtenis.objects.filter(soort=REGELING_BESLUIT).exists()


# --- the pages -------------------------------------------------------------------------------------------------------


def _stand():
    """The version of the (only) aanvraag a form opened now carries (``regelingaanvraag_stand``)."""
    return regelingaanvraag_stand(Regelingaanvraag.objects.get())


def _regeling_html(client, w, polis):
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    return html.split(f'id="regeling-{polis.pk}"', 1)[1].split('<li id="regeling-', 1)[0].split("</section>", 1)[0]


def test_the_accountmanager_records_on_the_page_and_the_werkgever_reads_where_it_stands(client, w, polis):
    client.force_login(w.accountmanager)
    html = _regeling_html(client, w, polis)
    assert "Geen aanvraag vastgelegd" in html and "Aanvraag vastleggen" in html
    assert f'action="{reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk])}"' in html
    antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-aangevraagd_op": "27-02-2026", f"r{polis.pk}-aangevraagd_bij": "UWV Arnhem",
        f"r{polis.pk}-kenmerk": "NRP-7", f"r{polis.pk}-stand": ""})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("plaatsing_detail", args=[w.plaatsing.pk]) + "#afspraken-en-regelingen"
    html = _regeling_html(client, w, polis)
    assert "Aangevraagd</span> bij UWV Arnhem op 27 februari 2026 (kenmerk NRP-7)" in html
    assert "Geschiedenis van de aanvraag" in html and "Besluit vastleggen" in html
    antwoord = client.post(reverse("regeling_besluit", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-besluit": "afgewezen", f"r{polis.pk}-op": "02-03-2026",
        f"r{polis.pk}-reden": "Al een polis via de branche.", f"r{polis.pk}-stand": _stand()})
    assert antwoord.status_code == 302

    client.force_login(w.werkgever_user)
    html = _regeling_html(client, w, polis)
    assert "Afgewezen</span> op 2 maart 2026: Al een polis via de branche." in html
    assert "<form" not in html and "Geschiedenis" not in html
    assert client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-aangevraagd_op": "02-03-2026"}).status_code == 404
    assert Regelingaanvraag.objects.get().status == "afgewezen"


def test_the_werknemer_sees_the_state_of_her_regelingen_without_the_reason(client, w, polis):
    from accounts.tests.factories import WerkzoekendeUserFactory

    anja = WerkzoekendeUserFactory()
    w.kandidaat2.account = anja
    w.kandidaat2.save(update_fields=["account"])
    _aanvragen(w, polis, kenmerk="NRP-7")
    _besluit(w, polis, "afgewezen", reden="Werkgever heeft een betalingsachterstand.")
    client.force_login(anja)
    html = _regeling_html(client, w, polis)
    assert "Afgewezen</span> op 2 maart 2026" in html
    assert "betalingsachterstand" not in html and "NRP-7" not in html and "<form" not in html


@pytest.mark.parametrize("url, gegevens, veld, fout", [
    ("regeling_aanvragen", {"aangevraagd_op": "03-03-2026", "kenmerk": "NRP-9"}, "aangevraagd_op", "toekomst"),
    ("regeling_besluit", {"besluit": "afgewezen", "op": "02-03-2026", "reden": ""}, "reden",
     "Schrijf op waarom de aanvraag is afgewezen."),
    ("regeling_besluit", {"besluit": "toegekend", "op": "03-03-2026", "reden": "Mooi zo"}, "op", "toekomst"),
])
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(client, w, polis, url, gegevens, veld, fout):
    if url == "regeling_besluit":
        _aanvragen(w, polis)
    stand = _stand() if url == "regeling_besluit" else ""
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse(url, args=[w.plaatsing.pk, polis.pk]),
                           {**{f"r{polis.pk}-{k}": v for k, v in gegevens.items()}, f"r{polis.pk}-stand": stand})
    assert antwoord.status_code == 400
    assert fout in str(antwoord.context["form"].errors[veld])
    html = antwoord.content.decode()
    for waarde in gegevens.values():
        if waarde and waarde not in ("afgewezen", "toegekend"):
            assert f'value="{waarde}"' in html or f"{waarde}</textarea>" in html
    assert Regelingaanvraag.objects.filter(status__in=["toegekend", "afgewezen"]).count() == 0


def test_a_regeling_id_that_is_not_on_the_plaatsing_says_so_in_dutch(client, w, polis):
    client.force_login(w.accountmanager)
    for instrument_pk in (Instrument.objects.exclude(pk__in=w.plaatsing.instrumenten.all()).first().pk, 999_999):
        antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, instrument_pk]),
                               {f"r{instrument_pk}-aangevraagd_op": "02-03-2026"}, follow=True)
        assert antwoord.redirect_chain[-1][0].startswith(reverse("plaatsing_detail", args=[w.plaatsing.pk]))
        assert "Deze regeling hoort niet (meer) bij deze plaatsing." in antwoord.content.decode()
    assert not Regelingaanvraag.objects.exists()
    # A plaatsing that does not exist: 404, as for a stranger.
    assert client.get(reverse("regeling_aanvragen", args=[999_999, polis.pk])).status_code == 404


def test_the_correction_form_says_why_a_regeling_stays(client, w, polis):
    _aanvragen(w, polis, aangevraagd_bij="UWV")
    client.force_login(w.accountmanager)
    overig = [i.pk for i in w.plaatsing.instrumenten.exclude(pk=polis.pk)]
    antwoord = client.post(reverse("plaatsing_corrigeren", args=[w.plaatsing.pk]), {
        "functie": w.plaatsing.functie, "startdatum": "02-03-2026", "einddatum": "01-05-2026",
        "uren_per_week": w.plaatsing.uren_per_week, "instrumenten": overig, "reden": "Polis per ongeluk.",
        "stand": correctie_stand(w.plaatsing)})
    assert antwoord.status_code == 400
    assert "No-riskpolis is aangevraagd bij UWV op 27 februari 2026. Leg eerst bij de regeling vast dat de aanvraag " \
           "is ingetrokken" in antwoord.content.decode()
    assert w.plaatsing.instrumenten.filter(pk=polis.pk).exists()


def test_a_form_opened_before_a_colleague_recorded_the_aanvraag_does_not_overwrite_it(client, w, polis):
    """Both had "Geen aanvraag vastgelegd" on the page; the colleague was first. The second form is shown again with
    what was typed and how the aanvraag stands now; pressing again, seeing it, is a choice."""
    _aanvragen(w, polis, kenmerk="NRP-1")
    client.force_login(w.accountmanager)
    gegevens = {f"r{polis.pk}-aangevraagd_op": "02-03-2026", f"r{polis.pk}-aangevraagd_bij": "UWV Arnhem",
                f"r{polis.pk}-kenmerk": "NRP-2", f"r{polis.pk}-stand": ""}
    antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]), gegevens)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert ("Deze aanvraag is intussen veranderd. Zo staat die er nu: aangevraagd bij UWV op 27 februari 2026, "
            "kenmerk NRP-1. Hieronder staat wat je invulde.") in html
    assert 'value="NRP-2"' in html and 'value="UWV Arnhem"' in html
    assert Regelingaanvraag.objects.get().kenmerk == "NRP-1"
    # The form shown carries the version there is now: sent again, it is what the user chose.
    assert antwoord.context["form"]["stand"].value() == _stand()
    antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]),
                           {**gegevens, f"r{polis.pk}-stand": _stand()})
    assert antwoord.status_code == 302 and Regelingaanvraag.objects.get().kenmerk == "NRP-2"


# --- reviewed: an ended plaatsing ----------------------------------------------------------------------------------


def _contract(w, **kwargs):
    return proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                   contractsoort="vast", startdatum=date(2026, 5, 4), uren_per_week=32, **kwargs)


def _afscheid(w):
    return proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid",
                                   reden="Het klikte niet.")


@pytest.mark.parametrize("einde, melding", [
    (_contract, "Deze proefplaatsing is een contract geworden. De aanvragen van de regelingen zijn meegegaan naar het "
                "contract: leg ze daar vast."),
    (_afscheid, "Deze plaatsing is beëindigd (Afscheid genomen). Aanvragen en besluiten van regelingen leg je hier "
                "niet meer vast."),
])
def test_an_ended_plaatsing_takes_no_aanvraag_or_besluit(w, polis, einde, melding):
    """Reviewed: the ended proefplaatsing still took a besluit, while its contract had the aanvraag that counts."""
    _aanvragen(w, polis)
    einde(w)
    for stap in (lambda: _besluit(w, polis, "toegekend"), lambda: _aanvragen(w, polis, aangevraagd_op=MAANDAG)):
        with pytest.raises(ValidationError) as exc:
            stap()
        assert exc.value.messages == [melding]
    assert Regelingaanvraag.objects.get(plaatsing=w.plaatsing).status == "aangevraagd"


def test_the_page_of_a_proefplaatsing_that_became_a_contract_points_to_the_contract(client, w, polis):
    _aanvragen(w, polis)
    contract = _contract(w)
    client.force_login(w.accountmanager)
    html = _regeling_html(client, w, polis)
    assert "<form" not in html
    pagina = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    assert "De aanvragen van de regelingen zijn meegegaan naar het contract: leg ze daar vast." in pagina
    naar_contract = reverse("plaatsing_detail", args=[contract.pk]) + "#afspraken-en-regelingen"
    assert f'href="{naar_contract}">Naar de regelingen van het contract</a>' in pagina
    # A form still open in another tab: refused with the reason, and on to the contract.
    antwoord = client.post(reverse("regeling_besluit", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-besluit": "toegekend", f"r{polis.pk}-op": "02-03-2026", f"r{polis.pk}-stand": _stand_van(w)})
    assert antwoord.status_code == 302 and antwoord["Location"] == naar_contract
    assert Regelingaanvraag.objects.get(plaatsing=w.plaatsing).status == "aangevraagd"
    assert "<form" in _regeling_html(client, type("W", (), {"plaatsing": contract}), polis)


def _stand_van(w):
    return regelingaanvraag_stand(Regelingaanvraag.objects.get(plaatsing=w.plaatsing))


# --- reviewed: the contract after the proefplaatsing keeps what was applied for -------------------------------------


@pytest.mark.parametrize("besluit", [None, "toegekend"])
def test_the_contract_does_not_drop_a_regeling_applied_for_or_granted(client, w, polis, besluit):
    """Reviewed: unticking the granted no-riskpolis on "Einde proefplaatsing" made it and its aanvraag vanish."""
    _aanvragen(w, polis, aangevraagd_bij="UWV")
    if besluit:
        _besluit(w, polis, besluit)
    with pytest.raises(ValidationError) as exc:
        _contract(w, instrumenten=[])
    assert "Leg eerst bij de regeling vast dat" in exc.value.message_dict["instrumenten"][0]
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("proefplaatsing_afronden", args=[w.plaatsing.pk]), {
        "besluit": "contract", "contractsoort": "vast", "startdatum": "04-05-2026", "uren_per_week": "32"})
    assert antwoord.status_code == 400
    assert "No-riskpolis is " in str(antwoord.context["form"].errors["instrumenten"])
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == "lopend"


def test_a_granted_regeling_taken_out_of_the_gids_goes_along_with_the_contract(client, w, polis):
    _aanvragen(w, polis)
    _besluit(w, polis, "toegekend")
    Instrument.objects.filter(pk=polis.pk).update(actief=False)
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("proefplaatsing_afronden", args=[w.plaatsing.pk]), {
        "besluit": "contract", "contractsoort": "vast", "startdatum": "04-05-2026", "uren_per_week": "32",
        "instrumenten": [polis.pk]})
    assert antwoord.status_code == 302
    contract = Plaatsing.objects.get(vorige=w.plaatsing)
    assert Regelingaanvraag.objects.get(plaatsing=contract).status == "toegekend"


# --- the regeling Proefplaatsing follows the akkoord of UWV or the gemeente ------------------------------------------
# Second review: when the akkoord was copied into an aanvraag of the regeling Proefplaatsing, the two drifted apart (a
# withdrawn one granted again by an unrelated correction, one applied for again that could not be granted and then
# blocked every correction, a corrected instantie that did not reach it). Now the regeling has no aanvraag or besluit
# of its own: its state IS the akkoord.


@pytest.fixture
def proef(w):
    """The regeling Proefplaatsing put on Anja's proefplaatsing (akkoord UWV Arnhem, 2 March) by a correction."""
    proef = Instrument.objects.get(naam="Proefplaatsing")
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Regeling vergeten.",
                         instrumenten=[*w.plaatsing.instrumenten.all(), proef])
    w.plaatsing.refresh_from_db()
    return proef


@pytest.fixture
def aangenomen(klok, wereld):
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    return voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)


def _in_voorbereiding(aangenomen, wereld):
    """A proefplaatsing with the regeling Proefplaatsing, waiting for its akkoord."""
    return plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager, soort=Plaatsing.Soort.PROEFPLAATSING,
                             functie="Monteur", startdatum=MAANDAG, einddatum=date(2026, 4, 30), uren_per_week=32,
                             instrumenten=[Instrument.objects.get(naam="Proefplaatsing")])


GEEN_EIGEN_AANVRAAG = ("Voor de regeling Proefplaatsing leg je geen aanvraag of besluit vast: die volgt het akkoord "
                       "van UWV of de gemeente. Leg dat akkoord vast bij de plaatsing.")


@pytest.mark.parametrize("stap", [
    lambda w, proef: regeling_aanvragen(plaatsing=w.plaatsing, instrument=proef, door=w.accountmanager,
                                        aangevraagd_op=VRIJDAG, aangevraagd_bij="UWV Arnhem"),
    lambda w, proef: _besluit(w, proef, "toegekend"),
    lambda w, proef: _besluit(w, proef, "afgewezen", reden="Geen uitkering meer."),
    lambda w, proef: _besluit(w, proef, "ingetrokken", reden="Verkeerd vastgelegd."),
], ids=["aanvraag", "toegekend", "afgewezen", "ingetrokken"])
def test_the_services_refuse_an_aanvraag_or_besluit_for_the_regeling_proefplaatsing(w, proef, stap):
    with pytest.raises(ValidationError) as exc:
        stap(w, proef)
    assert exc.value.messages == [GEEN_EIGEN_AANVRAAG]
    assert not Regelingaanvraag.objects.exists()


@pytest.mark.parametrize("pad", ["aanvraag", "besluit"])
def test_the_page_offers_no_aanvraag_or_besluit_for_it_and_a_post_is_refused_in_dutch(client, w, proef, polis, pad):
    client.force_login(w.accountmanager)
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    assert f"/regelingen/{proef.pk}/" not in html and f"/regelingen/{polis.pk}/aanvraag/" in html
    url = reverse("regeling_aanvragen" if pad == "aanvraag" else "regeling_besluit", args=[w.plaatsing.pk, proef.pk])
    assert client.get(url).status_code == 302
    antwoord = client.post(url, {f"r{proef.pk}-aangevraagd_op": "27-02-2026", f"r{proef.pk}-besluit": "toegekend",
                                 f"r{proef.pk}-op": "02-03-2026", f"r{proef.pk}-stand": ""}, follow=True)
    assert GEEN_EIGEN_AANVRAAG in antwoord.content.decode()
    assert not Regelingaanvraag.objects.exists()


def test_the_regeling_follows_the_akkoord_through_corrections_of_instantie_date_and_regelingen(client, w, proef):
    """Defects 1-3 of the second review, now that there is nothing to drift: whatever is corrected, the line of the
    regeling says what the akkoord says."""
    client.force_login(w.accountmanager)
    assert "Akkoord</span> van UWV Arnhem op 2 maart 2026" in _regeling_html(client, w, proef)
    # A corrected instantie on the same date.
    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem",
                           op=w.plaatsing.akkoord_op, reden="Het was de gemeente, niet UWV.",
                           stand=correctie_stand(w.plaatsing))
    assert "Akkoord</span> van Gemeente Arnhem op 2 maart 2026" in _regeling_html(client, w, proef)
    # A corrected date, then an unrelated correction of the regelingen (the no-riskpolis added): both go through.
    w.plaatsing.refresh_from_db()
    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem", op=VRIJDAG,
                           reden="Datum verkeerd overgenomen.", stand=correctie_stand(w.plaatsing))
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Polis vergeten.",
                         instrumenten=[*w.plaatsing.instrumenten.all(), Instrument.objects.get(naam="No-riskpolis")])
    html = _regeling_html(client, w, proef)
    assert "Akkoord</span> van Gemeente Arnhem op 27 februari 2026" in html and "<form" not in html
    assert not Regelingaanvraag.objects.exists()
    # The werkgever and the werknemer read the same.
    anja = WerkzoekendeUserFactory()
    w.kandidaat2.account = anja
    w.kandidaat2.save(update_fields=["account"])
    for wie in (w.werkgever_user, anja):
        client.force_login(wie)
        assert "Akkoord</span> van Gemeente Arnhem op 27 februari 2026" in _regeling_html(client, w, proef)


def test_waiting_for_the_akkoord_the_accountmanager_can_record_it_and_the_werkgever_hears_when_it_comes(
        client, aangenomen, wereld, django_capture_on_commit_callbacks):
    plaatsing = _in_voorbereiding(aangenomen, wereld)
    proef = Instrument.objects.get(naam="Proefplaatsing")

    def regel(wie):
        client.force_login(wie)
        html = client.get(reverse("plaatsing_detail", args=[plaatsing.pk])).content.decode()
        return html.split(f'id="regeling-{proef.pk}"', 1)[1].split("</li>", 1)[0]

    assert "Wacht op het akkoord van UWV of de gemeente" in regel(wereld.accountmanager)
    assert reverse("plaatsing_akkoord", args=[plaatsing.pk]) in regel(wereld.accountmanager)
    assert "Wacht op het akkoord van UWV of de gemeente</span> U krijgt een melding als het er is." in regel(
        wereld.werkgever_user)
    client.force_login(wereld.werkgever_user)
    assert "Bij een besluit of een akkoord krijgt u een melding." in client.get(
        reverse("plaatsing_detail", args=[plaatsing.pk])).content.decode()
    client.force_login(wereld.accountmanager)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("plaatsing_akkoord", args=[plaatsing.pk]), {
            "instantie": "UWV Arnhem", "op": "02-03-2026", "stand": correctie_stand(plaatsing)}, follow=True)
    assert "Het akkoord is vastgelegd. De werkgever krijgt een melding." in antwoord.content.decode()
    url = reverse("plaatsing_detail", args=[plaatsing.pk]) + "#afspraken-en-regelingen"
    assert list(Melding.objects.values_list("ontvanger", "tekst", "url")) == [
        (wereld.werkgever_user.pk, "Goed nieuws: UWV Arnhem heeft op 2 maart akkoord gegeven voor de proefplaatsing "
                                   f"van {plaatsing.kandidaat.voornaam} (Monteur).", url)]
    assert "Akkoord</span> van UWV Arnhem op 2 maart 2026" in regel(wereld.werkgever_user)
    assert not Regelingaanvraag.objects.exists()


def test_a_corrected_akkoord_is_the_corrections_melding_not_a_second_one(w, proef, met_commit):
    eerste = Gebeurtenis.objects.filter(soort=AKKOORD_VASTGELEGD).count()  # the first akkoord's, in ``w``
    met_commit(proefplaatsing_akkoord, plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem",
               op=w.plaatsing.akkoord_op, reden="Het was de gemeente.", stand=correctie_stand(w.plaatsing))
    teksten = list(Melding.objects.filter(ontvanger=w.werkgever_user).values_list("tekst", flat=True))
    # What changed (and, as the overeenkomst he signed changed, to sign it again): no "akkoord gegeven" besides.
    assert [t for t in teksten if "Gemeente Arnhem" in t] == [
        "De gegevens van de plaatsing van Anja (Monteur) zijn aangepast. Het akkoord van UWV of de gemeente is nu "
        "Gemeente Arnhem, 2 maart 2026 (was UWV Arnhem, 2 maart 2026)."]
    assert not any("akkoord gegeven" in t for t in teksten)
    assert Gebeurtenis.objects.filter(soort=AKKOORD_VASTGELEGD).count() == eerste == 1


def test_an_akkoord_recorded_by_a_colleague_tells_the_vaste_accountmanager_too(aangenomen, wereld, met_commit):
    plaatsing = _in_voorbereiding(aangenomen, wereld)
    collega = AccountmanagerFactory(regio=wereld.accountmanager.regio, organisatie=wereld.accountmanager.organisatie)
    met_commit(proefplaatsing_akkoord, plaatsing=plaatsing, door=collega, instantie="UWV Arnhem", op=MAANDAG)
    assert set(Melding.objects.values_list("ontvanger", flat=True)) == {wereld.werkgever_user.pk,
                                                                         wereld.accountmanager.pk}
    assert Melding.objects.get(ontvanger=wereld.accountmanager).tekst == (
        f"UWV Arnhem heeft op 2 maart akkoord gegeven voor de proefplaatsing van {plaatsing.kandidaat.voornaam} bij "
        f"{plaatsing.werkgever.naam}.")


def test_her_export_gives_the_akkoord_once(w, proef):
    gegevens = gegevens_van(kandidaat_voor_export(w.plaatsing.kandidaat_id))
    plaatsing = gegevens["plaatsingen"][0]
    assert plaatsing["akkoord_uitkeringsinstantie"] == {"instantie": "UWV Arnhem", "op": "2026-03-02"}
    assert plaatsing["aanvragen_van_regelingen"] == []
    assert "Akkoord uitkeringsinstantie" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(gegevens_pdf(gegevens))).pages)


@pytest.mark.parametrize("pad, gegevens", [
    ("aanvraag", {"aangevraagd_op": "31-02-2026", "stand": ""}),
    ("aanvraag", {"aangevraagd_op": "27-02-2026", "aangevraagd_bij": "x" * 5000, "kenmerk": "k" * 5000,
                  "stand": "x" * 5000}),
    ("besluit", {"besluit": "toegekend", "op": "02-03-2026", "reden": "r" * 50000, "stand": "'; drop"}),
    ("besluit", {"besluit": "onzin", "op": "99-99-9999"}),
])
def test_bad_input_is_no_500(client, w, proef, polis, pad, gegevens):
    regeling_aanvragen(plaatsing=w.plaatsing, instrument=polis, door=w.accountmanager, aangevraagd_op=VRIJDAG)
    client.force_login(w.accountmanager)
    for instrument_pk in (polis.pk, proef.pk, 999999999, 2**63):
        url = f"/plaatsingen/{w.plaatsing.pk}/regelingen/{instrument_pk}/{pad}/"
        antwoord = client.post(url, {f"r{instrument_pk}-{k}": v for k, v in gegevens.items()})
        assert antwoord.status_code in (200, 302, 400, 404), (url, antwoord.status_code)


# --- reviewed: Mijn gegevens gives her what the page gives her ------------------------------------------------------


def test_her_export_gives_the_state_and_dates_of_a_regeling_not_the_werkgevers_kenmerk_or_reason(w, polis):
    """Reviewed: the page hid the kenmerk and the reason from her, her export gave them (also in its steps). Both
    belong to the werkgever's application; her right of access is to data about her: regeling, state, dates."""
    _aanvragen(w, polis, kenmerk="NRP-7")
    _besluit(w, polis, "afgewezen", reden="Werkgever heeft een betalingsachterstand.")
    gegevens = gegevens_van(kandidaat_voor_export(w.plaatsing.kandidaat_id))
    tekst = json.dumps(gegevens, default=str)
    assert "betalingsachterstand" not in tekst and "NRP-7" not in tekst
    regeling = gegevens["plaatsingen"][0]["aanvragen_van_regelingen"][0]
    assert regeling == {"regeling": "No-riskpolis", "status": "Afgewezen", "aangevraagd_op": "2026-02-27",
                        "aangevraagd_bij": polis.aanvragen_bij, "besluit_op": "2026-03-02",
                        "stappen": [{"tijdstip": regeling["stappen"][0]["tijdstip"], "naar": "Aangevraagd"},
                                    {"tijdstip": regeling["stappen"][1]["tijdstip"], "naar": "Afgewezen"}]}
    pdf = " ".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(gegevens_pdf(gegevens))).pages)
    assert "Aanvragen van regelingen" in pdf and "Afgewezen" in pdf
    assert "betalingsachterstand" not in pdf and "NRP-7" not in pdf


# --- reviewed: a stale form does not overwrite a colleague's change ------------------------------------------------


def test_a_form_opened_before_a_colleague_added_the_kenmerk_does_not_clear_it(w, polis):
    """Reviewed: the check compared the status only; both forms said "aangevraagd"."""
    collega = AccountmanagerFactory(regio=w.accountmanager.regio, organisatie=w.accountmanager.organisatie)
    geopend = regelingaanvraag_stand(_aanvragen(w, polis))
    regeling_aanvragen(plaatsing=w.plaatsing, instrument=polis, door=collega, aangevraagd_op=VRIJDAG,
                       kenmerk="NRP-9", stand=geopend)
    with pytest.raises(OvergangNietToegestaan):
        _aanvragen(w, polis, aangevraagd_op=MAANDAG, kenmerk="", stand=geopend)
    assert Regelingaanvraag.objects.get().kenmerk == "NRP-9"


def test_a_besluit_form_from_the_first_aanvraag_does_not_decide_the_next(w, polis):
    _aanvragen(w, polis)
    geopend = _stand()
    _besluit(w, polis, "afgewezen", reden="Geen doelgroepverklaring.", stand=geopend)
    _aanvragen(w, polis, aangevraagd_op=MAANDAG)  # applied for again: status aangevraagd, as when the form opened
    with pytest.raises(OvergangNietToegestaan):
        _besluit(w, polis, "toegekend", stand=geopend)
    assert Regelingaanvraag.objects.get().status == "aangevraagd"


def test_a_stale_besluit_form_keeps_what_was_typed(client, w, polis):
    _aanvragen(w, polis)
    geopend = _stand()
    _besluit(w, polis, "afgewezen", reden="Geen doelgroepverklaring.")
    _aanvragen(w, polis, aangevraagd_op=MAANDAG)
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("regeling_besluit", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-besluit": "afgewezen", f"r{polis.pk}-op": "02-03-2026",
        f"r{polis.pk}-reden": "Al een polis via de branche.", f"r{polis.pk}-stand": geopend})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Deze aanvraag is intussen veranderd. Zo staat die er nu: aangevraagd bij" in html
    assert "Al een polis via de branche.</textarea>" in html
    assert Regelingaanvraag.objects.get().status == "aangevraagd"


# --- reviewed: the reason is kept whole; dates follow each other ---------------------------------------------------


def test_the_whole_reason_stays_in_the_history_after_applying_again(client, w, polis):
    """Reviewed: the form took 1,000 characters, the history kept 500 and applying again emptied ``reden``."""
    _aanvragen(w, polis)
    reden = "x" * (AANVRAAG_REDEN_MAX - 5) + "EINDE"
    aanvraag = _besluit(w, polis, "afgewezen", reden=reden)
    _aanvragen(w, polis, aangevraagd_op=MAANDAG)
    assert f"afgewezen op 2 maart 2026: {reden}" in aanvraag.wijzigingen.values_list("toelichting", flat=True)
    # One character more is refused, by the service and by the form, with what was typed kept.
    with pytest.raises(ValidationError) as exc:
        _besluit(w, polis, "afgewezen", reden=reden + "!")
    assert exc.value.message_dict["reden"] == [f"Schrijf de reden in hoogstens {AANVRAAG_REDEN_MAX} tekens (nu 451)."]
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("regeling_besluit", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-besluit": "afgewezen", f"r{polis.pk}-op": "02-03-2026", f"r{polis.pk}-reden": reden + "!",
        f"r{polis.pk}-stand": _stand()})
    assert antwoord.status_code == 400 and "reden" in antwoord.context["form"].errors
    assert f"{reden}!</textarea>" in antwoord.content.decode()


def test_a_withdrawal_or_a_new_aanvraag_is_not_dated_before_the_step_before(w, polis):
    """Reviewed: a withdrawal dated before the grant was accepted."""
    _aanvragen(w, polis, aangevraagd_op=date(2026, 2, 2))
    _besluit(w, polis, "toegekend", op=VRIJDAG)
    with pytest.raises(ValidationError) as exc:
        _besluit(w, polis, "ingetrokken", op=date(2026, 2, 10))
    assert exc.value.message_dict["op"] == ["Deze datum ligt vóór de toekenning (27 februari 2026)."]
    _besluit(w, polis, "ingetrokken", op=MAANDAG)
    with pytest.raises(ValidationError) as exc:
        _aanvragen(w, polis, aangevraagd_op=VRIJDAG)
    assert exc.value.message_dict["aangevraagd_op"] == [
        "Deze datum ligt vóór de vorige stap (ingetrokken op 2 maart 2026)."]


# --- with whom -----------------------------------------------------------------------------------------------------


def test_with_whom_it_was_applied_for_is_asked_when_the_gids_does_not_say(client, w, polis):
    Instrument.objects.filter(pk=polis.pk).update(aanvragen_bij="")
    polis.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        _aanvragen(w, polis, aangevraagd_bij="  ")
    assert exc.value.message_dict["aangevraagd_bij"] == [
        "Vul in bij wie de regeling is aangevraagd, bijvoorbeeld UWV of de gemeente."]
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-aangevraagd_op": "27-02-2026", f"r{polis.pk}-aangevraagd_bij": "",
        f"r{polis.pk}-kenmerk": "NRP-3", f"r{polis.pk}-stand": ""})
    assert antwoord.status_code == 400 and "Vul in bij wie" in str(antwoord.context["form"].errors["aangevraagd_bij"])
    assert 'value="NRP-3"' in antwoord.content.decode()
    assert not Regelingaanvraag.objects.exists()


# --- the instrumentengids in the admin -------------------------------------------------------------------------------


def test_a_regeling_with_aanvragen_is_not_deleted_in_the_admin(client, w, polis):
    """``Regelingaanvraag.instrument`` protects it: the admin's own page says what holds it, no server error."""
    _aanvragen(w, polis)
    client.force_login(w.beheerder)
    url = reverse("admin:werkgevers_instrument_delete", args=[polis.pk])
    for antwoord in (client.get(url), client.post(url, {"post": "yes"})):
        html = antwoord.content.decode()
        assert antwoord.status_code == 200
        assert "instrument kan niet worden verwijderd" in html and "No-riskpolis (Aangevraagd)" in html
    antwoord = client.post(reverse("admin:werkgevers_instrument_changelist"), {
        "action": "delete_selected", "_selected_action": [polis.pk], "post": "yes"})
    assert antwoord.status_code == 200 and "No-riskpolis (Aangevraagd)" in antwoord.content.decode()
    assert Instrument.objects.filter(pk=polis.pk).exists()


def _instrument_gegevens(instrument, **anders):
    return {"naam": instrument.naam, "samenvatting": instrument.samenvatting, "voorwaarden": instrument.voorwaarden,
            "voor_wie": instrument.voor_wie, "aanvragen_bij": instrument.aanvragen_bij,
            "actief": "on" if instrument.actief else "", **anders}


def test_the_regeling_proefplaatsing_keeps_its_name_in_the_admin(client, w, polis):
    """Before: the beheerder could rename it ("Proefplaatsing met behoud van uitkering"); the portal knows it by its
    name, so it stopped following the akkoord: the werkgever read "Nog geen aanvraag", the accountmanager got the
    aanvraag forms back, and it could go on to a contract. The reverse (another regeling named "proefplaatsing")
    hid that regeling's own aanvragen."""
    proef = Instrument.objects.get(naam="Proefplaatsing")
    client.force_login(w.beheerder)
    url = reverse("admin:werkgevers_instrument_change", args=[proef.pk])
    antwoord = client.post(url, _instrument_gegevens(proef, naam="Proefplaatsing met behoud van uitkering"))
    assert antwoord.status_code == 200
    assert "De naam van de regeling Proefplaatsing blijft zoals hij is" in antwoord.content.decode()
    assert Instrument.objects.get(pk=proef.pk).naam == "Proefplaatsing"
    # Its explanation can change, and it can be switched off.
    assert client.post(url, _instrument_gegevens(proef, samenvatting="Met behoud van uitkering, 2 maanden.")
                       ).status_code == 302
    antwoord = client.post(reverse("admin:werkgevers_instrument_change", args=[polis.pk]),
                           _instrument_gegevens(polis, naam="proefplaatsing"))
    assert antwoord.status_code == 200 and "is de naam van de regeling bij een proefplaatsing" in (
        antwoord.content.decode())
    assert Instrument.objects.get(pk=polis.pk).naam == "No-riskpolis"
    antwoord = client.post(reverse("admin:werkgevers_instrument_add"), _instrument_gegevens(
        polis, naam=" PROEFPLAATSING "))
    assert antwoord.status_code == 200 and Instrument.objects.filter(naam__iexact="proefplaatsing").count() == 1
    # Deleted while no plaatsing had it, it can be entered again (and then is the regeling Proefplaatsing).
    Instrument.objects.filter(pk=proef.pk).delete()
    antwoord = client.post(reverse("admin:werkgevers_instrument_add"), _instrument_gegevens(proef))
    assert antwoord.status_code == 302 and Instrument.objects.filter(naam="Proefplaatsing").exists()

