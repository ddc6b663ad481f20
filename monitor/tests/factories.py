from datetime import date

import factory

from accounts.tests.factories import regio
from monitor.models import Kengetal


class KengetalFactory(factory.django.DjangoModelFactory):
    """A rollup row with known values; tests build the monitor from these, never from journeys."""

    class Meta:
        model = Kengetal

    sleutel = "funnel_verzoek"
    regio = factory.LazyFunction(regio)
    organisatie = None
    maand = date(2026, 10, 1)
    aantal = 10
    noemer = None
    personen = 10
