import copy
import functools
import html

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db.models.signals import post_delete, post_save
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


# Regions and gemeenten by code, read once per test: a test made a dozen people and companies, each of which read
# its region and gemeente again (the wereld alone 12 queries). Emptied before every test (conftest.verse_cache),
# since a test may change these rows in its transaction, and when one is saved or deleted. Each caller gets a
# copy of its own, so that what one changes on it is not what the next gets.
_REFERENTIES = {}


def vergeet_referenties(**_kwargs):
    _REFERENTIES.clear()


for _model in (Arbeidsmarktregio, Gemeente):
    post_save.connect(vergeet_referenties, sender=_model, dispatch_uid=f"factories-{_model.__name__}-opgeslagen")
    post_delete.connect(vergeet_referenties, sender=_model, dispatch_uid=f"factories-{_model.__name__}-verwijderd")


def _referentie(sleutel, lezen):
    gelezen = _REFERENTIES.get(sleutel)  # one lookup: a live server's thread may empty the cache meanwhile
    if gelezen is None:
        gelezen = _REFERENTIES[sleutel] = lezen()
    return copy.deepcopy(gelezen)


def regio(code="AM07"):
    """The reference data is loaded by a migration, so tests use the real regions."""
    return _referentie(("regio", code), lambda: Arbeidsmarktregio.objects.get(code=code))


def gemeente(code="GM0202"):
    return _referentie(("gemeente", code), lambda: Gemeente.objects.select_related("regio").get(code=code))


def eerste_gemeente(regio):
    """A gemeente of the region (the first by name)."""
    return _referentie(("eerste gemeente", regio.pk), lambda: Gemeente.objects.filter(regio=regio).first())


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.GEMEENTE
    regio = factory.LazyFunction(regio)
    gemeente = factory.LazyAttribute(lambda o: eerste_gemeente(o.regio))


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
    organisatie = factory.SubFactory(OrganisatieFactory, soort=Organisatie.Soort.UWV, gemeente=None,
                                     regio=factory.SelfAttribute("..regio"))


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
