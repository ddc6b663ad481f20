"""Issue #12: anonymous match rows called a person "Kandidaat 241": the database id used in every URL.

Now a random code per kandidaat (not derived from the id), filled for existing rows by a batched migration."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from conftest import laad_referentiedata_na_flush
from werkzoekenden.models import Kandidaat, kandidaten_toevoegen, nieuw_pseudoniem
from werkzoekenden.tests.factories import KandidaatFactory

VORM = re.compile(r"^K-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


@pytest.mark.django_db
def test_every_kandidaat_gets_a_random_code_not_the_id():
    # Seven-digit ids: a random code holds a two-digit id by chance one time in three for 50 kandidaten (the
    # test failed on a fresh database), a seven-digit one about once in 10^8 runs.
    kandidaten = [KandidaatFactory(pk=1_000_000 + i) for i in range(50)]
    codes = [k.pseudoniem for k in kandidaten]
    assert all(VORM.match(c) for c in codes), codes[:3]
    assert len(set(codes)) == 50
    assert not any(str(k.pk) in k.pseudoniem.replace("-", "") for k in kandidaten)
    # Consecutive ids give unrelated codes: nothing to count or guess from.
    assert len({c[2:4] for c in codes}) > 10
    assert kandidaten[0].anoniem == f"Kandidaat {kandidaten[0].pseudoniem}"


@pytest.mark.django_db
def test_a_clash_draws_again_instead_of_failing(monkeypatch):
    eerste = KandidaatFactory()
    reeks = iter([eerste.pseudoniem, "K-22222-22222"])
    monkeypatch.setattr("werkzoekenden.models.nieuw_pseudoniem", lambda: next(reeks))
    tweede = KandidaatFactory(pseudoniem=eerste.pseudoniem)
    assert tweede.pseudoniem == "K-22222-22222"
    assert VORM.match(nieuw_pseudoniem())


@pytest.mark.django_db
def test_kandidaten_added_together_draw_again_on_a_clash_with_the_database_or_each_other(monkeypatch):
    """``kandidaten_toevoegen`` (an import): the same promise as ``save()``, for a clash with a kandidaat in the
    database and for two new ones that drew the same code, also when the code drawn again clashes once more."""
    eerste = KandidaatFactory()
    reeks = iter([eerste.pseudoniem, "K-33333-33333", "K-44444-44444", "K-55555-55555"])
    monkeypatch.setattr("werkzoekenden.models.nieuw_pseudoniem", lambda: next(reeks))
    nieuw = [KandidaatFactory.build(klantmanager=eerste.klantmanager, pseudoniem=code)
             for code in (eerste.pseudoniem, "K-22222-22222", "K-22222-22222", "K-33333-33333")]
    kandidaten_toevoegen(nieuw)
    codes = [k.pseudoniem for k in nieuw]
    # The first clashed with the database and drew the existing code again, the third clashed with the second and
    # drew K-33333, which the fourth holds; drawn once more, they got K-44444 and K-55555.
    assert codes == ["K-44444-44444", "K-22222-22222", "K-55555-55555", "K-33333-33333"], codes
    assert all(k.pk for k in nieuw)
    assert sorted(Kandidaat.objects.filter(pk__in=[k.pk for k in nieuw]).values_list("pseudoniem", flat=True)) == \
        sorted(codes)


@pytest.mark.django_db
def test_match_rows_and_rank_output_name_the_pseudonym_not_the_id(client, wereld):

    from beroepen.tests.factories import BeroepFactory
    from werkgevers.tests.factories import VacatureFactory
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen

    beroep = BeroepFactory(naam="monteur", met_vaardigheden=["VCA"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, titel="Monteur")
    anoniem = KandidaatFactory(klantmanager=wereld.klantmanager, voornaam="Zara", achternaam="Zonder")
    anoniem.gewenste_beroepen.add(beroep)
    toestemming_verlenen(kandidaat=anoniem, doel=Toestemming.Doel.VINDBAAR, door=wereld.klantmanager)
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk]), {"heel_nederland": "on"}).content.decode()
    assert f"Kandidaat {anoniem.pseudoniem} (anoniem)" in html
    assert f"Kandidaat {anoniem.pk}" not in html and "Zara" not in html
    assert f'value="{anoniem.pk}"' not in html and f'name="kandidaat" value="{anoniem.pseudoniem}"' in html

    uit = io.StringIO()
    call_command("rank", vacature=str(vacature.pk), format="json", heel_nederland=True, stdout=uit)
    resultaten = json.loads(uit.getvalue())["resultaten"]
    assert {r["kandidaat"] for r in resultaten} == {anoniem.pseudoniem}
    uit = io.StringIO()
    call_command("rank", kandidaat=anoniem.pseudoniem, stdout=uit)
    assert uit.getvalue().startswith(f"Kandidaat {anoniem.pseudoniem}:")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_kandidaten_unique_codes():
    """Rows without a code, in a column as it was before it was filled (nullable, no unique index), then step 2
    of the migration with its historical models, as ``migrate`` runs it: each kandidaat gets a code of its own,
    and the column can become required and unique again (step 3).

    Only the column goes back; the rest of the table stays as later migrations made it. Migrating the whole
    project back to step 1 and forward again (as this test did) cost 25-40 s, nearly all of it Django rendering
    the project's models for every migration on the way back."""
    laad_referentiedata_na_flush()  # an earlier transactional test may have emptied the tables
    ids = [k.pk for k in KandidaatFactory.create_batch(3)]
    loader = MigrationLoader(connection)
    stap2 = loader.get_migration("werkzoekenden", "0013_pseudoniemen_vullen")
    voor_stap2 = loader.project_state(("werkzoekenden", stap2.name), at_end=False)
    OudeKandidaat = voor_stap2.apps.get_model("werkzoekenden", "Kandidaat")
    kolom_nu, kolom_toen = Kandidaat._meta.get_field("pseudoniem"), OudeKandidaat._meta.get_field("pseudoniem")
    assert kolom_toen.null and not kolom_toen.unique and kolom_nu.unique and not kolom_nu.null
    with connection.schema_editor() as editor:
        editor.alter_field(Kandidaat, kolom_nu, kolom_toen)
    try:
        OudeKandidaat.objects.filter(pk__in=ids).update(pseudoniem=None)
        assert OudeKandidaat.objects.filter(pseudoniem__isnull=True).count() == 3
        with connection.schema_editor(atomic=stap2.atomic) as editor:
            stap2.apply(voor_stap2.clone(), editor)
        codes = list(OudeKandidaat.objects.filter(pk__in=ids).values_list("pseudoniem", flat=True))
    finally:  # the column as the models have it, whatever the migration left in these three rows
        Kandidaat.objects.filter(pk__in=ids).delete()
        with connection.schema_editor() as editor:
            editor.alter_field(Kandidaat, kolom_toen, kolom_nu)
    assert len(codes) == 3 and len(set(codes)) == 3 and all(VORM.match(c) for c in codes), codes
