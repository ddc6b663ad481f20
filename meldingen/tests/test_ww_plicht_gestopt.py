"""When the WW ends, its sollicitatieplicht ends (``sollicitaties.reacties``): she hears it herself, once."""

from datetime import timedelta

from django.utils import timezone

from meldingen.models import Melding
from meldingen.reacties import ww_sollicitatieplicht_gestopt
from outbox.models import Gebeurtenis
from sollicitaties.services import WW_PLICHT_GESTOPT, ww_plicht_beeindigen
from sollicitaties.tests.factories import SollicitatieplichtFactory
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import dossier_afsluiten, dossier_bijwerken


def _ww(wereld):
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    wereld.kandidaat.refresh_from_db()
    return SollicitatieplichtFactory(kandidaat=wereld.kandidaat,
                                     startdatum=timezone.localdate() - timedelta(days=10))


def _meldingen(wereld):
    return list(Melding.objects.filter(ontvanger=wereld.werkzoekende_user, sleutel__startswith="ww_plicht_gestopt:"))


def test_she_hears_that_her_ww_sollicitatieplicht_stopped_once(wereld, met_commit):
    """Before: the plicht became a vrijstelling without a word to her: her page just said she need not apply."""
    plicht = _ww(wereld)
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               uitkering=Kandidaat.Uitkering.BIJSTAND)
    [melding] = _meldingen(wereld)
    assert melding.soort == Melding.Soort.SOLLICITATIES
    assert melding.tekst.startswith("Je WW is gestopt. Daarom stopt ook je sollicitatieplicht van de WW")
    assert "klantmanager" not in melding.tekst  # her word for him is "contactpersoon"
    assert str(wereld.kandidaat.pk) in melding.url
    # the plicht ended once: a second ending, or the reaction running again, tells her nothing new
    assert ww_plicht_beeindigen(kandidaat_id=wereld.kandidaat.pk) is None
    gebeurtenis = Gebeurtenis.objects.get(soort=WW_PLICHT_GESTOPT)
    assert gebeurtenis.gegevens["plicht_id"] == plicht.pk
    ww_sollicitatieplicht_gestopt(gebeurtenis)
    assert len(_meldingen(wereld)) == 1
    # another change of the dossier tells her nothing about it either
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager, telefoon="0612345678")
    assert len(_meldingen(wereld)) == 1


def test_no_melding_when_the_ww_goes_on(wereld, met_commit):
    _ww(wereld)
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager, telefoon="0612345678")
    assert _meldingen(wereld) == []


def test_no_melding_for_a_closed_dossier(wereld, met_commit):
    """Before: an import (or a late change of the dossier) that ended the WW of a closed dossier told her to hear from
    her contactpersoon whether she must apply for the gemeente: she has none any more."""
    _ww(wereld)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="verhuisd")
    wereld.kandidaat.refresh_from_db()
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               uitkering=Kandidaat.Uitkering.GEEN)
    assert Gebeurtenis.objects.filter(soort=WW_PLICHT_GESTOPT).exists()  # the plicht did stop
    assert _meldingen(wereld) == []
