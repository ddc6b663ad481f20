""""Je WW is gestopt. UWV heeft je dossier warm overgedragen aan de gemeente" says where the dossier is now."""

import pytest
from django.urls import reverse

from accounts.models import Organisatie
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from portaal.waar_sta_ik import situatie_van
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import warme_overdracht

pytestmark = pytest.mark.django_db
BIJSTAND = Kandidaat.Uitkering.BIJSTAND


def test_a_dossier_back_at_uwv_no_longer_says_uwv_handed_it_to_the_gemeente(client, wereld):
    """Fatima of UWV handed Anja to Ruud of the gemeente when her WW stopped; later Ruud handed her (still in the
    bijstand) to Fatima again, who guides werkzoekenden of both in the WSP. Anja's home page kept saying "UWV heeft je
    dossier warm overgedragen aan de gemeente", with Fatima of UWV beside it as her contactpersoon."""
    k = wereld.kandidaat
    uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=wereld.klantmanager.regio)
    fatima = KlantmanagerFactory(voornaam="Fatima", achternaam="El Amrani", organisatie=uwv)
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=Kandidaat.Uitkering.WW, klantmanager=fatima)
    k.refresh_from_db()
    ruud = wereld.klantmanager  # of the gemeente
    warme_overdracht(kandidaat=k, door=fatima, naar=ruud, notitie="WW stopt.", uitkering=BIJSTAND)
    k.refresh_from_db()
    assert situatie_van(k).warm_overgedragen

    warme_overdracht(kandidaat=k, door=ruud, naar=fatima, notitie="Fatima begeleidt haar naar werk.")
    k.refresh_from_db()
    assert not situatie_van(k).warm_overgedragen
    client.force_login(wereld.werkzoekende_user)
    assert "UWV heeft je dossier warm overgedragen aan de gemeente" not in client.get(
        reverse("werkzoekende_home")).content.decode()

    collega = KlantmanagerFactory(organisatie=ruud.organisatie)  # and to the gemeente again: it says so again
    warme_overdracht(kandidaat=k, door=fatima, naar=collega, notitie="Terug naar de gemeente.")
    k.refresh_from_db()
    assert situatie_van(k).warm_overgedragen
