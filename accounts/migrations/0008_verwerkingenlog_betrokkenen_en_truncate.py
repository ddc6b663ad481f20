"""The verwerkingenlog names whose data (betrokkenen, one line per page), the viewer's role and organisation, and
what was seen; the database refuses TRUNCATE and any DELETE of a line younger than the minimum bewaartermijn.

These triggers hold against the application, not against the table's owner: an owner (or superuser) may
disable or drop them. Run migrations as the owner and the application as a role that is NOT the owner and
has only SELECT and INSERT on the two log tables, plus DELETE for the retention purge (which the trigger
limits to lines past the bewaartermijn). See docs/security.md.
"""

import django.db.models.deletion
from django.db import migrations, models

# Keep equal to settings.VERWERKINGENLOG_MINIMUM_DAGEN: the settings may only raise the bewaartermijn.
MINIMUM_DAGEN = 730

PG_VERWIJDER_OUD = """
DROP TRIGGER IF EXISTS accounts_verwerking_alleen_toevoegen ON accounts_verwerking;
DROP FUNCTION IF EXISTS accounts_verwerking_alleen_toevoegen();
"""

PG_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION accounts_verwerking_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.tijdstip < now() - interval '{MINIMUM_DAGEN} days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Het verwerkingenlog is alleen-toevoegen';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_verwerking_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON accounts_verwerking
    FOR EACH ROW EXECUTE FUNCTION accounts_verwerking_alleen_toevoegen();

CREATE OR REPLACE FUNCTION accounts_verwerkingbetrokkene_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM accounts_verwerking v
        WHERE v.id = OLD.verwerking_id AND v.tijdstip < now() - interval '{MINIMUM_DAGEN} days'
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Het verwerkingenlog is alleen-toevoegen';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_verwerkingbetrokkene_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON accounts_verwerkingbetrokkene
    FOR EACH ROW EXECUTE FUNCTION accounts_verwerkingbetrokkene_alleen_toevoegen();

-- Row triggers do not fire on TRUNCATE: a statement trigger refuses emptying the log.
CREATE OR REPLACE FUNCTION accounts_verwerkingenlog_geen_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het verwerkingenlog kan niet worden geleegd (TRUNCATE geweigerd)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_verwerking_geen_truncate
    BEFORE TRUNCATE ON accounts_verwerking
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_verwerkingenlog_geen_truncate();
CREATE TRIGGER accounts_verwerkingbetrokkene_geen_truncate
    BEFORE TRUNCATE ON accounts_verwerkingbetrokkene
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_verwerkingenlog_geen_truncate();
"""

PG_TRIGGERS_TERUG = """
DROP TRIGGER IF EXISTS accounts_verwerking_geen_truncate ON accounts_verwerking;
DROP TRIGGER IF EXISTS accounts_verwerkingbetrokkene_geen_truncate ON accounts_verwerkingbetrokkene;
DROP TRIGGER IF EXISTS accounts_verwerkingbetrokkene_alleen_toevoegen ON accounts_verwerkingbetrokkene;
DROP TRIGGER IF EXISTS accounts_verwerking_alleen_toevoegen ON accounts_verwerking;
DROP FUNCTION IF EXISTS accounts_verwerkingenlog_geen_truncate();
DROP FUNCTION IF EXISTS accounts_verwerkingbetrokkene_alleen_toevoegen();
DROP FUNCTION IF EXISTS accounts_verwerking_alleen_toevoegen();
"""

# SQLite has no TRUNCATE; emptying a table is a DELETE without WHERE, which these DELETE triggers refuse
# for every line younger than the bewaartermijn. Django stores datetimes there as 'YYYY-MM-DD HH:MM:SS.ffffff'
# text in UTC, which compares correctly with strftime's output.
SQLITE_GRENS = f"strftime('%Y-%m-%d %H:%M:%f', 'now', '-{MINIMUM_DAGEN} days')"
SQLITE_TRIGGERS = {
    "accounts_verwerking_geen_update": """CREATE TRIGGER accounts_verwerking_geen_update
        BEFORE UPDATE ON accounts_verwerking
        BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen'); END;""",
    "accounts_verwerking_geen_delete": f"""CREATE TRIGGER accounts_verwerking_geen_delete
        BEFORE DELETE ON accounts_verwerking WHEN OLD.tijdstip >= {SQLITE_GRENS}
        BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen'); END;""",
    "accounts_verwerkingbetrokkene_geen_update": """CREATE TRIGGER accounts_verwerkingbetrokkene_geen_update
        BEFORE UPDATE ON accounts_verwerkingbetrokkene
        BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen'); END;""",
    "accounts_verwerkingbetrokkene_geen_delete": f"""CREATE TRIGGER accounts_verwerkingbetrokkene_geen_delete
        BEFORE DELETE ON accounts_verwerkingbetrokkene
        WHEN NOT EXISTS (SELECT 1 FROM accounts_verwerking v
                         WHERE v.id = OLD.verwerking_id AND v.tijdstip < {SQLITE_GRENS})
        BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen'); END;""",
}


def verwijder_oude_triggers(apps, schema_editor):
    """The old trigger refuses every UPDATE; the existing lines get their new columns first."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_VERWIJDER_OUD)
    elif schema_editor.connection.vendor == "sqlite":
        for naam in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam}")


def vul_bestaande_regels(apps, schema_editor):
    """Existing lines: their record becomes their one betrokkene; role and organisation are those of the
    account at the time of this migration (the closest we know); ``wat`` is the old ``doel`` text."""
    schema_editor.execute("""
        UPDATE accounts_verwerking SET
            rol = COALESCE((SELECT u.rol FROM accounts_user u WHERE u.id = accounts_verwerking.gebruiker_id), ''),
            organisatie = COALESCE((SELECT o.naam FROM accounts_user u JOIN accounts_organisatie o
                                    ON o.id = u.organisatie_id WHERE u.id = accounts_verwerking.gebruiker_id), ''),
            wat = doel
    """)
    schema_editor.execute("""
        INSERT INTO accounts_verwerkingbetrokkene (verwerking_id, content_type_id, object_id, omschrijving)
        SELECT id, content_type_id, object_id, object_omschrijving FROM accounts_verwerking
        WHERE content_type_id IS NOT NULL
    """)
    if schema_editor.connection.vendor == "postgresql":
        # The deferred foreign-key checks of the INSERT must run before triggers may be created.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def maak_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS.values():
            schema_editor.execute(sql)


def verwijder_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS_TERUG)
    elif schema_editor.connection.vendor == "sqlite":
        for naam in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_delete_taak'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(verwijder_oude_triggers, migrations.RunPython.noop),
        migrations.AddField(
            model_name='verwerking',
            name='organisatie',
            field=models.CharField(blank=True, max_length=200, verbose_name='organisatie'),
        ),
        migrations.AddField(
            model_name='verwerking',
            name='rol',
            field=models.CharField(blank=True, choices=[('beheerder', 'Beheerder'), ('accountmanager', 'Accountmanager'), ('klantmanager', 'Klantmanager'), ('werkgever', 'Werkgever'), ('werkzoekende', 'Werkzoekende')], max_length=20, verbose_name='rol'),
        ),
        migrations.AddField(
            model_name='verwerking',
            name='wat',
            field=models.CharField(blank=True, max_length=200, verbose_name='wat'),
        ),
        migrations.AlterField(
            model_name='verwerking',
            name='content_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='soort gegeven'),
        ),
        migrations.AlterField(
            model_name='verwerking',
            name='object_id',
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name='record'),
        ),
        migrations.CreateModel(
            name='VerwerkingBetrokkene',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.CharField(max_length=64, verbose_name='persoon')),
                ('omschrijving', models.CharField(max_length=300, verbose_name='omschrijving')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='soort persoon')),
                ('verwerking', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='betrokkenen', to='accounts.verwerking')),
            ],
            options={
                'verbose_name': 'betrokkene',
                'verbose_name_plural': 'betrokkenen',
                'indexes': [models.Index(fields=['content_type', 'object_id', 'verwerking'], name='verwerking_betrokkene_idx')],
            },
        ),
        migrations.RunPython(vul_bestaande_regels, migrations.RunPython.noop),
        migrations.RunPython(maak_triggers, verwijder_triggers),
    ]
