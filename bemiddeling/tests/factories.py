"""Voordrachten and gesprekken in any state, without the service chain: a test that is not about proposing,
inviting or planning builds exactly the row it needs. The state machine's log gets the rows the services would
have written on the way (``VoordrachtTransitie``), so history and status agree; journey events and mails are
left out, as they belong to the tests of ``bemiddeling.services``."""

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import AccountmanagerFactory
from bemiddeling.models import Shortlist, Sollicitatiegesprek, Voordracht
from klantreis.lib.tests.toestanden import pad_vastleggen
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.tests.factories import KandidaatFactory, ToestemmingFactory

S = Voordracht.Status
# The path the services take to each status, from nothing: what the transition log shows afterwards.
PAD = {
    S.VOORGEDRAGEN: [S.VOORGEDRAGEN],
    S.UITGENODIGD: [S.VOORGEDRAGEN, S.UITGENODIGD],
    S.GESPREK_GEPLAND: [S.VOORGEDRAGEN, S.UITGENODIGD, S.GESPREK_GEPLAND],
    S.AANGENOMEN: [S.VOORGEDRAGEN, S.UITGENODIGD, S.GESPREK_GEPLAND, S.AANGENOMEN],
    S.AFGEWEZEN: [S.VOORGEDRAGEN, S.UITGENODIGD, S.GESPREK_GEPLAND, S.AFGEWEZEN],
    S.NIET_PASSEND: [S.VOORGEDRAGEN, S.NIET_PASSEND],
    S.INGETROKKEN: [S.VOORGEDRAGEN, S.INGETROKKEN],
    S.ELDERS_GEPLAATST: [S.VOORGEDRAGEN, S.ELDERS_GEPLAATST],
    S.ZONDER_TOESTEMMING: [S.VOORGEDRAGEN, S.ZONDER_TOESTEMMING],
}


class VoordrachtFactory(factory.django.DjangoModelFactory):
    """A voordracht of a kandidaat who gave consent to share with the vacature's werkgever.

    Traits follow the klantreis: ``uitgenodigd``, ``gesprek_gepland`` (with a gesprek in three days),
    ``aangenomen`` (the gesprek took place an hour ago), ``afgewezen`` and ``niet_passend`` (with a reason)."""

    class Meta:
        model = Voordracht
        skip_postgeneration_save = True

    vacature = factory.SubFactory(VacatureFactory)
    kandidaat = factory.SubFactory(KandidaatFactory)
    toestemming = factory.SubFactory(ToestemmingFactory, kandidaat=factory.SelfAttribute("..kandidaat"),
                                     werkgever=factory.SelfAttribute("..vacature.werkgever"))
    voorgedragen_door = factory.SubFactory(AccountmanagerFactory)
    toelichting = "Ervaren en gemotiveerd."
    status = S.VOORGEDRAGEN

    class Params:
        uitgenodigd = factory.Trait(status=S.UITGENODIGD, gereageerd_op=factory.LazyFunction(timezone.now))
        gesprek_gepland = factory.Trait(
            status=S.GESPREK_GEPLAND, gereageerd_op=factory.LazyFunction(timezone.now),
            gesprek=factory.RelatedFactory("bemiddeling.tests.factories.SollicitatiegesprekFactory", "voordracht"))
        aangenomen = factory.Trait(
            status=S.AANGENOMEN, gereageerd_op=factory.LazyFunction(timezone.now),
            gesprek=factory.RelatedFactory("bemiddeling.tests.factories.SollicitatiegesprekFactory", "voordracht",
                                           geweest=True))
        afgewezen = factory.Trait(
            status=S.AFGEWEZEN, reden=Voordracht.Reden.ERVARING, gereageerd_op=factory.LazyFunction(timezone.now),
            gesprek=factory.RelatedFactory("bemiddeling.tests.factories.SollicitatiegesprekFactory", "voordracht",
                                           geweest=True))
        niet_passend = factory.Trait(status=S.NIET_PASSEND, reden=Voordracht.Reden.VAARDIGHEDEN,
                                     gereageerd_op=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def transities(self, create, extracted, **kwargs):
        if not create:
            return
        pad_vastleggen(self, PAD[self.status], door=self.voorgedragen_door)


class SollicitatiegesprekFactory(factory.django.DjangoModelFactory):
    """A gesprek planned three days ahead; ``geweest`` moves it to an hour ago (only then may the outcome be
    'aangenomen')."""

    class Meta:
        model = Sollicitatiegesprek

    voordracht = factory.SubFactory(VoordrachtFactory, gesprek_gepland=True, gesprek=None)
    begint_op = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    locatie = "Arnhem"
    begeleider_gaat_mee = True
    gepland_door = factory.SelfAttribute("voordracht.voorgedragen_door")
    ics_uid = factory.LazyFunction(lambda: f"{uuid.uuid4()}@klantreis")

    class Params:
        geweest = factory.Trait(begint_op=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))
        geannuleerd = factory.Trait(geannuleerd_op=factory.LazyFunction(timezone.now))


class ShortlistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shortlist

    vacature = factory.SubFactory(VacatureFactory)
    kandidaat = factory.SubFactory(KandidaatFactory)
    door = factory.SelfAttribute("vacature.werkgever.accountmanager")
