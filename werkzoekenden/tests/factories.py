import factory

from accounts.tests.factories import gemeente
from werkzoekenden.models import Kandidaat


class KandidaatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kandidaat

    voornaam = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"kandidaat{n}@voorbeeld.nl")
    telefoon = "06 98765432"
    postcode = "6822 AB"
    gemeente = factory.LazyFunction(gemeente)
    regio = factory.LazyAttribute(lambda o: o.gemeente.regio)
    uitkering = Kandidaat.Uitkering.BIJSTAND
    werkfit = True
    klantmanager = None
    account = None
