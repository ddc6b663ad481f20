"""The copies of meldingen the colleague covering got (``services._voor_de_waarnemers``) go when the waarneming ends:
they name werkzoekenden and what happened in their dossiers, and she no longer opens that caseload (AVG). Whether the
colleague came back, chose another, the waarneming was passed on, or ended because one of them left or moved."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import migrations
from django.urls import reverse

from accounts.models import User
from accounts.services import waarnemer_instellen, waarnemingen_beeindigen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory
from meldingen.models import Melding
from meldingen.services import kopieen_van_waarneming_verwijderen, melding_maken, sleutel_hash

pytestmark = pytest.mark.django_db

MIGRATIE = import_module("meldingen.migrations.0009_melding_waargenomen_voor")
ONDERWERP = "Willem van de Vecht heeft een document toegevoegd: Diploma MBO Installatietechniek"


def _over_willem(klantmanager, nummer=1):
    return melding_maken(ontvanger=klantmanager, soort=Melding.Soort.DOCUMENT, tekst=ONDERWERP,
                         url=f"/dossier/{nummer}/documenten/", sleutel=f"document:{nummer}:{klantmanager.pk}")


def _kopieen(van):
    return Melding.objects.filter(ontvanger=van, waargenomen_voor__isnull=False)


@pytest.fixture
def karin_lotte(wereld):
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte",
                                achternaam="Peters")
    return karin, lotte


def test_the_colleague_who_comes_back_takes_the_copies_along(client, wereld, karin_lotte, met_commit):
    """Karin was on leave and Lotte covered her caseload. Karin is back: Lotte's meldingen still said "Voor Karin
    Klant (je neemt waar): Willem van de Vecht heeft een document toegevoegd: Diploma ...", about a werkzoekende whose
    dossier she can no longer open. Now they are gone from her list; Karin keeps hers, and Lotte's own stay."""
    karin, lotte = karin_lotte
    met_commit(waarnemer_instellen, gebruiker=karin, waarnemer=lotte)
    _over_willem(karin)
    eigen = melding_maken(ontvanger=lotte, soort=Melding.Soort.PLAN, tekst="Je plan is aangepast.", url="/x/",
                          sleutel="eigen:1")
    [kopie] = _kopieen(lotte)
    assert kopie.tekst == f"Voor Karin Klant (je neemt waar): {ONDERWERP}" and kopie.waargenomen_voor == karin
    client.force_login(lotte)
    assert "Willem van de Vecht" in client.get(reverse("meldingen")).content.decode()

    met_commit(waarnemer_instellen, gebruiker=karin, waarnemer=None)

    assert not _kopieen(lotte).exists()
    html = client.get(reverse("meldingen")).content.decode()
    assert "Willem van de Vecht" not in html and "Diploma" not in html
    assert ("Je neemt de caseload van Karin Klant niet meer waar. De meldingen die je voor Karin Klant kreeg, staan "
            "niet meer in je lijst.") in html
    assert Melding.objects.filter(pk=eigen.pk).exists()
    assert Melding.objects.filter(ontvanger=karin, tekst=ONDERWERP).exists()


def test_another_waarnemer_or_a_waarneming_passed_on_takes_the_copies_of_the_one_who_covered(wereld, karin_lotte,
                                                                                            met_commit):
    """Karin chooses Sanne instead of Lotte: Lotte's copies go, Sanne gets copies from now on. Then Sanne goes away
    herself and passes Karin's waarneming on to Bo: Sanne's copies go. Sanne back: Bo's go."""
    karin, lotte = karin_lotte
    sanne = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    bo = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    met_commit(waarnemer_instellen, gebruiker=karin, waarnemer=lotte)
    _over_willem(karin, 1)
    met_commit(waarnemer_instellen, gebruiker=karin, waarnemer=sanne)
    assert not _kopieen(lotte).exists()
    _over_willem(karin, 2)
    assert _kopieen(sanne).count() == 1

    met_commit(waarnemer_instellen, gebruiker=sanne, waarnemer=bo)  # Karin's waarneming goes along to Bo
    assert User.objects.get(pk=karin.pk).waarnemer == bo
    assert not _kopieen(sanne).exists()
    _over_willem(karin, 3)
    assert _kopieen(bo).count() == 1

    met_commit(waarnemer_instellen, gebruiker=sanne, waarnemer=None)  # back: Karin's is hers again
    assert User.objects.get(pk=karin.pk).waarnemer == sanne
    assert not _kopieen(bo).exists()
    assert Melding.objects.filter(ontvanger=karin, tekst=ONDERWERP).count() == 3


def test_when_the_one_covering_moves_the_copies_of_every_colleague_she_covered_go(wereld, karin_lotte, met_commit):
    """Lotte covered Karin's and Bo's caseloads and moves to another organisation: both waarnemingen end at once
    (``WAARNEMINGEN_BEEINDIGD``), and the copies of both go; another colleague's copies stay."""
    karin, lotte = karin_lotte
    bo = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    ander, ook_weg = KlantmanagerFactory.create_batch(2, organisatie=karin.organisatie, regio=karin.regio)
    for collega in (karin, bo):
        met_commit(waarnemer_instellen, gebruiker=collega, waarnemer=lotte)
        _over_willem(collega)
    met_commit(waarnemer_instellen, gebruiker=ook_weg, waarnemer=ander)
    _over_willem(ook_weg)
    assert _kopieen(lotte).count() == 2

    User.objects.filter(pk=lotte.pk).update(organisatie=OrganisatieFactory(regio=lotte.regio))
    assert met_commit(waarnemingen_beeindigen, gebruiker_id=lotte.pk) == 2

    assert not _kopieen(lotte).exists()
    assert _kopieen(ander).count() == 1


def test_a_reaction_that_runs_late_leaves_the_copies_of_a_waarneming_chosen_again(wereld, karin_lotte):
    karin, lotte = karin_lotte
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    _over_willem(karin)
    assert kopieen_van_waarneming_verwijderen(paren=[(lotte.pk, karin.pk)]) == 0
    assert _kopieen(lotte).count() == 1
    User.objects.filter(pk=karin.pk).update(waarnemer=None)
    assert kopieen_van_waarneming_verwijderen(paren=[(lotte.pk, karin.pk)]) == 1


def test_the_migration_finds_whose_the_copies_made_before_were_and_removes_those_of_ended_waarnemingen(wereld):
    """Copies written before ``waargenomen_voor`` existed: found by the original written with them (its sleutel's
    hash), kept while the waarneming holds, gone where it ended."""
    karin = wereld.klantmanager
    lotte, sanne = KlantmanagerFactory.create_batch(2, organisatie=karin.organisatie, regio=karin.regio)
    anton = wereld.accountmanager
    kevin = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio)
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    waarnemer_instellen(gebruiker=anton, waarnemer=kevin)
    _over_willem(karin)
    melding_maken(ontvanger=anton, soort=Melding.Soort.BERICHT, tekst="Nieuw bericht van Martijn de Heul: offerte",
                  url="/berichten/7/", sleutel="bericht:7")
    origineel = Melding.objects.get(ontvanger=karin)
    assert Melding.objects.filter(ontvanger=lotte, sleutel=f"waarnemer:{lotte.pk}:{sleutel_hash(origineel.sleutel)}"
                                  ).exists()
    Melding.objects.update(waargenomen_voor=None)  # as before this change
    User.objects.filter(pk=karin.pk).update(waarnemer=sanne)  # Lotte no longer covers; Kevin still does

    MIGRATIE.kopieen_koppelen(apps, None)

    assert not _kopieen(lotte).exists() and not Melding.objects.filter(ontvanger=lotte).exists()
    [kopie] = Melding.objects.filter(ontvanger=kevin)
    assert kopie.waargenomen_voor == anton
    assert Melding.objects.filter(ontvanger=karin).exists()


def test_the_migration_reads_the_copies_block_by_block_and_finds_their_originals_by_an_index(wereld, monkeypatch):
    """At national volume the migration read every copy into memory at once, and each block of a thousand found its
    originals by ``aangemaakt_op``, which no index of the meldingen table leads with: a full scan of the table per
    block, while the migration (one transaction with the new column) held the table locked for every page's bell.
    Now an index on the moment lives while the data step runs (made before it, dropped after), and the copies are
    read after the last pk of the block before; copies across several blocks are all found."""
    operaties = MIGRATIE.Migration.operations
    stap = next(i for i, op in enumerate(operaties) if isinstance(op, migrations.RunPython))
    [tijdelijk] = [op.index for op in operaties[:stap]
                   if isinstance(op, migrations.AddIndex) and op.index.fields[0] == "aangemaakt_op"]
    assert [op.name for op in operaties[stap:] if isinstance(op, migrations.RemoveIndex)] == [tijdelijk.name]

    monkeypatch.setattr(MIGRATIE, "BLOK", 2)
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    for nummer in range(1, 6):
        _over_willem(karin, nummer)
    Melding.objects.update(waargenomen_voor=None)  # as before this change

    MIGRATIE.kopieen_koppelen(apps, None)

    assert list(_kopieen(lotte).values_list("waargenomen_voor", flat=True)) == [karin.pk] * 5
