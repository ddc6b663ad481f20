"""Many due nazorg moments at once, for the failure test and the benchmark.

``due_nazorgmomenten(100_000)`` writes 25,000 running plaatsingen with 4 due moments each, with
``bulk_create`` (seconds, not hours). The people come from the factories: a few werkgevers, each with an
accountmanager and one contactpersoon with an account; klantmanagers; and one kandidaat per plaatsing with an
address of its own, so every mail of a moment goes to a different address and can be counted per moment."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, gemeente
from conftest import laad_referentiedata_na_flush
from plaatsingen.models import NazorgMoment, Plaatsing
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory, WerkgeverUserFactory
from werkzoekenden.models import Kandidaat, Toestemming

MOMENTEN_PER_PLAATSING = 4
SOORTEN = (NazorgMoment.Soort.DAG_1, NazorgMoment.Soort.WEEK_2, NazorgMoment.Soort.WEEK_6,
           NazorgMoment.Soort.EINDE_CONTRACT)
BATCH = 5000


def due_nazorgmomenten(aantal, *, nu=None, werkgevers=5, klantmanagers=5, label=None) -> list[int]:
    """``aantal`` moments (rounded up to a multiple of 4), all due before ``nu`` and not yet handled, of
    running plaatsingen spread over ``werkgevers`` werkgevers and ``klantmanagers`` klantmanagers.

    ``label`` keeps the addresses of a second call apart from the first (the benchmark builds twice)."""
    # The voordracht's model, wherever it lives (it moved from matching to bemiddeling).
    Voordracht = Plaatsing._meta.get_field("voordracht").related_model
    nu = nu or timezone.now()
    label = label or timezone.now().strftime("%H%M%S%f")
    laad_referentiedata_na_flush()
    plaatsingen = -(-aantal // MOMENTEN_PER_PLAATSING)
    with transaction.atomic():
        gm = gemeente()
        bedrijven = []
        for _i in range(werkgevers):
            am = AccountmanagerFactory()
            werkgever = WerkgeverFactory(accountmanager=am)
            WerkgeverUserFactory(werkgever=werkgever)  # the check-in for the werkgever goes to this contact
            bedrijven.append((werkgever, am, VacatureFactory(werkgever=werkgever, status=Vacature.Status.OPEN)))
        kms = [KlantmanagerFactory() for _i in range(klantmanagers)]

        kandidaten = Kandidaat.objects.bulk_create(
            [Kandidaat(voornaam="Werknemer", achternaam=f"{label}-{n}", email=f"werknemer-{label}-{n}@bulk.test",
                       postcode="6822 AB", gemeente=gm, regio=gm.regio, uitkering=Kandidaat.Uitkering.BIJSTAND,
                       klantmanager=kms[n % len(kms)])
             for n in range(plaatsingen)], batch_size=BATCH)
        toestemmingen = Toestemming.objects.bulk_create(
            [Toestemming(kandidaat=k, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=bedrijven[n % len(bedrijven)][0], verleend_door=k.klantmanager)
             for n, k in enumerate(kandidaten)], batch_size=BATCH)
        voordrachten = Voordracht.objects.bulk_create(
            [Voordracht(vacature=bedrijven[n % len(bedrijven)][2], kandidaat=k, toestemming=t,
                        toelichting="Past goed.", status=Voordracht.Status.AANGENOMEN,
                        voorgedragen_door=bedrijven[n % len(bedrijven)][1], gereageerd_op=nu)
             for n, (k, t) in enumerate(zip(kandidaten, toestemmingen, strict=True))], batch_size=BATCH)
        start = timezone.localdate(nu) - timedelta(days=60)
        lopend = Plaatsing.objects.bulk_create(
            [Plaatsing(voordracht=v, kandidaat=v.kandidaat, werkgever=bedrijven[n % len(bedrijven)][0],
                       regio_id=bedrijven[n % len(bedrijven)][0].regio_id,
                       soort=Plaatsing.Soort.TIJDELIJK, status=Plaatsing.Status.LOPEND, functie="Monteur",
                       startdatum=start, einddatum=start + timedelta(days=90), uren_per_week=32,
                       aangemaakt_door=bedrijven[n % len(bedrijven)][1])
             for n, v in enumerate(voordrachten)], batch_size=BATCH)
        # Due between two days and a minute ago, in an order that is not the order of the ids.
        momenten = NazorgMoment.objects.bulk_create(
            [NazorgMoment(plaatsing=p, soort=soort, gepland_op=nu - timedelta(minutes=1 + (n * 7919 + i) % 2880))
             for n, p in enumerate(lopend) for i, soort in enumerate(SOORTEN)], batch_size=BATCH)
    return [m.pk for m in momenten]
