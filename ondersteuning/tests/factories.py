from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import regio
from ondersteuning.models import Aanvraag, Startmoment, Traject
from werkzoekenden.tests.factories import KandidaatFactory


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traject

    titel = factory.Sequence(lambda n: f"VCA-basiscursus {n}")
    omschrijving = "Je leert veilig werken op een bouwplaats. Na twee dagen doe je examen."
    soort = Traject.Soort.TRAINING
    voor_wie = "Voor wie in de bouw of techniek wil werken"
    duur = "2 dagen"
    kosten = "Geen"
    aanbieder = "Opleidingscentrum Gelderland"
    plaats = "Arnhem"
    regio = factory.LazyFunction(regio)
    gemeente = None

    class Params:
        groep = factory.Trait(soort=Traject.Soort.GROEPSBIJEENKOMST, titel="Workshop solliciteren")


class StartmomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Startmoment

    traject = factory.SubFactory(TrajectFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    capaciteit = 12


class AanvraagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanvraag

    traject = factory.SubFactory(TrajectFactory)
    kandidaat = factory.SubFactory(KandidaatFactory)
    motivatie = "Ik wil graag in de bouw werken."
