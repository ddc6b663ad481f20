from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sollicitaties.models import Sollicitatieactiviteit, Sollicitatieplicht
from sollicitaties.selectors import lopen_achter, overzicht
from werkzoekenden.models import Kandidaat

pytestmark = pytest.mark.django_db


def test_the_demo_gives_anja_a_plicht_with_activities_and_fatima_someone_behind():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # twice: nothing doubles
    anja = Kandidaat.objects.get(account__email="anja.roest@example.nl")
    gegevens = overzicht(anja)
    huidige, vorige = gegevens["pagina"].object_list[:2]
    assert gegevens["plicht"].aantal == 4 and vorige.compleet and not huidige.compleet
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja).count() == 5
    bewijs = Sollicitatieactiviteit.objects.exclude(bewijs="").get(kandidaat=anja)
    assert bewijs.bewijs.open("rb").read(5) == b"%PDF-"
    achter = Kandidaat.objects.filter(klantmanager=anja.klantmanager,
                                       pk__in=lopen_achter(timezone.localdate()).values("kandidaat_id"))
    assert achter.count() == 1 and achter.get() != anja
    assert Sollicitatieplicht.objects.filter(kandidaat__klantmanager=anja.klantmanager).count() == 2
