import factory
from django.utils import timezone

from accounts.tests.factories import achternaam, gemeente, voornaam
from werkzoekenden.models import Kandidaat, een_maand_later


class KandidaatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kandidaat

    voornaam = factory.LazyFunction(voornaam)
    achternaam = factory.LazyFunction(achternaam)
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


class ToestemmingFactory(factory.django.DjangoModelFactory):
    """Consent as ``toestemming_verlenen`` leaves it, without the journey event: by default to share the cv with
    one werkgever. Traits: ``vindbaar`` (anonymously findable in the region), ``ingetrokken``."""

    class Meta:
        model = "werkzoekenden.Toestemming"
        # One active consent per kandidaat and werkgever (a constraint): a second voordracht at the same
        # werkgever uses the consent that is there, as ``voordracht_create`` does.
        django_get_or_create = ("kandidaat", "doel", "werkgever", "ingetrokken_op")

    kandidaat = factory.SubFactory(KandidaatFactory)
    doel = "werkgever"
    werkgever = factory.SubFactory("werkgevers.tests.factories.WerkgeverFactory")
    wijze = "gesprek"
    gegeven_op = factory.LazyFunction(timezone.localdate)
    ingetrokken_op = None

    class Params:
        vindbaar = factory.Trait(doel="vindbaar", werkgever=None)
        ingetrokken = factory.Trait(ingetrokken_op=factory.LazyFunction(timezone.now))
