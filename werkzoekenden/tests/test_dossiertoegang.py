"""Access to one dossier for a colleague klantmanager: given by the vaste klantmanager, with a reason and an end date,
for a colleague of another organisation only with the werkzoekende's consent; ended by hand, by the werkzoekende
withdrawing that consent, by closing the dossier, by a warme overdracht that would share it across organisations,
and by the expiry sweep. The guardian grant is what opens the dossier: these tests open it as the colleague."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone
from guardian.models import UserObjectPermission

from accounts.models import User, Verwerking
from accounts.tests.factories import KlantmanagerFactory
from klantreis.lib import datums
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from werkzoekenden import services
from werkzoekenden.models import DossierToegang, Toestemming
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.services import (
    DOSSIERTOEGANG_BEEINDIGD,
    DOSSIERTOEGANG_GEGEVEN,
    dossier_afsluiten,
    dossiertoegang_beeindigen,
    dossiertoegang_geven,
    dossiertoegangen_laten_verlopen,
    toestemming_intrekken,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _vandaag():
    return timezone.localdate()


def _collega(wereld, **kwargs):
    """A klantmanager of Karin's own organisation."""
    karin = wereld.klantmanager
    return KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, **kwargs)


def _van_gemeente_ernaast(wereld):
    """A klantmanager of another organisation in Karin's arbeidsmarktregio (UWV beside the gemeente)."""
    return KlantmanagerFactory(regio=wereld.klantmanager.regio, voornaam="Jeske", achternaam="Gunterman")


def _geef(wereld, collega, **kwargs):
    velden = {"reden": "Neemt waar tijdens mijn verlof", "tot": _vandaag() + timedelta(days=14)}
    velden.update(kwargs)
    return dossiertoegang_geven(kandidaat=wereld.kandidaat, door=wereld.klantmanager, klantmanager=collega, **velden)


def _guardian_rechten(gebruiker, kandidaat):
    return UserObjectPermission.objects.filter(user=gebruiker, object_pk=str(kandidaat.pk)).count()


def _opent(client, gebruiker, kandidaat):
    client.force_login(gebruiker)
    return client.get(reverse("dossier", args=[kandidaat.pk])).status_code


# --- services ---------------------------------------------------------------------------------


def test_a_colleague_gets_the_dossier_until_the_end_and_loses_it_when_it_ends(client, wereld):
    collega = _collega(wereld)
    assert _opent(client, collega, wereld.kandidaat) == 404
    toegang = _geef(wereld, collega)
    assert toegang.lopend and toegang.gegeven_door == wereld.klantmanager and toegang.toestemming is None
    assert _guardian_rechten(collega, wereld.kandidaat) == 1
    assert _opent(client, collega, wereld.kandidaat) == 200
    regel = Verwerking.objects.filter(actie=Verwerking.Actie.DELEN, gebruiker=wereld.klantmanager).latest("pk")
    assert collega.get_full_name() in regel.doel and regel.details == "Neemt waar tijdens mijn verlof"
    assert Gebeurtenis.objects.filter(soort=DOSSIERTOEGANG_GEGEVEN, gegevens__dossiertoegang_id=toegang.pk).exists()

    assert dossiertoegang_beeindigen(toegang=toegang, door=wereld.klantmanager) is True
    toegang.refresh_from_db()
    assert (toegang.einde, toegang.beeindigd_door) == (DossierToegang.Einde.BEEINDIGD, wereld.klantmanager)
    assert _guardian_rechten(collega, wereld.kandidaat) == 0
    assert _opent(client, collega, wereld.kandidaat) == 404
    beeindigd = Gebeurtenis.objects.filter(soort=DOSSIERTOEGANG_BEEINDIGD, gegevens__dossiertoegang_id=toegang.pk)
    assert beeindigd.count() == 1
    # A second click changes nothing: no second event, no second audit line.
    regels = Verwerking.objects.count()
    assert dossiertoegang_beeindigen(toegang=toegang, door=wereld.klantmanager) is False
    assert Verwerking.objects.count() == regels
    assert Gebeurtenis.objects.filter(soort=DOSSIERTOEGANG_BEEINDIGD).count() == 1


def test_giving_it_again_changes_the_running_one(wereld):
    collega = _collega(wereld)
    eerste = _geef(wereld, collega)
    tweede = _geef(wereld, collega, reden="Helpt met de bijstand", tot=_vandaag() + timedelta(days=40))
    assert tweede.pk == eerste.pk
    assert DossierToegang.objects.filter(kandidaat=wereld.kandidaat, beeindigd_op__isnull=True).count() == 1
    assert (tweede.reden, tweede.tot) == ("Helpt met de bijstand", _vandaag() + timedelta(days=40))
    assert _guardian_rechten(collega, wereld.kandidaat) == 1


@pytest.mark.parametrize("velden, veld", [
    ({"reden": "   "}, "reden"),
    ({"reden": "x" * 201}, "reden"),
    ({"tot": None}, "tot"),
    ({"tot": "gisteren"}, "tot"),
    ({"tot": "over vier maanden"}, "tot"),
])
def test_a_reason_and_an_end_date_within_three_months_are_required(wereld, velden, veld):
    velden = dict(velden)
    if velden.get("tot") == "gisteren":
        velden["tot"] = _vandaag() - timedelta(days=1)
    elif velden.get("tot") == "over vier maanden":
        velden["tot"] = services.dossiertoegang_uiterlijk(_vandaag()) + timedelta(days=1)
    collega = _collega(wereld)
    with pytest.raises(ValidationError) as fout:
        _geef(wereld, collega, **velden)
    assert veld in fout.value.message_dict
    assert not DossierToegang.objects.exists() and _guardian_rechten(collega, wereld.kandidaat) == 0


def test_the_last_day_three_months_on_is_allowed(wereld):
    uiterlijk = services.dossiertoegang_uiterlijk(_vandaag())
    assert _vandaag() + timedelta(days=88) <= uiterlijk <= _vandaag() + timedelta(days=92)
    assert _geef(wereld, _collega(wereld), tot=uiterlijk).tot == uiterlijk


def test_who_may_be_chosen(wereld):
    karin = wereld.klantmanager
    for niet, reden in ((karin, "zelf"), (wereld.vreemde_klantmanager, "another organisation of another region"),
                        (_collega(wereld, is_active=False), "inactive"), (wereld.accountmanager, "not a klantmanager")):
        with pytest.raises(ValidationError) as fout:
            _geef(wereld, niet)
        assert "klantmanager" in fout.value.message_dict, reden
    # Only the vaste klantmanager gives access (a colleague covering the caseload does not).
    with pytest.raises(PermissionError):
        dossiertoegang_geven(kandidaat=wereld.kandidaat, door=_collega(wereld), klantmanager=_collega(wereld),
                             reden="x", tot=_vandaag())
    assert not DossierToegang.objects.exists()


def test_another_organisation_needs_the_werkzoekendes_consent_and_withdrawing_it_ends_the_access(client, wereld):
    jeske = _van_gemeente_ernaast(wereld)
    assert jeske.organisatie_id != wereld.klantmanager.organisatie_id
    with pytest.raises(ValidationError) as fout:
        _geef(wereld, jeske)
    assert "wijze" in fout.value.message_dict and "toestemming van Willem" in fout.value.message_dict["wijze"][0]
    assert not DossierToegang.objects.exists() and not Toestemming.objects.filter(doel="derde").exists()
    assert _opent(client, jeske, wereld.kandidaat) == 404

    toegang = _geef(wereld, jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    toestemming = toegang.toestemming
    assert (toestemming.doel, toestemming.derde_partij) == (Toestemming.Doel.DELEN_MET_DERDE,
                                                             f"Jeske Gunterman ({jeske.organisatie})")
    assert toestemming.actief and toestemming.wijze == Toestemming.Wijze.GESPREK
    assert _opent(client, jeske, wereld.kandidaat) == 200

    # Willem withdraws it on his toestemmingen page: Jeske's access ends at once.
    toestemming_intrekken(toestemming=toestemming, door=wereld.werkzoekende_user)
    toegang.refresh_from_db()
    assert toegang.einde == DossierToegang.Einde.TOESTEMMING_INGETROKKEN
    assert toegang.beeindigd_door == wereld.werkzoekende_user
    assert _opent(client, jeske, wereld.kandidaat) == 404


def test_ending_the_access_ends_the_consent_it_was_given_for(wereld):
    jeske = _van_gemeente_ernaast(wereld)
    toegang = _geef(wereld, jeske, wijze=Toestemming.Wijze.TELEFOON, gegeven_op=_vandaag())
    dossiertoegang_beeindigen(toegang=toegang, door=wereld.klantmanager)
    toegang.toestemming.refresh_from_db()
    assert not toegang.toestemming.actief
    # Given again later: Willem is asked again, the old yes does not count.
    with pytest.raises(ValidationError):
        _geef(wereld, jeske)


def test_the_sweep_ends_what_is_past_its_last_day_once(client, wereld):
    voorbij, vandaag_nog = _collega(wereld), _collega(wereld)
    oud = _geef(wereld, voorbij, tot=_vandaag())
    loopt = _geef(wereld, vandaag_nog, tot=_vandaag())
    morgen = timezone.now() + timedelta(days=1)
    DossierToegang.objects.filter(pk=loopt.pk).update(tot=_vandaag() + timedelta(days=1))
    # "tot en met": on its last day it still opens.
    assert dossiertoegangen_laten_verlopen() == 0
    assert _opent(client, voorbij, wereld.kandidaat) == 200
    # The day after, the sweep ends it, and a second run finds nothing.
    assert dossiertoegangen_laten_verlopen(nu=morgen) == 1
    assert dossiertoegangen_laten_verlopen(nu=morgen) == 0
    oud.refresh_from_db()
    assert (oud.einde, oud.beeindigd_door) == (DossierToegang.Einde.VERLOPEN, None)
    assert _opent(client, voorbij, wereld.kandidaat) == 404
    assert _opent(client, vandaag_nog, wereld.kandidaat) == 200
    assert Gebeurtenis.objects.filter(soort=DOSSIERTOEGANG_BEEINDIGD).count() == 1


def test_the_sweep_leaves_an_access_that_was_extended_meanwhile(wereld):
    toegang = _geef(wereld, _collega(wereld), tot=_vandaag())
    morgen = _vandaag() + timedelta(days=1)
    # Picked by a sweep, then extended by Karin before the sweep locks it: the lock reads the new date.
    _geef(wereld, toegang.klantmanager, tot=_vandaag() + timedelta(days=20))
    assert dossiertoegang_beeindigen(toegang=toegang, door=None, einde=DossierToegang.Einde.VERLOPEN,
                                     verlopen_voor=morgen) is False
    toegang.refresh_from_db()
    assert toegang.lopend


def test_a_sweep_killed_halfway_loses_nothing_and_doubles_nothing(wereld, monkeypatch):
    """The worker dies while ending the second of three: the first is ended whole (row and guardian grant), the
    second not at all (its transaction rolled back), the third untouched; the next run ends the other two, each
    with one audit line and one event."""
    collegas = [_collega(wereld) for _i in range(3)]
    for collega in collegas:
        _geef(wereld, collega, tot=_vandaag())
    overmorgen = timezone.now() + timedelta(days=2)
    echte = services.trek_objectrecht_in
    aanroepen = []

    def sterft_bij_de_tweede(gebruiker, perm, obj):
        aanroepen.append(gebruiker.pk)
        if len(aanroepen) == 2:
            raise SystemExit("worker killed")
        return echte(gebruiker, perm, obj)

    monkeypatch.setattr(services, "trek_objectrecht_in", sterft_bij_de_tweede)
    with pytest.raises(SystemExit):
        dossiertoegangen_laten_verlopen(nu=overmorgen)
    monkeypatch.setattr(services, "trek_objectrecht_in", echte)
    rijen = {t.klantmanager_id: t for t in DossierToegang.objects.all()}
    [eerste, tweede, derde] = collegas
    assert not rijen[eerste.pk].lopend and _guardian_rechten(eerste, wereld.kandidaat) == 0
    assert rijen[tweede.pk].lopend and _guardian_rechten(tweede, wereld.kandidaat) == 1
    assert rijen[derde.pk].lopend and _guardian_rechten(derde, wereld.kandidaat) == 1

    assert dossiertoegangen_laten_verlopen(nu=overmorgen) == 2
    assert not DossierToegang.objects.filter(beeindigd_op__isnull=True).exists()
    assert UserObjectPermission.objects.filter(object_pk=str(wereld.kandidaat.pk)).count() == 0
    assert Gebeurtenis.objects.filter(soort=DOSSIERTOEGANG_BEEINDIGD).count() == 3
    assert Verwerking.objects.filter(doel__startswith="toegang tot het dossier beëindigd").count() == 3


def test_closing_the_dossier_ends_every_access(client, wereld, met_commit):
    collega, jeske = _collega(wereld), _van_gemeente_ernaast(wereld)
    _geef(wereld, collega)
    _geef(wereld, jeske, wijze=Toestemming.Wijze.SCHRIFTELIJK, gegeven_op=_vandaag())
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    assert set(DossierToegang.objects.values_list("einde", flat=True)) == {DossierToegang.Einde.DOSSIER_GESLOTEN}
    assert _opent(client, collega, wereld.kandidaat) == 404 and _opent(client, jeske, wereld.kandidaat) == 404
    assert not Toestemming.objects.filter(doel="derde", ingetrokken_op__isnull=True).exists()
    # Willem hears of the closing once, not of every access that ended with it.
    assert not Melding.objects.filter(ontvanger=wereld.werkzoekende_user, sleutel__startswith="toegang_einde").exists()
    # ... and nobody gets access to a closed dossier.
    with pytest.raises(ValidationError):
        _geef(wereld, collega)


def test_a_warme_overdracht_keeps_what_stays_within_consent_or_organisation(client, wereld):
    karin = wereld.klantmanager
    uwv_collega = _collega(wereld)  # Karin's organisation, no consent needed there
    jeske = _van_gemeente_ernaast(wereld)  # the gemeente, with Willem's consent
    nieuw = KlantmanagerFactory(regio=karin.regio)  # a third organisation takes the dossier over
    voor_nieuw = _geef(wereld, nieuw, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    bij_uwv = _geef(wereld, uwv_collega)
    bij_gemeente = _geef(wereld, jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    warme_overdracht(kandidaat=wereld.kandidaat, door=karin, naar=nieuw, notitie="Gaat naar de gemeente")
    for toegang in (voor_nieuw, bij_uwv, bij_gemeente):
        toegang.refresh_from_db()
    # Her own access is moot now; Karin's colleague would read it across organisations without consent; Jeske's
    # rests on Willem's consent and runs on.
    assert voor_nieuw.einde == DossierToegang.Einde.NU_VASTE_KLANTMANAGER
    assert bij_uwv.einde == DossierToegang.Einde.OVERGEDRAGEN
    assert bij_gemeente.lopend
    assert _opent(client, uwv_collega, wereld.kandidaat) == 404
    assert _opent(client, jeske, wereld.kandidaat) == 200
    assert _opent(client, nieuw, wereld.kandidaat) == 200  # as the vaste klantmanager
    # The new klantmanager sees and ends it.
    client.force_login(nieuw)
    assert "Jeske Gunterman" in client.get(reverse("dossier_toegang", args=[wereld.kandidaat.pk])).content.decode()


def test_within_one_organisation_an_access_survives_the_overdracht(wereld):
    collega, opvolger = _collega(wereld), _collega(wereld)
    toegang = _geef(wereld, collega)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=opvolger, notitie="Verlof")
    toegang.refresh_from_db()
    assert toegang.lopend and mag_dossier(collega, wereld.kandidaat)


def test_the_row_alone_opens_nothing(wereld):
    """permissions.py asks guardian only: a DossierToegang without its grant (never written by the service) is no
    second door."""
    collega = _collega(wereld)
    DossierToegang.objects.create(kandidaat=wereld.kandidaat, klantmanager=collega, reden="x", tot=_vandaag(),
                                  gegeven_door=wereld.klantmanager)
    assert not mag_dossier(collega, wereld.kandidaat)


# --- meldingen --------------------------------------------------------------------------------------


def test_the_colleague_and_the_werkzoekende_hear_it(wereld, met_commit):
    collega = _collega(wereld)
    toegang = met_commit(_geef, wereld=wereld, collega=collega)
    [melding] = Melding.objects.filter(ontvanger=collega)
    assert melding.url == reverse("dossier", args=[wereld.kandidaat.pk])
    assert "Karin Klant" in melding.tekst and "Willem van de Vecht" in melding.tekst
    assert "Neemt waar tijdens mijn verlof" in melding.tekst and melding.samengevat_op is None  # mailed as she chose
    [voor_willem] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert voor_willem.url == reverse("mijn_gegevens") and "ook je dossier zien" in voor_willem.tekst
    assert "verlof" not in voor_willem.tekst  # the reason is on the page, not in a melding (or its mail)

    met_commit(dossiertoegang_beeindigen, toegang=toegang, door=wereld.klantmanager)
    assert Melding.objects.filter(ontvanger=collega, sleutel__startswith="toegang_einde").count() == 1
    [einde] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user, sleutel__startswith="toegang_einde")
    assert "kan je dossier niet meer zien" in einde.tekst


def test_a_consent_recorded_with_an_access_is_one_melding_for_the_werkzoekende(wereld, met_commit):
    """Giving a colleague of another organisation access records Willem's consent in the same step: Willem hears
    it once, in one melding that says who can see his dossier, that his consent was written down, and where he
    withdraws it; not a second melding about the same consent."""
    jeske = _van_gemeente_ernaast(wereld)
    met_commit(_geef, wereld=wereld, collega=jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    [voor_willem] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert "Jeske Gunterman" in voor_willem.tekst and "ook je dossier zien" in voor_willem.tekst
    assert "toestemming" in voor_willem.tekst and "intrekken" in voor_willem.tekst
    assert voor_willem.url == reverse("mijn_gegevens")
    assert voor_willem.samengevat_op is None  # a consent in his name is mailed as he chose, as before


def test_an_expired_consent_access_tells_nobody_that_a_consent_was_withdrawn(wereld, met_commit):
    jeske = _van_gemeente_ernaast(wereld)
    met_commit(_geef, wereld=wereld, collega=jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    met_commit(dossiertoegangen_laten_verlopen, nu=timezone.now() + timedelta(days=30))
    # Karin is not told "Willem heeft een toestemming ingetrokken": he did not, the access ran out.
    assert not Melding.objects.filter(ontvanger=wereld.klantmanager, sleutel__startswith="ingetrokken").exists()
    assert Melding.objects.filter(ontvanger=jeske, sleutel__startswith="toegang_einde").count() == 1


# --- views ------------------------------------------------------------------------------------


def test_the_page_lists_who_why_until_when_and_by_whom(client, wereld):
    collega = _collega(wereld, voornaam="Sanne", achternaam="Smit")
    _geef(wereld, collega, tot=_vandaag() + timedelta(days=3))
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier_toegang", args=[wereld.kandidaat.pk])).content.decode()
    assert "Sanne Smit" in html and "Neemt waar tijdens mijn verlof" in html and "Karin Klant" in html
    assert reverse("dossier_toegang_beeindigen", args=[DossierToegang.objects.get().pk]) in html
    assert reverse("dossier_toegang", args=[wereld.kandidaat.pk]) in client.get(
        reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()


def test_giving_access_through_the_page(client, wereld):
    collega = _collega(wereld, voornaam="Sanne", achternaam="Smit")
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_toegang", args=[wereld.kandidaat.pk])
    # The search finds her by name (as you type: only the choices, no inzage line).
    regels = Verwerking.objects.count()
    gevonden = client.get(url, {"klantmanager_zoek": "smit"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Sanne Smit" in gevonden and Verwerking.objects.count() == regels
    tot = _vandaag() + timedelta(days=10)
    response = client.post(url, {"klantmanager": collega.pk, "reden": "Neemt waar", "tot": tot.strftime("%d-%m-%Y")})
    assert response.status_code == 302, response.content.decode()[:2000]
    toegang = DossierToegang.objects.get()
    assert (toegang.klantmanager, toegang.tot, toegang.reden) == (collega, tot, "Neemt waar")
    assert mag_dossier(collega, wereld.kandidaat)
    # The message says the date as the melding to the colleague says it ("24 december 2026"), not as typed.
    bericht = str(next(iter(get_messages(response.wsgi_request))))
    assert f"tot en met {formats.date_format(tot, 'j F Y')}." in bericht, bericht


def test_bad_input_gives_a_dutch_message_and_keeps_what_was_typed(client, wereld):
    jeske = _van_gemeente_ernaast(wereld)
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_toegang", args=[wereld.kandidaat.pk])
    te_laat = (services.dossiertoegang_uiterlijk(_vandaag()) + timedelta(days=5)).strftime("%d-%m-%Y")
    response = client.post(url, {"klantmanager": jeske.pk, "reden": "Helpt met schulden", "tot": te_laat})
    assert response.status_code == 400
    html = response.content.decode()
    assert "hoogstens 3 maanden" in html and "Helpt met schulden" in html and te_laat in html
    assert f"kies uiterlijk {datums.datum(services.dossiertoegang_uiterlijk(_vandaag()))}." in html  # not 07-03-2027
    # A good date, but Jeske is of the gemeente: Willem's consent is asked for.
    goed = (_vandaag() + timedelta(days=10)).strftime("%d-%m-%Y")
    response = client.post(url, {"klantmanager": jeske.pk, "reden": "Helpt met schulden", "tot": goed,
                                 "klantmanager_zoek": "gunterman"})
    assert response.status_code == 400 and "toestemming van Willem nodig" in response.content.decode()
    assert not DossierToegang.objects.exists()
    response = client.post(url, {"klantmanager": jeske.pk, "reden": "Helpt met schulden", "tot": goed,
                                 "wijze": "gesprek", "gegeven_op": _vandaag().strftime("%d-%m-%Y")})
    assert response.status_code == 302
    assert DossierToegang.objects.get().toestemming.derde_partij.startswith("Jeske Gunterman")


def test_only_the_vaste_klantmanager_ends_it(client, wereld):
    collega = _collega(wereld)
    toegang = _geef(wereld, collega)
    url = reverse("dossier_toegang_beeindigen", args=[toegang.pk])
    for ander in (collega, wereld.vreemde_klantmanager, _collega(wereld)):
        client.force_login(ander)
        assert client.post(url).status_code == 404
        assert client.get(reverse("dossier_toegang", args=[wereld.kandidaat.pk])).status_code == 404
    toegang.refresh_from_db()
    assert toegang.lopend
    client.force_login(wereld.klantmanager)
    assert client.post(url).status_code == 302
    assert not mag_dossier(collega, wereld.kandidaat)
    # A second click (a double click, or back and again): nothing left to end, and she reads that, not a 404.
    tweede = client.post(url, follow=True)
    assert tweede.redirect_chain[0][0] == reverse("dossier_toegang", args=[wereld.kandidaat.pk])
    assert f"{collega.get_full_name()} kan het dossier al niet meer openen." in tweede.content.decode()
    assert DossierToegang.objects.get(pk=toegang.pk).beeindigd_door_id == wereld.klantmanager.pk
    for ander in (collega, wereld.vreemde_klantmanager):  # an ended access of someone else's dossier: still 404
        client.force_login(ander)
        assert client.post(url).status_code == 404


def test_an_old_end_button_of_access_given_again_since_says_it_runs(client, wereld):
    """Found in review: access ended, given again (a new one), and the old page's "Toegang beëindigen" sent (another
    tab, the back button): she read that the colleague could no longer open the dossier, while the new access runs."""
    collega = _collega(wereld)
    oud = _geef(wereld, collega)
    client.force_login(wereld.klantmanager)
    client.post(reverse("dossier_toegang_beeindigen", args=[oud.pk]))
    _geef(wereld, collega)
    html = client.post(reverse("dossier_toegang_beeindigen", args=[oud.pk]), follow=True).content.decode()
    assert mag_dossier(collega, wereld.kandidaat)
    assert "kan het dossier al niet meer openen" not in html
    assert f"{collega.get_full_name()} heeft intussen opnieuw toegang gekregen; die is niet beëindigd." in html


def test_the_colleague_finds_the_dossier_on_her_list(client, wereld):
    collega = _collega(wereld)
    _geef(wereld, collega)
    ander = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager, voornaam="Noor", achternaam="Bakker")
    client.force_login(collega)
    html = client.get(reverse("gedeelde_dossiers")).content.decode()
    assert reverse("dossier", args=[wereld.kandidaat.pk]) in html and "Willem van de Vecht" in html
    # Her full name: the colleague's random first name may be Noor too (it is in the page's header).
    assert "Noor Bakker" not in html and reverse("dossier", args=[ander.pk]) not in html
    assert reverse("gedeelde_dossiers") in client.get(reverse("klantmanager_home")).content.decode()
    regel = Verwerking.objects.filter(gebruiker=collega, actie=Verwerking.Actie.INZIEN).latest("pk")
    assert list(regel.betrokkenen.values_list("object_id", flat=True)) == [str(wereld.kandidaat.pk)]


def test_the_werkzoekende_reads_who_else_sees_her_dossier(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("mijn_gegevens")
    assert "Niemand anders heeft nu toegang tot je dossier." in client.get(url).content.decode()
    _geef(wereld, _collega(wereld, voornaam="Sanne", achternaam="Smit"))
    jeske = _van_gemeente_ernaast(wereld)
    _geef(wereld, jeske, reden="Helpt met de bijstand", tot=_vandaag() + timedelta(days=30),
          wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    html = client.get(url).content.decode()
    assert "Wie kan je dossier zien?" in html and "Je contactpersoon Karin Klant kan je dossier zien." in html
    assert "Sanne Smit" in html and "Neemt waar tijdens mijn verlof" in html
    assert "Jeske Gunterman" in html and "Helpt met de bijstand" in html
    assert "Trek je toestemming in, dan stopt het meteen." in html
    assert reverse("toestemmingen", args=[wereld.kandidaat.pk]) in html
    # Ended: gone from the page.
    dossiertoegang_beeindigen(toegang=DossierToegang.objects.get(klantmanager=jeske), door=wereld.klantmanager)
    assert "Jeske Gunterman" not in client.get(url).content.decode()


def test_withdrawing_in_the_portal_says_who_loses_access_and_takes_it(client, wereld):
    jeske = _van_gemeente_ernaast(wereld)
    toegang = _geef(wereld, jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemming_intrekken", args=[toegang.toestemming_id])
    assert "Jeske Gunterman kan je dossier dan meteen niet meer zien." in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert _opent(client, jeske, wereld.kandidaat) == 404


def test_the_sweep_is_scheduled_and_registered():
    from celery.schedules import crontab
    from django.conf import settings

    from klantreis.celery import app

    schema = [t for t in settings.CELERY_BEAT_SCHEDULE.values() if "dossiertoegang" in t["task"]]
    taak = "werkzoekenden.tasks.dossiertoegangen_verlopen_task"
    assert {t["task"] for t in schema} == {taak}
    app.loader.import_default_modules()
    assert taak in app.tasks
    # Just after midnight (Amsterdam time, as localdate counts the last day), not up to an hour into the new day, and
    # every hour besides for a night it missed.
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
    [middernacht] = [t["schedule"] for t in schema if isinstance(t["schedule"], crontab)]
    assert (middernacht.hour, middernacht.minute) == ({0}, {1})
    assert 3600 in [t["schedule"] for t in schema]


def test_after_a_warme_overdracht_the_old_klantmanager_gives_no_access(client, wereld):
    collega, opvolger = _collega(wereld), _collega(wereld)
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_toegang", args=[wereld.kandidaat.pk])
    assert client.get(url).status_code == 200
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=opvolger, notitie="Verlof")
    tot = (_vandaag() + timedelta(days=3)).isoformat()
    assert client.post(url, {"klantmanager": collega.pk, "reden": "Neemt waar", "tot": tot}).status_code == 404
    assert not DossierToegang.objects.exists() and not mag_dossier(collega, wereld.kandidaat)


# --- a handover to the colleague who had access ------------------------------------------------


def _geen_einde_meldingen(wereld, collega):
    return not Melding.objects.filter(sleutel__startswith="toegang_einde").filter(
        ontvanger__in=[collega, wereld.werkzoekende_user]).exists()


def test_a_handover_to_the_colleague_with_access_tells_nobody_she_lost_it(client, wereld, met_commit):
    """Ali had access and now holds the dossier: she read "Je kunt het dossier niet meer openen" and Willem "Ali kan
    je dossier niet meer zien" beside "Je hebt een nieuwe contactpersoon: Ali"."""
    ali = _collega(wereld, voornaam="Ali", achternaam="Aksoy")
    toegang = met_commit(_geef, wereld=wereld, collega=ali)
    met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=ali, notitie="Verlof")
    toegang.refresh_from_db()
    # The row ends and the grant goes: she opens the dossier as its vaste klantmanager now.
    assert toegang.einde == DossierToegang.Einde.NU_VASTE_KLANTMANAGER and _guardian_rechten(ali, wereld.kandidaat) == 0
    assert _opent(client, ali, wereld.kandidaat) == 200
    assert _geen_einde_meldingen(wereld, ali)
    teksten = list(Melding.objects.filter(ontvanger=wereld.werkzoekende_user).values_list("tekst", flat=True))
    assert any("nieuwe contactpersoon: Ali Aksoy" in t for t in teksten)
    assert not any("niet meer" in t for t in teksten)


def test_a_caseload_run_to_the_colleague_with_access_tells_nobody_she_lost_it(wereld, met_commit):
    """The same in a caseload handover, where ``door`` is the beheerder (so the colleague was told before)."""
    ali = _collega(wereld, voornaam="Ali", achternaam="Aksoy")
    toegang = met_commit(_geef, wereld=wereld, collega=ali)
    met_commit(services.caseloadoverdracht_starten, van=wereld.klantmanager, ontvangers=[ali], notitie="Vertrekt",
               door=wereld.beheerder)
    toegang.refresh_from_db()
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager_id == ali.pk
    assert toegang.einde == DossierToegang.Einde.NU_VASTE_KLANTMANAGER
    assert _geen_einde_meldingen(wereld, ali)


# --- the colleague leaves, or changes organisation or role ---------------------------------------


def _wijzigen(client, gebruiker, **anders):
    gegevens = {"email": gebruiker.email, "voornaam": gebruiker.voornaam, "achternaam": gebruiker.achternaam,
                "telefoon": gebruiker.telefoon, "rol": gebruiker.rol, "organisatie": gebruiker.organisatie_id or "",
                "regio": gebruiker.regio_id or "", "is_active": "on"}
    gegevens.update(anders)
    return client.post(reverse("admin:accounts_user_change", args=[gebruiker.pk]),
                       {k: v for k, v in gegevens.items() if v is not None})


@pytest.mark.parametrize("anders", [
    pytest.param(lambda wereld: {"organisatie": wereld.vreemde_klantmanager.organisatie_id,
                                 "regio": wereld.vreemde_klantmanager.regio_id}, id="organisatie"),
    pytest.param(lambda wereld: {"rol": "accountmanager"}, id="rol"),
    pytest.param(lambda wereld: {"is_active": None}, id="vertrokken"),
])
def test_a_colleague_moved_by_the_beheerder_loses_her_accesses(client, wereld, django_capture_on_commit_callbacks,
                                                                anders):
    """Before: moved to another organisation she still opened Willem's dossier without his consent; switched off,
    Mijn gegevens still named her and switching her back on within the end date opened it again."""
    collega = _collega(wereld, voornaam="Ali", achternaam="Aksoy")
    jeske = _van_gemeente_ernaast(wereld)
    toegang = _geef(wereld, collega)
    bij_jeske = _geef(wereld, jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    client.force_login(wereld.beheerder)
    for wie in (collega, jeske):
        with django_capture_on_commit_callbacks(execute=True):
            assert _wijzigen(client, wie, **anders(wereld)).status_code == 302
    for t in (toegang, bij_jeske):
        t.refresh_from_db()
        assert t.einde == DossierToegang.Einde.COLLEGA_VERTROKKEN and t.beeindigd_door == wereld.beheerder
    assert _guardian_rechten(collega, wereld.kandidaat) == _guardian_rechten(jeske, wereld.kandidaat) == 0
    # The consent Willem gave for Jeske ends with it, as the service does.
    assert Toestemming.objects.get(pk=bij_jeske.toestemming_id).ingetrokken_op is not None
    # Switched on again, in her old place: the dossier stays closed to her.
    collega.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, collega, organisatie=wereld.klantmanager.organisatie_id, rol="klantmanager",
                         regio=wereld.klantmanager.regio_id).status_code == 302
    assert not mag_dossier(User.objects.get(pk=collega.pk), wereld.kandidaat)
    # Willem's Mijn gegevens names neither, and he reads why in his words.
    willem = Client()  # not the beheerder's browser, with its "Ali Aksoy is gewijzigd"
    willem.force_login(wereld.werkzoekende_user)
    html = willem.get(reverse("mijn_gegevens")).content.decode()
    assert "Ali Aksoy" not in html and "Jeske Gunterman" not in html
    einde = Melding.objects.get(ontvanger=wereld.werkzoekende_user, sleutel=f"toegang_einde:{toegang.pk}:"
                                f"{wereld.werkzoekende_user.pk}")
    assert "Ali Aksoy kan je dossier niet meer zien" in einde.tekst and "ander werk" in einde.tekst
    # She herself is not told the werkzoekende's name at her new place.
    assert not Melding.objects.filter(ontvanger=collega, sleutel__startswith="toegang_einde").exists()


def test_a_change_that_is_not_her_place_keeps_the_access(client, wereld, django_capture_on_commit_callbacks):
    collega = _collega(wereld)
    toegang = _geef(wereld, collega)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, collega, telefoon="026 3123456").status_code == 302
    toegang.refresh_from_db()
    assert toegang.lopend and mag_dossier(collega, wereld.kandidaat)


def test_the_coordinator_flag_taken_away_is_not_her_leaving(client, wereld, django_capture_on_commit_callbacks):
    """The user admin gives and takes the WSP-coördinator flag, recorded with the changes of who she is (so her tasks
    that only a coordinator can do go to another, ``taken.reacties``): the access Karin gave her, and the waarneming
    she holds for Karin, stay."""
    from accounts.services import GEBRUIKER_GEWIJZIGD, waarnemer_instellen

    collega = _collega(wereld, is_coordinator=True)
    toegang = _geef(wereld, collega)
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=collega)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, collega).status_code == 302  # the box not ticked: the flag goes
    collega = User.objects.get(pk=collega.pk)
    assert not collega.is_coordinator
    assert Gebeurtenis.objects.get(soort=GEBRUIKER_GEWIJZIGD).gegevens["gewijzigd"] == {"is_coordinator": [True, False]}
    toegang.refresh_from_db()
    assert toegang.lopend and mag_dossier(collega, wereld.kandidaat)
    assert User.objects.get(pk=wereld.klantmanager.pk).waarnemer_id == collega.pk


def test_every_way_an_account_changes_goes_through_one_function(wereld, met_commit):
    """The services that switch an account off or on (here a werkgever's colleague, and retention) write the same
    event as the admin: what rested on her place ends wherever it changed."""
    from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan

    collega = _collega(wereld)
    toegang = _geef(wereld, collega)
    # To an organisation in another region: her region goes along (it is her organisation's, ``User.clean``).
    collega.organisatie, collega.regio = wereld.vreemde_klantmanager.organisatie, wereld.vreemde_klantmanager.regio
    met_commit(gebruiker_opslaan, gebruiker=collega, door=None)
    toegang.refresh_from_db()
    assert toegang.einde == DossierToegang.Einde.COLLEGA_VERTROKKEN
    [gebeurtenis] = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD)
    assert gebeurtenis.gegevens["gewijzigd"] == {
        "organisatie_id": [wereld.klantmanager.organisatie_id, wereld.vreemde_klantmanager.organisatie_id]}
    # A werkgever withdrawing a colleague's access goes the same way.
    from werkgevers.services import collega_toegang_intrekken
    from werkgevers.tests.factories import WerkgeverUserFactory

    weg = WerkgeverUserFactory(werkgever=wereld.werkgever)
    collega_toegang_intrekken(werkgever=wereld.werkgever, door=wereld.werkgever_user, collega=weg)
    assert Gebeurtenis.objects.get(soort=GEBRUIKER_GEWIJZIGD, gegevens__gebruiker_id=weg.pk).gegevens["gewijzigd"] == {
        "is_active": [True, False]}


def test_extending_an_access_on_consent_tells_no_new_consent_and_mails_nothing(wereld, met_commit):
    """Karin extends Jeske's access by a week: Willem reads that Jeske can see his dossier longer, not again that a
    consent was recorded, and gets no mail of it (the consent was mailed once, when it was written down)."""
    jeske = _van_gemeente_ernaast(wereld)
    met_commit(_geef, wereld=wereld, collega=jeske, wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
    eerste = Melding.objects.get(ontvanger=wereld.werkzoekende_user)
    met_commit(_geef, wereld=wereld, collega=jeske, tot=_vandaag() + timedelta(days=21))
    [verlengd] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user).exclude(pk=eerste.pk)
    assert "Jeske Gunterman" in verlengd.tekst and "ook je dossier zien" in verlengd.tekst
    assert "toestemming" not in verlengd.tekst
    assert verlengd.samengevat_op is not None  # in the portal only, no mail


def test_a_consent_recorded_before_the_access_gets_its_own_melding(wereld, met_commit):
    """Karin wrote Willem's consent down first and gave Jeske access with it right after, before the outbox got to
    the consent: Willem still reads that a consent was recorded (its own melding), and the access melding does not
    claim it was recorded with the access."""
    jeske = _van_gemeente_ernaast(wereld)

    def vastleggen_en_geven():
        services.toestemming_verlenen(
            kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE, door=wereld.klantmanager,
            derde_partij=services.derde_partij_voor(jeske), wijze=Toestemming.Wijze.GESPREK, gegeven_op=_vandaag())
        return _geef(wereld, jeske)

    met_commit(vastleggen_en_geven)
    teksten = list(Melding.objects.filter(ontvanger=wereld.werkzoekende_user).values_list("tekst", flat=True))
    assert len(teksten) == 2
    assert any("vastgelegd dat je toestemming gaf" in t and "intrekken" in t for t in teksten)
    assert any("ook je dossier zien" in t and "toestemming" not in t for t in teksten)
