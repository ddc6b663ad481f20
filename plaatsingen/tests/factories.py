"""Plaatsingen and their nazorg in any state, without the service chain (akkoord, overeenkomst, signing): for
tests that need a running plaatsing but are not about starting one. The transition log gets the rows the
services would have written; ``met_momenten`` plans the contact moments the way ``plaatsingen.services`` does
(``gewenste_momenten``), so a change there reaches these rows too."""

from datetime import timedelta

import factory
from django.utils import timezone

from bemiddeling.tests.factories import VoordrachtFactory
from klantreis.lib.tests.toestanden import pad_vastleggen
from plaatsingen.models import NazorgMoment, Plaatsing
from plaatsingen.services import gewenste_momenten

S = Plaatsing.Status
PAD = {
    S.VOORBEREIDING: [S.VOORBEREIDING],
    S.WACHT_OP_HANDTEKENING: [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING],
    S.LOPEND: [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING, S.LOPEND],
    S.CONTRACT: [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING, S.LOPEND, S.CONTRACT],
    S.AFSCHEID: [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING, S.LOPEND, S.AFSCHEID],
    S.AFGEROND: [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING, S.LOPEND, S.AFGEROND],
}


class PlaatsingFactory(factory.django.DjangoModelFactory):
    """A proefplaatsing of 60 days from today, in preparation, from an accepted voordracht.

    Traits: ``lopend`` (akkoord recorded and signed by the werkgever's contactpersoon, running),
    ``afscheid`` (ended early, with a reason), ``met_momenten`` (the contact moments of a running one)."""

    class Meta:
        model = Plaatsing
        skip_postgeneration_save = True

    voordracht = factory.SubFactory(VoordrachtFactory, aangenomen=True)
    kandidaat = factory.SelfAttribute("voordracht.kandidaat")
    werkgever = factory.SelfAttribute("voordracht.vacature.werkgever")
    soort = Plaatsing.Soort.PROEFPLAATSING
    status = S.VOORBEREIDING
    functie = "Monteur"
    startdatum = factory.LazyFunction(timezone.localdate)
    einddatum = factory.LazyAttribute(lambda o: o.startdatum + timedelta(days=60))
    uren_per_week = 32
    aangemaakt_door = factory.SelfAttribute("voordracht.voorgedragen_door")

    class Params:
        lopend = factory.Trait(
            status=S.LOPEND, akkoord_instantie="UWV Arnhem", akkoord_op=factory.SelfAttribute("startdatum"),
            akkoord_vastgelegd_door=factory.SelfAttribute("aangemaakt_door"), ondertekend_door_naam="Martijn de Heul",
            ondertekend_op=factory.LazyFunction(timezone.now))
        afscheid = factory.Trait(lopend=True, status=S.AFSCHEID, afscheid_reden="Past niet in het team.")

    @factory.post_generation
    def transities(self, create, extracted, **kwargs):
        if not create:
            return
        pad_vastleggen(self, PAD[self.status], door=self.aangemaakt_door)

    @factory.post_generation
    def met_momenten(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        for soort, gepland_op in gewenste_momenten(self).items():
            NazorgMoment.objects.create(plaatsing=self, soort=soort, gepland_op=gepland_op)


class NazorgMomentFactory(factory.django.DjangoModelFactory):
    """A contact moment due now; ``verwerkt`` claimed by the sweep, ``met_uitkomst`` recorded by hand."""

    class Meta:
        model = NazorgMoment

    plaatsing = factory.SubFactory(PlaatsingFactory, lopend=True)
    soort = NazorgMoment.Soort.WEEK_2
    gepland_op = factory.LazyFunction(timezone.now)

    class Params:
        verwerkt = factory.Trait(verwerkt_op=factory.LazyFunction(timezone.now))
        met_uitkomst = factory.Trait(uitkomst=NazorgMoment.Uitkomst.GOED, uitkomst_op=factory.LazyFunction(timezone.now),
                                     uitkomst_door=factory.SelfAttribute("plaatsing.aangemaakt_door"))
