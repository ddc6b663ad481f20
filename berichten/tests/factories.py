import factory

from berichten.models import Bericht, Berichtenwisseling


class WisselingFactory(factory.django.DjangoModelFactory):
    """A werkzoekende thread by default; pass ``kandidaat``. Traits for the other two kinds."""

    class Meta:
        model = Berichtenwisseling

    soort = Berichtenwisseling.Soort.WERKZOEKENDE
    onderwerp = factory.Sequence(lambda n: f"Vraag {n}")

    class Params:
        werkgever_soort = factory.Trait(soort=Berichtenwisseling.Soort.WERKGEVER)
        overleg = factory.Trait(soort=Berichtenwisseling.Soort.OVERLEG)


class BerichtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bericht

    tekst = factory.Sequence(lambda n: f"Bericht {n}")
