import factory

from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid


class VaardigheidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vaardigheid
        django_get_or_create = ["uri"]

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/skill/test-{n}")
    naam = factory.Sequence(lambda n: f"vaardigheid {n}")


class BeroepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beroep
        django_get_or_create = ["uri"]
        skip_postgeneration_save = True

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/test-{n}")
    naam = factory.Sequence(lambda n: f"monteur installatietechniek {n}")
    synoniemen = ""
    isco_code = "7126"

    @factory.post_generation
    def met_vaardigheden(self, create, extracted, **kwargs):
        """BeroepFactory(met_vaardigheden=["VCA", "leidingen leggen"]) links essential skills."""
        if create and extracted:
            for naam in extracted:
                BeroepVaardigheid.objects.get_or_create(
                    beroep=self, vaardigheid=VaardigheidFactory(naam=naam, uri=f"urn:test:{naam}"),
                    defaults={"essentieel": True},
                )
