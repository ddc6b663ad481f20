import factory
from allauth.account.models import EmailAddress

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, Rol, User

WACHTWOORD = "Testwachtwoord-2026"


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
    voornaam = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    telefoon = "06 12345678"
    rol = Rol.KLANTMANAGER
    regio = factory.LazyFunction(regio)
    organisatie = factory.SubFactory(OrganisatieFactory, regio=factory.SelfAttribute("..regio"))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or WACHTWOORD)
        if create:
            self.save()
            EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})


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
