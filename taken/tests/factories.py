import factory
from django.utils import timezone

from accounts.tests.factories import AccountmanagerFactory
from taken.models import Taak


class TaakFactory(factory.django.DjangoModelFactory):
    """An open task for an accountmanager; ``afgerond`` done, ``te_laat`` due yesterday."""

    class Meta:
        model = Taak

    toegewezen_aan = factory.SubFactory(AccountmanagerFactory)
    omschrijving = factory.Sequence(lambda n: f"Bel werkgever {n}")

    class Params:
        afgerond = factory.Trait(afgerond_op=factory.LazyFunction(timezone.now))
        te_laat = factory.Trait(uiterlijk=factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=1)))
