from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from ondersteuning.models import Startmoment, Traject

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_gids_for_midden_gelderland_that_willem_browses(client):
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())
    call_command("demo", kandidaten=0, vacatures=0, regio=["AM07"], stdout=StringIO())  # twice: nothing doubles
    titels = set(Traject.objects.filter(regio__code="AM07").values_list("titel", flat=True))
    assert {"VCA-basiscursus", "Taalcoach", "Schuldhulpmaatje", "Jobcoach bij je nieuwe baan",
            "Werkervaringsplaats groenvoorziening", "Workshop solliciteren"} <= titels
    assert Traject.objects.count() == 6
    workshop = Traject.objects.get(titel="Workshop solliciteren")
    assert workshop.startmomenten.filter(afspraak__soort="groepsbijeenkomst").count() == 2
    assert Startmoment.objects.filter(traject__titel="VCA-basiscursus").count() == 2
    client.force_login(User.objects.get(email="willem.vandevecht@example.nl"))
    pagina = client.get(reverse("ondersteuningsgids")).content.decode()
    assert "VCA-basiscursus" in pagina and "Taalcoach" in pagina
    assert "Workshop solliciteren" in client.get(reverse("ondersteuningsgids") + "?soort=groepsbijeenkomst").content.decode()
