import functools
import html

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from faker import Faker

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, Rol, User

WACHTWOORD = "Testwachtwoord-2026"

# First names of the people the tests make by name (conftest.Wereld: Willem van de Vecht, Anja Roest, Karin Klant,
# ...; Zara in the matching tests). Tests check that such a name is NOT on a page or in a mail, so a generated
# person never gets one: Faker's Dutch first names include Willem, Zara and Pim, and a page that greeted its viewer,
# a generated klantmanager, as "Willem" failed a check that Willem's data was not on it.
VOORNAMEN_VAN_DE_TESTWERELD = frozenset({"Willem", "Anja", "Zara", "Pim", "Bea", "Anton", "Karin", "Martijn"})
_NEDERLANDS = Faker("nl_NL")


def voornaam():
    """A Dutch first name that is not one of ``VOORNAMEN_VAN_DE_TESTWERELD``."""
    naam = _NEDERLANDS.first_name()
    while naam in VOORNAMEN_VAN_DE_TESTWERELD:
        naam = _NEDERLANDS.first_name()
    return naam


def achternaam():
    """A Dutch surname that a page shows as it is: not one of Faker's with an apostrophe ("van 't Riet", "'s
    Gravensande", about one in 200), which HTML escapes (``&#x27;``), so that a test that looks for a generated person
    on a page finds them. The escaping itself is tested with names made for it."""
    naam = _NEDERLANDS.last_name()
    while html.escape(naam) != naam:
        naam = _NEDERLANDS.last_name()
    return naam


@functools.cache
def gehasht(wachtwoord):
    """The password as the configured hasher stores it, hashed once per process (a salt of its own per person adds
    nothing to a test)."""
    return make_password(wachtwoord)


def regio(code="AM07"):
    """The reference data is loaded by a migration, so tests use the real regions."""
    return Arbeidsmarktregio.objects.get(code=code)


def gemeente(code="GM0202"):
    return Gemeente.objects.select_related("regio").get(code=code)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.GEMEENTE
    regio = factory.LazyFunction(regio)
    gemeente = factory.LazyAttribute(lambda o: Gemeente.objects.filter(regio=o.regio).first())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.nl")
    voornaam = factory.LazyFunction(voornaam)
    achternaam = factory.LazyFunction(achternaam)
    telefoon = "06 12345678"
    rol = Rol.KLANTMANAGER
    regio = factory.LazyFunction(regio)
    organisatie = factory.SubFactory(OrganisatieFactory, regio=factory.SelfAttribute("..regio"))
    # Hashed in the INSERT, not set and saved again afterwards: two queries fewer for every person a test makes.
    password = factory.LazyAttribute(lambda o: gehasht(o.wachtwoord))

    class Params:
        wachtwoord = WACHTWOORD

    @factory.post_generation
    def emailadres(self, create, extracted, **kwargs):
        """The verified address allauth logs in with; the person is new, so there is none yet to look for."""
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class BeheerderFactory(UserFactory):
    rol = Rol.BEHEERDER
    organisatie = factory.SubFactory(OrganisatieFactory, soort=Organisatie.Soort.UWV, gemeente=None)


class AccountmanagerFactory(UserFactory):
    rol = Rol.ACCOUNTMANAGER
    organisatie = factory.SubFactory(
        OrganisatieFactory, soort=Organisatie.Soort.UWV, gemeente=None, regio=factory.SelfAttribute("..regio")
    )


class KlantmanagerFactory(UserFactory):
    rol = Rol.KLANTMANAGER


class WerkzoekendeUserFactory(UserFactory):
    rol = Rol.WERKZOEKENDE
    organisatie = None
