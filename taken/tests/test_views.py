import pytest
from django.urls import reverse

from taken.models import Taak
from taken.tests.factories import TaakFactory

pytestmark = pytest.mark.django_db


def test_the_button_of_a_task_says_what_it_does_and_which_task(client, wereld):
    """"Afgerond" beside a task read as its status, not as a button to mark it done; and ten buttons with one name
    tell a screen reader user nothing."""
    eerste = TaakFactory(toegewezen_aan=wereld.accountmanager, omschrijving="Bel De Heul terug over de monteur")
    TaakFactory(toegewezen_aan=wereld.accountmanager, omschrijving="Stuur Bakkerij van Dam de regeling")
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("taken")).content.decode()
    assert ">Afgerond<" not in html
    assert 'Markeer als afgerond<span class="wsp-honing">: Bel De Heul terug over de monteur</span>' in html
    assert 'Markeer als afgerond<span class="wsp-honing">: Stuur Bakkerij van Dam de regeling</span>' in html
    client.post(reverse("taak_afronden", args=[eerste.pk]))
    assert Taak.objects.get(pk=eerste.pk).afgerond_op is not None
