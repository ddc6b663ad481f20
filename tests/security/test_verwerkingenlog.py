"""The verwerkingenlog cannot be emptied or rewritten by the application, and old lines go only by the
retention purge. These run on PostgreSQL in CI (TRUNCATE and its statement trigger) and on SQLite locally
(where emptying a table is a DELETE without WHERE, refused by the same rule)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import Verwerking, VerwerkingBetrokkene
from accounts.services import verwerking_registreer, verwerkingen_opschonen, verwerkingen_registreer

TABELLEN = [Verwerking._meta.db_table, VerwerkingBetrokkene._meta.db_table]


def _geweigerd(sql, params=()):
    with pytest.raises(DatabaseError) as exc:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(exc.value)


@pytest.fixture
def regels(wereld):
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="dossier")
    verwerkingen_registreer(gebruiker=wereld.klantmanager, actie="inzien", doel="caseload",
                            objecten=[wereld.kandidaat])
    return Verwerking.objects.count()


def test_legen_van_het_log_wordt_geweigerd(regels):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The lines were written in this test's own transaction: check their foreign keys now, so that
            # PostgreSQL reaches the TRUNCATE itself instead of stopping at "pending trigger events".
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for tabel in TABELLEN:
            melding = _geweigerd(f"TRUNCATE {tabel} CASCADE")
            assert "TRUNCATE geweigerd" in melding
        # Also both at once, the way Django's own flush would do it.
        _geweigerd(f"TRUNCATE {', '.join(TABELLEN)}")
    else:
        for tabel in reversed(TABELLEN):
            _geweigerd(f"DELETE FROM {tabel}")
    assert Verwerking.objects.count() == regels
    assert VerwerkingBetrokkene.objects.count() == regels


def test_statement_trigger_bestaat_op_postgresql(db):
    """The TRUNCATE guard is a BEFORE TRUNCATE statement trigger on both tables (row triggers do not fire)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'accounts_verwerking%'")
            namen = {r[0] for r in cursor.fetchall()}
        assert {"accounts_verwerking_geen_delete", "accounts_verwerkingbetrokkene_geen_delete"} <= namen
        return
    with connection.cursor() as cursor:
        # information_schema does not list TRUNCATE triggers; pg_trigger's tgtype bits: 1 row, 2 before, 32 truncate.
        cursor.execute("""SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                          WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
                          AND t.tgtype & 32 <> 0 AND t.tgtype & 2 <> 0 AND t.tgtype & 1 = 0""")
        assert {r[0] for r in cursor.fetchall()} >= set(TABELLEN)


def test_regels_en_betrokkenen_veranderen_niet(regels):
    regel = Verwerking.objects.first()
    _geweigerd(f"UPDATE {TABELLEN[1]} SET object_id = '0' WHERE verwerking_id = %s", [regel.pk])
    _geweigerd(f"DELETE FROM {TABELLEN[1]} WHERE verwerking_id = %s", [regel.pk])
    _geweigerd(f"DELETE FROM {TABELLEN[0]} WHERE id = %s", [regel.pk])
    assert regel.betrokkenen.count() == 1


def test_opschonen_verwijdert_alleen_regels_ouder_dan_de_bewaartermijn(wereld, settings):
    settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN = 730
    nu = timezone.now()
    with time_machine.travel(nu - timedelta(days=800), tick=False):
        oud = verwerkingen_registreer(gebruiker=wereld.klantmanager, actie="inzien", doel="caseload",
                                      objecten=[wereld.kandidaat, wereld.werkzoekende_user])
    with time_machine.travel(nu - timedelta(days=700), tick=False):
        bijna = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    vers = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")

    assert verwerkingen_opschonen(nu=nu) == 1  # droog: only counts
    assert Verwerking.objects.count() == 3
    assert verwerkingen_opschonen(nu=nu, droog=False) == 1
    assert set(Verwerking.objects.values_list("pk", flat=True)) == {bijna.pk, vers.pk}
    assert not VerwerkingBetrokkene.objects.filter(verwerking_id=oud.pk).exists()
    assert VerwerkingBetrokkene.objects.count() == 2
    assert verwerkingen_opschonen(nu=nu, droog=False) == 0


def test_database_weigert_opschonen_van_jonge_regels_ook_als_de_klok_van_de_app_verzet_is(wereld, settings):
    """The trigger compares with the database's own clock: an application whose clock (or setting) says a
    recent line is old cannot remove it."""
    settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN = 730
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    with time_machine.travel(timezone.now() + timedelta(days=800), tick=False):
        assert verwerkingen_opschonen() == 1
        with pytest.raises(DatabaseError):
            verwerkingen_opschonen(droog=False)
    assert Verwerking.objects.count() == 1
    assert VerwerkingBetrokkene.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_testrunner_leegt_het_log_als_eigenaar_en_zet_de_triggers_terug():
    """A transactional test ends with Django's flush (conftest: DELETE of the tables with rows). conftest lets
    only that flush switch the triggers off, as the table's owner; right after it they are on again."""
    from django.core.management import call_command

    from conftest import Wereld

    wereld = Wereld()
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    call_command("flush", interactive=False, verbosity=0)
    assert not Verwerking.objects.exists()
    wereld = Wereld()
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    test_legen_van_het_log_wordt_geweigerd(Verwerking.objects.count())


def test_opschonen_gaat_in_porties_en_een_fout_halverwege_laat_alleen_hele_porties_weg(wereld, settings):
    """A country writes millions of lines a day: the purge takes ``per_keer`` lines with their betrokkenen per
    transaction, oldest first, instead of all of them as model instances in one transaction. When a batch fails
    (here the database's own trigger, which refuses a line that its clock calls young), the batches before it are
    gone as a whole and the failing one stays as a whole: no line without its betrokkenen, no betrokkene alone."""
    settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN = 730
    nu = timezone.now()
    oud = []
    for dagen in (900, 850, 800):
        with time_machine.travel(nu - timedelta(days=dagen), tick=False):
            oud.append(verwerkingen_registreer(gebruiker=wereld.klantmanager, actie="inzien", doel="caseload",
                                               objecten=[wereld.kandidaat, wereld.werkzoekende_user]))
    with time_machine.travel(nu - timedelta(days=820), tick=False):  # five at the same moment, over three batches
        for _ in range(5):
            verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    jong = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    # In batches of two: everything that is old, the last half batch too.
    assert verwerkingen_opschonen(nu=nu, droog=False, per_keer=2) == 8
    assert list(Verwerking.objects.values_list("pk", flat=True)) == [jong.pk]
    assert VerwerkingBetrokkene.objects.count() == 1

    # Again, with the application's clock 800 days ahead: to the app the young line is old too, to the database's
    # trigger it is not. The first batch (two old lines) goes; the second (an old line and the young one) fails.
    for dagen in (900, 850, 800):
        with time_machine.travel(nu - timedelta(days=dagen), tick=False):
            oud.append(verwerkingen_registreer(gebruiker=wereld.klantmanager, actie="inzien", doel="caseload",
                                               objecten=[wereld.kandidaat, wereld.werkzoekende_user]))
    with pytest.raises(DatabaseError):  # each batch is a savepoint of pytest-django's test transaction here
        verwerkingen_opschonen(nu=nu + timedelta(days=800), droog=False, per_keer=2)
    over = set(Verwerking.objects.values_list("pk", flat=True))
    assert over == {oud[-1].pk, jong.pk}
    assert {b.verwerking_id for b in VerwerkingBetrokkene.objects.all()} == over
    assert VerwerkingBetrokkene.objects.filter(verwerking_id=oud[-1].pk).count() == 2
