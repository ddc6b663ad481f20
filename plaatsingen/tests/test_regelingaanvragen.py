"""The aanvraag and besluit of each regeling of a plaatsing.

An exploration as users found that the portal kept no state of the application for a regeling: one applied for with
UWV or the gemeente could be taken off the plaatsing through "Gegevens corrigeren" without a trace, and the werkgever
could not see where his subsidy stood (he had to chase the WSP). Now each regeling has its ``Regelingaanvraag``
(aangevraagd, toegekend, afgewezen, ingetrokken) with a history; the plaatsing page shows it; a running or granted one
cannot be taken off; a besluit is a melding for the werkgever.

Anja Roest is in a signed, running proefplaatsing from Monday 2 March 2026 (``w``); the clock stands still then."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Verwerking
from accounts.tests.factories import AccountmanagerFactory
from klantreis.lib.toestanden import OvergangNietToegestaan
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from plaatsingen.models import Regelingaanvraag
from plaatsingen.services import (
    REGELING_BESLUIT,
    correctie_stand,
    plaatsing_corrigeren,
    proefplaatsing_afronden,
    regeling_aanvragen,
    regeling_besluit,
)
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
    _aanvragen(w, polis)
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
        _besluit(w, polis, "ingetrokken", stand="aangevraagd")
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


def _regeling_html(client, w, polis):
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    return html.split(f'id="regeling-{polis.pk}"', 1)[1].split('<li id="regeling-', 1)[0].split("</section>", 1)[0]


def test_the_accountmanager_records_on_the_page_and_the_werkgever_reads_where_it_stands(client, w, polis):
    client.force_login(w.accountmanager)
    html = _regeling_html(client, w, polis)
    assert "Nog aan te vragen" in html and "Aanvraag vastleggen" in html
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
        f"r{polis.pk}-reden": "Al een polis via de branche.", f"r{polis.pk}-stand": "aangevraagd"})
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
    stand = "aangevraagd" if url == "regeling_besluit" else ""
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
    """Both had "Nog aan te vragen" on the page; the colleague was first. The second form says where it stands now."""
    _aanvragen(w, polis, kenmerk="NRP-1")
    client.force_login(w.accountmanager)
    antwoord = client.post(reverse("regeling_aanvragen", args=[w.plaatsing.pk, polis.pk]), {
        f"r{polis.pk}-aangevraagd_op": "02-03-2026", f"r{polis.pk}-kenmerk": "NRP-2", f"r{polis.pk}-stand": ""},
        follow=True)
    assert "Deze aanvraag is intussen veranderd. De status is nu: Aangevraagd." in antwoord.content.decode()
    assert Regelingaanvraag.objects.get().kenmerk == "NRP-1"
