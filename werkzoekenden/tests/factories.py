import factory
from django.utils import timezone

from accounts.tests.factories import gemeente
from werkzoekenden.models import Kandidaat, een_maand_later


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


class RechtenverzoekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "werkzoekenden.Rechtenverzoek"

    kandidaat = factory.SubFactory(KandidaatFactory)
    soort = "correctie"
    wat = "Mijn telefoonnummer"
    wens = "06 11112222"
    uiterlijk = factory.LazyFunction(lambda: een_maand_later(timezone.localdate()))
