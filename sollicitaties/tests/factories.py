import factory
from django.utils import timezone

from sollicitaties.models import Sollicitatieactiviteit, Sollicitatieplicht
from werkzoekenden.models import Kandidaat
from werkzoekenden.tests.factories import KandidaatFactory


class WWKandidaatFactory(KandidaatFactory):
    uitkering = Kandidaat.Uitkering.WW


class SollicitatieplichtFactory(factory.django.DjangoModelFactory):
    """A plicht with its current-period state computed, as the services leave it."""

    class Meta:
        model = Sollicitatieplicht
        skip_postgeneration_save = True

    kandidaat = factory.SubFactory(WWKandidaatFactory)
    startdatum = factory.LazyFunction(timezone.localdate)
    aantal = 4

    class Params:
        maatwerk = factory.Trait(aantal=2, reden="Mantelzorg voor haar moeder.")

    @factory.post_generation
    def stand(obj, create, extracted, **kwargs):
        if create:
            from sollicitaties.services import stand_bijwerken

            stand_bijwerken(plicht=obj)


class SollicitatieactiviteitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sollicitatieactiviteit

    kandidaat = factory.SubFactory(WWKandidaatFactory)
    werkgever = factory.Sequence(lambda n: f"Bouwbedrijf {n}")
    functie = "Medewerker planning"
    datum = factory.LazyFunction(timezone.localdate)
    wijze = Sollicitatieactiviteit.Wijze.MAIL
