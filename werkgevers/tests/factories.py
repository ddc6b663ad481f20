import factory

from accounts.models import Organisatie, Rol
from accounts.tests.factories import OrganisatieFactory, UserFactory, gemeente
from werkgevers.models import Vacature, Werkgever


class WerkgeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgever

    naam = factory.Sequence(lambda n: f"Bedrijf {n} B.V.")
    kvk_nummer = factory.Sequence(lambda n: f"{10000000 + n}")
    sector = "Installatietechniek"
    aantal_medewerkers = 25
    gemeente = factory.LazyFunction(gemeente)
    regio = factory.LazyAttribute(lambda o: o.gemeente.regio)
    organisatie = factory.SubFactory(
        OrganisatieFactory,
        naam=factory.SelfAttribute("..naam"),
        soort=Organisatie.Soort.WERKGEVER,
        regio=factory.SelfAttribute("..regio"),
        gemeente=factory.SelfAttribute("..gemeente"),
    )
    accountmanager = None


class WerkgeverUserFactory(UserFactory):
    """A contactpersoon of a werkgever who logs in."""

    rol = Rol.WERKGEVER

    class Params:
        werkgever = factory.SubFactory(WerkgeverFactory)

    organisatie = factory.LazyAttribute(lambda o: o.werkgever.organisatie)
    regio = factory.LazyAttribute(lambda o: o.werkgever.regio)


class VacatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacature

    werkgever = factory.SubFactory(WerkgeverFactory)
    titel = factory.Sequence(lambda n: f"Monteur {n}")
    status = Vacature.Status.OPEN
    uren_per_week = 32
    postcode = "6822 AB"
    gemeente = factory.SelfAttribute("werkgever.gemeente")
    regio = factory.SelfAttribute("werkgever.regio")
